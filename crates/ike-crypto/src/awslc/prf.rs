//! HMAC PRFs on aws-lc.
//!
//! [`HMAC_SHA2_384_FAST`] and [`HMAC_SHA2_512_FAST`] are in the aws-lc
//! provider's PRF table: HMAC (RFC 2104) written here over aws-lc's
//! low-level SHA-512 (`ffi::sha512`). aws-lc's SHA-512 assembly is faster
//! than RustCrypto's on this machine (8 KiB: ~14 vs ~17 us of CPU time),
//! and without `HMAC_Init_ex`'s per-key overhead the key-per-call PRF is
//! faster at every length.
//!
//! The `HMAC_CTX` forms below (`ffi::hmac`) are not in the table: measured on the development
//! machine (AMD EPYC with SHA extensions and AVX2, 2026-11-27, thread CPU
//! time), RustCrypto's HMAC is faster for every hash and length IKE uses,
//! with the key set up per call as IKE's prf() does (64 octets: SHA-1 333
//! vs 504 ns, SHA2-256 356 vs 460 ns, SHA2-512 1483 vs 1981 ns) and with
//! a reused key (SHA2-512/64: 738 vs 1101 ns). So the fast provider takes
//! RustCrypto's HMACs ([`super::provider`]); these stay, vector-checked
//! against them, for the `prfkeyed-*` benches and for machines where
//! aws-lc's assembly wins (swap them into the table there). aws-lc-rs's
//! own `hmac` module was slower still (a heap-allocated context per key,
//! cloned per use: 887 ns for SHA2-256/64).

use super::ffi::hmac::{self, Md};
use super::ffi::sha512::{Sha512, Variant, BLOCK};
use crate::error::Result;
use crate::prf::Prf;
use crate::secret::SecretBytes;

pub use super::ffi::hmac::KeyedHmac;

/// An HMAC PRF backed by aws-lc.
#[derive(Debug)]
pub struct AwsHmac {
    id: u16,
    name: &'static str,
    md: Md,
}

impl AwsHmac {
    /// The same HMAC with the key set up once and reused for every
    /// message (prf+ style; what `openssl speed -hmac` measures).
    pub fn keyed(&self, key: &[u8]) -> Result<KeyedHmac> {
        KeyedHmac::new(self.md, key)
    }
}

impl Prf for AwsHmac {
    fn id(&self) -> u16 {
        self.id
    }
    fn name(&self) -> &'static str {
        self.name
    }
    fn output_len(&self) -> usize {
        self.md.len()
    }
    fn key_len(&self) -> usize {
        self.md.len()
    }
    fn fixed_key_len(&self) -> bool {
        false
    }
    fn compute(&self, key: &[u8], data: &[&[u8]]) -> Result<SecretBytes> {
        let (mut out, len) = hmac::hmac(self.md, key, data)?;
        let s = SecretBytes::from_slice(out.get(..len).unwrap_or_default());
        zeroize::Zeroize::zeroize(&mut out);
        Ok(s)
    }
}

/// HMAC-SHA2-384/512 (RFC 2104, RFC 4868) over aws-lc's SHA-512, the key
/// set up in each call.
#[derive(Debug)]
pub struct AwsSha512Hmac {
    id: u16,
    name: &'static str,
    variant: Variant,
}

impl AwsSha512Hmac {
    /// HMAC(key, data[0] | data[1] | ...) into `out[..len]`.
    fn mac(&self, key: &[u8], data: &[&[u8]], out: &mut [u8; 64]) -> usize {
        // RFC 2104 2: a key longer than the block is hashed first; then it
        // is zero-padded to the block and XORed with ipad / opad.
        let mut k = zeroize::Zeroizing::new([0u8; BLOCK]);
        if key.len() > BLOCK {
            let mut h = Sha512::new(self.variant);
            h.update(key);
            let mut d = zeroize::Zeroizing::new([0u8; 64]);
            let n = h.finish(&mut d);
            k[..n].copy_from_slice(&d[..n]);
        } else {
            k[..key.len()].copy_from_slice(key);
        }
        let mut pad = zeroize::Zeroizing::new([0u8; BLOCK]);
        for (p, k) in pad.iter_mut().zip(k.iter()) {
            *p = k ^ 0x36;
        }
        let mut inner = Sha512::new(self.variant);
        inner.update(&pad[..]);
        for d in data {
            inner.update(d);
        }
        let mut ih = zeroize::Zeroizing::new([0u8; 64]);
        let n = inner.finish(&mut ih);
        for (p, k) in pad.iter_mut().zip(k.iter()) {
            *p = k ^ 0x5c;
        }
        let mut outer = Sha512::new(self.variant);
        outer.update(&pad[..]);
        outer.update(&ih[..n]);
        outer.finish(out)
    }
}

