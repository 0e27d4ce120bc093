//! Variable-base scalar multiplication d P in constant time, on the shared
//! signed-odd 5-bit window (`kx::window`): 255 doublings and 51 additions
//! for every scalar, plus the table of 1P .. 31P (one doubling, 15
//! additions). That is the operation count of OpenSSL's nistz256 (Booth
//! digits over a 16-entry table), without its zero digits, so no addition
//! ever meets the point at infinity.
//!
//! Why the incomplete addition is safe for every digit but the last:
//! before the addition of digit i, acc = 32 v P with v odd and
//! 1 <= v < 2^(256 - 5(i + 1)). For i >= 1, 32 v -+ d_i lies in
//! (0, 2^251 + 31), below n, so acc != +-q and neither is infinity. At
//! the last (i = 0) the sum is k P with 0 < k < n, never infinity;
//! acc = q would need k = n + 2 d_0 with d_0 = (k mod 64) - 32, which
//! forces d_0 = 15 (n = 17 mod 64) and k > n: impossible. The last
//! addition still takes the complete formula (one extra doubling per
//! scalar multiplication), so no argument of this kind is load-bearing
//! there.

use super::point::{Affine, Jacobian, G};
use super::scalar::{Scalar, DIGITS};
use crate::kx::window::{self, FixedBase};
use std::sync::OnceLock;

/// d P.
pub(super) fn mul(p: &Affine, d: &Scalar) -> Jacobian {
    window::mul(p.to_jacobian(), &d.recode())
}

/// d G, from G's table (built on first use, about 0.2 ms): 51 additions
/// instead of 255 doublings and 51 additions.
pub(super) fn mul_g(d: &Scalar) -> Jacobian {
    static TABLE: OnceLock<FixedBase<Jacobian, DIGITS>> = OnceLock::new();
    let table = TABLE.get_or_init(|| FixedBase::new(G.to_jacobian()));
    window::mul_fixed(table, &d.recode())
}
