//! The aws-lc provider (feature `aws-lc`), for speed: aws-lc-rs for
//! AES-GCM-16 and ECDH P-256/384/521; aws-lc-sys directly (the `ffi`
//! module, the crate's one unsafe module) for X25519 and for MODP
//! exponentiation with a cached Montgomery context and RFC 6989 checks.
//! What aws-lc does not do faster here comes from the pure-Rust provider:
//! the other PRFs (RustCrypto measured faster for IKE's key-per-call use,
//! see [`prf`]), X448 (aws-lc has no Curve448), the other ciphers, key
//! derivation and signatures.

mod agree;
#[allow(unsafe_code)]
mod ffi;
mod gcm;
mod modp;
pub mod prf;
mod x25519;

use crate::encr::Encryption;
use crate::kx::KeyExchange;
use crate::prf::Prf;
use crate::provider::CryptoProvider;

/// PRFs: the pure-Rust provider's. SHA-1/SHA2-256 (RustCrypto) use the
/// CPU's SHA extensions and measured faster than aws-lc's `HMAC_CTX` for
/// IKE's key-per-call use (see [`prf`]'s module docs); HMAC-SHA2-384/512
/// run on our SHA-512 ([`crate::sha512`]), which measured faster than
/// aws-lc's SHA-512 assembly here (HMAC-SHA2-512 over 1 KiB with the key
/// set up per call, fastest batch: 2.85 us against 3.30 us; aws-lc takes
/// its generic code on AMD CPUs).
static PRFS: &[&dyn Prf] = &[
    &crate::prf::HMAC_MD5,
    &crate::prf::HMAC_SHA1,
    &crate::prf::HMAC_SHA2_256,
    &crate::prf::HMAC_SHA2_384,
    &crate::prf::HMAC_SHA2_512,
    &crate::prf::AES128_XCBC,
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
    &x25519::CURVE25519,
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
