//! Elements of GF(p), p = 2^448 - 2^224 - 1 (RFC 7748 4.2, "Goldilocks"):
//! representation, encoding, addition, subtraction and constant-time swap.
//! Multiplication is in `mul.rs`, inversion in `invert.rs`.
//!
//! An element is 8 limbs of 56 bits (radix 2^56, little-endian), value
//! `sum(l[i] * 2^(56 i)) mod p`. Two types carry the limb bounds so that a
//! sum of sums, which could overflow the multiplier's 128-bit accumulators,
//! does not type-check:
//!
//! * [`Fe`] ("tight"): every limb < 2^56 + 2^13. Produced by decoding, by
//!   `mul`/`sqr`/`mul_a24` (which carry their result) and the constants.
//! * [`Loose`]: every limb < 2^58. Produced by [`Fe::add`] and [`Fe::sub`]
//!   of two tight elements, or by [`Fe::loose`]; accepted only by the
//!   multiplier, which is proven for inputs below 2^58 (see `mul.rs`).

use subtle::{Choice, ConditionallySelectable};

/// 2^56 - 1: one limb's mask.
pub(super) const M56: u64 = (1 << 56) - 1;

/// p in limbs: 2^448 - 1 is all limbs 2^56 - 1; minus 2^224 takes one from
/// limb 4 (224 = 4 * 56).
const P: [u64; 8] = [M56, M56, M56, M56, M56 - 1, M56, M56, M56];

/// 2p in limbs (not carried): the bias added before subtracting, so that
/// every limb of `a + 2p - b` stays non-negative for a tight `b`
/// (b[i] < 2^56 + 2^13 <= 2^57 - 4 <= 2p[i]).
const TWO_P: [u64; 8] = [
    2 * M56,
    2 * M56,
    2 * M56,
    2 * M56,
    2 * (M56 - 1),
    2 * M56,
    2 * M56,
    2 * M56,
];

/// A field element with tight limbs (< 2^56 + 2^13).
#[derive(Clone, Copy, Debug)]
pub(super) struct Fe(pub(super) [u64; 8]);

/// A field element with loose limbs (< 2^58): a sum or difference of tight
/// elements, to be multiplied or squared next.
#[derive(Clone, Copy, Debug)]
pub(super) struct Loose(pub(super) [u64; 8]);

impl Fe {
    pub(super) const ZERO: Fe = Fe([0; 8]);
    pub(super) const ONE: Fe = Fe([1, 0, 0, 0, 0, 0, 0, 0]);

    /// decodeUCoordinate for X448 (RFC 7748 5): 56 little-endian octets,
    /// all 448 bits used. A value in [p, 2^448) is accepted as is (it is
    /// congruent to value - p; the RFC requires accepting such
    /// non-canonical values). Each 7-octet group is one limb < 2^56.
    pub(super) fn from_bytes(b: &[u8; 56]) -> Fe {
        let mut l = [0u64; 8];
        for (limb, chunk) in l.iter_mut().zip(b.chunks_exact(7)) {
            let mut w = [0u8; 8];
            w[..7].copy_from_slice(chunk);
            *limb = u64::from_le_bytes(w);
        }
        Fe(l)
    }

    /// encodeUCoordinate (RFC 7748 5): the canonical value in [0, p) as
    /// 56 little-endian octets. Constant time.
    pub(super) fn to_bytes(self) -> [u8; 56] {
        let l = self.canonical();
        let mut out = [0u8; 56];
        for (chunk, limb) in out.chunks_exact_mut(7).zip(l.iter()) {
            chunk.copy_from_slice(&limb.to_le_bytes()[..7]);
        }
        out
    }

    /// The limbs of the unique representative in [0, p), each < 2^56.
    fn canonical(self) -> [u64; 8] {
        // Carry once: limbs 1..3 and 5..7 end < 2^56; the carry out of limb
        // 7 (< 2^2, as tight limbs are < 2^57) re-enters as 2^448 = 2^224 + 1
        // (mod p) at limbs 0 and 4, which end < 2^56 + 2^2. The value is
        // then below 2^448 + 2^227 < 2p.
        let mut l = self.0;
        let mut c = 0u64;
        for limb in l.iter_mut() {
            let v = *limb + c;
            *limb = v & M56;
            c = v >> 56;
        }
        l[0] += c;
        l[4] += c;
        // Subtract p with a signed borrow chain (limbs < 2^57, so i64 is
        // ample); the final borrow is 0 (value >= p) or -1 (value < p).
        let mut d = [0i64; 8];
        let mut borrow = 0i64;
        for i in 0..8 {
            let v = l[i] as i64 - P[i] as i64 + borrow;
            d[i] = v & M56 as i64;
            borrow = v >> 56; // arithmetic shift: floor division
        }
        // Add p back where the subtraction went below zero, selected by a
        // mask rather than a branch. The carry out of the top limb is the
        // 2^448 that cancels the borrow, and is dropped.
        let mask = borrow as u64; // 0 or all ones
        let mut out = [0u64; 8];
        let mut carry = 0u64;
        for i in 0..8 {
            let v = d[i] as u64 + (P[i] & mask) + carry;
            out[i] = v & M56;
            carry = v >> 56;
        }
        out
    }

    /// `self + b`, limbs not carried: (2^56 + 2^13) * 2 < 2^58.
    #[inline(always)]
    pub(super) fn add(&self, b: &Fe) -> Loose {
        let mut r = [0u64; 8];
        for (i, r) in r.iter_mut().enumerate() {
            *r = self.0[i] + b.0[i];
        }
        Loose(r)
    }

    /// `self - b + 2p`, limbs not carried: each limb is >= 0 because
    /// b[i] < 2^56 + 2^13 <= 2p[i], and < 2^56 + 2^13 + 2^57 < 2^58.
    #[inline(always)]
    pub(super) fn sub(&self, b: &Fe) -> Loose {
        let mut r = [0u64; 8];
        for (i, r) in r.iter_mut().enumerate() {
            *r = self.0[i] + TWO_P[i] - b.0[i];
        }
        Loose(r)
    }

    /// The same value as a multiplier input (tight limbs are loose).
    #[inline(always)]
    pub(super) fn loose(&self) -> Loose {
        Loose(self.0)
    }

    /// Swaps `a` and `b` when `swap` is set, without a branch or a
    /// secret-dependent address (RFC 7748 5, cswap). `Choice` hides the
    /// bit from the optimiser, so the masked form stays branch-free.
    #[inline(always)]
    pub(super) fn cswap(a: &mut Fe, b: &mut Fe, swap: Choice) {
        for i in 0..8 {
            u64::conditional_swap(&mut a.0[i], &mut b.0[i], swap);
        }
    }
}
