//! Multiplication, squaring and multiplication by a24 in GF(2^448 - 2^224 - 1).
//!
//! Karatsuba on the "golden ratio" form of p: with phi = 2^224,
//! p = phi^2 - phi - 1, so phi^2 = phi + 1 (mod p). Split a = a0 + a1 phi,
//! b = b0 + b1 phi (four limbs each). Then
//!
//! ```text
//! a b = a0 b0 + (a0 b1 + a1 b0) phi + a1 b1 (phi + 1)
//!     = (a0 b0 + a1 b1) + ((a0 + a1)(b0 + b1) - a0 b0) phi
//! ```
//!
//! three 4x4-limb products U = a0 b0, V = a1 b1, W = (a0+a1)(b0+b1)
//! instead of four. Each product has coefficients 0..=6; coefficients 4..=6
//! sit at phi * 2^(56 (k - 4)), so writing X = X_L + X_H phi and folding
//! phi^2 = phi + 1 once more, the eight output coefficients are
//!
//! ```text
//! c[j]     = U[j] + V[j] + (W[j+4] - U[j+4])        j = 0..=3
//! c[j + 4] = V[j+4] + W[j+4] + (W[j] - U[j])        (index 7 is 0)
//! ```
//!
//! Both brackets are non-negative term by term: W[k] is a sum of
//! (a_i + a_{i+4})(b_l + b_{l+4}) >= a_i b_l = the matching terms of U[k].
//!
//! Bounds (inputs are [`Loose`], limbs < 2^58): a product of two limbs is
//! < 2^116 and a coefficient of U or V (at most 4 products) < 2^118; the
//! half-sums are < 2^59, so a coefficient of W is < 4 * 2^118 = 2^120.
//! Hence c[j] < 2 * 2^118 + 2^120 < 2^121 and c[j+4] < 2^118 + 2 * 2^120
//! < 2^122: no u128 overflows. `carry` then brings the limbs below
//! 2^56 + 2^13 ([`Fe`]). (Debug builds, i.e. the unit tests, check every
//! one of these additions and subtractions for overflow.) This is the
//! arrangement of Mike Hamburg's Goldilocks code (also OpenSSL's
//! crypto/ec/curve448/arch_64), written afresh; the squaring is our own
//! (OpenSSL's arch_64 squares with its general multiplication).

use super::field::{Fe, Loose, M56};

/// 64 x 64 -> 128-bit product.
#[inline(always)]
fn wide(a: u64, b: u64) -> u128 {
    u128::from(a) * u128::from(b)
}

/// Coefficient k (0..=6) of the product of two 4-limb polynomials.
#[inline(always)]
fn col(a: &[u64; 4], b: &[u64; 4], k: usize) -> u128 {
    let mut s = 0;
    for i in 0..4 {
        if i <= k && k - i < 4 {
            s += wide(a[i], b[k - i]);
        }
    }
    s
}

/// Coefficient k of the square of a 4-limb polynomial: each cross product
/// appears twice, so it is computed once against the doubled limb `d[i] =
/// 2 a[i]` (10 products per square instead of 16). A doubled limb is
/// < 2^60 (half-sums are < 2^59), and the coefficient equals
/// `col(a, a, k)`, so the bounds above hold unchanged.
#[inline(always)]
fn col_sq(a: &[u64; 4], d: &[u64; 4], k: usize) -> u128 {
    let mut s = 0;
    for i in 0..4 {
        if i <= k && k - i < 4 && i < k - i {
            s += wide(d[i], a[k - i]);
        }
    }
    if k & 1 == 0 && k / 2 < 4 {
        s += wide(a[k / 2], a[k / 2]);
    }
    s
}

#[inline(always)]
fn halves(a: &Loose) -> ([u64; 4], [u64; 4], [u64; 4]) {
    let l = &a.0;
    let lo = [l[0], l[1], l[2], l[3]];
    let hi = [l[4], l[5], l[6], l[7]];
    // < 2 * 2^58 = 2^59
    let sum = [l[0] + l[4], l[1] + l[5], l[2] + l[6], l[3] + l[7]];
    (lo, hi, sum)
}

