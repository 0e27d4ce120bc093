//! X25519 (RFC 7748 5) straight through aws-lc's `X25519()`: one call per
//! shared secret on fixed-size arrays. aws-lc-rs's `agreement::agree`
//! wraps the same function but first builds an `EVP_PKEY` for the peer
//! value and an `EVP_PKEY_CTX` for the derivation (heap allocations and
//! checks that RFC 8031 does not need: the only check it asks for is the
//! all-zero result, which `X25519()` reports).

use aws_lc_sys as sys;

/// Octets of a scalar, a u-coordinate and a shared secret.
pub const LEN: usize = 32;

/// The public value (u-coordinate of scalar * 9) for a private scalar.
pub fn public_from_private(private: &[u8; LEN]) -> [u8; LEN] {
    let mut out = [0u8; LEN];
    // SAFETY: both arguments point to LEN-octet arrays, as the function
    // requires; it cannot fail.
    unsafe { sys::X25519_public_from_private(out.as_mut_ptr(), private.as_ptr()) };
    out
}

/// The shared secret, or None when it is all zero (a low-order peer
/// value; RFC 7748 6.1, RFC 8031 2 say to refuse it).
pub fn shared(private: &[u8; LEN], peer: &[u8; LEN]) -> Option<[u8; LEN]> {
    let mut out = [0u8; LEN];
    // SAFETY: all three arguments point to LEN-octet arrays.
    let ok = unsafe { sys::X25519(out.as_mut_ptr(), private.as_ptr(), peer.as_ptr()) };
    (ok == 1).then_some(out)
}
