//! ike-wire: the IKEv1/ISAKMP (RFC 2408/2407/2409) and IKEv2 (RFC 7296) message
//! codec. Parsing borrows from the input; emitting back-patches lengths and
//! next-payload fields. No input may panic or allocate without bound.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[macro_use]
pub mod open_enum;
pub mod capture;
mod cursor;
mod dump;
pub mod error;
pub mod udp;
pub mod v1;
pub mod v2;

pub use dump::dump_datagram;
pub use error::{Context, EncodeError, Error, ErrorKind, Result};
