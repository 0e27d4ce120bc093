//! Four elements of GF(2^255 - 19) at once on AVX2, for the ladder
//! (`ladder.rs`).
//!
//! Radix 2^25.5 (ref10's): ten limbs of alternately 26 and 25 bits, stored
//! limb-sliced, so the 64-bit lane j of vector i is limb i of element j
//! and one `vpmuludq` multiplies a limb of all four elements.
//!
//! Bounds, which every function below keeps (`tests.rs` drives each
//! operation to them):
//! - "carried": limbs at most [`CARRIED_MAX`], i.e. 2^26 + 2^17.25 (even)
//!   or 2^25 + 2^17.25 (odd), and only limbs 0 and 1 above 2^w + 2^13;
//!   what [`carry`] returns for any input limbs, and what the ladder state
//!   always is.
//! - Multiplication inputs: limbs at most [`MUL_INPUT_MAX`] (2^27.6), so
//!   19 g_j < 2^32 and 2 f_i < 2^32 fit `vpmuludq`'s 32-bit operands, and
//!   the largest column, column 0 (f_0 g_0 plus 19 times the wrapped
//!   products, the odd-odd ones doubled: 267 products' worth), stays below
//!   267 * 2^55.2 < 2^63.3. The ladder only multiplies carried values and
//!   sums or differences of two carried values ([`Fe4::add`], [`Fe4::sub`]:
//!   below 3 * 2^26 + 2^17.25 < 2^27.6).
//!
//! Every function is safe: intrinsics are safe to call inside a function
//! compiled for their features. Nothing here branches on, or indexes
//! memory by, a secret.

use core::arch::x86_64::{
    __m256i, _mm256_add_epi64, _mm256_and_si256, _mm256_blend_epi32, _mm256_extract_epi64,
    _mm256_mul_epu32, _mm256_permute4x64_epi64, _mm256_set1_epi64x, _mm256_set_epi64x,
    _mm256_setzero_si256, _mm256_slli_epi64, _mm256_srli_epi64, _mm256_sub_epi64, _mm256_xor_si256,
};

/// The largest limbs [`carry`] can return, from any 64-bit input limbs:
/// limb i keeps at most 2^w - 1 of its own (w = 26 or 25) and gains the
/// second pass's carry from limb i - 1, at most 2^13 (a first-pass limb
/// is below 2^w + 2^39). Limb 0 gains 19 times limb 9's, and limb 1 gains
/// limb 0's, which the first pass made up to 19 * 2^39 larger: 19 * 2^13
/// for both.
pub(super) const CARRIED_MAX: [u64; 10] = {
    let mut t = [0u64; 10];
    let mut i = 0;
    while i < 10 {
        let own = if i % 2 == 0 {
            (1 << 26) - 1
        } else {
            (1 << 25) - 1
        };
        t[i] = own + if i < 2 { 19 << 13 } else { 1 << 13 };
        i += 1;
    }
    t
};

/// The largest limb a multiplication accepts: floor(2^27.6) (see the
/// module documentation).
pub(super) const MUL_INPUT_MAX: u64 = 203_436_033;

// The bounds of the module documentation, checked by the compiler.
const _: () = {
    let m = MUL_INPUT_MAX as u128;
    // 19 g and 2 f fit vpmuludq's 32-bit operands; column 0 fits 64 bits.
    assert!(19 * m < 1 << 32 && 267 * m * m < 1 << 64);
    let mut i = 0;
    while i < 10 {
        let c = CARRIED_MAX[i];
        // `sub` of a carried value never goes below zero, and a sum or a
        // difference of carried values is a valid multiplication input.
        assert!(c <= TWO_P[i] as u64 && c + TWO_P[i] as u64 <= MUL_INPUT_MAX);
        assert!(2 * c <= MUL_INPUT_MAX);
        i += 1;
    }
};

/// Four field elements, limb-sliced.
#[derive(Clone, Copy)]
pub(super) struct Fe4(pub(super) [__m256i; 10]);

const M26: i64 = (1 << 26) - 1;
const M25: i64 = (1 << 25) - 1;

/// Limb i of 2p: added before a subtraction so no limb goes negative.
const TWO_P: [i64; 10] = {
    let mut t = [0i64; 10];
    let mut i = 0;
    while i < 10 {
        t[i] = if i == 0 {
            2 * ((1 << 26) - 19)
        } else if i % 2 == 0 {
            2 * M26
        } else {
            2 * M25
        };
        i += 1;
    }
    t
};

