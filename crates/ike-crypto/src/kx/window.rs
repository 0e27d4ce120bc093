//! The variable-base scalar multiplication shared by our P-256 and P-521
//! code: a fixed signed-odd 5-bit window over a table of the odd
//! multiples 1P .. 31P, read by a full masked scan. Constant time: the
//! same doublings and additions for every scalar, no branch or memory
//! index that depends on it.
//!
//! The recoding needs an odd k: k = d if d is odd, else n - d (n is odd),
//! and (n - d) P = -(d P), so negating every digit gives d P again. For
//! odd k < 2^(5D + 1), with w_i = bits 5i+1 .. 5i+5 of k,
//! k = 2^(5D) + sum_{i<D} (2 w_i - 31) 2^(5i): each digit is odd in
//! [-31, 31], never zero, and the top digit is always 1. (Each step of
//! d_i = (k mod 64) - 32, k <- (k - d_i) / 32 keeps k odd and equals
//! k <- 2 floor(k / 64) + 1, so no carries ever propagate.)
//!
//! Every addition but the last takes the incomplete formula; each curve
//! module shows why its order makes that safe (`p256::ladder`,
//! `p521::ladder`). The last one is complete.

use zeroize::Zeroize;

/// Window width of the recoding.
pub(super) const WINDOW: usize = 5;
/// Odd multiples in the table: entry j is (2j + 1) P.
const TABLE: usize = 16;

/// The point operations the window needs, in Jacobian coordinates.
pub(super) trait WindowPoint: Copy {
    /// All limbs zero: the start value of the masked table scan, not a
    /// point the arithmetic sees.
    const ZERO: Self;
    /// 2P, for any P.
    fn double(&self) -> Self;
    /// P + Q for P != +-Q, neither the point at infinity.
    fn add_distinct(&self, q: &Self) -> Self;
    /// P + Q for any P, Q other than the point at infinity, P = Q included.
    fn add_complete(&self, q: &Self) -> Self;
    /// -P where `mask` is all-ones, else P.
    fn neg_y_if(&self, mask: u64) -> Self;
    /// self |= e & mask, limb by limb.
    fn or_masked(&mut self, e: &Self, mask: u64);
}

/// A scalar recoded into D signed odd digits below the implicit top
/// digit 1. Wiped on drop.
pub(super) struct Recoded<const D: usize> {
    windows: [u8; D],
    /// All-ones if every digit is negated.
    flip: u64,
}

impl<const D: usize> Drop for Recoded<D> {
    fn drop(&mut self) {
        self.windows.zeroize();
        self.flip.zeroize();
    }
}

impl<const D: usize> Recoded<D> {
    /// From the odd k: `bits(start)` is the 5-bit window of k at bit
    /// `start`; `flip` is all-ones when k = n - d.
    #[inline(always)]
    pub(super) fn new(flip: u64, bits: impl Fn(usize) -> u8) -> Self {
        Recoded {
            windows: core::array::from_fn(|i| bits(WINDOW * i + 1) & 31),
            flip,
        }
    }

    /// Digit i as (index into the odd multiples 1P, 3P, ..., 31P; mask that
    /// is all-ones when the digit is negative). Constant time.
    #[inline(always)]
    pub(super) fn digit(&self, i: usize) -> (usize, u64) {
        let w = u64::from(self.windows[i]);
        // d = 2w - 31: positive iff w >= 16, then |d| = 2(w - 16) + 1, so
        // the index is w - 16 = w & 15; else |d| = 2(15 - w) + 1, index
        // 15 - w = w ^ 15.
        let positive = w >> 4;
        let idx = (w & 15) ^ ((positive ^ 1) * 15);
        let neg = (positive ^ 1).wrapping_neg() ^ self.flip;
        (idx as usize, neg)
    }

    /// The sign of the implicit top digit 1: all-ones when negated.
    #[inline(always)]
    pub(super) fn top_negated(&self) -> u64 {
        self.flip
    }
}

