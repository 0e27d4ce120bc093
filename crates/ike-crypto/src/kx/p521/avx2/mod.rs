//! The variable-base P-521 scalar multiplication of
//! [`SecretScalar::diffie_hellman`](super::SecretScalar::diffie_hellman) on
//! AVX2, for x86-64 CPUs that have it; the scalar code (`field.rs`,
//! `point.rs`, `ladder.rs`) is the fallback and the reference of the tests.
//! Public-key generation (fixed base) stays on the scalar code.
//!
//! From the research spike p521-avx2 (2026-11-27): on this project's AMD
//! EPYC (Zen 3) VM it measured 252-255 us per shared secret against 340-345
//! us for the scalar code; a field multiplication 32 ns against 61 ns, a
//! squaring 31 ns against 44 ns. Integrated, the crate's percall bench
//! (`dhderive-DH21/rustcrypto`, 2026-11-28, best minimum of interleaved
//! runs on the same noisy VM) gave 256 us against 343 us for the scalar
//! path with the spike's empty-`asm!` value barrier, 269 us without it
//! (this code).
//!
//! # Representation
//!
//! One element of GF(2^521 - 1) is 18 limbs of 29 bits in five 256-bit
//! vectors ([`field29`]): limb k is 64-bit lane k % 4 of vector k / 4, and
//! the value is sum limb_k 2^(29 k) mod p. Lanes 18 and 19 (vector 4, lanes
//! 2 and 3) are don't-care: no operation lets them reach limbs 0..17 (in a
//! product they only meet columns >= 18; the carry moves them up, into
//! lanes 19 and out). 18 * 29 = 522, so 2^522 = 2 (mod p): a product
//! column that wraps past limb 17 re-enters at the bottom doubled, and so
//! does the carry out of limb 17.
//!
//! # Bounds
//!
//! * **Tight**: every limb < 2^29 + 2^12 ([`field29::TIGHT`]). The input of
//!   every multiplication and squaring, and the output of every operation
//!   (the products return < 2^29 + 2^7, the fused ones < 2^29 + 2^9.3).
//!   `vpmuludq` multiplies only the low 32 bits of each lane, so inputs
//!   must be below 2^32; tight guarantees it.
//! * **Columns**: column k of the cyclic product of two tight elements is
//!   (k + 1) plain products and (17 - k) doubled ones (the wrapped part),
//!   weight at most 35 (k = 0), so each column is below
//!   35 (2^29 + 2^12)^2 < 2^63.15 < 2^64: no lane overflows. The true limit
//!   is limbs below sqrt(2^64 / 35) ~ 2^29.43; two non-tight inputs
//!   (limbs near 2^30) could reach 35 * 2^60 > 2^64, which is why every
//!   addition and subtraction carries before it can feed a product.
//! * **Carry pass** (`fe29_carry!`, all limbs at once, no serial chain):
//!   limb_k <- (limb_k & (2^29 - 1)) + (limb_{k-1} >> 29), limb 0 gets
//!   2 (limb_17 >> 29). From columns < 2^63.15 pass 1 gives limbs
//!   < 2^29 + 2^35.15 and pass 2 < 2^29 + 2 (2^6.15 + 1) < 2^29 + 2^7. From
//!   limbs below 2^29 K (the linear operations, K small) one pass gives
//!   < 2^29 + 2K + 2.
//! * **Linear operations**, each one pass, tight in and out: a + b
//!   (< 2^30 + 2^13), a - b as a + 4p - b (4p written with every limb at
//!   least 2^30 - 4, above any tight limb, so no lane goes negative),
//!   a + 8p - b for b a sum of up to three tight elements (8p's limbs at
//!   least 2^31 - 8), 3a after one pass of a product. `field29.rs` checks
//!   these inequalities at compile time.
//! * **Fused products** (`field29::mul_post`): columns, pass 1, times 2^S
//!   (S <= 2), plus 8p - x, pass 2: < 2^29 + 2^9.3.
//!
//! The tests (`tests.rs`) drive mul and square with every limb at
//! 2^29 + 2^12 - 1 and check that each output is tight and equal to the
//! scalar code's.
//!
//! # Safety and constant time
//!
//! The arithmetic is safe code: intrinsics are safe inside a function
//! compiled for their features. The one `unsafe` is the call of
//! [`mul_affine_x`] into the AVX2 code after the CPU was asked (no inline
//! assembly: see `field29.rs` for the 5% that cost). Nothing branches on,
//! or indexes memory by, a secret: the code
//! is straight-line and the table is read by a full masked scan, as in the
//! scalar ladder.

mod field29;
mod point29;
#[cfg(test)]
mod tests;

use super::field::FieldElement;
use super::point::Affine;
use super::scalar::Scalar;

/// The affine x coordinate of d P (the shared secret of RFC 5903 9 before
/// encoding), or `None` when the CPU has no AVX2.
pub(super) fn mul_affine_x(p: &Affine, d: &Scalar) -> Option<FieldElement> {
    if !std::is_x86_feature_detected!("avx2") {
        return None;
    }
    #[allow(unsafe_code)]
    // SAFETY: the CPU has AVX2, the one feature `point29::mul_affine_x` is
    // compiled for (checked just above); the function itself is safe code.
    let x = unsafe { point29::mul_affine_x(p, d) };
    Some(x)
}
