//! Client subnets and traffic selectors (RFC 7296 3.13), with narrowing
//! (RFC 7296 2.9).

use std::fmt;
use std::net::IpAddr;

/// An address prefix (`leftsubnet=10.0.0.0/24`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Subnet {
    /// Network address (host bits are cleared on construction).
    pub addr: IpAddr,
    /// Prefix length.
    pub prefix: u8,
}

/// A subnet string that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an address or address/prefix")]
pub struct SubnetError(pub String);

fn to_u128(a: IpAddr) -> u128 {
    match a {
        IpAddr::V4(v) => u128::from(u32::from(v)),
        IpAddr::V6(v) => u128::from(v),
    }
}

fn from_u128(v4: bool, x: u128) -> IpAddr {
    if v4 {
        IpAddr::from(std::net::Ipv4Addr::from(x as u32))
    } else {
        IpAddr::from(std::net::Ipv6Addr::from(x))
    }
}

impl Subnet {
    /// A single host (/32 or /128).
    pub fn host(addr: IpAddr) -> Self {
        Subnet {
            addr,
            prefix: if addr.is_ipv4() { 32 } else { 128 },
        }
    }

    /// Build a prefix; `None` if the length is too long for the family.
    pub fn new(addr: IpAddr, prefix: u8) -> Option<Self> {
        let bits = if addr.is_ipv4() { 32 } else { 128 };
        if prefix > bits {
            return None;
        }
        let (lo, _) = range_of(addr, prefix, bits);
        Some(Subnet {
            addr: from_u128(addr.is_ipv4(), lo),
            prefix,
        })
    }

    /// Parse `a.b.c.d/n`, `x::/n` or a bare address.
    pub fn parse(s: &str) -> Result<Self, SubnetError> {
        let err = || SubnetError(s.into());
        match s.trim().split_once('/') {
            Some((a, p)) => {
                let addr: IpAddr = a.parse().map_err(|_| err())?;
                let prefix: u8 = p.parse().map_err(|_| err())?;
                Subnet::new(addr, prefix).ok_or_else(err)
            }
            None => Ok(Subnet::host(s.trim().parse().map_err(|_| err())?)),
        }
    }

    /// First and last address.
    pub fn range(&self) -> (IpAddr, IpAddr) {
        let bits = if self.addr.is_ipv4() { 32 } else { 128 };
        let (lo, hi) = range_of(self.addr, self.prefix, bits);
        (
            from_u128(self.addr.is_ipv4(), lo),
            from_u128(self.addr.is_ipv4(), hi),
        )
    }
}

fn range_of(addr: IpAddr, prefix: u8, bits: u8) -> (u128, u128) {
    let x = to_u128(addr);
    let host_bits = u32::from(bits - prefix);
    let mask: u128 = if host_bits >= 128 {
        u128::MAX
    } else {
        (1u128 << host_bits) - 1
    };
    (x & !mask, (x & !mask) | mask)
}

impl fmt::Display for Subnet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// One traffic selector (RFC 7296 3.13.1): an address range, an IP
/// protocol (0 = any) and a port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TrafficSelector {
    /// IP protocol ID, 0 for any.
    pub protocol: u8,
    /// First port.
    pub start_port: u16,
    /// Last port.
    pub end_port: u16,
    /// First address.
    pub start: IpAddr,
    /// Last address (same family as `start`).
    pub end: IpAddr,
}

impl TrafficSelector {
    /// From a subnet and Libreswan's `protoport` (protocol 0 / port 0 = any).
    pub fn from_subnet(s: Subnet, protocol: u8, port: u16) -> Self {
        let (start, end) = s.range();
        let (start_port, end_port) = if port == 0 {
            (0, u16::MAX)
        } else {
            (port, port)
        };
        TrafficSelector {
            protocol,
            start_port,
            end_port,
            start,
            end,
        }
    }

    /// TS type for the wire: 7 (IPv4) or 8 (IPv6).
    pub fn ts_type(&self) -> u8 {
        if self.start.is_ipv4() {
            7
        } else {
            8
        }
    }

    /// The intersection of two selectors, if not empty (RFC 7296 2.9).
    pub fn intersect(&self, other: &TrafficSelector) -> Option<TrafficSelector> {
        if self.start.is_ipv4() != other.start.is_ipv4() {
            return None;
        }
        let protocol = match (self.protocol, other.protocol) {
            (0, p) | (p, 0) => p,
            (a, b) if a == b => a,
            _ => return None,
        };
        let sp = self.start_port.max(other.start_port);
        let ep = self.end_port.min(other.end_port);
        let s = to_u128(self.start).max(to_u128(other.start));
        let e = to_u128(self.end).min(to_u128(other.end));
        if sp > ep || s > e {
            return None;
        }
        let v4 = self.start.is_ipv4();
        Some(TrafficSelector {
            protocol,
            start_port: sp,
            end_port: ep,
            start: from_u128(v4, s),
            end: from_u128(v4, e),
        })
    }

    /// Is `other` entirely inside `self`?
    pub fn contains(&self, other: &TrafficSelector) -> bool {
        self.intersect(other).as_ref() == Some(other)
    }
}

impl fmt::Display for TrafficSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)?;
        if self.protocol != 0 || self.start_port != 0 || self.end_port != u16::MAX {
            write!(
                f,
                ":{}/{}-{}",
                self.protocol, self.start_port, self.end_port
            )?;
        }
        Ok(())
    }
}

/// Narrow the initiator's proposed selectors against our configured one
/// (RFC 7296 2.9): the result is the intersection with each proposed
/// selector, non-empty ones only. Empty result → TS_UNACCEPTABLE.
pub fn narrow(ours: &TrafficSelector, proposed: &[TrafficSelector]) -> Vec<TrafficSelector> {
    let mut out: Vec<TrafficSelector> = Vec::new();
    for p in proposed {
        if let Some(x) = ours.intersect(p) {
            if !out.contains(&x) {
                out.push(x);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing() {
        let ours = TrafficSelector::from_subnet(Subnet::parse("10.0.0.0/16").unwrap(), 0, 0);
        let wide = TrafficSelector::from_subnet(Subnet::parse("0.0.0.0/0").unwrap(), 0, 0);
        let host = TrafficSelector::from_subnet(Subnet::parse("10.0.1.5").unwrap(), 6, 80);
        assert_eq!(narrow(&ours, &[host, wide]), vec![host, ours]);
        let other = TrafficSelector::from_subnet(Subnet::parse("192.168.0.0/24").unwrap(), 0, 0);
        assert!(narrow(&ours, &[other]).is_empty());
        assert!(ours.contains(&host));
        assert_eq!(
            Subnet::parse("10.1.2.3/8").unwrap().to_string(),
            "10.0.0.0/8"
        );
        assert!(Subnet::parse("10.0.0.0/33").is_err());
        let v6 = Subnet::parse("2001:db8::/32").unwrap();
        assert_eq!(
            v6.range().1,
            "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"
                .parse::<IpAddr>()
                .unwrap()
        );
    }
}
