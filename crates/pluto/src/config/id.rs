//! IKE identities as `ipsec.conf` (`leftid=`) and `ipsec.secrets` (indices)
//! write them, after Libreswan's rules: `@fqdn`, `user@fqdn`, an IP address,
//! an ASN.1 DN (`C=CH, O=Example, CN=host`), `@#hex` key IDs, `%any`/`%any6`,
//! `%fromcert`, `%none`, `%null`. RFC 7296 3.5 lists the ID types.

use std::fmt;
use std::net::IpAddr;

/// One identity or identity pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Id {
    /// `%any` (also `0.0.0.0`): matches any identity that is not an IPv6 address.
    Any,
    /// `%any6` (also `::`): matches any IPv6 address.
    Any6,
    /// An IP address (ID_IPV4_ADDR / ID_IPV6_ADDR).
    Ip(IpAddr),
    /// `@name`: a fully qualified domain name (ID_FQDN), without the `@`.
    Fqdn(String),
    /// `user@name` (or `@@user@name`): ID_RFC822_ADDR.
    UserFqdn(String),
    /// A distinguished name (ID_DER_ASN1_DN), kept as normalised RDNs.
    Dn(Dn),
    /// `@#hex`: ID_KEY_ID.
    KeyId(Vec<u8>),
    /// A bare host name: Libreswan resolves it in DNS; we do not, and match it
    /// as the FQDN of the same name (the parsers warn about it).
    Hostname(String),
    /// `%fromcert`: the ID is taken from the certificate.
    FromCert,
    /// `%none`: no ID.
    None,
    /// `%null`: ID_NULL (RFC 7619).
    Null,
}

/// A distinguished name as a list of (attribute type, value), compared with
/// case-insensitive attribute types and trimmed values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dn {
    rdns: Vec<(String, String)>,
}

impl Dn {
    /// Parses `C=CH, O=Example, CN=host` or `/C=CH/O=Example/CN=host`.
    pub fn parse(text: &str) -> Result<Dn, String> {
        let text = text.trim();
        let (body, sep) = match text.strip_prefix('/') {
            Some(rest) => (rest, '/'),
            None => (text, ','),
        };
        let mut rdns = Vec::new();
        let mut part = String::new();
        let mut chars = body.chars();
        let mut parts = Vec::new();
        while let Some(c) = chars.next() {
            if c == '\\' {
                part.push(c);
                if let Some(n) = chars.next() {
                    part.push(n);
                }
            } else if c == sep || (sep == ',' && c == ';') {
                parts.push(std::mem::take(&mut part));
            } else {
                part.push(c);
            }
        }
        parts.push(part);
        for p in parts {
            let p = p.trim();
            if p.is_empty() {
                continue;
            }
            let (ty, value) = p
                .split_once('=')
                .ok_or_else(|| format!("'{p}' is not TYPE=value in a distinguished name"))?;
            let ty = ty.trim();
            if ty.is_empty() || !ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
                return Err(format!("bad attribute type '{ty}' in a distinguished name"));
            }
            rdns.push((ty.to_ascii_uppercase(), value.trim().to_string()));
        }
        if rdns.is_empty() {
            return Err("empty distinguished name".into());
        }
        Ok(Dn { rdns })
    }

    /// The (TYPE, value) pairs in order.
    pub fn rdns(&self) -> &[(String, String)] {
        &self.rdns
    }
}

impl fmt::Display for Dn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (t, v)) in self.rdns.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{t}={v}")?;
        }
        Ok(())
    }
}

