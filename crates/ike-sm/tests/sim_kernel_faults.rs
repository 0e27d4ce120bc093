//! The simulator feeds every kernel op's outcome back to the endpoint
//! (`Endpoint::handle_kernel_result`), and `KernelFaults` makes chosen ops
//! fail: a refused `AddSa` ends with the Child SA deleted on both sides
//! and the IKE SA kept (as pluto does when installing an IPsec SA fails).

mod common;

use std::time::Duration;

use common::*;
use ike_sm::sim::Network;
use ike_sm::Event;
use kernel_sa::KernelOp;

fn child_deleted(net: &Network, node: usize) -> usize {
    net.nodes[node].count(|e| matches!(e, Event::Deleted { ike: false, .. }))
}

fn refused_add_sa(net: &Network, node: usize) -> usize {
    net.nodes[node]
        .kernel_log
        .iter()
        .filter(|(op, r)| matches!(op, KernelOp::AddSa(_)) && r.is_err())
        .count()
}

/// Establish with `node`'s kernel refusing as `faults` says, then run
/// until the Child SA is gone on both sides.
fn establish_with_faults(seed: u64, node: usize, faults: impl FnOnce(&mut Network)) -> Network {
    let mut net = pair(seed, |_, _| {});
    faults(&mut net);
    assert!(establish(&mut net, 10), "{}", dump(&net));
    net.run_until(Duration::from_secs(10), |n| {
        child_deleted(n, 0) == 1 && child_deleted(n, 1) == 1
    });
    assert_eq!(refused_add_sa(&net, node), 1, "{}", dump(&net));
    net
}

fn assert_child_gone_ike_kept(net: &mut Network, failing: usize) {
    for n in 0..2 {
        assert_eq!(child_deleted(net, n), 1, "node {n}\n{}", dump(net));
        assert_eq!(
            net.nodes[n].endpoint.sa_counts(),
            (1, 0),
            "node {n}\n{}",
            dump(net)
        );
        // Everything that was installed was removed again.
        assert!(kernel_empty(net, n), "node {n}\n{}", dump(net));
    }
    assert_eq!(
        net.nodes[failing].count(|e| matches!(e, Event::Log(l)
            if l.text.contains("kernel failed to install Child SA")
                && l.text.contains("refused by the simulator"))),
        1,
        "{}",
        dump(net)
    );
    // The IKE SA still works: it can be rekeyed (RFC 7296 2.18).
    let now = net.now;
    net.nodes[0].endpoint.rekey_ike(now, CONN).unwrap();
    assert!(
        net.run_until(Duration::from_secs(10), |n| ike_up(n, 0) == 2
            && ike_up(n, 1) == 2),
        "{}",
        dump(net)
    );
    for n in 0..2 {
        let rekeyed = net.nodes[n].count(|e| {
            matches!(
                e,
                Event::IkeEstablished {
                    rekey_of: Some(_),
                    ..
                }
            )
        });
        assert_eq!(rekeyed, 1, "node {n}\n{}", dump(net));
    }
}

#[test]
fn responder_add_sa_refused_deletes_the_child_on_both_sides() {
    let mut net = establish_with_faults(21, 1, |net| {
        net.nodes[1].kernel_faults.nth_add_sa = vec![1];
    });
    assert_child_gone_ike_kept(&mut net, 1);
}

#[test]
fn initiator_add_sa_refused_deletes_the_child_on_both_sides() {
    let mut net = establish_with_faults(22, 0, |net| {
        net.nodes[0].kernel_faults.nth_add_sa = vec![1];
    });
    assert_child_gone_ike_kept(&mut net, 0);
}

#[test]
fn refused_by_spi_only_hits_that_spi() {
    // Learn the SPI East uses for its outbound SA from a first run with
    // the same seed (the sim is deterministic), then refuse exactly it.
    let mut probe = pair(23, |_, _| {});
    assert!(establish(&mut probe, 10), "{}", dump(&probe));
    let spi = probe.nodes[1]
        .kernel_log
        .iter()
        .find_map(|(op, _)| match op {
            KernelOp::AddSa(s) => Some(s.spi.0),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no AddSa\n{}", dump(&probe)));
    assert!(probe.nodes.iter().all(|n| n.kernel_errors().is_empty()));
    let mut net = establish_with_faults(23, 1, |net| {
        net.nodes[1].kernel_faults.sa_spis = vec![spi];
    });
    assert_child_gone_ike_kept(&mut net, 1);
}

#[test]
fn no_faults_no_errors() {
    let mut net = pair(24, |_, _| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    net.run_for(Duration::from_secs(5));
    for n in 0..2 {
        assert!(net.nodes[n].kernel_errors().is_empty(), "{}", dump(&net));
        assert_eq!(child_deleted(&net, n), 0, "{}", dump(&net));
        assert_eq!(net.nodes[n].endpoint.sa_counts(), (1, 1), "{}", dump(&net));
    }
}
