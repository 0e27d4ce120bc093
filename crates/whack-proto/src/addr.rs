//! Addresses as whack and ipsec.conf write them: hosts (`%any`, `%opportunistic`, ...),
//! subnets, next hops, protocol/port selectors and address ranges.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::codec::{wire_unit_enum, Reader, Wire, Writer};
use crate::error::Error;
use crate::value::ValueError;

/// An address family (`--ipv4`/`--ipv6`, `--tunnelipv4`/`--tunnelipv6`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddrFamily {
    /// IPv4.
    V4,
    /// IPv6.
    V6,
}
wire_unit_enum!(AddrFamily { V4 = 4, V6 = 6 });

impl AddrFamily {
    /// The family of an address.
    pub fn of(ip: &IpAddr) -> AddrFamily {
        match ip {
            IpAddr::V4(_) => AddrFamily::V4,
            IpAddr::V6(_) => AddrFamily::V6,
        }
    }

    /// Bits in an address of this family.
    pub fn bits(self) -> u8 {
        match self {
            AddrFamily::V4 => 32,
            AddrFamily::V6 => 128,
        }
    }
}

/// The `--host` of an end.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HostAddr {
    /// A literal address.
    Addr(IpAddr),
    /// `%any` (or the obsolete `0.0.0.0`): any peer, the Road Warrior case.
    Any,
    /// `%opportunistic`.
    Opportunistic,
    /// `%defaultroute` (ipsec.conf): the address of the default route's interface.
    DefaultRoute,
    /// A DNS name, resolved by pluto.
    Dns(String),
}

impl FromStr for HostAddr {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<HostAddr, ValueError> {
        match s {
            "%any" | "%any4" | "%any6" => return Ok(HostAddr::Any),
            "%opportunistic" => return Ok(HostAddr::Opportunistic),
            "%defaultroute" => return Ok(HostAddr::DefaultRoute),
            _ => {}
        }
        if let Ok(ip) = s.parse::<IpAddr>() {
            // The manual: "the obsolete notation 0.0.0.0 is also accepted" for %any.
            return Ok(if ip.is_unspecified() {
                HostAddr::Any
            } else {
                HostAddr::Addr(ip)
            });
        }
        dns_name(s).map(|n| HostAddr::Dns(n.to_owned()))
    }
}

impl fmt::Display for HostAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostAddr::Addr(ip) => write!(f, "{ip}"),
            HostAddr::Any => f.write_str("%any"),
            HostAddr::Opportunistic => f.write_str("%opportunistic"),
            HostAddr::DefaultRoute => f.write_str("%defaultroute"),
            HostAddr::Dns(name) => f.write_str(name),
        }
    }
}

/// A DNS host name: letters, digits, `-`, `.`; not starting with `%` or `-`.
fn dns_name(s: &str) -> Result<&str, ValueError> {
    let ok = !s.is_empty()
        && s.len() <= 253
        && !s.starts_with(['-', '.'])
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if ok && s.bytes().any(|b| b.is_ascii_alphabetic()) {
        Ok(s)
    } else {
        Err(ValueError::new(
            "host",
            s,
            "expected an IP address, a DNS name, %any, %opportunistic or %defaultroute",
        ))
    }
}

impl Wire for HostAddr {
    fn put(&self, w: &mut Writer) {
        match self {
            HostAddr::Addr(ip) => {
                w.u8(0);
                ip.put(w);
            }
            HostAddr::Any => w.u8(1),
            HostAddr::Opportunistic => w.u8(2),
            HostAddr::DefaultRoute => w.u8(3),
            HostAddr::Dns(name) => {
                w.u8(4);
                name.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        let (tag, at) = r.tag(what);
        match tag? {
            0 => Ok(HostAddr::Addr(IpAddr::get(r, what)?)),
            1 => Ok(HostAddr::Any),
            2 => Ok(HostAddr::Opportunistic),
            3 => Ok(HostAddr::DefaultRoute),
            4 => Ok(HostAddr::Dns(String::get(r, what)?)),
            tag => Err(Error::InvalidTag {
                what: "HostAddr",
                tag,
                at,
            }),
        }
    }
}

/// An IP subnet `address/prefix`, with no host bits set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Subnet {
    addr: IpAddr,
    prefix_len: u8,
}

impl Subnet {
    /// A subnet; refuses a prefix longer than the family's address or host bits set.
    pub fn new(addr: IpAddr, prefix_len: u8) -> Result<Subnet, String> {
        let bits = AddrFamily::of(&addr).bits();
        if prefix_len > bits {
            return Err(format!(
                "prefix length {prefix_len} is longer than {bits} bits"
            ));
        }
        let masked = mask(addr, prefix_len);
        if masked != addr {
            return Err(format!(
                "host-part bits are set (the network address is {masked}/{prefix_len})"
            ));
        }
        Ok(Subnet { addr, prefix_len })
    }

