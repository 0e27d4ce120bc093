//! CREATE_CHILD_SA: Child and IKE rekeys from each side, simultaneous
//! Child rekey (RFC 7296 2.8.1); every kernel add has its delete.
//! Simultaneous IKE SA rekeys are in `collision.rs`.

mod common;
mod sa_view;

use std::time::Duration;

use common::*;
use ike_sm::Event;
use kernel_sa::KernelOp;
use sa_view::*;

fn balanced(net: &ike_sm::sim::Network, node: usize) {
    let n = &net.nodes[node];
    assert!(n.kernel_errors().is_empty(), "{}", dump(net));
}

fn after_rekey(net: &mut ike_sm::sim::Network) {
    net.run_for(Duration::from_secs(5));
    for n in 0..2 {
        assert_eq!(
            net.nodes[n].endpoint.sa_counts(),
            (1, 1),
            "node {n}\n{}",
            dump(net)
        );
        balanced(net, n);
    }
    let (w, e) = (child_spis(net, 0), child_spis(net, 1));
    assert_eq!(w[0], (e[0].1, e[0].0), "SPIs agree");
    for n in 0..2 {
        // The policies a rekeyed Child inherits name its reqid: the
        // kernel matches templates to SAs by reqid.
        use kernel_sa::Kernel;
        let k = &mut net.nodes[n].kernel;
        let reqids: Vec<_> = k
            .sas()
            .unwrap()
            .iter()
            .filter_map(|id| match k.sa(id) {
                Some(kernel_sa::nostack::NostackSa::Installed { spec, .. }) => Some(spec.reqid),
                _ => None,
            })
            .collect();
        for p in k.policies().unwrap() {
            for t in p.action.templates().map(|t| t.as_slice()).unwrap_or(&[]) {
                assert!(
                    reqids.contains(&t.reqid),
                    "node {n}: policy template {t:?} names no SA's reqid ({reqids:?})"
                );
            }
        }
    }
    for n in 0..2 {
        // The inbound SPI of a rekeyed Child is reserved under the reqid
        // it will be installed with (its predecessor's), not a fresh one.
        let log = &net.nodes[n].kernel_log;
        let installed: Vec<_> = log
            .iter()
            .filter_map(|(op, _)| match op {
                KernelOp::AddSa(s) | KernelOp::UpdateSa(s) => Some(s.reqid),
                _ => None,
            })
            .collect();
        for (op, _) in log {
            if let KernelOp::AllocSpi(r) = op {
                assert!(
                    installed.contains(&r.reqid),
                    "node {n}: SPI reserved under reqid {:?}, which no SA was installed with ({installed:?})",
                    r.reqid
                );
            }
        }
    }
    // Terminate and check every add was undone.
    let now = net.now;
    net.nodes[0].endpoint.terminate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    for n in 0..2 {
        assert_eq!(net.nodes[n].endpoint.sa_counts(), (0, 0));
        assert!(
            kernel_empty(net, n),
            "node {n} kernel not empty\n{}",
            dump(net)
        );
        if let Err(e) = ops_balanced(net, n) {
            panic!("node {n}: {e}\n{}", dump(net));
        }
    }
}

