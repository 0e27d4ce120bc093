//! Variable-base scalar multiplication d P in constant time, on the shared
//! signed-odd 5-bit window (`kx::window`): 520 doublings and 104
//! additions for every scalar, no branch or memory index that depends on
//! it (compare OpenSSL's ecp_nistp521.c, which uses Booth digits with zero
//! and must test for the point at infinity at each addition).
//!
//! Why the incomplete addition is safe for every digit but the last:
//! before the addition of digit i, acc = 32 v P with v odd and
//! 1 <= v < 2^516, so 0 < 32 v -+ d_i < n: acc != +-q, and neither is
//! infinity. At the last, acc + q = k P with 0 < k < n is never infinity;
//! acc = q would need 32 v = n + d_0, i.e. k = n + 2 d_0 with
//! d_0 = (k mod 64) - 32, which forces d_0 = 23 (n = 9 mod 64) and k > n:
//! it cannot happen either. The last addition still takes the complete
//! formula (one extra doubling per scalar multiplication), so no argument
//! of this kind is load-bearing there.

use super::point::{Affine, Jacobian, G};
use super::scalar::{Scalar, DIGITS};
use crate::kx::window::{self, FixedBase};
use std::sync::OnceLock;

/// d P.
pub(super) fn mul(p: &Affine, d: &Scalar) -> Jacobian {
    window::mul(p.to_jacobian(), &d.recode())
}

/// d G, from G's table (built on first use, 104 rows of 16 points, 351
/// KiB): 104 additions instead of 520 doublings and 104 additions.
pub(super) fn mul_g(d: &Scalar) -> Jacobian {
    static TABLE: OnceLock<FixedBase<Jacobian, DIGITS>> = OnceLock::new();
    let table = TABLE.get_or_init(|| FixedBase::new(G.to_jacobian()));
    window::mul_fixed(table, &d.recode())
}
