//! The AVX2 exponentiation against the scalar one (`super::super::modexp`)
//! for every prime it takes, and its product against num-bigint with the
//! digits at the largest redundant values the bounds allow.
//!
//! The kernel is compiled for AVX2, so the direct calls are `unsafe`,
//! after `std::is_x86_feature_detected!("avx2")`.
#![allow(unsafe_code)]

use super::amm::{self, Modulus, Scratch};
use super::digits::{self, D};
use super::{load, store, Avx2Modp};
use crate::kx::limbs;
use crate::kx::modexp::pow;
use crate::kx::modp_params as mp;
use crate::kx::monty::Monty;
use crate::splitmix::SplitMix;
use core::arch::x86_64::{__m256i, _mm256_setzero_si256};
use num_bigint_dig::BigUint;

fn avx2() -> bool {
    std::is_x86_feature_detected!("avx2")
}

fn monty(hex: &str) -> Monty {
    let p = limbs::from_hex(hex, hex.len().div_ceil(16)).expect("test prime");
    Monty::new(&p).expect("odd prime")
}

impl SplitMix {
    /// A number below `p` (top limb masked below p's).
    fn below(&mut self, p: &[u64]) -> Vec<u64> {
        let mut x: Vec<u64> = p.iter().map(|_| self.next_u64()).collect();
        if let Some(top) = x.last_mut() {
            *top %= p[p.len() - 1];
        }
        x
    }
}

/// (name, prime, exponent lengths used by the policy and OpenSSL).
const TAKEN: [(&str, &str, usize); 11] = [
    ("MODP768", mp::P1, 160),
    ("MODP1024", mp::P2, 160),
    ("MODP1536", mp::P5, 192),
    ("MODP2048", mp::P14, 224),
    ("MODP3072", mp::P15, 256),
    ("MODP4096", mp::P16, 304),
    ("MODP6144", mp::P17, 352),
    ("MODP8192", mp::P18, 400),
    // RFC 5114: not -1 mod 2^54, the general reduction chain.
    ("MODP1024_160", mp::P22, 160),
    ("MODP2048_224", mp::P23, 224),
    ("MODP2048_256", mp::P24, 256),
];

#[test]
fn takes_every_ike_prime() {
    for (name, p, _) in TAKEN {
        assert!(Avx2Modp::new(&monty(p)).is_some(), "{name}");
    }
}

#[test]
fn pow_equals_the_scalar_code() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(7);
    for (name, hex, bits) in TAKEN {
        let m = monty(hex);
        let a = Avx2Modp::new(&m).expect("taken");
        let p = m.modulus().to_vec();
        let l = p.len();
        let one = {
            let mut v = vec![0u64; l];
            v[0] = 1;
            v
        };
        let mut two = one.clone();
        two[0] = 2;
        let p1 = limbs::minus_one(&p);
        let p2 = limbs::minus_one(&p1);
        let zero = vec![0u64; l];
        let bases = [zero, one, two, p1, p2, rng.below(&p), rng.below(&p)];
        let mut ones = vec![0u64; l];
        for (i, w) in ones.iter_mut().enumerate() {
            let left = bits.saturating_sub(64 * i).min(64);
            *w = if left == 64 {
                u64::MAX
            } else {
                (1u64 << left) - 1
            };
        }
        let mut random = rng.below(&p);
        for (i, w) in random.iter_mut().enumerate() {
            let left = bits.saturating_sub(64 * i).min(64);
            *w &= if left == 64 {
                u64::MAX
            } else {
                (1u64 << left) - 1
            };
        }
        let mut unit = vec![0u64; l];
        unit[0] = 1;
        let exps = [
            (vec![0u64; l], 0),
            (unit, 1),
            (ones, bits),
            (random.clone(), bits),
            // A full-length exponent too (one base, it is slow).
            (p1_of(&p), 64 * l),
        ];
        for (bi, base) in bases.iter().enumerate() {
            for (ei, (e, eb)) in exps.iter().enumerate() {
                if ei == 4 && bi != 6 {
                    continue;
                }
                let want = pow(&m, base, e, *eb);
                let got = a.pow(base, e, *eb).expect("AVX2 present");
                assert_eq!(*got, *want, "{name} base {bi} exponent {ei}");
            }
        }
    }
}

/// p - 2 (a full-length exponent: base^(p-2) is the inverse).
fn p1_of(p: &[u64]) -> Vec<u64> {
    limbs::minus_one(&limbs::minus_one(p))
}

fn big(x: &[u64]) -> BigUint {
    BigUint::from_slice(
        &x.iter()
            .flat_map(|&w| [w as u32, (w >> 32) as u32])
            .collect::<Vec<_>>(),
    )
}

