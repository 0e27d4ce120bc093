//! Expensive crypto as jobs (offload mode, pluto's `--nhelpers`):
//! establishment with jobs run at once, late, out of order and on other
//! threads; the same bytes on the wire as the inline path; states that go
//! away while their job is out; retransmissions and the COOKIE threshold
//! while a job is pending.

mod common;

use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::Duration;

use common::*;
use ike_sm::config::parse_ike;
use ike_sm::rng::SeededRng;
use ike_sm::sim::{JobRunner, Network};
use ike_sm::{Endpoint, EndpointConfig, Event, Job, JobKind, JobResult};

fn offload() -> EndpointConfig {
    EndpointConfig {
        offload_crypto: true,
        ..Default::default()
    }
}

fn curve25519(c: &mut ike_sm::config::Connection, _west: bool) {
    c.ike = parse_ike("aes256-sha2_256;dh31").unwrap();
}

fn logged(net: &Network, node: usize, text: &str) -> usize {
    net.nodes[node].count(|e| matches!(e, Event::Log(l) if l.text.contains(text)))
}

/// Datagrams a node has sent so far.
fn sent_by(net: &Network, node: usize) -> usize {
    let addr = net.nodes[node].addr;
    net.sent.iter().filter(|t| t.src.ip() == addr).count()
}

const HUB: &str = "192.0.2.2";

/// East (node 0) answers `roads` road warriors (nodes 1..), each with its
/// own connection `road{i}` and subnet.
fn hub(roads: usize, east_cfg: EndpointConfig, road_cfg: EndpointConfig) -> Network {
    let mut net = Network::new(11, std::time::Instant::now());
    let p = ike_crypto::rustcrypto();
    let mut east = Endpoint::new(east_cfg, p.clone(), Box::new(SeededRng::new(100)));
    let mut others = Vec::new();
    for i in 1..=roads {
        let road = format!("192.0.2.{}", 10 + i);
        let (rid, rsub) = (format!("@road{i}"), format!("198.51.101.{i}/32"));
        let mut e = conn(HUB, &road, "@east", &rid, "198.51.100.2/32", &rsub);
        let mut r = conn(&road, HUB, &rid, "@east", &rsub, "198.51.100.2/32");
        for c in [&mut e, &mut r] {
            c.name = format!("road{i}");
            curve25519(c, false);
        }
        east.add_connection(e).unwrap();
        let mut ep = Endpoint::new(
            road_cfg.clone(),
            p.clone(),
            Box::new(SeededRng::new(100 + i as u64)),
        );
        ep.add_connection(r).unwrap();
        others.push((ip(&road), ep));
    }
    net.add_node(ip(HUB), east);
    for (addr, ep) in others {
        net.add_node(addr, ep);
    }
    net
}

fn initiate_roads(net: &mut Network) {
    let now = net.now;
    for i in 1..net.nodes.len() {
        net.nodes[i]
            .endpoint
            .initiate(now, &format!("road{i}"))
            .unwrap();
    }
}

fn all_roads_up(net: &Network) -> bool {
    (1..net.nodes.len()).all(|i| child_up(net, i) == 1) && child_up(net, 0) == net.nodes.len() - 1
}

#[test]
fn handles_are_send() {
    fn send<T: Send + 'static>() {}
    send::<Job>();
    send::<JobResult>();
    send::<Endpoint>();
}

#[test]
fn offload_establishes_through_jobs() {
    let mut net = pair_cfg(21, offload(), offload(), curve25519);
    assert!(establish(&mut net, 10), "{}", dump(&net));
    // West: its KE, then g^ir on the response; East: both in one job.
    assert_eq!(net.nodes[0].jobs_run, 2);
    assert_eq!(net.nodes[1].jobs_run, 1);
    for n in 0..2 {
        assert_eq!(net.nodes[n].endpoint.pending_jobs(), 0);
        assert!(net.nodes[n].kernel_errors().is_empty(), "{}", dump(&net));
    }
    let keys = net.nodes[0].endpoint.ike_keys();
    assert_eq!(keys[0].sk_ei, net.nodes[1].endpoint.ike_keys()[0].sk_ei);
}

