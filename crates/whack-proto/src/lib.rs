//! whack-proto: the control protocol between `whack` and `pluto`.
//!
//! - [`Request`]: one typed request per whack form of the manual (connection, key, myid,
//!   listen, route, initiate, ...). [`ConnectionRequest`] with two [`End`]s is what
//!   `whack --name ... --to ...` and an ipsec.conf `conn` section both become.
//! - [`Reply`]: one line of pluto's answer, an [`Rc`] code and text, shown `NNN text`.
//! - [`exit_status()`]: whack's exit status from the replies, as the manual's last section
//!   states it (table in [`exit_status`](mod@exit_status) and the README).
//! - Framing ([`encode_request`], [`decode_to_pluto`], [`encode_reply`],
//!   [`decode_reply`], [`FrameDecoder`], [`read_to_pluto`], [`read_reply`]): a magic and
//!   version checked on both sides, a 64 KiB payload limit, and a hand-written payload
//!   codec that neither panics nor allocates beyond the frame on hostile bytes.
//! - Value parsers shared with the ipsec.conf reader: [`HostAddr`], [`Subnet`],
//!   [`NextHop`], [`ProtoPort`], [`AddressRange`] and the keyword enums implement
//!   `FromStr` with the spelling whack and ipsec.conf use.
//!
//! ```
//! use whack_proto::{decode_to_pluto, encode_request, Request, ToPluto};
//!
//! let bytes = encode_request(&Request::Listen)?;
//! let (msg, used) = decode_to_pluto(&bytes)?.expect("a whole frame");
//! assert_eq!(msg, ToPluto::Request(Request::Listen));
//! assert_eq!(used, bytes.len());
//! # Ok::<(), whack_proto::Error>(())
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![warn(missing_docs)]

pub mod addr;
mod codec;
mod error;
pub mod exit_status;
mod frame;
pub mod paths;
pub mod rc;
mod reply;
pub mod request;
mod value;

pub use addr::{AddrFamily, AddressRange, HostAddr, NextHop, ProtoPort, Subnet};
pub use error::Error;
pub use exit_status::{exit_status, ExitStatus, RcClass, WHACK_PROBLEM_EXIT};
pub use frame::{
    decode_reply, decode_to_pluto, encode_answer, encode_reply, encode_request, read_reply,
    read_to_pluto, FrameDecoder, ToPluto, HEADER_LEN, MAGIC, MAX_PAYLOAD, VERSION,
};
pub use rc::{Rc, RcOutOfRange};
pub use reply::{Reply, ReplyLineError, MAX_REPLY_TEXT};
pub use request::connection::{
    DhGroup, Dpd, DpdAction, Encaps, FailShunt, Fragmentation, IkeVersion, ModeCfg, Policy, Shunt,
};
pub use request::debug::{DebugChange, DebugClass, Impairment, DEBUG_CLASS_NAMES, IMPAIR_NAMES};
pub use request::end::{Client, SendCa, SendCert};
pub use request::{
    ConnectionRequest, DebugRequest, End, InitiateRequest, ListKind, ListRequest, OppoRequest,
    PublicKeyRequest, Request, RereadKind, RereadRequest, StatusKind, StatusRequest,
};
pub use value::ValueError;
