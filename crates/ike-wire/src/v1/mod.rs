//! IKEv1 / ISAKMP (RFC 2408, 2407, 2409, 3947, 3706, XAUTH and ModeCfg drafts).
//!
//! [`Message::decode`] parses a datagram into a [`Message`] borrowing from it;
//! [`Message::encode`] emits one, computing every Next Payload and Length.
//! When the E flag is set the body stays opaque ([`Body::Encrypted`]); after
//! decryption, [`decode_payload_chain`] parses the inner chain (allowing the
//! encryption padding described at [`is_padding`]).
//!
//! Decoding is strict where leniency would break `encode(decode(b)) == b`:
//! RESERVED fields must be zero, undefined header flag bits are refused,
//! Proposal/Transform Next Payload values and "# of Transforms" must match
//! the structure (RFC 2408 3.5, 3.6), and nothing may follow the last payload
//! of a plain message. Octets of the datagram after the header's Length are
//! ignored. Counts are capped by [`limits`]; errors carry the absolute offset
//! and the payload type being read.
//!
//! ```
//! use ike_wire::v1::{Message, Body, Header, Payload, ExchangeType};
//! let msg = Message {
//!     header: Header {
//!         initiator_cookie: [1; 8],
//!         responder_cookie: [0; 8],
//!         minor_version: 0,
//!         exchange_type: ExchangeType::Informational,
//!         commit: false,
//!         authentication_only: false,
//!         message_id: 7,
//!     },
//!     body: Body::Plain(vec![Payload::VendorId(b"hello")]),
//! };
//! let bytes = msg.encode().unwrap();
//! assert_eq!(Message::decode(&bytes).unwrap(), msg);
//! ```

mod attribute;
mod cfg;
mod delete;
mod dump;
mod fragment;
mod id;
pub mod limits;
mod message;
mod nat;
mod notify;
mod payload;
pub mod registry;
mod sa;
pub mod vendor;
mod writer;

pub use attribute::{AttributeValue, DataAttribute};
pub use cfg::AttributePayload;
pub use delete::{Delete, SpiList};
pub use dump::{dump, dump_payloads};
pub use fragment::{Fragment, FRAGMENT_LAST};
pub use id::{Identification, Identity};
pub use message::{Body, Header, Message, RawHeader, HEADER_LEN};
pub use nat::{NatNumbering, NatOa};
pub use notify::Notification;
pub use payload::{
    decode_payload_body, decode_payload_chain, encode_payload_chain, is_padding, Certificate,
    CertificateRequest, Payload, PayloadChain,
};
pub use registry::*;
pub use sa::{Proposal, SecurityAssociation, Transform, TransformId};
pub use vendor::KnownVendorId;
