//! pluto: the IKE keying daemon. This library holds everything the `pluto`
//! binary does (options, files, sockets, driving `ike-sm`), so tests can reach it.
//!
//! The daemon is thin: it owns the clock, the sockets, the files and the
//! processes; every protocol rule lives in `ike-sm` ([`engine`] feeds it).
#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

// unsafe_code is denied everywhere except `sys` (the daemon fork, umask,
// kill(pid, 0) and getifaddrs); every other module says forbid.
pub mod conf_load;
pub mod config;
pub mod conns;
pub mod ctl;
pub mod daemon;
pub mod debug;
pub mod defaultroute;
mod dispatch;
pub mod engine;
pub mod helpers;
pub mod interfaces;
pub mod keepalive;
pub mod kevents;
pub mod keylog;
pub mod lockfile;
pub mod logging;
pub mod options;
pub mod perpeer;
pub mod routing;
pub mod rsakey;
pub mod startup;
pub mod status;
#[allow(unsafe_code)]
pub mod sys;
pub mod translate;
pub mod trap;
pub mod uniqueids;
pub mod updown;
pub mod whackrecord;
