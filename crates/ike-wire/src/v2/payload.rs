//! The typed payload enum and payload chains: generic payload headers
//! (RFC 7296 3.2), Next Payload chaining, the critical bit.

use crate::cursor::Cursor;
use crate::error::{Context, ErrorKind, Result};
use crate::v2::cp::Config;
use crate::v2::delete::Delete;
use crate::v2::emit::{patch_len16, pos, Sink};
use crate::v2::encrypted::{Encrypted, EncryptedFragment};
use crate::v2::limits::MAX_PAYLOADS;
use crate::v2::notify::Notify;
use crate::v2::registry::PayloadType;
use crate::v2::sa::Sa;
use crate::v2::simple::{Auth, Cert, Eap, Id, Ke};
use crate::v2::ts::Ts;
use crate::EncodeError;

/// The critical bit of the generic payload header (RFC 7296 3.2).
pub const CRITICAL: u8 = 0x80;

/// One IKEv2 payload, typed by its payload type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload<'a> {
    /// SA (33).
    Sa(Sa<'a>),
    /// KE (34).
    Ke(Ke<'a>),
    /// IDi (35).
    IdI(Id<'a>),
    /// IDr (36).
    IdR(Id<'a>),
    /// CERT (37).
    Cert(Cert<'a>),
    /// CERTREQ (38).
    CertReq(Cert<'a>),
    /// AUTH (39).
    Auth(Auth<'a>),
    /// Ni, Nr (40): the nonce data.
    Nonce(&'a [u8]),
    /// N (41).
    Notify(Notify<'a>),
    /// D (42).
    Delete(Delete<'a>),
    /// V (43): the vendor ID.
    VendorId(&'a [u8]),
    /// TSi (44).
    TsI(Ts<'a>),
    /// TSr (45).
    TsR(Ts<'a>),
    /// SK (46): must be the last payload of a message.
    Sk(Encrypted<'a>),
    /// CP (47).
    Cp(Config<'a>),
    /// EAP (48).
    Eap(Eap<'a>),
    /// SKF (53): must be the last payload of a message.
    Skf(EncryptedFragment<'a>),
    /// A payload this codec does not parse (unknown, or known but without a
    /// body parser here, such as GSPM or PS). With `critical` set the
    /// receiver must reject the message (RFC 7296 2.5): see
    /// [`unsupported_critical`].
    Unknown {
        /// Payload type.
        payload_type: PayloadType,
        /// The critical bit as received.
        critical: bool,
        /// The body.
        data: &'a [u8],
    },
}

impl Payload<'_> {
    /// The payload type number of this payload.
    pub fn payload_type(&self) -> PayloadType {
        match self {
            Payload::Sa(_) => PayloadType::Sa,
            Payload::Ke(_) => PayloadType::Ke,
            Payload::IdI(_) => PayloadType::IdI,
            Payload::IdR(_) => PayloadType::IdR,
            Payload::Cert(_) => PayloadType::Cert,
            Payload::CertReq(_) => PayloadType::CertReq,
            Payload::Auth(_) => PayloadType::Auth,
            Payload::Nonce(_) => PayloadType::Nonce,
            Payload::Notify(_) => PayloadType::Notify,
            Payload::Delete(_) => PayloadType::Delete,
            Payload::VendorId(_) => PayloadType::VendorId,
            Payload::TsI(_) => PayloadType::TsI,
            Payload::TsR(_) => PayloadType::TsR,
            Payload::Sk(_) => PayloadType::Sk,
            Payload::Cp(_) => PayloadType::Cp,
            Payload::Eap(_) => PayloadType::Eap,
            Payload::Skf(_) => PayloadType::Skf,
            Payload::Unknown { payload_type, .. } => *payload_type,
        }
    }

    /// Whether this is an SK or SKF payload (which ends a chain).
    pub fn is_encrypted(&self) -> bool {
        matches!(self, Payload::Sk(_) | Payload::Skf(_))
    }
}

/// Payload types with their own variant (never in `Payload::Unknown`).
const PARSED: [PayloadType; 17] = [
    PayloadType::Sa,
    PayloadType::Ke,
    PayloadType::IdI,
    PayloadType::IdR,
    PayloadType::Cert,
    PayloadType::CertReq,
    PayloadType::Auth,
    PayloadType::Nonce,
    PayloadType::Notify,
    PayloadType::Delete,
    PayloadType::VendorId,
    PayloadType::TsI,
    PayloadType::TsR,
    PayloadType::Sk,
    PayloadType::Cp,
    PayloadType::Eap,
    PayloadType::Skf,
];

/// The first unknown payload with the critical bit set, if any: the type to
/// put in UNSUPPORTED_CRITICAL_PAYLOAD (RFC 7296 2.5).
pub fn unsupported_critical(payloads: &[Payload<'_>]) -> Option<PayloadType> {
    payloads.iter().find_map(|p| match p {
        Payload::Unknown {
            payload_type,
            critical: true,
            ..
        } => Some(*payload_type),
        _ => None,
    })
}

/// Decode a payload chain starting with a payload of type `first`. `base` is
/// the absolute offset of `bytes` in the message (for error offsets). SK and
/// SKF end the chain and must be last; in a decrypted inner chain
/// (`inner = true`) they are refused, since SK does not nest.
pub(crate) fn decode_chain_at(
    first: PayloadType,
    bytes: &[u8],
    base: usize,
    inner: bool,
) -> Result<Vec<Payload<'_>>> {
    let mut r = Cursor::new(bytes, base, Context::V2Payload(first.value()));
    let mut next = first;
    let mut out = Vec::new();
    while next != PayloadType::NoNextPayload {
        let ctx = Context::V2Payload(next.value());
        r.set_context(ctx);
        if out.len() == MAX_PAYLOADS {
            return Err(r.error(ErrorKind::TooMany {
                what: "payloads",
                limit: MAX_PAYLOADS,
            }));
        }
        let start = r.offset();
        let np = PayloadType::from(r.u8()?);
        let flags = r.u8()?;
        let len = usize::from(r.u16()?);
        if len < 4 {
            return Err(r.error_at(
                ErrorKind::BadLength {
                    length: len,
                    why: "payload shorter than its generic header",
                },
                start + 2,
            ));
        }
        if len - 4 > r.remaining() {
            return Err(r.error_at(
                ErrorKind::BadLength {
                    length: len,
                    why: "payload longer than what encloses it",
                },
                start + 2,
            ));
        }
        if inner && matches!(next, PayloadType::Sk | PayloadType::Skf) {
            return Err(r.error_at(
                ErrorKind::InvalidValue {
                    field: "SK/SKF inside an encrypted payload",
                    value: next.value().into(),
                },
                start,
            ));
        }
        let body = r.sub(len - 4, ctx)?;
        let p = decode_body(next, np, flags, body)?;
        if p.is_encrypted() {
            out.push(p);
            // RFC 7296 3.14: SK is the last payload; its Next Payload
            // names the first inner payload, not a following one.
            r.finish()?;
            return Ok(out);
        }
        out.push(p);
        next = np;
    }
    r.finish()?;
    Ok(out)
}

/// Decode one payload body (what follows the generic header) of type `ty`;
/// `next_payload` and `flags` are the generic header's first two octets (SK
/// and SKF keep the former as their first inner type, unknown payloads the
/// critical bit of the latter). Type 0 (No Next Payload) is no payload and
/// is refused.
pub fn decode_payload_body(
    ty: PayloadType,
    next_payload: PayloadType,
    flags: u8,
    body: &[u8],
) -> Result<Payload<'_>> {
    if ty == PayloadType::NoNextPayload {
        return Err(crate::Error::new(
            ErrorKind::InvalidValue {
                field: "payload type 0 (No Next Payload)",
                value: 0,
            },
            0,
            Context::V2Payload(0),
        ));
    }
    decode_body(
        ty,
        next_payload,
        flags,
        Cursor::new(body, 0, Context::V2Payload(ty.value())),
    )
}

fn decode_body<'a>(
    ty: PayloadType,
    np: PayloadType,
    flags: u8,
    body: Cursor<'a>,
) -> Result<Payload<'a>> {
    Ok(match ty {
        PayloadType::Sa => Payload::Sa(Sa::decode(body)?),
        PayloadType::Ke => Payload::Ke(Ke::decode(body)?),
        PayloadType::IdI => Payload::IdI(Id::decode(body)?),
        PayloadType::IdR => Payload::IdR(Id::decode(body)?),
        PayloadType::Cert => Payload::Cert(Cert::decode(body)?),
        PayloadType::CertReq => Payload::CertReq(Cert::decode(body)?),
        PayloadType::Auth => Payload::Auth(Auth::decode(body)?),
        PayloadType::Nonce => Payload::Nonce(body.into_rest()),
        PayloadType::Notify => Payload::Notify(Notify::decode(body)?),
        PayloadType::Delete => Payload::Delete(Delete::decode(body)?),
        PayloadType::VendorId => Payload::VendorId(body.into_rest()),
        PayloadType::TsI => Payload::TsI(Ts::decode(body)?),
        PayloadType::TsR => Payload::TsR(Ts::decode(body)?),
        PayloadType::Cp => Payload::Cp(Config::decode(body)?),
        PayloadType::Eap => Payload::Eap(Eap::decode(body)?),
        PayloadType::Sk => Payload::Sk(Encrypted {
            first_payload: np,
            body: body.into_rest(),
        }),
        PayloadType::Skf => Payload::Skf(EncryptedFragment::decode(np, body)?),
        payload_type => Payload::Unknown {
            payload_type,
            critical: flags & CRITICAL != 0,
            data: body.into_rest(),
        },
    })
}

/// Decode a decrypted inner payload chain (the plaintext of SK/SKF with the
/// padding and Pad Length already removed), given the SK payload's Next
/// Payload field. Errors carry offsets relative to `plaintext`.
pub fn decode_chain(first: PayloadType, plaintext: &[u8]) -> Result<Vec<Payload<'_>>> {
    decode_chain_at(first, plaintext, 0, true)
}

/// Encode a payload chain; returns the type of the first payload (to go in
/// the IKE header's or the SK payload's Next Payload field).
pub fn encode_chain<S: Sink + ?Sized>(
    payloads: &[Payload<'_>],
    out: &mut S,
) -> core::result::Result<PayloadType, EncodeError> {
    for (i, p) in payloads.iter().enumerate() {
        let next = match (p, payloads.get(i + 1)) {
            (Payload::Sk(e), None) => e.first_payload,
            (Payload::Skf(e), None) => e.first_payload,
            (Payload::Sk(_) | Payload::Skf(_), Some(_)) => {
                return Err(EncodeError::Unrepresentable(
                    "SK/SKF payload that is not the last",
                ))
            }
            (_, Some(n)) => n.payload_type(),
            (_, None) => PayloadType::NoNextPayload,
        };
        if let Payload::Unknown { payload_type, .. } = p {
            if PARSED.contains(payload_type) || *payload_type == PayloadType::NoNextPayload {
                return Err(EncodeError::Unrepresentable(
                    "Unknown payload of type 0 or of a type that has its own variant",
                ));
            }
        }
        let start = pos(out);
        out.put_u8(next.value());
        out.put_u8(match p {
            Payload::Unknown { critical: true, .. } => CRITICAL,
            _ => 0,
        });
        out.put_u16(0);
        match p {
            Payload::Sa(x) => x.encode(out)?,
            Payload::Ke(x) => x.encode(out),
            Payload::IdI(x) | Payload::IdR(x) => x.encode(out),
            Payload::Cert(x) | Payload::CertReq(x) => x.encode(out),
            Payload::Auth(x) => x.encode(out),
            Payload::Nonce(d) | Payload::VendorId(d) => out.put_slice(d),
            Payload::Notify(x) => x.encode(out)?,
            Payload::Delete(x) => x.encode(out)?,
            Payload::TsI(x) | Payload::TsR(x) => x.encode(out)?,
            Payload::Sk(x) => out.put_slice(x.body),
            Payload::Cp(x) => x.encode(out)?,
            Payload::Eap(x) => x.encode(out)?,
            Payload::Skf(x) => x.encode(out),
            Payload::Unknown { data, .. } => out.put_slice(data),
        }
        patch_len16(out, start + 2, start, "payload")?;
    }
    Ok(payloads
        .first()
        .map_or(PayloadType::NoNextPayload, Payload::payload_type))
}
