//! The AVX2 path against the scalar code it replaces: field operations for
//! random inputs and for limbs at the documented maximum (outputs must be
//! the same residue and tight), point formulas, the inversion, and whole
//! scalar multiplications for random and edge scalars.
//!
//! The functions under test are compiled for AVX2, so each call is
//! `unsafe`, after `std::is_x86_feature_detected!("avx2")`; on a CPU
//! without AVX2 the tests return early (the scalar path is then the only
//! one, and `super::super::tests` covers it).
#![allow(unsafe_code)]

use super::field29::{self as f, LIMBS29, TIGHT, V};
use super::point29 as pt;
use crate::kx::p521::field::FieldElement;
use crate::kx::p521::point::{Affine, Jacobian, G};
use crate::kx::p521::scalar::Scalar;
use crate::kx::p521::{ladder, PublicPoint, SecretScalar};
use crate::kx::window::WindowPoint;
use crate::splitmix::SplitMix;
use num_bigint_dig::BigUint;

const M29: u64 = (1 << 29) - 1;
/// The largest tight limb.
const MAX: u64 = TIGHT - 1;

fn avx2() -> bool {
    std::is_x86_feature_detected!("avx2")
}

fn p() -> BigUint {
    (BigUint::from(1u8) << 521usize) - BigUint::from(1u8)
}

/// The residue that 18 limbs of any size stand for.
fn value(l: &[u64; LIMBS29]) -> BigUint {
    l.iter()
        .enumerate()
        .fold(BigUint::from(0u8), |acc, (k, &x)| {
            acc + (BigUint::from(x) << (29 * k))
        })
        % p()
}

fn value_fe(a: &FieldElement) -> BigUint {
    BigUint::from_bytes_be(&a.to_bytes())
}

impl SplitMix {
    /// Tight limbs: full range, near the maximum, 29-bit, or a mix of the
    /// maximum and random.
    fn limbs29(&mut self) -> [u64; LIMBS29] {
        let mode = self.next_u64() % 4;
        core::array::from_fn(|_| {
            let r = self.next_u64();
            match mode {
                0 => r % TIGHT,
                1 => MAX - (r % 256),
                2 => r & M29,
                _ if r & 1 == 0 => MAX,
                _ => (r >> 1) % TIGHT,
            }
        })
    }
    fn bytes66(&mut self) -> [u8; 66] {
        let mut b = [0u8; 66];
        for x in b.iter_mut() {
            *x = self.next_u64() as u8;
        }
        b[0] &= 1;
        b
    }
}

/// Limb patterns at and around the documented bounds.
fn worst_cases() -> Vec<[u64; LIMBS29]> {
    let pl = {
        let mut l = [M29; LIMBS29];
        l[17] = (1 << 28) - 1;
        l
    };
    vec![
        [MAX; LIMBS29], // every limb at its maximum
        [M29; LIMBS29], // 2^522 - 1
        [0; LIMBS29],   // 0
        pl,             // p
        core::array::from_fn(|k| if k == 0 { M29 - 1 } else { pl[k] }), // p - 1
        core::array::from_fn(|k| if k == 17 { 1 << 28 } else { 0 }), // 2^521
        core::array::from_fn(|k| if k == 0 { MAX } else { 0 }),
        core::array::from_fn(|k| if k == 17 { MAX } else { 0 }),
        core::array::from_fn(|k| if k == 0 { 0 } else { MAX }),
        core::array::from_fn(|k| if k % 2 == 0 { MAX } else { 0 }),
        core::array::from_fn(|k| if k % 2 == 1 { MAX } else { 1 }),
        core::array::from_fn(|k| MAX - k as u64),
    ]
}

fn assert_tight(x: &V, what: &str) {
    // SAFETY: the callers checked AVX2.
    let l = unsafe { f::to_limbs(x) };
    for (k, &v) in l.iter().enumerate() {
        assert!(v < TIGHT, "{what}: limb {k} = {v:#x} is not tight");
    }
}

