//! Field arithmetic against num-bigint-dig (an independent, variable-time
//! big-integer library), at random values and at the limb bounds the
//! types promise. Debug builds check every u64/u128 operation for
//! overflow, so these runs also test the bound proofs in `mul.rs`.

use num_bigint_dig::BigUint;
use proptest::prelude::*;

use super::field::{Fe, Loose, M56};
use super::invert::invert;
use super::mul::{mul, mul_a24, sqr};

/// Largest limb of a tight element, per `field.rs`.
const TIGHT_MAX: u64 = (1 << 56) + (1 << 13) - 1;
/// Largest limb of a loose element.
const LOOSE_MAX: u64 = (1 << 58) - 1;

fn p() -> BigUint {
    (BigUint::from(1u8) << 448) - (BigUint::from(1u8) << 224) - BigUint::from(1u8)
}

/// The integer the limbs spell (not reduced).
fn int(l: &[u64; 8]) -> BigUint {
    l.iter()
        .rev()
        .fold(BigUint::from(0u8), |acc, &x| (acc << 56) + BigUint::from(x))
}

fn val(l: &[u64; 8]) -> BigUint {
    int(l) % p()
}

fn tight_ok(f: &Fe) -> bool {
    f.0.iter().all(|&x| x <= TIGHT_MAX)
}

fn bytes_of(n: &BigUint) -> [u8; 56] {
    let mut out = [0u8; 56];
    let b = n.to_bytes_le();
    out[..b.len()].copy_from_slice(&b);
    out
}

fn tight() -> impl Strategy<Value = Fe> {
    prop_oneof![
        proptest::array::uniform8(0..=M56).prop_map(Fe),
        proptest::array::uniform8(0..=TIGHT_MAX).prop_map(Fe),
        proptest::array::uniform8(prop_oneof![Just(0), Just(M56), Just(TIGHT_MAX)]).prop_map(Fe),
    ]
}

fn loose() -> impl Strategy<Value = Loose> {
    prop_oneof![
        proptest::array::uniform8(0..=LOOSE_MAX).prop_map(Loose),
        proptest::array::uniform8(prop_oneof![Just(0), Just(M56), Just(LOOSE_MAX)]).prop_map(Loose),
    ]
}

/// Edge elements: zero, one, p - 1, p, p + 1, 2^448 - 1, and every limb
/// at the tight maximum.
fn edges() -> Vec<Fe> {
    let p = p();
    let mut v: Vec<Fe> = [
        BigUint::from(0u8),
        BigUint::from(1u8),
        &p - BigUint::from(1u8),
        p.clone(),
        &p + BigUint::from(1u8),
        (BigUint::from(1u8) << 448) - BigUint::from(1u8),
        BigUint::from(1u8) << 224,
    ]
    .iter()
    .map(|n| Fe::from_bytes(&bytes_of(n)))
    .collect();
    v.push(Fe([TIGHT_MAX; 8]));
    v
}

#[test]
fn encoding_is_canonical() {
    let p = p();
    for f in edges() {
        let out = f.to_bytes();
        assert_eq!(BigUint::from_bytes_le(&out), val(&f.0), "{f:?}");
    }
    // RFC 7748 5: a non-canonical u (here p + 5 and 2^448 - 1) decodes to
    // its residue.
    let n = &p + BigUint::from(5u8);
    assert_eq!(Fe::from_bytes(&bytes_of(&n)).to_bytes()[0], 5);
    let all = Fe::from_bytes(&[0xff; 56]).to_bytes();
    assert_eq!(BigUint::from_bytes_le(&all), BigUint::from(1u8) << 224);
}

#[test]
fn edge_products() {
    let mut xs: Vec<Loose> = edges().iter().map(Fe::loose).collect();
    xs.push(Loose([LOOSE_MAX; 8]));
    for a in &xs {
        for b in &xs {
            let r = mul(a, b);
            assert!(tight_ok(&r));
            assert_eq!(val(&r.0), val(&a.0) * val(&b.0) % p());
        }
        let s = sqr(a);
        assert!(tight_ok(&s));
        assert_eq!(val(&s.0), val(&a.0) * val(&a.0) % p());
        let m = mul_a24(a);
        assert!(tight_ok(&m));
        assert_eq!(val(&m.0), val(&a.0) * BigUint::from(39081u32) % p());
    }
}

