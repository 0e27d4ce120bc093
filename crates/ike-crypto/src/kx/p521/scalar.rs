//! P-521 private scalars and their recoding into signed odd 5-bit digits.

use super::u576::{BYTES, U576};
use crate::kx::window::{Recoded, WINDOW};
use zeroize::Zeroize;

/// The group order n (FIPS 186-4 D.1.2.5).
const N: U576 = U576::from_be_hex(
    "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
);

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

    /// The signed odd digits of d (all of them negated when d is even; see
    /// `kx::window` for the recoding).
    pub(super) fn recode(&self) -> Recoded<DIGITS> {
        let even = (self.0 .0[0] & 1).wrapping_sub(1);
        let (mut neg, _) = N.sub_borrow(&self.0);
        let mut k = U576::select(&self.0, &neg, even);
        neg.zeroize();
        let digits = Recoded::new(even, |start| k.bits(start, WINDOW) as u8);
        k.zeroize();
        digits
    }
}
