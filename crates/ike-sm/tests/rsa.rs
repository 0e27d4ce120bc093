//! RSA signature authentication with raw public keys (RFC 7296 2.15,
//! RFC 7427): establishment with method 14 and method 1 in both roles, and
//! a wrong key ending in AUTHENTICATION_FAILED with no SA left.

mod common;

use std::time::Duration;

use common::*;
use ike_sm::config::{AuthMethod, Connection, PrivateKey};
use ike_sm::sim::Network;
use ike_sm::Event;

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/rsa/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rsa(public_key: Option<Vec<u8>>) -> AuthMethod {
    AuthMethod::RsaSig {
        public_key,
        cert: None,
    }
}

/// Both ends authenticate with RSA; `peer_key` picks the public key each
/// side expects of the other (by the other's name).
fn rsa_conn(c: &mut Connection, west: bool, peer_key: &str) {
    let (me, _) = if west {
        ("west", "east")
    } else {
        ("east", "west")
    };
    c.psk = None;
    c.private_key = Some(PrivateKey::from_pkcs8_der(data(&format!("{me}.pk8.der"))));
    c.local.auth = rsa(None);
    c.remote.auth = rsa(Some(data(&format!("{peer_key}.spki.der"))));
}

fn correct(c: &mut Connection, west: bool) {
    rsa_conn(c, west, if west { "east" } else { "west" });
}

/// The AUTH method each node logged for its peer.
fn peer_methods(net: &Network, node: usize) -> Vec<String> {
    net.nodes[node]
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Log(l) if l.text.starts_with("peer authenticated with") => Some(l.text.clone()),
            _ => None,
        })
        .collect()
}

fn assert_method(net: &Network, node: usize, method: u8) {
    let m = peer_methods(net, node);
    assert_eq!(m.len(), 1, "{}", dump(net));
    assert!(
        m[0].contains(&format!("AUTH method {method} ")),
        "node{node}: {m:?}"
    );
}

#[test]
fn rsa_method_14_both_ways() {
    let mut net = pair(21, correct);
    assert!(establish(&mut net, 10), "{}", dump(&net));
    assert_eq!((ike_up(&net, 0), ike_up(&net, 1)), (1, 1));
    // Both sent SIGNATURE_HASH_ALGORITHMS: RFC 7427 with SHA2-256.
    assert_method(&net, 0, 14);
    assert_method(&net, 1, 14);
    assert!(peer_methods(&net, 0)[0].contains("Sha256"));
}

#[test]
fn rsa_method_1_without_signature_hash_notify() {
    let mut net = pair(22, |c, west| {
        correct(c, west);
        c.rsa_sha2 = false;
    });
    assert!(establish(&mut net, 10), "{}", dump(&net));
    assert_method(&net, 0, 1);
    assert_method(&net, 1, 1);
}

#[test]
fn rsa_mixed_methods_follow_each_peers_notify() {
    let mut net = pair(23, |c, west| {
        correct(c, west);
        c.rsa_sha2 = west;
    });
    assert!(establish(&mut net, 10), "{}", dump(&net));
    // West announced SHA-2 hashes, but east is rsa-sha1: east signs method
    // 1; east sent no notify, so west signs method 1.
    assert_method(&net, 0, 1);
    assert_method(&net, 1, 1);
}

#[test]
fn responder_initiates_back_with_rsa() {
    // East initiates this time (roles swapped).
    let mut net = pair(24, correct);
    let now = net.now;
    net.nodes[1].endpoint.initiate(now, CONN).unwrap();
    assert!(
        net.run_until(Duration::from_secs(10), |n| child_up(n, 0) >= 1
            && child_up(n, 1) >= 1),
        "{}",
        dump(&net)
    );
    assert_method(&net, 0, 14);
    assert_method(&net, 1, 14);
}

fn wrong_key(west_is_wrong: bool) {
    // One side expects its peer to hold its own key: the signature over
    // the peer's AUTH cannot verify.
    let mut net = pair(25, |c, west| {
        let peer = match (west, west_is_wrong) {
            (true, true) => "west",
            (false, false) => "east",
            (true, false) => "east",
            (false, true) => "west",
        };
        rsa_conn(c, west, peer);
    });
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    assert_eq!(child_up(&net, 0), 0);
    // The initiator never accepts; a responder that already answered is
    // told by the initiator's Delete (RFC 7296 2.21.2) and removes its SA.
    assert_eq!(ike_up(&net, 0), 0, "{}", dump(&net));
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0), "{}", dump(&net));
    assert_eq!(net.nodes[1].endpoint.sa_counts(), (0, 0), "{}", dump(&net));
    assert!(kernel_empty(&mut net, 0) && kernel_empty(&mut net, 1));
    let failed = |n: usize| net.nodes[n].count(|e| matches!(e, Event::Failed { .. }));
    assert!(failed(0) >= 1, "{}", dump(&net));
}

#[test]
fn wrong_initiator_key_is_authentication_failed() {
    // East (responder) holds the wrong key for west.
    wrong_key(false);
}

#[test]
fn wrong_responder_key_is_authentication_failed() {
    // West (initiator) holds the wrong key for east.
    wrong_key(true);
}

#[test]
fn rsa_without_private_key_fails_cleanly() {
    let mut net = pair(26, |c, west| {
        correct(c, west);
        if west {
            c.private_key = None;
        }
    });
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    assert_eq!(ike_up(&net, 0) + ike_up(&net, 1), 0);
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0), "{}", dump(&net));
}
