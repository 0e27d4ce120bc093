//! Property tests: `decode(encode(m)) == m` over arbitrary IKEv1 messages
//! covering every payload type and both attribute forms, the same for the
//! decrypted-chain and per-body entry points, and `encode(decode(b)) == b`
//! whenever arbitrary or mutated real input decodes.

mod v1_support;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ike_wire::v1::*;
use proptest::prelude::*;

/// Generated octets live for the whole test run (a few KiB per case).
fn leak(v: Vec<u8>) -> &'static [u8] {
    Box::leak(v.into_boxed_slice())
}

fn bytes(max: usize) -> impl Strategy<Value = &'static [u8]> {
    proptest::collection::vec(any::<u8>(), 0..=max).prop_map(leak)
}

fn attribute() -> impl Strategy<Value = DataAttribute<'static>> {
    prop_oneof![
        (0..0x8000u16, any::<u16>()).prop_map(|(t, v)| DataAttribute::basic(t, v)),
        (0..0x8000u16, bytes(40)).prop_map(|(t, v)| DataAttribute::variable(t, v)),
    ]
}

fn attributes() -> impl Strategy<Value = Vec<DataAttribute<'static>>> {
    proptest::collection::vec(attribute(), 0..6)
}

fn transform() -> impl Strategy<Value = Transform<'static>> {
    (any::<u8>(), any::<u8>(), attributes()).prop_map(|(number, transform_id, attributes)| {
        Transform {
            number,
            transform_id,
            attributes,
        }
    })
}

fn proposal() -> impl Strategy<Value = Proposal<'static>> {
    (
        any::<u8>(),
        any::<u8>(),
        bytes(16),
        proptest::collection::vec(transform(), 0..4),
    )
        .prop_map(|(number, p, spi, transforms)| Proposal {
            number,
            protocol: ProtocolId::from(p),
            spi,
            transforms,
        })
}

fn sa() -> impl Strategy<Value = SecurityAssociation<'static>> {
    let labeled = situation::SECRECY | situation::INTEGRITY;
    prop_oneof![
        (any::<u32>(), proptest::collection::vec(proposal(), 0..4)).prop_map(
            move |(s, proposals)| {
                SecurityAssociation::Ipsec {
                    situation: s & !labeled,
                    proposals,
                }
            }
        ),
        (
            any::<u32>().prop_filter("not IPSEC", |d| *d != 1),
            bytes(30)
        )
            .prop_map(|(d, body)| SecurityAssociation::Other {
                doi: Doi::from(d),
                body
            }),
        // IPSEC with labeled situation data stays opaque.
        (
            any::<u32>(),
            1u32..=3,
            proptest::collection::vec(any::<u8>(), 0..30)
        )
            .prop_map(move |(x, s, rest)| {
                let mut body = ((x & !labeled) | (s << 1)).to_be_bytes().to_vec();
                body.extend(rest);
                SecurityAssociation::Other {
                    doi: Doi::Ipsec,
                    body: leak(body),
                }
            }),
    ]
}

fn v4() -> impl Strategy<Value = Ipv4Addr> {
    any::<[u8; 4]>().prop_map(Ipv4Addr::from)
}

fn v6() -> impl Strategy<Value = Ipv6Addr> {
    any::<[u8; 16]>().prop_map(Ipv6Addr::from)
}

fn identity() -> impl Strategy<Value = Identity<'static>> {
    prop_oneof![
        v4().prop_map(Identity::Ipv4Addr),
        bytes(30).prop_map(Identity::Fqdn),
        bytes(30).prop_map(Identity::UserFqdn),
        (v4(), v4()).prop_map(|(a, b)| Identity::Ipv4AddrSubnet(a, b)),
        v6().prop_map(Identity::Ipv6Addr),
        (v6(), v6()).prop_map(|(a, b)| Identity::Ipv6AddrSubnet(a, b)),
        (v4(), v4()).prop_map(|(a, b)| Identity::Ipv4AddrRange(a, b)),
        (v6(), v6()).prop_map(|(a, b)| Identity::Ipv6AddrRange(a, b)),
        bytes(30).prop_map(Identity::DerAsn1Dn),
        bytes(30).prop_map(Identity::DerAsn1Gn),
        bytes(30).prop_map(Identity::KeyId),
        (prop_oneof![Just(0u8), 12u8..=255], bytes(30))
            .prop_map(|(t, d)| Identity::Other(IdType::from(t), d)),
    ]
}

fn delete() -> impl Strategy<Value = Delete<'static>> {
    (any::<u32>(), any::<u8>(), 0u8..=17, 0u16..5).prop_flat_map(|(doi, p, size, count)| {
        proptest::collection::vec(any::<u8>(), usize::from(size) * usize::from(count)).prop_map(
            move |data| Delete {
                doi: Doi::from(doi),
                protocol: ProtocolId::from(p),
                spis: SpiList::new(size, count, leak(data)).unwrap(),
            },
        )
    })
}

fn numbering() -> impl Strategy<Value = NatNumbering> {
    prop_oneof![Just(NatNumbering::Rfc3947), Just(NatNumbering::Draft)]
}

