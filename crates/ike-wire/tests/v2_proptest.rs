//! Property: for arbitrary IKEv2 messages over every payload type,
//! `decode(encode(m)) == m`, and the encoding is stable.

use ike_wire::v2::*;
use proptest::collection::vec;
use proptest::prelude::*;
use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Payload bodies borrow; the strategies leak their small buffers.
fn bytes(max: usize) -> impl Strategy<Value = &'static [u8]> {
    vec(any::<u8>(), 0..max).prop_map(|v| &*Box::leak(v.into_boxed_slice()))
}

fn transform() -> impl Strategy<Value = Transform> {
    (
        any::<u8>(),
        any::<u16>(),
        vec(
            (
                0u16..0x8000,
                prop_oneof![
                    any::<u16>().prop_map(AttributeValue::Tv),
                    vec(any::<u8>(), 0..8).prop_map(AttributeValue::Tlv)
                ],
            ),
            0..3,
        ),
    )
        .prop_map(|(t, id, attrs)| Transform {
            transform_type: TransformType::from(t),
            id,
            attributes: attrs
                .into_iter()
                .map(|(ty, value)| TransformAttribute {
                    attribute_type: TransformAttributeType::from(ty),
                    value,
                })
                .collect(),
        })
}

fn sa() -> impl Strategy<Value = Sa<'static>> {
    vec(
        (any::<u8>(), any::<u8>(), bytes(9), vec(transform(), 0..6)),
        0..4,
    )
    .prop_map(|ps| Sa {
        proposals: ps
            .into_iter()
            .map(|(number, proto, spi, transforms)| Proposal {
                number,
                protocol_id: ProtocolId::from(proto),
                spi,
                transforms,
            })
            .collect(),
    })
}

fn selector() -> impl Strategy<Value = TrafficSelector<'static>> {
    prop_oneof![
        (
            any::<u8>(),
            any::<u16>(),
            any::<u16>(),
            any::<u32>(),
            any::<u32>()
        )
            .prop_map(
                |(ip_protocol, start_port, end_port, a, b)| TrafficSelector::Ipv4 {
                    ip_protocol,
                    start_port,
                    end_port,
                    start: Ipv4Addr::from(a),
                    end: Ipv4Addr::from(b),
                }
            ),
        (
            any::<u8>(),
            any::<u16>(),
            any::<u16>(),
            any::<u128>(),
            any::<u128>()
        )
            .prop_map(
                |(ip_protocol, start_port, end_port, a, b)| TrafficSelector::Ipv6 {
                    ip_protocol,
                    start_port,
                    end_port,
                    start: Ipv6Addr::from(a),
                    end: Ipv6Addr::from(b),
                }
            ),
        (9u8.., any::<u8>(), bytes(20)).prop_map(|(t, octet1, data)| TrafficSelector::Other {
            ts_type: TsType::from(t),
            octet1,
            data,
        }),
        (0u8..7, any::<u8>(), bytes(20)).prop_map(|(t, octet1, data)| TrafficSelector::Other {
            ts_type: TsType::from(t),
            octet1,
            data,
        }),
    ]
}

fn notify() -> impl Strategy<Value = Notify<'static>> {
    (any::<u8>(), bytes(9), any::<u16>(), bytes(40)).prop_map(|(p, spi, t, d)| Notify {
        protocol_id: ProtocolId::from(p),
        spi,
        notify_type: NotifyType::from(t),
        data: Cow::Borrowed(d),
    })
}

fn delete() -> impl Strategy<Value = Delete<'static>> {
    (any::<u8>(), 1u8..9, 0usize..5)
        .prop_flat_map(|(p, size, n)| {
            (
                Just(p),
                Just(size),
                vec(
                    vec(any::<u8>(), usize::from(size))
                        .prop_map(|v| &*Box::leak(v.into_boxed_slice())),
                    n,
                ),
            )
        })
        .prop_map(|(p, spi_size, spis)| Delete {
            protocol_id: ProtocolId::from(p),
            spi_size,
            spis,
        })
}

