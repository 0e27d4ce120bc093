//! The aws-lc-rs provider (feature `aws-lc`).

use crate::provider::CryptoProvider;

/// The aws-lc provider. Until its own tables are complete it reuses the
/// pure-Rust implementations for everything aws-lc-rs does not cover.
pub fn provider() -> CryptoProvider {
    let mut p = crate::provider::rustcrypto();
    p.name = "aws-lc";
    p
}
