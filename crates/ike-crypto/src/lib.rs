//! ike-crypto: see the crate README and `../../shared/design/ARCHITECTURE.md`.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