    /// The subnet of exactly one host (`/32` or `/128`).
    pub fn host(addr: IpAddr) -> Subnet {
        Subnet {
            addr,
            prefix_len: AddrFamily::of(&addr).bits(),
        }
    }

    /// The network address.
    pub fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The prefix length.
    pub fn prefix_len(&self) -> u8 {
        self.prefix_len
    }

    /// The address family.
    pub fn family(&self) -> AddrFamily {
        AddrFamily::of(&self.addr)
    }
}

fn mask(addr: IpAddr, prefix_len: u8) -> IpAddr {
    match addr {
        IpAddr::V4(a) => {
            let m = u32::MAX
                .checked_shl(32 - u32::from(prefix_len))
                .unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(u32::from(a) & m))
        }
        IpAddr::V6(a) => {
            let m = u128::MAX
                .checked_shl(128 - u32::from(prefix_len))
                .unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(u128::from(a) & m))
        }
    }
}

/// A dotted IPv4 netmask as a prefix length, if it is contiguous.
fn netmask_prefix(mask: Ipv4Addr) -> Option<u8> {
    let m = u32::from(mask);
    let len = m.leading_ones();
    (m.checked_shl(len).unwrap_or(0) == 0).then(|| u8::try_from(len).unwrap_or(32))
}

impl FromStr for Subnet {
    type Err = ValueError;
    /// `address/prefix-length` or `a.b.c.d/dotted.mask` (ipsec_atosubnet(3)); `%any`
    /// gives no subnet and is refused here.
    fn from_str(s: &str) -> Result<Subnet, ValueError> {
        let err = |reason: String| ValueError::new("subnet", s, reason);
        let (addr, len) = s
            .split_once('/')
            .ok_or_else(|| err("expected address/mask, e.g. 10.0.1.0/24".into()))?;
        let addr: IpAddr = addr
            .parse()
            .map_err(|_| err(format!("{addr:?} is not an IP address")))?;
        let prefix_len = match (len.parse::<u8>(), addr, len.parse::<Ipv4Addr>()) {
            (Ok(n), _, _) => n,
            (Err(_), IpAddr::V4(_), Ok(m)) => {
                netmask_prefix(m).ok_or_else(|| err(format!("netmask {m} is not contiguous")))?
            }
            _ => return Err(err(format!("{len:?} is not a prefix length"))),
        };
        Subnet::new(addr, prefix_len).map_err(err)
    }
}

impl fmt::Display for Subnet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix_len)
    }
}

impl Wire for Subnet {
    fn put(&self, w: &mut Writer) {
        self.addr.put(w);
        w.u8(self.prefix_len);
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        let at = r.pos();
        let addr = IpAddr::get(r, what)?;
        let len = r.u8(what)?;
        Subnet::new(addr, len).map_err(|reason| Error::InvalidValue { what, at, reason })
    }
}

/// `--nexthop`: where to route packets for the peer's client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NextHop {
    /// `%direct` (or the obsolete `0.0.0.0`): the peer itself.
    Direct,
    /// `%defaultroute` (ipsec.conf): the default route's gateway.
    DefaultRoute,
    /// A gateway address.
    Addr(IpAddr),
}