/// One parallel carry pass: limb i keeps its low 26 (even i) or 25 (odd
/// i) bits and gains the bits above them from limb i - 1; limb 9's go to
/// limb 0 times 19 (2^255 = 19 mod p). All limbs at once, so the
/// dependency chain is three operations long, not ten.
#[inline]
#[target_feature(enable = "avx2")]
pub(super) fn carry_pass(h: [__m256i; 10]) -> [__m256i; 10] {
    let (m26, m25) = (_mm256_set1_epi64x(M26), _mm256_set1_epi64x(M25));
    let mut c = [_mm256_setzero_si256(); 10];
    let mut l = [_mm256_setzero_si256(); 10];
    for (i, (ci, li)) in c.iter_mut().zip(l.iter_mut()).enumerate() {
        if i % 2 == 0 {
            *ci = _mm256_srli_epi64::<26>(h[i]);
            *li = _mm256_and_si256(h[i], m26);
        } else {
            *ci = _mm256_srli_epi64::<25>(h[i]);
            *li = _mm256_and_si256(h[i], m25);
        }
    }
    // 19 c = c + 2c + 16c.
    let c19 = _mm256_add_epi64(
        _mm256_add_epi64(c[9], _mm256_slli_epi64::<1>(c[9])),
        _mm256_slli_epi64::<4>(c[9]),
    );
    let mut r = l;
    r[0] = _mm256_add_epi64(l[0], c19);
    for i in 1..10 {
        r[i] = _mm256_add_epi64(l[i], c[i - 1]);
    }
    r
}

/// Two carry passes: any limbs below 2^64 in, carried limbs out (the
/// first pass leaves at most 2^26 + 19 * 2^39, the second the bound in the
/// module documentation).
#[inline]
#[target_feature(enable = "avx2")]
pub(super) fn carry(h: [__m256i; 10]) -> Fe4 {
    Fe4(carry_pass(carry_pass(h)))
}

