//! Criterion benchmarks of the operations IKE performs, per provider
//! (acceptance 2 of issue 3). Names are `<op>/<provider>` so that
//! scripts/crypto-vs-openssl.sh can put them next to `openssl speed`.
//!
//! Short runs: `cargo bench -p ike-crypto --features aws-lc --bench crypto`
//! (each benchmark warms up 0.3 s and measures ~1 s of thread CPU time,
//! see [`cputime`]).

mod clock;
mod cputime;
mod ops;

use criterion::{black_box, criterion_group, criterion_main};
use ike_crypto::sig::SignatureScheme;
use ike_crypto::{all_providers, ids, ikev2, ExponentPolicy, HashAlg, KxConfig, OsRandom};
use std::time::Duration;

type Criterion = criterion::Criterion<cputime::CpuTime>;

fn cfg() -> Criterion {
    criterion::Criterion::default()
        .with_measurement(cputime::CpuTime)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(10)
}

/// Key generation + shared secret, as one side of an IKE exchange does,
/// and the shared secret alone (`dhderive-*`, see [`ops::dhderive`]).
fn dh(c: &mut Criterion) {
    for mut op in ops::dhderive() {
        c.bench_function(&op.name, |b| b.iter(&mut op.run));
    }
    for p in all_providers() {
        let p = p.with_modp768(true);
        for g in ops::GROUPS {
            let kx = p.key_exchange(g).unwrap();
            let peer = kx.start(&OsRandom, &KxConfig::default()).unwrap();
            let peer_pub = peer.public().to_vec();
            let mut policies = vec![("", KxConfig::default())];
            if g == ids::group::MODP_2048 {
                policies.push((
                    "-full",
                    KxConfig {
                        modp_exponent: ExponentPolicy::Full,
                    },
                ));
            }
            for (suffix, kcfg) in policies {
                c.bench_function(&format!("dh-{}{suffix}/{}", kx.name(), p.name), |b| {
                    b.iter(|| {
                        let me = kx.start(&OsRandom, &kcfg).unwrap();
                        black_box(me.complete(&peer_pub).unwrap())
                    })
                });
            }
        }
    }
}

/// Every PRF with the key set up per call, as IKE uses them (see
/// [`ops::prf_per_call`]); prf+ to 200 octets.
fn prf(c: &mut Criterion) {
    for mut op in ops::prf_per_call() {
        c.bench_function(&op.name, |b| b.iter(&mut op.run));
    }
    for p in all_providers() {
        for id in ops::PRFS {
            let f = p.prf(id).unwrap();
            let seed = [0x11u8; 64];
            c.bench_function(&format!("prfplus200-{}/{}", f.name(), p.name), |b| {
                b.iter(|| black_box(ikev2::prf_plus(f, ops::prf_key(id), &seed, 200).unwrap()))
            });
        }
    }
}

/// HMAC with the key set up once and reused (the keyed inner/outer
/// state is cloned per message): what `openssl speed -hmac` times, and what
/// prf+ could use. A bench-only path: IKE's [`ike_crypto::Prf`] takes the
/// key per call, so this calls the implementations directly (RustCrypto's
/// `hmac`, and the aws-lc provider's [`ike_crypto::awslc::prf::KeyedHmac`]).
fn prf_keyed(c: &mut Criterion) {
    use hmac::{Hmac, Mac};
    fn rc<M: Mac + Clone>(c: &mut Criterion, name: &str, len: usize, m: M) {
        let data = vec![0xa5u8; len];
        c.bench_function(&format!("prfkeyed-{name}-{len}/rustcrypto"), |b| {
            b.iter(|| black_box(m.clone().chain_update(&data).finalize().into_bytes()))
        });
    }
    let key = [0x5au8; 32];
    for len in [64usize, 1024] {
        rc(
            c,
            "HMAC_SHA1",
            len,
            Hmac::<sha1::Sha1>::new_from_slice(&key).unwrap(),
        );
        rc(
            c,
            "HMAC_SHA2_256",
            len,
            Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap(),
        );
        rc(
            c,
            "HMAC_SHA2_512",
            len,
            Hmac::<sha2::Sha512>::new_from_slice(&key).unwrap(),
        );
        #[cfg(feature = "aws-lc")]
        {
            use ike_crypto::awslc::prf as aws;
            let data = vec![0xa5u8; len];
            for f in [&aws::HMAC_SHA1, &aws::HMAC_SHA2_256, &aws::HMAC_SHA2_512] {
                let mut k = f.keyed(&key).unwrap();
                let name = ike_crypto::Prf::name(f);
                c.bench_function(&format!("prfkeyed-{name}-{len}/aws-lc"), |b| {
                    b.iter(|| black_box(k.compute(&[&data]).unwrap()))
                });
            }
        }
    }
}

/// Encryption of 1 KiB.
fn encr(c: &mut Criterion) {
    for p in all_providers() {
        for (id, bits) in [
            (ids::encr::AES_CBC, Some(128)),
            (ids::encr::AES_GCM_16, Some(128)),
            (ids::encr::TRIPLE_DES, None),
        ] {
            let e = p.encryption(id, bits).unwrap();
            let key = vec![0x42u8; e.key_len()];
            let iv = vec![0x24u8; e.iv_len()];
            let mut buf = Vec::with_capacity(1024 + 16);
            c.bench_function(&format!("encr-{}-1024/{}", e.name(), p.name), |b| {
                b.iter(|| {
                    buf.clear();
                    buf.resize(1024, 0x33);
                    e.encrypt(&key, &iv, &[], &mut buf).unwrap();
                    black_box(&buf);
                })
            });
        }
    }
}

/// RSA-2048 PKCS#1 v1.5 SHA-256 and ECDSA P-256 SHA-256, sign and verify.
fn sig(c: &mut Criterion) {
    use p256::pkcs8::EncodePrivateKey as _;
    let mut rng = rand_core::OsRng;
    // `cargo test --all-targets` runs each bench once in an unoptimised
    // build, where RSA-2048 key generation alone takes minutes: use a
    // 1024-bit key unless criterion runs as a benchmark (`--bench`).
    let bits = if std::env::args().any(|a| a == "--bench") {
        2048
    } else {
        1024
    };
    let rsa_der = rsa::RsaPrivateKey::new(&mut rng, bits)
        .unwrap()
        .to_pkcs8_der()
        .unwrap();
    let ec_der = p256::SecretKey::random(&mut rng).to_pkcs8_der().unwrap();
    let msg = [0x77u8; 512];
    for p in all_providers() {
        for (name, der, scheme) in [
            (
                "rsa2048",
                rsa_der.as_bytes(),
                SignatureScheme::RsaPkcs1(HashAlg::Sha256),
            ),
            (
                "ecdsa-p256",
                ec_der.as_bytes(),
                SignatureScheme::EcdsaFixed(HashAlg::Sha256),
            ),
        ] {
            let sk = p.signatures.signing_key_pkcs8(der).unwrap();
            let vk = p
                .signatures
                .verifying_key_spki(&sk.public_key_der().unwrap())
                .unwrap();
            let s = sk.sign(scheme, &msg, &OsRandom).unwrap();
            c.bench_function(&format!("sign-{name}/{}", p.name), |b| {
                b.iter(|| black_box(sk.sign(scheme, &msg, &OsRandom).unwrap()))
            });
            c.bench_function(&format!("verify-{name}/{}", p.name), |b| {
                b.iter(|| vk.verify(scheme, &msg, &s).unwrap())
            });
        }
    }
}

criterion_group! {
    name = benches;
    config = cfg();
    targets = dh, prf, prf_keyed, encr, sig
}
criterion_main!(benches);
