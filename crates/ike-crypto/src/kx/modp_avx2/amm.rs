//! The AVX2 "almost Montgomery" product a b / R mod p of two numbers of
//! `n = 4 nb` radix-2^27 digits, R = 2^(27 n) (Gueron and Krasnov,
//! "Software implementation of modular exponentiation, using advanced
//! vector instructions architectures", 2012, with a non-shifting
//! accumulator).
//!
//! - Digits sit in 64-bit lanes, four to a vector, and stay redundant:
//!   inputs and outputs below 2^27 + 2^11, so `vpmuludq`'s 32-bit operands
//!   hold them and each product is below 2^54.0001. A column of the
//!   2n-digit accumulator gathers at most 2n products (n of a b, n of q p):
//!   below 2^64 for every IKE size (n <= 304 digits, 2n 2^54.0001 < 2^63.3).
//! - The multiplier's digits are taken four at a time (a "block"). Block g
//!   adds b_(4g+j) times a shifted by j digits into accumulator vectors g,
//!   g + 1, ...: the four shifted copies of a are built once per product
//!   ([`shifted`]), so every vector operation is lane-aligned.
//! - The reduction digits q of a block come from scalar code ([`chain`]),
//!   from the block's four columns. For the Oakley and RFC 3526 primes,
//!   p = -1 mod 2^54 (RFC 2412 App. E: their low 64 bits are ones, so
//!   -p^-1 = 1 mod 2^27): q is just a column's low 27 bits and q p_0,
//!   q p_1 are shifts. Other primes (RFC 5114's) take one multiplication
//!   by -p^-1 per digit. The chain of block g + 1 runs as soon as vector
//!   g + 1 is complete, which overlaps it with the rest of block g's
//!   vector work.
//! - No final subtraction: with 4p <= R, inputs below 2p give an output
//!   below a b / R + p < 2p (the caller reduces once, at the end).
//!
//! Nothing branches on or indexes memory by a value: the loops and indices
//! depend on the sizes only, and q is used only arithmetically.

use super::digits::{D, MASK};
use core::arch::x86_64::{
    __m256i, _mm256_add_epi64, _mm256_and_si256, _mm256_blend_epi32, _mm256_extract_epi64,
    _mm256_mul_epu32, _mm256_permute4x64_epi64, _mm256_set1_epi32, _mm256_set1_epi64x,
    _mm256_set_epi64x, _mm256_setzero_si256, _mm256_srli_epi64,
};

/// x + b[0] v[0] + b[1] v[1] + b[2] v[2] + b[3] v[3], as a balanced sum.
/// A macro so it is inlined into the `#[target_feature]` callers.
macro_rules! mac4 {
    ($x:expr, $b:expr, $v:expr) => {{
        let (b, v): (&[__m256i; 4], &[__m256i; 4]) = (&$b, &$v);
        _mm256_add_epi64(
            $x,
            _mm256_add_epi64(
                _mm256_add_epi64(_mm256_mul_epu32(b[0], v[0]), _mm256_mul_epu32(b[1], v[1])),
                _mm256_add_epi64(_mm256_mul_epu32(b[2], v[2]), _mm256_mul_epu32(b[3], v[3])),
            ),
        )
    }};
}

/// The four lanes of `v`, each broadcast to a whole vector.
macro_rules! broadcast {
    ($v:expr) => {{
        let v: __m256i = $v;
        [
            _mm256_permute4x64_epi64::<0x00>(v),
            _mm256_permute4x64_epi64::<0x55>(v),
            _mm256_permute4x64_epi64::<0xAA>(v),
            _mm256_permute4x64_epi64::<0xFF>(v),
        ]
    }};
}

/// The lanes of `v` as integers.
macro_rules! lanes {
    ($v:expr) => {{
        let v: __m256i = $v;
        [
            _mm256_extract_epi64::<0>(v) as u64,
            _mm256_extract_epi64::<1>(v) as u64,
            _mm256_extract_epi64::<2>(v) as u64,
            _mm256_extract_epi64::<3>(v) as u64,
        ]
    }};
}

/// Exact digits into vectors (lane k of vector v = digit 4v + k).
#[inline]
#[target_feature(enable = "avx2")]
pub(super) fn load(d: &[u64]) -> Vec<__m256i> {
    let mut out = Vec::with_capacity(d.len() / 4);
    for c in d.chunks_exact(4) {
        out.push(_mm256_set_epi64x(
            c[3] as i64,
            c[2] as i64,
            c[1] as i64,
            c[0] as i64,
        ));
    }
    out
}

