//! Product scanning (Comba) kernels for the Montgomery arithmetic: the
//! full product, the square and the Montgomery reduction, each computed
//! one output column at a time.
//!
//! Why columns: every output word is the sum of the products on one
//! anti-diagonal, so the running sum stays in registers and each partial
//! product costs one multiply and four add/adc, with no load or store of
//! the result row per product (the row-by-row form this replaced loaded
//! and stored a result word for every multiply-add). The column sum keeps
//! the products' low and high halves in two separate 128-bit sums, two
//! independent carry chains the CPU overlaps.
//!
//! Everything here runs the same instructions and touches the same
//! addresses for any operand values of a given length (the only branch,
//! the diagonal term of a square, depends on the column index).

/// The running sum of one column: `lo + hi * 2^64`, with `lo` collecting
/// the products' low words and `hi` their high words. With at most a few
/// hundred products per column neither sum can overflow 128 bits.
#[derive(Clone, Copy, Default)]
struct Column {
    lo: u128,
    hi: u128,
}

impl Column {
    /// Adds `a * b`.
    #[inline(always)]
    fn mac(&mut self, a: u64, b: u64) {
        let p = u128::from(a) * u128::from(b);
        self.lo += u128::from(p as u64);
        self.hi += p >> 64;
    }

    /// Adds a single word.
    #[inline(always)]
    fn add_word(&mut self, a: u64) {
        self.lo += u128::from(a);
    }

    /// Adds twice `other` (the doubled cross products of a square).
    #[inline(always)]
    fn add_twice(&mut self, other: Column) {
        self.lo += other.lo << 1;
        self.hi += other.hi << 1;
    }

    /// The column's output word.
    #[inline(always)]
    fn low(&self) -> u64 {
        self.lo as u64
    }

    /// Moves to the next column: what is left above the output word is
    /// its carry.
    #[inline(always)]
    fn next(&mut self) {
        self.lo = (self.lo >> 64) + self.hi;
        self.hi = 0;
    }
}

/// Adds `x[0] * y[k-1] + x[1] * y[k-2] + ...` (`y` read backwards) over
/// the shorter length `k`: one column's products. Four per loop turn so
/// the loop overhead stays small against the multiplies.
#[inline(always)]
fn dot(col: &mut Column, x: &[u64], y: &[u64]) {
    let k = x.len().min(y.len());
    let (x, y) = (&x[..k], &y[..k]);
    let xq = x.chunks_exact(4);
    let yq = y.rchunks_exact(4);
    let (xr, yr) = (xq.remainder(), yq.remainder());
    for (x4, y4) in xq.zip(yq) {
        col.mac(x4[0], y4[3]);
        col.mac(x4[1], y4[2]);
        col.mac(x4[2], y4[1]);
        col.mac(x4[3], y4[0]);
    }
    for (&a, &b) in xr.iter().zip(yr.iter().rev()) {
        col.mac(a, b);
    }
}

/// `w = a * b`, `a` and `b` of `l >= 1` words, `w` of `2l`.
#[inline(always)]
pub(crate) fn mul_wide(w: &mut [u64], a: &[u64], b: &[u64]) {
    let l = a.len();
    if l == 0 {
        return;
    }
    let (b, w) = (&b[..l], &mut w[..2 * l]);
    let mut col = Column::default();
    for k in 0..2 * l - 1 {
        // Column k: a[i] * b[k - i] for every i with both indices in range.
        let lo = k.saturating_sub(l - 1);
        let hi = k.min(l - 1);
        dot(&mut col, &a[lo..=hi], &b[k - hi..=k - lo]);
        w[k] = col.low();
        col.next();
    }
    w[2 * l - 1] = col.low();
}