#[test]
fn edge_sums() {
    let xs = edges();
    for a in &xs {
        for b in &xs {
            let s = a.add(b);
            assert!(s.0.iter().all(|&x| x <= LOOSE_MAX));
            assert_eq!(val(&s.0), (val(&a.0) + val(&b.0)) % p());
            let d = a.sub(b);
            assert!(d.0.iter().all(|&x| x <= LOOSE_MAX));
            assert_eq!(val(&d.0), (val(&a.0) + p() - val(&b.0)) % p());
        }
    }
}

#[test]
fn inverse() {
    let p = p();
    assert_eq!(val(&invert(&Fe::ZERO).0), BigUint::from(0u8));
    for f in edges() {
        let v = val(&f.0);
        let want = v.modpow(&(&p - BigUint::from(2u8)), &p);
        assert_eq!(val(&invert(&f).0), want, "{f:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mul_matches_bigint(a in loose(), b in loose()) {
        let r = mul(&a, &b);
        prop_assert!(tight_ok(&r));
        prop_assert_eq!(val(&r.0), val(&a.0) * val(&b.0) % p());
    }

    #[test]
    fn sqr_matches_bigint(a in loose()) {
        let r = sqr(&a);
        prop_assert!(tight_ok(&r));
        prop_assert_eq!(val(&r.0), val(&a.0) * val(&a.0) % p());
    }

    #[test]
    fn a24_matches_bigint(a in loose()) {
        let r = mul_a24(&a);
        prop_assert!(tight_ok(&r));
        prop_assert_eq!(val(&r.0), val(&a.0) * BigUint::from(39081u32) % p());
    }

    #[test]
    fn add_sub_match_bigint(a in tight(), b in tight()) {
        prop_assert_eq!(val(&a.add(&b).0), (val(&a.0) + val(&b.0)) % p());
        prop_assert_eq!(val(&a.sub(&b).0), (val(&a.0) + p() - val(&b.0)) % p());
    }

    #[test]
    fn encoding_round_trip(bytes in proptest::array::uniform32(any::<u8>()),
                           more in proptest::array::uniform24(any::<u8>())) {
        let mut b = [0u8; 56];
        b[..32].copy_from_slice(&bytes);
        b[32..].copy_from_slice(&more);
        let f = Fe::from_bytes(&b);
        prop_assert_eq!(int(&f.0), BigUint::from_bytes_le(&b));
        let out = f.to_bytes();
        prop_assert_eq!(BigUint::from_bytes_le(&out), BigUint::from_bytes_le(&b) % p());
    }

    #[test]
    fn tight_encodes_canonically(a in tight()) {
        prop_assert_eq!(BigUint::from_bytes_le(&a.to_bytes()), val(&a.0));
    }

    #[test]
    fn inverse_matches_bigint(a in tight()) {
        let v = val(&a.0);
        let want = v.modpow(&(p() - BigUint::from(2u8)), &p());
        prop_assert_eq!(val(&invert(&a).0), want);
    }

    #[test]
    fn cswap_swaps_by_bit(a in tight(), b in tight(), bit in 0u8..2) {
        let (mut x, mut y) = (a, b);
        Fe::cswap(&mut x, &mut y, subtle::Choice::from(bit));
        let (wx, wy) = if bit == 1 { (b, a) } else { (a, b) };
        prop_assert_eq!(x.0, wx.0);
        prop_assert_eq!(y.0, wy.0);
    }
}

#[test]
fn clamp_follows_rfc7748() {
    let s = super::ladder::clamp(&[0xff; 56]);
    assert_eq!(s[0], 0xfc);
    assert_eq!(s[55], 0xff);
    let s = super::ladder::clamp(&[0; 56]);
    assert_eq!(s[0], 0);
    assert_eq!(s[55], 0x80);
}
