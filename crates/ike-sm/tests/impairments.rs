//! Loss, duplication, reordering, tampering, truncation and replay over the
//! simulated network; retransmission budget; liveness; fragmentation.

mod common;

use std::time::Duration;

use common::*;
use ike_sm::config::{parse_ike, Dpd, DpdAction};
use ike_sm::sim::Verdict;
use ike_sm::Event;

fn fast(c: &mut ike_sm::config::Connection, _: bool) {
    c.ike = parse_ike("aes256-sha2_256;dh31").unwrap();
}

/// With loss in both directions an exchange can exhaust its 60 s budget
/// (30 %: about 1 in 50 handshakes); keyingtries then starts over, as a
/// real configuration does. `tries` bounds the attempts.
fn lossy(loss: f64, tries: u32) {
    for seed in 1..=10u64 {
        let mut net = pair(seed, move |c, w| {
            fast(c, w);
            c.keyingtries = tries;
        });
        net.impair.loss = loss;
        assert!(
            establish(&mut net, 60 * u64::from(tries)),
            "loss {loss} seed {seed}\n{}",
            dump(&net)
        );
        assert_eq!(child_up(&net, 0), 1);
        assert_eq!(child_up(&net, 1), 1);
        for n in 0..2 {
            assert!(net.nodes[n].kernel_errors().is_empty(), "{}", dump(&net));
        }
    }
}

#[test]
fn loss_10_percent() {
    lossy(0.10, 1);
}

#[test]
fn loss_30_percent() {
    lossy(0.30, 3);
}

#[test]
fn duplicates_and_reordering_make_no_second_sa() {
    for seed in 1..=10u64 {
        let mut net = pair(seed, fast);
        net.impair.duplicate = 0.5;
        net.impair.reorder = 0.5;
        net.impair.jitter = Duration::from_millis(400);
        assert!(establish(&mut net, 60), "seed {seed}\n{}", dump(&net));
        net.run_for(Duration::from_secs(5));
        for n in 0..2 {
            assert_eq!(
                net.nodes[n].endpoint.sa_counts(),
                (1, 1),
                "seed {seed} node {n}\n{}",
                dump(&net)
            );
            assert_eq!(child_up(&net, n), 1);
            assert!(net.nodes[n].kernel_errors().is_empty(), "{}", dump(&net));
        }
    }
}

#[test]
fn retransmit_budget_then_give_up() {
    let mut net = pair(11, fast);
    net.interceptor = Some(Box::new(|t| {
        if t.dst.ip() == ip(EAST) {
            Verdict::Drop
        } else {
            Verdict::Deliver
        }
    }));
    let start = net.now;
    net.nodes[0].endpoint.initiate(start, CONN).unwrap();
    net.run_for(Duration::from_secs(120));
    let sends = net.sent.iter().filter(|t| t.dst.ip() == ip(EAST)).count();
    // 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s, then the 60 s budget ends.
    assert_eq!(sends, 7);
    assert_eq!(net.nodes[0].count(|e| matches!(e, Event::Failed { .. })), 1);
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0));
    assert!(kernel_empty(&mut net, 0));
}

#[test]
fn keyingtries_retry_then_stop() {
    let mut net = pair(12, |c, w| {
        fast(c, w);
        c.keyingtries = 2;
        c.retransmit.timeout = Duration::from_secs(5);
    });
    net.interceptor = Some(Box::new(|t| {
        if t.dst.ip() == ip(EAST) {
            Verdict::Drop
        } else {
            Verdict::Deliver
        }
    }));
    let start = net.now;
    net.nodes[0].endpoint.initiate(start, CONN).unwrap();
    net.run_for(Duration::from_secs(60));
    assert_eq!(
        net.nodes[0].count(|e| matches!(e, Event::Failed { .. })),
        2,
        "{}",
        dump(&net)
    );
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0));
}

/// Feed a datagram directly to a node; returns how many datagrams it sent.
fn inject(
    net: &mut ike_sm::sim::Network,
    node: usize,
    t: &ike_sm::Transmit,
    bytes: &[u8],
) -> usize {
    let now = net.now;
    let ep = &mut net.nodes[node].endpoint;
    ep.handle_datagram(now, t.dst, t.src, bytes);
    let mut n = 0;
    while ep.poll_transmit().is_some() {
        n += 1;
    }
    let mut changes = 0;
    while let Some(e) = ep.poll_event() {
        if !matches!(e, Event::Log(_)) {
            changes += 1;
        }
    }
    assert_eq!(changes, 0, "a rejected message produced an event");
    assert!(
        ep.poll_kernel_op().is_none(),
        "a rejected message produced a kernel op"
    );
    n
}

