//! P-256 private scalars and their recoding into signed odd 5-bit digits.

use super::field::{be_to_limbs, below, sub_limbs};
use crate::kx::window::{Recoded, WINDOW};
use zeroize::Zeroize;

/// The group order n (FIPS 186-4 D.1.2.3), little-endian limbs.
const N: [u64; 4] = [
    0xf3b9_cac2_fc63_2551,
    0xbce6_faad_a717_9e84,
    0xffff_ffff_ffff_ffff,
    0xffff_ffff_0000_0000,
];

/// Digits below the implicit top digit: 51 * 5 = 255 bits plus bit 0.
pub(super) const DIGITS: usize = 51;

/// A private scalar d with 0 < d < n, little-endian limbs. Wiped on drop.
pub(super) struct Scalar([u64; 4]);

impl Drop for Scalar {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl Scalar {
    /// From 32 big-endian octets; `None` unless the length is 32 and
    /// 0 < d < n. Whether a value is accepted is not secret (a rejected one
    /// is never used), but the comparison itself does not branch on the
    /// limbs.
    pub(super) fn from_bytes(b: &[u8]) -> Option<Self> {
        let arr: &[u8; 32] = b.try_into().ok()?;
        let mut d = be_to_limbs(arr);
        let nonzero = d.iter().fold(0u64, |acc, &w| acc | w) != 0;
        if below(&d, &N) && nonzero {
            Some(Scalar(d))
        } else {
            d.zeroize();
            None
        }
    }

    /// The signed odd digits of d (all of them negated when d is even; see
    /// `kx::window` for the recoding).
    #[inline(always)]
    pub(super) fn recode(&self) -> Recoded<DIGITS> {
        let d = &self.0;
        let even = (d[0] & 1).wrapping_sub(1);
        let (mut neg, _) = sub_limbs(&N, d);
        let mut k: [u64; 4] = core::array::from_fn(|i| d[i] ^ ((d[i] ^ neg[i]) & even));
        neg.zeroize();
        let digits = Recoded::new(even, |start| {
            // The window's position is public; only k is secret.
            let (limb, off) = (start / 64, start % 64);
            let mut v = k[limb] >> off;
            if off > 64 - WINDOW && limb + 1 < 4 {
                v |= k[limb + 1] << (64 - off);
            }
            v as u8
        });
        k.zeroize();
        digits
    }
}