/// The four products of two [`Fe4`]s, carried: ref10's fe_mul on every
/// lane, 100 `vpmuludq`. Column k gathers f_i g_j over i + j = k, and over
/// i + j = k + 10 with g_j times 19 (2^255 = 19 mod p); f_i is doubled when
/// i and j are both odd (radix 2^25.5: those limbs' weights multiply to
/// twice the column's). A macro, not a function: a `#[target_feature]`
/// function cannot be `#[inline(always)]`, and inlined into the ladder
/// step it ran about 20% faster (measured in the spike).
#[rustfmt::skip]
macro_rules! fe4_mul { ($a:expr, $b:expr) => {{ let a = &$a; let b = &$b;
    let f = &a.0; let g = &b.0; let c19 = _mm256_set1_epi64x(19);
    let g19_1 = _mm256_mullo_epi32(g[1], c19);
    let g19_2 = _mm256_mullo_epi32(g[2], c19);
    let g19_3 = _mm256_mullo_epi32(g[3], c19);
    let g19_4 = _mm256_mullo_epi32(g[4], c19);
    let g19_5 = _mm256_mullo_epi32(g[5], c19);
    let g19_6 = _mm256_mullo_epi32(g[6], c19);
    let g19_7 = _mm256_mullo_epi32(g[7], c19);
    let g19_8 = _mm256_mullo_epi32(g[8], c19);
    let g19_9 = _mm256_mullo_epi32(g[9], c19);
    let f2_1 = _mm256_add_epi64(f[1], f[1]);
    let f2_3 = _mm256_add_epi64(f[3], f[3]);
    let f2_5 = _mm256_add_epi64(f[5], f[5]);
    let f2_7 = _mm256_add_epi64(f[7], f[7]);
    let f2_9 = _mm256_add_epi64(f[9], f[9]);
    let mut h0 = _mm256_mul_epu32(f[0], g[0]);
    let mut h1 = _mm256_mul_epu32(f[0], g[1]);
    let mut h2 = _mm256_mul_epu32(f[0], g[2]);
    let mut h3 = _mm256_mul_epu32(f[0], g[3]);
    let mut h4 = _mm256_mul_epu32(f[0], g[4]);
    let mut h5 = _mm256_mul_epu32(f[0], g[5]);
    let mut h6 = _mm256_mul_epu32(f[0], g[6]);
    let mut h7 = _mm256_mul_epu32(f[0], g[7]);
    let mut h8 = _mm256_mul_epu32(f[0], g[8]);
    let mut h9 = _mm256_mul_epu32(f[0], g[9]);
    h1 = _mm256_add_epi64(h1, _mm256_mul_epu32(f[1], g[0]));
    h2 = _mm256_add_epi64(h2, _mm256_mul_epu32(f2_1, g[1]));
    h3 = _mm256_add_epi64(h3, _mm256_mul_epu32(f[1], g[2]));
    h4 = _mm256_add_epi64(h4, _mm256_mul_epu32(f2_1, g[3]));
    h5 = _mm256_add_epi64(h5, _mm256_mul_epu32(f[1], g[4]));
    h6 = _mm256_add_epi64(h6, _mm256_mul_epu32(f2_1, g[5]));
    h7 = _mm256_add_epi64(h7, _mm256_mul_epu32(f[1], g[6]));
    h8 = _mm256_add_epi64(h8, _mm256_mul_epu32(f2_1, g[7]));
    h9 = _mm256_add_epi64(h9, _mm256_mul_epu32(f[1], g[8]));
    h0 = _mm256_add_epi64(h0, _mm256_mul_epu32(f2_1, g19_9));
    h2 = _mm256_add_epi64(h2, _mm256_mul_epu32(f[2], g[0]));
    h3 = _mm256_add_epi64(h3, _mm256_mul_epu32(f[2], g[1]));
    h4 = _mm256_add_epi64(h4, _mm256_mul_epu32(f[2], g[2]));
    h5 = _mm256_add_epi64(h5, _mm256_mul_epu32(f[2], g[3]));
    h6 = _mm256_add_epi64(h6, _mm256_mul_epu32(f[2], g[4]));
    h7 = _mm256_add_epi64(h7, _mm256_mul_epu32(f[2], g[5]));
    h8 = _mm256_add_epi64(h8, _mm256_mul_epu32(f[2], g[6]));
    h9 = _mm256_add_epi64(h9, _mm256_mul_epu32(f[2], g[7]));
    h0 = _mm256_add_epi64(h0, _mm256_mul_epu32(f[2], g19_8));
    h1 = _mm256_add_epi64(h1, _mm256_mul_epu32(f[2], g19_9));
    h3 = _mm256_add_epi64(h3, _mm256_mul_epu32(f[3], g[0]));
    h4 = _mm256_add_epi64(h4, _mm256_mul_epu32(f2_3, g[1]));
    h5 = _mm256_add_epi64(h5, _mm256_mul_epu32(f[3], g[2]));
    h6 = _mm256_add_epi64(h6, _mm256_mul_epu32(f2_3, g[3]));
    h7 = _mm256_add_epi64(h7, _mm256_mul_epu32(f[3], g[4]));
    h8 = _mm256_add_epi64(h8, _mm256_mul_epu32(f2_3, g[5]));
    h9 = _mm256_add_epi64(h9, _mm256_mul_epu32(f[3], g[6]));
    h0 = _mm256_add_epi64(h0, _mm256_mul_epu32(f2_3, g19_7));
    h1 = _mm256_add_epi64(h1, _mm256_mul_epu32(f[3], g19_8));
    h2 = _mm256_add_epi64(h2, _mm256_mul_epu32(f2_3, g19_9));
    h4 = _mm256_add_epi64(h4, _mm256_mul_epu32(f[4], g[0]));
    h5 = _mm256_add_epi64(h5, _mm256_mul_epu32(f[4], g[1]));
    h6 = _mm256_add_epi64(h6, _mm256_mul_epu32(f[4], g[2]));
    h7 = _mm256_add_epi64(h7, _mm256_mul_epu32(f[4], g[3]));
    h8 = _mm256_add_epi64(h8, _mm256_mul_epu32(f[4], g[4]));
    h9 = _mm256_add_epi64(h9, _mm256_mul_epu32(f[4], g[5]));
    h0 = _mm256_add_epi64(h0, _mm256_mul_epu32(f[4], g19_6));
    h1 = _mm256_add_epi64(h1, _mm256_mul_epu32(f[4], g19_7));
    h2 = _mm256_add_epi64(h2, _mm256_mul_epu32(f[4], g19_8));
    h3 = _mm256_add_epi64(h3, _mm256_mul_epu32(f[4], g19_9));
    h5 = _mm256_add_epi64(h5, _mm256_mul_epu32(f[5], g[0]));
    h6 = _mm256_add_epi64(h6, _mm256_mul_epu32(f2_5, g[1]));
    h7 = _mm256_add_epi64(h7, _mm256_mul_epu32(f[5], g[2]));
    h8 = _mm256_add_epi64(h8, _mm256_mul_epu32(f2_5, g[3]));
    h9 = _mm256_add_epi64(h9, _mm256_mul_epu32(f[5], g[4]));
    h0 = _mm256_add_epi64(h0, _mm256_mul_epu32(f2_5, g19_5));
    h1 = _mm256_add_epi64(h1, _mm256_mul_epu32(f[5], g19_6));
    h2 = _mm256_add_epi64(h2, _mm256_mul_epu32(f2_5, g19_7));
    h3 = _mm256_add_epi64(h3, _mm256_mul_epu32(f[5], g19_8));
    h4 = _mm256_add_epi64(h4, _mm256_mul_epu32(f2_5, g19_9));
    h6 = _mm256_add_epi64(h6, _mm256_mul_epu32(f[6], g[0]));
    h7 = _mm256_add_epi64(h7, _mm256_mul_epu32(f[6], g[1]));
    h8 = _mm256_add_epi64(h8, _mm256_mul_epu32(f[6], g[2]));
    h9 = _mm256_add_epi64(h9, _mm256_mul_epu32(f[6], g[3]));
    h0 = _mm256_add_epi64(h0, _mm256_mul_epu32(f[6], g19_4));
    h1 = _mm256_add_epi64(h1, _mm256_mul_epu32(f[6], g19_5));
    h2 = _mm256_add_epi64(h2, _mm256_mul_epu32(f[6], g19_6));
    h3 = _mm256_add_epi64(h3, _mm256_mul_epu32(f[6], g19_7));
    h4 = _mm256_add_epi64(h4, _mm256_mul_epu32(f[6], g19_8));
    h5 = _mm256_add_epi64(h5, _mm256_mul_epu32(f[6], g19_9));
    h7 = _mm256_add_epi64(h7, _mm256_mul_epu32(f[7], g[0]));
    h8 = _mm256_add_epi64(h8, _mm256_mul_epu32(f2_7, g[1]));
    h9 = _mm256_add_epi64(h9, _mm256_mul_epu32(f[7], g[2]));
    h0 = _mm256_add_epi64(h0, _mm256_mul_epu32(f2_7, g19_3));
    h1 = _mm256_add_epi64(h1, _mm256_mul_epu32(f[7], g19_4));
    h2 = _mm256_add_epi64(h2, _mm256_mul_epu32(f2_7, g19_5));
    h3 = _mm256_add_epi64(h3, _mm256_mul_epu32(f[7], g19_6));
    h4 = _mm256_add_epi64(h4, _mm256_mul_epu32(f2_7, g19_7));
    h5 = _mm256_add_epi64(h5, _mm256_mul_epu32(f[7], g19_8));
    h6 = _mm256_add_epi64(h6, _mm256_mul_epu32(f2_7, g19_9));
    h8 = _mm256_add_epi64(h8, _mm256_mul_epu32(f[8], g[0]));
    h9 = _mm256_add_epi64(h9, _mm256_mul_epu32(f[8], g[1]));
    h0 = _mm256_add_epi64(h0, _mm256_mul_epu32(f[8], g19_2));
    h1 = _mm256_add_epi64(h1, _mm256_mul_epu32(f[8], g19_3));
    h2 = _mm256_add_epi64(h2, _mm256_mul_epu32(f[8], g19_4));
    h3 = _mm256_add_epi64(h3, _mm256_mul_epu32(f[8], g19_5));
    h4 = _mm256_add_epi64(h4, _mm256_mul_epu32(f[8], g19_6));
    h5 = _mm256_add_epi64(h5, _mm256_mul_epu32(f[8], g19_7));
    h6 = _mm256_add_epi64(h6, _mm256_mul_epu32(f[8], g19_8));
    h7 = _mm256_add_epi64(h7, _mm256_mul_epu32(f[8], g19_9));
    h9 = _mm256_add_epi64(h9, _mm256_mul_epu32(f[9], g[0]));
    h0 = _mm256_add_epi64(h0, _mm256_mul_epu32(f2_9, g19_1));
    h1 = _mm256_add_epi64(h1, _mm256_mul_epu32(f[9], g19_2));
    h2 = _mm256_add_epi64(h2, _mm256_mul_epu32(f2_9, g19_3));
    h3 = _mm256_add_epi64(h3, _mm256_mul_epu32(f[9], g19_4));
    h4 = _mm256_add_epi64(h4, _mm256_mul_epu32(f2_9, g19_5));
    h5 = _mm256_add_epi64(h5, _mm256_mul_epu32(f[9], g19_6));
    h6 = _mm256_add_epi64(h6, _mm256_mul_epu32(f2_9, g19_7));
    h7 = _mm256_add_epi64(h7, _mm256_mul_epu32(f[9], g19_8));
    h8 = _mm256_add_epi64(h8, _mm256_mul_epu32(f2_9, g19_9));
    super::field4::carry([h0,h1,h2,h3,h4,h5,h6,h7,h8,h9])
}} }

