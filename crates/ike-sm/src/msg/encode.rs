//! The owned [`Payload`] model → bytes, through `ike-wire`'s encoder
//! (RFC 7296 3.x): this module only lends the owned payloads to `ike-wire`'s
//! borrowing ones.

use std::borrow::Cow;
use std::net::IpAddr;

use ike_wire::v2::{self as wire, PayloadType};
use ike_wire::EncodeError;

use super::{Header, Payload};

/// Encode a cleartext message (IKE_SA_INIT); `h.next_payload` and
/// `h.length` are derived.
pub fn encode_message(h: &Header, payloads: &[Payload]) -> Result<Vec<u8>, EncodeError> {
    let m = wire::Message {
        header: wire_header(h),
        payloads: payloads.iter().map(borrowed).collect::<Result<_, _>>()?,
    };
    m.to_vec()
}

/// Encode a payload chain (the plaintext of an SK payload, before padding).
pub fn encode_chain(payloads: &[Payload]) -> Result<Vec<u8>, EncodeError> {
    let chain: Vec<_> = payloads.iter().map(borrowed).collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    wire::encode_chain(&chain, &mut out)?;
    Ok(out)
}

/// The part of an SK (or, with `fragment`, SKF) message that precedes the
/// encrypted body: IKE header and SK/SKF payload header (plus Fragment
/// Number and Total Fragments), lengths set for a body of `body_len`
/// octets. This is the AEAD associated data (RFC 5282 5.1, RFC 7383 2.5);
/// the sealed body is appended to it.
pub fn encode_sk_prefix(
    h: &Header,
    first_inner: u8,
    fragment: Option<(u16, u16)>,
    body_len: usize,
) -> Result<Vec<u8>, EncodeError> {
    let placeholder = vec![0u8; body_len];
    let first_payload = PayloadType::from(first_inner);
    let sk = match fragment {
        None => wire::Payload::Sk(wire::Encrypted {
            first_payload,
            body: &placeholder,
        }),
        Some((fragment_number, total_fragments)) => wire::Payload::Skf(wire::EncryptedFragment {
            first_payload,
            fragment_number,
            total_fragments,
            body: &placeholder,
        }),
    };
    let m = wire::Message {
        header: wire_header(h),
        payloads: vec![sk],
    };
    let mut out = m.to_vec()?;
    out.truncate(out.len() - body_len);
    Ok(out)
}

fn wire_header(h: &Header) -> wire::Header {
    wire::Header {
        spi_i: h.spi_i.to_be_bytes(),
        spi_r: h.spi_r.to_be_bytes(),
        minor_version: 0,
        exchange_type: h.exchange.into(),
        flags: wire::Flags(h.flags),
        message_id: h.message_id,
    }
}

fn borrowed(p: &Payload) -> Result<wire::Payload<'_>, EncodeError> {
    use wire::Payload as W;
    Ok(match p {
        Payload::Sa(props) => W::Sa(wire::Sa {
            proposals: props
                .iter()
                .map(|o| wire::Proposal {
                    number: o.number,
                    protocol_id: o.protocol.into(),
                    spi: &o.spi,
                    transforms: o
                        .transforms
                        .iter()
                        .map(|t| wire::Transform {
                            transform_type: (t.kind as u8).into(),
                            id: t.id,
                            attributes: t
                                .key_bits
                                .map(|k| wire::TransformAttribute {
                                    attribute_type: wire::TransformAttributeType::KeyLength,
                                    value: wire::AttributeValue::Tv(k),
                                })
                                .into_iter()
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        }),
        Payload::Ke { group, data } => W::Ke(wire::Ke {
            group: (*group).into(),
            data,
        }),
        Payload::IdI(t, d) => W::IdI(wire::Id {
            id_type: (*t).into(),
            data: d,
        }),
        Payload::IdR(t, d) => W::IdR(wire::Id {
            id_type: (*t).into(),
            data: d,
        }),
        Payload::Cert(e, d) => W::Cert(wire::Cert {
            encoding: (*e).into(),
            data: d,
        }),
        Payload::CertReq(e, d) => W::CertReq(wire::Cert {
            encoding: (*e).into(),
            data: d,
        }),
        Payload::Auth { method, data } => W::Auth(wire::Auth {
            method: (*method).into(),
            data,
        }),
        Payload::Nonce(n) => W::Nonce(n),
        Payload::Notify(n) => W::Notify(wire::Notify {
            protocol_id: n.protocol.into(),
            spi: &n.spi,
            notify_type: n.kind.into(),
            data: Cow::Borrowed(&n.data),
        }),
        Payload::Delete(d) => W::Delete(wire::Delete {
            protocol_id: d.protocol.into(),
            spi_size: match d.spis.first() {
                Some(s) => u8::try_from(s.len()).map_err(|_| EncodeError::TooLong {
                    what: "Delete SPI",
                    len: s.len(),
                })?,
                None => 0,
            },
            spis: d.spis.iter().map(Vec::as_slice).collect(),
        }),
        Payload::Vendor(v) => W::VendorId(v),
        Payload::TsI(ts) => W::TsI(selectors(ts)?),
        Payload::TsR(ts) => W::TsR(selectors(ts)?),
        // A raw payload: let ike-wire parse the body so that a type with
        // its own variant is encoded as that variant.
        Payload::Other {
            kind,
            critical,
            body,
        } => wire::decode_payload_body(
            PayloadType::from(*kind),
            PayloadType::NoNextPayload,
            if *critical { wire::CRITICAL } else { 0 },
            body,
        )
        .map_err(|_| EncodeError::Unrepresentable("raw payload body that does not parse"))?,
    })
}

fn selectors(ts: &[crate::config::selector::TrafficSelector]) -> Result<wire::Ts<'_>, EncodeError> {
    let selectors = ts
        .iter()
        .map(|t| match (t.start, t.end) {
            (IpAddr::V4(start), IpAddr::V4(end)) => Ok(wire::TrafficSelector::Ipv4 {
                ip_protocol: t.protocol,
                start_port: t.start_port,
                end_port: t.end_port,
                start,
                end,
            }),
            (IpAddr::V6(start), IpAddr::V6(end)) => Ok(wire::TrafficSelector::Ipv6 {
                ip_protocol: t.protocol,
                start_port: t.start_port,
                end_port: t.end_port,
                start,
                end,
            }),
            _ => Err(EncodeError::Unrepresentable(
                "traffic selector with mixed address families",
            )),
        })
        .collect::<Result<_, _>>()?;
    Ok(wire::Ts { selectors })
}
