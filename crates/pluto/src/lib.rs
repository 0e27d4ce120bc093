//! pluto: the IKE keying daemon. This library holds everything the `pluto`
//! binary does (options, files, sockets, driving `ike-sm`), so tests can reach it.
#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

// unsafe_code is denied everywhere except `sys` (the daemon fork, umask,
// kill(pid, 0) and getifaddrs); every other module says forbid.
pub mod config;
pub mod debug;
pub mod interfaces;
pub mod keylog;
pub mod lockfile;
pub mod logging;
pub mod options;
#[allow(unsafe_code)]
pub mod sys;
pub mod updown;
