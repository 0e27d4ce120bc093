//! X448 (group 32) against RFC 7748: the section 5.2 test vectors, the
//! iterated test (1 and 1,000 rounds; 1,000,000 with `--ignored`) and the
//! section 6.2 Diffie-Hellman example, through every provider's
//! `KeyExchange`. Data: tests/data/rfc7748/x448.json.

mod common;

use common::{hx, load};
use ike_crypto::{all_providers, ids, KeyExchange};
use serde_json::Value;

fn data() -> Value {
    load("rfc7748/x448.json")
}

fn arr56(v: &Value) -> [u8; 56] {
    let b = hx(v);
    b.as_slice()
        .try_into()
        .unwrap_or_else(|_| panic!("not 56 octets: {v}"))
}

/// X448(k, u) through the KeyExchange API: `complete` with private k.
fn x448(kx: &dyn KeyExchange, k: &[u8; 56], u: &[u8; 56]) -> [u8; 56] {
    let out = kx
        .start_with_private(k)
        .and_then(|a| a.complete(u))
        .unwrap_or_else(|e| panic!("X448: {e}"));
    out.as_bytes().try_into().unwrap()
}

#[test]
fn section_5_2_vectors() {
    let d = data();
    let vectors = d["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 2);
    for p in all_providers() {
        let kx = p.key_exchange(ids::group::CURVE448).unwrap();
        for v in vectors {
            let got = x448(kx, &arr56(&v["scalar"]), &arr56(&v["u"]));
            assert_eq!(
                got.to_vec(),
                hx(&v["output"]),
                "{} {}",
                p.name,
                v["section"]
            );
        }
    }
}

fn iterate(rounds: u64) {
    let d = data();
    let it = &d["iterated"];
    let want = it["after"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["iterations"].as_u64() == Some(rounds))
        .unwrap_or_else(|| panic!("no value after {rounds} rounds"));
    for p in all_providers() {
        let kx = p.key_exchange(ids::group::CURVE448).unwrap();
        let mut k = arr56(&it["start"]);
        let mut u = k;
        for _ in 0..rounds {
            let r = x448(kx, &k, &u);
            u = k;
            k = r;
        }
        assert_eq!(k.to_vec(), hx(&want["k"]), "{} after {rounds}", p.name);
    }
}

#[test]
fn iterated_once() {
    iterate(1);
}

#[test]
fn iterated_1000() {
    iterate(1000);
}

#[test]
#[ignore = "1,000,000 ladders: minutes even in release (cargo test --release -- --ignored)"]
fn iterated_1000000() {
    iterate(1_000_000);
}

#[test]
fn section_6_2_diffie_hellman() {
    let d = data();
    let dh = &d["diffie_hellman"];
    for p in all_providers() {
        let kx = p.key_exchange(ids::group::CURVE448).unwrap();
        let alice = kx.start_with_private(&hx(&dh["alice_private"])).unwrap();
        let bob = kx.start_with_private(&hx(&dh["bob_private"])).unwrap();
        assert_eq!(alice.public(), &hx(&dh["alice_public"])[..], "{}", p.name);
        assert_eq!(bob.public(), &hx(&dh["bob_public"])[..], "{}", p.name);
        let shared = hx(&dh["shared"]);
        assert_eq!(
            alice.complete(bob.public()).unwrap().as_bytes(),
            &shared[..]
        );
        assert_eq!(
            bob.complete(alice.public()).unwrap().as_bytes(),
            &shared[..]
        );
    }
}
