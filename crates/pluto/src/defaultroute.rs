//! `%defaultroute` (ipsec.conf `left=%defaultroute`,
//! `leftnexthop=%defaultroute`), resolved when the connection is added, as
//! Libreswan's addconn does before pluto sees it: toward the peer when its
//! address is known (the source the kernel would use for it, and the
//! gateway of the route to it), else from the default route (the source
//! toward its gateway, or the address of its interface when it has none,
//! as on a point-to-point link).
//!
//! The source comes from the kernel itself: a UDP socket connected to the
//! destination (which sends nothing) is given the source address the route
//! lookup picks, preferred source and policy routing included. The
//! gateway comes from the main routing table in `/proc/net/route` and
//! `/proc/net/ipv6_route`, longest prefix first, then lowest metric (policy
//! routing's other tables are not read).
#![forbid(unsafe_code)]

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};

/// One route of the main table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Interface name.
    pub iface: String,
    /// Destination prefix.
    pub dest: IpAddr,
    /// Its length in bits.
    pub prefix: u8,
    /// The gateway, if the route has one.
    pub gateway: Option<IpAddr>,
    /// Metric (lower wins among equal prefixes).
    pub metric: u32,
}

/// What `%defaultroute` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// Our address (`left=%defaultroute`).
    pub source: IpAddr,
    /// The next hop (`leftnexthop=%defaultroute`); `None` when the
    /// destination is on a directly connected network.
    pub gateway: Option<IpAddr>,
}

/// Why `%defaultroute` cannot be resolved.
#[derive(Debug, thiserror::Error)]
pub enum RouteError {
    /// The routing table could not be read.
    #[error("cannot read {path}: {err}")]
    Table {
        /// The file.
        path: &'static str,
        /// Why.
        err: io::Error,
    },
    /// No default route for the family.
    #[error("there is no {0} default route")]
    NoDefault(&'static str),
    /// The kernel has no route to the destination.
    #[error("no route to {dst}: {err}")]
    NoRoute {
        /// Where to.
        dst: IpAddr,
        /// The kernel's answer.
        err: io::Error,
    },
    /// The default route's interface has no usable address.
    #[error("interface {iface} of the {family} default route has no address")]
    NoAddress {
        /// The interface.
        iface: String,
        /// IPv4 or IPv6.
        family: &'static str,
    },
}

/// Flags of `/proc/net/route` (linux/route.h).
const RTF_UP: u32 = 0x0001;
const RTF_GATEWAY: u32 = 0x0002;

/// Routes of `/proc/net/route`: a header line, then per route the
/// interface and hex fields, addresses as the kernel's little-endian u32.
/// Routes that are not up, and lines that do not parse, are skipped.
pub fn parse_ipv4(text: &str) -> Vec<Route> {
    let hex = |s: &str| u32::from_str_radix(s, 16).ok();
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            let (iface, dest, gw, flags, metric, mask) = (
                f.first()?,
                hex(f.get(1)?)?,
                hex(f.get(2)?)?,
                hex(f.get(3)?)?,
                f.get(6)?.parse().ok()?,
                hex(f.get(7)?)?,
            );
            let addr = |v: u32| IpAddr::V4(Ipv4Addr::from(v.to_le_bytes()));
            (flags & RTF_UP != 0).then(|| Route {
                iface: iface.to_string(),
                dest: addr(dest),
                prefix: u32::from_le_bytes(mask.to_be_bytes()).leading_ones() as u8,
                gateway: (flags & RTF_GATEWAY != 0).then(|| addr(gw)),
                metric,
            })
        })
        .collect()
}