#[test]
fn inline_mode_hands_out_no_jobs() {
    let mut net = pair(22, curve25519);
    assert!(establish(&mut net, 10), "{}", dump(&net));
    assert_eq!(net.nodes[0].jobs_run + net.nodes[1].jobs_run, 0);
}

/// Every datagram of a run, in order, and the events of both nodes.
fn transcript(
    seed: u64,
    offload_on: bool,
    runner: JobRunner,
    tweak: fn(&mut ike_sm::config::Connection, bool),
    ecfg: EndpointConfig,
) -> (Vec<Vec<u8>>, usize) {
    transcript_then(seed, offload_on, runner, tweak, ecfg, |_| {})
}

/// [`transcript`] with `then` run once the pair is up (rekeys).
fn transcript_then(
    seed: u64,
    offload_on: bool,
    runner: JobRunner,
    tweak: fn(&mut ike_sm::config::Connection, bool),
    ecfg: EndpointConfig,
    then: fn(&mut Network),
) -> (Vec<Vec<u8>>, usize) {
    let cfg = |c: EndpointConfig| EndpointConfig {
        offload_crypto: offload_on,
        ..c
    };
    let mut net = pair_cfg(seed, cfg(EndpointConfig::default()), cfg(ecfg), tweak);
    net.job_runner = runner;
    assert!(establish(&mut net, 10), "{}", dump(&net));
    then(&mut net);
    let jobs = net.nodes[0].jobs_run + net.nodes[1].jobs_run;
    assert_eq!(jobs > 0, offload_on);
    (net.sent.iter().map(|t| t.payload.clone()).collect(), jobs)
}

fn same_bytes(tweak: fn(&mut ike_sm::config::Connection, bool), ecfg: EndpointConfig) {
    let (inline, _) = transcript(23, false, JobRunner::Immediate, tweak, ecfg.clone());
    let (now, _) = transcript(23, true, JobRunner::Immediate, tweak, ecfg.clone());
    assert_eq!(inline, now, "jobs run at once");
    let late = JobRunner::Delayed {
        delay: Duration::from_millis(200),
        shuffle: true,
    };
    let (later, _) = transcript(23, true, late, tweak, ecfg);
    assert_eq!(inline, later, "jobs run 200 ms late");
}

#[test]
fn inline_and_offload_put_the_same_bytes_on_the_wire() {
    // Default proposals (MODP2048 first).
    same_bytes(|_, _| {}, EndpointConfig::default());
}

#[test]
fn same_bytes_through_invalid_ke_and_cookie() {
    // West starts with MODP2048, East wants Curve25519 (a second keygen
    // job on West), and East demands a COOKIE first.
    let busy = EndpointConfig {
        force_busy: true,
        ..Default::default()
    };
    same_bytes(
        |c, west| {
            c.ike = parse_ike(if west {
                "aes256-sha2_256;modp2048+dh31"
            } else {
                "aes256-sha2_256;dh31"
            })
            .unwrap()
        },
        busy,
    );
}

#[test]
fn jobs_run_late_and_shuffled_across_many_sas() {
    let mut net = hub(5, offload(), offload());
    net.job_runner = JobRunner::Delayed {
        delay: Duration::from_millis(300),
        shuffle: true,
    };
    initiate_roads(&mut net);
    assert!(
        net.run_until(Duration::from_secs(10), all_roads_up),
        "{}",
        dump(&net)
    );
    assert_eq!(net.nodes[0].jobs_run, 5);
}

#[test]
fn jobs_fed_back_in_reverse_order() {
    let mut net = hub(4, offload(), EndpointConfig::default());
    net.job_runner = JobRunner::Manual;
    initiate_roads(&mut net);
    net.run_for(Duration::from_millis(50));
    // All four requests arrived; nothing is answered before the jobs.
    let jobs = std::mem::take(&mut net.nodes[0].jobs);
    assert_eq!(jobs.len(), 4);
    assert_eq!(sent_by(&net, 0), 0);
    assert!(jobs
        .iter()
        .all(|(_, j)| j.kind() == JobKind::KeygenAndShared && j.group() == 31));
    let mut serials: Vec<_> = jobs.iter().map(|(_, j)| j.serial()).collect();
    serials.dedup();
    assert_eq!(serials.len(), 4);
    let now = net.now;
    for (_, j) in jobs.into_iter().rev() {
        net.nodes[0].endpoint.handle_job_done(now, j.run());
    }
    assert!(
        net.run_until(Duration::from_secs(10), all_roads_up),
        "{}",
        dump(&net)
    );
}

