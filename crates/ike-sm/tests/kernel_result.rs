//! Kernel failures fed back with `Endpoint::handle_kernel_result`: a Child
//! SA the kernel would not install is deleted with the peer, the IKE SA
//! stays; failed clean-up changes nothing.

mod common;

use std::time::Duration;

use common::*;
use ike_sm::Event;
use kernel_sa::{KernelError, KernelOp};

fn refused(op: &KernelOp) -> KernelError {
    KernelError::Exists {
        op: op.kind(),
        what: "test".into(),
    }
}

/// The first op of East's kernel log that `pick` selects.
fn east_op(net: &ike_sm::sim::Network, pick: impl Fn(&KernelOp) -> bool) -> KernelOp {
    net.nodes[1]
        .kernel_log
        .iter()
        .map(|(op, _)| op)
        .find(|op| pick(op))
        .cloned()
        .unwrap_or_else(|| panic!("no such kernel op\n{}", dump(net)))
}

fn child_deleted(net: &ike_sm::sim::Network, node: usize) -> usize {
    net.nodes[node].count(|e| matches!(e, Event::Deleted { ike: false, .. }))
}

#[test]
fn failed_outbound_sa_deletes_the_child_on_both_sides() {
    let mut net = pair(11, |_, _| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let op = east_op(&net, |op| matches!(op, KernelOp::AddSa(_)));
    let err = refused(&op);
    let now = net.now;
    // A success is no news.
    net.nodes[1].endpoint.handle_kernel_result(now, &op, Ok(()));
    net.run_for(Duration::from_secs(2));
    assert_eq!(child_deleted(&net, 1), 0, "{}", dump(&net));

    let now = net.now;
    net.nodes[1]
        .endpoint
        .handle_kernel_result(now, &op, Err(&err));
    net.run_until(Duration::from_secs(10), |n| {
        child_deleted(n, 0) == 1 && child_deleted(n, 1) == 1
    });
    assert_eq!(child_deleted(&net, 0), 1, "{}", dump(&net));
    assert_eq!(child_deleted(&net, 1), 1, "{}", dump(&net));
    assert!(
        net.nodes[1].count(|e| matches!(e, Event::Log(l)
            if l.text.contains("kernel failed to install Child SA") && l.text.contains("deleting it")))
            == 1,
        "{}",
        dump(&net)
    );
    for n in 0..2 {
        assert_eq!(net.nodes[n].endpoint.sa_counts(), (1, 0), "{}", dump(&net));
        // The sim's kernel did install the SA, so the clean-up removes all.
        assert!(kernel_empty(&mut net, n), "{}", dump(&net));
    }
}

#[test]
fn failed_policy_is_not_deleted_again_and_failed_cleanup_changes_nothing() {
    let mut net = pair(12, |_, _| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let op = east_op(&net, |op| matches!(op, KernelOp::AddPolicy(_)));
    let KernelOp::AddPolicy(spec) = &op else {
        unreachable!()
    };
    let id = spec.id();

    // A failed delete of something unrelated: logged, nothing else.
    let del = KernelOp::DeletePolicy(id);
    let now = net.now;
    net.nodes[1]
        .endpoint
        .handle_kernel_result(now, &del, Err(&refused(&del)));
    net.run_for(Duration::from_secs(2));
    assert_eq!(net.nodes[1].endpoint.sa_counts(), (1, 1), "{}", dump(&net));

    let now = net.now;
    net.nodes[1]
        .endpoint
        .handle_kernel_result(now, &op, Err(&refused(&op)));
    net.run_until(Duration::from_secs(10), |n| child_deleted(n, 1) == 1);
    assert_eq!(child_deleted(&net, 0), 1, "{}", dump(&net));
    let deletes = net.nodes[1]
        .kernel_log
        .iter()
        .filter(|(o, _)| matches!(o, KernelOp::DeletePolicy(p) if *p == id))
        .count();
    assert_eq!(deletes, 0, "{}", dump(&net));
    // Every other policy and SA went.
    let east = &net.nodes[1].kernel_log;
    let added = east
        .iter()
        .filter(|(o, r)| r.is_ok() && matches!(o, KernelOp::AddPolicy(_)))
        .count();
    let removed = east
        .iter()
        .filter(|(o, r)| r.is_ok() && matches!(o, KernelOp::DeletePolicy(_)))
        .count();
    assert_eq!(removed + 1, added, "{}", dump(&net));
}