impl FromStr for NextHop {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<NextHop, ValueError> {
        match s {
            "%direct" => Ok(NextHop::Direct),
            "%defaultroute" => Ok(NextHop::DefaultRoute),
            _ => match s.parse::<IpAddr>() {
                Ok(ip) if ip.is_unspecified() => Ok(NextHop::Direct),
                Ok(ip) => Ok(NextHop::Addr(ip)),
                Err(_) => Err(ValueError::new(
                    "nexthop",
                    s,
                    "expected an IP address, %direct or %defaultroute",
                )),
            },
        }
    }
}

impl fmt::Display for NextHop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NextHop::Direct => f.write_str("%direct"),
            NextHop::DefaultRoute => f.write_str("%defaultroute"),
            NextHop::Addr(ip) => write!(f, "{ip}"),
        }
    }
}

impl Wire for NextHop {
    fn put(&self, w: &mut Writer) {
        match self {
            NextHop::Direct => w.u8(0),
            NextHop::DefaultRoute => w.u8(1),
            NextHop::Addr(ip) => {
                w.u8(2);
                ip.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        let (tag, at) = r.tag(what);
        match tag? {
            0 => Ok(NextHop::Direct),
            1 => Ok(NextHop::DefaultRoute),
            2 => Ok(NextHop::Addr(IpAddr::get(r, what)?)),
            tag => Err(Error::InvalidTag {
                what: "NextHop",
                tag,
                at,
            }),
        }
    }
}

/// `--clientprotoport protocol/port`: traffic selector protocol and port. Protocol 0
/// means any protocol; port `None` (`%any`) means any port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProtoPort {
    /// IP protocol number (6 tcp, 17 udp, ...), 0 for any.
    pub protocol: u8,
    /// Port, `None` for `%any`.
    pub port: Option<u16>,
}
crate::codec::wire_struct!(ProtoPort { protocol, port });

const PROTOCOL_NAMES: &[(&str, u8)] = &[
    ("icmp", 1),
    ("tcp", 6),
    ("udp", 17),
    ("gre", 47),
    ("esp", 50),
    ("ah", 51),
    ("ipv6-icmp", 58),
    ("icmpv6", 58),
    ("sctp", 132),
];

impl FromStr for ProtoPort {
    type Err = ValueError;
    /// `17/1701`, `udp/1701`, `17/%any`, `tcp` (any port).
    fn from_str(s: &str) -> Result<ProtoPort, ValueError> {
        let err = |reason: &str| ValueError::new("protocol/port", s, reason);
        let (proto, port) = match s.split_once('/') {
            Some((p, port)) => (p, Some(port)),
            None => (s, None),
        };
        let protocol = match proto.parse::<u8>() {
            Ok(n) => n,
            Err(_) => crate::value::keyword("protocol", proto, PROTOCOL_NAMES).map_err(|_| {
                err("the protocol must be a number 0..=255 or a name such as tcp, udp, icmp")
            })?,
        };
        let port = match port {
            None | Some("%any") | Some("0") => None,
            Some(p) => Some(
                p.parse::<u16>()
                    .map_err(|_| err("the port must be a number 1..=65535 or %any"))?,
            ),
        };
        Ok(ProtoPort { protocol, port })
    }
}

impl fmt::Display for ProtoPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(p) => write!(f, "{}/{}", self.protocol, p),
            None => write!(f, "{}/%any", self.protocol),
        }
    }
}

/// An inclusive address range `start-end` (or a subnet), e.g. an address pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AddressRange {
    start: IpAddr,
    end: IpAddr,
}

impl AddressRange {
    /// A range; both ends of the same family and `start <= end`.
    pub fn new(start: IpAddr, end: IpAddr) -> Result<AddressRange, String> {
        if AddrFamily::of(&start) != AddrFamily::of(&end) {
            return Err("the two ends are of different address families".into());
        }
        if start > end {
            return Err(format!("{start} is after {end}"));
        }
        Ok(AddressRange { start, end })
    }

    /// First address.
    pub fn start(&self) -> IpAddr {
        self.start
    }

    /// Last address.
    pub fn end(&self) -> IpAddr {
        self.end
    }
}

