//! One element of GF(2^521 - 1) in radix 2^29 on AVX2: 18 limbs of 29 bits,
//! limb k in 64-bit lane k % 4 of vector k / 4 (lanes 18 and 19 are
//! don't-care). The bounds every function keeps are argued in the module
//! documentation of `avx2` (`mod.rs`); the multiplication and squaring
//! kernels are generated (`field29_gen.rs`, by `gen/p521_fe29.py`).
//!
//! Every function is safe: intrinsics are safe to call inside a function
//! compiled for their features. Nothing here branches on, or indexes
//! memory by, a value.

use core::arch::x86_64::{
    __m256i, _mm256_add_epi64, _mm256_alignr_epi8, _mm256_and_si256, _mm256_blend_epi32,
    _mm256_extract_epi32, _mm256_extract_epi64, _mm256_mul_epu32, _mm256_permute2x128_si256,
    _mm256_permute4x64_epi64, _mm256_set1_epi32, _mm256_set1_epi64x, _mm256_set_epi64x,
    _mm256_setzero_si256, _mm256_slli_epi64, _mm256_srli_epi64, _mm256_sub_epi64,
    _mm256_unpackhi_epi64, _mm256_unpacklo_epi64,
};

use super::super::field::FieldElement;
use super::super::u576::LIMBS;

/// The five vectors of one element.
pub(super) type V = [__m256i; 5];

/// Limbs of the radix-2^29 form.
pub(super) const LIMBS29: usize = 18;

/// Exclusive bound of a "tight" limb (module documentation of `avx2`):
/// the input of every operation here and the output of all of them.
pub(super) const TIGHT: u64 = (1 << 29) + (1 << 12);

const M29: u64 = (1 << 29) - 1;

// The bound argument of the module documentation of `avx2`, checked by the
// compiler.
const _: () = {
    let t = (TIGHT - 1) as u128;
    // vpmuludq reads 32 bits; the doubled (wrapped) operand too.
    assert!(2 * t < 1 << 32);
    // A column: weight at most 35 of products of tight limbs.
    assert!(35 * t * t < 1 << 64);
    // After one carry pass of such a column (<= 2^29 - 1 + 2 (column >> 29)),
    // times 2^2, plus 8p's largest limb, stays below 2^64, and the second
    // pass lands tight.
    let col = 35 * t * t;
    let pass1 = ((1 << 29) - 1) + 2 * (col >> 29);
    let fused = 4 * pass1 + 4 * ((1 << 29) - 1);
    assert!(fused < 1 << 64);
    assert!(((1 << 29) - 1) + 2 * (fused >> 29) <= t);
    // 3 (pass-1 limbs), one pass: tight (`triple`).
    assert!(((1 << 29) - 1) + 2 * ((3 * pass1) >> 29) <= t);
    // Subtraction: 4p's smallest limb (2^30 - 4) covers a tight limb, 8p's
    // (2^31 - 8) a sum of three.
    assert!(t <= (1 << 30) - 4 && 3 * t <= (1 << 31) - 8);
};

// No value barrier: the spike hid the doubled inputs and shuffled windows
// of the generated kernels from LLVM's shuffle combiner with an empty
// `asm!` block (it otherwise rewrites the windows, knowing `vpmuludq` reads
// only the low 32 bits of each lane). Measured in the crate (2026-11-28
// 00:24 UTC, percall bench `dhderive-DH21`, best minimum of 10 interleaved
// runs): 256 us per shared secret with it, 269 us without (still 90
// `vpmuludq` per multiplication, ~377 instructions instead of ~355), 430
// us with `core::hint::black_box` instead (every window through the
// stack). 5% is not worth inline assembly.

include!("field29_gen.rs");

