//! Unit tests of the internals the public API cannot reach: the lazy
//! (Wide) operands at their bounds, the constants, and the exceptional
//! cases of point addition.

use super::field::{self as fe, FieldElement, Wide};
use super::point::{Affine, Jacobian, G};
use super::u576::LIMBS;
use crate::kx::window::WindowPoint;
use num_bigint_dig::BigUint;

fn p() -> BigUint {
    (BigUint::from(1u8) << 521usize) - BigUint::from(1u8)
}

fn value(l: &[u64; LIMBS]) -> BigUint {
    let mut v = BigUint::from(0u8);
    for (i, &x) in l.iter().enumerate() {
        v += BigUint::from(x) << (58 * i);
    }
    v % p()
}

/// Largest limbs each class allows.
const FE_MAX: u64 = (1 << 60) - 1;
const WIDE_MAX: u64 = 13 * (1 << 58) - 1;

fn patterns(max: u64) -> Vec<[u64; LIMBS]> {
    vec![
        [max; LIMBS],
        core::array::from_fn(|i| if i % 2 == 0 { max } else { 0 }),
        core::array::from_fn(|i| if i == 0 || i == LIMBS - 1 { max } else { 1 }),
        core::array::from_fn(|i| max - i as u64),
        [0; LIMBS],
    ]
}

#[test]
fn wide_operands_at_their_bound() {
    let p = p();
    for a in patterns(WIDE_MAX) {
        for b in patterns(WIDE_MAX) {
            let (wa, wb) = (Wide(a), Wide(b));
            let prod = fe::mul(&wa, &wb);
            assert_eq!(value(&prod.0), value(&a) * value(&b) % &p);
            assert!(prod.0.iter().all(|&l| l <= FE_MAX));
            let sq = fe::square(&wa);
            assert_eq!(value(&sq.0), value(&a) * value(&a) % &p);
            assert!(sq.0.iter().all(|&l| l <= FE_MAX));
        }
    }
}

#[test]
fn lazy_add_sub_at_their_bound() {
    let p = p();
    for a in patterns(FE_MAX) {
        for b in patterns(FE_MAX) {
            let (fa, fb) = (FieldElement(a), FieldElement(b));
            let (va, vb) = (value(&a), value(&b));
            let checks: [(&[u64; LIMBS], BigUint, u64); 5] = [
                (&fe::add(&fa, &fb).0, (&va + &vb) % &p, WIDE_MAX),
                (&fe::add_dbl(&fa, &fb).0, (&va + &vb + &vb) % &p, WIDE_MAX),
                (&fe::sub(&fa, &fb).0, (&va + &p - &vb) % &p, WIDE_MAX),
                (
                    &fe::triple(&fa).0,
                    (&va * BigUint::from(3u8)) % &p,
                    WIDE_MAX,
                ),
                (&fe::neg(&fa).0, (&p - &va) % &p, FE_MAX),
            ];
            for (got, want, bound) in checks {
                assert_eq!(value(got), want);
                assert!(got.iter().all(|&l| l <= bound));
            }
        }
        for b in patterns(WIDE_MAX) {
            let r = fe::sub_wide(&FieldElement(a), &Wide(b));
            assert_eq!(value(&r.0), (value(&a) + &p - value(&b)) % &p);
            assert!(r.0.iter().all(|&l| l <= FE_MAX));
        }
    }
    // carry takes any limbs.
    let r = fe::carry(&[u64::MAX; LIMBS]);
    assert_eq!(value(&r.0), value(&[u64::MAX; LIMBS]));
}

#[test]
fn generator_is_on_the_curve_and_has_order_n() {
    let g = Affine::decode(&G.encode()).unwrap();
    assert!(g.x.ct_eq(&G.x) && g.y.ct_eq(&G.y));
    // n - 1 times G is -G.
    let n_minus_1 = hex::decode(
        "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386408",
    )
    .unwrap();
    let s = super::scalar::Scalar::from_bytes(&n_minus_1).unwrap();
    let r = super::ladder::mul(&G, &s).to_affine();
    assert!(r.x.ct_eq(&G.x));
    assert!(r.y.ct_eq(&fe::neg(&G.y)));
}

#[test]
fn addition_exceptional_cases() {
    let g = G.to_jacobian();
    let g2 = g.double();
    // Re-scale 2G to another Z so equal points differ in representation.
    let z = fe::square(&G.x);
    let g2b = Jacobian {
        x: fe::mul(&g2.x, &fe::square(&z)),
        y: fe::mul(&g2.y, &fe::mul(&fe::square(&z), &z)),
        z: fe::mul(&g2.z, &z),
    };
    let want = g2.double().to_affine();
    // P + P through the complete addition is 2P ...
    let got = g2.add_complete(&g2b).to_affine();
    assert!(got.x.ct_eq(&want.x) && got.y.ct_eq(&want.y));
    // ... while the plain formula degenerates to Z = 0, which is why the
    // ladder uses the complete one where P = Q is not excluded.
    assert_eq!(g2.add_distinct(&g2b).z.is_zero_mask(), u64::MAX);
    // P + (-P) is the point at infinity (Z = 0).
    let neg = g2b.neg_y_if(u64::MAX);
    assert_eq!(g2.add_complete(&neg).z.is_zero_mask(), u64::MAX);
    // G + 2G = 3G either way.
    let three = g.add_distinct(&g2).to_affine();
    let three_c = g2b.add_complete(&g).to_affine();
    assert!(three.x.ct_eq(&three_c.x) && three.y.ct_eq(&three_c.y));
}

/// d as 66 big-endian octets.
fn scalar_of(d: &BigUint) -> super::scalar::Scalar {
    let b = d.to_bytes_be();
    let mut out = [0u8; 66];
    out[66 - b.len()..].copy_from_slice(&b);
    super::scalar::Scalar::from_bytes(&out).unwrap()
}

#[test]
fn fixed_base_table_agrees_with_the_ladder() {
    let n = BigUint::parse_bytes(
        b"01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
        16,
    )
    .unwrap();
    let one = BigUint::from(1u8);
    let mut scalars = Vec::new();
    for k in 1u8..=40 {
        scalars.push(BigUint::from(k));
        scalars.push(&n - k);
    }
    for k in (1..521usize).step_by(13) {
        scalars.push((&one << k) - 1u8);
        scalars.push((&one << k) + 1u8);
    }
    let mut rng = crate::splitmix::SplitMix(0x521);
    for _ in 0..20 {
        let r = (0..9).fold(BigUint::from(0u8), |acc, _| {
            (acc << 64usize) + BigUint::from(rng.next_u64())
        });
        scalars.push(r % (&n - 1u8) + 1u8);
    }
    for d in &scalars {
        let s = scalar_of(d);
        let fixed = super::ladder::mul_g(&s).to_affine().encode();
        let ladder = super::ladder::mul(&G, &s).to_affine().encode();
        assert_eq!(fixed, ladder, "d = {d:x}");
    }
}
