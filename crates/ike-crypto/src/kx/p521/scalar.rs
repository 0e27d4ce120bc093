//! P-521 private scalars and their recoding into signed odd 5-bit digits.

use super::u576::{BYTES, U576};
use zeroize::Zeroize;

/// The group order n (FIPS 186-4 D.1.2.5).
const N: U576 = U576::from_be_hex(
    "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
);

/// Window width of the recoding.
pub(super) const WINDOW: usize = 5;
/// Digits below the implicit top digit: 104 * 5 = 520 bits plus bit 0.
pub(super) const DIGITS: usize = 104;

/// A private scalar d with 0 < d < n. Wiped on drop.
pub(super) struct Scalar(U576);

impl Drop for Scalar {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl Scalar {
    /// From 66 big-endian octets; `None` unless 0 < d < n. Whether a value
    /// is accepted is not secret (a rejected one is never used), but the
    /// comparison itself does not branch on the digits.
    pub(super) fn from_bytes(b: &[u8]) -> Option<Self> {
        let arr: &[u8; BYTES] = b.try_into().ok()?;
        let d = U576::from_be_bytes(arr);
        let (mut diff, below_n) = d.sub_borrow(&N);
        diff.zeroize();
        let nonzero = d.0.iter().fold(0u64, |acc, &w| acc | w) != 0;
        if below_n == 1 && nonzero {
            Some(Scalar(d))
        } else {
            let mut d = d;
            d.zeroize();
            None
        }
    }

    /// The signed odd digits of d (all of them negated when d is even).
    ///
    /// The regular recoding needs an odd k: k = d if d is odd, else n - d
    /// (n is odd), and (n - d) P = -(d P), so negating every digit gives
    /// d P again. For odd k < 2^521, with w_i = bits 5i+1 .. 5i+5 of k,
    /// k = 2^520 + sum_{i<104} (2 w_i - 31) 2^(5 i): each digit is odd in
    /// [-31, 31], never zero, and the top digit is always 1. (Each step of
    /// d_i = (k mod 64) - 32, k <- (k - d_i) / 32 keeps k odd and equals
    /// k <- 2 floor(k / 64) + 1, so no carries ever propagate.)
    pub(super) fn recode(&self) -> Recoded {
        let even = (self.0 .0[0] & 1).wrapping_sub(1);
        let (mut neg, _) = N.sub_borrow(&self.0);
        let mut k = U576::select(&self.0, &neg, even);
        neg.zeroize();
        let mut windows = [0u8; DIGITS];
        for (i, w) in windows.iter_mut().enumerate() {
            *w = k.bits(WINDOW * i + 1, WINDOW) as u8;
        }
        k.zeroize();
        Recoded {
            windows,
            flip: even,
        }
    }
}

/// The recoded scalar: window values and whether to negate all digits.
pub(super) struct Recoded {
    windows: [u8; DIGITS],
    /// All-ones if every digit is negated.
    flip: u64,
}

impl Drop for Recoded {
    fn drop(&mut self) {
        self.windows.zeroize();
        self.flip.zeroize();
    }
}

impl Recoded {
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
    pub(super) fn top_negated(&self) -> u64 {
        self.flip
    }
}
