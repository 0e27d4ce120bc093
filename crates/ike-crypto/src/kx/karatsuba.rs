//! Karatsuba multiplication and squaring for the widest MODP moduli,
//! over the column-wise kernels of [`super::comba`] ([`mul`], [`sqr`]) or
//! any other base-case product ([`mul_over`], [`sqr_over`]).
//!
//! With `a = a1 * B + a0`, `b = b1 * B + b0` (`B = 2^(64 h)`):
//! `a * b = z2 * B^2 + (z0 + z2 - (a0 - a1)(b0 - b1)) * B + z0`,
//! `z0 = a0 b0`, `z2 = a1 b1`: three half-size products instead of four.
//! The differences are taken as absolute values with their signs kept as
//! masks (a conditional negation by mask, no branch), and the middle term
//! adds or subtracts `|a0 - a1| * |b0 - b1|` by mask, so the instruction
//! and memory trace depends only on the lengths, never on the operands.

use super::comba;

/// Scratch words [`mul`] and [`sqr`] need for `l`-word operands.
pub(crate) const fn scratch_len(l: usize) -> usize {
    // Per level: |a0-a1|, |b0-b1| (h each), their product (2h) and the
    // middle term (2h + 1), then the next level's on half the length.
    8 * l + 64
}

/// `d = |x - y|` (equal lengths); returns an all-ones mask when `x < y`.
fn abs_diff(d: &mut [u64], x: &[u64], y: &[u64]) -> u64 {
    let mut borrow = 0u64;
    for ((dj, &xj), &yj) in d.iter_mut().zip(x).zip(y) {
        let (t, b1) = xj.overflowing_sub(yj);
        let (t, b2) = t.overflowing_sub(borrow);
        *dj = t;
        borrow = u64::from(b1 | b2);
    }
    // Two's complement negation by mask: (d ^ mask) + (mask & 1).
    let mask = borrow.wrapping_neg();
    let mut carry = borrow;
    for dj in d.iter_mut() {
        let (t, c) = (*dj ^ mask).overflowing_add(carry);
        *dj = t;
        carry = u64::from(c);
    }
    mask
}

/// Given `w = z2 * B^2 + z0` (`4h` words) and `z1 = |a0-a1| * |b0-b1|`
/// (`2h` words), adds the middle term `z0 + z2 - z1` (when `sub` is all
/// ones) or `z0 + z2 + z1` (when `sub` is 0) at word `h`. `mid` is
/// `2h + 1` words of scratch.
fn add_middle(w: &mut [u64], z1: &[u64], sub: u64, mid: &mut [u64]) {
    let h = z1.len() / 2;
    let (z0, z2) = w.split_at(2 * h);
    // mid = z0 + z2 + (z1 ^ sub) + (sub & 1): z1 subtracted in two's
    // complement when `sub` is set, its sign extension (`sub`) in the top
    // word. The true middle term is non-negative and below 2^(128h + 1).
    let (mut c1, mut c2) = (0u64, sub & 1);
    for (((m, &x), &y), &z) in mid.iter_mut().zip(z0).zip(z2).zip(z1) {
        let s = u128::from(x) + u128::from(y) + u128::from(c1);
        c1 = (s >> 64) as u64;
        let t = u128::from(s as u64) + u128::from(z ^ sub) + u128::from(c2);
        c2 = (t >> 64) as u64;
        *m = t as u64;
    }
    mid[2 * h] = c1.wrapping_add(c2).wrapping_add(sub);
    // w[h..] += mid, the carry run to the top (the full product fits).
    let mut carry = 0u64;
    let (low, high) = w[h..].split_at_mut(2 * h + 1);
    for (wj, &m) in low.iter_mut().zip(&mid[..2 * h + 1]) {
        let s = u128::from(*wj) + u128::from(m) + u128::from(carry);
        *wj = s as u64;
        carry = (s >> 64) as u64;
    }
    for wj in high {
        let (s, c) = wj.overflowing_add(carry);
        *wj = s;
        carry = u64::from(c);
    }
}

/// `w = a * b` (`l = a.len()` words each, `w` of `2l`), by Karatsuba down
/// to `base` words and column-wise products below that; `t` is scratch
/// of [`scratch_len`]`(l)` words. Odd lengths, or scratch too short, go
/// straight to the column-wise product (a choice on public lengths).
pub(crate) fn mul(w: &mut [u64], a: &[u64], b: &[u64], t: &mut [u64], base: usize) {
    mul_over(w, a, b, t, base, &comba::mul_wide);
}

/// `w = a^2` (`w` of `2l` words), as [`mul`]: here the middle term is
/// always `z0 + z2 - (a0 - a1)^2`.
pub(crate) fn sqr(w: &mut [u64], a: &[u64], t: &mut [u64], base: usize) {
    sqr_over(w, a, t, base, &comba::sqr_wide);
}

