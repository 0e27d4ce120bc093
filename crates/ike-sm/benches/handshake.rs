//! Full IKEv2 handshakes (IKE_SA_INIT + IKE_AUTH with a Child SA, PSK)
//! per second between two in-process endpoints, for Curve25519 and
//! MODP2048. Each iteration also deletes the SAs locally so memory stays
//! flat.
//!
//! `handshake_batch`: 8 MODP2048 handshakes in flight at once, driven by
//! one thread, with the Diffie-Hellman work done inline or handed out as
//! jobs (`EndpointConfig::offload_crypto`) to a pool of 2 worker threads
//! (pluto `--nhelpers=2`).

use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ike_sm::{Endpoint, EndpointConfig, Event, Job, JobResult};

mod common;

/// Delete every state and re-add the connection, so the next handshake
/// starts from the same empty endpoint.
fn reset(ep: &mut Endpoint, now: Instant) {
    let states: Vec<_> = ep.status(now).states.iter().map(|s| s.serial).collect();
    for s in states {
        let _ = ep.delete_state(now, s);
    }
    // Local deletes leave states waiting for the peer's answer; drop them
    // by removing and re-adding the connection.
    let c = ep.connection("bench").cloned().unwrap();
    ep.remove_connection(now, "bench").unwrap();
    ep.add_connection(c).unwrap();
    while ep.poll_transmit().is_some() {}
    while ep.poll_kernel_op().is_some() {}
    while ep.poll_event().is_some() {}
    while ep.poll_job().is_some() {}
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("handshake");
    g.throughput(Throughput::Elements(1));
    for (name, ike) in [
        ("psk_curve25519", "aes_gcm256-sha2_256;dh31"),
        ("psk_modp2048", "aes_gcm256-sha2_256;modp2048"),
    ] {
        g.bench_function(name, |b| {
            let (mut w, mut e) = common::pair(ike, 1);
            let now = Instant::now();
            b.iter(|| {
                assert_eq!(common::handshake(&mut w, &mut e, now), 2);
                reset(&mut w, now);
                reset(&mut e, now);
            })
        });
    }
    g.finish();
}

/// Worker threads that run jobs: (endpoint index, job) in, (endpoint
/// index, result) out.
struct Pool {
    tx: Option<mpsc::Sender<(usize, Job)>>,
    rx: mpsc::Receiver<(usize, JobResult)>,
    workers: Vec<JoinHandle<()>>,
}

impl Pool {
    fn new(threads: usize) -> Pool {
        let (tx, job_rx) = mpsc::channel::<(usize, Job)>();
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (res_tx, rx) = mpsc::channel();
        let workers = (0..threads)
            .map(|_| {
                let jobs = Arc::clone(&job_rx);
                let results = res_tx.clone();
                std::thread::spawn(move || loop {
                    let next = jobs.lock().unwrap().recv();
                    let Ok((i, job)) = next else { break };
                    if results.send((i, job.run())).is_err() {
                        break;
                    }
                })
            })
            .collect();
        Pool {
            tx: Some(tx),
            rx,
            workers,
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.tx = None;
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

/// Drive every pair to an established Child SA at once; jobs (if any) go
/// to `pool`. Returns the Child SAs established (2 per pair).
fn batch(eps: &mut [Endpoint], pool: Option<&Pool>, now: Instant) -> usize {
    for w in eps.iter_mut().step_by(2) {
        w.initiate(now, "bench").unwrap();
    }
    let mut up = 0;
    let mut out = 0usize;
    loop {
        let mut moved = 0;
        for k in (0..eps.len()).step_by(2) {
            let (w, e) = eps.split_at_mut(k + 1);
            let (w, e) = (&mut w[k], &mut e[0]);
            while let Some(t) = w.poll_transmit() {
                e.handle_datagram(now, t.dst, t.src, &t.payload);
                moved += 1;
            }
            while let Some(t) = e.poll_transmit() {
                w.handle_datagram(now, t.dst, t.src, &t.payload);
                moved += 1;
            }
        }
        for (i, ep) in eps.iter_mut().enumerate() {
            while ep.poll_kernel_op().is_some() {}
            while let Some(ev) = ep.poll_event() {
                if matches!(ev, Event::ChildEstablished { .. }) {
                    up += 1;
                }
            }
            if let Some(p) = pool {
                while let Some(j) = ep.poll_job() {
                    p.tx.as_ref().unwrap().send((i, j)).unwrap();
                    out += 1;
                }
            }
        }
        if let Some(p) = pool.filter(|_| out > 0) {
            // Wait for one result, then take whatever else is ready.
            let first = p.rx.recv_timeout(Duration::from_secs(60)).unwrap();
            for (i, r) in std::iter::once(first).chain(p.rx.try_iter()) {
                eps[i].handle_job_done(now, r);
                out -= 1;
            }
        } else if moved == 0 {
            return up;
        }
    }
}

const BATCH: usize = 8;

fn bench_batch(c: &mut Criterion) {
    let mut g = c.benchmark_group("handshake_batch");
    g.throughput(Throughput::Elements(BATCH as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));
    let ike = "aes_gcm256-sha2_256;modp2048";
    for (name, threads) in [("modp2048_inline", 0), ("modp2048_jobs_2_threads", 2)] {
        g.bench_function(name, |b| {
            let cfg = EndpointConfig {
                offload_crypto: threads > 0,
                ..Default::default()
            };
            let mut eps: Vec<Endpoint> = (0..BATCH as u64)
                .flat_map(|k| {
                    let (w, e) = common::pair_cfg(ike, 2 * k + 1, cfg.clone());
                    [w, e]
                })
                .collect();
            let pool = (threads > 0).then(|| Pool::new(threads));
            let now = Instant::now();
            b.iter(|| {
                assert_eq!(batch(&mut eps, pool.as_ref(), now), 2 * BATCH);
                for ep in eps.iter_mut() {
                    reset(ep, now);
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench, bench_batch);
criterion_main!(benches);