impl Fe4 {
    /// Four elements given as ten limbs each (lane j = `e[j]`).
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(super) fn from_lanes(e: &[[u64; 10]; 4]) -> Fe4 {
        Fe4(core::array::from_fn(|i| {
            _mm256_set_epi64x(
                e[3][i] as i64,
                e[2][i] as i64,
                e[1][i] as i64,
                e[0][i] as i64,
            )
        }))
    }

    /// The limbs of lane `J`.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(super) fn lane<const J: i32>(&self) -> [u64; 10] {
        self.0.map(|v| _mm256_extract_epi64::<J>(v) as u64)
    }

    #[inline]
    #[target_feature(enable = "avx2")]
    pub(super) fn add(&self, b: &Fe4) -> Fe4 {
        Fe4(core::array::from_fn(|i| {
            _mm256_add_epi64(self.0[i], b.0[i])
        }))
    }

    /// self - b + 2p, for a carried b.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(super) fn sub(&self, b: &Fe4) -> Fe4 {
        Fe4(core::array::from_fn(|i| {
            _mm256_sub_epi64(
                _mm256_add_epi64(self.0[i], _mm256_set1_epi64x(TWO_P[i])),
                b.0[i],
            )
        }))
    }

    /// self * c for a small constant c < 2^17, carried. Inputs below
    /// 2^27.6 make products below 2^44.6; one pass leaves limbs below
    /// 2^26 + 2^24.4, which is below 2^27.6 and fine to add to a carried
    /// value before a multiplication.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(super) fn mul_small(&self, c: i64) -> Fe4 {
        let cv = _mm256_set1_epi64x(c);
        Fe4(carry_pass(self.0.map(|v| _mm256_mul_epu32(v, cv))))
    }

    /// The lanes rearranged (`vpermq` immediate).
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(super) fn permute<const IMM: i32>(&self) -> Fe4 {
        Fe4(self.0.map(|v| _mm256_permute4x64_epi64::<IMM>(v)))
    }

    /// Lanes from `self` or `b` by a constant `vpblendd` mask (two bits per
    /// 64-bit lane).
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(super) fn blend<const IMM: i32>(&self, b: &Fe4) -> Fe4 {
        Fe4(core::array::from_fn(|i| {
            _mm256_blend_epi32::<IMM>(self.0[i], b.0[i])
        }))
    }

    /// `b`'s lanes where `mask`'s are all ones, `self`'s where zero, in
    /// constant time.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(super) fn select(&self, b: &Fe4, mask: __m256i) -> Fe4 {
        Fe4(core::array::from_fn(|i| {
            _mm256_xor_si256(
                self.0[i],
                _mm256_and_si256(mask, _mm256_xor_si256(self.0[i], b.0[i])),
            )
        }))
    }
}

