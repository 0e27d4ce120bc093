//! Which connection a responder uses once the initiator has said who it is.
//!
//! At IKE_SA_INIT a responder knows only the two addresses, so it picks a
//! connection by address alone (pluto's manual, "Selecting a Connection
//! When Responding"). In IKE_AUTH the initiator's IDi (and optionally the
//! IDr it wants us to be, RFC 7296 3.5) arrive, and the responder looks
//! again among every connection that could have been chosen for those
//! addresses and that accepts the IKE SA algorithms already negotiated, as
//! Libreswan's `refine_host_connection` and strongSwan's peer config
//! matching do. This module is that choice, as pure data: no state, no
//! keys are checked here (the AUTH check happens afterwards, with the
//! chosen connection's secret).

use std::borrow::Cow;
use std::net::IpAddr;

use super::connection::{AuthMethod, Connection};
use super::id::Identity;
use super::proposal::{accept_answer, Chosen, DhRule};
use super::selector::Subnet;
use crate::msg::consts::{auth as auth_method, proto};

/// What the responder knows about the initiator when IKE_AUTH arrives.
#[derive(Debug, Clone, Copy)]
pub struct PeerClaim<'a> {
    /// Our address the IKE SA runs on.
    pub local: IpAddr,
    /// The initiator's address.
    pub remote: IpAddr,
    /// The IKE SA algorithms negotiated in IKE_SA_INIT.
    pub ike: &'a Chosen,
    /// The initiator's identity (IDi).
    pub peer_id: &'a Identity,
    /// The identity the initiator wants us to have (IDr), if it sent one.
    pub wanted_local_id: Option<&'a Identity>,
    /// The AUTH method the initiator used.
    pub auth_method: u8,
}

/// How well a connection fits, compared field by field in this order
/// (derived `Ord`): the first difference decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fit {
    /// The connection names this peer ID (not `%any` or a wildcard).
    pub exact_peer_id: bool,
    /// IDr was sent and is our identity in this connection.
    pub local_id_wanted: bool,
    /// The connection expects the AUTH method the peer used and has the key
    /// to check it (the PSK, or the peer's public key).
    pub auth_method: bool,
    /// The connection names the peer's address (not `%any`).
    pub exact_peer_host: bool,
    /// The first Child SA's proposal and traffic selectors fit.
    pub child: bool,
}

/// Can `conn` check an AUTH payload of `method` (RFC 7296 2.15)?
pub fn verifies_auth_method(conn: &Connection, method: u8) -> bool {
    match &conn.remote.auth {
        AuthMethod::Psk => method == auth_method::PSK && conn.psk.is_some(),
        AuthMethod::RsaSig {
            public_key: Some(_),
            ..
        } => matches!(
            method,
            auth_method::RSA_SIG | auth_method::DIGITAL_SIGNATURE
        ),
        AuthMethod::RsaSig {
            public_key: None, ..
        }
        | AuthMethod::Never => false,
    }
}

/// Do the connection's hosts allow these addresses (`None` is `%any`)?
pub fn hosts_match(conn: &Connection, local: IpAddr, remote: IpAddr) -> bool {
    conn.local.host.is_none_or(|h| h == local) && conn.remote.host.is_none_or(|h| h == remote)
}

/// Does the connection's `ike=` accept the algorithms already in use?
pub fn accepts_ike(conn: &Connection, ike: &Chosen) -> bool {
    let answer = ike.to_offered(1, proto::IKE, Vec::new());
    accept_answer(&conn.ike, &answer, proto::IKE, DhRule::Required).as_ref() == Some(ike)
}

/// How well `conn` fits the peer, or `None` when it cannot be used at all
/// (other addresses, other IKE algorithms, or an identity it does not
/// accept). `child_fits` says whether the first Child SA would be accepted
/// under `conn` (the caller owns that rule).
pub fn fit(
    conn: &Connection,
    peer: &PeerClaim<'_>,
    child_fits: impl Fn(&Connection) -> bool,
) -> Option<Fit> {
    if !hosts_match(conn, peer.local, peer.remote) || !accepts_ike(conn, peer.ike) {
        return None;
    }
    let expected = conn.remote.identity();
    if !expected.matches(peer.peer_id) {
        return None;
    }
    Some(Fit {
        exact_peer_id: expected != Identity::Any,
        local_id_wanted: peer
            .wanted_local_id
            .is_some_and(|w| conn.local.identity().matches(w) && *w != Identity::Any),
        auth_method: verifies_auth_method(conn, peer.auth_method),
        exact_peer_host: conn.remote.host.is_some(),
        child: child_fits(conn),
    })
}

/// The best connection for the peer among `conns`, or `None` when none
/// accepts it. On a tie the connection chosen at IKE_SA_INIT (`current`)
/// stays, else the first in `conns` order wins (a stable, predictable
/// choice: the endpoint lists connections by name).
pub fn best<'c>(
    conns: impl IntoIterator<Item = &'c Connection>,
    peer: &PeerClaim<'_>,
    current: &str,
    child_fits: impl Fn(&Connection) -> bool,
) -> Option<&'c Connection> {
    let mut best: Option<((Fit, bool), &Connection)> = None;
    for conn in conns {
        let Some(f) = fit(conn, peer, &child_fits) else {
            continue;
        };
        let key = (f, conn.name == current);
        if best.as_ref().is_none_or(|(k, _)| key > *k) {
            best = Some((key, conn));
        }
    }
    best.map(|(_, c)| c)
}

