//! The field against num-bigint, the constants, the exceptional cases of
//! point addition, and the whole ECDH against the `p256` crate (edge and
//! random scalars and points).

use super::field::{self as fe, FieldElement};
use super::point::{Affine, Jacobian, G};
use super::scalar::Scalar;
use super::{ladder, PublicPoint, SecretScalar};
use crate::kx::window::WindowPoint;
use crate::splitmix::SplitMix;
use num_bigint_dig::BigUint;
use p256::elliptic_curve::sec1::ToEncodedPoint;

fn big(hex: &str) -> BigUint {
    BigUint::parse_bytes(hex.as_bytes(), 16).unwrap()
}

fn p() -> BigUint {
    big("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")
}

fn n() -> BigUint {
    big("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
}

fn limbs_value(l: &[u64; 4]) -> BigUint {
    l.iter().rev().fold(BigUint::from(0u8), |acc, &w| {
        (acc << 64usize) + BigUint::from(w)
    })
}

fn be32(x: &BigUint) -> [u8; 32] {
    let b = x.to_bytes_be();
    let mut out = [0u8; 32];
    out[32 - b.len()..].copy_from_slice(&b);
    out
}

/// The integer an element stands for (out of Montgomery form).
fn value(a: &FieldElement) -> BigUint {
    limbs_value(&a.to_canonical())
}

fn element(x: &BigUint) -> FieldElement {
    FieldElement::from_be_bytes(&be32(x)).unwrap()
}

fn random_below(rng: &mut SplitMix, m: &BigUint) -> BigUint {
    let words: Vec<u64> = (0..4).map(|_| rng.next_u64()).collect();
    limbs_value(&[words[0], words[1], words[2], words[3]]) % m
}

/// 0, 1, 2, p - 1, p - 2, (p + 1) / 2, 2^k and 2^k - 1 mod p for every
/// k < 256, and random values.
fn field_cases() -> Vec<BigUint> {
    let p = p();
    let one = BigUint::from(1u8);
    let mut v = vec![
        BigUint::from(0u8),
        one.clone(),
        BigUint::from(2u8),
        &p - 1u8,
        &p - 2u8,
        (&p + 1u8) >> 1usize,
    ];
    for k in 0..256usize {
        v.push((&one << k) % &p);
        v.push(((&one << k) - 1u8) % &p);
    }
    let mut rng = SplitMix(0x9256);
    for _ in 0..100 {
        v.push(random_below(&mut rng, &p));
    }
    v
}

#[test]
fn field_ops_against_bigint() {
    let p = p();
    let cases = field_cases();
    let elems: Vec<FieldElement> = cases.iter().map(element).collect();
    for (i, (a, fa)) in cases.iter().zip(&elems).enumerate() {
        assert_eq!(&value(fa), a);
        assert!(limbs_value(&fa.0) < p, "Montgomery form is fully reduced");
        assert_eq!(value(&fe::sqr(fa)), a * a % &p);
        assert_eq!(value(&fe::neg(fa)), (&p - a) % &p);
        assert_eq!(value(&fe::dbl(fa)), a * 2u8 % &p);
        let h = fe::half(fa);
        assert_eq!(value(&h) * 2u8 % &p, a.clone());
        assert!(limbs_value(&h.0) < p);
        let want_inv = if *a == BigUint::from(0u8) {
            BigUint::from(0u8)
        } else {
            a.modpow(&(&p - 2u8), &p)
        };
        assert_eq!(value(&fa.invert()), want_inv);
        assert_eq!(fa.is_zero_mask() == u64::MAX, *a == BigUint::from(0u8));
        for (b, fb) in cases.iter().zip(&elems).skip(i % 5).step_by(5) {
            for (got, want) in [
                (fe::mul(fa, fb), a * b % &p),
                (fe::add(fa, fb), (a + b) % &p),
                (fe::sub(fa, fb), (a + &p - b) % &p),
            ] {
                assert_eq!(value(&got), want);
                assert!(limbs_value(&got.0) < p);
            }
        }
    }
}

/// The safegcd inversion (constant time, fixed 590 divsteps) at the ends
/// of its range: small values, values just below p, and p - 2^k.
#[test]
fn inversion_against_modpow() {
    let p = p();
    let one = BigUint::from(1u8);
    let mut values: Vec<BigUint> = (1u32..=600).map(BigUint::from).collect();
    values.extend((1u32..=600).map(|k| &p - k));
    values.extend((0..256usize).map(|k| (&p - (&one << k)) % &p));
    values.push((&p + 1u8) >> 1usize);
    for a in values.iter().filter(|a| **a != BigUint::from(0u8)) {
        let inv = element(a).invert();
        assert!(limbs_value(&inv.0) < p);
        assert_eq!(value(&inv) * a % &p, one, "a = {a:x}");
    }
    assert_eq!(FieldElement::ZERO.invert(), FieldElement::ZERO);
}

#[test]
fn field_decoding_rejects_values_not_below_p() {
    let p = p();
    for x in [p.clone(), &p + 1u8, (BigUint::from(1u8) << 256usize) - 1u8] {
        assert!(FieldElement::from_be_bytes(&be32(&x)).is_none());
    }
    assert!(FieldElement::from_be_bytes(&be32(&(&p - 1u8))).is_some());
}

#[test]
fn generator_is_the_standard_one_with_order_n() {
    let enc = G.encode();
    assert_eq!(
        hex::encode(enc),
        "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296\
         4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"
    );
    assert!(Affine::decode(&enc).is_some(), "G is on the curve");
    // (n - 1) G = -G.
    let s = Scalar::from_bytes(&be32(&(n() - 1u8))).unwrap();
    let r = ladder::mul(&G, &s).to_affine();
    assert_eq!(r.x, G.x);
    assert_eq!(r.y, fe::neg(&G.y));
}

#[test]
fn addition_exceptional_cases() {
    let g = G.to_jacobian();
    let g2 = g.double();
    // Re-scale 2G to another Z so equal points differ in representation.
    let z = fe::sqr(&G.x);
    let g2b = Jacobian {
        x: fe::mul(&g2.x, &fe::sqr(&z)),
        y: fe::mul(&g2.y, &fe::mul(&fe::sqr(&z), &z)),
        z: fe::mul(&g2.z, &z),
    };
    let want = g2.double().to_affine();
    // P + P through the complete addition is 2P ...
    let got = g2.add_complete(&g2b).to_affine();
    assert!(got.x == want.x && got.y == want.y);
    // ... while the plain formula degenerates to Z = 0, which is why the
    // ladder uses the complete one where P = Q is not excluded.
    assert_eq!(g2.add_distinct(&g2b).z.is_zero_mask(), u64::MAX);
    // P + (-P) is the point at infinity (Z = 0).
    let neg = g2b.neg_y_if(u64::MAX);
    assert_eq!(g2.add_complete(&neg).z.is_zero_mask(), u64::MAX);
    // G + 2G = 3G either way.
    let three = g.add_distinct(&g2).to_affine();
    let three_c = g2b.add_complete(&g).to_affine();
    assert!(three.x == three_c.x && three.y == three_c.y);
    // Doubling the point at infinity stays there.
    assert_eq!(Jacobian::ZERO.double().z.is_zero_mask(), u64::MAX);
}

/// x | y of d G by the `p256` crate.
fn reference_public(d: &[u8; 32]) -> Vec<u8> {
    let sk = p256::SecretKey::from_slice(d).unwrap();
    sk.public_key().to_encoded_point(false).as_bytes()[1..].to_vec()
}

/// The shared secret by the `p256` crate.
fn reference_shared(d: &[u8; 32], peer: &[u8]) -> Vec<u8> {
    let sk = p256::SecretKey::from_slice(d).unwrap();
    let mut sec1 = vec![4u8];
    sec1.extend_from_slice(peer);
    let pk = p256::PublicKey::from_sec1_bytes(&sec1).unwrap();
    p256::ecdh::diffie_hellman(sk.to_nonzero_scalar(), pk.as_affine())
        .raw_secret_bytes()
        .to_vec()
}

/// 1..40, n-1..n-40, 2^k and 2^k +- 1, byte patterns, n/2 and around it.
fn edge_scalars() -> Vec<BigUint> {
    let n = n();
    let one = BigUint::from(1u8);
    let mut v = Vec::new();
    for k in 1u8..=40 {
        v.push(BigUint::from(k));
        v.push(&n - k);
    }
    for k in 1..256usize {
        let a = &one << k;
        for x in [&a - 1u8, a.clone(), &a + 1u8] {
            if x > BigUint::from(0u8) && x < n {
                v.push(x);
            }
        }
    }
    for pat in [0x55u8, 0xaa, 0x33, 0xcc, 0x0f, 0xf0, 0x7f, 0xfe] {
        v.push(BigUint::from_bytes_be(&[pat; 32]) % &n);
    }
    v.push(&n >> 1usize);
    v.push((&n >> 1usize) + 1u8);
    v
}

#[test]
fn ecdh_matches_the_p256_crate() {
    let n = n();
    let mut rng = SplitMix(0x19);
    // G and two random points.
    let mut points = vec![G.encode().to_vec()];
    for _ in 0..2 {
        let e = be32(&(random_below(&mut rng, &(&n - 1u8)) + 1u8));
        points.push(reference_public(&e));
    }
    let mut scalars = edge_scalars();
    for _ in 0..200 {
        scalars.push(random_below(&mut rng, &(&n - 1u8)) + 1u8);
    }
    let mut checked = 0;
    for (i, d) in scalars.iter().enumerate() {
        let db = be32(d);
        let ours = SecretScalar::from_bytes(&db).unwrap();
        // Every scalar against G (its public key) and, in turn, one of the
        // other points.
        assert_eq!(ours.public_key().to_bytes().to_vec(), reference_public(&db));
        let peer = &points[1 + i % 2];
        let q = PublicPoint::from_bytes(peer).unwrap();
        assert_eq!(
            ours.diffie_hellman(&q).to_vec(),
            reference_shared(&db, peer),
            "d = {d:x}"
        );
        checked += 1;
    }
    assert!(checked > 900, "{checked} scalars");
}

#[test]
fn invalid_public_values_are_refused() {
    let p = p();
    let good = G.encode();
    assert!(PublicPoint::from_bytes(&good).is_some());
    // Every single-bit change of y takes the point off the curve (for a
    // given x only y and p - y are on it, and they differ in more bits).
    for bit in 0..256 {
        let mut bad = good;
        bad[32 + bit / 8] ^= 1 << (bit % 8);
        assert!(PublicPoint::from_bytes(&bad).is_none(), "bit {bit}");
    }
    // Coordinates not below p, and x + p of a real point (which would be
    // the same point if it were reduced).
    let y = BigUint::from_bytes_be(&good[32..]);
    let top = BigUint::from(1u8) << 256usize;
    let big_values = [p.clone(), &p + 1u8, &top - 1u8];
    // A point with a small x, so that x + p still fits in 32 octets.
    let b = big("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
    let small = (0u32..)
        .map(BigUint::from)
        .find_map(|x| {
            let rhs = (&x * &x * &x + &b + &p * 3u8 - &x * 3u8) % &p;
            let y = rhs.modpow(&((&p + 1u8) >> 2usize), &p);
            (&y * &y % &p == rhs).then_some((x, y))
        })
        .unwrap();
    let mut on = [0u8; 64];
    on[..32].copy_from_slice(&be32(&small.0));
    on[32..].copy_from_slice(&be32(&small.1));
    assert!(PublicPoint::from_bytes(&on).is_some());
    on[..32].copy_from_slice(&be32(&(&small.0 + &p)));
    assert!(PublicPoint::from_bytes(&on).is_none(), "x + p");
    for v in &big_values {
        for half in [0, 32] {
            let mut bad = good;
            bad[half..half + 32].copy_from_slice(&be32(v));
            assert!(PublicPoint::from_bytes(&bad).is_none());
        }
    }
    // (0, 0), all-ones, and wrong lengths.
    assert!(PublicPoint::from_bytes(&[0u8; 64]).is_none());
    assert!(PublicPoint::from_bytes(&[0xffu8; 64]).is_none());
    assert!(PublicPoint::from_bytes(&good[..63]).is_none());
    assert!(PublicPoint::from_bytes(&[&good[..], &[0u8]].concat()).is_none());
    // -G is on the curve.
    let mut neg = good;
    neg[32..].copy_from_slice(&be32(&(&p - &y)));
    assert!(PublicPoint::from_bytes(&neg).is_some());
}

#[test]
fn scalars_outside_one_to_n_minus_one_are_refused() {
    let n = n();
    for bad in [
        BigUint::from(0u8),
        n.clone(),
        &n + 1u8,
        (BigUint::from(1u8) << 256usize) - 1u8,
    ] {
        assert!(SecretScalar::from_bytes(&be32(&bad)).is_none());
    }
    assert!(SecretScalar::from_bytes(&be32(&(&n - 1u8))).is_some());
    assert!(SecretScalar::from_bytes(&[1u8; 31]).is_none());
    assert!(SecretScalar::from_bytes(&[1u8; 33]).is_none());
}
