//! Arithmetic in GF(p), p = 2^521 - 1 (the P-521 field, FIPS 186-4 D.1.2.5).
//!
//! Representation (the one of OpenSSL's `ecp_nistp521.c`, written anew):
//! nine unsigned 64-bit limbs at 58-bit spacing, value = sum l\[i\] 2^(58 i)
//! mod p. Limbs may exceed 58 bits ("unsaturated"), which lets additions
//! skip carries. Since 2^(58*9) = 2^522 = 2 (mod p), a product column that
//! wraps past limb 8 re-enters at the bottom doubled, so a multiplication is
//! 81 64x64->128-bit products (45 for a square) summed per column in u128,
//! then split back into limbs without any sequential carry chain.
//!
//! Two bound classes keep every sum inside its integer type; each function
//! states what it takes and returns and why the bound holds:
//! * [`FieldElement`]: every limb < 2^60 (the output of mul, square and
//!   `carry`);
//! * `Wide`: every limb < 13 * 2^58 (~2^61.7): a sum or difference of two
//!   field elements, or a small multiple of one. Accepted by mul and square:
//!   a column holds at most 17 weighted products (9 products, the wrapped
//!   ones doubled), 17 * (13 * 2^58)^2 < 2^127.5 < 2^128.

use super::u576::{LIMBS, MASK57, MASK58, U576};

/// An element of GF(2^521 - 1), limbs < 2^60 (not necessarily canonical:
/// [`FieldElement::to_bytes`] reduces fully).
#[derive(Clone, Copy)]
pub struct FieldElement(pub(super) [u64; LIMBS]);

/// A lazily added field element, limbs < 13 * 2^58 (see the module docs).
#[derive(Clone, Copy)]
pub(super) struct Wide(pub(super) [u64; LIMBS]);

impl core::fmt::Debug for FieldElement {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Field elements may hold secret-derived values: print nothing of them.
        f.write_str("FieldElement(..)")
    }
}

/// Either bound class, as an input of [`mul`] and [`square`].
pub(super) trait MulInput {
    fn limbs(&self) -> &[u64; LIMBS];
}
impl MulInput for FieldElement {
    #[inline(always)]
    fn limbs(&self) -> &[u64; LIMBS] {
        &self.0
    }
}
impl MulInput for Wide {
    #[inline(always)]
    fn limbs(&self) -> &[u64; LIMBS] {
        &self.0
    }
}

/// 9p as limbs, each at least 2^60: p = (2^58 - 1) in limbs 0..7 and
/// (2^57 - 1) in limb 8. Added before subtracting a [`FieldElement`].
const P9: [u64; LIMBS] = mul_p(9);
/// 27p, each limb at least 13 * 2^58: added before subtracting a [`Wide`].
const P27: [u64; LIMBS] = mul_p(27);

const fn mul_p(k: u64) -> [u64; LIMBS] {
    let mut out = [k * MASK58; LIMBS];
    out[LIMBS - 1] = k * MASK57;
    out
}

#[inline(always)]
fn m(a: u64, b: u64) -> u128 {
    (a as u128) * (b as u128)
}

/// Splits product columns back into limbs, all at once (no carry chain).
///
/// Each column c (< 2^127.5) is lo (58 bits) + mid (58 bits) 2^58 + hi
/// (< 2^11.5) 2^116; mid of column k lands in limb k+1 and hi in limb k+2,
/// those past limb 8 doubled (2^522 = 2 mod p). Limb 0 gets lo + 2 mid_8 +
/// 2 hi_7 < 2^58 + 2^59 + 2^12.5 < 2^60; the others < 2^59 + 2^12.5.
#[inline(always)]
fn reduce_columns(c: [u128; LIMBS]) -> FieldElement {
    let lo = c.map(|x| (x as u64) & MASK58);
    let mid = c.map(|x| ((x >> 58) as u64) & MASK58);
    let hi = c.map(|x| (x >> 116) as u64);
    FieldElement([
        lo[0] + 2 * mid[8] + 2 * hi[7],
        lo[1] + mid[0] + 2 * hi[8],
        lo[2] + mid[1] + hi[0],
        lo[3] + mid[2] + hi[1],
        lo[4] + mid[3] + hi[2],
        lo[5] + mid[4] + hi[3],
        lo[6] + mid[5] + hi[4],
        lo[7] + mid[6] + hi[5],
        lo[8] + mid[7] + hi[6],
    ])
}