/// Columns j and j + 4 (j = 0..=3) of the product, from the coefficients
/// of U, V, W given per index by `uvw` (see the module comment).
#[inline(always)]
fn karatsuba(uvw: impl Fn(usize) -> (u128, u128, u128), j: usize) -> (u128, u128) {
    let (u, v, w) = uvw(j);
    let (uh, vh, wh) = if j < 3 { uvw(j + 4) } else { (0, 0, 0) };
    (u + v + (wh - uh), vh + wh + (w - u))
}

/// Carries eight columns < 2^122, given in pairs (j, j + 4) by `cols`,
/// into a tight element.
///
/// Column pairs are consumed smallest j first, each with the carry out of
/// the previous column, so only two 128-bit accumulators live across
/// columns (the register-friendly order of Hamburg's code). A carry is
/// < 2^67. The carry out of limb 3 goes into limb 4; the carry out of
/// limb 7 is a multiple of 2^448 = 2^224 + 1 (mod p) and goes into limbs 4
/// and 0. Those two are then < 2^56 + 2^68 and are carried once more into
/// limbs 5 and 1, which end below 2^56 + 2^13; all other limbs end below
/// 2^56.
#[inline(always)]
fn carry(cols: impl Fn(usize) -> (u128, u128)) -> Fe {
    let m = u128::from(M56);
    let mut l = [0u64; 8];
    let (mut lo, mut hi) = (0u128, 0u128);
    for j in 0..4 {
        let (cj, ch) = cols(j);
        lo += cj;
        hi += ch;
        // the masked values are < 2^56: the narrowing keeps all bits
        l[j] = (lo & m) as u64;
        l[j + 4] = (hi & m) as u64;
        lo >>= 56;
        hi >>= 56;
    }
    let l4 = u128::from(l[4]) + lo + hi;
    let l0 = u128::from(l[0]) + hi;
    // (l4 >> 56) and (l0 >> 56) are < 2^13
    l[5] += (l4 >> 56) as u64;
    l[4] = (l4 & m) as u64;
    l[1] += (l0 >> 56) as u64;
    l[0] = (l0 & m) as u64;
    Fe(l)
}

/// `a * b`.
#[inline(always)]
pub(super) fn mul(a: &Loose, b: &Loose) -> Fe {
    let (a0, a1, sa) = halves(a);
    let (b0, b1, sb) = halves(b);
    let uvw = |k| (col(&a0, &b0, k), col(&a1, &b1, k), col(&sa, &sb, k));
    carry(|j| karatsuba(uvw, j))
}

/// `a * a`, 30 limb products instead of 48.
#[inline(always)]
pub(super) fn sqr(a: &Loose) -> Fe {
    let (a0, a1, sa) = halves(a);
    let dbl = |x: [u64; 4]| [2 * x[0], 2 * x[1], 2 * x[2], 2 * x[3]];
    let (d0, d1, ds) = (dbl(a0), dbl(a1), dbl(sa));
    let uvw = |k| {
        (
            col_sq(&a0, &d0, k),
            col_sq(&a1, &d1, k),
            col_sq(&sa, &ds, k),
        )
    };
    carry(|j| karatsuba(uvw, j))
}

/// `a * 39081`, the ladder constant a24 = (156326 - 2) / 4 (RFC 7748 5).
/// Each product is < 2^58 * 2^16 = 2^74, far inside `carry`'s bound.
#[inline(always)]
pub(super) fn mul_a24(a: &Loose) -> Fe {
    const A24: u64 = 39081;
    carry(|j| (wide(a.0[j], A24), wide(a.0[j + 4], A24)))
}

/// `a^(2^n)`: n squarings (n >= 1).
pub(super) fn sqr_n(a: &Fe, n: u32) -> Fe {
    let mut r = sqr(&a.loose());
    for _ in 1..n {
        r = sqr(&r.loose());
    }
    r
}
