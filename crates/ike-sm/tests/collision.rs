//! Simultaneous IKE SA rekey (RFC 7296 2.8.2, 2.25.2): both ends rekey the
//! same IKE SA at once. Exactly one new IKE SA survives on each side (the
//! same one), the Child SAs live on under it, nothing leaks, and every
//! kernel add has its delete. Also the windows where only one side notices
//! the collision (answered with TEMPORARY_FAILURE, or overtaken by the
//! Delete of the old IKE SA).

mod common;
mod sa_view;

use std::time::Duration;

use common::*;
use ike_sm::sim::{Impairments, Network};
use ike_sm::Event;
use sa_view::*;

/// One IKE SA and one Child SA per side, the same ones on both sides, no
/// kernel error.
fn one_pair_agreed(net: &Network, ctx: &str) {
    for n in 0..2 {
        assert_eq!(
            net.nodes[n].endpoint.sa_counts(),
            (1, 1),
            "{ctx} node {n}\n{}",
            dump(net)
        );
        assert!(
            net.nodes[n].kernel_errors().is_empty(),
            "{ctx}\n{}",
            dump(net)
        );
    }
    assert_eq!(ike_spis(net, 0), ike_spis(net, 1), "{ctx}: IKE SPIs agree");
    let (w, e) = (child_spis(net, 0), child_spis(net, 1));
    assert_eq!(w[0], (e[0].1, e[0].0), "{ctx}: Child SPIs agree");
}

/// The Child SA still works under the surviving IKE SA (a Child rekey
/// over it succeeds), then a terminate leaves both kernels empty.
fn child_usable_then_clean(net: &mut Network, ctx: &str) {
    let before = (child_up(net, 0), child_up(net, 1));
    let now = net.now;
    net.nodes[1].endpoint.rekey_child(now, CONN).unwrap();
    assert!(
        net.run_until(Duration::from_secs(120), |n| child_up(n, 0) > before.0
            && child_up(n, 1) > before.1
            && n.nodes[0].endpoint.sa_counts() == (1, 1)
            && n.nodes[1].endpoint.sa_counts() == (1, 1)),
        "{ctx}: Child rekey after the IKE rekey\n{}",
        dump(net)
    );
    one_pair_agreed(net, ctx);
    let now = net.now;
    net.nodes[0].endpoint.terminate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(120));
    for n in 0..2 {
        assert_eq!(net.nodes[n].endpoint.sa_counts(), (0, 0), "{ctx} node {n}");
        assert!(
            kernel_empty(net, n),
            "{ctx}: node {n} kernel not empty\n{}",
            dump(net)
        );
        if let Err(e) = ops_balanced(net, n) {
            panic!("{ctx}: node {n}: {e}\n{}", dump(net));
        }
    }
}

/// The pair with Curve25519 (quick in unoptimised test builds; the group
/// does not matter to the collision logic).
fn fast_pair(seed: u64, tweak: impl Fn(&mut ike_sm::config::Connection)) -> Network {
    pair(seed, |c, _| {
        c.ike = ike_sm::config::parse_ike("aes256-sha2_256;dh31").unwrap();
        tweak(c);
    })
}

fn both_rekey_ike(net: &mut Network) {
    let now = net.now;
    net.nodes[0].endpoint.rekey_ike(now, CONN).unwrap();
    net.nodes[1].endpoint.rekey_ike(now, CONN).unwrap();
}