/// Lane `l` (0..4, a position, never a value) of `v`.
#[target_feature(enable = "avx2")]
#[inline]
fn lane(v: __m256i, l: usize) -> u64 {
    (match l {
        0 => _mm256_extract_epi64::<0>(v),
        1 => _mm256_extract_epi64::<1>(v),
        2 => _mm256_extract_epi64::<2>(v),
        _ => _mm256_extract_epi64::<3>(v),
    }) as u64
}

/// Limbs 0..17 (lanes 18 and 19 dropped).
#[target_feature(enable = "avx2")]
pub(super) fn to_limbs(a: &V) -> [u64; LIMBS29] {
    let mut out = [0u64; LIMBS29];
    for (k, o) in out.iter_mut().enumerate() {
        *o = lane(a[k / 4], k % 4);
    }
    out
}

/// From raw limbs, lanes 18 and 19 zero. No bound is applied: callers pass
/// tight limbs (or, in the tests, deliberately other ones).
#[target_feature(enable = "avx2")]
pub(super) fn from_limbs(l: &[u64; LIMBS29]) -> V {
    let g = |k: usize| if k < LIMBS29 { l[k] as i64 } else { 0 };
    let mut v = [_mm256_setzero_si256(); 5];
    for (i, x) in v.iter_mut().enumerate() {
        *x = _mm256_set_epi64x(g(4 * i + 3), g(4 * i + 2), g(4 * i + 1), g(4 * i));
    }
    v
}

/// From the 58-bit form (limbs < 2^60, `field.rs`): limb i splits into
/// limbs 2i (its low 29 bits) and 2i + 1 (< 2^31); one carry pass gives
/// limbs < 2^29 + 2 * 3 (tight), the second < 2^29 + 2 (conversions happen
/// only at the edges of a scalar multiplication, so the margin is cheap).
#[target_feature(enable = "avx2")]
pub(super) fn from_fe(a: &FieldElement) -> V {
    let l = a.limbs();
    let mut t = [0u64; LIMBS29];
    for i in 0..LIMBS {
        t[2 * i] = l[i] & M29;
        t[2 * i + 1] = l[i] >> 29;
    }
    fe29_carry!(from_limbs(&t), 2)
}

/// To the 58-bit form: l_i = x_{2i} + x_{2i+1} 2^29 < 2^29 + 2^12 +
/// (2^29 + 2^12) 2^29 < 2^59, inside `FieldElement`'s bound of 2^60 for
/// tight input (every output of this module is tight).
#[target_feature(enable = "avx2")]
pub(super) fn to_fe(a: &V) -> FieldElement {
    let t = to_limbs(a);
    let mut l = [0u64; LIMBS];
    for (i, x) in l.iter_mut().enumerate() {
        *x = t[2 * i] + (t[2 * i + 1] << 29);
    }
    FieldElement(l)
}

/// 2k p with every limb (0..17) at least 2k (2^29 - 1) - k: limbs all
/// k (2^29 - 1) stand for k (2^522 - 1) = 2k p + k, and limb 0 drops the
/// k. Lanes 18 and 19 zero. `kp(2)` = 4p (limbs >= 2^30 - 4), `kp(4)` = 8p
/// (limbs >= 2^31 - 8).
#[target_feature(enable = "avx2")]
#[inline]
fn kp(k: i64) -> V {
    let c = k * M29 as i64;
    let full = _mm256_set1_epi64x(c);
    [
        _mm256_set_epi64x(c, c, c, c - k),
        full,
        full,
        full,
        _mm256_set_epi64x(0, 0, c, c),
    ]
}

#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn vadd(a: &V, b: &V) -> V {
    let mut o = *a;
    for (x, y) in o.iter_mut().zip(b) {
        *x = _mm256_add_epi64(*x, *y);
    }
    o
}

/// a + b, tight in: limbs < 2^30 + 2^13, one pass: < 2^29 + 6, tight.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn add(a: &V, b: &V) -> V {
    fe29_carry!(vadd(a, b), 1)
}

