//! Full IKEv2 handshakes (IKE_SA_INIT + IKE_AUTH with a Child SA, PSK)
//! per second between two in-process endpoints, for Curve25519 and
//! MODP2048. Each iteration also deletes the SAs locally so memory stays
//! flat.

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

mod common;

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
                for ep in [&mut w, &mut e] {
                    let states: Vec<_> = ep.status(now).states.iter().map(|s| s.serial).collect();
                    for s in states {
                        let _ = ep.delete_state(now, s);
                    }
                    while ep.poll_transmit().is_some() {}
                    while ep.poll_kernel_op().is_some() {}
                    while ep.poll_event().is_some() {}
                }
                // Local deletes leave states waiting for the peer's answer;
                // drop them by removing and re-adding the connection.
                for ep in [&mut w, &mut e] {
                    let c = ep.connection("bench").cloned().unwrap();
                    ep.remove_connection(now, "bench").unwrap();
                    ep.add_connection(c).unwrap();
                    while ep.poll_transmit().is_some() {}
                    while ep.poll_kernel_op().is_some() {}
                    while ep.poll_event().is_some() {}
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