#[test]
fn jobs_run_on_worker_threads() {
    let mut net = hub(4, offload(), offload());
    net.job_runner = JobRunner::Manual;
    let (job_tx, job_rx) = mpsc::channel::<(usize, Job)>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (res_tx, res_rx) = mpsc::channel::<(usize, JobResult, thread::ThreadId)>();
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let rx = Arc::clone(&job_rx);
            let tx = res_tx.clone();
            thread::spawn(move || loop {
                let next = rx.lock().unwrap().recv();
                let Ok((node, job)) = next else { break };
                if tx.send((node, job.run(), thread::current().id())).is_err() {
                    break;
                }
            })
        })
        .collect();
    let main = thread::current().id();
    initiate_roads(&mut net);
    let mut ran = 0;
    for _ in 0..500 {
        net.run_for(Duration::from_millis(20));
        let mut out = 0;
        for (i, n) in net.nodes.iter_mut().enumerate() {
            for (_, j) in n.jobs.drain(..) {
                job_tx.send((i, j)).unwrap();
                out += 1;
            }
        }
        for _ in 0..out {
            let (i, r, tid) = res_rx.recv_timeout(Duration::from_secs(60)).unwrap();
            assert_ne!(tid, main);
            let now = net.now;
            net.nodes[i].endpoint.handle_job_done(now, r);
            ran += 1;
        }
        if all_roads_up(&net) {
            break;
        }
    }
    drop(job_tx);
    for w in workers {
        w.join().unwrap();
    }
    assert!(all_roads_up(&net), "{}", dump(&net));
    // Each road: KE + g^ir; East: one per road.
    assert_eq!(ran, 4 * 2 + 4);
}

#[test]
fn retransmissions_while_the_job_is_out_are_dropped() {
    let mut net = pair_cfg(24, EndpointConfig::default(), offload(), curve25519);
    net.job_runner = JobRunner::Manual;
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(2));
    // West retransmitted IKE_SA_INIT; East holds one state and one job and
    // has said nothing yet.
    assert!(sent_by(&net, 0) >= 3, "{}", dump(&net));
    assert_eq!(sent_by(&net, 1), 0);
    assert_eq!(net.nodes[1].jobs.len(), 1);
    assert_eq!(net.nodes[1].endpoint.pending_jobs(), 1);
    assert_eq!(net.nodes[1].endpoint.sa_counts(), (1, 0));
    let (_, job) = net.nodes[1].jobs.remove(0);
    let now = net.now;
    net.nodes[1].endpoint.handle_job_done(now, job.run());
    assert_eq!(sent_by(&net, 1), 0, "sent on drain, not before");
    net.drain();
    assert_eq!(sent_by(&net, 1), 1);
    assert!(
        net.run_until(Duration::from_secs(10), |n| child_up(n, 0) == 1
            && child_up(n, 1) == 1),
        "{}",
        dump(&net)
    );
    assert_eq!(net.nodes[1].endpoint.sa_counts(), (1, 1));
}

#[test]
fn initiator_deleted_while_its_job_is_out() {
    let mut net = pair_cfg(25, offload(), EndpointConfig::default(), curve25519);
    net.job_runner = JobRunner::Manual;
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    net.drain();
    let (_, job) = net.nodes[0].jobs.remove(0);
    assert_eq!(job.kind(), JobKind::Keygen);
    net.nodes[0].endpoint.terminate(now, CONN).unwrap();
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0));
    net.nodes[0].endpoint.handle_job_done(now, job.run());
    net.run_for(Duration::from_secs(5));
    assert_eq!(sent_by(&net, 0), 0, "{}", dump(&net));
    assert_eq!(logged(&net, 0, "the state is gone"), 1, "{}", dump(&net));
    assert_eq!(net.nodes[0].endpoint.pending_jobs(), 0);
}