/// Payload types that decode as `Payload::Unknown`.
fn unknown_type() -> impl Strategy<Value = PayloadType> {
    prop_oneof![2u8..=3, 15u8..=19, 22u8..=129, 133u8..=255].prop_map(PayloadType::from)
}

fn payload() -> impl Strategy<Value = Payload<'static>> {
    prop_oneof![
        sa().prop_map(Payload::SecurityAssociation),
        bytes(64).prop_map(Payload::KeyExchange),
        (any::<u8>(), any::<u16>(), identity()).prop_map(|(protocol, port, id)| {
            Payload::Identification(Identification { protocol, port, id })
        }),
        (any::<u8>(), bytes(40)).prop_map(|(e, data)| Payload::Certificate(Certificate {
            encoding: e.into(),
            data
        })),
        (any::<u8>(), bytes(40)).prop_map(|(e, authority)| Payload::CertificateRequest(
            CertificateRequest {
                cert_type: e.into(),
                authority
            }
        )),
        bytes(32).prop_map(Payload::Hash),
        bytes(32).prop_map(Payload::Signature),
        bytes(32).prop_map(Payload::Nonce),
        (
            any::<u32>(),
            any::<u8>(),
            bytes(16),
            any::<u16>(),
            bytes(16)
        )
            .prop_map(
                |(doi, p, spi, t, data)| Payload::Notification(Notification {
                    doi: Doi::from(doi),
                    protocol: ProtocolId::from(p),
                    spi,
                    notify_type: NotifyType::from(t),
                    data,
                })
            ),
        delete().prop_map(Payload::Delete),
        bytes(24).prop_map(Payload::VendorId),
        (any::<u8>(), any::<u16>(), attributes()).prop_map(|(t, identifier, attributes)| {
            Payload::Attribute(AttributePayload {
                cfg_type: CfgType::from(t),
                identifier,
                attributes,
            })
        }),
        (numbering(), bytes(20))
            .prop_map(|(numbering, hash)| Payload::NatDiscovery { numbering, hash }),
        (
            numbering(),
            prop_oneof![v4().prop_map(IpAddr::V4), v6().prop_map(IpAddr::V6)]
        )
            .prop_map(|(numbering, addr)| Payload::NatOriginalAddress {
                numbering,
                oa: NatOa { addr }
            }),
        (any::<u16>(), any::<u8>(), any::<u8>(), bytes(40)).prop_map(
            |(fragment_id, number, flags, data)| Payload::Fragment(Fragment {
                fragment_id,
                number,
                flags,
                data
            })
        ),
        (unknown_type(), bytes(30))
            .prop_map(|(payload_type, body)| Payload::Unknown { payload_type, body }),
    ]
}

fn header() -> impl Strategy<Value = Header> {
    (
        any::<[u8; 8]>(),
        any::<[u8; 8]>(),
        0u8..16,
        any::<u8>(),
        any::<bool>(),
        any::<bool>(),
        any::<u32>(),
    )
        .prop_map(|(i, r, minor, x, c, a, mid)| Header {
            initiator_cookie: i,
            responder_cookie: r,
            minor_version: minor,
            exchange_type: ExchangeType::from(x),
            commit: c,
            authentication_only: a,
            message_id: mid,
        })
}

fn message() -> impl Strategy<Value = Message<'static>> {
    let body = prop_oneof![
        4 => proptest::collection::vec(payload(), 0..8).prop_map(Body::Plain),
        1 => (any::<u8>(), bytes(64)).prop_map(|(t, c)| Body::Encrypted {
            first_payload: PayloadType::from(t),
            ciphertext: c
        }),
    ];
    (header(), body).prop_map(|(header, body)| Message { header, body })
}

/// Padding forms real peers use: zeros, or RFC 2409's count octet.
fn padding() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (0usize..=32).prop_map(|n| vec![0; n]),
        proptest::collection::vec(any::<u8>(), 0..=31).prop_map(|mut v| {
            v.push(v.len() as u8);
            v
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn message_round_trips(m in message()) {
        let b = m.encode().unwrap();
        let raw = RawHeader::decode(&b).unwrap();
        prop_assert_eq!(raw.length as usize, b.len());
        let d = Message::decode(&b).unwrap();
        prop_assert_eq!(&d, &m);
        // The dump of any message works.
        let mut s = String::new();
        dump(&d, &mut s).unwrap();
    }

    #[test]
    fn decrypted_chain_round_trips(p in proptest::collection::vec(payload(), 1..8), pad in padding()) {
        let mut b = Vec::new();
        let first = encode_payload_chain(&p, &mut b).unwrap();
        b.extend_from_slice(&pad);
        let c = decode_payload_chain(first, &b).unwrap();
        prop_assert_eq!(&c.payloads, &p);
        prop_assert_eq!(c.padding, &pad[..]);
    }

    #[test]
    fn every_body_round_trips(p in payload()) {
        let mut b = Vec::new();
        encode_payload_chain(std::slice::from_ref(&p), &mut b).unwrap();
        let d = decode_payload_body(p.payload_type(), &b[4..]).unwrap();
        prop_assert_eq!(d, p);
    }

    /// Whatever decodes re-encodes to the same octets (header Length bounds
    /// the message; octets after it are not part of it).
    #[test]
    fn arbitrary_input_that_decodes_re_encodes(b in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(m) = Message::decode(&b) {
            let again = m.encode().unwrap();
            prop_assert_eq!(&again[..], &b[..again.len()]);
        }
    }

    #[test]
    fn mutated_real_messages_never_panic_and_re_encode(
        which in 0usize..1000,
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
    ) {
        let msgs = real_messages();
        let mut b = msgs[which % msgs.len()].clone();
        for (at, x) in flips {
            let n = b.len();
            b[at % n] ^= x;
        }
        if let Ok(m) = Message::decode(&b) {
            let again = m.encode().unwrap();
            prop_assert_eq!(&again[..], &b[..again.len()]);
        }
    }
}

fn real_messages() -> &'static Vec<Vec<u8>> {
    static M: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    M.get_or_init(|| {
        [
            "ipsec-ikev1-isakmp-aggressive-mode.pcap",
            "ikev1-certs.pcap",
            "ISAKMP_sa_setup.pcap",
            "weirdike-eastwest.pcap-ike.pcap",
        ]
        .iter()
        .flat_map(|f| v1_support::ike_messages(f))
        .map(|(_, _, b)| b)
        .collect()
    })
}