/// a * b. Inputs of either class (limbs < 13 * 2^58, so 2b < 2^63 fits).
#[inline]
pub(super) fn mul(a: &impl MulInput, b: &impl MulInput) -> FieldElement {
    let a = a.limbs();
    let b = b.limbs();
    // Column k gathers a[i] b[j] with i + j = k, and with i + j = k + 9
    // doubled (2^522 = 2 mod p).
    let b2 = b.map(|x| x << 1);
    let c0 = m(a[0], b[0])
        + m(a[1], b2[8])
        + m(a[2], b2[7])
        + m(a[3], b2[6])
        + m(a[4], b2[5])
        + m(a[5], b2[4])
        + m(a[6], b2[3])
        + m(a[7], b2[2])
        + m(a[8], b2[1]);
    let c1 = m(a[0], b[1])
        + m(a[1], b[0])
        + m(a[2], b2[8])
        + m(a[3], b2[7])
        + m(a[4], b2[6])
        + m(a[5], b2[5])
        + m(a[6], b2[4])
        + m(a[7], b2[3])
        + m(a[8], b2[2]);
    let c2 = m(a[0], b[2])
        + m(a[1], b[1])
        + m(a[2], b[0])
        + m(a[3], b2[8])
        + m(a[4], b2[7])
        + m(a[5], b2[6])
        + m(a[6], b2[5])
        + m(a[7], b2[4])
        + m(a[8], b2[3]);
    let c3 = m(a[0], b[3])
        + m(a[1], b[2])
        + m(a[2], b[1])
        + m(a[3], b[0])
        + m(a[4], b2[8])
        + m(a[5], b2[7])
        + m(a[6], b2[6])
        + m(a[7], b2[5])
        + m(a[8], b2[4]);
    let c4 = m(a[0], b[4])
        + m(a[1], b[3])
        + m(a[2], b[2])
        + m(a[3], b[1])
        + m(a[4], b[0])
        + m(a[5], b2[8])
        + m(a[6], b2[7])
        + m(a[7], b2[6])
        + m(a[8], b2[5]);
    let c5 = m(a[0], b[5])
        + m(a[1], b[4])
        + m(a[2], b[3])
        + m(a[3], b[2])
        + m(a[4], b[1])
        + m(a[5], b[0])
        + m(a[6], b2[8])
        + m(a[7], b2[7])
        + m(a[8], b2[6]);
    let c6 = m(a[0], b[6])
        + m(a[1], b[5])
        + m(a[2], b[4])
        + m(a[3], b[3])
        + m(a[4], b[2])
        + m(a[5], b[1])
        + m(a[6], b[0])
        + m(a[7], b2[8])
        + m(a[8], b2[7]);
    let c7 = m(a[0], b[7])
        + m(a[1], b[6])
        + m(a[2], b[5])
        + m(a[3], b[4])
        + m(a[4], b[3])
        + m(a[5], b[2])
        + m(a[6], b[1])
        + m(a[7], b[0])
        + m(a[8], b2[8]);
    let c8 = m(a[0], b[8])
        + m(a[1], b[7])
        + m(a[2], b[6])
        + m(a[3], b[5])
        + m(a[4], b[4])
        + m(a[5], b[3])
        + m(a[6], b[2])
        + m(a[7], b[1])
        + m(a[8], b[0]);
    reduce_columns([c0, c1, c2, c3, c4, c5, c6, c7, c8])
}

/// a^2 with 45 products: a[i] a[j] (i < j) taken once and doubled, the
/// wrapped ones doubled again. 4a < 52 * 2^58 < 2^64 fits.
#[inline]
pub(super) fn square(a: &impl MulInput) -> FieldElement {
    let a = a.limbs();
    let a2 = a.map(|x| x << 1);
    let a4 = a.map(|x| x << 2);
    let c0 = m(a[0], a[0]) + m(a4[1], a[8]) + m(a4[2], a[7]) + m(a4[3], a[6]) + m(a4[4], a[5]);
    let c1 = m(a2[0], a[1]) + m(a4[2], a[8]) + m(a4[3], a[7]) + m(a4[4], a[6]) + m(a2[5], a[5]);
    let c2 = m(a2[0], a[2]) + m(a[1], a[1]) + m(a4[3], a[8]) + m(a4[4], a[7]) + m(a4[5], a[6]);
    let c3 = m(a2[0], a[3]) + m(a2[1], a[2]) + m(a4[4], a[8]) + m(a4[5], a[7]) + m(a2[6], a[6]);
    let c4 = m(a2[0], a[4]) + m(a2[1], a[3]) + m(a[2], a[2]) + m(a4[5], a[8]) + m(a4[6], a[7]);
    let c5 = m(a2[0], a[5]) + m(a2[1], a[4]) + m(a2[2], a[3]) + m(a4[6], a[8]) + m(a2[7], a[7]);
    let c6 = m(a2[0], a[6]) + m(a2[1], a[5]) + m(a2[2], a[4]) + m(a[3], a[3]) + m(a4[7], a[8]);
    let c7 = m(a2[0], a[7]) + m(a2[1], a[6]) + m(a2[2], a[5]) + m(a2[3], a[4]) + m(a2[8], a[8]);
    let c8 = m(a2[0], a[8]) + m(a2[1], a[7]) + m(a2[2], a[6]) + m(a2[3], a[5]) + m(a[4], a[4]);
    reduce_columns([c0, c1, c2, c3, c4, c5, c6, c7, c8])
}