/// Routes of `/proc/net/ipv6_route`: per line destination, its length,
/// source, its length, next hop (32 hex digits for an address, 2 for a
/// length), metric, reference count, use, flags (hex) and interface.
pub fn parse_ipv6(text: &str) -> Vec<Route> {
    let addr = |s: &str| u128::from_str_radix(s, 16).ok().map(Ipv6Addr::from);
    text.lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            let (dest, prefix, gw, metric, flags, iface) = (
                addr(f.first()?)?,
                u8::from_str_radix(f.get(1)?, 16).ok()?,
                addr(f.get(4)?)?,
                u32::from_str_radix(f.get(5)?, 16).ok()?,
                u32::from_str_radix(f.get(8)?, 16).ok()?,
                f.get(9)?,
            );
            (flags & RTF_UP != 0 && *iface != "lo").then(|| Route {
                iface: iface.to_string(),
                dest: IpAddr::V6(dest),
                prefix,
                gateway: (!gw.is_unspecified()).then_some(IpAddr::V6(gw)),
                metric,
            })
        })
        .collect()
}

/// Whether `dst` falls in the route's prefix.
fn covers(r: &Route, dst: IpAddr) -> bool {
    let bits = |a: IpAddr| -> (u128, u32) {
        match a {
            IpAddr::V4(v) => (u128::from(u32::from(v)), 32),
            IpAddr::V6(v) => (u128::from(v), 128),
        }
    };
    let ((d, width), (n, w2)) = (bits(dst), bits(r.dest));
    if width != w2 || u32::from(r.prefix) > width {
        return false;
    }
    // A zero-length prefix covers everything (and a shift by the full
    // width would overflow).
    let shift = width - u32::from(r.prefix);
    shift == width || (d >> shift) == (n >> shift)
}

/// The route the main table gives for `dst`: longest prefix, then lowest
/// metric.
pub fn lookup(routes: &[Route], dst: IpAddr) -> Option<&Route> {
    routes
        .iter()
        .filter(|r| covers(r, dst))
        .max_by_key(|r| (r.prefix, std::cmp::Reverse(r.metric)))
}

/// The source address the kernel picks for datagrams to `dst`.
pub fn source_toward(dst: IpAddr) -> Result<IpAddr, RouteError> {
    let no_route = |err| RouteError::NoRoute { dst, err };
    let any: IpAddr = match dst {
        IpAddr::V4(_) => Ipv4Addr::UNSPECIFIED.into(),
        IpAddr::V6(_) => Ipv6Addr::UNSPECIFIED.into(),
    };
    let sock = UdpSocket::bind(SocketAddr::new(any, 0)).map_err(no_route)?;
    // Connecting a UDP socket only looks the route up; nothing is sent.
    sock.connect(SocketAddr::new(dst, 9)).map_err(no_route)?;
    Ok(sock.local_addr().map_err(no_route)?.ip())
}

fn family(v6: bool) -> &'static str {
    if v6 {
        "IPv6"
    } else {
        "IPv4"
    }
}

/// The main table of the family.
fn read_routes(v6: bool) -> Result<Vec<Route>, RouteError> {
    let path = if v6 {
        "/proc/net/ipv6_route"
    } else {
        "/proc/net/route"
    };
    let text = std::fs::read_to_string(path).map_err(|err| RouteError::Table { path, err })?;
    Ok(if v6 {
        parse_ipv6(&text)
    } else {
        parse_ipv4(&text)
    })
}

/// `%defaultroute` for one end whose peer is `peer` (`None`: `%any`, then
/// the family is IPv6 if `v6`).
pub fn resolve(peer: Option<IpAddr>, v6: bool) -> Result<Resolved, RouteError> {
    let v6 = peer.map_or(v6, |p| p.is_ipv6());
    let routes = read_routes(v6)?;
    if let Some(p) = peer {
        let source = source_toward(p)?;
        // A peer on this host (loopback, or one of our addresses) is
        // routed by the local table, which /proc/net/route does not show.
        let local = p.is_loopback() || source == p;
        return Ok(Resolved {
            source,
            gateway: lookup(&routes, p)
                .and_then(|r| r.gateway)
                .filter(|_| !local),
        });
    }
    let default = routes
        .iter()
        .filter(|r| r.prefix == 0)
        .min_by_key(|r| r.metric)
        .ok_or(RouteError::NoDefault(family(v6)))?;
    let source = match default.gateway {
        // An IPv6 gateway is usually link-local, which needs the interface
        // to be named to connect to; the interface's address serves.
        Some(g @ IpAddr::V4(_)) => source_toward(g)?,
        _ => interface_address(&default.iface, v6)?,
    };
    Ok(Resolved {
        source,
        gateway: default.gateway,
    })
}

