//! IANA IKEv2 transform IDs (RFC 7296 3.3.2, IANA "IKEv2 Parameters"), key
//! exchange methods and authentication methods, as plain `u16` constants: the
//! workspace's table of these numbers. `ike-sm` builds proposals from it;
//! `kernel-sa` (which must not depend on a crypto provider) mirrors the ENCR
//! and INTEG names it maps to kernel algorithms, and ike-sm's
//! `tests/ids_agree.rs` checks the mirror and this table against `ike-wire`'s
//! registries. This crate stays independent of `ike-wire`.
//! IKEv1 attribute values map onto these with [`ikev1`].

/// Transform type 1: encryption algorithms.
pub mod encr {
    /// ENCR_DES (RFC 2405). Not implemented: listed so it can be refused by name.
    pub const DES: u16 = 2;
    /// ENCR_3DES (RFC 2451).
    pub const TRIPLE_DES: u16 = 3;
    /// ENCR_NULL.
    pub const NULL: u16 = 11;
    /// ENCR_AES_CBC (RFC 3602); key length attribute 128/192/256.
    pub const AES_CBC: u16 = 12;
    /// ENCR_AES_CTR (RFC 5930).
    pub const AES_CTR: u16 = 13;
    /// ENCR_AES_CCM_8 (RFC 5282).
    pub const AES_CCM_8: u16 = 14;
    /// ENCR_AES_CCM_12 (RFC 5282).
    pub const AES_CCM_12: u16 = 15;
    /// ENCR_AES_CCM_16 (RFC 5282).
    pub const AES_CCM_16: u16 = 16;
    /// ENCR_AES_GCM_8 (RFC 5282).
    pub const AES_GCM_8: u16 = 18;
    /// ENCR_AES_GCM_12 (RFC 5282).
    pub const AES_GCM_12: u16 = 19;
    /// ENCR_AES_GCM_16 (RFC 5282).
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

/// Transform type 2: pseudo-random functions.
pub mod prf {
    /// PRF_HMAC_MD5 (RFC 2104).
    pub const HMAC_MD5: u16 = 1;
    /// PRF_HMAC_SHA1 (RFC 2104).
    pub const HMAC_SHA1: u16 = 2;
    /// PRF_AES128_XCBC (RFC 4434).
    pub const AES128_XCBC: u16 = 4;
    /// PRF_HMAC_SHA2_256 (RFC 4868).
    pub const HMAC_SHA2_256: u16 = 5;
    /// PRF_HMAC_SHA2_384 (RFC 4868).
    pub const HMAC_SHA2_384: u16 = 6;
    /// PRF_HMAC_SHA2_512 (RFC 4868).
    pub const HMAC_SHA2_512: u16 = 7;
    /// PRF_AES128_CMAC (RFC 4615).
    pub const AES128_CMAC: u16 = 8;
}

/// Transform type 3: integrity algorithms.
pub mod integ {
    /// NONE: no integrity transform, as with an AEAD cipher (RFC 7296 3.3.2).
    pub const NONE: u16 = 0;
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

/// Transform type 4: key exchange methods (Diffie-Hellman groups).
pub mod group {
    /// NONE: no key exchange, as in a Child SA proposal without PFS (RFC 7296 3.3.2).
    pub const NONE: u16 = 0;
    /// 768-bit MODP (RFC 2409 6.1). Refused unless explicitly allowed.
    pub const MODP_768: u16 = 1;
    /// 1024-bit MODP (RFC 2409 6.2).
    pub const MODP_1024: u16 = 2;
    /// 1536-bit MODP (RFC 3526 2).
    pub const MODP_1536: u16 = 5;
    /// 2048-bit MODP (RFC 3526 3).
    pub const MODP_2048: u16 = 14;
    /// 3072-bit MODP (RFC 3526 4).
    pub const MODP_3072: u16 = 15;
    /// 4096-bit MODP (RFC 3526 5).
    pub const MODP_4096: u16 = 16;
    /// 6144-bit MODP (RFC 3526 6).
    pub const MODP_6144: u16 = 17;
    /// 8192-bit MODP (RFC 3526 7).
    pub const MODP_8192: u16 = 18;
    /// 256-bit random ECP, NIST P-256 (RFC 5903).
    pub const ECP_256: u16 = 19;
    /// 384-bit random ECP, NIST P-384 (RFC 5903).
    pub const ECP_384: u16 = 20;
    /// 521-bit random ECP, NIST P-521 (RFC 5903).
    pub const ECP_521: u16 = 21;
    /// 1024-bit MODP with 160-bit prime order subgroup (RFC 5114 2.1).
    pub const MODP_1024_160: u16 = 22;
    /// 2048-bit MODP with 224-bit prime order subgroup (RFC 5114 2.2).
    pub const MODP_2048_224: u16 = 23;
    /// 2048-bit MODP with 256-bit prime order subgroup (RFC 5114 2.3).
    pub const MODP_2048_256: u16 = 24;
    /// Curve25519 (RFC 8031).
    pub const CURVE25519: u16 = 31;
    /// Curve448 (RFC 8031).
    pub const CURVE448: u16 = 32;
}

/// Transform type 5: extended sequence numbers (RFC 7296 3.3.2).
pub mod esn {
    /// No Extended Sequence Numbers.
    pub const NO: u16 = 0;
    /// Extended Sequence Numbers (RFC 4303 2.2.1).
    pub const YES: u16 = 1;
}

/// IKEv2 authentication methods (RFC 7296 3.8, RFC 4754, RFC 7427).
pub mod auth {
    /// RSA Digital Signature (PKCS#1 v1.5 with SHA-1 DigestInfo).
    pub const RSA_SIG: u16 = 1;
    /// Shared Key Message Integrity Code.
    pub const PSK: u16 = 2;
    /// ECDSA with SHA-256 on the P-256 curve (RFC 4754).
    pub const ECDSA_SHA256_P256: u16 = 9;
    /// ECDSA with SHA-384 on the P-384 curve (RFC 4754).
    pub const ECDSA_SHA384_P384: u16 = 10;
    /// ECDSA with SHA-512 on the P-521 curve (RFC 4754).
    pub const ECDSA_SHA512_P521: u16 = 11;
    /// Digital Signature (RFC 7427).
    pub const DIGITAL_SIGNATURE: u16 = 14;
}

/// IKEv1 (RFC 2409 App. A) attribute values and their IKEv2 equivalents.
pub mod ikev1 {
    use super::{encr, prf};
    use crate::hash::HashAlg;