#[test]
fn simultaneous_ike_rekey_leaves_one() {
    for seed in 40..48u64 {
        let ctx = format!("seed {seed}");
        let mut net = fast_pair(seed, |_| {});
        assert!(establish(&mut net, 10), "{}", dump(&net));
        let old = ike_spis(&net, 0);
        both_rekey_ike(&mut net);
        net.run_for(Duration::from_secs(10));
        one_pair_agreed(&net, &ctx);
        assert_ne!(ike_spis(&net, 0), old, "{ctx}: the IKE SA was rekeyed");
        // Both noticed the collision; exactly one side's new SA had the
        // lowest nonce and its creator deleted it.
        let redundant: usize = (0..2)
            .map(|n| logs_containing(&net, n, "lowest nonce; deleting it"))
            .sum();
        assert_eq!(redundant, 1, "{ctx}\n{}", dump(&net));
        for n in 0..2 {
            assert_eq!(net.nodes[n].count(|e| matches!(e, Event::Failed { .. })), 0);
        }
        child_usable_then_clean(&mut net, &ctx);
    }
}

#[test]
fn simultaneous_ike_rekey_with_loss_and_reordering() {
    for seed in 50..62u64 {
        let ctx = format!("seed {seed}");
        let mut net = fast_pair(seed, |c| c.keyingtries = 0);
        assert!(establish(&mut net, 10), "{}", dump(&net));
        let old = ike_spis(&net, 0);
        net.impair = Impairments {
            loss: 0.15,
            duplicate: 0.1,
            reorder: 0.3,
            ..Impairments::default()
        };
        both_rekey_ike(&mut net);
        // Long enough for every retransmission and the safety discard of a
        // redundant SA whose Delete was lost.
        net.run_for(Duration::from_secs(150));
        net.impair = Impairments::default();
        one_pair_agreed(&net, &ctx);
        assert_ne!(ike_spis(&net, 0), old, "{ctx}: the IKE SA was rekeyed");
        child_usable_then_clean(&mut net, &ctx);
    }
}

