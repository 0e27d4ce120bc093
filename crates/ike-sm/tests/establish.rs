//! Establishment between two simulated endpoints: PSK with each DH family,
//! INVALID_KE and COOKIE round trips, Delete from each side.

mod common;

use std::time::Duration;

use common::*;
use ike_sm::config::parse_ike;
use ike_sm::status::StateKind;
use ike_sm::Event;

#[test]
fn psk_default_proposals() {
    let mut net = pair(1, |_, _| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    assert_eq!(ike_up(&net, 0), 1);
    assert_eq!(ike_up(&net, 1), 1);
    for n in 0..2 {
        assert!(net.nodes[n].kernel_errors().is_empty(), "{}", dump(&net));
    }
    // Both sides agree on the SPIs.
    let now = net.now;
    let w = net.nodes[0].endpoint.status(now);
    let e = net.nodes[1].endpoint.status(now);
    let child = |s: &ike_sm::status::Status| {
        s.states
            .iter()
            .find_map(|x| match &x.kind {
                StateKind::Child {
                    spi_in, spi_out, ..
                } => Some((*spi_in, *spi_out)),
                _ => None,
            })
            .unwrap()
    };
    let (wi, wo) = child(&w);
    let (ei, eo) = child(&e);
    assert_eq!((wi, wo), (eo, ei));
    // Default proposals: AES-GCM-256 with MODP2048 (Libreswan's first).
    let ike = w
        .states
        .iter()
        .find(|s| matches!(s.kind, StateKind::Ike { .. }))
        .unwrap();
    assert_eq!(
        ike.algorithms.as_deref(),
        Some("AES_GCM_16_256/HMAC_SHA2_512/MODP2048")
    );
    let keys = net.nodes[0].endpoint.ike_keys();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].sk_ei, net.nodes[1].endpoint.ike_keys()[0].sk_ei);
}

fn establish_with(ike: &str) {
    let ike = ike.to_string();
    let mut net = pair(7, move |c, _| c.ike = parse_ike(&ike).unwrap());
    assert!(establish(&mut net, 10), "{}", dump(&net));
}

#[test]
fn psk_each_dh_family() {
    establish_with("aes128-sha1;modp2048");
    establish_with("aes_gcm16_256-prfsha384;ecp384");
    establish_with("aes256-sha2_256;dh19");
    establish_with("aes256-sha2_512;dh21");
    establish_with("chacha20_poly1305-sha2_256;dh31");
    establish_with("aes_ctr128-sha2_256;modp3072");
}

#[test]
fn invalid_ke_round_trip() {
    // West proposes MODP2048 first, East only accepts Curve25519.
    let mut net = pair(3, |c, west| {
        c.ike = if west {
            parse_ike("aes256-sha2_256;modp2048+dh31").unwrap()
        } else {
            parse_ike("aes256-sha2_256;dh31").unwrap()
        }
    });
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let retried =
        net.nodes[0].count(|e| matches!(e, Event::Log(l) if l.text.contains("INVALID_KE_PAYLOAD")));
    assert_eq!(retried, 1, "{}", dump(&net));
    // Three IKE_SA_INIT requests? No: exactly two (first, then the retry).
    let inits = net
        .sent
        .iter()
        .filter(|t| t.dst.ip() == ip(EAST) && t.payload.get(18) == Some(&34))
        .count();
    assert_eq!(inits, 2);
}

#[test]
fn cookie_round_trip() {
    let ecfg = ike_sm::EndpointConfig {
        force_busy: true,
        ..Default::default()
    };
    let mut net = pair_cfg(4, Default::default(), ecfg, |_, _| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let cookie = net.nodes[0].count(|e| matches!(e, Event::Log(l) if l.text.contains("COOKIE")));
    assert_eq!(cookie, 1, "{}", dump(&net));
}

#[test]
fn no_proposal_chosen_fails_fast() {
    let mut net = pair(5, |c, west| {
        c.ike = parse_ike(if west {
            "aes128-sha1;modp2048"
        } else {
            "aes256-sha2_512;dh20"
        })
        .unwrap()
    });
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    assert_eq!(ike_up(&net, 0), 0);
    assert_eq!(
        net.nodes[0].count(|e| matches!(e, Event::Failed { .. })),
        1,
        "{}",
        dump(&net)
    );
    assert_eq!(net.nodes[1].endpoint.sa_counts(), (0, 0));
}

#[test]
fn wrong_psk_is_authentication_failed() {
    let mut net = pair(6, |c, west| {
        if west {
            c.psk = Some(ike_sm::config::Psk::new(b"wrong".to_vec()));
        }
    });
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    assert_eq!(child_up(&net, 0) + child_up(&net, 1), 0);
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0), "{}", dump(&net));
    assert_eq!(net.nodes[1].endpoint.sa_counts(), (0, 0), "{}", dump(&net));
    assert!(kernel_empty(&mut net, 0) && kernel_empty(&mut net, 1));
}

fn delete_from(side: usize) {
    let mut net = pair(8, |_, _| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let now = net.now;
    net.nodes[side].endpoint.terminate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    for n in 0..2 {
        assert_eq!(
            net.nodes[n].endpoint.sa_counts(),
            (0, 0),
            "node {n}\n{}",
            dump(&net)
        );
        assert!(kernel_empty(&mut net, n), "node {n} kernel not empty");
        assert!(net.nodes[n].kernel_errors().is_empty(), "{}", dump(&net));
    }
}

#[test]
fn delete_from_initiator() {
    delete_from(0);
}

#[test]
fn delete_from_responder() {
    delete_from(1);
}

#[test]
fn delete_child_only_keeps_ike() {
    let mut net = pair(9, |_, _| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let now = net.now;
    let st = net.nodes[1].endpoint.status(now);
    let child = st
        .states
        .iter()
        .find(|s| matches!(s.kind, StateKind::Child { .. }))
        .unwrap()
        .serial;
    net.nodes[1].endpoint.delete_state(now, child).unwrap();
    net.run_for(Duration::from_secs(5));
    for n in 0..2 {
        assert_eq!(
            net.nodes[n].endpoint.sa_counts(),
            (1, 0),
            "node {n}\n{}",
            dump(&net)
        );
        assert!(kernel_empty(&mut net, n));
    }
}
