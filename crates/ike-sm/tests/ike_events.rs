//! What `Event::IkeEstablished` and the status say about an IKE SA: the
//! authenticated peer ID, the predecessor of a rekeyed SA (RFC 7296 2.18),
//! and NAT detection (RFC 7296 2.23), so callers need not read log lines.

mod common;

use std::time::Duration;

use common::*;
use ike_sm::config::{Encapsulation, Identity};
use ike_sm::sim::Network;
use ike_sm::status::{NatStatus, StateKind};
use ike_sm::{Event, Serial};

/// Every IkeEstablished of `node`: (serial, peer ID, rekey_of).
fn ike_events(net: &Network, node: usize) -> Vec<(Serial, Option<Identity>, Option<Serial>)> {
    net.nodes[node]
        .events
        .iter()
        .filter_map(|e| match e {
            Event::IkeEstablished {
                serial,
                connection,
                peer_id,
                rekey_of,
            } => {
                assert_eq!(connection, CONN);
                Some((*serial, peer_id.clone(), *rekey_of))
            }
            _ => None,
        })
        .collect()
}

fn id(s: &str) -> Identity {
    Identity::parse(s).unwrap()
}

#[test]
fn ike_established_names_the_peer_and_the_rekeyed_sa() {
    let mut net = pair(31, |_, _| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let w = ike_events(&net, 0);
    let e = ike_events(&net, 1);
    assert_eq!(w.len(), 1, "{}", dump(&net));
    assert_eq!(e.len(), 1, "{}", dump(&net));
    assert_eq!(w[0].1, Some(id("@east")));
    assert_eq!(e[0].1, Some(id("@west")));
    assert_eq!((w[0].2, e[0].2), (None, None));
    let (w_old, e_old) = (w[0].0, e[0].0);

    let now = net.now;
    net.nodes[0].endpoint.rekey_ike(now, CONN).unwrap();
    assert!(
        net.run_until(Duration::from_secs(10), |n| ike_up(n, 0) == 2
            && ike_up(n, 1) == 2),
        "{}",
        dump(&net)
    );
    let w = ike_events(&net, 0);
    let e = ike_events(&net, 1);
    // The new SA inherits the peer ID and names the SA it replaces.
    assert_eq!(w[1].1, Some(id("@east")));
    assert_eq!(e[1].1, Some(id("@west")));
    assert_eq!(w[1].2, Some(w_old), "{}", dump(&net));
    assert_eq!(e[1].2, Some(e_old), "{}", dump(&net));
    assert_ne!(w[1].0, w_old);
}

/// NAT status of `node`'s established IKE SA.
fn nat_of(net: &Network, node: usize) -> NatStatus {
    let st = net.nodes[node].endpoint.status(net.now);
    let ike = st
        .states
        .iter()
        .find(|s| s.established && matches!(s.kind, StateKind::Ike { .. }))
        .unwrap_or_else(|| panic!("no IKE SA\n{}", dump(net)));
    ike.nat
        .unwrap_or_else(|| panic!("IKE SA without NAT status\n{}", dump(net)))
}

#[test]
fn no_nat_no_keepalives() {
    let mut net = pair(32, |_, _| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    for n in 0..2 {
        let nat = nat_of(&net, n);
        assert_eq!(nat, NatStatus::default());
        assert!(!nat.sends_keepalives());
        // Child SAs carry no NAT status of their own.
        let st = net.nodes[n].endpoint.status(net.now);
        assert!(st
            .states
            .iter()
            .filter(|s| matches!(s.kind, StateKind::Child { .. }))
            .all(|s| s.nat.is_none()));
    }
}

#[test]
fn forced_encapsulation_counts_as_our_nat_and_the_peer_sees_it() {
    // West forces encapsulation (encapsulation=yes): like Libreswan it
    // counts itself behind a NAT and sends keepalives; East sees West's
    // unmatched source hash and thinks West is NATed, not itself.
    let mut net = pair(33, |c, west| {
        if west {
            c.encapsulation = Encapsulation::Yes;
        }
    });
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let w = nat_of(&net, 0);
    assert!(w.local && w.forced && w.sends_keepalives(), "{w:?}");
    let e = nat_of(&net, 1);
    assert!(e.remote && !e.local && !e.forced, "{e:?}");
    assert!(!e.sends_keepalives());
}