impl Id {
    /// Parses an identity as written in `leftid=` or a secrets index (quotes
    /// already removed). Never panics; `Err` says what is wrong.
    pub fn parse(text: &str) -> Result<Id, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("empty identity".into());
        }
        let lower = t.to_ascii_lowercase();
        match lower.as_str() {
            "%any" | "%any4" | "0.0.0.0" => return Ok(Id::Any),
            "%any6" | "::" | "0::0" => return Ok(Id::Any6),
            "%fromcert" => return Ok(Id::FromCert),
            "%none" => return Ok(Id::None),
            "%null" => return Ok(Id::Null),
            _ => {}
        }
        if t.starts_with('%') {
            return Err(format!("unknown identity keyword '{t}'"));
        }
        if let Some(hex) = t.strip_prefix("@#") {
            let bytes = hex::decode(hex.trim_start_matches("0x"))
                .map_err(|e| format!("key ID '@#{hex}' is not hex: {e}"))?;
            return Ok(Id::KeyId(bytes));
        }
        if let Some(user) = t.strip_prefix("@@") {
            return nonempty(user, "user").map(|u| Id::UserFqdn(u.to_string()));
        }
        if let Some(raw) = t.strip_prefix("@[") {
            let name = raw.strip_suffix(']').unwrap_or(raw);
            return nonempty(name, "FQDN").map(|n| Id::Fqdn(n.to_string()));
        }
        if let Some(name) = t.strip_prefix('@') {
            return nonempty(name, "FQDN").map(|n| Id::Fqdn(n.to_string()));
        }
        if t.contains('=') {
            return Dn::parse(t).map(Id::Dn);
        }
        if let Ok(ip) = t.parse::<IpAddr>() {
            return Ok(Id::Ip(ip));
        }
        if t.contains('@') {
            return Ok(Id::UserFqdn(t.to_string()));
        }
        if t.chars().any(char::is_whitespace) {
            return Err(format!("'{t}' is not an identity (contains whitespace)"));
        }
        Ok(Id::Hostname(t.to_string()))
    }

    /// True for `%any` and `%any6`.
    pub fn is_wildcard(&self) -> bool {
        matches!(self, Id::Any | Id::Any6)
    }

    /// Equality as Libreswan's `same_id`: names compare case-insensitively
    /// (without a trailing dot), a host name equals the FQDN of that name.
    pub fn same(&self, other: &Id) -> bool {
        fn name(s: &str) -> String {
            s.trim_end_matches('.').to_ascii_lowercase()
        }
        match (self, other) {
            (Id::Fqdn(a) | Id::Hostname(a), Id::Fqdn(b) | Id::Hostname(b)) => name(a) == name(b),
            (Id::UserFqdn(a), Id::UserFqdn(b)) => a.eq_ignore_ascii_case(b),
            (Id::Ip(a), Id::Ip(b)) => canonical_ip(a) == canonical_ip(b),
            (a, b) => a == b,
        }
    }

    /// Whether this index matches `id`: equal, or a wildcard of the right
    /// family (ipsec.secrets(5): `%any` matches IPv4, `%any6` IPv6).
    pub fn matches(&self, id: &Id) -> bool {
        match self {
            Id::Any => !matches!(id, Id::Ip(IpAddr::V6(_)) | Id::Any6),
            Id::Any6 => matches!(id, Id::Ip(IpAddr::V6(_)) | Id::Any6),
            _ => self.same(id),
        }
    }
}

fn canonical_ip(ip: &IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(*v6)),
        v4 => *v4,
    }
}

fn nonempty<'a>(s: &'a str, what: &str) -> Result<&'a str, String> {
    if s.is_empty() {
        Err(format!("empty {what} identity"))
    } else {
        Ok(s)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Id::Any => f.write_str("%any"),
            Id::Any6 => f.write_str("%any6"),
            Id::Ip(ip) => write!(f, "{ip}"),
            Id::Fqdn(n) => write!(f, "@{n}"),
            Id::UserFqdn(u) => f.write_str(u),
            Id::Dn(dn) => write!(f, "{dn}"),
            Id::KeyId(k) => write!(f, "@#{}", hex::encode(k)),
            Id::Hostname(h) => f.write_str(h),
            Id::FromCert => f.write_str("%fromcert"),
            Id::None => f.write_str("%none"),
            Id::Null => f.write_str("%null"),
        }
    }
}
