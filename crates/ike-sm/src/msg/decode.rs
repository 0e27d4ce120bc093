//! Received bytes → the owned [`Message`] model. All byte-level parsing is
//! `ike-wire`'s (RFC 7296 3.x); this module only converts its borrowing
//! payloads to owned ones and adds the checks the state machine relies on
//! (unknown critical payloads, nonce length, address-range selectors).

use std::net::IpAddr;

use ike_wire::v2::{self as wire, PayloadType, RawHeader};

use super::consts::pt;
use super::{Delete, Encrypted, Header, Message, Notify, Payload};
use crate::config::alg::TransformType;
use crate::config::proposal::{Offered, OfferedTransform};
use crate::config::selector::TrafficSelector;

/// A message that does not decode; says what and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    /// Malformed octets, as found by `ike-wire` (with offset and context).
    #[error(transparent)]
    Wire(#[from] ike_wire::Error),
    /// An unknown payload with the critical bit (RFC 7296 2.5).
    #[error("unsupported critical payload {0}")]
    UnsupportedCritical(u8),
    /// Well-formed, but a value the state machine cannot accept.
    #[error("invalid {what} in payload {payload}")]
    Invalid {
        /// What.
        what: &'static str,
        /// Payload type it was found in.
        payload: u8,
    },
}

/// Decode a whole message (no non-ESP marker).
pub fn decode(bytes: &[u8]) -> Result<Message, CodecError> {
    // Message::decode checks the version and the length field; the raw
    // header keeps the octets the owned model records.
    let m = wire::Message::decode(bytes)?;
    let raw = RawHeader::decode(bytes)?;
    let header = Header {
        spi_i: u64::from_be_bytes(raw.spi_i),
        spi_r: u64::from_be_bytes(raw.spi_r),
        next_payload: raw.next_payload,
        version: (raw.major_version << 4) | raw.minor_version,
        exchange: raw.exchange_type,
        flags: raw.flags,
        message_id: raw.message_id,
        length: raw.length,
    };
    let encrypted = match m.payloads.last() {
        Some(wire::Payload::Sk(e)) => Some((e.first_payload, None, e.body)),
        Some(wire::Payload::Skf(e)) => Some((
            e.first_payload,
            Some((e.fragment_number, e.total_fragments)),
            e.body,
        )),
        _ => None,
    };
    let encrypted = match encrypted {
        Some((first, fragment, body)) => Some(Encrypted {
            first_inner: first.value(),
            fragment,
            // Where the SK/SKF header starts (for the AAD / ICV prefix).
            payload_offset: wire::sk_layout(bytes, 0)?.payload_start,
            body: body.to_vec(),
        }),
        None => None,
    };
    let clear = match encrypted {
        Some(_) => m.payloads.get(..m.payloads.len() - 1).unwrap_or_default(),
        None => &m.payloads[..],
    };
    Ok(Message {
        header,
        payloads: owned_chain(clear)?,
        encrypted,
    })
}

/// Decode a decrypted inner payload chain starting with type `first`.
pub fn decode_chain(bytes: &[u8], first: u8) -> Result<Vec<Payload>, CodecError> {
    // ike-wire refuses SK/SKF inside an inner chain (SK does not nest).
    let chain = wire::decode_chain(PayloadType::from(first), bytes)?;
    owned_chain(&chain)
}