    /// IKEv1 encryption algorithm attribute value -> IKEv2 ENCR ID.
    /// Only the CBC ciphers that IKEv1 uses for its own messages.
    pub fn encr_to_ikev2(v1: u16) -> Option<u16> {
        match v1 {
            5 => Some(encr::TRIPLE_DES), // 3DES-CBC
            7 => Some(encr::AES_CBC),    // AES-CBC (RFC 3602 via IANA)
            _ => None,
        }
    }

    /// IKEv1 hash algorithm attribute value -> hash function.
    pub fn hash_alg(v1: u16) -> Option<HashAlg> {
        match v1 {
            1 => Some(HashAlg::Md5),
            2 => Some(HashAlg::Sha1),
            4 => Some(HashAlg::Sha256),
            5 => Some(HashAlg::Sha384),
            6 => Some(HashAlg::Sha512),
            _ => None,
        }
    }

    /// IKEv1 hash algorithm attribute value -> IKEv2 PRF ID of its HMAC
    /// (IKEv1 uses HMAC of the negotiated hash as its PRF, RFC 2409 4).
    pub fn hash_to_prf(v1: u16) -> Option<u16> {
        match v1 {
            1 => Some(prf::HMAC_MD5),
            2 => Some(prf::HMAC_SHA1),
            4 => Some(prf::HMAC_SHA2_256),
            5 => Some(prf::HMAC_SHA2_384),
            6 => Some(prf::HMAC_SHA2_512),
            _ => None,
        }
    }
}
