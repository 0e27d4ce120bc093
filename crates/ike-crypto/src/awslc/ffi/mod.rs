//! The aws-lc provider's `unsafe` module: every call into aws-lc-sys lives
//! below this module and is wrapped in a safe API. Each file covers one
//! concept: [`bn`] (MODP exponentiation with a cached Montgomery context),
//! [`hmac`] (HMAC on a stack `HMAC_CTX`, no allocation) and [`x25519`]. Pointers are
//! checked for NULL and freed on every path by RAII guards.

pub mod bn;
pub mod hmac;
pub mod x25519;
