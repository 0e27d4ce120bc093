//! RSA key material from Libreswan's textual forms into the DER the state
//! machine takes: raw public keys (`leftrsasigkey=0s...`, whack
//! `--pubkeyrsa`, RFC 3110 2: exponent length, exponent, modulus) become
//! SubjectPublicKeyInfo; ipsec.secrets `: RSA { Modulus: ... }` blocks
//! become PKCS#8.

use ike_sm::config::PrivateKey;
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey};
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};

use crate::config::secrets::{RsaField, RsaFields};

/// Why a key could not be converted.
#[derive(Debug, thiserror::Error)]
pub enum RsaKeyError {
    /// The RFC 3110 encoding is truncated or empty.
    #[error("raw RSA public key (RFC 3110): {0}")]
    Raw(&'static str),
    /// An `RSA { ... }` block lacks a field the key needs.
    #[error("RSA secret has no {0}: field")]
    Missing(&'static str),
    /// The numbers do not form a valid RSA key.
    #[error("RSA key is not valid: {0}")]
    Invalid(String),
}

/// DER SubjectPublicKeyInfo from an RFC 3110 2 raw RSA public key.
pub fn spki_from_rfc3110(raw: &[u8]) -> Result<Vec<u8>, RsaKeyError> {
    let (&first, rest) = raw.split_first().ok_or(RsaKeyError::Raw("empty"))?;
    // RFC 3110 2: one length octet, or zero then a two-octet length.
    let (elen, rest) = if first == 0 {
        match rest {
            [a, b, tail @ ..] => (usize::from(u16::from_be_bytes([*a, *b])), tail),
            _ => return Err(RsaKeyError::Raw("truncated exponent length")),
        }
    } else {
        (usize::from(first), rest)
    };
    if rest.len() <= elen {
        return Err(RsaKeyError::Raw("exponent longer than the key"));
    }
    let (e, n) = rest.split_at(elen);
    let key = RsaPublicKey::new(BigUint::from_bytes_be(n), BigUint::from_bytes_be(e))
        .map_err(|e| RsaKeyError::Invalid(e.to_string()))?;
    key.to_public_key_der()
        .map(|d| d.as_bytes().to_vec())
        .map_err(|e| RsaKeyError::Invalid(e.to_string()))
}

/// Our private key from an ipsec.secrets `: RSA { ... }` block.
pub fn private_key_from_fields(f: &RsaFields) -> Result<PrivateKey, RsaKeyError> {
    let num = |field: RsaField| {
        f.get(field)
            .map(|v| BigUint::from_bytes_be(v.expose()))
            .ok_or(RsaKeyError::Missing(field.name()))
    };
    let key = RsaPrivateKey::from_components(
        num(RsaField::Modulus)?,
        num(RsaField::PublicExponent)?,
        num(RsaField::PrivateExponent)?,
        vec![num(RsaField::Prime1)?, num(RsaField::Prime2)?],
    )
    .map_err(|e| RsaKeyError::Invalid(e.to_string()))?;
    key.validate()
        .map_err(|e| RsaKeyError::Invalid(e.to_string()))?;
    let der = key
        .to_pkcs8_der()
        .map_err(|e| RsaKeyError::Invalid(e.to_string()))?;
    Ok(PrivateKey::from_pkcs8_der(der.as_bytes().to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> String {
        let path = format!("{}/tests/data/rsa/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn rfc3110_key_matches_the_der_of_the_same_key() {
        let conf = data("ipsec.conf");
        let key = conf
            .lines()
            .find_map(|l| l.trim().strip_prefix("leftrsasigkey="))
            .unwrap();
        let raw = crate::config::secrets::decode_public(key).unwrap();
        let spki = spki_from_rfc3110(&raw).unwrap();
        let path = format!(
            "{}/tests/data/rsa/west.spki.der",
            env!("CARGO_MANIFEST_DIR")
        );
        assert_eq!(spki, std::fs::read(path).unwrap());
    }

    #[test]
    fn truncated_raw_keys_are_errors() {
        assert!(spki_from_rfc3110(&[]).is_err());
        assert!(spki_from_rfc3110(&[0, 1]).is_err());
        assert!(spki_from_rfc3110(&[3, 1, 0, 1]).is_err());
    }
}