fn big_of_digits(d: &[u64]) -> BigUint {
    d.iter()
        .rev()
        .fold(BigUint::from(0u8), |acc, &x| (acc << D) + BigUint::from(x))
}

/// The largest digit the product takes (and returns): 2^27 + 2^11 - 1.
const DIGIT_MAX: u64 = (1 << D) + (1 << 11) - 1;

/// A value below 2p as n digits, its low digits at the input bound: every
/// digit below position k (the largest k with 2^(27 (k + 1)) <= p) is
/// DIGIT_MAX when `all_max`, else random up to it; the top digits are the
/// exact digits of a random multiple of 2^(27 k) that keeps the whole
/// below 2p.
fn near_bound(p: &BigUint, n: usize, rng: &mut SplitMix, all_max: bool) -> Vec<u64> {
    let k = p.bits() / D - 1;
    let mut d = vec![0u64; n];
    for x in d.iter_mut().take(k) {
        *x = if all_max || rng.next_u64() & 1 == 1 {
            DIGIT_MAX
        } else {
            rng.next_u64() % (DIGIT_MAX + 1)
        };
    }
    let low = big_of_digits(&d);
    let room = (p + p - BigUint::from(1u8) - low) >> (D * k);
    let hi = if all_max {
        room
    } else {
        room % BigUint::from(rng.next_u64() | 1)
    };
    let top = digits::from_limbs(&limbs_of(&hi, n), n - k);
    d[k..].copy_from_slice(&top);
    d
}

#[target_feature(enable = "avx2")]
fn product(m: &Modulus, a: &[u64], b: &[u64]) -> Vec<u64> {
    let nb = a.len() / 4;
    let zero = _mm256_setzero_si256();
    let mut s = Scratch {
        ash: vec![[zero; 4]; nb + 1],
        acc: vec![zero; 2 * nb],
    };
    let mut out: Vec<__m256i> = vec![zero; nb];
    amm::amm(m, &mut s, &mut out, &load(a), &load(b));
    store(&out).to_vec()
}

#[test]
fn product_at_the_digit_bound() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(11);
    for (name, hex, _) in TAKEN {
        let mon = monty(hex);
        let c = Avx2Modp::new(&mon).expect("taken");
        let n = 4 * c.nb;
        let p = big(mon.modulus());
        let two_p = &p + &p;
        let r = BigUint::from(1u8) << (D * n);
        let rinv = r.modpow(&(&p - BigUint::from(2u8)), &p);
        // SAFETY: AVX2 is present (checked above).
        let m = unsafe { Modulus::new(&c.p_digits) };
        // Values below 2p: 2p - 1, p, p - 1, 0, and random ones.
        let top = digits::from_limbs(&limbs_of(&(&two_p - BigUint::from(1u8)), n), n);
        let mut values = vec![top.clone(), c.p_digits.clone(), vec![0; n]];
        for _ in 0..40 {
            let x = rng.below(mon.modulus());
            let x = big(&x)
                + if rng.next_u64() & 1 == 1 {
                    p.clone()
                } else {
                    BigUint::from(0u8)
                };
            values.push(digits::from_limbs(&limbs_of(&x, n), n));
        }
        values.push(near_bound(&p, n, &mut rng, true));
        for _ in 0..40 {
            values.push(near_bound(&p, n, &mut rng, false));
        }
        for (i, a) in values.iter().enumerate() {
            for b in [&values[(i * 7 + 1) % values.len()], a] {
                let (a, b) = (a.clone(), b.clone());
                assert!(a.iter().chain(&b).all(|&d| d <= DIGIT_MAX));
                // SAFETY: AVX2 is present.
                let out = unsafe { product(&m, &a, &b) };
                let v = big_of_digits(&out);
                let (va, vb) = (big_of_digits(&a), big_of_digits(&b));
                assert_eq!(&v % &p, &va * &vb * &rinv % &p, "{name} value {i}");
                assert!(v < two_p, "{name} value {i}: output not below 2p");
                assert!(
                    out.iter().all(|&d| d <= DIGIT_MAX),
                    "{name} value {i}: digit bound"
                );
            }
        }
    }
}

/// `x` as `n` limbs' worth of 64-bit words (enough for n digits).
fn limbs_of(x: &BigUint, n: usize) -> Vec<u64> {
    let words = (n * D).div_ceil(64);
    let mut v: Vec<u64> = x
        .to_bytes_le()
        .chunks(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            u64::from_le_bytes(b)
        })
        .collect();
    v.resize(words.max(v.len()), 0);
    v
}
