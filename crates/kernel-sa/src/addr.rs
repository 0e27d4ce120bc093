//! Address prefixes for selectors, with the family checked once.

use std::fmt;
use std::net::IpAddr;

/// IPv4 or IPv6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// AF_INET.
    V4,
    /// AF_INET6.
    V6,
}

impl Family {
    /// The family of an address.
    pub fn of(addr: &IpAddr) -> Family {
        match addr {
            IpAddr::V4(_) => Family::V4,
            IpAddr::V6(_) => Family::V6,
        }
    }

    /// Address length in bits (32 or 128).
    pub fn bits(self) -> u8 {
        match self {
            Family::V4 => 32,
            Family::V6 => 128,
        }
    }
}

/// Error for a prefix longer than its address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("prefix length {len} is longer than the {bits} bits of {addr}")]
pub struct PrefixError {
    /// The address.
    pub addr: IpAddr,
    /// The requested length.
    pub len: u8,
    /// The address size.
    pub bits: u8,
}

/// An address and a prefix length no longer than the address (`10.0.0.0/8`).
///
/// Host bits are kept as given: the kernel stores them too, so what is added reads back
/// the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IpPrefix {
    addr: IpAddr,
    len: u8,
}

impl IpPrefix {
    /// A prefix, refused if `len` exceeds the address size.
    pub fn new(addr: IpAddr, len: u8) -> Result<Self, PrefixError> {
        let bits = Family::of(&addr).bits();
        if len > bits {
            return Err(PrefixError { addr, len, bits });
        }
        Ok(IpPrefix { addr, len })
    }

    /// The whole address as a /32 or /128.
    pub fn host(addr: IpAddr) -> Self {
        IpPrefix {
            addr,
            len: Family::of(&addr).bits(),
        }
    }

    /// The address.
    pub fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The prefix length.
    pub fn prefix_len(&self) -> u8 {
        self.len
    }

    /// True for a /0 (matches every address of the family).
    pub fn is_any(&self) -> bool {
        self.len == 0
    }

    /// The family of the address.
    pub fn family(&self) -> Family {
        Family::of(&self.addr)
    }
}

impl fmt::Display for IpPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_length_bounded_by_family() {
        let v4: IpAddr = "10.0.0.0".parse().unwrap();
        let v6: IpAddr = "2001:db8::".parse().unwrap();
        assert!(IpPrefix::new(v4, 32).is_ok());
        assert_eq!(IpPrefix::new(v4, 33).unwrap_err().bits, 32);
        assert!(IpPrefix::new(v6, 128).is_ok());
        assert!(IpPrefix::new(v6, 129).is_err());
        assert_eq!(IpPrefix::host(v6).prefix_len(), 128);
        assert_eq!(IpPrefix::new(v4, 8).unwrap().to_string(), "10.0.0.0/8");
    }
}