/// The modulus side of the product, built once per exponentiation.
pub(super) struct Modulus {
    /// `ps[d][j]` lane m = digit 4d + m - j of p (zero outside p).
    ps: Vec<[__m256i; 4]>,
    /// p's four low digits.
    low: [u64; 4],
    /// -p^-1 mod 2^27.
    minv: u64,
    /// Whether p = -1 mod 2^54 (then `minv` = 1 and the low two digits
    /// are 2^27 - 1: the shorter chain).
    minus_one: bool,
}

impl Modulus {
    /// From p's exact digits (4 nb of them, p odd).
    #[target_feature(enable = "avx2")]
    pub(super) fn new(p: &[u64]) -> Modulus {
        let nb = p.len() / 4;
        let v = load(p);
        let mut ps = vec![[_mm256_setzero_si256(); 4]; nb + 1];
        shifted(&v, &mut ps);
        let low = core::array::from_fn(|i| p.get(i).copied().unwrap_or(0));
        // Newton's iteration for p^-1 mod 2^64 (each step doubles the
        // correct low bits; p p = 1 mod 8 for odd p gives 3).
        let mut inv = low[0];
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(low[0].wrapping_mul(inv)));
        }
        Modulus {
            ps,
            low,
            minv: inv.wrapping_neg() & MASK,
            minus_one: low[0] == MASK && low[1] == MASK,
        }
    }
}

/// Working memory of one product, reused across an exponentiation.
pub(super) struct Scratch {
    /// The shifted copies of a, as `Modulus::ps`.
    pub(super) ash: Vec<[__m256i; 4]>,
    /// 2n accumulator columns.
    pub(super) acc: Vec<__m256i>,
}

/// `out[d][j]` lane m = digit 4d + m - j of `a` (zero outside), for d in
/// 0..=a.len(): vector d rotated up by j lanes, its low j lanes taken from
/// vector d - 1 rotated the same way.
#[inline]
#[target_feature(enable = "avx2")]
pub(super) fn shifted(a: &[__m256i], out: &mut [[__m256i; 4]]) {
    let zero = _mm256_setzero_si256();
    let mut prev = [zero; 3];
    for (d, slot) in out.iter_mut().enumerate() {
        let v = a.get(d).copied().unwrap_or(zero);
        // Lane m of r_j is lane m - j (mod 4) of v.
        let r1 = _mm256_permute4x64_epi64::<0x93>(v);
        let r2 = _mm256_permute4x64_epi64::<0x4E>(v);
        let r3 = _mm256_permute4x64_epi64::<0x39>(v);
        *slot = [
            v,
            _mm256_blend_epi32::<0x03>(r1, prev[0]),
            _mm256_blend_epi32::<0x0F>(r2, prev[1]),
            _mm256_blend_epi32::<0x3F>(r3, prev[2]),
        ];
        prev = [r1, r2, r3];
    }
}

/// The reduction digits of one block from its four accumulator columns
/// `col` (holding every a b product and the earlier blocks' q p ones) and
/// the carry `cin` into the first: q0..q3 and the carry into the next
/// block's first column. The products of q by p's low four digits within
/// the block are added here; every other q p product is the vector
/// code's.
#[inline(always)]
fn chain(col: [u64; 4], cin: u64, m: &Modulus) -> ([u64; 4], u64) {
    let [p0, p1, p2, p3] = m.low;
    if m.minus_one {
        // p_0 = p_1 = 2^27 - 1 and q = c mod 2^27: c + q p_0 is
        // ((c >> 27) + q) 2^27, and adding q p_1 to the next column as
        // well gives (c >> 27) + (q << 27) there: no multiplication on the
        // chain's critical path.
        let c0 = col[0] + cin;
        let q0 = c0 & MASK;
        let c1 = col[1] + (c0 >> D) + (q0 << D);
        let q1 = c1 & MASK;
        let c2 = col[2] + q0 * p2 + (c1 >> D) + (q1 << D);
        let q2 = c2 & MASK;
        let c3 = col[3] + (q0 * p3 + q1 * p2) + (c2 >> D) + (q2 << D);
        let q3 = c3 & MASK;
        return ([q0, q1, q2, q3], (c3 >> D) + q3);
    }
    // Any odd p (RFC 5114's): q = c (-p^-1) mod 2^27 makes c + q p_0
    // divisible by 2^27.
    let k = m.minv;
    let c0 = col[0] + cin;
    let q0 = c0.wrapping_mul(k) & MASK;
    let c1 = col[1] + ((c0 + q0 * p0) >> D) + q0 * p1;
    let q1 = c1.wrapping_mul(k) & MASK;
    let c2 = col[2] + ((c1 + q1 * p0) >> D) + q0 * p2 + q1 * p1;
    let q2 = c2.wrapping_mul(k) & MASK;
    let c3 = col[3] + ((c2 + q2 * p0) >> D) + q0 * p3 + q1 * p2 + q2 * p1;
    let q3 = c3.wrapping_mul(k) & MASK;
    ([q0, q1, q2, q3], (c3 + q3 * p0) >> D)
}