/// `w = a^2`, `a` of `l >= 1` words, `w` of `2l`: each cross product
/// `a[i] * a[j]` (`i < j`) computed once and doubled, plus the squares
/// on the diagonal; about half the multiplies of [`mul_wide`].
#[inline(always)]
pub(crate) fn sqr_wide(w: &mut [u64], a: &[u64]) {
    let l = a.len();
    if l == 0 {
        return;
    }
    let w = &mut w[..2 * l];
    let mut col = Column::default();
    for k in 0..2 * l - 1 {
        // Cross products of column k: i in lo..h, j = k - i > i.
        let lo = k.saturating_sub(l - 1);
        let h = k.div_ceil(2);
        let mut cross = Column::default();
        if h > lo {
            dot(&mut cross, &a[lo..h], &a[k + 1 - h..=k - lo]);
        }
        col.add_twice(cross);
        // The diagonal term; the branch depends on the (public) column.
        if k.is_multiple_of(2) {
            col.mac(a[k / 2], a[k / 2]);
        }
        w[k] = col.low();
        col.next();
    }
    w[2 * l - 1] = col.low();
}

/// Montgomery reduction (product scanning) of `w` (`2l` words, value
/// `< n * R`, `R = 2^(64 l)`) modulo `n` (`l` words, odd), with `n0 =
/// -n^-1 mod 2^64`: afterwards `out + top * R` (`top` returned) is
/// `w * R^-1 mod n` or that plus `n`. The quotient words `m` are kept in
/// `w[..l]`, whose words are each consumed by the column that overwrites
/// them.
#[inline(always)]
pub(crate) fn redc(out: &mut [u64], w: &mut [u64], n: &[u64], n0: u64) -> u64 {
    let l = n.len();
    if l == 0 {
        return 0;
    }
    let (out, w) = (&mut out[..l], &mut w[..2 * l]);
    let (m, w_hi) = w.split_at_mut(l);
    let mut col = Column::default();
    // Columns 0..l: choose m[k] so that column k becomes zero.
    for k in 0..l {
        col.add_word(m[k]);
        dot(&mut col, &m[..k], &n[1..=k]);
        let mk = col.low().wrapping_mul(n0);
        m[k] = mk;
        col.mac(mk, n[0]);
        col.next();
    }
    // Columns l..2l: the result.
    for k in l..2 * l {
        col.add_word(w_hi[k - l]);
        dot(&mut col, &m[k - l + 1..], &n[k - l + 1..]);
        out[k - l] = col.low();
        col.next();
    }
    col.low()
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint_dig::BigUint;
    use proptest::prelude::*;

    fn big(limbs: &[u64]) -> BigUint {
        let mut bytes = Vec::with_capacity(limbs.len() * 8);
        for w in limbs {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        BigUint::from_bytes_le(&bytes)
    }

    /// Every limb count the MODP groups use, and small ones for the
    /// short-column edge cases.
    const LENGTHS: [usize; 13] = [1, 2, 3, 4, 5, 7, 12, 16, 24, 32, 48, 64, 128];

    fn check(a: &[u64], b: &[u64]) {
        let l = a.len();
        let mut w = vec![0u64; 2 * l];
        mul_wide(&mut w, a, b);
        assert_eq!(big(&w), big(a) * big(b), "mul, {l} limbs");
        sqr_wide(&mut w, a);
        assert_eq!(big(&w), big(a) * big(a), "sqr, {l} limbs");
    }

    #[test]
    fn edge_operands() {
        for l in LENGTHS.into_iter().chain([96]) {
            let zero = vec![0u64; l];
            let mut one = vec![0u64; l];
            one[0] = 1;
            let ones = vec![u64::MAX; l];
            let mut top = vec![0u64; l];
            top[l - 1] = 1 << 63;
            for a in [&zero, &one, &ones, &top] {
                for b in [&zero, &one, &ones, &top] {
                    check(a, b);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        #[test]
        fn products_match_reference(
            seed in proptest::collection::vec(any::<u64>(), 2 * 96),
            li in 0..LENGTHS.len() + 1,
        ) {
            let l = LENGTHS.get(li).copied().unwrap_or(96);
            let a: Vec<u64> = seed.iter().cycle().take(l).copied().collect();
            let b: Vec<u64> = seed.iter().rev().cycle().take(l).copied().collect();
            check(&a, &b);
        }
    }
}
