//! Constant-time comparison (MACs, ICVs, AUTH payloads).

use subtle::ConstantTimeEq;

/// Constant-time equality of two byte strings. The lengths are not secret.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}
