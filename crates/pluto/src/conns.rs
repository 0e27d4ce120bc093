//! The connection database: what whack (or ipsec.conf) described, and which
//! end is us. Orientation follows the manual: "pluto decides whether it is
//! the left side or the right side of the connection, based on the IP
//! numbers of its interfaces" — and, as Libreswan does, on the IKE port, so
//! that two plutos on one address can each find their end.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use whack_proto::{AddrFamily, ConnectionRequest, End, HostAddr, IkeVersion, NextHop};

/// Which end is ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// We are the end before `--to`.
    Left,
    /// We are the end after `--to`.
    Right,
}

/// Why a connection description is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnError {
    /// The name is taken (RC_DUPNAME).
    #[error("attempt to redefine connection \"{0}\"")]
    Duplicate(String),
    /// Something in it cannot be used (RC_FATAL).
    #[error("\"{name}\": {why}")]
    Invalid {
        /// The connection.
        name: String,
        /// What is wrong.
        why: String,
    },
}

/// One connection as loaded.
#[derive(Debug, Clone)]
pub struct Conn {
    /// What whack sent (or ipsec.conf said).
    pub req: ConnectionRequest,
    /// Resolved left host (`None`: `%any`).
    pub left_host: Option<IpAddr>,
    /// Resolved right host.
    pub right_host: Option<IpAddr>,
    /// Which end is ours, once oriented.
    pub side: Option<Side>,
    /// Routed by `whack --route` (or auto=route).
    pub routed: bool,
    /// Order of addition, for status listings.
    pub seq: u64,
}

impl Conn {
    /// Our end and the peer's end, once oriented.
    pub fn ends(&self) -> Option<(&End, &End)> {
        match self.side? {
            Side::Left => Some((&self.req.left, &self.req.right)),
            Side::Right => Some((&self.req.right, &self.req.left)),
        }
    }
    /// Our host and the peer's (either may be `%any`), once oriented.
    pub fn hosts(&self) -> Option<(Option<IpAddr>, Option<IpAddr>)> {
        match self.side? {
            Side::Left => Some((self.left_host, self.right_host)),
            Side::Right => Some((self.right_host, self.left_host)),
        }
    }
    /// The name.
    pub fn name(&self) -> &str {
        &self.req.name
    }
}

/// Resolve `--host`: a literal, `%any`, or a DNS name (resolved now, as the
/// manual says for `--id`).
fn resolve(name: &str, h: &HostAddr) -> Result<Option<IpAddr>, ConnError> {
    let invalid = |why: String| ConnError::Invalid {
        name: name.into(),
        why,
    };
    match h {
        HostAddr::Addr(a) => Ok(Some(*a)),
        HostAddr::Any => Ok(None),
        HostAddr::Dns(n) => (n.as_str(), 0u16)
            .to_socket_addrs()
            .map_err(|e| invalid(format!("cannot resolve host {n}: {e}")))?
            .next()
            .map(|s| Some(s.ip()))
            .ok_or_else(|| invalid(format!("host {n} has no address"))),
        HostAddr::Opportunistic => Err(invalid(
            "opportunistic encryption (%opportunistic) is not supported".into(),
        )),
        // Resolved against the other end by `resolve_defaultroute`.
        HostAddr::DefaultRoute => Ok(None),
    }
}

/// `%defaultroute` in an end's host or next hop, resolved toward the other
/// end's host when that is known ([`crate::defaultroute`]): the host
/// becomes our source address, the next hop the gateway (the peer itself
/// when it is directly connected). Written into the request, as
/// Libreswan's addconn resolves it before pluto sees the connection.
fn resolve_defaultroute(
    name: &str,
    end: &mut End,
    host: &mut Option<IpAddr>,
    peer: Option<IpAddr>,
    v6: bool,
) -> Result<(), ConnError> {
    let host_wanted = end.host == HostAddr::DefaultRoute;
    let hop_wanted = end.nexthop == Some(NextHop::DefaultRoute);
    if !host_wanted && !hop_wanted {
        return Ok(());
    }
    let r = crate::defaultroute::resolve(peer, v6).map_err(|e| ConnError::Invalid {
        name: name.into(),
        why: format!("cannot resolve %defaultroute: {e}"),
    })?;
    if host_wanted {
        *host = Some(r.source);
    }
    if hop_wanted {
        end.nexthop = match r.gateway.or(peer) {
            Some(g) => Some(NextHop::Addr(g)),
            None => Some(NextHop::Direct),
        };
    }
    Ok(())
}

