//! The aws-lc-rs provider (feature `aws-lc`): aws-lc for HMAC PRFs,
//! AES-GCM-16, X25519, ECDH P-256/384/521 and (through aws-lc-sys's
//! constant-time BN, in the `bn` module) MODP exponentiation; RFC 6989 validation,
//! key derivation and the remaining algorithms are shared with the
//! pure-Rust provider.

mod agree;
#[allow(unsafe_code)]
mod bn;
mod gcm;
mod modp;
mod prf;

use crate::encr::Encryption;
use crate::kx::KeyExchange;
use crate::prf::Prf;
use crate::provider::CryptoProvider;

static PRFS: &[&dyn Prf] = &[
    &crate::prf::HMAC_MD5,
    &prf::HMAC_SHA1,
    &crate::prf::AES128_XCBC,
    &prf::HMAC_SHA2_256,
    &prf::HMAC_SHA2_384,
    &prf::HMAC_SHA2_512,
    &crate::prf::AES128_CMAC,
];

static KX: &[&dyn KeyExchange] = &[
    &modp::MODP_768,
    &modp::MODP_1024,
    &modp::MODP_1536,
    &modp::MODP_2048,
    &modp::MODP_3072,
    &modp::MODP_4096,
    &modp::MODP_6144,
    &modp::MODP_8192,
    &modp::MODP_1024_160,
    &modp::MODP_2048_224,
    &modp::MODP_2048_256,
    &agree::ECP_256,
    &agree::ECP_384,
    &agree::ECP_521,
    &agree::CURVE25519,
    &crate::kx::CURVE448,
];

static ENCR: &[&dyn Encryption] = &[
    &crate::encr::AES_CBC_128,
    &crate::encr::AES_CBC_192,
    &crate::encr::AES_CBC_256,
    &crate::encr::TRIPLE_DES_CBC,
    &crate::encr::AES_CTR_128,
    &crate::encr::AES_CTR_192,
    &crate::encr::AES_CTR_256,
    &crate::encr::AES_GCM_8_128,
    &crate::encr::AES_GCM_8_192,
    &crate::encr::AES_GCM_8_256,
    &crate::encr::AES_GCM_12_128,
    &crate::encr::AES_GCM_12_192,
    &crate::encr::AES_GCM_12_256,
    &gcm::AES_GCM_16_128,
    &crate::encr::AES_GCM_16_192,
    &gcm::AES_GCM_16_256,
    &crate::encr::AES_CCM_8_128,
    &crate::encr::AES_CCM_8_192,
    &crate::encr::AES_CCM_8_256,
    &crate::encr::AES_CCM_12_128,
    &crate::encr::AES_CCM_12_192,
    &crate::encr::AES_CCM_12_256,
    &crate::encr::AES_CCM_16_128,
    &crate::encr::AES_CCM_16_192,
    &crate::encr::AES_CCM_16_256,
    &crate::encr::CHACHA20_POLY1305,
];

/// The aws-lc provider: OS randomness, NIST exponent policy, group 1 refused.
pub fn provider() -> CryptoProvider {
    let mut p = crate::provider::rustcrypto();
    p.name = "aws-lc";
    p.prfs = PRFS;
    p.key_exchanges = KX;
    p.encryption = ENCR;
    p
}