/// The first address of `iface` in the family, global before link-local.
fn interface_address(iface: &str, v6: bool) -> Result<IpAddr, RouteError> {
    let none = || RouteError::NoAddress {
        iface: iface.to_string(),
        family: family(v6),
    };
    let addrs = crate::sys::interface_addresses().map_err(|_| none())?;
    let link_local = |a: &IpAddr| match a {
        IpAddr::V6(v) => v.segments()[0] & 0xffc0 == 0xfe80,
        IpAddr::V4(v) => v.is_link_local(),
    };
    addrs
        .iter()
        .filter(|a| a.name == iface && a.addr.is_ipv6() == v6)
        .map(|a| a.addr)
        .min_by_key(link_local)
        .ok_or_else(none)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V4: &str =
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth1\t00000000\t0101A8C0\t0003\t0\t0\t50\t00000000\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
eth2\t0000000A\t0100000A\t0003\t0\t0\t0\t000000FF\t0\t0\t0
eth3\t0000010A\t00000000\t0000\t0\t0\t0\t00FFFFFF\t0\t0\t0
garbage line
";

    const V6: &str = "fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000003 00000000 00000003     eth0
00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000004 00000000 80200001       lo
";

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ipv4_table() {
        let r = parse_ipv4(V4);
        // eth3's route is down; the header and the garbage are skipped.
        assert_eq!(r.len(), 4);
        assert_eq!(
            r[0],
            Route {
                iface: "eth0".into(),
                dest: ip("0.0.0.0"),
                prefix: 0,
                gateway: Some(ip("192.0.2.1")),
                metric: 100,
            }
        );
        assert_eq!(
            (r[2].dest, r[2].prefix, r[2].gateway),
            (ip("192.0.2.0"), 24, None)
        );
        assert_eq!((r[3].dest, r[3].prefix), (ip("10.0.0.0"), 8));
        // Longest prefix, then lowest metric.
        assert_eq!(
            lookup(&r, ip("192.0.2.77")).map(|r| &*r.iface),
            Some("eth0")
        );
        assert_eq!(lookup(&r, ip("192.0.2.77")).unwrap().prefix, 24);
        assert_eq!(
            lookup(&r, ip("10.9.9.9")).unwrap().gateway,
            Some(ip("10.0.0.1"))
        );
        assert_eq!(
            lookup(&r, ip("198.51.100.1")).map(|r| &*r.iface),
            Some("eth1")
        );
        assert!(lookup(&r, ip("2001:db8::1")).is_none());
    }

    #[test]
    fn ipv6_table() {
        let r = parse_ipv6(V6);
        // Loopback routes are skipped.
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].dest, r[0].prefix, r[0].gateway),
            (ip("fd00::"), 64, None)
        );
        assert_eq!(r[1].gateway, Some(ip("fe80::1")));
        assert_eq!(lookup(&r, ip("fd00::5")).unwrap().prefix, 64);
        assert_eq!(lookup(&r, ip("2001:db8::1")).unwrap().prefix, 0);
        assert!(lookup(&r, ip("192.0.2.1")).is_none());
    }

    #[test]
    fn full_length_prefixes() {
        let host = Route {
            iface: "eth0".into(),
            dest: ip("192.0.2.9"),
            prefix: 32,
            gateway: None,
            metric: 0,
        };
        assert!(covers(&host, ip("192.0.2.9")));
        assert!(!covers(&host, ip("192.0.2.8")));
        let bad = Route {
            prefix: 33,
            ..host.clone()
        };
        assert!(!covers(&bad, ip("192.0.2.9")));
    }

    #[test]
    fn source_toward_loopback() {
        assert_eq!(source_toward(ip("127.0.0.1")).unwrap(), ip("127.0.0.1"));
    }
}
