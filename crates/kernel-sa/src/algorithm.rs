//! Algorithms of an SA, named by their IKEv2 IANA transform IDs.
//!
//! The numbers are the IKEv2 registry's (RFC 7296 3.3.2, Transform Type 1 "Encryption
//! Algorithm" and Transform Type 3 "Integrity Algorithm"); an IKEv1 caller maps its ESP
//! transform and auth-algorithm attribute numbers to these first. This crate does not
//! depend on `ike-wire` or `ike-crypto`: the IDs are plain `u16`. The one table that maps
//! them to kernel algorithm names is [`crate::xfrm::algs`].

use crate::key::KeyBytes;

/// IKEv2 ENCR transform IDs this crate knows by name (RFC 7296 3.3.2 and the IANA
/// registry): a mirror of `ike_crypto::ids::encr` under the same names, kept here so that
/// kernel-sa needs no crypto provider; ike-sm's `tests/ids_agree.rs` checks the two agree.
/// Any other `u16` may still be passed; a backend refuses it if it cannot map it.
pub mod encr {
    /// ENCR_3DES (RFC 2451).
    pub const TRIPLE_DES: u16 = 3;
    /// ENCR_NULL (RFC 2410).
    pub const NULL: u16 = 11;
    /// ENCR_AES_CBC (RFC 3602).
    pub const AES_CBC: u16 = 12;
    /// ENCR_AES_CTR (RFC 3686).
    pub const AES_CTR: u16 = 13;
    /// ENCR_AES_CCM_8 (RFC 4309).
    pub const AES_CCM_8: u16 = 14;
    /// ENCR_AES_CCM_12 (RFC 4309).
    pub const AES_CCM_12: u16 = 15;
    /// ENCR_AES_CCM_16 (RFC 4309).
    pub const AES_CCM_16: u16 = 16;
    /// ENCR_AES_GCM_8 (RFC 4106).
    pub const AES_GCM_8: u16 = 18;
    /// ENCR_AES_GCM_12 (RFC 4106).
    pub const AES_GCM_12: u16 = 19;
    /// ENCR_AES_GCM_16 (RFC 4106).
    pub const AES_GCM_16: u16 = 20;
    /// ENCR_NULL_AUTH_AES_GMAC (RFC 4543).
    pub const NULL_AUTH_AES_GMAC: u16 = 21;
    /// ENCR_CAMELLIA_CBC (RFC 5529).
    pub const CAMELLIA_CBC: u16 = 23;
    /// ENCR_CAMELLIA_CTR (RFC 5529).
    pub const CAMELLIA_CTR: u16 = 24;
    /// ENCR_CHACHA20_POLY1305 (RFC 7634).
    pub const CHACHA20_POLY1305: u16 = 28;
}

/// IKEv2 INTEG transform IDs this crate knows by name (RFC 7296 3.3.2, IANA registry).
pub mod integ {
    /// AUTH_HMAC_MD5_96 (RFC 2403).
    pub const HMAC_MD5_96: u16 = 1;
    /// AUTH_HMAC_SHA1_96 (RFC 2404).
    pub const HMAC_SHA1_96: u16 = 2;
    /// AUTH_AES_XCBC_96 (RFC 3566).
    pub const AES_XCBC_96: u16 = 5;
    /// AUTH_AES_CMAC_96 (RFC 4494).
    pub const AES_CMAC_96: u16 = 8;
    /// AUTH_HMAC_SHA2_256_128 (RFC 4868).
    pub const HMAC_SHA2_256_128: u16 = 12;
    /// AUTH_HMAC_SHA2_384_192 (RFC 4868).
    pub const HMAC_SHA2_384_192: u16 = 13;
    /// AUTH_HMAC_SHA2_512_256 (RFC 4868).
    pub const HMAC_SHA2_512_256: u16 = 14;
}

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
