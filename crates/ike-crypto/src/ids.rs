//! IANA IKEv2 transform IDs (RFC 7296 3.3.2, IANA "IKEv2 Parameters"), as
//! plain `u16` constants. The table itself is the `ike-ids` crate, shared with
//! `kernel-sa` and `ike-sm`; this crate stays independent of `ike-wire`.
//! IKEv1 attribute values map onto these with [`ikev1`].

pub use ike_ids::{auth, encr, esn, group, integ, prf};

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