impl Prf for AwsSha512Hmac {
    fn id(&self) -> u16 {
        self.id
    }
    fn name(&self) -> &'static str {
        self.name
    }
    fn output_len(&self) -> usize {
        self.variant.len()
    }
    // RFC 4868 2.1.1 / RFC 7296 3.3.2: the preferred key length is the
    // output length; any length is accepted.
    fn key_len(&self) -> usize {
        self.variant.len()
    }
    fn fixed_key_len(&self) -> bool {
        false
    }
    fn compute(&self, key: &[u8], data: &[&[u8]]) -> Result<SecretBytes> {
        let mut out = zeroize::Zeroizing::new([0u8; 64]);
        let n = self.mac(key, data, &mut out);
        Ok(SecretBytes::from_slice(out.get(..n).unwrap_or_default()))
    }
}

use crate::ids::prf as id;
/// PRF_HMAC_SHA2_384 over aws-lc's SHA-512 (in the provider's table).
pub static HMAC_SHA2_384_FAST: AwsSha512Hmac = AwsSha512Hmac {
    id: id::HMAC_SHA2_384,
    name: "HMAC_SHA2_384",
    variant: Variant::Sha384,
};
/// PRF_HMAC_SHA2_512 over aws-lc's SHA-512 (in the provider's table).
pub static HMAC_SHA2_512_FAST: AwsSha512Hmac = AwsSha512Hmac {
    id: id::HMAC_SHA2_512,
    name: "HMAC_SHA2_512",
    variant: Variant::Sha512,
};

/// PRF_HMAC_SHA1
pub static HMAC_SHA1: AwsHmac = AwsHmac {
    id: id::HMAC_SHA1,
    name: "HMAC_SHA1",
    md: Md::Sha1,
};
/// PRF_HMAC_SHA2_256
pub static HMAC_SHA2_256: AwsHmac = AwsHmac {
    id: id::HMAC_SHA2_256,
    name: "HMAC_SHA2_256",
    md: Md::Sha256,
};
/// PRF_HMAC_SHA2_384
pub static HMAC_SHA2_384: AwsHmac = AwsHmac {
    id: id::HMAC_SHA2_384,
    name: "HMAC_SHA2_384",
    md: Md::Sha384,
};
/// PRF_HMAC_SHA2_512
pub static HMAC_SHA2_512: AwsHmac = AwsHmac {
    id: id::HMAC_SHA2_512,
    name: "HMAC_SHA2_512",
    md: Md::Sha512,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Same output as the RustCrypto HMACs (which the RFC 2202/4231/4868
    /// vector tests check), key shorter than, equal to and longer than the
    /// block, data split across slices; one-shot and keyed forms.
    #[test]
    fn matches_rustcrypto() {
        for (aws, rc) in [
            (&HMAC_SHA2_384_FAST, &crate::prf::HMAC_SHA2_384),
            (&HMAC_SHA2_512_FAST, &crate::prf::HMAC_SHA2_512),
        ] {
            let data: Vec<u8> = (0..300u16).map(|i| (i * 5) as u8).collect();
            for klen in [0usize, 20, 64, 127, 128, 129, 200] {
                let key = vec![0x0cu8; klen];
                for cut in [0usize, 1, 127, 128, 129, 300] {
                    let parts: [&[u8]; 2] = [&data[..cut], &data[cut..]];
                    let want = rc.compute(&key, &parts).unwrap();
                    assert_eq!(aws.compute(&key, &parts).unwrap(), want, "{}", aws.name());
                }
            }
            assert_eq!(aws.output_len(), rc.output_len());
            assert_eq!(aws.key_len(), rc.key_len());
        }
        let pairs: [(&AwsHmac, &dyn Prf); 4] = [
            (&HMAC_SHA1, &crate::prf::HMAC_SHA1),
            (&HMAC_SHA2_256, &crate::prf::HMAC_SHA2_256),
            (&HMAC_SHA2_384, &crate::prf::HMAC_SHA2_384),
            (&HMAC_SHA2_512, &crate::prf::HMAC_SHA2_512),
        ];
        let data: Vec<u8> = (0..300u16).map(|i| (i * 7) as u8).collect();
        for (aws, rc) in pairs {
            for klen in [0usize, 20, 64, 128, 200] {
                let key = vec![0x0bu8; klen];
                let parts: [&[u8]; 3] = [&data[..10], &data[10..150], &data[150..]];
                let want = rc.compute(&key, &parts).unwrap();
                assert_eq!(aws.compute(&key, &parts).unwrap(), want, "{}", aws.name());
                let mut k = aws.keyed(&key).unwrap();
                for _ in 0..2 {
                    let (out, len) = k.compute(&parts).unwrap();
                    assert_eq!(&out[..len], want.as_bytes(), "{} keyed", aws.name());
                }
            }
        }
    }
}
