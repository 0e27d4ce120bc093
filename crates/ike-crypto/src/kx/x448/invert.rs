//! Inversion in GF(p) by Fermat: a^(p-2) = a^-1 for a != 0, and 0 for
//! a = 0 (RFC 7748 5: "x_2 * (z_2^(p - 2))"; a zero z_2 gives the all-zero
//! output that the caller refuses). The exponent is fixed, so the sequence
//! of squarings and multiplications is the same for every input.
//!
//! p - 2 = 2^448 - 2^224 - 3 is, from the top bit down: 223 ones, a zero,
//! 222 ones, a zero, a one. With e(k) = a^(2^k - 1) and
//! e(j + k) = e(j)^(2^k) * e(k), the chain builds e(222) and e(223), then
//! a^(p-2) = ((e(223)^(2^223) * e(222))^(2^2)) * a:
//! 447 squarings and 13 multiplications.

use super::field::Fe;
use super::mul::{mul, sqr_n};

/// `e(j)^(2^k) * e(k)`.
fn join(ej: &Fe, k: u32, ek: &Fe) -> Fe {
    mul(&sqr_n(ej, k).loose(), &ek.loose())
}

/// `a^(p-2)`.
pub(super) fn invert(a: &Fe) -> Fe {
    let e1 = *a;
    let e2 = join(&e1, 1, &e1);
    let e3 = join(&e2, 1, &e1);
    let e6 = join(&e3, 3, &e3);
    let e12 = join(&e6, 6, &e6);
    let e24 = join(&e12, 12, &e12);
    let e48 = join(&e24, 24, &e24);
    let e96 = join(&e48, 48, &e48);
    let e192 = join(&e96, 96, &e96);
    let e216 = join(&e192, 24, &e24);
    let e222 = join(&e216, 6, &e6);
    let e223 = join(&e222, 1, &e1);
    // 223 ones, then the zero and 222 ones: shift by 223, fill with e(222)
    let t = join(&e223, 223, &e222);
    // the final zero and one
    join(&t, 2, &e1)
}