/// a + 2k p - b, limbwise never negative when b's limbs are at most those
/// of 2k p (see [`kp`]).
#[target_feature(enable = "avx2")]
#[inline]
fn sub_kp(a: &V, b: &V, k: i64) -> V {
    let p = kp(k);
    let mut o = *a;
    for i in 0..5 {
        o[i] = _mm256_sub_epi64(_mm256_add_epi64(o[i], p[i]), b[i]);
    }
    o
}

/// a - b as a + 4p - b, a and b tight (4p's limbs >= 2^30 - 4 exceed b's):
/// < 2^31, one pass: < 2^29 + 6, tight.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn sub(a: &V, b: &V) -> V {
    fe29_carry!(sub_kp(a, b, 2), 1)
}

/// 3a, a's limbs < 2^29 + 2^35.15 (one carry pass after a product's
/// columns): < 2^36.74, one pass: < 2^29 + 2^8.8, tight.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn triple(a: &V) -> V {
    let mut o = *a;
    for x in o.iter_mut() {
        *x = _mm256_add_epi64(*x, _mm256_add_epi64(*x, *x));
    }
    fe29_carry!(o, 1)
}

/// a b, tight in, < 2^29 + 2^7 out. Out of line on purpose: inlining 8 to
/// 16 of these into one point formula let LLVM interleave and spill them
/// (the spike measured 681 ns per addition against 557).
#[target_feature(enable = "avx2")]
#[inline(never)]
pub(super) fn mul(a: &V, b: &V) -> V {
    fe29_mul!(*a, *b)
}

/// a^2, tight in, < 2^29 + 2^7 out (out of line, as [`mul`]).
#[target_feature(enable = "avx2")]
#[inline(never)]
pub(super) fn square(a: &V) -> V {
    fe29_sqr!(*a)
}

/// a^(2^n): the squarings inlined in one loop.
#[target_feature(enable = "avx2")]
#[inline(never)]
pub(super) fn square_n(a: &V, n: usize) -> V {
    let mut x = *a;
    for _ in 0..n {
        x = fe29_sqr!(x);
    }
    x
}

/// Fused product tail: from columns after one carry pass (limbs < 2^29 +
/// 2^35.15), 2^S times that (S <= 2), then + 8p - x when SUB (x's limbs
/// <= 2^31 - 8), then a second pass: < 2^29 + 2 (2^(S + 6.15) + 2^3) <
/// 2^29 + 2^9.3, tight. Saves the separate pass of the scaling and of the
/// subtraction.
#[target_feature(enable = "avx2")]
#[inline]
fn post<const S: i32, const SUB: bool>(c: V, x: &V) -> V {
    let mut c = c;
    for v in c.iter_mut() {
        *v = _mm256_slli_epi64::<S>(*v);
    }
    if SUB {
        c = sub_kp(&c, x, 4);
    }
    fe29_carry!(c, 1)
}

/// 2^S a b (- x when SUB), tight out; see [`post`].
#[target_feature(enable = "avx2")]
#[inline(never)]
pub(super) fn mul_post<const S: i32, const SUB: bool>(a: &V, b: &V, x: &V) -> V {
    let c: V = fe29_carry!(fe29_mul_cols!(*a, *b), 1);
    post::<S, SUB>(c, x)
}

/// 2^S a^2 (- x when SUB), tight out; see [`post`].
#[target_feature(enable = "avx2")]
#[inline(never)]
pub(super) fn square_post<const S: i32, const SUB: bool>(a: &V, x: &V) -> V {
    let c: V = fe29_carry!(fe29_sqr_cols!(*a), 1);
    post::<S, SUB>(c, x)
}

/// 3 a b, tight out: one pass after the columns, then [`triple`].
#[target_feature(enable = "avx2")]
#[inline(never)]
pub(super) fn mul_triple(a: &V, b: &V) -> V {
    let c: V = fe29_carry!(fe29_mul_cols!(*a, *b), 1);
    triple(&c)
}