/// One parallel carry round: limb k keeps its low 58 bits and gains the
/// bits above them from limb k-1 (limb 8's, weight 2^522 = 2, go to limb 0
/// doubled). Any u64 limbs in; out < 2^58 + 2^7 < 2^60.
#[inline(always)]
pub(super) fn carry(x: &[u64; LIMBS]) -> FieldElement {
    let mut out = [0u64; LIMBS];
    out[0] = (x[0] & MASK58) + 2 * (x[8] >> 58);
    for k in 1..LIMBS {
        out[k] = (x[k] & MASK58) + (x[k - 1] >> 58);
    }
    FieldElement(out)
}

/// a as a [`Wide`] (2^60 < 13 * 2^58).
#[inline(always)]
pub(super) fn widen(a: &FieldElement) -> Wide {
    Wide(a.0)
}

/// a + b: < 2^61 < 13 * 2^58.
#[inline(always)]
pub(super) fn add(a: &FieldElement, b: &FieldElement) -> Wide {
    Wide(core::array::from_fn(|k| a.0[k] + b.0[k]))
}

/// a + 2b: < 3 * 2^60 = 12 * 2^58.
#[inline(always)]
pub(super) fn add_dbl(a: &FieldElement, b: &FieldElement) -> Wide {
    Wide(core::array::from_fn(|k| a.0[k] + 2 * b.0[k]))
}

/// 2a: < 2^61.
#[inline(always)]
pub(super) fn dbl(a: &FieldElement) -> Wide {
    Wide(a.0.map(|x| x << 1))
}

/// 3a: < 3 * 2^60.
#[inline(always)]
pub(super) fn triple(a: &FieldElement) -> Wide {
    Wide(a.0.map(|x| 3 * x))
}

/// a - b as a + 9p - b: every limb of 9p is >= 2^60 > b's, so nothing
/// wraps; the result is < 2^60 + 9 * 2^58 = 13 * 2^58.
#[inline(always)]
pub(super) fn sub(a: &FieldElement, b: &FieldElement) -> Wide {
    Wide(core::array::from_fn(|k| a.0[k] + P9[k] - b.0[k]))
}

/// a - b as carry(a + 27p - b): every limb of 27p is >= 13 * 2^58 > b's,
/// and a + 27p < 2^60 + 27 * 2^58 < 2^63 fits.
#[inline(always)]
pub(super) fn sub_wide(a: &FieldElement, b: &Wide) -> FieldElement {
    carry(&core::array::from_fn(|k| a.0[k] + P27[k] - b.0[k]))
}

/// -a (as 9p - a, then carried).
#[inline(always)]
pub(super) fn neg(a: &FieldElement) -> FieldElement {
    carry(&core::array::from_fn(|k| P9[k] - a.0[k]))
}

impl FieldElement {
    /// Zero.
    pub const ZERO: Self = FieldElement([0; LIMBS]);
    /// One.
    pub const ONE: Self = FieldElement([1, 0, 0, 0, 0, 0, 0, 0, 0]);

    /// From 66 big-endian octets; `None` unless the value is below p
    /// (RFC 5903 7 / RFC 6989 2.3: coordinates must be in [0, p-1]).
    pub fn from_bytes(bytes: &[u8; 66]) -> Option<Self> {
        let v = U576::from_be_bytes(bytes);
        // Public input (a peer's coordinate): branching on it is fine.
        if !v.below_p() {
            return None;
        }
        Some(FieldElement(v.to_radix58()))
    }

    /// From raw limbs (value sum l\[i\] 2^(58 i) mod p); `None` unless every
    /// limb is below 2^60, this type's invariant. Non-canonical forms are
    /// allowed, which lets tests drive the arithmetic at its bounds.
    pub fn from_limbs(limbs: [u64; LIMBS]) -> Option<Self> {
        limbs
            .iter()
            .all(|&l| l < 1 << 60)
            .then_some(FieldElement(limbs))
    }