/// `conn` as it applies to a peer at `remote`: a road-warrior connection
/// (`right=%any`) with no client subnet stands for the peer's address, as
/// pluto's instantiated connection does; any other is returned as is.
pub fn for_peer(conn: &Connection, remote: IpAddr) -> Cow<'_, Connection> {
    if conn.remote.host.is_some() || conn.remote.subnet.is_some() {
        return Cow::Borrowed(conn);
    }
    let mut c = conn.clone();
    c.remote.subnet = Some(Subnet::host(remote));
    Cow::Owned(c)
}

/// Can a Child SA of an IKE SA set up under `ike_conn` with peer
/// `peer_id` fall under `other` instead? Only when `other` is between the
/// same addresses and the same identities and trusts the peer with the same
/// credentials (a peer proven with one PSK must not reach a connection that
/// wants another). Libreswan does this for `leftsubnets=`-style families.
pub fn same_peer(
    ike_conn: &Connection,
    other: &Connection,
    local: IpAddr,
    remote: IpAddr,
    peer_id: &Identity,
) -> bool {
    hosts_match(other, local, remote)
        && other.local.identity() == ike_conn.local.identity()
        && other.remote.identity().matches(peer_id)
        && other.remote.auth == ike_conn.remote.auth
        && other.psk == ike_conn.psk
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{parse_ike, End, Psk};

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn conn(name: &str, remote_host: Option<&str>, remote_id: &str) -> Connection {
        let mut local = End::new(ip("192.0.2.2"));
        local.id = Some(Identity::parse("@east").unwrap());
        let mut remote = End::new(ip("192.0.2.1"));
        remote.host = remote_host.map(ip);
        remote.id = Some(Identity::parse(remote_id).unwrap());
        let mut c = Connection::new(name, local, remote);
        c.psk = Some(Psk::new(b"k".to_vec()));
        c.ike = parse_ike("aes256-sha2_256;dh19").unwrap();
        c
    }

    fn chosen() -> Chosen {
        let p = &parse_ike("aes256-sha2_256;dh19").unwrap()[0];
        Chosen {
            encr: p.encr[0],
            prf: Some(p.prf[0]),
            integ: Some(p.integ[0]),
            dh: Some(p.dh[0]),
            esn: None,
        }
    }

    fn pick<'c>(conns: &'c [Connection], id: &str, idr: Option<&str>, current: &str) -> &'c str {
        let ike = chosen();
        let peer_id = Identity::parse(id).unwrap();
        let idr = idr.map(|s| Identity::parse(s).unwrap());
        let claim = PeerClaim {
            local: ip("192.0.2.2"),
            remote: ip("192.0.2.1"),
            ike: &ike,
            peer_id: &peer_id,
            wanted_local_id: idr.as_ref(),
            auth_method: auth_method::PSK,
        };
        best(conns, &claim, current, |_| true).map_or("", |c| c.name.as_str())
    }

    #[test]
    fn exact_id_beats_wildcard_and_current_wins_ties() {
        let conns = [
            conn("a-any", None, "%any"),
            conn("b-west", Some("192.0.2.1"), "@west"),
            conn("c-other", Some("192.0.2.1"), "@other"),
        ];
        assert_eq!(pick(&conns, "@west", None, "a-any"), "b-west");
        assert_eq!(pick(&conns, "@other", None, "a-any"), "c-other");
        assert_eq!(pick(&conns, "@nobody", None, "c-other"), "a-any");
        let twins = [conn("x", None, "%any"), conn("y", None, "%any")];
        assert_eq!(pick(&twins, "@w", None, "y"), "y");
        assert_eq!(pick(&twins, "@w", None, "z"), "x");
    }

    #[test]
    fn idr_auth_and_ike_algorithms_count() {
        let mut other_me = conn("a", None, "%any");
        other_me.local.id = Some(Identity::parse("@east-2").unwrap());
        let conns = [other_me, conn("b", None, "%any")];
        assert_eq!(pick(&conns, "@w", Some("@east-2"), "b"), "a");
        assert_eq!(pick(&conns, "@w", None, "b"), "b");

        let mut no_key = conn("a", None, "%any");
        no_key.psk = None;
        let conns = [no_key, conn("b", None, "%any")];
        assert_eq!(pick(&conns, "@w", None, "a"), "b");

        let mut other_ike = conn("a", Some("192.0.2.1"), "@w");
        other_ike.ike = parse_ike("aes128-sha1;modp2048").unwrap();
        let conns = [other_ike, conn("b", None, "%any")];
        assert_eq!(pick(&conns, "@w", None, "a"), "b");

        let mut elsewhere = conn("a", Some("192.0.2.9"), "@w");
        assert!(!same_peer(
            &conns[1],
            &elsewhere,
            ip("192.0.2.2"),
            ip("192.0.2.1"),
            &Identity::parse("@w").unwrap()
        ));
        elsewhere.local.host = Some(ip("192.0.2.2"));
        assert_eq!(pick(&[elsewhere], "@w", None, "a"), "");
    }

    #[test]
    fn same_peer_needs_same_ids_and_secret() {
        let (l, r) = (ip("192.0.2.2"), ip("192.0.2.1"));
        let w = Identity::parse("@w").unwrap();
        let base = conn("a", Some("192.0.2.1"), "@w");
        assert!(same_peer(&base, &conn("b", None, "%any"), l, r, &w));
        assert!(!same_peer(&base, &conn("b", None, "@x"), l, r, &w));
        let mut other_key = conn("b", None, "%any");
        other_key.psk = Some(Psk::new(b"other".to_vec()));
        assert!(!same_peer(&base, &other_key, l, r, &w));
        let mut other_me = conn("b", None, "%any");
        other_me.local.id = Some(Identity::parse("@east-2").unwrap());
        assert!(!same_peer(&base, &other_me, l, r, &w));
    }
}