/// Both rekey, `drops` are lost once; then `(node, text)` must be logged
/// exactly once and the outcome be one agreed, working pair.
fn one_side_missed(seed: u64, drops: Vec<(std::net::IpAddr, u8)>, expect: (usize, &str)) {
    let ctx = expect.1;
    let mut net = fast_pair(seed, |_| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    net.interceptor = Some(drop_first_requests(drops));
    both_rekey_ike(&mut net);
    net.run_for(Duration::from_secs(10));
    one_pair_agreed(&net, ctx);
    assert_eq!(
        logs_containing(&net, expect.0, expect.1),
        1,
        "{}",
        dump(&net)
    );
    net.interceptor = None;
    child_usable_then_clean(&mut net, ctx);
}

/// East's request is lost, so West completes its rekey without noticing
/// the collision and deletes the old IKE SA; East, which answered West's
/// request, learns from that Delete that West's SA is the survivor
/// (RFC 7296 2.8.2: "the first peer can forget its own rekey attempt").
#[test]
fn delete_of_old_overtakes_our_rekey() {
    one_side_missed(
        70,
        vec![(ip(EAST), CREATE_CHILD_SA)],
        (1, "forgetting our own rekey"),
    );
}

/// As above, but West's Delete of the old IKE SA is lost too: East's
/// retransmitted rekey request reaches West's closing SA and is answered
/// TEMPORARY_FAILURE (RFC 7296 2.8.2); East then settles on West's SA.
#[test]
fn temporary_failure_answer_settles_on_peer_rekey() {
    one_side_missed(
        71,
        vec![(ip(EAST), CREATE_CHILD_SA), (ip(WEST), INFORMATIONAL)],
        (1, "IKE SA rekey failed: peer answered with notification 43"),
    );
}

/// Only one side rekeys while the other is busy with a Child exchange:
/// TEMPORARY_FAILURE (RFC 7296 2.25.1), a retry later succeeds.
#[test]
fn ike_rekey_refused_during_child_exchange_is_retried() {
    let mut net = fast_pair(72, |_| {});
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let now = net.now;
    net.nodes[0].endpoint.rekey_child(now, CONN).unwrap();
    net.nodes[1].endpoint.rekey_ike(now, CONN).unwrap();
    net.run_for(Duration::from_secs(60));
    one_pair_agreed(&net, "child then ike");
    assert!(
        ike_up(&net, 1) >= 2,
        "the IKE rekey happened\n{}",
        dump(&net)
    );
    child_usable_then_clean(&mut net, "child then ike");
}

/// Equal IKE lifetimes and no fuzz: both ends start every IKE rekey at
/// the same instant, round after round; each collision still ends with
/// one agreed IKE SA and the Child SA intact.
#[test]
fn lifetime_rekeys_without_fuzz_collide_and_converge() {
    let mut net = fast_pair(73, |c| {
        c.ike_lifetime = Duration::from_secs(60);
        c.rekey_margin = Duration::from_secs(10);
        c.rekey_fuzz_percent = 0;
    });
    // No transit time either, so both ends also start their lifetimes at
    // the same instant.
    net.impair.delay = Duration::ZERO;
    assert!(establish(&mut net, 10), "{}", dump(&net));
    net.run_for(Duration::from_secs(300));
    let collisions: usize = (0..2)
        .map(|n| logs_containing(&net, n, "simultaneous IKE SA rekey:"))
        .sum();
    assert!(collisions >= 8, "{collisions} collisions\n{}", dump(&net));
    for n in 0..2 {
        assert!(ike_up(&net, n) >= 5, "node {n} rekeyed\n{}", dump(&net));
        assert_eq!(net.nodes[n].count(|e| matches!(e, Event::Failed { .. })), 0);
    }
    one_pair_agreed(&net, "lifetime collisions");
    child_usable_then_clean(&mut net, "lifetime collisions");
}

/// Soak (`cargo test -p ike-sm --test collision -- --ignored`): 300 seeds
/// at 30 % loss with duplication and reordering, both sides (or one)
/// rekeying the IKE SA. Every run that did not exhaust a retransmission
/// budget (which declares the peer dead, RFC 7296 2.4) must end with one
/// agreed pair and a clean kernel after terminate. Last run: 299 agreed
/// and clean, 1 gave up (peer declared dead), 0 bad.
#[test]
#[ignore = "soak: about 10 s unoptimised"]
fn soak_ike_rekey_collisions_under_heavy_loss() {
    let mut bad = Vec::new();
    let mut gave_up_runs = 0;
    for seed in 100..400u64 {
        let mut net = fast_pair(seed, |c| c.keyingtries = 0);
        assert!(establish(&mut net, 10));
        net.impair = Impairments {
            loss: 0.3,
            duplicate: 0.1,
            reorder: 0.3,
            ..Impairments::default()
        };
        let now = net.now;
        net.nodes[0].endpoint.rekey_ike(now, CONN).unwrap();
        if seed % 3 != 0 {
            let at = now + Duration::from_millis(seed % 7);
            net.nodes[1].endpoint.rekey_ike(at, CONN).unwrap();
        }
        net.run_for(Duration::from_secs(150));
        net.impair = Impairments::default();
        let gave_up =
            (0..2).any(|n| net.nodes[n].count(|e| matches!(e, Event::PeerDead { .. })) > 0);
        let agreed = (0..2).all(|n| {
            net.nodes[n].endpoint.sa_counts() == (1, 1) && net.nodes[n].kernel_errors().is_empty()
        }) && ike_spis(&net, 0) == ike_spis(&net, 1);
        if gave_up {
            gave_up_runs += 1;
            continue;
        }
        if !agreed {
            bad.push(seed);
            continue;
        }
        let now = net.now;
        net.nodes[0].endpoint.terminate(now, CONN).unwrap();
        net.run_for(Duration::from_secs(120));
        if (0..2).any(|n| !kernel_empty(&mut net, n) || ops_balanced(&net, n).is_err()) {
            bad.push(seed);
        }
    }
    eprintln!("{gave_up_runs} of 300 runs exhausted a retransmission budget");
    assert!(bad.is_empty(), "seeds {bad:?}");
}

/// Offload mode (pluto's `--nhelpers`): the DH of every CREATE_CHILD_SA is
/// a job, run late and out of order. Simultaneous IKE rekeys and
/// simultaneous PFS Child rekeys still end in one agreed, working pair.
#[test]
fn simultaneous_rekeys_with_delayed_shuffled_jobs() {
    use ike_sm::sim::JobRunner;
    use ike_sm::EndpointConfig;
    let offload = || EndpointConfig {
        offload_crypto: true,
        ..Default::default()
    };
    for (seed, delay_ms) in [(70u64, 0u64), (71, 30), (72, 200), (73, 450)] {
        let ctx = format!("seed {seed}, jobs {delay_ms} ms late");
        let mut net = pair_cfg(seed, offload(), offload(), |c, _| {
            c.ike = ike_sm::config::parse_ike("aes256-sha2_256;dh31").unwrap();
            c.pfs = true;
        });
        net.job_runner = JobRunner::Delayed {
            delay: Duration::from_millis(delay_ms),
            shuffle: true,
        };
        assert!(establish(&mut net, 10), "{ctx}\n{}", dump(&net));
        let old = ike_spis(&net, 0);
        both_rekey_ike(&mut net);
        net.run_for(Duration::from_secs(60));
        one_pair_agreed(&net, &ctx);
        assert_ne!(ike_spis(&net, 0), old, "{ctx}: the IKE SA was rekeyed");
        let old = child_spis(&net, 0);
        let now = net.now;
        net.nodes[0].endpoint.rekey_child(now, CONN).unwrap();
        net.nodes[1].endpoint.rekey_child(now, CONN).unwrap();
        net.run_for(Duration::from_secs(60));
        one_pair_agreed(&net, &ctx);
        assert_ne!(child_spis(&net, 0), old, "{ctx}: the Child SA was rekeyed");
        let jobs = net.nodes[0].jobs_run + net.nodes[1].jobs_run;
        assert!(jobs >= 8, "{ctx}: CREATE_CHILD_SA DH ran as jobs ({jobs})");
        for n in 0..2 {
            assert_eq!(
                net.nodes[n].count(|e| matches!(e, Event::Failed { .. })),
                0,
                "{ctx}"
            );
        }
        child_usable_then_clean(&mut net, &ctx);
    }
}

/// As above with loss, duplication and reordering on top of late,
/// shuffled jobs: retransmissions meet parked states.
#[test]
fn simultaneous_rekeys_with_jobs_and_loss() {
    use ike_sm::sim::JobRunner;
    use ike_sm::EndpointConfig;
    let offload = || EndpointConfig {
        offload_crypto: true,
        ..Default::default()
    };
    // 138: our Child rekey ends before we answer the peer's (the nonce rule
    // is then applied when answering).
    for seed in (80..88u64).chain([138]) {
        let ctx = format!("seed {seed}");
        let mut net = pair_cfg(seed, offload(), offload(), |c, _| {
            c.ike = ike_sm::config::parse_ike("aes256-sha2_256;dh31").unwrap();
            c.pfs = true;
            c.keyingtries = 0;
        });
        net.job_runner = JobRunner::Delayed {
            delay: Duration::from_millis(120),
            shuffle: true,
        };
        assert!(establish(&mut net, 10), "{ctx}\n{}", dump(&net));
        net.impair = Impairments {
            loss: 0.15,
            duplicate: 0.1,
            reorder: 0.3,
            ..Impairments::default()
        };
        both_rekey_ike(&mut net);
        net.run_for(Duration::from_secs(150));
        one_pair_agreed(&net, &format!("{ctx}, IKE rekeys"));
        let now = net.now;
        net.nodes[0].endpoint.rekey_child(now, CONN).unwrap();
        net.nodes[1].endpoint.rekey_child(now, CONN).unwrap();
        net.run_for(Duration::from_secs(150));
        net.impair = Impairments::default();
        one_pair_agreed(&net, &ctx);
        child_usable_then_clean(&mut net, &ctx);
    }
}
