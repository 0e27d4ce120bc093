//! Shared-secret derivation of the pure-Rust key exchanges, at the
//! exponent lengths `openssl speed ffdhN` uses, for the issue-3
//! comparison with OpenSSL (`openssl speed ffdh2048 ... ecdhx448`).
//!
//! OpenSSL 3.0 gives its named ffdhe groups RFC 7919's short exponents:
//! 225, 275, 325, 375 and 400 bits for 2048-8192 (checked with
//! `openssl genpkey -algorithm DH -pkeyopt group:ffdhe2048 -text`); the
//! `-ossl` rows use exactly those lengths, the plain rows our default
//! (NIST SP 800-56A: 224, 256, 304, 352, 400) and `-full` a 2047-bit one.
//!
//! Times are this thread's CPU time, as `openssl speed` reports.
//!
//! `cargo bench -p ike-crypto --bench modp`

mod clock;
mod cputime;
// For the OpenSSL exponent lengths only; the operation lists are the other
// benches'.
#[allow(dead_code)]
mod ops;

use criterion::{black_box, criterion_group, criterion_main};
use ike_crypto::kx::{self, KeyExchange};
use ike_crypto::{ExponentPolicy, KxConfig, OsRandom};
use std::time::Duration;

/// This thread's CPU time ([`cputime`]): `openssl speed` reports CPU time
/// too, and the shared machine is loaded.
type Criterion = criterion::Criterion<cputime::CpuTime>;

fn cfg() -> Criterion {
    criterion::Criterion::default()
        .with_measurement(cputime::CpuTime)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(10)
}

/// One derivation (peer validation included), as `openssl speed` times it.
fn derive(c: &mut Criterion, label: &str, kx: &dyn KeyExchange, policy: ExponentPolicy) {
    let kcfg = KxConfig {
        modp_exponent: policy,
    };
    let peer = kx.start(&OsRandom, &kcfg).unwrap();
    let peer_pub = peer.public().to_vec();
    let mine = kx.start(&OsRandom, &kcfg).unwrap();
    c.bench_function(&format!("dhderive-{label}"), |b| {
        b.iter(|| black_box(mine.complete(black_box(&peer_pub)).unwrap()))
    });
}

fn modp(c: &mut Criterion) {
    let groups: [&dyn KeyExchange; 5] = [
        &kx::MODP_2048,
        &kx::MODP_3072,
        &kx::MODP_4096,
        &kx::MODP_6144,
        &kx::MODP_8192,
    ];
    for g in groups {
        derive(c, g.name(), g, ExponentPolicy::Nist);
        let ossl = ops::openssl_exponent(g.id()).modp_exponent;
        if let ExponentPolicy::Bits(bits) = ossl {
            derive(c, &format!("{}-ossl{bits}", g.name()), g, ossl);
        }
    }
    derive(c, "MODP2048-full", &kx::MODP_2048, ExponentPolicy::Full);
}

fn curves(c: &mut Criterion) {
    let curves: [&dyn KeyExchange; 5] = [
        &kx::CURVE25519,
        &kx::ECP_256,
        &kx::ECP_384,
        &kx::ECP_521,
        &kx::CURVE448,
    ];
    for g in curves {
        derive(c, g.name(), g, ExponentPolicy::Nist);
    }
}

criterion_group! {
    name = benches;
    config = cfg();
    targets = modp, curves
}
criterion_main!(benches);
