//! P-521 field arithmetic (ike_crypto::kx::p521::FieldElement) against
//! num-bigint-dig, an independent variable-time implementation: random
//! values, non-canonical forms with limbs up to their bound 2^60 - 1, and
//! the edge values 0, 1, p - 1 and p itself (in limbs).

use ike_crypto::kx::p521::{FieldElement, FIELD_BYTES, LIMBS};
use num_bigint_dig::BigUint;
use proptest::prelude::*;

fn p() -> BigUint {
    (BigUint::from(1u8) << 521usize) - BigUint::from(1u8)
}

/// The value a field element's limbs stand for, reduced mod p.
fn value(f: &FieldElement) -> BigUint {
    let mut v = BigUint::from(0u8);
    for (i, &l) in f.limbs().iter().enumerate() {
        v += BigUint::from(l) << (58 * i);
    }
    v % p()
}

fn to_bytes66(v: &BigUint) -> [u8; FIELD_BYTES] {
    let b = v.to_bytes_be();
    let mut out = [0u8; FIELD_BYTES];
    out[FIELD_BYTES - b.len()..].copy_from_slice(&b);
    out
}

/// Edge values as raw limbs: 0, 1, p - 1, p (non-canonical 0), every limb
/// at the invariant's maximum, every limb at 2^58 - 1 with the top one at
/// its maximum, and alternating extremes.
fn edge_limbs() -> Vec<[u64; LIMBS]> {
    let max = (1u64 << 60) - 1;
    let m58 = (1u64 << 58) - 1;
    let m57 = (1u64 << 57) - 1;
    let mut p_limbs = [m58; LIMBS];
    p_limbs[LIMBS - 1] = m57;
    let mut p_minus_1 = p_limbs;
    p_minus_1[0] -= 1;
    let mut one = [0u64; LIMBS];
    one[0] = 1;
    let mut tight_top_max = [m58; LIMBS];
    tight_top_max[LIMBS - 1] = max;
    let alt: [u64; LIMBS] = core::array::from_fn(|i| if i % 2 == 0 { max } else { 0 });
    vec![
        [0; LIMBS],
        one,
        p_minus_1,
        p_limbs,
        [max; LIMBS],
        tight_top_max,
        alt,
        [m58; LIMBS],
    ]
}

fn fe(l: [u64; LIMBS]) -> FieldElement {
    FieldElement::from_limbs(l).unwrap()
}

fn arb_limbs() -> impl Strategy<Value = [u64; LIMBS]> {
    // Mix full-range limbs (< 2^60) with tight ones (< 2^58).
    (any::<[u64; LIMBS]>(), any::<bool>()).prop_map(|(l, tight)| {
        let bits = if tight { 58 } else { 60 };
        l.map(|x| x >> (64 - bits))
    })
}

fn check_ops(a: [u64; LIMBS], b: [u64; LIMBS]) {
    let (fa, fb) = (fe(a), fe(b));
    let (va, vb) = (value(&fa), value(&fb));
    let p = p();
    assert_eq!(value(&fa.mul(&fb)), (&va * &vb) % &p, "mul {a:x?} {b:x?}");
    assert_eq!(value(&fa.square()), (&va * &va) % &p, "square {a:x?}");
    assert_eq!(value(&fa.add(&fb)), (&va + &vb) % &p, "add {a:x?} {b:x?}");
    assert_eq!(
        value(&fa.sub(&fb)),
        (&va + &p - &vb) % &p,
        "sub {a:x?} {b:x?}"
    );
    // Results stay inside the invariant, so chains of operations are safe.
    for r in [fa.mul(&fb), fa.square(), fa.add(&fb), fa.sub(&fb)] {
        assert!(FieldElement::from_limbs(r.limbs()).is_some());
    }
    // Canonical encoding.
    assert_eq!(fa.to_bytes(), to_bytes66(&va), "to_bytes {a:x?}");
    assert!(fa.ct_eq(&FieldElement::from_bytes(&to_bytes66(&va)).unwrap()));
}

#[test]
fn edge_values_all_pairs() {
    let edges = edge_limbs();
    for &a in &edges {
        for &b in &edges {
            check_ops(a, b);
        }
    }
}

#[test]
fn invert_edges() {
    let p = p();
    let e = &p - BigUint::from(2u8);
    for a in edge_limbs() {
        let fa = fe(a);
        let va = value(&fa);
        let inv = fa.invert();
        assert_eq!(value(&inv), va.modpow(&e, &p), "invert {a:x?}");
        if va != BigUint::from(0u8) {
            assert_eq!(value(&inv.mul(&fa)), BigUint::from(1u8));
        }
    }
}

#[test]
fn from_bytes_range() {
    let p = p();
    // p - 1 is the largest accepted value; p and above are refused.
    let pm1 = to_bytes66(&(&p - BigUint::from(1u8)));
    assert_eq!(FieldElement::from_bytes(&pm1).unwrap().to_bytes(), pm1);
    assert!(FieldElement::from_bytes(&to_bytes66(&p)).is_none());
    assert!(FieldElement::from_bytes(&to_bytes66(&(&p + BigUint::from(1u8)))).is_none());
    assert!(FieldElement::from_bytes(&[0xff; FIELD_BYTES]).is_none());
    let mut top = [0u8; FIELD_BYTES];
    top[0] = 0x02; // 2^521
    assert!(FieldElement::from_bytes(&top).is_none());
    // Limbs at or above 2^60 are outside the invariant.
    let mut over = [0u64; LIMBS];
    over[3] = 1 << 60;
    assert!(FieldElement::from_limbs(over).is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_ops_match_bigint(a in arb_limbs(), b in arb_limbs()) {
        check_ops(a, b);
    }

    #[test]
    fn random_bytes_round_trip(bytes in any::<[u8; FIELD_BYTES]>()) {
        let v = BigUint::from_bytes_be(&bytes);
        match FieldElement::from_bytes(&bytes) {
            Some(f) => {
                prop_assert!(v < p());
                prop_assert_eq!(f.to_bytes(), bytes);
            }
            None => prop_assert!(v >= p()),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_invert_matches_bigint(a in arb_limbs()) {
        let p = p();
        let fa = fe(a);
        let expected = value(&fa).modpow(&(&p - BigUint::from(2u8)), &p);
        prop_assert_eq!(value(&fa.invert()), expected);
    }
}