impl FromStr for AddressRange {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<AddressRange, ValueError> {
        let err = |reason: String| ValueError::new("address range", s, reason);
        if let Some((a, b)) = s.split_once('-') {
            let a: IpAddr = a
                .trim()
                .parse()
                .map_err(|_| err(format!("{a:?} is not an IP address")))?;
            let b: IpAddr = b
                .trim()
                .parse()
                .map_err(|_| err(format!("{b:?} is not an IP address")))?;
            return AddressRange::new(a, b).map_err(err);
        }
        let subnet: Subnet = s.parse()?;
        let last = match subnet.addr() {
            IpAddr::V4(a) => {
                let host = u32::MAX
                    .checked_shr(u32::from(subnet.prefix_len()))
                    .unwrap_or(0);
                IpAddr::V4(Ipv4Addr::from(u32::from(a) | host))
            }
            IpAddr::V6(a) => {
                let host = u128::MAX
                    .checked_shr(u32::from(subnet.prefix_len()))
                    .unwrap_or(0);
                IpAddr::V6(Ipv6Addr::from(u128::from(a) | host))
            }
        };
        AddressRange::new(subnet.addr(), last).map_err(err)
    }
}

impl fmt::Display for AddressRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl Wire for AddressRange {
    fn put(&self, w: &mut Writer) {
        self.start.put(w);
        self.end.put(w);
    }
    fn get(r: &mut Reader<'_>, what: &'static str) -> Result<Self, Error> {
        let at = r.pos();
        let start = IpAddr::get(r, what)?;
        let end = IpAddr::get(r, what)?;
        AddressRange::new(start, end).map_err(|reason| Error::InvalidValue { what, at, reason })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!("%any".parse::<HostAddr>().unwrap(), HostAddr::Any);
        assert_eq!("0.0.0.0".parse::<HostAddr>().unwrap(), HostAddr::Any);
        assert_eq!(
            "192.0.2.1".parse::<HostAddr>().unwrap(),
            HostAddr::Addr("192.0.2.1".parse().unwrap())
        );
        assert_eq!(
            "east.example.org".parse::<HostAddr>().unwrap(),
            HostAddr::Dns("east.example.org".into())
        );
        assert!("%bogus".parse::<HostAddr>().is_err());
        assert!("1.2.3.4.5".parse::<HostAddr>().is_err());
    }

    #[test]
    fn subnets() {
        let s: Subnet = "10.0.1.0/24".parse().unwrap();
        assert_eq!(s.prefix_len(), 24);
        assert_eq!(s.to_string(), "10.0.1.0/24");
        let s: Subnet = "10.0.1.0/255.255.255.0".parse().unwrap();
        assert_eq!(s.prefix_len(), 24);
        assert_eq!("0.0.0.0/0".parse::<Subnet>().unwrap().prefix_len(), 0);
        assert_eq!("2001:db8::/32".parse::<Subnet>().unwrap().prefix_len(), 32);
        assert!("10.0.1.1/24".parse::<Subnet>().is_err());
        assert!("10.0.1.0/33".parse::<Subnet>().is_err());
        assert!("10.0.1.0".parse::<Subnet>().is_err());
        assert!("10.0.1.0/255.0.255.0".parse::<Subnet>().is_err());
    }

    #[test]
    fn protoports() {
        assert_eq!(
            "17/1701".parse::<ProtoPort>().unwrap(),
            ProtoPort {
                protocol: 17,
                port: Some(1701)
            }
        );
        assert_eq!(
            "udp/%any".parse::<ProtoPort>().unwrap(),
            ProtoPort {
                protocol: 17,
                port: None
            }
        );
        assert!("xyz/1".parse::<ProtoPort>().is_err());
        assert!("17/70000".parse::<ProtoPort>().is_err());
    }

    #[test]
    fn nexthops_and_ranges() {
        assert_eq!("%direct".parse::<NextHop>().unwrap(), NextHop::Direct);
        assert_eq!("0.0.0.0".parse::<NextHop>().unwrap(), NextHop::Direct);
        let r: AddressRange = "10.0.0.0/30".parse().unwrap();
        assert_eq!(r.to_string(), "10.0.0.0-10.0.0.3");
        assert!("10.0.0.5-10.0.0.1".parse::<AddressRange>().is_err());
        assert!("10.0.0.1-2001:db8::1".parse::<AddressRange>().is_err());
    }
}