/// a and b through every field operation of `field29`, against the scalar
/// code (and, when `exact`, against big integers too).
#[target_feature(enable = "avx2")]
fn check_pair(a: &[u64; LIMBS29], b: &[u64; LIMBS29], exact: bool) {
    let (va, vb) = (f::from_limbs(a), f::from_limbs(b));
    let (fa, fb) = (f::to_fe(&va), f::to_fe(&vb));
    let none = [core::arch::x86_64::_mm256_setzero_si256(); 5];
    let sum3 = f::vadd(&vb, &f::vadd(&vb, &vb));
    let three = FieldElement::ONE
        .add(&FieldElement::ONE)
        .add(&FieldElement::ONE);
    let fb3 = fb.mul(&three);
    let four = three.add(&FieldElement::ONE);
    let cases: [(&str, V, FieldElement); 10] = [
        ("mul", f::mul(&va, &vb), fa.mul(&fb)),
        ("square", f::square(&va), fa.square()),
        ("add", f::add(&va, &vb), fa.add(&fb)),
        ("sub", f::sub(&va, &vb), fa.sub(&fb)),
        (
            "mul_triple",
            f::mul_triple(&va, &vb),
            fa.mul(&fb).mul(&three),
        ),
        (
            "mul_post<2>",
            f::mul_post::<2, false>(&va, &vb, &none),
            fa.mul(&fb).mul(&four),
        ),
        (
            "mul_post<1,-3b>",
            f::mul_post::<1, true>(&va, &vb, &sum3),
            fa.mul(&fb).add(&fa.mul(&fb)).sub(&fb3),
        ),
        (
            "square_post<2,-3b>",
            f::square_post::<2, true>(&va, &sum3),
            fa.square().mul(&four).sub(&fb3),
        ),
        (
            "square_post<0>",
            f::square_post::<0, false>(&va, &none),
            fa.square(),
        ),
        (
            "square_n(3)",
            f::square_n(&va, 3),
            fa.square().square().square(),
        ),
    ];
    for (what, got, want) in cases {
        assert_tight(&got, what);
        assert_eq!(f::to_fe(&got).to_bytes(), want.to_bytes(), "{what}");
    }
    if exact {
        let p = p();
        let (ea, eb) = (value(a), value(b));
        assert_eq!(value(&f::to_limbs(&f::mul(&va, &vb))), &ea * &eb % &p);
        assert_eq!(value(&f::to_limbs(&f::square(&va))), &ea * &ea % &p);
        assert_eq!(value_fe(&fa), ea);
    }
}

#[test]
fn field_ops_at_the_bounds() {
    if !avx2() {
        return;
    }
    let w = worst_cases();
    for a in &w {
        for b in &w {
            // SAFETY: AVX2 checked above.
            unsafe { check_pair(a, b, true) };
        }
    }
}

#[test]
fn field_ops_random() {
    if !avx2() {
        return;
    }
    let w = worst_cases();
    let mut rng = SplitMix(1);
    for n in 0..20_000 {
        let (a, b) = (rng.limbs29(), rng.limbs29());
        // SAFETY: AVX2 checked above.
        unsafe {
            check_pair(&a, &b, n < 200);
            check_pair(&a, &w[(n % w.len() as u32) as usize], false);
        }
    }
}

/// 58 -> 29 -> 58 bits: the residue survives and the 29-bit form is tight,
/// from the scalar code's largest limbs (2^60 - 1) too.
#[test]
fn conversions() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(2);
    let mut inputs: Vec<[u64; 9]> = vec![[(1 << 60) - 1; 9], [(1 << 58) - 1; 9], [0; 9]];
    for _ in 0..10_000 {
        inputs.push(core::array::from_fn(|_| rng.next_u64() >> 4));
    }
    for l in inputs {
        let a = FieldElement(l);
        // SAFETY: AVX2 checked above.
        let v = unsafe { f::from_fe(&a) };
        assert_tight(&v, "from_fe");
        // SAFETY: as above.
        let back = unsafe { f::to_fe(&v) };
        assert!(back.limbs().iter().all(|&x| x < 1 << 60));
        assert_eq!(back.to_bytes(), a.to_bytes());
    }
}

