//! ike-crypto: every IKE algorithm by IANA transform ID, and the IKEv1 and
//! IKEv2 key derivations.
//!
//! * [`CryptoProvider`] (see [`provider`]): tables of trait objects
//!   ([`Prf`], [`Integrity`], [`Encryption`], [`KeyExchange`], signatures,
//!   [`SecureRandom`]) looked up by IANA ID; an unknown or disabled ID is a
//!   typed [`CryptoError`]. [`rustcrypto()`] is the pure-Rust provider;
//!   with the `aws-lc` feature, `awslc::provider()` is the fast one.
//! * [`ikev2`]: SKEYSEED, prf+, SK_*, Child KEYMAT, rekey, AUTH octets and
//!   the SK payload protection ([`ikev2::SkCipher`]).
//! * [`ikev1`]: SKEYID, SKEYID_d/a/e, App. B expansion, IVs, HASH_I/R,
//!   Quick Mode HASH(1..3) and KEYMAT.
//! * [`sig`]: RSA PKCS#1 v1.5 / PSS and ECDSA, RFC 7427 blobs.
//!
//! Secrets are [`SecretBytes`] (wiped on drop); MAC, ICV and AUTH checks
//! compare in constant time.
// Denied, not forbidden: five places allow it, each documenting why: the
// aws-lc FFI (`awslc::ffi`, feature `aws-lc`) and the CPU-feature checks
// before our AVX2 SHA-512 (`sha512::compress`), X25519 ladder
// (`kx::x25519::avx2`), MODP exponentiation (`kx::modp_avx2`) and P-521
// scalar multiplication (`kx::p521::avx2`); the last three have bound
// tests that call their AVX2 functions directly.
#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(feature = "aws-lc")]
pub mod awslc;
pub mod ct;
pub mod encr;
pub mod error;
pub mod hash;
pub mod ids;
pub mod ikev1;
pub mod ikev2;
pub mod integ;
pub mod kx;
mod mac;
pub mod md5;
pub mod prf;
pub mod provider;
pub mod random;
mod rfc2104;
pub mod secret;
pub mod sha512;
pub mod sig;
#[cfg(test)]
mod splitmix;

pub use encr::Encryption;
pub use error::{AlgKind, CryptoError, Result};
pub use hash::HashAlg;
pub use integ::Integrity;
pub use kx::{ActiveKeyExchange, ExponentPolicy, KeyExchange, KxConfig};
pub use mac::MacAlg;
pub use prf::Prf;
pub use provider::{all_providers, default_provider, rustcrypto, CryptoProvider};
pub use random::{DeterministicRandom, OsRandom, SecureRandom};
pub use secret::SecretBytes;
pub use sig::{KeyType, SignatureBackend, SignatureScheme, SigningKey, VerifyingKey};