/// All connections by name.
#[derive(Debug, Default)]
pub struct Conns {
    by_name: BTreeMap<String, Conn>,
    next_seq: u64,
}

impl Conns {
    /// Add one; `replace` (whack `--delete` in the connection form) removes a
    /// same-named one first. Returns the old one if it was replaced.
    pub fn add(&mut self, req: ConnectionRequest) -> Result<Option<Conn>, ConnError> {
        let name = req.name.clone();
        let invalid = |why: &str| ConnError::Invalid {
            name: name.clone(),
            why: why.into(),
        };
        if name.is_empty() {
            return Err(invalid("a connection needs a name"));
        }
        if req.ike_version == IkeVersion::V1 {
            return Err(invalid(
                "IKEv1 is not supported yet (the parsers accept it; negotiation comes later); use IKEv2",
            ));
        }
        if !req.replace && self.by_name.contains_key(&name) {
            return Err(ConnError::Duplicate(name));
        }
        let mut req = req;
        let mut left_host = resolve(&name, &req.left.host)?;
        let mut right_host = resolve(&name, &req.right.host)?;
        let v6 = req.host_family == Some(AddrFamily::V6);
        resolve_defaultroute(&name, &mut req.left, &mut left_host, right_host, v6)?;
        resolve_defaultroute(&name, &mut req.right, &mut right_host, left_host, v6)?;
        if let (Some(l), Some(r)) = (left_host, right_host) {
            if l.is_ipv4() != r.is_ipv4() {
                return Err(invalid(
                    "left and right hosts must be of the same address family",
                ));
            }
        }
        if left_host.is_none() && right_host.is_none() {
            return Err(invalid(
                "at least one end needs a host address (both are %any)",
            ));
        }
        let old = self.by_name.remove(&name);
        self.next_seq += 1;
        self.by_name.insert(
            name,
            Conn {
                req,
                left_host,
                right_host,
                side: None,
                routed: false,
                seq: self.next_seq,
            },
        );
        Ok(old)
    }

    /// Look one up.
    pub fn get(&self, name: &str) -> Option<&Conn> {
        self.by_name.get(name)
    }

    /// Look one up, mutably.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Conn> {
        self.by_name.get_mut(name)
    }

    /// Remove one.
    pub fn remove(&mut self, name: &str) -> Option<Conn> {
        self.by_name.remove(name)
    }

    /// All, in name order.
    pub fn iter(&self) -> impl Iterator<Item = &Conn> {
        self.by_name.values()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Orient every connection against our bound (address, port) pairs.
    /// Returns (name, outcome line) for each whose orientation changed.
    pub fn orient_all(&mut self, ours: &[SocketAddr]) -> Vec<(String, String)> {
        let mut changes = Vec::new();
        for c in self.by_name.values_mut() {
            let new = orient(c, ours);
            if new != c.side {
                let line = match new {
                    Some(Side::Left) => "oriented: we are the left end".to_string(),
                    Some(Side::Right) => "oriented: we are the right end".to_string(),
                    None => "no longer oriented: neither end is one of our interfaces".into(),
                };
                c.side = new;
                changes.push((c.req.name.clone(), line));
            }
        }
        changes
    }

    /// Orient one.
    pub fn orient_one(&mut self, name: &str, ours: &[SocketAddr]) -> Option<Side> {
        let c = self.by_name.get_mut(name)?;
        c.side = orient(c, ours);
        c.side
    }
}