/// Long dependent chains stay tight and equal to the scalar chain.
#[test]
fn chains() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(3);
    for start in [rng.limbs29(), [MAX; LIMBS29]] {
        // SAFETY: AVX2 checked above (all calls in this block).
        unsafe {
            let mut x = f::from_limbs(&start);
            let mut y = f::to_fe(&x);
            let b = f::from_limbs(&rng.limbs29());
            let fb = f::to_fe(&b);
            for _ in 0..2_000 {
                x = f::mul(&f::square(&x), &b);
                y = y.square().mul(&fb);
            }
            assert_tight(&x, "chain");
            assert_eq!(f::to_fe(&x).to_bytes(), y.to_bytes());
        }
    }
}

#[test]
fn inversion() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(4);
    let mut inputs = worst_cases();
    for _ in 0..20 {
        inputs.push(rng.limbs29());
    }
    for a in inputs {
        // SAFETY: AVX2 checked above.
        unsafe {
            let v = f::from_limbs(&a);
            let inv = pt::invert(&v);
            assert_tight(&inv, "invert");
            assert_eq!(f::to_fe(&inv).to_bytes(), f::to_fe(&v).invert().to_bytes());
        }
    }
}

fn affine(p: &Jacobian) -> [u8; 132] {
    p.to_affine().encode()
}

/// k G on the scalar code, a Jacobian point with Z != 1.
fn point(k: &[u8; 66]) -> Option<Jacobian> {
    Scalar::from_bytes(k).map(|d| ladder::mul(&G, &d))
}

fn small(k: u64) -> [u8; 66] {
    let mut b = [0u8; 66];
    b[58..].copy_from_slice(&k.to_be_bytes());
    b
}

/// Doublings, additions and the complete addition against `point.rs`,
/// including P + P, P + (-P) and the point at infinity.
#[test]
fn point_formulas() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(5);
    let mut pts: Vec<Jacobian> = [1, 2, 3, 5, 77, 1000]
        .iter()
        .map(|&k| point(&small(k)).unwrap())
        .collect();
    for _ in 0..4 {
        pts.extend(point(&rng.bytes66()));
    }
    for p in &pts {
        for q in &pts {
            // SAFETY: AVX2 checked above.
            unsafe {
                let (vp, vq) = (pt::from_jacobian(p), pt::from_jacobian(q));
                let d = pt::to_jacobian(&pt::double(&vp));
                assert_eq!(affine(&d), affine(&p.double()));
                let c = pt::to_jacobian(&pt::add_complete(&vp, &vq));
                let want = p.add_complete(q);
                assert_eq!(c.z.is_zero_mask(), want.z.is_zero_mask());
                if want.z.is_zero_mask() == 0 {
                    assert_eq!(affine(&c), affine(&want));
                }
                let eq = affine(p) == affine(q);
                let opposite = p.neg_y_if(u64::MAX).to_affine().encode() == affine(q);
                if !eq && !opposite {
                    let s = pt::to_jacobian(&pt::add_distinct(&vp, &vq));
                    assert_eq!(affine(&s), affine(&p.add_distinct(q)));
                } else if opposite {
                    assert_eq!(c.z.is_zero_mask(), u64::MAX, "P + (-P) is infinity");
                }
            }
        }
        // P + (-P) through the complete formula, and the doubling of infinity.
        // SAFETY: AVX2 checked above.
        unsafe {
            let vp = pt::from_jacobian(p);
            let vn = pt::from_jacobian(&p.neg_y_if(u64::MAX));
            let inf = pt::to_jacobian(&pt::add_complete(&vp, &vn));
            assert_eq!(inf.z.is_zero_mask(), u64::MAX);
            let inf2 = pt::to_jacobian(&pt::double(&pt::from_jacobian(&inf)));
            assert_eq!(inf2.z.is_zero_mask(), u64::MAX);
        }
    }
}