/// d P from d's recoding: 5D doublings and D additions (the last complete).
#[inline(always)]
pub(super) fn mul<P: WindowPoint, const D: usize>(p: P, digits: &Recoded<D>) -> P {
    let table = odd_multiples(p);
    // Top digit 1 (or -1 when all digits are negated).
    let mut acc = table[0].neg_y_if(digits.top_negated());
    for i in (0..D).rev() {
        for _ in 0..WINDOW {
            acc = acc.double();
        }
        let (idx, neg) = digits.digit(i);
        let q = select(&table, idx).neg_y_if(neg);
        acc = if i == 0 {
            acc.add_complete(&q)
        } else {
            acc.add_distinct(&q)
        };
    }
    acc
}

/// The precomputed multiples of a fixed base G for [`mul_fixed`]: row i
/// holds the odd multiples of 2^(5i) G, `top` is 2^(5D) G. Built once per
/// curve (P-256: 51 rows of 16 points, 78 KiB).
pub(super) struct FixedBase<P, const D: usize> {
    rows: Vec<[P; TABLE]>,
    top: P,
}

impl<P: WindowPoint, const D: usize> FixedBase<P, D> {
    /// The rows for base `g` (5 doublings, one more, and 15 additions per
    /// row).
    pub(super) fn new(g: P) -> Self {
        let mut base = g;
        let mut rows = Vec::with_capacity(D);
        for _ in 0..D {
            rows.push(odd_multiples(base));
            for _ in 0..WINDOW {
                base = base.double();
            }
        }
        FixedBase { rows, top: base }
    }
}

/// d G from d's recoding and G's table: the window of [`mul`] with the
/// doublings moved into the table, so D additions and no doubling.
///
/// Before the addition of digit i the sum is 2^(5i) times the ladder's
/// accumulator at the same digit, 2^(5i) 32 v G, and the addend
/// 2^(5i) d_i G; 2^(5i) is invertible mod n, so they are equal or
/// opposite exactly when they would be in the ladder, and the curve's
/// argument for the incomplete additions carries over unchanged.
#[inline(always)]
pub(super) fn mul_fixed<P: WindowPoint, const D: usize>(
    table: &FixedBase<P, D>,
    digits: &Recoded<D>,
) -> P {
    let mut acc = table.top.neg_y_if(digits.top_negated());
    for (i, row) in table.rows.iter().enumerate().rev() {
        let (idx, neg) = digits.digit(i);
        let q = select(row, idx).neg_y_if(neg);
        acc = if i == 0 {
            acc.add_complete(&q)
        } else {
            acc.add_distinct(&q)
        };
    }
    acc
}

/// 1P, 3P, ..., 31P: (2j + 1) P = (2j - 1) P + 2P, never equal or opposite
/// for a point of prime order n > 33.
#[inline(always)]
fn odd_multiples<P: WindowPoint>(p: P) -> [P; TABLE] {
    let p2 = p.double();
    let mut t = [p; TABLE];
    for j in 1..TABLE {
        t[j] = t[j - 1].add_distinct(&p2);
    }
    t
}

/// table[idx] by scanning every entry with masks (no secret index). The
/// masks come first, each behind `black_box` so the compiler cannot turn
/// the scan back into an indexed load; the scan itself is then plain
/// AND/OR over every limb, which LLVM vectorises (about 5% of a P-256
/// multiplication against computing each mask inside the scan).
#[inline(always)]
fn select<P: WindowPoint>(table: &[P; TABLE], idx: usize) -> P {
    let masks: [u64; TABLE] = core::array::from_fn(|j| {
        let x = (j ^ idx) as u64;
        core::hint::black_box(((x | x.wrapping_neg()) >> 63).wrapping_sub(1))
    });
    let mut out = P::ZERO;
    for (e, &m) in table.iter().zip(masks.iter()) {
        out.or_masked(e, m);
    }
    out
}
