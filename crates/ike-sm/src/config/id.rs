//! IKE identities (RFC 7296 3.5) in Libreswan's `leftid=` syntax.

use std::fmt;
use std::net::IpAddr;

/// An identity as sent in IDi/IDr.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identity {
    /// ID_IPV4_ADDR / ID_IPV6_ADDR
    Addr(IpAddr),
    /// ID_FQDN (`@host.example`)
    Fqdn(String),
    /// ID_RFC822_ADDR (`user@host.example`)
    UserFqdn(String),
    /// ID_DER_ASN1_DN: the DER bytes of the distinguished name.
    DerAsn1Dn(Vec<u8>),
    /// ID_KEY_ID (`@#0a0b...`)
    KeyId(Vec<u8>),
    /// `%any`: accept whatever the peer sends (remote end only).
    Any,
}

/// IANA ID types (RFC 7296 3.5).
pub mod id_type {
    /// ID_IPV4_ADDR
    pub const IPV4_ADDR: u8 = 1;
    /// ID_FQDN
    pub const FQDN: u8 = 2;
    /// ID_RFC822_ADDR
    pub const RFC822_ADDR: u8 = 3;
    /// ID_IPV6_ADDR
    pub const IPV6_ADDR: u8 = 5;
    /// ID_DER_ASN1_DN
    pub const DER_ASN1_DN: u8 = 9;
    /// ID_KEY_ID
    pub const KEY_ID: u8 = 11;
}

/// A `leftid=` value that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("identity '{0}' is not an address, @fqdn, user@fqdn, @#hex or %any")]
pub struct IdentityError(pub String);

impl Identity {
    /// Parse Libreswan's syntax: an address, `@fqdn`, `user@domain`,
    /// `@#hex` (KEY_ID) or `%any`. (DNs need an ASN.1 encoder: give the DER
    /// bytes as [`Identity::DerAsn1Dn`] directly.)
    pub fn parse(s: &str) -> Result<Self, IdentityError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(IdentityError(s.into()));
        }
        if s == "%any" {
            return Ok(Identity::Any);
        }
        if let Some(hex) = s.strip_prefix("@#") {
            return decode_hex(hex)
                .map(Identity::KeyId)
                .ok_or_else(|| IdentityError(s.into()));
        }
        if let Some(f) = s.strip_prefix('@') {
            if f.is_empty() {
                return Err(IdentityError(s.into()));
            }
            return Ok(Identity::Fqdn(f.into()));
        }
        if let Ok(a) = s.parse::<IpAddr>() {
            return Ok(Identity::Addr(a));
        }
        if s.contains('@') {
            return Ok(Identity::UserFqdn(s.into()));
        }
        Ok(Identity::Fqdn(s.into()))
    }

    /// The ID type and data for the ID payload.
    pub fn to_wire(&self) -> (u8, Vec<u8>) {
        match self {
            Identity::Addr(IpAddr::V4(a)) => (id_type::IPV4_ADDR, a.octets().to_vec()),
            Identity::Addr(IpAddr::V6(a)) => (id_type::IPV6_ADDR, a.octets().to_vec()),
            Identity::Fqdn(f) => (id_type::FQDN, f.as_bytes().to_vec()),
            Identity::UserFqdn(u) => (id_type::RFC822_ADDR, u.as_bytes().to_vec()),
            Identity::DerAsn1Dn(d) => (id_type::DER_ASN1_DN, d.clone()),
            Identity::KeyId(k) => (id_type::KEY_ID, k.clone()),
            // Never sent; a local %any becomes the host address first.
            Identity::Any => (id_type::KEY_ID, Vec::new()),
        }
    }

    /// From an ID payload's type and data.
    pub fn from_wire(kind: u8, data: &[u8]) -> Option<Self> {
        Some(match kind {
            id_type::IPV4_ADDR => {
                let b: [u8; 4] = data.try_into().ok()?;
                Identity::Addr(IpAddr::from(b))
            }
            id_type::IPV6_ADDR => {
                let b: [u8; 16] = data.try_into().ok()?;
                Identity::Addr(IpAddr::from(b))
            }
            id_type::FQDN => Identity::Fqdn(String::from_utf8(data.to_vec()).ok()?),
            id_type::RFC822_ADDR => Identity::UserFqdn(String::from_utf8(data.to_vec()).ok()?),
            id_type::DER_ASN1_DN => Identity::DerAsn1Dn(data.to_vec()),
            id_type::KEY_ID => Identity::KeyId(data.to_vec()),
            _ => return None,
        })
    }

    /// Does a received identity satisfy this configured one?
    pub fn matches(&self, received: &Identity) -> bool {
        match (self, received) {
            (Identity::Any, _) => true,
            (Identity::Fqdn(a), Identity::Fqdn(b)) => a.eq_ignore_ascii_case(b),
            (a, b) => a == b,
        }
    }
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.is_empty() || s.len() & 1 == 1 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect()
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Identity::Addr(a) => write!(f, "{a}"),
            Identity::Fqdn(s) => write!(f, "@{s}"),
            Identity::UserFqdn(s) => write!(f, "{s}"),
            Identity::DerAsn1Dn(d) => write!(f, "DER_DN[{} bytes]", d.len()),
            Identity::KeyId(k) => {
                f.write_str("@#")?;
                for b in k {
                    write!(f, "{b:02x}")?;
                }
                Ok(())
            }
            Identity::Any => f.write_str("%any"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_forms() {
        assert_eq!(
            Identity::parse("@n1.example").unwrap(),
            Identity::Fqdn("n1.example".into())
        );
        assert_eq!(
            Identity::parse("192.0.2.1").unwrap(),
            Identity::Addr("192.0.2.1".parse().unwrap())
        );
        assert_eq!(
            Identity::parse("a@b.c").unwrap(),
            Identity::UserFqdn("a@b.c".into())
        );
        assert_eq!(
            Identity::parse("@#0aff").unwrap(),
            Identity::KeyId(vec![10, 255])
        );
        assert!(Identity::parse("@#0").is_err());
        let id = Identity::parse("2001:db8::1").unwrap();
        let (t, d) = id.to_wire();
        assert_eq!(Identity::from_wire(t, &d), Some(id));
    }
}