fn owned_chain(chain: &[wire::Payload<'_>]) -> Result<Vec<Payload>, CodecError> {
    // RFC 7296 2.5: refuse the message before looking at anything else.
    if let Some(t) = wire::unsupported_critical(chain) {
        return Err(CodecError::UnsupportedCritical(t.value()));
    }
    chain.iter().map(owned).collect()
}

fn owned(p: &wire::Payload<'_>) -> Result<Payload, CodecError> {
    use wire::Payload as W;
    Ok(match p {
        W::Sa(sa) => Payload::Sa(sa.proposals.iter().map(offered).collect()),
        W::Ke(k) => Payload::Ke {
            group: k.group.value(),
            data: k.data.to_vec(),
        },
        W::IdI(i) => Payload::IdI(i.id_type.value(), i.data.to_vec()),
        W::IdR(i) => Payload::IdR(i.id_type.value(), i.data.to_vec()),
        W::Cert(c) => Payload::Cert(c.encoding.value(), c.data.to_vec()),
        W::CertReq(c) => Payload::CertReq(c.encoding.value(), c.data.to_vec()),
        W::Auth(a) => Payload::Auth {
            method: a.method.value(),
            data: a.data.to_vec(),
        },
        W::Nonce(n) => {
            // RFC 7296 3.9: 16 to 256 octets.
            if !(16..=256).contains(&n.len()) {
                return Err(CodecError::Invalid {
                    what: "nonce length",
                    payload: pt::NONCE,
                });
            }
            Payload::Nonce(n.to_vec())
        }
        W::Notify(n) => Payload::Notify(Notify {
            protocol: n.protocol_id.value(),
            spi: n.spi.to_vec(),
            kind: n.notify_type.value(),
            data: n.data.to_vec(),
        }),
        W::Delete(d) => Payload::Delete(Delete {
            protocol: d.protocol_id.value(),
            spis: d.spis.iter().map(|s| s.to_vec()).collect(),
        }),
        W::VendorId(v) => Payload::Vendor(v.to_vec()),
        W::TsI(ts) => Payload::TsI(selectors(ts, pt::TSI)?),
        W::TsR(ts) => Payload::TsR(selectors(ts, pt::TSR)?),
        W::Sk(_) | W::Skf(_) => {
            // ike-wire only lets these end a message; decode() takes them
            // off before converting, so one here is misplaced.
            return Err(CodecError::Invalid {
                what: "encrypted payload position",
                payload: p.payload_type().value(),
            });
        }
        // Payloads the state machine does not use (CP, EAP, unknown
        // non-critical ones) stay raw; handlers ignore them (RFC 7296 2.5).
        W::Cp(_) | W::Eap(_) | W::Unknown { .. } => Payload::Other {
            kind: p.payload_type().value(),
            critical: matches!(p, W::Unknown { critical: true, .. }),
            body: raw_body(p)?,
        },
    })
}

/// The body of a payload the model keeps opaque, as it was on the wire.
fn raw_body(p: &wire::Payload<'_>) -> Result<Vec<u8>, CodecError> {
    if let wire::Payload::Unknown { data, .. } = p {
        return Ok(data.to_vec());
    }
    // ike-wire parsed it (CP, EAP); its encoding is canonical, so
    // re-encoding gives back the received body after the generic header.
    let mut out = Vec::new();
    wire::encode_chain(std::slice::from_ref(p), &mut out).map_err(|_| CodecError::Invalid {
        what: "payload that does not re-encode",
        payload: p.payload_type().value(),
    })?;
    Ok(out.split_off(4.min(out.len())))
}

fn offered(p: &wire::Proposal<'_>) -> Offered {
    Offered {
        number: p.number,
        protocol: p.protocol_id.value(),
        spi: p.spi.to_vec(),
        // RFC 7296 3.3.6: a transform of an unknown type or with an
        // unknown attribute is unusable; skip it rather than fail.
        transforms: p
            .transforms
            .iter()
            .filter_map(|t| {
                let kind = TransformType::from_u8(t.transform_type.value())?;
                let only_key_length = t.attributes.iter().all(|a| {
                    a.attribute_type == wire::TransformAttributeType::KeyLength
                        && matches!(a.value, wire::AttributeValue::Tv(_))
                });
                only_key_length.then(|| OfferedTransform {
                    kind,
                    id: t.id,
                    key_bits: t.key_length(),
                })
            })
            .collect(),
    }
}

fn selectors(ts: &wire::Ts<'_>, payload: u8) -> Result<Vec<TrafficSelector>, CodecError> {
    let range = |protocol, start_port, end_port, start, end| TrafficSelector {
        protocol,
        start_port,
        end_port,
        start,
        end,
    };
    ts.selectors
        .iter()
        .map(|s| match *s {
            wire::TrafficSelector::Ipv4 {
                ip_protocol: p,
                start_port: sp,
                end_port: ep,
                start,
                end,
            } => Ok(range(p, sp, ep, IpAddr::V4(start), IpAddr::V4(end))),
            wire::TrafficSelector::Ipv6 {
                ip_protocol: p,
                start_port: sp,
                end_port: ep,
                start,
                end,
            } => Ok(range(p, sp, ep, IpAddr::V6(start), IpAddr::V6(end))),
            // Only address ranges (RFC 7296 3.13.1) are negotiated here.
            wire::TrafficSelector::Other { .. } => Err(CodecError::Invalid {
                what: "traffic selector type",
                payload,
            }),
        })
        .collect()
}
