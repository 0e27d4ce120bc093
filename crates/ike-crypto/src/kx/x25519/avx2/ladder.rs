//! The X25519 Montgomery ladder (RFC 7748 5) with its four coordinates in
//! the four lanes of [`Fe4`].
//!
//! The state is (z2, x2, x3, z3). One ladder step (RFC 7748 5's loop
//! body) is two full 4-way multiplications, a multiplication by 121666
//! and one multiplication of a single lane by the fixed x1:
//! - [A, B, C, -D] * [A, B, B, A] = [AA, BB, CB, -DA];
//! - [E, AA, T, -S] * [BB + 121666 E, BB, T, -S] = [z2', x2', x3', S^2],
//!   with E = AA - BB, T = DA + CB, S = DA - CB (so z2' = E (AA + a24 E)
//!   with a24 = 121665, written as E (BB + 121666 E));
//! - lane 3 times x1 gives z3' = x1 S^2, and the result is already in the
//!   state's layout.
//!
//! The conditional swap of (x2, z2) and (x3, z3) is a lane reversal
//! selected by a mask: no branch or memory index depends on the scalar.

use super::field4::{decode_limbs, lane_mul_table, Fe4};
use core::arch::x86_64::{
    __m256i, _mm256_add_epi64, _mm256_blend_epi32, _mm256_mul_epu32, _mm256_mullo_epi32,
    _mm256_permute4x64_epi64, _mm256_set1_epi64x,
};

/// One ladder step on v = [z2, x2, x3, z3] (the names of RFC 7748 5).
#[inline]
#[target_feature(enable = "avx2")]
pub(super) fn step(v: &Fe4, x1: &[[__m256i; 10]; 3]) -> Fe4 {
    let vp = v.permute::<0xB1>(); // [x2, z2, z3, x3]
    let s = v.add(&vp); // [A, A, C, C]
    let t = v.sub(&vp); // [-B, B, D, -D]
    let h = s.blend::<0xCC>(&t); // [A, B, C, -D]
    let right = h.permute::<0x14>(); // [A, B, B, A]
    let m1 = fe4_mul!(h, right); // [AA, BB, CB, -DA]
    let p = m1.permute::<0xB1>(); // [BB, AA, -DA, CB]
    let sum = m1.add(&p); // lane 3: CB - DA = -S
    let dif = m1.sub(&p); // lane 0: AA - BB = E; lane 2: CB + DA = T
    let w = p.add(&dif.mul_small(121_666)); // lane 0: BB + 121666 E
    let left2 = dif.blend::<0x0C>(&p).blend::<0xC0>(&sum); // [E, AA, T, -S]
    let right2 = w.blend::<0x0C>(&m1).blend::<0x30>(&dif).blend::<0xC0>(&sum); // [BB + 121666 E, BB, T, -S]
    let m2 = fe4_mul!(left2, right2); // [z2', x2', x3', S^2]
    fe4_mul_lane3!(m2, x1) // [z2', x2', x3', x1 S^2 = z3']
}

/// All ones in every lane when `bit` is 1, zero when 0.
#[inline]
#[target_feature(enable = "avx2")]
fn mask_of(bit: u64) -> __m256i {
    _mm256_set1_epi64x(0u64.wrapping_sub(bit) as i64)
}

/// The ladder for the scalar k (clamped here, RFC 7748 5) and the peer's
/// u: the limbs of x2 and z2 at the end (RFC 7748 5 returns x2 / z2).
#[target_feature(enable = "avx2")]
pub(super) fn ladder(k: &[u8; 32], u: &[u8; 32]) -> ([u64; 10], [u64; 10]) {
    let mut k = *k;
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;
    let x1 = decode_limbs(u);
    let mut one = [0u64; 10];
    one[0] = 1;
    let x1_table = lane_mul_table(&x1);
    // x2 = 1, z2 = 0, x3 = u, z3 = 1.
    let mut v = Fe4::from_lanes(&[[0; 10], one, x1, one]);
    let mut swap = 0u64;
    for t in (0..255).rev() {
        let bit = u64::from((k[t >> 3] >> (t & 7)) & 1);
        let swapped = v.select(&v.permute::<0x1B>(), mask_of(swap ^ bit));
        v = step(&swapped, &x1_table);
        swap = bit;
    }
    let last = v.select(&v.permute::<0x1B>(), mask_of(swap));
    k.fill(0);
    (last.lane::<1>(), last.lane::<0>())
}
