//! `ipsec.conf` and `ipsec.secrets`, read the way Libreswan reads them, with
//! errors that name file and line.
//!
//! - [`Secrets`]: the ipsec.secrets(5) grammar and the secret lookup.
//! - [`IpsecConf`]: ipsec.conf(5): `config setup`, `conn` sections with
//!   `also=` and `%default`, includes; every keyword typed and validated.
//!   The supported keywords are listed in `config/README.md`.
//! - [`FileSource`]: the disk ([`RealFs`]) or an in-memory set ([`MemFs`]).
#![forbid(unsafe_code)]

pub mod conf;
mod error;
#[doc(hidden)]
pub mod harness;
mod id;
pub mod secrets;
mod source;

pub use conf::IpsecConf;
pub use error::{ConfigError, Location, Warning};
pub use id::{Dn, Id};
pub use secrets::Secrets;
pub use source::{FileSource, MemFs, RealFs, MAX_FILE_BYTES, MAX_INCLUDE_DEPTH};