#[test]
fn tampered_truncated_replayed_change_nothing() {
    let mut net = pair(13, fast);
    assert!(establish(&mut net, 10), "{}", dump(&net));
    net.run_for(Duration::from_secs(1));
    let auth_req = net
        .sent
        .iter()
        .find(|t| t.dst.ip() == ip(EAST) && t.payload.get(18) == Some(&35))
        .cloned()
        .unwrap();
    let init_req = net
        .sent
        .iter()
        .find(|t| t.dst.ip() == ip(EAST) && t.payload.get(18) == Some(&34))
        .cloned()
        .unwrap();
    let now = net.now;
    let before: Vec<String> = net.nodes[1]
        .endpoint
        .status(now)
        .states
        .iter()
        .map(|s| s.to_string())
        .collect();
    // Tampered: every single-bit flip past the header is rejected silently.
    for i in (28..auth_req.payload.len()).step_by(7) {
        let mut b = auth_req.payload.clone();
        b[i] ^= 0x01;
        assert_eq!(
            inject(&mut net, 1, &auth_req, &b),
            0,
            "flip at {i} answered"
        );
    }
    // Truncated at every length.
    for n in 0..auth_req.payload.len() {
        assert_eq!(inject(&mut net, 1, &auth_req, &auth_req.payload[..n]), 0);
    }
    // Replayed IKE_AUTH: the cached response goes out again, nothing else.
    assert_eq!(inject(&mut net, 1, &auth_req, &auth_req.payload.clone()), 1);
    // Replayed IKE_SA_INIT of an established SA: dropped.
    assert_eq!(inject(&mut net, 1, &init_req, &init_req.payload.clone()), 0);
    let after: Vec<String> = net.nodes[1]
        .endpoint
        .status(now)
        .states
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(before, after);
    assert_eq!(net.nodes[1].endpoint.sa_counts(), (1, 1));
}

fn liveness(action: DpdAction) -> ike_sm::sim::Network {
    let mut net = pair(14, move |c, w| {
        fast(c, w);
        c.dpd = Some(Dpd {
            delay: Duration::from_secs(2),
            timeout: Duration::from_secs(6),
            action,
        });
        c.keyingtries = 1;
    });
    assert!(establish(&mut net, 10), "{}", dump(&net));
    // East dies: nothing reaches it any more.
    net.interceptor = Some(Box::new(|t| {
        if t.dst.ip() == ip(EAST) {
            Verdict::Drop
        } else {
            Verdict::Deliver
        }
    }));
    let died = net.now;
    let ok = net.run_until(Duration::from_secs(30), |n| {
        n.nodes[0].count(|e| matches!(e, Event::PeerDead { .. })) == 1
    });
    assert!(ok, "{}", dump(&net));
    // Within dpddelay + dpdtimeout (+ one delay of slack for the timer).
    assert!(net.now.duration_since(died) <= Duration::from_secs(2 + 6 + 2));
    net
}

#[test]
fn liveness_clear() {
    let mut net = liveness(DpdAction::Clear);
    net.run_for(Duration::from_secs(30));
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0));
    assert!(kernel_empty(&mut net, 0));
    let inits = net
        .sent
        .iter()
        .filter(|t| t.dst.ip() == ip(EAST) && t.payload.get(18) == Some(&34))
        .count();
    assert_eq!(inits, 1, "clear must not re-initiate");
}

#[test]
fn liveness_hold() {
    let mut net = liveness(DpdAction::Hold);
    net.run_for(Duration::from_secs(30));
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0));
}

#[test]
fn liveness_restart() {
    let mut net = liveness(DpdAction::Restart);
    net.run_for(Duration::from_secs(5));
    let inits = net
        .sent
        .iter()
        .filter(|t| t.dst.ip() == ip(EAST) && t.payload.get(18) == Some(&34))
        .count();
    assert!(inits >= 2, "restart must re-initiate");
}

#[test]
fn liveness_quiet_when_peer_alive() {
    let mut net = pair(15, |c, w| {
        fast(c, w);
        c.dpd = Some(Dpd {
            delay: Duration::from_secs(2),
            timeout: Duration::from_secs(6),
            action: DpdAction::Clear,
        });
    });
    assert!(establish(&mut net, 10));
    net.run_for(Duration::from_secs(60));
    for n in 0..2 {
        assert_eq!(net.nodes[n].endpoint.sa_counts(), (1, 1));
        assert_eq!(
            net.nodes[n].count(|e| matches!(e, Event::PeerDead { .. })),
            0
        );
    }
}

#[test]
fn fragmentation_with_small_limit() {
    let mut net = pair(16, |c, w| {
        fast(c, w);
        c.fragment_size = 200;
    });
    assert!(establish(&mut net, 10), "{}", dump(&net));
    // Some IKE_AUTH datagrams carried SKF (next payload 53).
    let skf = net
        .sent
        .iter()
        .filter(|t| t.payload.get(18) == Some(&35) && t.payload.get(16) == Some(&53))
        .count();
    assert!(skf >= 4, "expected fragments, got {skf}");
    assert!(net
        .sent
        .iter()
        .all(|t| t.payload.len() <= 200 || t.payload.get(18) == Some(&34)));
}
