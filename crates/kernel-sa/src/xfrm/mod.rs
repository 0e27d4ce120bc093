//! The Linux XFRM backend (what the manual calls NETKEY, `--use-netkey`).
//!
//! Messages are built and parsed with the rust-netlink crates (`netlink-packet-xfrm`,
//! `netlink-packet-core`) and sent over `netlink-sys`; this module maps the typed
//! requests of this crate to them ([`encode`]) and back ([`decode`]). No `unsafe` is
//! needed: the socket calls are netlink-sys's.

pub mod algs;
pub mod bypass;
pub mod decode;
pub mod encode;
mod kernel;
mod socket;

pub use kernel::XfrmKernel;
pub use socket::parse_datagram;