#[test]
fn job_of_a_state_gone_before_it_was_polled_is_not_handed_out() {
    let mut net = pair_cfg(26, offload(), EndpointConfig::default(), curve25519);
    net.job_runner = JobRunner::Manual;
    let now = net.now;
    let ep = &mut net.nodes[0].endpoint;
    ep.initiate(now, CONN).unwrap();
    ep.terminate(now, CONN).unwrap();
    assert!(ep.poll_job().is_none());
    assert_eq!(ep.pending_jobs(), 0);
}

#[test]
fn responder_times_out_while_its_job_is_out() {
    let mut net = pair_cfg(27, EndpointConfig::default(), offload(), curve25519);
    net.job_runner = JobRunner::Manual;
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    net.run_for(Duration::from_millis(100));
    let (_, job) = net.nodes[1].jobs.remove(0);
    // West's retransmissions are lost from now on; past the half-open
    // timeout (30 s) East discards the state.
    net.interceptor = Some(Box::new(|_| ike_sm::sim::Verdict::Drop));
    net.run_for(Duration::from_secs(40));
    assert_eq!(net.nodes[1].endpoint.sa_counts(), (0, 0), "{}", dump(&net));
    assert_eq!(net.nodes[1].endpoint.pending_jobs(), 0);
    let now = net.now;
    net.nodes[1].endpoint.handle_job_done(now, job.run());
    net.drain();
    assert_eq!(sent_by(&net, 1), 0, "{}", dump(&net));
    assert_eq!(
        logged(&net, 1, "ignoring result of unknown or stale job"),
        1,
        "{}",
        dump(&net)
    );
}

#[test]
fn result_from_another_endpoint_is_ignored() {
    let mut net = pair_cfg(28, offload(), offload(), curve25519);
    net.job_runner = JobRunner::Manual;
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    net.drain();
    let (_, job) = net.nodes[0].jobs.remove(0);
    // East has no job out: West's result means nothing to it.
    net.nodes[1].endpoint.handle_job_done(now, job.run());
    net.drain();
    assert_eq!(logged(&net, 1, "unknown or stale job 1"), 1);
    assert_eq!(net.nodes[1].endpoint.sa_counts(), (0, 0));
    assert_eq!(sent_by(&net, 1), 0);
}

#[test]
fn half_open_state_with_its_job_out_counts_for_cookies() {
    let east = EndpointConfig {
        cookie_threshold: 1,
        ..offload()
    };
    let mut net = hub(2, east, EndpointConfig::default());
    net.job_runner = JobRunner::Manual;
    let now = net.now;
    net.nodes[1].endpoint.initiate(now, "road1").unwrap();
    net.run_for(Duration::from_millis(100));
    assert_eq!(net.nodes[0].jobs.len(), 1);
    net.nodes[2].endpoint.initiate(net.now, "road2").unwrap();
    net.run_for(Duration::from_millis(100));
    // road2 was asked for a COOKIE (no state, no job for it) and came
    // back with one.
    assert_eq!(logged(&net, 0, "with COOKIE"), 1, "{}", dump(&net));
    assert_eq!(logged(&net, 2, "received COOKIE"), 1, "{}", dump(&net));
    assert_eq!(net.nodes[0].jobs.len(), 2);
}

/// Zero the KE data of every IKE_SA_INIT request (an all-zero X25519
/// public value, refused by RFC 8031 2's check on the result).
fn zero_ke(payload: &[u8]) -> Option<Vec<u8>> {
    let mut m = payload.to_vec();
    if m.get(18) != Some(&34) || m.get(20).is_some_and(|f| f & 0x20 != 0) {
        return None; // not an IKE_SA_INIT request
    }
    let (mut next, mut at) = (*m.get(16)?, 28usize);
    while next != 0 {
        let len = u16::from_be_bytes([*m.get(at + 2)?, *m.get(at + 3)?]) as usize;
        if next == 34 {
            // Generic header (4), DH group (2), reserved (2), then the data.
            m.get_mut(at + 8..at + len)?.fill(0);
            return Some(m);
        }
        next = *m.get(at)?;
        at += len;
    }
    None
}

