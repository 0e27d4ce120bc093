//! The Montgomery exponentiation against num-bigint-dig's `modpow` (an
//! independent, variable-time implementation) for random bases and
//! exponents in every group, and random small odd moduli for the carry
//! paths; plus edge values.

use super::*;
use crate::kx;
use num_bigint_dig::BigUint;
use proptest::prelude::*;

/// Every MODP group's parameters, by name.
fn groups() -> Vec<(&'static str, Arc<Params>)> {
    macro_rules! p {
        ($($g:ident),*) => { vec![$((kx::$g.name, kx::$g.params().unwrap())),*] };
    }
    p!(
        MODP_768,
        MODP_1024,
        MODP_1536,
        MODP_2048,
        MODP_3072,
        MODP_4096,
        MODP_6144,
        MODP_8192,
        MODP_1024_160,
        MODP_2048_224,
        MODP_2048_256
    )
}

fn big(limbs: &[u64]) -> BigUint {
    BigUint::from_bytes_be(&limbs::to_be(limbs, limbs.len() * 8))
}

/// `bytes` as a number below `n` (reduced by the reference), in `l` limbs.
fn below(bytes: &[u8], n: &BigUint, l: usize) -> Vec<u64> {
    let v = BigUint::from_bytes_be(bytes) % n;
    limbs::from_be(&v.to_bytes_be(), l).unwrap()
}

/// Checks `pow` against the reference for one case.
fn check(m: &Monty, base: &[u64], exp: &[u64], bits: usize) {
    let n = big(m.modulus());
    let got = big(&pow(m, base, exp, bits));
    let want = big(base).modpow(&big(exp), &n);
    assert_eq!(got, want, "bits {bits}");
}

/// An exponent of exactly `bits` bits or fewer, from random octets.
fn exponent(bytes: &[u8], bits: usize, l: usize) -> Vec<u64> {
    let mut x = limbs::from_be(bytes, l.max(bytes.len().div_ceil(8))).unwrap();
    for (i, w) in x.iter_mut().enumerate() {
        let lo = 64 * i;
        if lo >= bits {
            *w = 0;
        } else if bits - lo < 64 {
            *w &= (1u64 << (bits - lo)) - 1;
        }
    }
    x
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    /// Random bases and exponents in every group. Exponents up to 450
    /// bits (beyond every NIST-policy length, at most 400) keep the
    /// unoptimised test build fast; full-length exponents are below.
    #[test]
    fn pow_matches_reference_in_every_group(
        base in proptest::collection::vec(any::<u8>(), 1..1024),
        exp in proptest::collection::vec(any::<u8>(), 75),
        bits in 0usize..450,
    ) {
        for (name, pr) in groups() {
            let l = pr.mont.limbs();
            let n = big(pr.mont.modulus());
            let b = below(&base, &n, l);
            let x = exponent(&exp, bits, l);
            let got = big(&pow(&pr.mont, &b, &x, bits));
            prop_assert_eq!(got, big(&b).modpow(&big(&x), &n), "{}", name);
        }
    }

    /// Random operands, multiplied and squared in every group.
    #[test]
    fn mul_sqr_match_reference_in_every_group(
        a in proptest::collection::vec(any::<u8>(), 1..1025),
        b in proptest::collection::vec(any::<u8>(), 1..1025),
    ) {
        for (_, pr) in groups() {
            let l = pr.mont.limbs();
            let n = big(pr.mont.modulus());
            check_mul_sqr(&pr.mont, &below(&a, &n, l), &below(&b, &n, l));
        }
    }

    /// Full-length exponents (len(p) - 1 bits, the `Full` policy) in the
    /// 768- and 2048-bit groups.
    #[test]
    fn full_length_exponents(
        base in proptest::collection::vec(any::<u8>(), 1..256),
        exp in proptest::collection::vec(any::<u8>(), 256),
    ) {
        for pr in [kx::MODP_768.params().unwrap(), kx::MODP_2048.params().unwrap()] {
            let l = pr.mont.limbs();
            let n = big(pr.mont.modulus());
            let b = below(&base, &n, l);
            check(&pr.mont, &b, &exponent(&exp, pr.p_bits - 1, l), pr.p_bits - 1);
        }
    }

    /// Random odd moduli of 1 to 5 limbs (some with a short top limb):
    /// multiplication, squaring and exponentiation against the reference.
    #[test]
    fn small_moduli(
        modulus in proptest::collection::vec(any::<u64>(), 1..6),
        top_shift in 0u32..64,
        a in proptest::collection::vec(any::<u8>(), 48),
        b in proptest::collection::vec(any::<u8>(), 48),
        bits in 0usize..300,
    ) {
        let mut nl = modulus;
        let last = nl.len() - 1;
        nl[last] = (nl[last] >> top_shift).max(1);
        nl[0] |= 1;
        prop_assume!(nl != [1]);
        let m = Monty::new(&nl).unwrap();
        let l = m.limbs();
        let n = big(&nl);
        let (a, b) = (below(&a, &n, l), below(&b, &n, l));
        let (mut am, mut bm, mut prod) = (vec![0; l], vec![0; l], vec![0; l]);
        let mut wide = vec![0; 2 * l];
        m.to_mont::<0>(&mut am, &a, &mut wide);
        m.to_mont::<0>(&mut bm, &b, &mut wide);
        m.mul::<0>(&mut prod, &am, &bm, &mut wide);
        let mut out = vec![0; l];
        m.to_normal::<0>(&mut out, &prod, &mut wide);
        prop_assert_eq!(big(&out), big(&a) * big(&b) % &n);
        m.sqr_assign::<0>(&mut am, &mut wide);
        m.to_normal::<0>(&mut out, &am, &mut wide);
        prop_assert_eq!(big(&out), big(&a) * big(&a) % &n);
        check(&m, &a, &exponent(&[0xa5; 40], bits, l), bits);
    }
}

