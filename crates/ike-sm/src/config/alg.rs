//! IKEv2 transform identifiers (IANA "IKEv2 Transform Type N" registries,
//! RFC 7296 3.3.2) with the names Libreswan's `ike=`/`esp=` syntax uses and
//! the names pluto prints in `whack --status`.
//!
//! Kept as plain `u16` IANA numbers wrapped in small types so that the
//! connection model does not depend on any codec or crypto provider.

use std::fmt;

/// IKEv2 transform type (RFC 7296 3.3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TransformType {
    /// Encryption algorithm (type 1).
    Encr = 1,
    /// Pseudorandom function (type 2).
    Prf = 2,
    /// Integrity algorithm (type 3).
    Integ = 3,
    /// Diffie-Hellman group / key exchange method (type 4).
    Dh = 4,
    /// Extended sequence numbers (type 5).
    Esn = 5,
}

impl TransformType {
    /// From the wire value.
    pub fn from_u8(v: u8) -> Option<Self> {
        Some(match v {
            1 => Self::Encr,
            2 => Self::Prf,
            3 => Self::Integ,
            4 => Self::Dh,
            5 => Self::Esn,
            _ => return None,
        })
    }
}

/// An encryption transform: IANA ID plus key length in bits (Key Length
/// attribute, RFC 7296 3.3.5) when the algorithm has a variable key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Encr {
    /// IANA "Transform Type 1" ID.
    pub id: u16,
    /// Key length in bits, `None` for fixed-key algorithms.
    pub key_bits: Option<u16>,
}

/// IANA encryption IDs: the workspace's one table (`ike_crypto::ids`).
pub mod encr {
    pub use ike_crypto::ids::encr::*;
    /// Alias of [`TRIPLE_DES`], the name `status.rs` and the crypto tests still use.
    pub const DES3: u16 = TRIPLE_DES;
}

/// IANA PRF IDs: the same registry ike-crypto keys its PRFs by.
pub use ike_crypto::ids::prf;

/// IANA integrity IDs (`NONE` only with AEAD).
pub use ike_crypto::ids::integ;

/// IANA key exchange (DH group) IDs (`NONE`: no PFS).
pub mod dh {
    pub use ike_crypto::ids::group::*;
    /// Alias of [`MODP_2048`], the name the crypto tests still use.
    pub const MODP2048: u16 = MODP_2048;
}

/// IANA ESN IDs.
pub use ike_crypto::ids::esn;

/// Is this encryption ID an AEAD (combined mode) cipher (RFC 5282, 7634)?
pub fn encr_is_aead(id: u16) -> bool {
    matches!(
        id,
        encr::AES_CCM_8
            | encr::AES_CCM_12
            | encr::AES_CCM_16
            | encr::AES_GCM_8
            | encr::AES_GCM_12
            | encr::AES_GCM_16
            | encr::NULL_AUTH_AES_GMAC
            | encr::CHACHA20_POLY1305
    )
}

/// Does this encryption ID carry a Key Length attribute (RFC 7296 3.3.5)?
pub fn encr_has_key_length(id: u16) -> bool {
    matches!(
        id,
        encr::AES_CBC
            | encr::AES_CTR
            | encr::AES_CCM_8
            | encr::AES_CCM_12
            | encr::AES_CCM_16
            | encr::AES_GCM_8
            | encr::AES_GCM_12
            | encr::AES_GCM_16
            | encr::NULL_AUTH_AES_GMAC
            | encr::CAMELLIA_CBC
    )
}

/// The integrity algorithm Libreswan derives from a PRF when a non-AEAD
/// IKE proposal names only one hash (`aes256-sha2_256`).
pub fn integ_for_prf(prf_id: u16) -> Option<u16> {
    Some(match prf_id {
        prf::HMAC_MD5 => integ::HMAC_MD5_96,
        prf::HMAC_SHA1 => integ::HMAC_SHA1_96,
        prf::AES128_XCBC => integ::AES_XCBC_96,
        prf::AES128_CMAC => integ::AES_CMAC_96,
        prf::HMAC_SHA2_256 => integ::HMAC_SHA2_256_128,
        prf::HMAC_SHA2_384 => integ::HMAC_SHA2_384_192,
        prf::HMAC_SHA2_512 => integ::HMAC_SHA2_512_256,
        _ => return None,
    })
}

