//! pluto: the IKE keying daemon. This library holds everything the `pluto`
//! binary does (options, files, sockets, driving `ike-sm`), so tests can reach it.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod config;