/// [`mul`] with `base_mul(w, a, b)` (`w = a * b`, `w` of `2 * a.len()`
/// words, overwritten) as the product below `base` words: the column-wise
/// one, or the row-wise one of the Montgomery code for 8192-bit moduli.
pub(crate) fn mul_over<F>(
    w: &mut [u64],
    a: &[u64],
    b: &[u64],
    t: &mut [u64],
    base: usize,
    base_mul: &F,
) where
    F: Fn(&mut [u64], &[u64], &[u64]),
{
    let l = a.len();
    if l <= base || !l.is_multiple_of(2) || t.len() < scratch_len(l) {
        return base_mul(&mut w[..2 * l], a, &b[..l]);
    }
    let h = l / 2;
    let (a0, a1) = a.split_at(h);
    let (b0, b1) = b[..l].split_at(h);
    let (da, t) = t.split_at_mut(h);
    let (db, t) = t.split_at_mut(h);
    let (z1, t) = t.split_at_mut(2 * h);
    // (a0 - a1)(b0 - b1) is negative when exactly one difference is.
    let sub = !(abs_diff(da, a0, a1) ^ abs_diff(db, b0, b1));
    mul_over(z1, da, db, t, base, base_mul);
    let (lo, hi) = w[..2 * l].split_at_mut(2 * h);
    mul_over(lo, a0, b0, t, base, base_mul);
    mul_over(hi, a1, b1, t, base, base_mul);
    add_middle(&mut w[..2 * l], z1, sub, &mut t[..2 * h + 1]);
}

/// [`sqr`] with `base_sqr(w, a)` (`w = a^2`, `w` of `2 * a.len()` words,
/// overwritten) as the square below `base` words.
pub(crate) fn sqr_over<F>(w: &mut [u64], a: &[u64], t: &mut [u64], base: usize, base_sqr: &F)
where
    F: Fn(&mut [u64], &[u64]),
{
    let l = a.len();
    if l <= base || !l.is_multiple_of(2) || t.len() < scratch_len(l) {
        return base_sqr(&mut w[..2 * l], a);
    }
    let h = l / 2;
    let (a0, a1) = a.split_at(h);
    let (da, t) = t.split_at_mut(h);
    let (z1, t) = t.split_at_mut(2 * h);
    abs_diff(da, a0, a1);
    sqr_over(z1, da, t, base, base_sqr);
    let (lo, hi) = w[..2 * l].split_at_mut(2 * h);
    sqr_over(lo, a0, t, base, base_sqr);
    sqr_over(hi, a1, t, base, base_sqr);
    add_middle(&mut w[..2 * l], z1, u64::MAX, &mut t[..2 * h + 1]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint_dig::BigUint;
    use proptest::prelude::*;

    fn big(limbs: &[u64]) -> BigUint {
        let bytes: Vec<u8> = limbs.iter().flat_map(|w| w.to_le_bytes()).collect();
        BigUint::from_bytes_le(&bytes)
    }

    /// Every Karatsuba split the MODP sizes can take, down to small bases.
    const CASES: [(usize, usize); 9] = [
        (2, 1),
        (4, 1),
        (6, 2),
        (12, 3),
        (32, 8),
        (48, 12),
        (64, 16),
        (96, 24),
        (128, 32),
    ];

    fn check(a: &[u64], b: &[u64], base: usize) {
        let l = a.len();
        let mut t = vec![0u64; scratch_len(l)];
        let mut w = vec![0u64; 2 * l];
        mul(&mut w, a, b, &mut t, base);
        assert_eq!(big(&w), big(a) * big(b), "mul, {l} limbs, base {base}");
        sqr(&mut w, a, &mut t, base);
        assert_eq!(big(&w), big(a) * big(a), "sqr, {l} limbs, base {base}");
    }

    /// 0, 1, all-ones and top-bit-only halves in every combination: the
    /// differences hit zero, both signs and their largest magnitudes.
    #[test]
    fn edge_operands() {
        for (l, base) in CASES {
            let h = l / 2;
            let halves = [0u64, 1, u64::MAX, 1 << 63];
            let mut values = Vec::new();
            for &lo in &halves {
                for &hi in &halves {
                    let mut v = vec![0u64; l];
                    // Half value `x` fills its half with x in the low word
                    // and (for all-ones) in every word.
                    let fill = |part: &mut [u64], x: u64| {
                        if x == u64::MAX {
                            part.fill(x);
                        } else {
                            part[0] = x & 1;
                            if let Some(top) = part.last_mut() {
                                *top |= x & (1 << 63);
                            }
                        }
                    };
                    fill(&mut v[..h], lo);
                    fill(&mut v[h..], hi);
                    values.push(v);
                }
            }
            for a in &values {
                for b in &values {
                    check(a, b, base);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn products_match_reference(
            seed in proptest::collection::vec(any::<u64>(), 256),
            case in 0..CASES.len(),
        ) {
            let (l, base) = CASES[case];
            check(&seed[..l], &seed[128..128 + l], base);
        }
    }
}
