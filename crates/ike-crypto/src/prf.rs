//! PRF transforms (RFC 7296 3.3.2 transform type 2).

use crate::error::Result;
use crate::mac::MacAlg;
use crate::secret::SecretBytes;

/// A pseudo-random function as IKE uses it: `prf(key, data)` with the key
/// set up per call.
pub trait Prf: Send + Sync + core::fmt::Debug {
    /// IANA transform ID (type 2).
    fn id(&self) -> u16;
    /// Human-readable name, as pluto logs it.
    fn name(&self) -> &'static str;
    /// Output length in octets.
    fn output_len(&self) -> usize;
    /// The key length used for SK_d, SK_pi and SK_pr (RFC 7296 2.13, 2.14:
    /// "the preferred key size" of the PRF): the output length for HMAC, 16
    /// for the AES-based PRFs.
    fn key_len(&self) -> usize;
    /// True when the PRF takes a fixed-length key (AES-XCBC, AES-CMAC), so
    /// that SKEYSEED takes half its key from each nonce (RFC 7296 2.14).
    fn fixed_key_len(&self) -> bool;
    /// `prf(key, data[0] | data[1] | ...)`.
    fn compute(&self, key: &[u8], data: &[&[u8]]) -> Result<SecretBytes>;
}

/// A PRF built on one of the MAC engines.
#[derive(Debug)]
pub struct MacPrf {
    id: u16,
    name: &'static str,
    alg: MacAlg,
}

impl MacPrf {
    pub(crate) const fn new(id: u16, name: &'static str, alg: MacAlg) -> Self {
        MacPrf { id, name, alg }
    }
}

impl Prf for MacPrf {
    fn id(&self) -> u16 {
        self.id
    }
    fn name(&self) -> &'static str {
        self.name
    }
    fn output_len(&self) -> usize {
        self.alg.output_len()
    }
    fn key_len(&self) -> usize {
        self.alg.output_len()
    }
    fn fixed_key_len(&self) -> bool {
        matches!(self.alg, MacAlg::AesXcbc | MacAlg::AesCmac)
    }
    fn compute(&self, key: &[u8], data: &[&[u8]]) -> Result<SecretBytes> {
        self.alg.compute_prf(key, data).map(SecretBytes::new)
    }
}

use crate::ids::prf as id;
/// PRF_HMAC_MD5
pub static HMAC_MD5: MacPrf = MacPrf::new(id::HMAC_MD5, "HMAC_MD5", MacAlg::HmacMd5);
/// PRF_HMAC_SHA1
pub static HMAC_SHA1: MacPrf = MacPrf::new(id::HMAC_SHA1, "HMAC_SHA1", MacAlg::HmacSha1);
/// PRF_HMAC_SHA2_256
pub static HMAC_SHA2_256: MacPrf =
    MacPrf::new(id::HMAC_SHA2_256, "HMAC_SHA2_256", MacAlg::HmacSha256);
/// PRF_HMAC_SHA2_384
pub static HMAC_SHA2_384: MacPrf =
    MacPrf::new(id::HMAC_SHA2_384, "HMAC_SHA2_384", MacAlg::HmacSha384);
/// PRF_HMAC_SHA2_512
pub static HMAC_SHA2_512: MacPrf =
    MacPrf::new(id::HMAC_SHA2_512, "HMAC_SHA2_512", MacAlg::HmacSha512);
/// PRF_AES128_XCBC (RFC 4434)
pub static AES128_XCBC: MacPrf = MacPrf::new(id::AES128_XCBC, "AES_XCBC", MacAlg::AesXcbc);
/// PRF_AES128_CMAC (RFC 4615)
pub static AES128_CMAC: MacPrf = MacPrf::new(id::AES128_CMAC, "AES_CMAC", MacAlg::AesCmac);

/// Every PRF of the pure-Rust provider.
pub static ALL: &[&dyn Prf] = &[
    &HMAC_MD5,
    &HMAC_SHA1,
    &HMAC_SHA2_256,
    &HMAC_SHA2_384,
    &HMAC_SHA2_512,
    &AES128_XCBC,
    &AES128_CMAC,
];