/// d P on both paths: the same affine point, and the same affine x from
/// `mul_affine_x` (the entry point) as from the scalar code.
fn check_mul(p: &Affine, d: &Scalar, what: &str) {
    let want = ladder::mul(p, d);
    // SAFETY: the callers checked AVX2.
    let got = unsafe { pt::mul(p, d) };
    assert_eq!(affine(&got), affine(&want), "{what}");
    let x = super::mul_affine_x(p, d).map(|x| x.to_bytes());
    assert_eq!(x, Some(want.affine_x().to_bytes()), "{what}");
}

fn n_minus(k: u8) -> [u8; 66] {
    let mut n = hex::decode(
        "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    )
    .unwrap();
    // n ends in 0x09: no borrow for k <= 9.
    n[65] -= k;
    n.try_into().unwrap()
}

/// Edge scalars: 1, 2, small values, n - 1, n - 2, and all-ones patterns
/// below n (low bits set, and high bits set over zeros).
fn edge_scalars() -> Vec<[u8; 66]> {
    let mut v: Vec<[u8; 66]> = (1..=40).map(small).collect();
    v.extend([31u64, 32, 33, 63, 64, 65, 1023, 1024, 1025].map(small));
    for k in 1..=9 {
        v.push(n_minus(k));
    }
    for bits in [5usize, 64, 128, 259, 260, 261, 400, 519, 520] {
        // 2^bits - 1
        let mut b = [0u8; 66];
        for i in 0..bits {
            b[65 - i / 8] |= 1 << (i % 8);
        }
        v.push(b);
    }
    for top in [1usize, 8, 100, 200, 250, 259] {
        // The top `top` bits of a 521-bit number set, the rest zero; n has its
        // top 260 bits set, so these are below n.
        let mut b = [0u8; 66];
        for i in (521 - top)..521 {
            b[65 - i / 8] |= 1 << (i % 8);
        }
        v.push(b);
    }
    // Alternating bits and bytes.
    v.push(core::array::from_fn(|i| if i == 0 { 1 } else { 0x55 }));
    v.push(core::array::from_fn(|i| if i == 0 { 0 } else { 0xaa }));
    v.push(core::array::from_fn(|i| {
        if i == 0 {
            1
        } else {
            0xff * (i % 2) as u8
        }
    }));
    v
}

#[test]
fn scalar_multiplication_edge_scalars() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(6);
    let peers: Vec<Affine> = [
        G,
        point(&small(7)).unwrap().to_affine(),
        point(&rng.bytes66()).unwrap().to_affine(),
    ]
    .into();
    for d in edge_scalars() {
        let s =
            Scalar::from_bytes(&d).unwrap_or_else(|| panic!("edge scalar {d:02x?} not in [1, n)"));
        for (i, p) in peers.iter().enumerate() {
            check_mul(p, &s, &format!("d = {d:02x?}, peer {i}"));
        }
    }
}

#[test]
fn scalar_multiplication_random() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(7);
    let mut done = 0;
    while done < 40 {
        let (d, e) = (rng.bytes66(), rng.bytes66());
        let (Some(s), Some(q)) = (Scalar::from_bytes(&d), point(&e)) else {
            continue;
        };
        check_mul(&q.to_affine(), &s, &format!("random {done}"));
        done += 1;
    }
}

/// The public API picks the AVX2 path here and agrees with the scalar one.
#[test]
fn diffie_hellman_uses_the_same_result() {
    let mut rng = SplitMix(8);
    for _ in 0..10 {
        let (Some(a), Some(b)) = (
            SecretScalar::from_bytes(&rng.bytes66()),
            SecretScalar::from_bytes(&rng.bytes66()),
        ) else {
            continue;
        };
        let pb = PublicPoint::from_bytes(&b.public_key().to_bytes()).unwrap();
        let want = ladder::mul(&pb.0, &a.0).affine_x().to_bytes();
        assert_eq!(*a.diffie_hellman(&pb), want);
        assert_eq!(*a.diffie_hellman(&pb), *b.diffie_hellman(&a.public_key()));
    }
}
