//! The MAC engines behind both the PRF and the integrity transforms:
//! HMAC over MD5/SHA-1/SHA-2, AES-XCBC (RFC 3566, RFC 4434) and AES-CMAC
//! (RFC 4493, RFC 4615).

use crate::error::{CryptoError, Result};
use crate::rfc2104::{BlockHash, MAX_OUT};
use crate::sha512::{Sha512, Variant};
use aes::cipher::{generic_array::GenericArray, BlockEncrypt, KeyInit};
use aes::Aes128;
use hmac::{Hmac, Mac};

/// A MAC function with a variable-length key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacAlg {
    /// HMAC-MD5
    HmacMd5,
    /// HMAC-SHA1
    HmacSha1,
    /// HMAC-SHA2-256
    HmacSha256,
    /// HMAC-SHA2-384
    HmacSha384,
    /// HMAC-SHA2-512
    HmacSha512,
    /// AES-XCBC-MAC with a 128-bit key (RFC 3566)
    AesXcbc,
    /// AES-CMAC with a 128-bit key (RFC 4493)
    AesCmac,
}

impl MacAlg {
    /// Full (untruncated) output length.
    pub fn output_len(self) -> usize {
        match self {
            MacAlg::HmacMd5 => 16,
            MacAlg::HmacSha1 => 20,
            MacAlg::HmacSha256 => 32,
            MacAlg::HmacSha384 => 48,
            MacAlg::HmacSha512 => 64,
            MacAlg::AesXcbc | MacAlg::AesCmac => 16,
        }
    }

    /// MAC with an exactly-sized key for the AES MACs (16 octets), any
    /// key for HMAC.
    pub fn compute(self, key: &[u8], data: &[&[u8]]) -> Result<Vec<u8>> {
        fn hmac<M: Mac + KeyInit>(key: &[u8], data: &[&[u8]]) -> Vec<u8> {
            // HMAC accepts keys of every length (RFC 2104 2), so this cannot fail.
            let mut m = <M as KeyInit>::new_from_slice(key)
                .unwrap_or_else(|_| <M as KeyInit>::new(&Default::default()));
            for d in data {
                m.update(d);
            }
            m.finalize().into_bytes().to_vec()
        }
        Ok(match self {
            MacAlg::HmacMd5 => own_hmac(crate::md5::Md5::new, key, data),
            MacAlg::HmacSha1 => hmac::<Hmac<sha1::Sha1>>(key, data),
            MacAlg::HmacSha256 => hmac::<Hmac<sha2::Sha256>>(key, data),
            MacAlg::HmacSha384 => own_hmac(|| Sha512::new(Variant::Sha384), key, data),
            MacAlg::HmacSha512 => own_hmac(|| Sha512::new(Variant::Sha512), key, data),
            MacAlg::AesXcbc => xcbc(aes_key(key, "AES-XCBC key")?, data).to_vec(),
            MacAlg::AesCmac => {
                let mut m = <cmac::Cmac<Aes128> as KeyInit>::new(GenericArray::from_slice(
                    aes_key(key, "AES-CMAC key")?,
                ));
                for d in data {
                    m.update(d);
                }
                m.finalize().into_bytes().to_vec()
            }
        })
    }

    /// The PRF form with a variable-length key: for HMAC the key is used
    /// as is; for AES-XCBC-PRF-128 (RFC 4434 2) and AES-CMAC-PRF-128
    /// (RFC 4615 3) a short key is zero-padded (XCBC) or MACed (CMAC), and
    /// a long key is first MACed under the all-zero key.
    pub fn compute_prf(self, key: &[u8], data: &[&[u8]]) -> Result<Vec<u8>> {
        match self {
            MacAlg::AesXcbc | MacAlg::AesCmac if key.len() != 16 => {
                let k = if self == MacAlg::AesXcbc && key.len() < 16 {
                    // RFC 4434 2: shorter keys are padded with zero bits.
                    let mut k = [0u8; 16];
                    k[..key.len()].copy_from_slice(key);
                    k.to_vec()
                } else {
                    // RFC 4434 2 / RFC 4615 3: K' = MAC(0^128, K).
                    self.compute(&[0u8; 16], &[key])?
                };
                let out = self.compute(&k, data);
                zeroize::Zeroize::zeroize(&mut { k });
                out
            }
            _ => self.compute(key, data),
        }
    }
}

/// HMAC over one of the crate's own hashes: MD5 ([`crate::md5`]) and
/// SHA-384/512 ([`crate::sha512`]), faster than RustCrypto's here.
fn own_hmac<H: BlockHash>(new: impl Fn() -> H, key: &[u8], data: &[&[u8]]) -> Vec<u8> {
    let mut out = zeroize::Zeroizing::new([0u8; MAX_OUT]);
    let n = crate::rfc2104::hmac(new, key, data, &mut out);
    out[..n].to_vec()
}

fn aes_key<'a>(key: &'a [u8], what: &'static str) -> Result<&'a [u8]> {
    if key.len() != 16 {
        return Err(CryptoError::BadLength {
            what,
            expected: 16,
            got: key.len(),
        });
    }
    Ok(key)
}

/// AES-XCBC-MAC (RFC 3566 4): derive K1, K2, K3, CBC-MAC under K1 and
/// whiten the last block with K2 (complete) or K3 (padded with 0x80 00..).
fn xcbc(key: &[u8], data: &[&[u8]]) -> [u8; 16] {
    let k = Aes128::new(GenericArray::from_slice(key));
    let derive = |c: u8| {
        let mut b = GenericArray::from([c; 16]);
        k.encrypt_block(&mut b);
        b
    };
    let k1 = Aes128::new(&derive(1));
    let k2 = derive(2);
    let k3 = derive(3);
    let mut state = GenericArray::from([0u8; 16]);
    let mut block = [0u8; 16];
    let mut fill = 0usize;
    for d in data {
        for &byte in d.iter() {
            if fill == 16 {
                // A full block that is not the last one: CBC step.
                for i in 0..16 {
                    state[i] ^= block[i];
                }
                k1.encrypt_block(&mut state);
                fill = 0;
            }
            block[fill] = byte;
            fill += 1;
        }
    }
    if fill == 16 {
        for i in 0..16 {
            state[i] ^= block[i] ^ k2[i];
        }
    } else {
        block[fill] = 0x80;
        for b in block.iter_mut().skip(fill + 1) {
            *b = 0;
        }
        for i in 0..16 {
            state[i] ^= block[i] ^ k3[i];
        }
    }
    k1.encrypt_block(&mut state);
    state.into()
}
