//! P-521 Jacobian point arithmetic and the variable-base scalar
//! multiplication on the radix-2^29 AVX2 field ([`super::field29`]).
//!
//! The same formulas, window, table scan and exceptional-case handling as
//! the scalar code (`point.rs`, `ladder.rs`; the argument why the plain
//! addition is safe for every digit but the last is in `ladder::mul`). The
//! difference is in how the linear operations are carried: in the "fused"
//! products a scaling by 2^S and a final subtraction are folded between the
//! two carry passes of the product ([`field29::mul_post`]), which leaves 4
//! separate carry passes per doubling instead of 10. Conversions to and
//! from the 58-bit form happen only at the edges: the input point, the
//! exceptional-case test of the last addition, and the result.
//!
//! Every input of a multiplication or squaring is tight, and every
//! function returns tight limbs (bounds in the module documentation of
//! `avx2` and at each function of `field29`). Constant time: straight-line
//! code; the table is read by a full masked scan.

use core::arch::x86_64::{_mm256_and_si256, _mm256_blendv_epi8, _mm256_or_si256};
use core::arch::x86_64::{_mm256_set1_epi64x, _mm256_setzero_si256};

use super::super::field::FieldElement;
use super::super::point::{Affine, Jacobian};
use super::super::scalar::{Scalar, DIGITS};
use super::field29::{self as f, V};
use crate::kx::window::WINDOW;

/// A point in Jacobian coordinates, each coordinate tight.
#[derive(Clone, Copy)]
pub(super) struct Jacobian29 {
    pub(super) x: V,
    pub(super) y: V,
    pub(super) z: V,
}

/// Odd multiples in the table: entry j is (2j + 1) P (as `ladder.rs`).
const TABLE: usize = 16;

#[target_feature(enable = "avx2")]
pub(super) fn from_jacobian(p: &Jacobian) -> Jacobian29 {
    Jacobian29 {
        x: f::from_fe(&p.x),
        y: f::from_fe(&p.y),
        z: f::from_fe(&p.z),
    }
}

#[cfg(test)]
#[target_feature(enable = "avx2")]
pub(super) fn to_jacobian(p: &Jacobian29) -> Jacobian {
    Jacobian {
        x: f::to_fe(&p.x),
        y: f::to_fe(&p.y),
        z: f::to_fe(&p.z),
    }
}

/// 2P, dbl-2001-b (3M + 5S) as `Jacobian::double`, fused:
/// delta = Z^2, gamma = Y^2, 4 beta = 4 X gamma,
/// alpha = 3 (X - delta)(X + delta), X3 = alpha^2 - 2 (4 beta),
/// Z3 = (Y + Z)^2 - (gamma + delta), Y3 = alpha (4 beta - X3) - 2 (4 gamma^2).
/// Every subtrahend of a fused product is a sum of two tight values, below
/// the 2^31 - 8 that `mul_post` accepts. Correct for the point at infinity
/// too (Z = 0 gives Z3 = 0).
#[target_feature(enable = "avx2")]
#[inline]
fn dbl(p: &Jacobian29) -> Jacobian29 {
    let none = [_mm256_setzero_si256(); 5];
    let (x, y, z) = (&p.x, &p.y, &p.z);
    let delta = f::square(z);
    let gamma = f::square(y);
    let beta4 = f::mul_post::<2, false>(x, &gamma, &none);
    let alpha = f::mul_triple(&f::sub(x, &delta), &f::add(x, &delta));
    let x3 = f::square_post::<0, true>(&alpha, &f::vadd(&beta4, &beta4));
    let z3 = f::square_post::<0, true>(&f::add(y, z), &f::vadd(&gamma, &delta));
    let g4 = f::square_post::<2, false>(&gamma, &none);
    let y3 = f::mul_post::<0, true>(&alpha, &f::sub(&beta4, &x3), &f::vadd(&g4, &g4));
    Jacobian29 {
        x: x3,
        y: y3,
        z: z3,
    }
}