/// The table for [`fe4_mul_lane3`] by a fixed x (the peer's u, built once
/// per scalar multiplication): `tab[m][i]` lane l holds coef(k, i) x_j for
/// the output limb k = 4m + l, with j = (k - i) mod 10 and coef = 2 if i
/// and j are both odd, times 19 if i > k (wrapped); zero for k >= 10.
/// Entries are at most 38 (2^26 - 1) < 2^32.
#[inline]
#[target_feature(enable = "avx2")]
pub(super) fn lane_mul_table(x: &[u64; 10]) -> [[__m256i; 10]; 3] {
    core::array::from_fn(|m| {
        core::array::from_fn(|i| {
            let e: [i64; 4] = core::array::from_fn(|l| {
                let k = 4 * m + l;
                if k >= 10 {
                    return 0;
                }
                let (j, wrap) = if i <= k {
                    (k - i, false)
                } else {
                    (k + 10 - i, true)
                };
                let mut c = 1u64;
                if i % 2 == 1 && j % 2 == 1 {
                    c *= 2;
                }
                if wrap {
                    c *= 19;
                }
                (c * x[j]) as i64
            });
            _mm256_set_epi64x(e[3], e[2], e[1], e[0])
        })
    })
}

/// Lane 3 of `$v` times the fixed x of `$tab` ([`lane_mul_table`]), the
/// other lanes unchanged, all carried. The one product is spread over the
/// four lanes (lane l of accumulator m computes output limb 4m + l): 30
/// `vpmuludq` instead of a full multiplication's 100. A macro for the
/// same reason as [`fe4_mul`].
macro_rules! fe4_mul_lane3 {
    ($v:expr, $tab:expr) => {{
        let v: &[__m256i; 10] = &$v.0;
        let tab: &[[__m256i; 10]; 3] = $tab;
        // Lane 3 in every lane.
        let b: [__m256i; 10] = core::array::from_fn(|i| _mm256_permute4x64_epi64::<0xFF>(v[i]));
        let acc: [__m256i; 3] = core::array::from_fn(|m| {
            let p: [__m256i; 10] = core::array::from_fn(|i| _mm256_mul_epu32(b[i], tab[m][i]));
            // A balanced sum, for a short dependency chain.
            let s01 = _mm256_add_epi64(p[0], p[1]);
            let s23 = _mm256_add_epi64(p[2], p[3]);
            let s45 = _mm256_add_epi64(p[4], p[5]);
            let s67 = _mm256_add_epi64(p[6], p[7]);
            let s89 = _mm256_add_epi64(p[8], p[9]);
            _mm256_add_epi64(
                _mm256_add_epi64(_mm256_add_epi64(s01, s23), _mm256_add_epi64(s45, s67)),
                s89,
            )
        });
        // Output limb k = 4m + l into lane 3 of vector k.
        let mut h = *v;
        macro_rules! put {
            ($k:expr, $m:expr, $l:expr) => {
                h[$k] = _mm256_blend_epi32::<0xC0>(
                    h[$k],
                    _mm256_permute4x64_epi64::<{ $l * 0x55 }>(acc[$m]),
                );
            };
        }
        put!(0, 0, 0);
        put!(1, 0, 1);
        put!(2, 0, 2);
        put!(3, 0, 3);
        put!(4, 1, 0);
        put!(5, 1, 1);
        put!(6, 1, 2);
        put!(7, 1, 3);
        put!(8, 2, 0);
        put!(9, 2, 1);
        super::field4::carry(h)
    }};
}

/// RFC 7748 5 decodeUCoordinate into ten limbs: little-endian, bit 255
/// masked. Not reduced: the arithmetic is modulo p whatever the limbs hold.
pub(super) fn decode_limbs(b: &[u8; 32]) -> [u64; 10] {
    let mut lo = [0u8; 16];
    let mut hi = [0u8; 16];
    lo.copy_from_slice(&b[..16]);
    hi.copy_from_slice(&b[16..]);
    let lo = u128::from_le_bytes(lo);
    let hi = u128::from_le_bytes(hi) & !(1u128 << 127);
    // Limb i starts at bit ceil(25.5 i).
    const OFFSET: [u32; 10] = [0, 26, 51, 77, 102, 128, 153, 179, 204, 230];
    core::array::from_fn(|i| {
        let (off, width) = (OFFSET[i], if i % 2 == 0 { 26 } else { 25 });
        let v = if off >= 128 {
            hi >> (off - 128)
        } else if off + width <= 128 {
            lo >> off
        } else {
            (lo >> off) | (hi << (128 - off))
        };
        (v as u64) & ((1u64 << width) - 1)
    })
}
