//! HMAC PRFs on aws-lc.
//!
//! The `HMAC_CTX` forms here (`ffi::hmac`) are not in the provider's PRF
//! table: measured on the development machine (AMD EPYC with SHA
//! extensions and AVX2, 2026-11-27, thread CPU time), the pure-Rust
//! provider's HMACs are faster for every hash and length IKE uses,
//! with the key set up per call as IKE's prf() does (64 octets: SHA-1 333
//! vs 504 ns, SHA2-256 356 vs 460 ns, SHA2-512 1483 vs 1981 ns, the last
//! before our own SHA-512 made it faster still) and with a reused key
//! (SHA2-512/64: 738 vs 1101 ns). So the fast provider takes the pure-Rust
//! HMACs ([`super::provider`]); these stay, vector-checked
//! against them, for the `prfkeyed-*` benches and for machines where
//! aws-lc's assembly wins (swap them into the table there). aws-lc-rs's
//! own `hmac` module was slower still (a heap-allocated context per key,
//! cloned per use: 887 ns for SHA2-256/64).

use super::ffi::hmac::{self, Md};
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

use crate::ids::prf as id;
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

    /// Same output as the pure-Rust provider's HMACs (which the RFC
    /// 2202/4231/4868 vector tests check), key shorter than, equal to and
    /// longer than the block, data split across slices; one-shot and keyed
    /// forms.
    #[test]
    fn matches_rustcrypto() {
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