/// P + Q, add-2007-bl (11M + 5S) as `Jacobian::add_parts`, fused; returns
/// (sum, h, r / 2), whose vanishing marks the exceptional cases (P = Q
/// gives h = r = 0 and a useless sum, P = -Q gives Z3 = 0). Neither input
/// may be the point at infinity.
#[target_feature(enable = "avx2")]
#[inline]
fn add_parts(p: &Jacobian29, q: &Jacobian29) -> (Jacobian29, V, V) {
    let none = [_mm256_setzero_si256(); 5];
    let z1z1 = f::square(&p.z);
    let z2z2 = f::square(&q.z);
    let u1 = f::mul(&p.x, &z2z2);
    // h = u2 - u1
    let h = f::mul_post::<0, true>(&q.x, &z1z1, &u1);
    let s1 = f::mul(&p.y, &f::mul(&q.z, &z2z2));
    // r / 2 = s2 - s1
    let r_half = f::mul_post::<0, true>(&q.y, &f::mul(&p.z, &z1z1), &s1);
    // i = (2h)^2
    let i = f::square_post::<2, false>(&h, &none);
    let j = f::mul(&h, &i);
    let v = f::mul(&u1, &i);
    // X3 = r^2 - j - 2v = 4 (r / 2)^2 - (j + 2v)
    let x3 = f::square_post::<2, true>(&r_half, &f::vadd(&j, &f::vadd(&v, &v)));
    let s1j = f::mul(&s1, &j);
    // Y3 = r (v - X3) - 2 s1 j = 2 (r / 2)(v - X3) - 2 s1 j
    let y3 = f::mul_post::<1, true>(&r_half, &f::sub(&v, &x3), &f::vadd(&s1j, &s1j));
    // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) h
    let zz = f::square_post::<0, true>(&f::add(&p.z, &q.z), &f::vadd(&z1z1, &z2z2));
    let z3 = f::mul(&zz, &h);
    (
        Jacobian29 {
            x: x3,
            y: y3,
            z: z3,
        },
        h,
        r_half,
    )
}

#[target_feature(enable = "avx2")]
#[inline(never)]
pub(super) fn double(p: &Jacobian29) -> Jacobian29 {
    dbl(p)
}

/// P + Q for P != +-Q, neither the point at infinity (as
/// `Jacobian::add_distinct`).
#[target_feature(enable = "avx2")]
#[inline(never)]
pub(super) fn add_distinct(p: &Jacobian29, q: &Jacobian29) -> Jacobian29 {
    add_parts(p, q).0
}

/// 2^WINDOW P, the doublings of one window in one loop.
#[target_feature(enable = "avx2")]
#[inline(never)]
fn double_window(p: &Jacobian29) -> Jacobian29 {
    let mut acc = *p;
    for _ in 0..WINDOW {
        acc = dbl(&acc);
    }
    acc
}

/// `b` where `mask` is all-ones, else `a` (mask is 0 or all-ones; blendv
/// takes each byte's top bit). Constant time.
#[target_feature(enable = "avx2")]
#[inline]
fn select_v(a: &V, b: &V, mask: u64) -> V {
    let m = _mm256_set1_epi64x(mask as i64);
    let mut o = *a;
    for (x, y) in o.iter_mut().zip(b) {
        *x = _mm256_blendv_epi8(*x, *y, m);
    }
    o
}

/// -P where `mask` is all-ones, else P; constant time (as
/// `Jacobian::neg_y_if`): -y is 0 - y = 4p - y, tight.
#[target_feature(enable = "avx2")]
#[inline]
fn neg_y_if(p: &Jacobian29, mask: u64) -> Jacobian29 {
    let ny = f::sub(&[_mm256_setzero_si256(); 5], &p.y);
    Jacobian29 {
        x: p.x,
        y: select_v(&p.y, &ny, mask),
        z: p.z,
    }
}

/// table[idx] by scanning every entry with masks (no secret index), as
/// `ladder::select`.
#[target_feature(enable = "avx2")]
#[inline]
fn select(table: &[Jacobian29; TABLE], idx: usize) -> Jacobian29 {
    let zero = [_mm256_setzero_si256(); 5];
    let mut out = Jacobian29 {
        x: zero,
        y: zero,
        z: zero,
    };
    for (j, e) in table.iter().enumerate() {
        // black_box keeps the compiler from turning the scan back into an
        // indexed load (as in ladder.rs).
        let d = (j ^ idx) as u64;
        let m = core::hint::black_box(((d | d.wrapping_neg()) >> 63).wrapping_sub(1));
        let m = _mm256_set1_epi64x(m as i64);
        for i in 0..5 {
            out.x[i] = _mm256_or_si256(out.x[i], _mm256_and_si256(e.x[i], m));
            out.y[i] = _mm256_or_si256(out.y[i], _mm256_and_si256(e.y[i], m));
            out.z[i] = _mm256_or_si256(out.z[i], _mm256_and_si256(e.z[i], m));
        }
    }
    out
}

