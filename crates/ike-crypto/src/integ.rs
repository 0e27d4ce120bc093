//! Integrity transforms (RFC 7296 3.3.2 transform type 3): truncated MACs.

use crate::ct::ct_eq;
use crate::error::{CryptoError, Result};
use crate::mac::MacAlg;

/// An integrity algorithm: a MAC truncated to `icv_len` octets.
pub trait Integrity: Send + Sync + core::fmt::Debug {
    /// IANA transform ID (type 3).
    fn id(&self) -> u16;
    /// Human-readable name.
    fn name(&self) -> &'static str;
    /// Key length (SK_ai/SK_ar) in octets (RFC 7296 2.14).
    fn key_len(&self) -> usize;
    /// ICV length in octets.
    fn icv_len(&self) -> usize;
    /// The ICV of `data[0] | data[1] | ...`.
    fn compute(&self, key: &[u8], data: &[&[u8]]) -> Result<Vec<u8>>;
    /// Checks `icv` in constant time.
    fn verify(&self, key: &[u8], data: &[&[u8]], icv: &[u8]) -> Result<()> {
        let mine = self.compute(key, data)?;
        if ct_eq(&mine, icv) {
            Ok(())
        } else {
            Err(CryptoError::IntegrityCheckFailed { what: self.name() })
        }
    }
}

/// An integrity algorithm built on one of the MAC engines.
#[derive(Debug)]
pub struct MacIntegrity {
    id: u16,
    name: &'static str,
    alg: MacAlg,
    key_len: usize,
    icv_len: usize,
}

impl Integrity for MacIntegrity {
    fn id(&self) -> u16 {
        self.id
    }
    fn name(&self) -> &'static str {
        self.name
    }
    fn key_len(&self) -> usize {
        self.key_len
    }
    fn icv_len(&self) -> usize {
        self.icv_len
    }
    fn compute(&self, key: &[u8], data: &[&[u8]]) -> Result<Vec<u8>> {
        if key.len() != self.key_len {
            return Err(CryptoError::BadLength {
                what: self.name,
                expected: self.key_len,
                got: key.len(),
            });
        }
        let mut out = self.alg.compute(key, data)?;
        out.truncate(self.icv_len);
        Ok(out)
    }
}

use crate::ids::integ as id;
macro_rules! integ {
    ($(#[$m:meta])* $name:ident, $id:expr, $s:expr, $alg:expr, $k:expr, $icv:expr) => {
        $(#[$m])*
        pub static $name: MacIntegrity = MacIntegrity {
            id: $id,
            name: $s,
            alg: $alg,
            key_len: $k,
            icv_len: $icv,
        };
    };
}
integ!(/// AUTH_HMAC_MD5_96 (RFC 2403)
    HMAC_MD5_96, id::HMAC_MD5_96, "HMAC_MD5_96", MacAlg::HmacMd5, 16, 12);
integ!(/// AUTH_HMAC_SHA1_96 (RFC 2404)
    HMAC_SHA1_96, id::HMAC_SHA1_96, "HMAC_SHA1_96", MacAlg::HmacSha1, 20, 12);
integ!(/// AUTH_AES_XCBC_96 (RFC 3566)
    AES_XCBC_96, id::AES_XCBC_96, "AES_XCBC_96", MacAlg::AesXcbc, 16, 12);
integ!(/// AUTH_AES_CMAC_96 (RFC 4494)
    AES_CMAC_96, id::AES_CMAC_96, "AES_CMAC_96", MacAlg::AesCmac, 16, 12);
integ!(/// AUTH_HMAC_SHA2_256_128 (RFC 4868)
    HMAC_SHA2_256_128, id::HMAC_SHA2_256_128, "HMAC_SHA2_256_128", MacAlg::HmacSha256, 32, 16);
integ!(/// AUTH_HMAC_SHA2_384_192 (RFC 4868)
    HMAC_SHA2_384_192, id::HMAC_SHA2_384_192, "HMAC_SHA2_384_192", MacAlg::HmacSha384, 48, 24);
integ!(/// AUTH_HMAC_SHA2_512_256 (RFC 4868)
    HMAC_SHA2_512_256, id::HMAC_SHA2_512_256, "HMAC_SHA2_512_256", MacAlg::HmacSha512, 64, 32);

/// Every integrity algorithm of the pure-Rust provider.
pub static ALL: &[&dyn Integrity] = &[
    &HMAC_MD5_96,
    &HMAC_SHA1_96,
    &AES_XCBC_96,
    &AES_CMAC_96,
    &HMAC_SHA2_256_128,
    &HMAC_SHA2_384_192,
    &HMAC_SHA2_512_256,
];
