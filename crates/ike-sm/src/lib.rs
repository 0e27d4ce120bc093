//! ike-sm: see the crate README and `../../shared/design/ARCHITECTURE.md`.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod config;
pub mod event;
pub mod msg;
pub mod msgid;
pub mod rng;
pub mod serial;
pub mod timer;
pub mod transmit;