/// Every payload type that can appear before the last position.
fn plain_payload() -> impl Strategy<Value = Payload<'static>> {
    prop_oneof![
        sa().prop_map(Payload::Sa),
        (any::<u16>(), bytes(64)).prop_map(|(g, data)| Payload::Ke(Ke {
            group: DhGroup::from(g),
            data
        })),
        (any::<u8>(), bytes(32)).prop_map(|(t, data)| Payload::IdI(Id {
            id_type: IdType::from(t),
            data
        })),
        (any::<u8>(), bytes(32)).prop_map(|(t, data)| Payload::IdR(Id {
            id_type: IdType::from(t),
            data
        })),
        (any::<u8>(), bytes(64)).prop_map(|(e, data)| Payload::Cert(Cert {
            encoding: CertEncoding::from(e),
            data
        })),
        (any::<u8>(), bytes(64)).prop_map(|(e, data)| Payload::CertReq(Cert {
            encoding: CertEncoding::from(e),
            data
        })),
        (any::<u8>(), bytes(64)).prop_map(|(m, data)| Payload::Auth(Auth {
            method: AuthMethod::from(m),
            data
        })),
        bytes(64).prop_map(Payload::Nonce),
        notify().prop_map(Payload::Notify),
        delete().prop_map(Payload::Delete),
        (any::<u8>(), 0u8..2).prop_map(|(p, _)| Payload::Delete(Delete {
            protocol_id: ProtocolId::from(p),
            spi_size: 0,
            spis: Vec::new()
        })),
        bytes(32).prop_map(Payload::VendorId),
        vec(selector(), 0..4).prop_map(|selectors| Payload::TsI(Ts { selectors })),
        vec(selector(), 0..4).prop_map(|selectors| Payload::TsR(Ts { selectors })),
        (any::<u8>(), vec((0u16..0x8000, bytes(20)), 0..5)).prop_map(|(t, attrs)| {
            Payload::Cp(Config {
                cfg_type: CfgType::from(t),
                attributes: attrs
                    .into_iter()
                    .map(|(ty, value)| CfgAttribute {
                        attribute_type: CfgAttributeType::from(ty),
                        value,
                    })
                    .collect(),
            })
        }),
        (any::<u8>(), any::<u8>(), bytes(40)).prop_map(|(c, identifier, data)| Payload::Eap(Eap {
            code: EapCode::from(c),
            identifier,
            data
        })),
        (
            prop_oneof![1u8..33, 49u8..53, 54u8..=255],
            any::<bool>(),
            bytes(40)
        )
            .prop_map(|(t, critical, data)| Payload::Unknown {
                payload_type: PayloadType::from(t),
                critical,
                data,
            }),
    ]
}

fn last_payload() -> impl Strategy<Value = Option<Payload<'static>>> {
    prop_oneof![
        Just(None),
        (any::<u8>(), bytes(80)).prop_map(|(f, body)| Some(Payload::Sk(Encrypted {
            first_payload: PayloadType::from(f),
            body
        }))),
        (any::<u8>(), 1u16.., bytes(80))
            .prop_flat_map(|(f, total, body)| (Just(f), 1..=total, Just(total), Just(body)))
            .prop_map(|(f, n, total, body)| Some(Payload::Skf(EncryptedFragment {
                first_payload: PayloadType::from(f),
                fragment_number: n,
                total_fragments: total,
                body
            }))),
    ]
}

fn message() -> impl Strategy<Value = Message<'static>> {
    (
        any::<[u8; 8]>(),
        any::<[u8; 8]>(),
        0u8..16,
        any::<u8>(),
        any::<u8>(),
        any::<u32>(),
        vec(plain_payload(), 0..8),
        last_payload(),
    )
        .prop_map(
            |(spi_i, spi_r, minor_version, ex, flags, message_id, mut payloads, last)| {
                payloads.extend(last);
                Message {
                    header: Header {
                        spi_i,
                        spi_r,
                        minor_version,
                        exchange_type: ExchangeType::from(ex),
                        flags: Flags(flags),
                        message_id,
                    },
                    payloads,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_encode_round_trip(m in message()) {
        let wire = m.to_vec().unwrap();
        let back = Message::decode(&wire).unwrap();
        prop_assert_eq!(&back, &m);
        prop_assert_eq!(back.to_vec().unwrap(), wire.clone());
        let mut b = bytes::BytesMut::new();
        m.encode(&mut b).unwrap();
        prop_assert_eq!(&b[..], &wire[..]);
        // The plain part as an inner chain, too (SK/SKF cannot nest).
        let inner: Vec<_> = m.payloads.iter().filter(|p| !p.is_encrypted()).cloned().collect();
        let mut chain = Vec::new();
        let first = encode_chain(&inner, &mut chain).unwrap();
        prop_assert_eq!(decode_chain(first, &chain).unwrap(), inner);
        // The dump never fails.
        let mut s = String::new();
        dump(&back, &mut s).unwrap();
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in vec(any::<u8>(), 0..300)) {
        let _ = Message::decode(&b);
        let _ = decode_chain(PayloadType::from(b.first().copied().unwrap_or(33)), &b);
        let _ = sk_layout(&b, 12);
    }
}
