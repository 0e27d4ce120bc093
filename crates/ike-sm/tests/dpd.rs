//! Liveness (RFC 7296 2.4) and each `dpdaction=` end to end: `clear`
//! leaves nothing, `hold` leaves the connection's policies as `%trap`
//! (no SA, no cleartext) until traffic brings the SAs back, `restart`
//! negotiates again. Every kernel add has its delete.

mod common;
mod sa_view;

use std::time::Duration;

use common::*;
use ike_sm::config::{parse_ike, Dpd, DpdAction};
use ike_sm::sim::{Network, Verdict};
use ike_sm::Event;
use kernel_sa::{Acquire, Direction, Kernel, PolicyAction, Protocol};
use sa_view::*;

fn dead(net: &Network, node: usize) -> bool {
    net.nodes[node].count(|e| matches!(e, Event::PeerDead { .. })) >= 1
}

/// West runs `west_action`, East `clear`; then the link dies both ways
/// until each side has declared the other dead.
fn partitioned(seed: u64, west_action: DpdAction) -> Network {
    let mut net = pair(seed, move |c, west| {
        c.ike = parse_ike("aes256-sha2_256;dh31").unwrap();
        c.keyingtries = 0;
        c.dpd = Some(Dpd {
            delay: Duration::from_secs(2),
            timeout: Duration::from_secs(6),
            action: if west { west_action } else { DpdAction::Clear },
        });
    });
    assert!(establish(&mut net, 10), "{}", dump(&net));
    net.interceptor = Some(Box::new(|_| Verdict::Drop));
    let ok = net.run_until(Duration::from_secs(30), |n| dead(n, 0) && dead(n, 1));
    assert!(ok, "both sides detect the dead peer\n{}", dump(&net));
    net
}

fn policies(net: &mut Network, node: usize) -> Vec<kernel_sa::PolicySpec> {
    net.nodes[node].kernel.policies().unwrap()
}

fn sas(net: &mut Network, node: usize) -> usize {
    net.nodes[node].kernel.sas().unwrap().len()
}

fn assert_clean_after_terminate(net: &mut Network) {
    let now = net.now;
    net.nodes[0].endpoint.terminate(now, CONN).unwrap();
    net.nodes[1].endpoint.terminate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(30));
    for n in 0..2 {
        assert_eq!(net.nodes[n].endpoint.sa_counts(), (0, 0), "node {n}");
        assert!(kernel_empty(net, n), "node {n}\n{}", dump(net));
        if let Err(e) = ops_balanced(net, n) {
            panic!("node {n}: {e}\n{}", dump(net));
        }
    }
}

#[test]
fn dpdaction_clear_leaves_nothing() {
    let mut net = partitioned(80, DpdAction::Clear);
    net.run_for(Duration::from_secs(30));
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0));
    assert!(kernel_empty(&mut net, 0), "{}", dump(&net));
    assert!(net.nodes[0].endpoint.held_policies(CONN).is_empty());
    if let Err(e) = ops_balanced(&net, 0) {
        panic!("{e}\n{}", dump(&net));
    }
}

/// The ACQUIRE the kernel would send for traffic hitting `trap`.
fn acquire_for(trap: &kernel_sa::PolicySpec) -> Acquire {
    let tmpl = trap
        .action
        .templates()
        .and_then(|t| t.as_slice().first().cloned())
        .expect("a trap has a template");
    let (src, dst) = match tmpl.mode {
        kernel_sa::TemplateMode::Tunnel { src, dst } => (src, dst),
        kernel_sa::TemplateMode::Transport => (ip(WEST), ip(EAST)),
    };
    Acquire {
        selector: trap.selector,
        policy_selector: trap.selector,
        policy_dir: trap.dir,
        policy_index: 0,
        src,
        dst,
        proto: Protocol::Esp,
        reqid: tmpl.reqid,
    }
}

#[test]
fn dpdaction_hold_traps_then_renegotiates_on_demand() {
    let mut net = partitioned(81, DpdAction::Hold);
    net.run_for(Duration::from_secs(30));
    // No SA, but every policy of the Child stays, as a trap: traffic is
    // held, never sent in clear.
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0));
    assert_eq!(sas(&mut net, 0), 0, "no kernel SA left\n{}", dump(&net));
    let left = policies(&mut net, 0);
    assert_eq!(left.len(), 3, "out, in, fwd\n{left:?}");
    assert!(
        left.iter()
            .all(|p| matches!(p.action, PolicyAction::Trap(_))),
        "{left:?}"
    );
    assert_eq!(net.nodes[0].endpoint.held_policies(CONN).len(), 3);
    // hold does not re-initiate by itself.
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0));
    // Traffic: the kernel's ACQUIRE names the trap; the endpoint knows
    // its connection, and initiating it replaces the traps in place.
    net.interceptor = None;
    let out = left
        .iter()
        .find(|p| p.dir == Direction::Out)
        .cloned()
        .unwrap();
    let acq = acquire_for(&out);
    let name = net.nodes[0]
        .endpoint
        .held_connection(&acq)
        .map(str::to_string);
    assert_eq!(name.as_deref(), Some(CONN));
    let mut other = acq.clone();
    other.policy_dir = Direction::In;
    other.policy_selector = kernel_sa::Selector::new(
        kernel_sa::IpPrefix::new(ip("203.0.113.0"), 24).unwrap(),
        kernel_sa::IpPrefix::new(ip("203.0.113.0"), 24).unwrap(),
    )
    .unwrap();
    assert_eq!(net.nodes[0].endpoint.held_connection(&other), None);
    let before = child_up(&net, 0);
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    assert!(
        net.run_until(Duration::from_secs(10), |n| child_up(n, 0) > before
            && n.nodes[1].endpoint.sa_counts() == (1, 1)),
        "{}",
        dump(&net)
    );
    let now_pol = policies(&mut net, 0);
    assert_eq!(now_pol.len(), 3);
    assert!(
        now_pol
            .iter()
            .all(|p| matches!(p.action, PolicyAction::Ipsec(_))),
        "the traps became IPsec policies again: {now_pol:?}"
    );
    assert!(net.nodes[0].endpoint.held_policies(CONN).is_empty());
    assert!(net.nodes[0].kernel_errors().is_empty(), "{}", dump(&net));
    assert_eq!(child_spis(&net, 0)[0], {
        let e = child_spis(&net, 1)[0];
        (e.1, e.0)
    });
    assert_clean_after_terminate(&mut net);
}

#[test]
fn dpdaction_hold_then_terminate_removes_the_traps() {
    let mut net = partitioned(82, DpdAction::Hold);
    assert_eq!(policies(&mut net, 0).len(), 3);
    net.interceptor = None;
    assert_clean_after_terminate(&mut net);
}

#[test]
fn dpdaction_restart_reestablishes() {
    let mut net = partitioned(83, DpdAction::Restart);
    // The link comes back; West keeps trying (keyingtries=0) and gets
    // through.
    net.interceptor = None;
    assert!(
        net.run_until(Duration::from_secs(120), |n| n.nodes[0]
            .endpoint
            .sa_counts()
            == (1, 1)
            && n.nodes[1].endpoint.sa_counts() == (1, 1)
            && child_up(n, 0) >= 2),
        "{}",
        dump(&net)
    );
    assert_eq!(ike_spis(&net, 0), ike_spis(&net, 1));
    assert!(net.nodes[0].endpoint.held_policies(CONN).is_empty());
    assert_clean_after_terminate(&mut net);
}