/// Two rounds of carries over all digits at once (each digit keeps 27
/// bits and gains the excess of the one below): any digits below 2^64 in,
/// digits below 2^27 + 2^11 out. The carry out of the top digit is zero
/// (the value is below 2p < R).
#[inline]
#[target_feature(enable = "avx2")]
fn normalize(r: &mut [__m256i]) {
    let mask = _mm256_set1_epi64x(MASK as i64);
    for _ in 0..2 {
        let mut prev = _mm256_setzero_si256();
        for x in r.iter_mut() {
            let hi = _mm256_srli_epi64::<{ D as i32 }>(*x);
            let lo = _mm256_and_si256(*x, mask);
            // [hi3, hi0, hi1, hi2]; lane 0 from the vector below.
            let up = _mm256_permute4x64_epi64::<0x93>(hi);
            *x = _mm256_add_epi64(lo, _mm256_blend_epi32::<0x03>(up, prev));
            prev = up;
        }
    }
}

/// `out = a b / R mod p`, almost (below 2p for inputs below 2p; see the
/// module documentation). All slices hold `nb` vectors of digits, `m.ps`
/// and `s.ash` nb + 1 entries, `s.acc` 2 nb vectors.
#[target_feature(enable = "avx2")]
pub(super) fn amm(m: &Modulus, s: &mut Scratch, out: &mut [__m256i], a: &[__m256i], b: &[__m256i]) {
    let nb = out.len();
    assert!(nb > 0 && a.len() == nb && b.len() == nb);
    assert!(m.ps.len() == nb + 1 && s.ash.len() == nb + 1 && s.acc.len() == 2 * nb);
    shifted(a, &mut s.ash);
    let (ash, ps, acc) = (&s.ash, &m.ps, &mut s.acc);
    let zero = _mm256_setzero_si256();
    acc.fill(zero);

    let mut bb = broadcast!(b[0]);
    acc[0] = mac4!(zero, bb, ash[0]);
    let (mut q, mut cin) = chain(lanes!(acc[0]), 0, m);
    for g in 0..nb {
        // The 32-bit broadcast keeps q in both halves of each lane, so the
        // compiler cannot drop the operand masking of `vpmuludq` and turn
        // it into a full 64-bit multiplication (which it did when it knew
        // the upper halves were zero, but lost that across the loop).
        let qq = q.map(|x| _mm256_set1_epi32(x as i32));
        // Vector g + 1 first, with block g + 1's own products, so that its
        // chain can overlap the rest of block g.
        let mut x = mac4!(mac4!(acc[g + 1], bb, ash[1]), qq, ps[1]);
        let mut next = (q, cin);
        let mut nbb = bb;
        if g + 1 < nb {
            nbb = broadcast!(b[g + 1]);
            x = mac4!(x, nbb, ash[0]);
            next = chain(lanes!(x), cin, m);
        }
        acc[g + 1] = x;
        for ((c, av), pv) in acc[g + 2..g + nb + 1]
            .iter_mut()
            .zip(&ash[2..])
            .zip(&ps[2..])
        {
            *c = mac4!(mac4!(*c, bb, *av), qq, *pv);
        }
        bb = nbb;
        (q, cin) = next;
    }
    // The last block's carry goes into column n.
    let r = &mut acc[nb..];
    r[0] = _mm256_add_epi64(r[0], _mm256_set_epi64x(0, 0, 0, cin as i64));
    normalize(r);
    out.copy_from_slice(r);
}
