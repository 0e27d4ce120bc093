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

/// Coefficients 0..=6 of the product of two 4-limb polynomials.
#[inline(always)]
fn mul4(a: [u64; 4], b: [u64; 4]) -> [u128; 7] {
    [
        wide(a[0], b[0]),
        wide(a[0], b[1]) + wide(a[1], b[0]),
        wide(a[0], b[2]) + wide(a[1], b[1]) + wide(a[2], b[0]),
        wide(a[0], b[3]) + wide(a[1], b[2]) + wide(a[2], b[1]) + wide(a[3], b[0]),
        wide(a[1], b[3]) + wide(a[2], b[2]) + wide(a[3], b[1]),
        wide(a[2], b[3]) + wide(a[3], b[2]),
        wide(a[3], b[3]),
    ]
}

/// Coefficients 0..=6 of the square of a 4-limb polynomial: the cross
/// products appear twice, so each is computed once against a doubled limb
/// (10 products instead of 16). A doubled limb is < 2^60 (half-sums are
/// < 2^59), and every coefficient equals the one `mul4(a, a)` gives, so the
/// bounds above hold unchanged.
#[inline(always)]
fn sqr4(a: [u64; 4]) -> [u128; 7] {
    let d = [2 * a[0], 2 * a[1], 2 * a[2]];
    [
        wide(a[0], a[0]),
        wide(d[0], a[1]),
        wide(d[0], a[2]) + wide(a[1], a[1]),
        wide(d[0], a[3]) + wide(d[1], a[2]),
        wide(d[1], a[3]) + wide(a[2], a[2]),
        wide(d[2], a[3]),
        wide(a[3], a[3]),
    ]
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

/// Folds U, V, W into the eight coefficients (see the module comment).
#[inline(always)]
fn combine(u: [u128; 7], v: [u128; 7], w: [u128; 7]) -> [u128; 8] {
    [
        u[0] + v[0] + (w[4] - u[4]),
        u[1] + v[1] + (w[5] - u[5]),
        u[2] + v[2] + (w[6] - u[6]),
        u[3] + v[3],
        v[4] + w[4] + (w[0] - u[0]),
        v[5] + w[5] + (w[1] - u[1]),
        v[6] + w[6] + (w[2] - u[2]),
        w[3] - u[3],
    ]
}

/// Carries eight coefficients < 2^122 into tight limbs.
///
/// Two independent chains, 0..3 and 4..7, so the CPU can overlap them;
/// each carry is < 2^(122 - 56 + 1) = 2^67. The carry out of limb 3 goes
/// into limb 4; the carry out of limb 7 is a multiple of 2^448 = 2^224 + 1
/// (mod p) and goes into limbs 4 and 0. Those two limbs are then < 2^56 +
/// 2^68 and are carried once more into limbs 5 and 1, which end below
/// 2^56 + 2^13. All other limbs end below 2^56.
#[inline(always)]
fn carry(c: [u128; 8]) -> Fe {
    let m = u128::from(M56);
    let mut l = [0u128; 8];
    let (mut lo, mut hi) = (c[0], c[4]);
    for j in 0..4 {
        l[j] = lo & m;
        l[j + 4] = hi & m;
        if j < 3 {
            lo = c[j + 1] + (lo >> 56);
            hi = c[j + 5] + (hi >> 56);
        }
    }
    let (out3, out7) = (lo >> 56, hi >> 56);
    let l4 = l[4] + out3 + out7;
    let l0 = l[0] + out7;
    l[5] += l4 >> 56;
    l[4] = l4 & m;
    l[1] += l0 >> 56;
    l[0] = l0 & m;
    // Every limb is now < 2^56 + 2^13, so the narrowing keeps all bits.
    let mut r = [0u64; 8];
    for (r, l) in r.iter_mut().zip(l.iter()) {
        *r = *l as u64;
    }
    Fe(r)
}

/// `a * b`.
#[inline(always)]
pub(super) fn mul(a: &Loose, b: &Loose) -> Fe {
    let (a0, a1, sa) = halves(a);
    let (b0, b1, sb) = halves(b);
    carry(combine(mul4(a0, b0), mul4(a1, b1), mul4(sa, sb)))
}

/// `a * a`, 30 limb products instead of 48.
#[inline(always)]
pub(super) fn sqr(a: &Loose) -> Fe {
    let (a0, a1, sa) = halves(a);
    carry(combine(sqr4(a0), sqr4(a1), sqr4(sa)))
}

/// `a * 39081`, the ladder constant a24 = (156326 - 2) / 4 (RFC 7748 5).
/// Each product is < 2^58 * 2^16 = 2^74, far inside `carry`'s bound.
#[inline(always)]
pub(super) fn mul_a24(a: &Loose) -> Fe {
    const A24: u64 = 39081;
    let mut c = [0u128; 8];
    for (c, l) in c.iter_mut().zip(a.0.iter()) {
        *c = wide(*l, A24);
    }
    carry(c)
}

/// `a^(2^n)`: n squarings (n >= 1).
pub(super) fn sqr_n(a: &Fe, n: u32) -> Fe {
    let mut r = sqr(&a.loose());
    for _ in 1..n {
        r = sqr(&r.loose());
    }
    r
}