/// P + Q for any P, Q other than the point at infinity, P = Q included, in
/// constant time (as `Jacobian::add_complete`): the doubling is always
/// computed and selected by mask when h = r = 0. The zero tests go through
/// the canonical 58-bit form (`FieldElement::is_zero_mask`), once per
/// scalar multiplication.
#[target_feature(enable = "avx2")]
#[inline(never)]
pub(super) fn add_complete(p: &Jacobian29, q: &Jacobian29) -> Jacobian29 {
    let (sum, h, r) = add_parts(p, q);
    let d = dbl(p);
    let same = f::to_fe(&h).is_zero_mask() & f::to_fe(&r).is_zero_mask();
    Jacobian29 {
        x: select_v(&sum.x, &d.x, same),
        y: select_v(&sum.y, &d.y, same),
        z: select_v(&sum.z, &d.z, same),
    }
}

/// d P, as `ladder::mul`: the same recoding, table of odd multiples, masked
/// scan and argument for the exceptional cases (see there).
#[target_feature(enable = "avx2")]
pub(super) fn mul29(p: &Affine, d: &Scalar) -> Jacobian29 {
    let digits = d.recode();
    // 1P, 3P, ..., 31P: (2j + 1) P = (2j - 1) P + 2P, never equal or
    // opposite for a point of prime order n > 33.
    let p1 = from_jacobian(&p.to_jacobian());
    let p2 = double(&p1);
    let mut table = [p1; TABLE];
    for j in 1..TABLE {
        table[j] = add_distinct(&table[j - 1], &p2);
    }
    let mut acc = neg_y_if(&table[0], digits.top_negated());
    for i in (0..DIGITS).rev() {
        acc = double_window(&acc);
        let (idx, neg) = digits.digit(i);
        let q = neg_y_if(&select(&table, idx), neg);
        acc = if i == 0 {
            add_complete(&acc, &q)
        } else {
            add_distinct(&acc, &q)
        };
    }
    acc
}

/// d P in the scalar code's representation (for the tests).
#[cfg(test)]
#[target_feature(enable = "avx2")]
pub(super) fn mul(p: &Affine, d: &Scalar) -> Jacobian {
    to_jacobian(&mul29(p, d))
}

/// 1/a = a^(p - 2), the addition chain of `FieldElement::invert`
/// (x_k = a^(2^k - 1)); a = 0 gives 0.
#[target_feature(enable = "avx2")]
pub(super) fn invert(a: &V) -> V {
    let x1 = *a;
    let x2 = f::mul(&f::square_n(&x1, 1), &x1);
    let x3 = f::mul(&f::square_n(&x2, 1), &x1);
    let x4 = f::mul(&f::square_n(&x2, 2), &x2);
    let x7 = f::mul(&f::square_n(&x4, 3), &x3);
    let x8 = f::mul(&f::square_n(&x4, 4), &x4);
    let x16 = f::mul(&f::square_n(&x8, 8), &x8);
    let x32 = f::mul(&f::square_n(&x16, 16), &x16);
    let x64 = f::mul(&f::square_n(&x32, 32), &x32);
    let x128 = f::mul(&f::square_n(&x64, 64), &x64);
    let x256 = f::mul(&f::square_n(&x128, 128), &x128);
    let x512 = f::mul(&f::square_n(&x256, 256), &x256);
    let x519 = f::mul(&f::square_n(&x512, 7), &x7);
    // 2^521 - 3 = (2^519 - 1) 2^2 + 1
    f::mul(&f::square_n(&x519, 2), &x1)
}

/// The affine x of d P, X / Z^2 (as `Jacobian::affine_x`), with the
/// inversion in the AVX2 form as well.
#[target_feature(enable = "avx2")]
pub(super) fn mul_affine_x(p: &Affine, d: &Scalar) -> FieldElement {
    let r = mul29(p, d);
    let zinv2 = invert(&f::square(&r.z));
    f::to_fe(&f::mul(&r.x, &zinv2))
}