fn bad_ke_run(offload_on: bool) -> Network {
    let cfg = EndpointConfig {
        offload_crypto: offload_on,
        ..Default::default()
    };
    let mut net = pair_cfg(29, EndpointConfig::default(), cfg, curve25519);
    net.interceptor = Some(Box::new(|t| match zero_ke(&t.payload) {
        Some(b) => ike_sm::sim::Verdict::Replace(b),
        None => ike_sm::sim::Verdict::Deliver,
    }));
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    net
}

#[test]
fn bad_peer_public_value_in_a_job_is_answered_like_inline() {
    let inline = bad_ke_run(false);
    let net = bad_ke_run(true);
    assert_eq!(net.nodes[1].jobs_run, 1);
    assert_eq!(
        logged(&net, 1, "invalid KE payload from"),
        1,
        "{}",
        dump(&net)
    );
    assert_eq!(net.nodes[1].endpoint.sa_counts(), (0, 0));
    assert_eq!(net.nodes[1].endpoint.pending_jobs(), 0);
    // West gives up on East's INVALID_SYNTAX.
    assert_eq!(
        net.nodes[0].count(|e| matches!(e, Event::Failed { .. })),
        1,
        "{}",
        dump(&net)
    );
    let bytes = |n: &Network| n.sent.iter().map(|t| t.payload.clone()).collect::<Vec<_>>();
    assert_eq!(bytes(&inline), bytes(&net));
    assert_eq!(logged(&inline, 1, "invalid KE payload from"), 1);
}

/// CREATE_CHILD_SA with PFS and IKE rekeys: each side rekeys the Child SA
/// (Curve25519 PFS) and then the IKE SA, one after the other.
fn rekeys_in_turn(net: &mut Network) {
    for side in [0, 1] {
        let now = net.now;
        net.nodes[side].endpoint.rekey_child(now, CONN).unwrap();
        net.run_for(Duration::from_secs(3));
        let now = net.now;
        net.nodes[side].endpoint.rekey_ike(now, CONN).unwrap();
        net.run_for(Duration::from_secs(3));
    }
    for n in 0..2 {
        assert_eq!(net.nodes[n].endpoint.sa_counts(), (1, 1), "{}", dump(net));
        assert!(net.nodes[n].kernel_errors().is_empty(), "{}", dump(net));
    }
    // 2 Child rekeys and 2 IKE rekeys on each node, after the first.
    assert_eq!(child_up(net, 0), 3, "{}", dump(net));
    assert_eq!(ike_up(net, 0), 3, "{}", dump(net));
}

