//! IKEv2 (RFC 7296, RFC 7383 fragments, and the notify/CP/EAP extensions).
//!
//! Decoding borrows: [`Message::decode`] gives a [`Message`] whose payloads
//! point into the input. Encoding ([`Message::encode`], [`encode_chain`])
//! writes into a `Vec<u8>` or `BytesMut` and fills in lengths and Next
//! Payload fields. SK and SKF bodies stay opaque: after decryption, parse the
//! inner chain with [`decode_chain`]; to send, encode the inner chain with
//! [`encode_chain`], encrypt it, wrap it in [`Payload::Sk`], encode the
//! message, then use [`sk_layout`] to find the octets the ICV covers.

mod cp;
mod delete;
mod dump;
mod emit;
mod encrypted;
mod header;
pub mod limits;
mod message;
mod notify;
mod payload;
pub mod registry;
mod sa;
mod simple;
mod ts;

pub use cp::{CfgAttribute, Config};
pub use delete::Delete;
pub use dump::{dump, dump_payloads};
pub use emit::Sink;
pub use encrypted::{
    fragment_chunks, sk_layout, Encrypted, EncryptedFragment, FragmentChunk, SkLayout,
};
pub use header::{Flags, Header, RawHeader, HEADER_LEN};
pub use message::Message;
pub use notify::{GatewayIdentity, Notify, NotifyData};
pub use payload::{
    decode_chain, decode_payload_body, encode_chain, unsupported_critical, Payload, CRITICAL,
};
pub use registry::*;
pub use sa::{AttributeValue, Proposal, Sa, Transform, TransformAttribute, TransformId};
pub use simple::{Auth, Cert, Eap, Id, Ke};
pub use ts::{TrafficSelector, Ts};

#[cfg(test)]
mod tests;