#[test]
fn garbage_after_the_last_decrypted_payload_is_refused() {
    let p = [Payload::Hash(&[1, 2, 3])];
    let mut b = Vec::new();
    let first = encode_payload_chain(&p, &mut b).unwrap();
    // A payload header after NONE: not padding (neither zeros nor a count).
    b.extend_from_slice(&[0x0d, 0x00, 0x00, 0x08, 1, 2, 3, 4]);
    let e = decode_payload_chain(first, &b).unwrap_err();
    assert_eq!(e.kind, ike_wire::ErrorKind::Trailing(8));
    assert_eq!(e.offset, 7);
    // 300 zero octets are more than any cipher pads.
    let mut b2 = Vec::new();
    encode_payload_chain(&p, &mut b2).unwrap();
    b2.extend(std::iter::repeat_n(0, 300));
    assert!(decode_payload_chain(first, &b2).is_err());
    // The same chain in a plain message may not have any trailing octets.
    assert!(!is_padding(&[0x0d, 0, 0, 8]));
    assert!(is_padding(&[0, 0, 0, 3]));
    assert!(is_padding(&[7, 9, 2]));
}

#[test]
fn limits_are_enforced() {
    // MAX_PAYLOADS + 1 empty Vendor ID payloads.
    let p: Vec<Payload<'_>> = (0..=limits::MAX_PAYLOADS)
        .map(|_| Payload::VendorId(&[]))
        .collect();
    let mut b = Vec::new();
    let first = encode_payload_chain(&p, &mut b).unwrap();
    let e = decode_payload_chain(first, &b).unwrap_err();
    assert!(
        matches!(
            e.kind,
            ike_wire::ErrorKind::TooMany {
                what: "payloads",
                ..
            }
        ),
        "{e}"
    );
    // MAX_ATTRIBUTES + 1 attributes in one Attribute payload.
    let attrs = vec![DataAttribute::basic(1, 1); limits::MAX_ATTRIBUTES + 1];
    let a = Payload::Attribute(AttributePayload {
        cfg_type: CfgType::Request,
        identifier: 1,
        attributes: attrs,
    });
    let mut b = Vec::new();
    encode_payload_chain(std::slice::from_ref(&a), &mut b).unwrap();
    let e = decode_payload_body(PayloadType::Attribute, &b[4..]).unwrap_err();
    assert!(matches!(e.kind, ike_wire::ErrorKind::TooMany { .. }), "{e}");
    // MAX_PROPOSALS + 1 proposals.
    let props = vec![
        Proposal {
            number: 1,
            protocol: ProtocolId::IpsecEsp,
            spi: &[1, 2, 3, 4],
            transforms: vec![],
        };
        limits::MAX_PROPOSALS + 1
    ];
    let s = Payload::SecurityAssociation(SecurityAssociation::ipsec(props));
    let mut b = Vec::new();
    encode_payload_chain(std::slice::from_ref(&s), &mut b).unwrap();
    let e = decode_payload_body(PayloadType::SecurityAssociation, &b[4..]).unwrap_err();
    assert!(
        matches!(
            e.kind,
            ike_wire::ErrorKind::TooMany {
                what: "proposals",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn oversized_values_are_encode_errors() {
    let big = vec![0u8; 70_000];
    let m = Message {
        header: Header {
            initiator_cookie: [1; 8],
            responder_cookie: [0; 8],
            minor_version: 0,
            exchange_type: ExchangeType::Aggressive,
            commit: false,
            authentication_only: false,
            message_id: 0,
        },
        body: Body::Plain(vec![Payload::KeyExchange(&big)]),
    };
    assert!(matches!(
        m.encode(),
        Err(ike_wire::EncodeError::TooLong { .. })
    ));
}