fn end_matches(host: Option<IpAddr>, end: &End, ours: &[SocketAddr]) -> bool {
    let Some(h) = host else { return false };
    let port = end.ikeport.unwrap_or(500);
    ours.iter().any(|s| s.ip() == h && s.port() == port)
}

/// Which end is ours: the end whose host address and IKE port are one of
/// our sockets. When both are (two hosts on one machine with the same
/// port), left wins, as in Libreswan.
pub fn orient(c: &Conn, ours: &[SocketAddr]) -> Option<Side> {
    let l = end_matches(c.left_host, &c.req.left, ours);
    let r = end_matches(c.right_host, &c.req.right, ours);
    match (l, r) {
        (true, _) => Some(Side::Left),
        (false, true) => Some(Side::Right),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(host: &str, port: u16) -> End {
        let mut e = End::new(HostAddr::Addr(host.parse().unwrap()));
        e.ikeport = Some(port);
        e
    }

    /// `%defaultroute` toward a known peer: the source the kernel picks
    /// for it; a directly reached peer is its own next hop.
    #[test]
    fn defaultroute_toward_a_known_peer() {
        let mut cs = Conns::default();
        let mut left = End::new(HostAddr::DefaultRoute);
        left.nexthop = Some(NextHop::DefaultRoute);
        let req = ConnectionRequest::new("d", left, end("127.0.0.1", 500));
        cs.add(req).unwrap();
        let c = cs.get("d").unwrap();
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(c.left_host, Some(lo));
        assert_eq!(c.req.left.nexthop, Some(NextHop::Addr(lo)));
        // An explicit next hop is left alone.
        let mut right = End::new(HostAddr::DefaultRoute);
        right.nexthop = Some(NextHop::Addr("127.0.0.9".parse().unwrap()));
        cs.add(ConnectionRequest::new("e", end("127.0.0.1", 500), right))
            .unwrap();
        let c = cs.get("e").unwrap();
        assert_eq!(c.right_host, Some(lo));
        assert_eq!(
            c.req.right.nexthop,
            Some(NextHop::Addr("127.0.0.9".parse().unwrap()))
        );
    }

    #[test]
    fn orientation_by_address_and_port() {
        let mut cs = Conns::default();
        let req = ConnectionRequest::new("c", end("127.0.0.1", 5001), end("127.0.0.1", 5002));
        cs.add(req).unwrap();
        let a: Vec<SocketAddr> = vec!["127.0.0.1:5001".parse().unwrap()];
        let b: Vec<SocketAddr> = vec!["127.0.0.1:5002".parse().unwrap()];
        assert_eq!(cs.orient_one("c", &a), Some(Side::Left));
        assert_eq!(cs.orient_one("c", &b), Some(Side::Right));
        assert_eq!(cs.orient_one("c", &[]), None);
    }

    #[test]
    fn duplicate_and_replace() {
        let mut cs = Conns::default();
        let req = ConnectionRequest::new("c", end("192.0.2.1", 500), end("192.0.2.2", 500));
        cs.add(req.clone()).unwrap();
        assert_eq!(
            cs.add(req.clone()).unwrap_err(),
            ConnError::Duplicate("c".into())
        );
        let mut again = req;
        again.replace = true;
        assert!(cs.add(again).unwrap().is_some());
        assert_eq!(cs.len(), 1);
    }

    #[test]
    fn refusals() {
        let mut cs = Conns::default();
        let mut v1 = ConnectionRequest::new("v1", end("192.0.2.1", 500), end("192.0.2.2", 500));
        v1.ike_version = IkeVersion::V1;
        assert!(cs.add(v1).unwrap_err().to_string().contains("IKEv1"));
        let mixed = ConnectionRequest::new("m", end("192.0.2.1", 500), end("2001:db8::1", 500));
        assert!(cs.add(mixed).is_err());
        let any = ConnectionRequest::new("a", End::new(HostAddr::Any), End::new(HostAddr::Any));
        assert!(cs.add(any).is_err());
    }
}
