//! A whole IKEv2 message: header and payload chain (RFC 7296 3.1, 3.2).

use crate::error::Result;
use crate::v2::emit::{patch_len32, pos, Sink};
use crate::v2::encrypted::{Encrypted, EncryptedFragment};
use crate::v2::header::{Header, RawHeader, HEADER_LEN};
use crate::v2::notify::Notify;
use crate::v2::payload::{decode_chain_at, encode_chain, unsupported_critical, Payload};
use crate::v2::registry::{NotifyType, PayloadType};
use crate::v2::sa::Sa;
use crate::v2::simple::Ke;
use crate::EncodeError;

/// An IKEv2 message whose payloads borrow from the decoded buffer (or from
/// the caller's data, when building one to send).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    /// The header (Next Payload and Length are derived when encoding).
    pub header: Header,
    /// The payloads in order; an SK or SKF payload can only be the last.
    pub payloads: Vec<Payload<'a>>,
}

impl<'a> Message<'a> {
    /// Decode one IKEv2 message that fills `buf` exactly (a UDP 500
    /// datagram, or a UDP 4500 one after the non-ESP marker). Unknown
    /// payloads are kept, critical or not: check [`Message::unsupported_critical`].
    pub fn decode(buf: &'a [u8]) -> Result<Message<'a>> {
        let (header, first) = RawHeader::decode(buf)?.checked_v2(buf.len())?;
        let body = buf.get(HEADER_LEN..).unwrap_or_default();
        let payloads = decode_chain_at(first, body, HEADER_LEN, false)?;
        Ok(Message { header, payloads })
    }

    /// Encode, appending to `out` (a `Vec<u8>` or `BytesMut`), with payload
    /// lengths, Next Payload fields and the message length filled in.
    pub fn encode<S: Sink + ?Sized>(&self, out: &mut S) -> core::result::Result<(), EncodeError> {
        let start = pos(out);
        let first = self
            .payloads
            .first()
            .map_or(PayloadType::NoNextPayload, Payload::payload_type);
        self.header.encode(first, out)?;
        encode_chain(&self.payloads, out)?;
        patch_len32(out, start + 24, start, "message")
    }

    /// Encode into a new vector.
    pub fn to_vec(&self) -> core::result::Result<Vec<u8>, EncodeError> {
        let mut v = Vec::with_capacity(512);
        self.encode(&mut v)?;
        Ok(v)
    }

    /// The first unknown payload with the critical bit set: the message must
    /// be rejected with UNSUPPORTED_CRITICAL_PAYLOAD (RFC 7296 2.5).
    pub fn unsupported_critical(&self) -> Option<PayloadType> {
        unsupported_critical(&self.payloads)
    }

    /// The payload types in order (for logs and payload-set checks).
    pub fn payload_types(&self) -> impl Iterator<Item = PayloadType> + '_ {
        self.payloads.iter().map(Payload::payload_type)
    }

    /// All Notify payloads.
    pub fn notifies(&self) -> impl Iterator<Item = &Notify<'a>> {
        self.payloads.iter().filter_map(|p| match p {
            Payload::Notify(n) => Some(n),
            _ => None,
        })
    }

    /// The first Notify of this type.
    pub fn notify(&self, ty: NotifyType) -> Option<&Notify<'a>> {
        self.notifies().find(|n| n.notify_type == ty)
    }

    /// The first SA payload.
    pub fn sa(&self) -> Option<&Sa<'a>> {
        self.payloads.iter().find_map(|p| match p {
            Payload::Sa(x) => Some(x),
            _ => None,
        })
    }

    /// The first KE payload.
    pub fn ke(&self) -> Option<&Ke<'a>> {
        self.payloads.iter().find_map(|p| match p {
            Payload::Ke(x) => Some(x),
            _ => None,
        })
    }

    /// The first Nonce payload's data.
    pub fn nonce(&self) -> Option<&'a [u8]> {
        self.payloads.iter().find_map(|p| match p {
            Payload::Nonce(x) => Some(*x),
            _ => None,
        })
    }

    /// The SK payload, if the message ends with one.
    pub fn encrypted(&self) -> Option<&Encrypted<'a>> {
        match self.payloads.last() {
            Some(Payload::Sk(e)) => Some(e),
            _ => None,
        }
    }

    /// The SKF payload, if the message ends with one.
    pub fn encrypted_fragment(&self) -> Option<&EncryptedFragment<'a>> {
        match self.payloads.last() {
            Some(Payload::Skf(e)) => Some(e),
            _ => None,
        }
    }
}
