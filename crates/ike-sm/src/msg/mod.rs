//! The owned IKEv2 message model the state machine works on, and its
//! conversion to and from `ike-wire`'s IKEv2 messages (the one codec:
//! nothing here parses or lays out octets itself).
//!
//! Handlers see owned, validated payloads; encrypted bodies (SK, SKF) are
//! kept as raw bytes until `protect` decrypts them.

pub mod consts;
mod decode;
mod encode;

pub use decode::{decode, decode_chain, CodecError};
pub use encode::{encode_chain, encode_message, encode_sk_prefix};

use crate::config::proposal::Offered;
use crate::config::selector::TrafficSelector;

/// The IKE header (RFC 7296 3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// IKE SA Initiator's SPI.
    pub spi_i: u64,
    /// IKE SA Responder's SPI.
    pub spi_r: u64,
    /// First payload type.
    pub next_payload: u8,
    /// Version byte (0x20 for IKEv2).
    pub version: u8,
    /// Exchange type.
    pub exchange: u8,
    /// Flags (I = 0x08, V = 0x10, R = 0x20).
    pub flags: u8,
    /// Message ID.
    pub message_id: u32,
    /// Length of the whole message.
    pub length: u32,
}

impl Header {
    /// Sent by the original initiator?
    pub fn is_initiator(&self) -> bool {
        self.flags & consts::FLAG_I != 0
    }
    /// A response?
    pub fn is_response(&self) -> bool {
        self.flags & consts::FLAG_R != 0
    }
}

/// A Notify payload (RFC 7296 3.10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notify {
    /// Protocol ID (0 none, 1 IKE, 3 ESP).
    pub protocol: u8,
    /// SPI (may be empty).
    pub spi: Vec<u8>,
    /// Notify message type.
    pub kind: u16,
    /// Notification data.
    pub data: Vec<u8>,
}

impl Notify {
    /// A notify without SPI.
    pub fn new(kind: u16, data: Vec<u8>) -> Self {
        Notify {
            protocol: 0,
            spi: Vec::new(),
            kind,
            data,
        }
    }
}

/// A Delete payload (RFC 7296 3.11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delete {
    /// Protocol ID: 1 IKE (no SPIs), 3 ESP.
    pub protocol: u8,
    /// SPIs (4 octets each for ESP).
    pub spis: Vec<Vec<u8>>,
}

/// One payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// SA (33)
    Sa(Vec<Offered>),
    /// KE (34): DH group and public value.
    Ke {
        /// Group number.
        group: u16,
        /// Public value.
        data: Vec<u8>,
    },
    /// IDi (35): ID type and data.
    IdI(u8, Vec<u8>),
    /// IDr (36)
    IdR(u8, Vec<u8>),
    /// CERT (37): encoding and data.
    Cert(u8, Vec<u8>),
    /// CERTREQ (38): encoding and data.
    CertReq(u8, Vec<u8>),
    /// AUTH (39): method and data.
    Auth {
        /// Auth method.
        method: u8,
        /// Authentication data.
        data: Vec<u8>,
    },
    /// Nonce (40)
    Nonce(Vec<u8>),
    /// Notify (41)
    Notify(Notify),
    /// Delete (42)
    Delete(Delete),
    /// Vendor ID (43)
    Vendor(Vec<u8>),
    /// TSi (44)
    TsI(Vec<TrafficSelector>),
    /// TSr (45)
    TsR(Vec<TrafficSelector>),
    /// Any other payload, kept raw.
    Other {
        /// Payload type.
        kind: u8,
        /// Critical bit.
        critical: bool,
        /// Body after the generic header.
        body: Vec<u8>,
    },
}

impl Payload {
    /// Payload type number.
    pub fn kind(&self) -> u8 {
        use consts::pt;
        match self {
            Payload::Sa(_) => pt::SA,
            Payload::Ke { .. } => pt::KE,
            Payload::IdI(..) => pt::IDI,
            Payload::IdR(..) => pt::IDR,
            Payload::Cert(..) => pt::CERT,
            Payload::CertReq(..) => pt::CERTREQ,
            Payload::Auth { .. } => pt::AUTH,
            Payload::Nonce(_) => pt::NONCE,
            Payload::Notify(_) => pt::NOTIFY,
            Payload::Delete(_) => pt::DELETE,
            Payload::Vendor(_) => pt::VENDOR,
            Payload::TsI(_) => pt::TSI,
            Payload::TsR(_) => pt::TSR,
            Payload::Other { kind, .. } => *kind,
        }
    }
}

/// The encrypted part of a message as received: SK (46) or SKF (53).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encrypted {
    /// Type of the first inner payload (0 for non-first fragments).
    pub first_inner: u8,
    /// Fragment number and total, for SKF (RFC 7383 2.5).
    pub fragment: Option<(u16, u16)>,
    /// Offset in the datagram where the SK/SKF payload header starts.
    pub payload_offset: usize,
    /// IV ‖ ciphertext ‖ ICV.
    pub body: Vec<u8>,
}

/// A decoded message: header, cleartext payloads, optional encrypted part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// IKE header.
    pub header: Header,
    /// Payloads outside SK (all of them for IKE_SA_INIT).
    pub payloads: Vec<Payload>,
    /// The SK or SKF payload, which must be last.
    pub encrypted: Option<Encrypted>,
}

impl Message {
    /// Notifies in `payloads`.
    pub fn notifies(&self) -> impl Iterator<Item = &Notify> {
        notifies(&self.payloads)
    }
}

/// Notifies in a payload list.
pub fn notifies(p: &[Payload]) -> impl Iterator<Item = &Notify> {
    p.iter().filter_map(|p| match p {
        Payload::Notify(n) => Some(n),
        _ => None,
    })
}

/// The first notify of a type.
pub fn find_notify(p: &[Payload], kind: u16) -> Option<&Notify> {
    notifies(p).find(|n| n.kind == kind)
}

#[cfg(test)]
mod tests;