/// `a * b` and `a^2` in Montgomery form, through `mul` and `sqr_assign`
/// at every group's limb count (row-wise, and column-wise with Karatsuba
/// from 96 limbs), with full and minimal scratch.
fn check_mul_sqr(m: &Monty, a: &[u64], b: &[u64]) {
    let l = m.limbs();
    let n = big(m.modulus());
    for scratch in [m.scratch_len(), 2 * l] {
        let mut wide = vec![0; scratch];
        let (mut am, mut bm, mut prod, mut out) = (vec![0; l], vec![0; l], vec![0; l], vec![0; l]);
        m.to_mont::<0>(&mut am, a, &mut wide);
        m.to_mont::<0>(&mut bm, b, &mut wide);
        m.mul::<0>(&mut prod, &am, &bm, &mut wide);
        m.to_normal::<0>(&mut out, &prod, &mut wide);
        assert_eq!(big(&out), big(a) * big(b) % &n, "mul, {l} limbs");
        m.sqr_assign::<0>(&mut am, &mut wide);
        m.to_normal::<0>(&mut out, &am, &mut wide);
        assert_eq!(big(&out), big(a) * big(a) % &n, "sqr, {l} limbs");
    }
}

/// Edge operands 0, 1, 2, n-2, n-1 against each other in every group.
#[test]
fn mul_sqr_edge_values_in_every_group() {
    for (_, pr) in groups() {
        let l = pr.mont.limbs();
        let mut values = vec![vec![0; l], vec![0; l], vec![0; l]];
        values[1][0] = 1;
        values[2][0] = 2;
        values.push(limbs::minus_one(&pr.p_minus_1));
        values.push(pr.p_minus_1.clone());
        for a in &values {
            for b in &values {
                check_mul_sqr(&pr.mont, a, b);
            }
        }
    }
}

/// The 8192-bit product and square run Karatsuba over the row-wise
/// kernels (128 -> 64 -> 32 limbs): operands whose halves and quarters
/// are 0, 1, all ones or the modulus's own (so that the differences
/// `a0 - a1` are zero, of either sign and at their largest), each
/// reduced below n, against each other.
#[test]
fn mul_sqr_karatsuba_splits_8192() {
    let pr = kx::MODP_8192.params().unwrap();
    let (m, l) = (&pr.mont, pr.mont.limbs());
    assert_eq!(l, 128);
    let n = big(m.modulus());
    let parts = |q: usize| -> Vec<Vec<u64>> {
        let mut one = vec![0; q];
        one[0] = 1;
        vec![
            vec![0; q],
            one,
            vec![u64::MAX; q],
            pr.p_minus_1[..q].to_vec(),
        ]
    };
    let mut values = Vec::new();
    // Halves (first level) and alternating quarters (second level).
    for lo in parts(64) {
        for hi in parts(64) {
            values.push([lo.clone(), hi].concat());
        }
    }
    let (zero, ones) = (vec![0; 32], vec![u64::MAX; 32]);
    values.push([&ones[..], &zero, &ones, &zero].concat());
    values.push([&zero[..], &ones, &zero, &ones].concat());
    values.push(pr.p_minus_1.clone());
    let values: Vec<Vec<u64>> = values
        .iter()
        .map(|v| below(&limbs::to_be(v, 8 * l), &n, l))
        .collect();
    for a in &values {
        for b in &values {
            check_mul_sqr(m, a, b);
        }
    }
}

/// Edge values: bases 1, 2, p-2, p-1 (whose limbs are nearly all ones,
/// the worst case for the carries) with all-ones and sparse exponents.
#[test]
fn edge_values() {
    for pr in [
        kx::MODP_768.params().unwrap(),
        kx::MODP_2048.params().unwrap(),
    ] {
        let l = pr.mont.limbs();
        let mut bases = vec![vec![0; l], vec![0; l], pr.p_minus_1.clone()];
        bases[0][0] = 1;
        bases[1][0] = 2;
        bases.push(limbs::minus_one(&pr.p_minus_1));
        for b in &bases {
            for bits in [0, 1, 2, 63, 64, 65, 224, 257, pr.p_bits - 1] {
                check(&pr.mont, b, &exponent(&[0xff; 1024], bits, l), bits);
                check(&pr.mont, b, &exponent(&[0x80; 1024], bits, l), bits);
            }
        }
    }
    assert!(Monty::new(&[4, 1]).is_none(), "even modulus");
    assert!(Monty::new(&[1]).is_none() && Monty::new(&[0, 0]).is_none());
}

/// The window width grows with the exponent and stays in its range.
#[test]
fn window_choice() {
    use super::super::modexp::window;
    assert_eq!(window(224, 32), 4);
    assert!((5..=6).contains(&window(2047, 32)));
    assert!((1..=7).contains(&window(0, 1)));
    assert!(window(8191, 128) >= window(400, 128));
}
