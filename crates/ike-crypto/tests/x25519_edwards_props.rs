//! The pure-Rust X25519 (group 31) computes the shared secret on
//! edwards25519 when the peer's u allows it, and with the Montgomery ladder
//! otherwise (src/kx/x25519/derive.rs). These properties check it against
//! the ladder alone (curve25519-dalek's `MontgomeryPoint::mul_clamped`,
//! what x25519-dalek runs) for every kind of u RFC 7748 5 allows: random
//! octets (about half of them on the twist, half with the high bit set),
//! non-canonical encodings p..2^255-1, and the low-order points Wycheproof
//! lists (whose all-zero output RFC 8031 2 makes us refuse).

mod common;
use common::*;

use curve25519_dalek::constants::EIGHT_TORSION;
use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::montgomery::MontgomeryPoint;
use ike_crypto::kx::{KeyExchange, X25519};
use ike_crypto::CryptoError;
use proptest::prelude::*;
use std::sync::OnceLock;

/// X25519(k, u) by the ladder alone.
fn ladder(k: [u8; 32], u: [u8; 32]) -> [u8; 32] {
    MontgomeryPoint(u).mul_clamped(k).to_bytes()
}

/// Our group 31 must give the ladder's output, or refuse exactly when that
/// output is all zero.
fn check(k: [u8; 32], u: [u8; 32]) -> Result<(), TestCaseError> {
    let want = ladder(k, u);
    let active = X25519
        .start_with_private(&k)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut nine = [0u8; 32];
    nine[0] = 9;
    prop_assert_eq!(active.public(), &ladder(k, nine)[..]);
    match active.complete(&u) {
        Ok(s) => prop_assert_eq!(s.as_bytes(), &want[..]),
        Err(CryptoError::InvalidSharedSecret { .. }) => prop_assert_eq!(want, [0u8; 32]),
        Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
    }
    Ok(())
}

/// The u-coordinates Wycheproof flags as low-order points (of the curve
/// and of the twist), each once.
fn low_order() -> &'static Vec<[u8; 32]> {
    static LIST: OnceLock<Vec<[u8; 32]>> = OnceLock::new();
    LIST.get_or_init(|| {
        let json = load("wycheproof/x25519_test.json");
        let mut out: Vec<[u8; 32]> = Vec::new();
        for g in json["testGroups"].as_array().unwrap() {
            for t in g["tests"].as_array().unwrap() {
                let flagged = t["flags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f == "LowOrderPublic");
                let u: Result<[u8; 32], _> = hx(&t["public"]).try_into();
                if let (true, Ok(u)) = (flagged, u) {
                    if !out.contains(&u) {
                        out.push(u);
                    }
                }
            }
        }
        assert!(out.len() >= 10, "only {} low-order points", out.len());
        out
    })
}

/// p + n (n < 19), the non-canonical encoding of n, optionally with the
/// masked high bit set.
fn p_plus(n: u8, high_bit: bool) -> [u8; 32] {
    let mut b = [0xffu8; 32];
    b[0] = 0xed + n;
    b[31] = if high_bit { 0xff } else { 0x7f };
    b
}

#[test]
fn every_low_order_point_is_refused_or_matches() {
    for &u in low_order() {
        for k in [[0u8; 32], [0xff; 32], [0x5a; 32]] {
            check(k, u).unwrap();
            // Each is low order, so X25519 is all zero and refused.
            assert_eq!(ladder(k, u), [0u8; 32], "{}", hex::encode(u));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_u_matches_ladder(k in any::<[u8; 32]>(), u in any::<[u8; 32]>()) {
        check(k, u)?;
    }

    #[test]
    fn non_canonical_u_matches_ladder(
        k in any::<[u8; 32]>(),
        n in 0u8..19,
        high_bit in any::<bool>(),
    ) {
        check(k, p_plus(n, high_bit))?;
    }

    #[test]
    fn low_order_u_matches_ladder(k in any::<[u8; 32]>(), i in any::<prop::sample::Index>()) {
        let list = low_order();
        check(k, list[i.index(list.len())])?;
    }

    /// Small u (0..63, some on the curve, some on the twist, 0 and 1 of
    /// low order), with and without the masked high bit.
    #[test]
    fn small_u_matches_ladder(k in any::<[u8; 32]>(), small in 0u64..64, high_bit in any::<bool>()) {
        let mut u = [0u8; 32];
        u[..8].copy_from_slice(&small.to_le_bytes());
        u[31] |= u8::from(high_bit) << 7;
        check(k, u)?;
    }

    /// A prime-order point plus each 8-torsion point: the clamped scalar
    /// is a multiple of 8, so the torsion part must vanish on both routes
    /// (RFC 7748 5 clamping) and the output equal that of the prime-order
    /// point.
    #[test]
    fn torsion_component_vanishes(k in any::<[u8; 32]>(), r in any::<[u8; 32]>(), j in 0usize..8) {
        let p = EdwardsPoint::mul_base_clamped(r);
        let u = (p + EIGHT_TORSION[j]).to_montgomery().to_bytes();
        check(k, u)?;
        prop_assert_eq!(ladder(k, u), ladder(k, p.to_montgomery().to_bytes()));
    }
}
