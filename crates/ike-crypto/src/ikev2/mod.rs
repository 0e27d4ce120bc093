//! IKEv2 key derivation (RFC 7296 2.13-2.18), AUTH octets (2.15) and the
//! SK payload protection (3.14, RFC 5282).

pub mod auth;
pub mod kdf;
pub mod sk;

pub use auth::{psk_auth, signed_octets, verify_psk_auth};
pub use kdf::{
    child_keymat, derive_ike_sa_keys, prf_plus, rekey_skeyseed, skeyseed, IkeSaKeys, KeyLengths,
};
pub use sk::SkCipher;
