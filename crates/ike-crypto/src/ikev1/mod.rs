//! IKEv1 (RFC 2409) key derivation, HASH payloads and CBC IV chaining.

pub mod crypt;
pub mod hashes;
pub mod kdf;

pub use crypt::{decrypt, encrypt, phase1_iv, phase2_iv};
pub use hashes::{
    hash_i, hash_r, informational_hash, qm_hash1, qm_hash2, qm_hash3, Phase1Transcript,
};
pub use kdf::{expand_key, keymat, skeyid_dae, skeyid_psk, skeyid_sig, KeymatInput, SkeyidDae};
