//! MODP exponentiation on AVX2 (every IKE MODP group): base^x mod p with
//! the Montgomery products four digits wide ([`amm`]), for x86-64 CPUs
//! with AVX2; other CPUs take the scalar code (`super::modexp`). The
//! Oakley and RFC 3526 primes (groups 1, 2, 5, 14-18) are -1 mod 2^54
//! (RFC 2412 App. E chose their low 64 bits all ones for exactly this kind
//! of reduction), which shortens the reduction's serial chain; RFC 5114's
//! (groups 22-24) take the general one.
//!
//! Why it is faster than 64-bit scalar code with `mulx`: `vpmuludq`
//! multiplies four 32-bit pairs and this CPU class issues two per cycle,
//! twice the scalar multiplier's throughput; radix 2^27 leaves room to
//! add up a whole column before carrying, so nothing waits on carry flags.
//! Measured in the spike this came from (`/work/spikes/modp-avx2`, AMD
//! EPYC Zen 3): a 2048-bit product in 830 ns against 2030 ns for our
//! scalar one, and the whole 224-bit-exponent exponentiation in 238 us
//! against 332 us for OpenSSL 3.0's `BN_mod_exp_mont_consttime` (its
//! mulx/adx assembly).
//!
//! This module and the one `unsafe` call in [`Avx2Modp::pow`] are the
//! only unsafe code here: calling a function compiled for AVX2 needs the
//! CPU check first. The kernel is safe code (intrinsics are safe inside a
//! function compiled for their features).

mod amm;
mod digits;
#[cfg(test)]
mod tests;

use super::modexp::{window, window_at};
use super::monty::Monty;
use amm::{load, Modulus, Scratch};
use core::arch::x86_64::{
    __m256i, _mm256_and_si256, _mm256_extract_epi64, _mm256_or_si256, _mm256_set1_epi64x,
    _mm256_setzero_si256,
};
use digits::D;
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

/// The constants of one prime, as plain digits (loaded into vectors at
/// the start of each exponentiation, which costs next to nothing).
pub(crate) struct Avx2Modp {
    /// Vectors per number: 4 nb digits, 27 (4 nb) >= bits(p) + 2, so that
    /// 4p <= R = 2^(27 * 4 nb) (the almost-Montgomery bound).
    nb: usize,
    /// p as 64-bit limbs.
    p: Vec<u64>,
    /// p, R^2 mod p and R mod p as exact digits (4 nb each).
    p_digits: Vec<u64>,
    r2: Vec<u64>,
    one: Vec<u64>,
}

impl core::fmt::Debug for Avx2Modp {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Avx2Modp({} digits)", 4 * self.nb)
    }
}

impl Avx2Modp {
    /// The constants for the (odd) modulus of `m`, or `None` when it is
    /// longer than 8192 bits (the column bound of [`amm`]). Public values,
    /// set up once per group.
    pub(crate) fn new(m: &Monty) -> Option<Avx2Modp> {
        let p = m.modulus();
        let bits = super::limbs::bits(p);
        let nb = (bits + 2).div_ceil(D).div_ceil(4);
        if bits > 8192 {
            return None;
        }
        let n = 4 * nb;
        Some(Avx2Modp {
            nb,
            p: p.to_vec(),
            p_digits: digits::from_limbs(p, n),
            r2: digits::from_limbs(&m.pow2(2 * D * n), n),
            one: digits::from_limbs(&m.pow2(D * n), n),
        })
    }

    /// `base^exp mod p` for `base < p` (limbs as the modulus) and an
    /// exponent below 2^bits (little-endian limbs; `bits` is public, the
    /// value secret), or `None` when the CPU has no AVX2.
    pub(crate) fn pow(
        &self,
        base: &[u64],
        exp: &[u64],
        bits: usize,
    ) -> Option<Zeroizing<Vec<u64>>> {
        if !std::is_x86_feature_detected!("avx2") {
            return None;
        }
        #[allow(unsafe_code)]
        // SAFETY: the CPU has AVX2, the one feature `pow_avx2` is compiled
        // for (checked just above); the function itself is safe code.
        let out = unsafe { pow_avx2(self, base, exp, bits) };
        Some(out)
    }
}

/// The digits of vectors, in order.
#[inline]
#[target_feature(enable = "avx2")]
fn store(v: &[__m256i]) -> Zeroizing<Vec<u64>> {
    let mut out = Zeroizing::new(Vec::with_capacity(4 * v.len()));
    for &x in v {
        out.push(_mm256_extract_epi64::<0>(x) as u64);
        out.push(_mm256_extract_epi64::<1>(x) as u64);
        out.push(_mm256_extract_epi64::<2>(x) as u64);
        out.push(_mm256_extract_epi64::<3>(x) as u64);
    }
    out
}

