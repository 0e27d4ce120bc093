//! The payload enum and the payload chain (RFC 2408 3.2): decoding follows
//! the Next Payload fields; encoding writes them from the list and
//! back-patches every Payload Length.

use super::cfg::AttributePayload;
use super::delete::Delete;
use super::fragment::Fragment;
use super::id::Identification;
use super::limits::{MAX_PADDING, MAX_PAYLOADS};
use super::nat::{NatNumbering, NatOa};
use super::notify::Notification;
use super::registry::{CertificateEncoding, PayloadType};
use super::sa::SecurityAssociation;
use super::writer::{begin_payload, finish_payload};
use crate::cursor::Cursor;
use crate::error::{Context, EncodeError, Error, ErrorKind, Result};

/// Certificate payload (RFC 2408 3.9).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Certificate<'a> {
    /// Certificate Encoding.
    pub encoding: CertificateEncoding,
    /// Certificate Data.
    pub data: &'a [u8],
}

/// Certificate Request payload (RFC 2408 3.10).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CertificateRequest<'a> {
    /// Certificate Type requested.
    pub cert_type: CertificateEncoding,
    /// Certificate Authority (e.g. a DER DN; may be empty).
    pub authority: &'a [u8],
}

/// One IKEv1 payload.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Payload<'a> {
    /// Security Association (1).
    SecurityAssociation(SecurityAssociation<'a>),
    /// Key Exchange (4): the public value.
    KeyExchange(&'a [u8]),
    /// Identification (5).
    Identification(Identification<'a>),
    /// Certificate (6).
    Certificate(Certificate<'a>),
    /// Certificate Request (7).
    CertificateRequest(CertificateRequest<'a>),
    /// Hash (8).
    Hash(&'a [u8]),
    /// Signature (9).
    Signature(&'a [u8]),
    /// Nonce (10).
    Nonce(&'a [u8]),
    /// Notification (11).
    Notification(Notification<'a>),
    /// Delete (12).
    Delete(Delete<'a>),
    /// Vendor ID (13); see [`super::vendor`] for the well-known ones.
    VendorId(&'a [u8]),
    /// Attribute (14): ModeCfg / XAUTH.
    Attribute(AttributePayload<'a>),
    /// NAT-D (20, or 130 in the drafts): a hash of address and port.
    NatDiscovery {
        /// Which payload number was used.
        numbering: NatNumbering,
        /// HASH of cookies, address and port (RFC 3947 3.2).
        hash: &'a [u8],
    },
    /// NAT-OA (21, or 131 in the drafts).
    NatOriginalAddress {
        /// Which payload number was used.
        numbering: NatNumbering,
        /// The original address.
        oa: NatOa,
    },
    /// IKE fragment (132).
    Fragment(Fragment<'a>),
    /// A payload type without a parser here, kept as octets. Decoding only
    /// produces this for types not listed above (Proposal and Transform
    /// outside an SA, GDOI payloads, private-use numbers).
    Unknown {
        /// The payload type (never 0).
        payload_type: PayloadType,
        /// The payload body after the generic header.
        body: &'a [u8],
    },
}

impl<'a> Payload<'a> {
    /// The payload type number this payload is chained under.
    pub fn payload_type(&self) -> PayloadType {
        match self {
            Payload::SecurityAssociation(_) => PayloadType::SecurityAssociation,
            Payload::KeyExchange(_) => PayloadType::KeyExchange,
            Payload::Identification(_) => PayloadType::Identification,
            Payload::Certificate(_) => PayloadType::Certificate,
            Payload::CertificateRequest(_) => PayloadType::CertificateRequest,
            Payload::Hash(_) => PayloadType::Hash,
            Payload::Signature(_) => PayloadType::Signature,
            Payload::Nonce(_) => PayloadType::Nonce,
            Payload::Notification(_) => PayloadType::Notification,
            Payload::Delete(_) => PayloadType::Delete,
            Payload::VendorId(_) => PayloadType::VendorId,
            Payload::Attribute(_) => PayloadType::Attribute,
            Payload::NatDiscovery { numbering, .. } => match numbering {
                NatNumbering::Rfc3947 => PayloadType::NatDiscovery,
                NatNumbering::Draft => PayloadType::NatDiscoveryDraft,
            },
            Payload::NatOriginalAddress { numbering, .. } => match numbering {
                NatNumbering::Rfc3947 => PayloadType::NatOriginalAddress,
                NatNumbering::Draft => PayloadType::NatOriginalAddressDraft,
            },
            Payload::Fragment(_) => PayloadType::IkeFragmentation,
            Payload::Unknown { payload_type, .. } => *payload_type,
        }
    }

    /// Decode the body of a payload of type `t` (the octets after the
    /// generic header, exactly).
    pub(crate) fn decode_body(t: PayloadType, r: &mut Cursor<'a>) -> Result<Self> {
        let p = match t {
            PayloadType::SecurityAssociation => {
                Payload::SecurityAssociation(SecurityAssociation::decode(r)?)
            }
            PayloadType::KeyExchange => Payload::KeyExchange(r.rest()),
            PayloadType::Identification => Payload::Identification(Identification::decode(r)?),
            PayloadType::Certificate => Payload::Certificate(Certificate {
                encoding: r.u8()?.into(),
                data: r.rest(),
            }),
            PayloadType::CertificateRequest => Payload::CertificateRequest(CertificateRequest {
                cert_type: r.u8()?.into(),
                authority: r.rest(),
            }),
            PayloadType::Hash => Payload::Hash(r.rest()),
            PayloadType::Signature => Payload::Signature(r.rest()),
            PayloadType::Nonce => Payload::Nonce(r.rest()),
            PayloadType::Notification => Payload::Notification(Notification::decode(r)?),
            PayloadType::Delete => Payload::Delete(Delete::decode(r)?),
            PayloadType::VendorId => Payload::VendorId(r.rest()),
            PayloadType::Attribute => Payload::Attribute(AttributePayload::decode(r)?),
            PayloadType::NatDiscovery | PayloadType::NatDiscoveryDraft => Payload::NatDiscovery {
                numbering: numbering(t),
                hash: r.rest(),
            },
            PayloadType::NatOriginalAddress | PayloadType::NatOriginalAddressDraft => {
                Payload::NatOriginalAddress {
                    numbering: numbering(t),
                    oa: NatOa::decode(r)?,
                }
            }
            PayloadType::IkeFragmentation => Payload::Fragment(Fragment::decode(r)?),
            other => Payload::Unknown {
                payload_type: other,
                body: r.rest(),
            },
        };
        r.finish()?;
        Ok(p)
    }

    /// Emit the body (after the generic header).
    pub(crate) fn encode_body(&self, out: &mut Vec<u8>) -> core::result::Result<(), EncodeError> {
        match self {
            Payload::SecurityAssociation(sa) => sa.encode(out)?,
            Payload::KeyExchange(d)
            | Payload::Hash(d)
            | Payload::Signature(d)
            | Payload::Nonce(d)
            | Payload::VendorId(d)
            | Payload::NatDiscovery { hash: d, .. }
            | Payload::Unknown { body: d, .. } => out.extend_from_slice(d),
            Payload::Identification(id) => id.encode(out),
            Payload::Certificate(c) => {
                out.push(c.encoding.value());
                out.extend_from_slice(c.data);
            }
            Payload::CertificateRequest(c) => {
                out.push(c.cert_type.value());
                out.extend_from_slice(c.authority);
            }
            Payload::Notification(n) => n.encode(out)?,
            Payload::Delete(d) => d.encode(out),
            Payload::Attribute(a) => a.encode(out)?,
            Payload::NatOriginalAddress { oa, .. } => oa.encode(out),
            Payload::Fragment(f) => f.encode(out),
        }
        Ok(())
    }
}

fn numbering(t: PayloadType) -> NatNumbering {
    match t {
        PayloadType::NatDiscoveryDraft | PayloadType::NatOriginalAddressDraft => {
            NatNumbering::Draft
        }
        _ => NatNumbering::Rfc3947,
    }
}

/// Decode one payload body of type `payload_type` from `body` (the octets
/// after its generic header). Offsets in errors are relative to `body`.
/// This is the per-body entry point the fuzzers use.
pub fn decode_payload_body(payload_type: PayloadType, body: &[u8]) -> Result<Payload<'_>> {
    let mut r = Cursor::new(body, 0, Context::V1Payload(payload_type.value()));
    Payload::decode_body(payload_type, &mut r)
}

/// How the chain after the last payload ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tail {
    /// Nothing may follow the last payload (plain messages, RFC 2408 3.1).
    Exact,
    /// Encryption padding may follow (decrypted bodies, RFC 2409 5.3).
    Padding,
}

/// Decode a payload chain starting with `first` from `buf`, whose first octet
/// is at absolute offset `base`. Returns the payloads and the padding (empty
/// unless `tail` is [`Tail::Padding`]).
pub(crate) fn decode_chain<'a>(
    first: PayloadType,
    buf: &'a [u8],
    base: usize,
    tail: Tail,
) -> Result<(Vec<Payload<'a>>, &'a [u8])> {
    let mut r = Cursor::new(buf, base, Context::Header);
    let mut next = first;
    let mut payloads = Vec::new();
    while next != PayloadType::None {
        if payloads.len() == MAX_PAYLOADS {
            return Err(r.error(ErrorKind::TooMany {
                what: "payloads",
                limit: MAX_PAYLOADS,
            }));
        }
        let ctx = Context::V1Payload(next.value());
        let start = r.offset();
        let err = |kind: ErrorKind, at: usize| Error::new(kind, at, ctx);
        if r.remaining() < 4 {
            return Err(err(
                ErrorKind::Truncated {
                    needed: 4 - r.remaining(),
                },
                start,
            ));
        }
        let mut h = Cursor::new(r.take(4)?, start, ctx);
        let this_next = PayloadType::from(h.u8()?);
        h.reserved(1, "RESERVED")?;
        let len = usize::from(h.u16()?);
        if len < 4 {
            return Err(err(
                ErrorKind::BadLength {
                    length: len,
                    why: "shorter than the generic payload header",
                },
                start + 2,
            ));
        }
        if len - 4 > r.remaining() {
            return Err(err(
                ErrorKind::BadLength {
                    length: len,
                    why: "payload extends past the end of the message",
                },
                start + 2,
            ));
        }
        let mut body = r.sub(len - 4, ctx)?;
        payloads.push(Payload::decode_body(next, &mut body)?);
        next = this_next;
    }
    let rest_at = r.offset();
    let rest = r.rest();
    match tail {
        Tail::Exact if !rest.is_empty() => Err(Error::new(
            ErrorKind::Trailing(rest.len()),
            rest_at,
            Context::Header,
        )),
        Tail::Padding if !is_padding(rest) => Err(Error::new(
            ErrorKind::Trailing(rest.len()),
            rest_at,
            Context::Header,
        )),
        _ => Ok((payloads, rest)),
    }
}

/// Whether `p` is acceptable encryption padding after the last payload of a
/// decrypted IKEv1 body.
///
/// RFC 2409 5.3 pads with zeros and a final octet counting the pad octets
/// before it; Libreswan and strongSwan pad with zeros only (to the cipher
/// block), racoon may randomise the pad octets but keeps the count octet.
/// So padding is accepted when it is at most [`MAX_PADDING`] octets and
/// either all zero or its last octet equals the number of octets before it.
/// Anything else (a longer tail, or one that is neither form) is reported as
/// trailing garbage: it is most likely a payload whose predecessor wrongly
/// said Next Payload = NONE, or a decryption with the wrong key.
pub fn is_padding(p: &[u8]) -> bool {
    match p.split_last() {
        None => true,
        Some((last, before)) => {
            p.len() <= MAX_PADDING
                && (p.iter().all(|b| *b == 0) || usize::from(*last) == before.len())
        }
    }
}

/// Emit `payloads` as a chain, writing each Next Payload from the list and
/// back-patching every Payload Length. Returns the type of the first payload
/// (what the header or the enclosing Next Payload must say), or NONE if empty.
pub fn encode_payload_chain(
    payloads: &[Payload<'_>],
    out: &mut Vec<u8>,
) -> core::result::Result<PayloadType, EncodeError> {
    for (i, p) in payloads.iter().enumerate() {
        let next = payloads
            .get(i + 1)
            .map_or(PayloadType::None, Payload::payload_type);
        let at = begin_payload(out, next.value());
        p.encode_body(out)?;
        finish_payload(out, at, "payload")?;
    }
    Ok(payloads
        .first()
        .map_or(PayloadType::None, Payload::payload_type))
}

/// A decrypted payload chain: the payloads and the padding that followed
/// them (see [`is_padding`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadChain<'a> {
    /// The payloads in order.
    pub payloads: Vec<Payload<'a>>,
    /// The encryption padding after the last payload (possibly empty).
    pub padding: &'a [u8],
}

/// Parse the payload chain of a decrypted IKEv1 body (RFC 2408 3.1: the
/// first payload's type is the header's Next Payload). Trailing encryption
/// padding is allowed as [`is_padding`] describes. Error offsets are
/// relative to `bytes`.
pub fn decode_payload_chain(
    first_payload_type: PayloadType,
    bytes: &[u8],
) -> Result<PayloadChain<'_>> {
    let (payloads, padding) = decode_chain(first_payload_type, bytes, 0, Tail::Padding)?;
    Ok(PayloadChain { payloads, padding })
}
