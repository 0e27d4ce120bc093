//! Variable-base scalar multiplication d P in constant time: a fixed
//! signed-odd 5-bit window over a table of the odd multiples 1P .. 31P,
//! read by a full masked scan.
//!
//! 520 doublings and 104 additions for every scalar, no branch or memory
//! index that depends on it (compare OpenSSL's ecp_nistp521.c, which uses
//! Booth digits with zero and must test for the point at infinity at each
//! addition).

use super::point::{Affine, Jacobian};
use super::scalar::{Scalar, DIGITS, WINDOW};

/// Odd multiples: entry j is (2j + 1) P.
const TABLE: usize = 16;

/// d P.
pub(super) fn mul(p: &Affine, d: &Scalar) -> Jacobian {
    let digits = d.recode();
    let table = odd_multiples(p);
    // Top digit 1 (or -1 when all digits are negated).
    let mut acc = table[0].neg_y_if(digits.top_negated());
    for i in (0..DIGITS).rev() {
        for _ in 0..WINDOW {
            acc = acc.double();
        }
        let (idx, neg) = digits.digit(i);
        let q = select(&table, idx).neg_y_if(neg);
        // acc = 32 v P with v odd, 1 <= v < 2^516 for every digit but the
        // last, so 0 < 32 v -+ d < n: acc != +-q, and neither is infinity.
        // At the last, acc + q = k P with 0 < k < n is never infinity;
        // acc = q would need 32 v = n + d_0, i.e. k = n + 2 d_0 with
        // d_0 = (k mod 64) - 32, which forces d_0 = 23 (n = 9 mod 64) and
        // k > n: it cannot happen either. The last addition still takes
        // the complete formula (one extra doubling per scalar
        // multiplication), so no argument of this kind is load-bearing
        // there.
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
fn odd_multiples(p: &Affine) -> [Jacobian; TABLE] {
    let p1 = p.to_jacobian();
    let p2 = p1.double();
    let mut t = [p1; TABLE];
    for j in 1..TABLE {
        t[j] = t[j - 1].add_distinct(&p2);
    }
    t
}

/// table[idx] by scanning every entry with masks (no secret index).
#[inline(always)]
fn select(table: &[Jacobian; TABLE], idx: usize) -> Jacobian {
    let mut out = Jacobian::ZERO;
    for (j, e) in table.iter().enumerate() {
        // black_box keeps the compiler from turning the scan back into an
        // indexed load.
        let x = (j ^ idx) as u64;
        let m = core::hint::black_box(((x | x.wrapping_neg()) >> 63).wrapping_sub(1));
        out.or_masked(e, m);
    }
    out
}