/// Both sides rekey the Child SA (PFS) at once, then the IKE SA at once.
fn rekeys_at_once(net: &mut Network) {
    let now = net.now;
    net.nodes[0].endpoint.rekey_child(now, CONN).unwrap();
    net.nodes[1].endpoint.rekey_child(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    let now = net.now;
    net.nodes[0].endpoint.rekey_ike(now, CONN).unwrap();
    net.nodes[1].endpoint.rekey_ike(now, CONN).unwrap();
    net.run_for(Duration::from_secs(5));
    for n in 0..2 {
        assert_eq!(net.nodes[n].endpoint.sa_counts(), (1, 1), "{}", dump(net));
        assert!(net.nodes[n].kernel_errors().is_empty(), "{}", dump(net));
    }
}

fn pfs25519(c: &mut ike_sm::config::Connection, west: bool) {
    curve25519(c, west);
    c.pfs = true;
}

/// The same bytes inline, with jobs run at once, and with jobs 200 ms late
/// and shuffled; returns the job counts (at once, late).
fn same_bytes_then(then: fn(&mut Network)) -> (usize, usize) {
    let d = EndpointConfig::default;
    let (inline, _) = transcript_then(31, false, JobRunner::Immediate, pfs25519, d(), then);
    let (now, n_now) = transcript_then(31, true, JobRunner::Immediate, pfs25519, d(), then);
    assert_eq!(inline, now, "jobs run at once");
    let late = JobRunner::Delayed {
        delay: Duration::from_millis(200),
        shuffle: true,
    };
    let (later, n_late) = transcript_then(31, true, late, pfs25519, d(), then);
    assert_eq!(inline, later, "jobs run 200 ms late");
    (n_now, n_late)
}

#[test]
fn same_bytes_through_pfs_child_rekeys_and_ike_rekeys() {
    let (now, late) = same_bytes_then(rekeys_in_turn);
    // Establishment: 3 jobs. Each PFS Child rekey and each IKE rekey:
    // KEi, KEr with g^ir, g^ir on the initiator.
    assert_eq!(now, 3 + 4 * 3);
    assert_eq!(late, now);
}

#[test]
fn same_bytes_through_simultaneous_rekeys() {
    let (now, late) = same_bytes_then(rekeys_at_once);
    assert!(now > 3 + 2 * 3, "both sides' rekeys ran as jobs ({now})");
    assert_eq!(late, now);
}

/// While our Child rekey's KEi job is out, nothing else of ours goes out
/// on the IKE SA (the window is one request, RFC 7296 2.3): a liveness
/// probe asked for meanwhile waits for the rekey request.
#[test]
fn request_queue_waits_for_a_create_child_job() {
    let mut net = pair_cfg(32, offload(), offload(), pfs25519);
    assert!(establish(&mut net, 10), "{}", dump(&net));
    net.job_runner = JobRunner::Manual;
    let sent = sent_by(&net, 0);
    let now = net.now;
    net.nodes[0].endpoint.rekey_child(now, CONN).unwrap();
    net.nodes[0].endpoint.rekey_ike(now, CONN).unwrap();
    net.run_for(Duration::from_secs(2));
    assert_eq!(
        sent_by(&net, 0),
        sent,
        "nothing sent while the KEi job is out"
    );
    let jobs = std::mem::take(&mut net.nodes[0].jobs);
    assert_eq!(jobs.len(), 1, "one job: the Child rekey's KEi");
    assert_eq!(jobs[0].1.kind(), JobKind::Keygen);
    let now = net.now;
    for (_, j) in jobs {
        net.nodes[0].endpoint.handle_job_done(now, j.run());
    }
    net.job_runner = JobRunner::Immediate;
    net.run_for(Duration::from_secs(5));
    for n in 0..2 {
        assert_eq!(net.nodes[n].endpoint.sa_counts(), (1, 1), "{}", dump(&net));
    }
    assert_eq!(child_up(&net, 0), 2, "{}", dump(&net));
    assert_eq!(ike_up(&net, 0), 2, "{}", dump(&net));
}

/// A terminate while our IKE rekey's KEi job is out: the rekey is
/// abandoned like an outstanding exchange, the Delete goes at once, the
/// job's late result is discarded, and nothing leaks.
#[test]
fn terminate_while_an_ike_rekey_job_is_out() {
    let mut net = pair_cfg(33, offload(), offload(), pfs25519);
    assert!(establish(&mut net, 10), "{}", dump(&net));
    net.job_runner = JobRunner::Manual;
    let now = net.now;
    net.nodes[0].endpoint.rekey_ike(now, CONN).unwrap();
    net.run_for(Duration::from_millis(100));
    assert_eq!(
        net.nodes[0].endpoint.sa_counts().0,
        2,
        "the new IKE SA waits"
    );
    let sent = sent_by(&net, 0);
    let now = net.now;
    net.nodes[0].endpoint.terminate(now, CONN).unwrap();
    net.run_for(Duration::from_millis(100));
    assert_eq!(sent_by(&net, 0), sent + 1, "the Delete goes at once");
    let jobs = std::mem::take(&mut net.nodes[0].jobs);
    assert_eq!(jobs.len(), 1, "{}", dump(&net));
    let now = net.now;
    for (_, j) in jobs {
        net.nodes[0].endpoint.handle_job_done(now, j.run());
    }
    assert_eq!(net.nodes[0].endpoint.pending_jobs(), 0);
    net.job_runner = JobRunner::Immediate;
    net.run_for(Duration::from_secs(5));
    for n in 0..2 {
        assert_eq!(net.nodes[n].endpoint.sa_counts(), (0, 0), "{}", dump(&net));
        assert!(kernel_empty(&mut net, n), "{}", dump(&net));
    }
    assert_eq!(logged(&net, 0, "initiating rekey of IKE SA"), 0);
    assert_eq!(ike_up(&net, 1), 1, "the peer never saw a rekey");
}