    /// The raw limbs (not necessarily canonical).
    pub fn limbs(&self) -> [u64; LIMBS] {
        self.0
    }

    /// The canonical value (in [0, p-1]) as 66 big-endian octets.
    pub fn to_bytes(&self) -> [u8; 66] {
        U576::from_radix58(&self.canonical()).to_be_bytes()
    }

    /// The unique limbs in [0, p-1]: tight 58-bit limbs (57 for the top).
    /// Constant time.
    pub(super) fn canonical(&self) -> [u64; LIMBS] {
        let mut l = self.0;
        // Two sequential carry passes with the top limb at 57 bits
        // (2^521 = 1): the first leaves limb 0 < 2^58 + 2^4, the second
        // makes every limb tight, so the value is in [0, p].
        for _ in 0..2 {
            for k in 0..LIMBS - 1 {
                l[k + 1] += l[k] >> 58;
                l[k] &= MASK58;
            }
            let top = l[LIMBS - 1] >> 57;
            l[LIMBS - 1] &= MASK57;
            l[0] += top;
        }
        // After the second pass limb 0 may have gained 1 only if the pass
        // carried all the way through, leaving it below 2^58 - 1: still
        // tight. Map p (all bits set) to 0 without branching.
        let mut all_ones = (l[LIMBS - 1] ^ MASK57) == 0;
        for &limb in l.iter().take(LIMBS - 1) {
            all_ones &= (limb ^ MASK58) == 0;
        }
        let keep = (all_ones as u64).wrapping_sub(1);
        l.map(|x| x & keep)
    }

    /// Whether the value is 0 mod p; constant time.
    pub(super) fn is_zero_mask(&self) -> u64 {
        let c = self.canonical();
        let acc = c.iter().fold(0u64, |acc, &x| acc | x);
        // All-ones if acc == 0, else zero.
        ((acc | acc.wrapping_neg()) >> 63).wrapping_sub(1)
    }

    /// Equality mod p (constant time).
    pub fn ct_eq(&self, other: &Self) -> bool {
        let a = self.canonical();
        let b = other.canonical();
        let diff = a
            .iter()
            .zip(b.iter())
            .fold(0u64, |acc, (x, y)| acc | (x ^ y));
        diff == 0
    }

    /// self * rhs.
    pub fn mul(&self, rhs: &Self) -> Self {
        mul(self, rhs)
    }

    /// self^2.
    pub fn square(&self) -> Self {
        square(self)
    }

    /// self + rhs.
    pub fn add(&self, rhs: &Self) -> Self {
        carry(&add(self, rhs).0)
    }

    /// self - rhs.
    pub fn sub(&self, rhs: &Self) -> Self {
        carry(&sub(self, rhs).0)
    }

    /// self^(2^n).
    fn square_n(&self, n: usize) -> Self {
        let mut x = *self;
        for _ in 0..n {
            x = square(&x);
        }
        x
    }

    /// self^(p-2) = 1/self (Fermat; 0 maps to 0). Constant time: a fixed
    /// addition chain for p - 2 = 2^521 - 3 = (2^519 - 1) * 4 + 1.
    pub fn invert(&self) -> Self {
        // xN = self^(2^N - 1)
        let x1 = *self;
        let x2 = mul(&square(&x1), &x1);
        let x3 = mul(&square(&x2), &x1);
        let x4 = mul(&x2.square_n(2), &x2);
        let x7 = mul(&x4.square_n(3), &x3);
        let x8 = mul(&x4.square_n(4), &x4);
        let x16 = mul(&x8.square_n(8), &x8);
        let x32 = mul(&x16.square_n(16), &x16);
        let x64 = mul(&x32.square_n(32), &x32);
        let x128 = mul(&x64.square_n(64), &x64);
        let x256 = mul(&x128.square_n(128), &x128);
        let x512 = mul(&x256.square_n(256), &x256);
        let x519 = mul(&x512.square_n(7), &x7);
        mul(&x519.square_n(2), &x1)
    }

    /// Constant-time select: `b` where `mask` is all-ones, else `a`.
    #[inline(always)]
    pub(super) fn select(a: &Self, b: &Self, mask: u64) -> Self {
        FieldElement(core::array::from_fn(|k| {
            a.0[k] ^ (mask & (a.0[k] ^ b.0[k]))
        }))
    }

    /// From a constant big-endian hex string (131 or 132 digits, < p).
    pub(super) const fn from_hex(hex: &str) -> Self {
        FieldElement(U576::from_be_hex(hex).to_radix58())
    }
}