/// Name of an encryption transform as pluto prints it (`AES_GCM_16_256`).
pub fn encr_name(e: Encr) -> String {
    let base = match e.id {
        encr::TRIPLE_DES => "3DES_CBC",
        encr::NULL => "NULL",
        encr::AES_CBC => "AES_CBC",
        encr::AES_CTR => "AES_CTR",
        encr::AES_CCM_8 => "AES_CCM_8",
        encr::AES_CCM_12 => "AES_CCM_12",
        encr::AES_CCM_16 => "AES_CCM_16",
        encr::AES_GCM_8 => "AES_GCM_8",
        encr::AES_GCM_12 => "AES_GCM_12",
        encr::AES_GCM_16 => "AES_GCM_16",
        encr::NULL_AUTH_AES_GMAC => "NULL_AUTH_AES_GMAC",
        encr::CAMELLIA_CBC => "CAMELLIA_CBC",
        encr::CHACHA20_POLY1305 => "CHACHA20_POLY1305",
        other => return format!("ENCR_{other}"),
    };
    match e.key_bits {
        Some(bits) => format!("{base}_{bits}"),
        None => base.to_string(),
    }
}

/// PRF name as pluto prints it (`HMAC_SHA2_256`).
pub fn prf_name(id: u16) -> String {
    match id {
        prf::HMAC_MD5 => "HMAC_MD5".into(),
        prf::HMAC_SHA1 => "HMAC_SHA1".into(),
        prf::AES128_XCBC => "AES_XCBC".into(),
        prf::HMAC_SHA2_256 => "HMAC_SHA2_256".into(),
        prf::HMAC_SHA2_384 => "HMAC_SHA2_384".into(),
        prf::HMAC_SHA2_512 => "HMAC_SHA2_512".into(),
        prf::AES128_CMAC => "AES_CMAC".into(),
        other => format!("PRF_{other}"),
    }
}

/// Integrity name as pluto prints it (`HMAC_SHA2_256_128`).
pub fn integ_name(id: u16) -> String {
    match id {
        integ::NONE => "NONE".into(),
        integ::HMAC_MD5_96 => "HMAC_MD5_96".into(),
        integ::HMAC_SHA1_96 => "HMAC_SHA1_96".into(),
        integ::AES_XCBC_96 => "AES_XCBC_96".into(),
        integ::AES_CMAC_96 => "AES_CMAC_96".into(),
        integ::HMAC_SHA2_256_128 => "HMAC_SHA2_256_128".into(),
        integ::HMAC_SHA2_384_192 => "HMAC_SHA2_384_192".into(),
        integ::HMAC_SHA2_512_256 => "HMAC_SHA2_512_256".into(),
        other => format!("INTEG_{other}"),
    }
}

/// DH group name as pluto prints it (`MODP2048`, `DH19`, `DH31`).
pub fn dh_name(id: u16) -> String {
    match id {
        dh::NONE => "NONE".into(),
        dh::MODP_1024 => "MODP1024".into(),
        dh::MODP_1536 => "MODP1536".into(),
        dh::MODP_2048 => "MODP2048".into(),
        dh::MODP_3072 => "MODP3072".into(),
        dh::MODP_4096 => "MODP4096".into(),
        dh::MODP_6144 => "MODP6144".into(),
        dh::MODP_8192 => "MODP8192".into(),
        other => format!("DH{other}"),
    }
}

/// A display helper for one chosen algorithm set, pluto style:
/// `AES_GCM_16_256/NONE/HMAC_SHA2_512/MODP2048`.
#[derive(Debug, Clone, Copy)]
pub struct AlgSummary<'a>(pub &'a super::proposal::Chosen);

impl fmt::Display for AlgSummary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        write!(f, "{}", encr_name(c.encr))?;
        if let Some(i) = c.integ {
            write!(f, "/{}", integ_name(i))?;
        }
        if let Some(p) = c.prf {
            write!(f, "/{}", prf_name(p))?;
        }
        if let Some(d) = c.dh {
            write!(f, "/{}", dh_name(d))?;
        }
        Ok(())
    }
}
