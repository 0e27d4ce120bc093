//! The ISAKMP header (RFC 2408 3.1) and a whole IKEv1 message.

use super::payload::{decode_chain, encode_payload_chain, Payload, Tail};
use super::registry::{ExchangeType, PayloadType};
use super::writer::put_u32;
use crate::cursor::Cursor;
use crate::error::{Context, EncodeError, ErrorKind, Result};

/// Size of the fixed ISAKMP header.
pub const HEADER_LEN: usize = 28;

/// Flag bits (RFC 2408 3.1).
const FLAG_E: u8 = 0x01;
const FLAG_C: u8 = 0x02;
const FLAG_A: u8 = 0x04;

/// The ISAKMP header fields that are not derived from the body. The Next
/// Payload, the Encryption flag and the Length come from [`Body`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Header {
    /// Initiator Cookie.
    pub initiator_cookie: [u8; 8],
    /// Responder Cookie (zero in the first message).
    pub responder_cookie: [u8; 8],
    /// Minor Version (RFC 2408 3.1: 0); 4 bits, the encoder masks it.
    pub minor_version: u8,
    /// Exchange Type.
    pub exchange_type: ExchangeType,
    /// Commit flag (C, RFC 2408 3.1).
    pub commit: bool,
    /// Authentication Only flag (A).
    pub authentication_only: bool,
    /// Message ID (0 in Phase 1).
    pub message_id: u32,
}

/// The body of a message: payloads in clear, or an encrypted blob (E flag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body<'a> {
    /// Plain payloads.
    Plain(Vec<Payload<'a>>),
    /// The Encryption bit was set: everything after the header is ciphertext.
    /// Decrypt it and parse with [`super::decode_payload_chain`].
    Encrypted {
        /// The header's Next Payload: the type of the first encrypted payload.
        first_payload: PayloadType,
        /// The ciphertext (IV handling is the caller's, RFC 2409 App. B).
        ciphertext: &'a [u8],
    },
}

/// A whole IKEv1 message borrowing from its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    /// Header fields.
    pub header: Header,
    /// Payloads or ciphertext.
    pub body: Body<'a>,
}

/// The wire values of the header, before the body is interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawHeader {
    /// Header fields.
    pub header: Header,
    /// Next Payload.
    pub next_payload: PayloadType,
    /// The Encryption flag.
    pub encrypted: bool,
    /// Length of the whole message.
    pub length: u32,
}

impl RawHeader {
    /// Decode the 28-octet header at the start of `buf`. Refuses a major
    /// version other than 1 (so an IKEv2 message gives
    /// `UnsupportedVersion(2)`) and undefined flag bits.
    pub fn decode(buf: &[u8]) -> Result<Self> {
        let mut r = Cursor::new(buf, 0, Context::Header);
        let initiator_cookie = *r.array::<8>()?;
        let responder_cookie = *r.array::<8>()?;
        let next_payload = PayloadType::from(r.u8()?);
        let ver_at = r.offset();
        let ver = r.u8()?;
        if ver >> 4 != 1 {
            return Err(r.error_at(ErrorKind::UnsupportedVersion(ver >> 4), ver_at));
        }
        let exchange_type = ExchangeType::from(r.u8()?);
        let flags_at = r.offset();
        let flags = r.u8()?;
        if flags & !(FLAG_E | FLAG_C | FLAG_A) != 0 {
            return Err(r.error_at(
                ErrorKind::InvalidValue {
                    field: "Flags",
                    value: u64::from(flags),
                },
                flags_at,
            ));
        }
        let message_id = r.u32()?;
        let length = r.u32()?;
        Ok(RawHeader {
            header: Header {
                initiator_cookie,
                responder_cookie,
                minor_version: ver & 0x0f,
                exchange_type,
                commit: flags & FLAG_C != 0,
                authentication_only: flags & FLAG_A != 0,
                message_id,
            },
            next_payload,
            encrypted: flags & FLAG_E != 0,
            length,
        })
    }
}

impl<'a> Message<'a> {
    /// Decode an IKEv1 message.
    ///
    /// The header's Length must cover at least the header and at most `buf`;
    /// octets of `buf` beyond Length (some stacks pad the UDP datagram) are
    /// ignored, [`RawHeader::decode`] gives the Length consumed.
    /// In a plain message nothing may follow the last payload within Length.
    pub fn decode(buf: &'a [u8]) -> Result<Self> {
        let raw = RawHeader::decode(buf)?;
        let length = raw.length as usize;
        let bad = |why| {
            crate::error::Error::new(ErrorKind::BadLength { length, why }, 24, Context::Header)
        };
        if length < HEADER_LEN {
            return Err(bad("shorter than the ISAKMP header"));
        }
        if length > buf.len() {
            return Err(bad("longer than the datagram"));
        }
        let rest = &buf[HEADER_LEN..length];
        let body = if raw.encrypted {
            Body::Encrypted {
                first_payload: raw.next_payload,
                ciphertext: rest,
            }
        } else {
            let (payloads, _) = decode_chain(raw.next_payload, rest, HEADER_LEN, Tail::Exact)?;
            Body::Plain(payloads)
        };
        Ok(Message {
            header: raw.header,
            body,
        })
    }

    /// The plain payloads (empty if encrypted).
    pub fn payloads(&self) -> &[Payload<'a>] {
        match &self.body {
            Body::Plain(p) => p,
            Body::Encrypted { .. } => &[],
        }
    }

    /// Whether the E flag is (to be) set.
    pub fn is_encrypted(&self) -> bool {
        matches!(self.body, Body::Encrypted { .. })
    }

    /// Encode into a new buffer.
    pub fn encode(&self) -> core::result::Result<Vec<u8>, EncodeError> {
        let mut v = Vec::new();
        self.encode_into(&mut v)?;
        Ok(v)
    }

    /// Append the encoded message to `out`, back-patching Next Payload and
    /// every Length.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> core::result::Result<(), EncodeError> {
        let start = out.len();
        let h = &self.header;
        out.extend_from_slice(&h.initiator_cookie);
        out.extend_from_slice(&h.responder_cookie);
        let np_at = out.len();
        out.push(0); // Next Payload, patched below
        out.push(0x10 | (h.minor_version & 0x0f));
        out.push(h.exchange_type.value());
        let mut flags = 0;
        if self.is_encrypted() {
            flags |= FLAG_E;
        }
        if h.commit {
            flags |= FLAG_C;
        }
        if h.authentication_only {
            flags |= FLAG_A;
        }
        out.push(flags);
        put_u32(out, h.message_id);
        let len_at = out.len();
        put_u32(out, 0);
        let first = match &self.body {
            Body::Plain(p) => encode_payload_chain(p, out)?,
            Body::Encrypted {
                first_payload,
                ciphertext,
            } => {
                out.extend_from_slice(ciphertext);
                *first_payload
            }
        };
        out[np_at] = first.value();
        let len = out.len() - start;
        let len32 = u32::try_from(len).map_err(|_| EncodeError::TooLong {
            what: "ISAKMP message",
            len,
        })?;
        out[len_at..len_at + 4].copy_from_slice(&len32.to_be_bytes());
        Ok(())
    }
}
