//! Which connection a responder picks for a new IKE_SA_INIT: among those
//! whose hosts allow the addresses, one whose `ike=` accepts the peer's
//! offer, then one naming the peer's host over `%any` (a sibling that
//! would accept must not lose to one answering NO_PROPOSAL_CHOSEN).

mod common;

use std::time::{Duration, Instant};

use common::*;
use ike_sm::config::{parse_ike, Connection};
use ike_sm::rng::SeededRng;
use ike_sm::sim::Network;
use ike_sm::{Endpoint, EndpointConfig, Event};

/// West initiates `west-east`; East has `candidates` (edited copies of its
/// mirror connection, added in this order). Returns the name of the
/// connection East's IKE SA came up under, if it did.
/// An edit of East's candidate connection.
type Edit = fn(&mut Connection);

fn east_picks(candidates: Vec<(&str, Edit)>) -> (Option<String>, Network) {
    let mut net = Network::new(5, Instant::now());
    let w = conn(
        WEST,
        EAST,
        "@west",
        "@east",
        "198.51.100.1/32",
        "198.51.100.2/32",
    );
    let p = ike_crypto::rustcrypto();
    let mut we = Endpoint::new(
        EndpointConfig::default(),
        p.clone(),
        Box::new(SeededRng::new(1)),
    );
    we.add_connection(w).unwrap();
    let mut ee = Endpoint::new(EndpointConfig::default(), p, Box::new(SeededRng::new(2)));
    for (name, edit) in candidates {
        let mut e = conn(
            EAST,
            WEST,
            "@east",
            "@west",
            "198.51.100.2/32",
            "198.51.100.1/32",
        );
        e.name = name.into();
        edit(&mut e);
        ee.add_connection(e).unwrap();
    }
    net.add_node(ip(WEST), we);
    net.add_node(ip(EAST), ee);
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    let picked = net.nodes[1].events.iter().find_map(|e| match e {
        Event::IkeEstablished { connection, .. } => Some(connection.clone()),
        _ => None,
    });
    (picked, net)
}

fn any_peer(c: &mut Connection) {
    c.remote.host = None;
}

fn other_ike(c: &mut Connection) {
    c.ike = parse_ike("aes128-sha1;modp1536").unwrap();
}

/// The connection East's first log line names: the one IKE_SA_INIT was
/// answered under (IKE_AUTH may switch later, by identity).
fn answered_under(net: &Network) -> Option<String> {
    net.nodes[1].events.iter().find_map(|e| match e {
        Event::Log(l) if l.serial.is_some() => l.connection.clone(),
        _ => None,
    })
}

#[test]
fn named_peer_host_beats_any() {
    // "a-any" sorts first and matches too; the old lookup took it.
    let (picked, net) = east_picks(vec![("a-any", any_peer), ("b-named", |_| {})]);
    assert_eq!(
        answered_under(&net).as_deref(),
        Some("b-named"),
        "{}",
        dump(&net)
    );
    assert_eq!(picked.as_deref(), Some("b-named"), "{}", dump(&net));
}

#[test]
fn sibling_whose_ike_accepts_beats_one_that_would_refuse() {
    let (picked, net) = east_picks(vec![("a-other-ike", other_ike), ("b-default", |_| {})]);
    assert_eq!(picked.as_deref(), Some("b-default"), "{}", dump(&net));
    assert_eq!(child_up(&net, 0), 1, "{}", dump(&net));
}

#[test]
fn any_that_accepts_beats_named_that_would_refuse() {
    fn named_other(c: &mut Connection) {
        other_ike(c);
    }
    let (picked, net) = east_picks(vec![("a-named-other", named_other), ("b-any", any_peer)]);
    assert_eq!(picked.as_deref(), Some("b-any"), "{}", dump(&net));
}

#[test]
fn nothing_accepts_then_no_proposal_chosen() {
    let (picked, net) = east_picks(vec![("only", other_ike)]);
    assert_eq!(picked, None);
    assert!(
        net.nodes[0].count(|e| matches!(e, Event::Failed { .. })) > 0,
        "{}",
        dump(&net)
    );
}
