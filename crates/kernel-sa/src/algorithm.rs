//! Algorithms of an SA, named by their IKEv2 IANA transform IDs.
//!
//! The numbers are the IKEv2 registry's (RFC 7296 3.3.2, Transform Type 1 "Encryption
//! Algorithm" and Transform Type 3 "Integrity Algorithm"); an IKEv1 caller maps its ESP
//! transform and auth-algorithm attribute numbers to these first. This crate does not
//! depend on `ike-wire` or `ike-crypto`: the IDs are plain `u16`, named by the
//! dependency-free `ike-ids` crate. The one table that maps
//! them to kernel algorithm names is [`crate::xfrm::algs`].

use crate::key::KeyBytes;

/// IKEv2 ENCR and INTEG transform IDs (RFC 7296 3.3.2, IANA registry): the workspace's one
/// table, `ike-ids`. Any other `u16` may still be passed; a backend refuses it if it
/// cannot map it.
pub use ike_ids::{encr, integ};

/// A non-AEAD cipher: transform ID, the IKE Key Length attribute (bits) when the
/// transform has one, and the key. For AES-CTR the key includes the 4-byte nonce
/// (RFC 3686 5.1), as KEYMAT is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cipher {
    /// IKEv2 ENCR transform ID.
    pub transform_id: u16,
    /// Key Length attribute in bits (RFC 7296 3.3.5), `None` for fixed-length ciphers.
    pub key_bits: Option<u16>,
    /// Key bytes (plus salt/nonce where the transform takes one from KEYMAT).
    pub key: KeyBytes,
}

/// An integrity algorithm: transform ID and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integrity {
    /// IKEv2 INTEG transform ID.
    pub transform_id: u16,
    /// Key bytes.
    pub key: KeyBytes,
}

/// An AEAD (combined-mode) algorithm. The key includes the salt KEYMAT provides
/// (4 bytes for GCM, RFC 4106 8.1; 3 for CCM, RFC 4309 7.1; 4 for ChaCha20-Poly1305,
/// RFC 7634 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aead {
    /// IKEv2 ENCR transform ID.
    pub transform_id: u16,
    /// Key Length attribute in bits, `None` for fixed-length algorithms.
    pub key_bits: Option<u16>,
    /// Key bytes followed by the salt.
    pub key: KeyBytes,
}

/// The algorithms of one SA; the variant fixes the protocol, so an AH SA with a cipher
/// cannot be written down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaAlgorithms {
    /// ESP with a cipher and (normally) an integrity algorithm. `integ: None` is legal
    /// for the kernel but RFC 8221 forbids it outside AEAD; a daemon should not ask for it.
    Esp {
        /// The cipher (ENCR_NULL with an empty key for integrity-only ESP).
        encr: Cipher,
        /// The integrity algorithm.
        integ: Option<Integrity>,
    },
    /// ESP with an AEAD algorithm (no separate integrity, RFC 7296 3.3).
    EspAead(Aead),
    /// AH (RFC 4302): integrity only.
    Ah(Integrity),
}

impl SaAlgorithms {
    /// The IPsec protocol these algorithms belong to.
    pub fn protocol(&self) -> crate::sa::Protocol {
        match self {
            SaAlgorithms::Esp { .. } | SaAlgorithms::EspAead(_) => crate::sa::Protocol::Esp,
            SaAlgorithms::Ah(_) => crate::sa::Protocol::Ah,
        }
    }
}