fn rekey_child_from(side: usize, pfs: bool) {
    let mut net = pair(21, |c, _| c.pfs = pfs);
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let before = child_spis(&net, 0);
    let now = net.now;
    net.nodes[side].endpoint.rekey_child(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    assert_ne!(
        child_spis(&net, 0),
        before,
        "new SPIs after rekey\n{}",
        dump(&net)
    );
    assert_eq!(child_up(&net, 0), 2);
    assert_eq!(child_up(&net, 1), 2);
    after_rekey(&mut net);
}

#[test]
fn rekey_child_initiator_pfs() {
    rekey_child_from(0, true);
}

#[test]
fn rekey_child_responder_no_pfs() {
    rekey_child_from(1, false);
}

fn rekey_ike_from(side: usize) {
    let mut net = pair(22, |_, _| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let now = net.now;
    net.nodes[side].endpoint.rekey_ike(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    assert_eq!(ike_up(&net, 0), 2, "{}", dump(&net));
    assert_eq!(ike_up(&net, 1), 2);
    // The Child SA survived, now under the new IKE SA, and still works:
    // a Child rekey over the new IKE SA succeeds.
    let now = net.now;
    net.nodes[1 - side].endpoint.rekey_child(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    assert_eq!(child_up(&net, 0), 2, "{}", dump(&net));
    after_rekey(&mut net);
}

#[test]
fn rekey_ike_from_initiator() {
    rekey_ike_from(0);
}

#[test]
fn rekey_ike_from_responder() {
    rekey_ike_from(1);
}

#[test]
fn simultaneous_child_rekey_leaves_one() {
    for seed in 30..36u64 {
        let mut net = pair(seed, |_, _| {});
        assert!(establish(&mut net, 10), "{}", dump(&net));
        let now = net.now;
        net.nodes[0].endpoint.rekey_child(now, CONN).unwrap();
        net.nodes[1].endpoint.rekey_child(now, CONN).unwrap();
        net.run_for(Duration::from_secs(10));
        for n in 0..2 {
            assert_eq!(
                net.nodes[n].endpoint.sa_counts(),
                (1, 1),
                "seed {seed} node {n}\n{}",
                dump(&net)
            );
        }
        // Exactly one side found its replacement redundant (lowest nonce).
        let redundant: usize = (0..2)
            .map(|n| {
                net.nodes[n]
                    .count(|e| matches!(e, Event::Log(l) if l.text.contains("lowest nonce")))
            })
            .sum();
        assert_eq!(redundant, 1, "seed {seed}\n{}", dump(&net));
        after_rekey(&mut net);
    }
}

#[test]
fn lifetime_rekey_happens_before_expiry() {
    let mut net = pair(23, |c, _| {
        c.ipsec_lifetime = Duration::from_secs(60);
        c.ike_lifetime = Duration::from_secs(120);
        c.rekey_margin = Duration::from_secs(10);
    });
    assert!(establish(&mut net, 10));
    net.run_for(Duration::from_secs(300));
    for n in 0..2 {
        assert!(
            child_up(&net, n) >= 5,
            "node {n} rekeyed Child SAs\n{}",
            dump(&net)
        );
        assert!(ike_up(&net, n) >= 3, "node {n} rekeyed IKE SAs");
        assert_eq!(
            net.nodes[n].endpoint.sa_counts(),
            (1, 1),
            "node {n}\n{}",
            dump(&net)
        );
        assert_eq!(net.nodes[n].count(|e| matches!(e, Event::Failed { .. })), 0);
        balanced(&net, n);
    }
    let adds = net.nodes[0]
        .kernel_log
        .iter()
        .filter(|(op, _)| matches!(op, KernelOp::AddPolicy(_)))
        .count();
    assert_eq!(adds, 3, "policies are added once and inherited by rekeys");
}

/// A Child rekey asked for while the IKE SA is being rekeyed waits in the
/// old IKE SA's queue; it moves with the Child SA to the new IKE SA and
/// happens there (it used to be dropped, leaving the Child to expire).
#[test]
fn child_rekey_queued_during_ike_rekey_follows_the_child() {
    let mut net = pair(24, |_, _| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let now = net.now;
    net.nodes[0].endpoint.rekey_ike(now, CONN).unwrap();
    net.nodes[0].endpoint.rekey_child(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    assert_eq!(ike_up(&net, 0), 2, "{}", dump(&net));
    assert_eq!(
        child_up(&net, 0),
        2,
        "the Child rekey happened\n{}",
        dump(&net)
    );
    assert_eq!(child_up(&net, 1), 2);
    after_rekey(&mut net);
}