/// Overwrites vectors that held secret-derived values.
#[inline]
#[target_feature(enable = "avx2")]
fn wipe(v: &mut [__m256i]) {
    v.fill(_mm256_setzero_si256());
    // Keeps the stores: the memory is read (as far as the compiler knows).
    core::hint::black_box(&*v);
}

/// [`Avx2Modp::pow`] on AVX2: the fixed-window exponentiation of
/// `super::modexp` (the same window width, one masked scan of the whole
/// table per window, so nothing depends on the exponent's value), on
/// almost-Montgomery products; fully reduced once at the end.
#[target_feature(enable = "avx2")]
fn pow_avx2(c: &Avx2Modp, base: &[u64], exp: &[u64], bits: usize) -> Zeroizing<Vec<u64>> {
    let nb = c.nb;
    let zero = _mm256_setzero_si256();
    let m = Modulus::new(&c.p_digits);
    let mut s = Scratch {
        ash: vec![[zero; 4]; nb + 1],
        acc: vec![zero; 2 * nb],
    };
    let w = window(bits, c.p.len());
    let entries = 1usize << w;
    // The table holds powers of the (public) base; acc, sel and tmp hold
    // secret-derived values and are wiped at the end.
    let mut table = vec![zero; entries * nb];
    let mut acc = vec![zero; nb];
    let mut sel = vec![zero; nb];
    let mut tmp = vec![zero; nb];

    // table[k] = base^k R mod p (almost).
    table[..nb].copy_from_slice(&load(&c.one));
    let b = load(&digits::from_limbs(base, 4 * nb));
    amm::amm(&m, &mut s, &mut tmp, &b, &load(&c.r2));
    table[nb..2 * nb].copy_from_slice(&tmp);
    for k in 2..entries {
        let (done, next) = table.split_at_mut(k * nb);
        let (x, y) = if k % 2 == 0 {
            let h = &done[(k / 2) * nb..(k / 2 + 1) * nb];
            (h, h)
        } else {
            (&done[(k - 1) * nb..k * nb], &done[nb..2 * nb])
        };
        amm::amm(&m, &mut s, &mut next[..nb], x, y);
    }

    let lookup = |out: &mut [__m256i], idx: u64| {
        out.fill(zero);
        for (k, entry) in table.chunks_exact(nb).enumerate() {
            let hit = (k as u64).ct_eq(&idx);
            let mask = u64::conditional_select(&0, &u64::MAX, hit);
            let mask = _mm256_set1_epi64x(mask as i64);
            for (o, &e) in out.iter_mut().zip(entry) {
                *o = _mm256_or_si256(*o, _mm256_and_si256(e, mask));
            }
        }
    };

    let windows = bits.div_ceil(w);
    if windows == 0 {
        acc.copy_from_slice(&load(&c.one));
    } else {
        lookup(&mut acc, window_at(exp, (windows - 1) * w, w));
        for i in (0..windows - 1).rev() {
            for _ in 0..w {
                amm::amm(&m, &mut s, &mut tmp, &acc, &acc);
                core::mem::swap(&mut acc, &mut tmp);
            }
            lookup(&mut sel, window_at(exp, i * w, w));
            amm::amm(&m, &mut s, &mut tmp, &acc, &sel);
            core::mem::swap(&mut acc, &mut tmp);
        }
    }
    // Out of Montgomery form: the product by 1 is at most p.
    let mut unit = vec![0u64; 4 * nb];
    unit[0] = 1;
    amm::amm(&m, &mut s, &mut tmp, &acc, &load(&unit));
    let out = digits::to_limbs(&store(&tmp), c.p.len() + 1);
    for v in [&mut acc, &mut sel, &mut tmp, &mut s.acc] {
        wipe(v);
    }
    for v in s.ash.iter_mut() {
        wipe(v);
    }
    reduce_once(&out, &c.p)
}

/// `x mod p` for `x <= p` (limbs as p, plus one), in constant time: p is
/// subtracted by mask exactly when `x >= p`.
fn reduce_once(x: &[u64], p: &[u64]) -> Zeroizing<Vec<u64>> {
    let mut d = Zeroizing::new(vec![0u64; p.len()]);
    let mut borrow = 0u64;
    for (i, o) in d.iter_mut().enumerate() {
        let (t, b1) = x[i].overflowing_sub(p[i]);
        let (t, b2) = t.overflowing_sub(borrow);
        *o = t;
        borrow = u64::from(b1 | b2);
    }
    // x >= p exactly when the top limb covers the borrow.
    let (_, under) = x[p.len()].overflowing_sub(borrow);
    let keep = u64::conditional_select(&0, &u64::MAX, (under as u8).into());
    let mut out = Zeroizing::new(vec![0u64; p.len()]);
    for (i, o) in out.iter_mut().enumerate() {
        *o = (x[i] & keep) | (d[i] & !keep);
    }
    out
}
