//! Independent decoder: one IKEv1 message of every kind is written into a
//! pcap and decoded by Wireshark's tshark, which must report no malformed
//! packet and no expert warning, and must see the same exchange, message ID,
//! flags and payload sequence that we encoded.
//!
//! Needs `tshark` on PATH: with CI=true its absence fails the test,
//! otherwise the test is skipped with a message.

mod tshark_support;
mod v1_support;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use ike_wire::capture::{Datagram, PcapWriter, WriteLink};
use ike_wire::udp::with_non_esp_marker;
use ike_wire::v1::*;
use v1_support::flat_types;

const ICOOKIE: [u8; 8] = [0x1f, 0x2e, 0x3d, 0x4c, 0x5b, 0x6a, 0x79, 0x88];
const RCOOKIE: [u8; 8] = [0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0x08];

fn header(x: ExchangeType, mid: u32, r: bool) -> Header {
    Header {
        initiator_cookie: ICOOKIE,
        responder_cookie: if r { RCOOKIE } else { [0; 8] },
        minor_version: 0,
        exchange_type: x,
        commit: false,
        authentication_only: false,
        message_id: mid,
    }
}

fn plain(h: Header, p: Vec<Payload<'static>>) -> Message<'static> {
    Message {
        header: h,
        body: Body::Plain(p),
    }
}

/// A deterministic stand-in for ciphertext: `n` blocks of 16 octets.
fn cipher(n: usize, seed: u8) -> &'static [u8] {
    let v: Vec<u8> = (0..n * 16)
        .map(|i| (i as u8).wrapping_mul(37).wrapping_add(seed))
        .collect();
    Box::leak(v.into_boxed_slice())
}

fn encrypted(h: Header, first: PayloadType, c: &'static [u8]) -> Message<'static> {
    Message {
        header: h,
        body: Body::Encrypted {
            first_payload: first,
            ciphertext: c,
        },
    }
}

fn p1_attr(t: Phase1AttributeType, v: u16) -> DataAttribute<'static> {
    DataAttribute::basic(t.value(), v)
}

fn ipsec_attr(t: IpsecAttributeType, v: u16) -> DataAttribute<'static> {
    DataAttribute::basic(t.value(), v)
}

fn phase1_sa(responder: bool) -> Payload<'static> {
    use Phase1AttributeType as A;
    let t1 = Transform {
        number: 1,
        transform_id: IsakmpTransformId::KeyIke.value(),
        attributes: vec![
            p1_attr(A::EncryptionAlgorithm, EncryptionAlgorithm::AesCbc.value()),
            p1_attr(A::KeyLength, 256),
            p1_attr(A::HashAlgorithm, HashAlgorithm::Sha2_256.value()),
            p1_attr(
                A::AuthenticationMethod,
                AuthenticationMethod::PreSharedKey.value(),
            ),
            p1_attr(A::GroupDescription, GroupDescription::Modp2048.value()),
            p1_attr(A::LifeType, LifeType::Seconds.value()),
            // Life Duration in TLV form (RFC 2409 App. A allows either).
            DataAttribute::variable(A::LifeDuration.value(), &[0, 1, 0x51, 0x80]),
        ],
    };
    let t2 = Transform {
        number: 2,
        transform_id: IsakmpTransformId::KeyIke.value(),
        attributes: vec![
            p1_attr(
                A::EncryptionAlgorithm,
                EncryptionAlgorithm::TripleDesCbc.value(),
            ),
            p1_attr(A::HashAlgorithm, HashAlgorithm::Sha.value()),
            p1_attr(
                A::AuthenticationMethod,
                AuthenticationMethod::XauthInitPreShared.value(),
            ),
            p1_attr(A::GroupDescription, GroupDescription::Modp1024.value()),
            p1_attr(A::LifeType, LifeType::Seconds.value()),
            p1_attr(A::LifeDuration, 28800),
        ],
    };
    let transforms = if responder { vec![t1] } else { vec![t1, t2] };
    Payload::SecurityAssociation(SecurityAssociation::ipsec(vec![Proposal {
        number: 1,
        protocol: ProtocolId::Isakmp,
        spi: &[],
        transforms,
    }]))
}

fn vid(k: KnownVendorId) -> Payload<'static> {
    Payload::VendorId(Box::leak(k.bytes().unwrap().into_boxed_slice()))
}

fn ke() -> Payload<'static> {
    Payload::KeyExchange(cipher(16, 3)) // 256 octets: MODP 2048
}

fn nonce(seed: u8) -> Payload<'static> {
    Payload::Nonce(cipher(2, seed))
}

fn natd(seed: u8) -> Payload<'static> {
    Payload::NatDiscovery {
        numbering: NatNumbering::Rfc3947,
        hash: &cipher(2, seed)[..32],
    }
}

fn hash(seed: u8) -> Payload<'static> {
    Payload::Hash(&cipher(2, seed)[..32])
}

fn id(identity: Identity<'static>) -> Payload<'static> {
    Payload::Identification(Identification {
        protocol: 17,
        port: 500,
        id: identity,
    })
}

fn esp_sa(spi: &'static [u8]) -> Payload<'static> {
    use IpsecAttributeType as A;
    let attrs = |encap: EncapsulationMode| {
        vec![
            ipsec_attr(A::SaLifeType, LifeType::Seconds.value()),
            ipsec_attr(A::SaLifeDuration, 3600),
            ipsec_attr(A::SaLifeType, LifeType::Kilobytes.value()),
            DataAttribute::variable(A::SaLifeDuration.value(), &[0, 0x46, 0x50, 0]),
            ipsec_attr(A::EncapsulationMode, encap.value()),
            ipsec_attr(
                A::AuthenticationAlgorithm,
                AuthenticationAlgorithm::HmacSha2_256.value(),
            ),
            ipsec_attr(A::KeyLength, 256),
            ipsec_attr(A::GroupDescription, GroupDescription::Modp2048.value()),
        ]
    };
    Payload::SecurityAssociation(SecurityAssociation::ipsec(vec![
        Proposal {
            number: 1,
            protocol: ProtocolId::IpsecEsp,
            spi,
            transforms: vec![Transform {
                number: 1,
                transform_id: EspTransformId::Aes.value(),
                attributes: attrs(EncapsulationMode::UdpEncapsulatedTunnel),
            }],
        },
        Proposal {
            number: 2,
            protocol: ProtocolId::IpsecAh,
            spi,
            transforms: vec![Transform {
                number: 1,
                transform_id: AhTransformId::Sha2_256.value(),
                attributes: attrs(EncapsulationMode::Tunnel),
            }],
        },
        Proposal {
            number: 2,
            protocol: ProtocolId::IpsecEsp,
            spi,
            transforms: vec![Transform {
                number: 1,
                transform_id: EspTransformId::TripleDes.value(),
                attributes: attrs(EncapsulationMode::Tunnel),
            }],
        },
    ]))
}

fn notify(
    protocol: ProtocolId,
    spi: &'static [u8],
    t: NotifyType,
    data: &'static [u8],
) -> Payload<'static> {
    Payload::Notification(Notification {
        doi: Doi::Ipsec,
        protocol,
        spi,
        notify_type: t,
        data,
    })
}

fn cfg(t: CfgType, id: u16, attributes: Vec<DataAttribute<'static>>) -> Payload<'static> {
    Payload::Attribute(AttributePayload {
        cfg_type: t,
        identifier: id,
        attributes,
    })
}

fn ca(t: CfgAttributeType, v: &'static [u8]) -> DataAttribute<'static> {
    DataAttribute::variable(t.value(), v)
}

/// The cookie pair, as DPD and ISAKMP deletes carry it.
fn cookies() -> &'static [u8] {
    let mut v = ICOOKIE.to_vec();
    v.extend_from_slice(&RCOOKIE);
    Box::leak(v.into_boxed_slice())
}

/// (label, on UDP 4500 behind the non-ESP marker, message)
fn messages() -> Vec<(&'static str, bool, Message<'static>)> {
    use ExchangeType as X;
    use Identity as I;
    let mm = |r| header(X::IdentityProtection, 0, r);
    let am = |r| header(X::Aggressive, 0, r);
    let qm = header(X::QuickMode, 0x8b7e_8947, true);
    let inf = header(X::Informational, 0x02bd_c64f, true);
    let tx = header(X::Transaction, 0x5a5a_0001, true);
    let mut qm3 = qm;
    qm3.commit = true;
    vec![
        (
            "MM1",
            false,
            plain(
                mm(false),
                vec![
                    phase1_sa(false),
                    vid(KnownVendorId::NatTRfc3947),
                    vid(KnownVendorId::NatTDraft02N),
                    vid(KnownVendorId::Dpd),
                    vid(KnownVendorId::Xauth),
                    vid(KnownVendorId::CiscoUnity),
                    vid(KnownVendorId::Fragmentation),
                    Payload::VendorId(b"OE-Libreswan-4.12"),
                ],
            ),
        ),
        (
            "MM2",
            false,
            plain(
                mm(true),
                vec![
                    phase1_sa(true),
                    vid(KnownVendorId::NatTRfc3947),
                    vid(KnownVendorId::Dpd),
                ],
            ),
        ),
        (
            "MM3",
            false,
            plain(mm(true), vec![ke(), nonce(1), natd(2), natd(3)]),
        ),
        (
            "MM4",
            false,
            plain(
                mm(true),
                vec![
                    ke(),
                    nonce(4),
                    Payload::CertificateRequest(CertificateRequest {
                        cert_type: CertificateEncoding::X509Signature,
                        authority: &[],
                    }),
                    natd(5),
                    natd(6),
                ],
            ),
        ),
        // MM5/MM6 as sent (encrypted) and, for tshark to check our ID,
        // CERT and SIG encodings, in clear.
        (
            "MM5",
            true,
            encrypted(mm(true), PayloadType::Identification, cipher(4, 7)),
        ),
        (
            "MM6",
            true,
            encrypted(mm(true), PayloadType::Identification, cipher(3, 8)),
        ),
        (
            "MM5 clear",
            true,
            plain(
                mm(true),
                vec![
                    id(I::Fqdn(b"west.example.com")),
                    Payload::Certificate(Certificate {
                        encoding: CertificateEncoding::X509Signature,
                        // A self-signed test certificate (openssl, P-256):
                        // tshark parses the DER, so it must be real.
                        data: Box::leak(v1_support::data("west-cert.der").into_boxed_slice()),
                    }),
                    Payload::Signature(cipher(8, 10)),
                    notify(
                        ProtocolId::Isakmp,
                        cookies(),
                        NotifyType::InitialContact,
                        &[],
                    ),
                ],
            ),
        ),
        (
            "MM6 clear",
            true,
            plain(
                mm(true),
                vec![id(I::Ipv4Addr(Ipv4Addr::new(192, 0, 2, 23))), hash(11)],
            ),
        ),
        (
            "AM1",
            false,
            plain(
                am(false),
                vec![
                    phase1_sa(false),
                    ke(),
                    nonce(12),
                    id(I::UserFqdn(b"road@example.com")),
                    vid(KnownVendorId::NatTRfc3947),
                    vid(KnownVendorId::Dpd),
                ],
            ),
        ),
        (
            "AM2",
            false,
            plain(
                am(true),
                vec![
                    phase1_sa(true),
                    ke(),
                    nonce(13),
                    id(I::KeyId(b"\x01\x02\x03\x04key")),
                    hash(14),
                    natd(15),
                    natd(16),
                    vid(KnownVendorId::NatTRfc3947),
                ],
            ),
        ),
        (
            "AM3",
            true,
            plain(am(true), vec![hash(17), natd(18), natd(19)]),
        ),
        (
            "QM1",
            true,
            encrypted(qm, PayloadType::Hash, cipher(20, 20)),
        ),
        (
            "QM2",
            true,
            encrypted(qm, PayloadType::Hash, cipher(20, 21)),
        ),
        (
            "QM3",
            true,
            encrypted(qm3, PayloadType::Hash, cipher(2, 22)),
        ),
        (
            "QM1 clear",
            true,
            plain(
                qm,
                vec![
                    hash(23),
                    esp_sa(&[0xc0, 0x01, 0xd0, 0x0d]),
                    nonce(24),
                    ke(),
                    id(I::Ipv4AddrSubnet(
                        Ipv4Addr::new(10, 0, 1, 0),
                        Ipv4Addr::new(255, 255, 255, 0),
                    )),
                    id(I::Ipv6AddrRange(
                        "2001:db8::1".parse().unwrap(),
                        "2001:db8::ff".parse().unwrap(),
                    )),
                    Payload::NatOriginalAddress {
                        numbering: NatNumbering::Rfc3947,
                        oa: NatOa {
                            addr: IpAddr::V4(Ipv4Addr::new(10, 0, 1, 5)),
                        },
                    },
                    Payload::NatOriginalAddress {
                        numbering: NatNumbering::Rfc3947,
                        oa: NatOa {
                            addr: IpAddr::V6(Ipv6Addr::LOCALHOST),
                        },
                    },
                ],
            ),
        ),
        (
            "QM2 clear",
            true,
            plain(
                qm,
                vec![
                    hash(25),
                    esp_sa(&[0xc0, 0x02, 0xd0, 0x0d]),
                    nonce(26),
                    ke(),
                    id(I::Ipv4AddrRange(
                        Ipv4Addr::new(10, 0, 1, 1),
                        Ipv4Addr::new(10, 0, 1, 9),
                    )),
                    id(I::Ipv6AddrSubnet(
                        "2001:db8:1::".parse().unwrap(),
                        "ffff:ffff:ffff::".parse().unwrap(),
                    )),
                    notify(
                        ProtocolId::IpsecEsp,
                        &[0xc0, 0x02, 0xd0, 0x0d],
                        NotifyType::ResponderLifetime,
                        // SA Life Type seconds, SA Life Duration 1800 (RFC 2407 4.6.3.1)
                        &[0x80, 0x01, 0x00, 0x01, 0x80, 0x02, 0x07, 0x08],
                    ),
                ],
            ),
        ),
        ("QM3 clear", true, plain(qm3, vec![hash(27)])),
        (
            "Informational Delete",
            true,
            plain(
                inf,
                vec![
                    hash(28),
                    Payload::Delete(Delete {
                        doi: Doi::Ipsec,
                        protocol: ProtocolId::IpsecEsp,
                        spis: SpiList::new(4, 2, &[0xc0, 1, 0xd0, 0x0d, 0xc0, 2, 0xd0, 0x0d])
                            .unwrap(),
                    }),
                    Payload::Delete(Delete {
                        doi: Doi::Ipsec,
                        protocol: ProtocolId::Isakmp,
                        spis: SpiList::single(cookies()).unwrap(),
                    }),
                ],
            ),
        ),
        (
            "Informational R-U-THERE",
            true,
            plain(
                inf,
                vec![
                    hash(29),
                    notify(
                        ProtocolId::Isakmp,
                        cookies(),
                        NotifyType::RUThere,
                        &[0, 0, 0x12, 0x34],
                    ),
                ],
            ),
        ),
        (
            "Informational R-U-THERE-ACK",
            true,
            plain(
                inf,
                vec![
                    hash(30),
                    notify(
                        ProtocolId::Isakmp,
                        cookies(),
                        NotifyType::RUThereAck,
                        &[0, 0, 0x12, 0x34],
                    ),
                ],
            ),
        ),
        (
            "Informational NO-PROPOSAL-CHOSEN",
            false,
            plain(
                header(X::Informational, 0x1234_5678, false),
                vec![notify(
                    ProtocolId::Isakmp,
                    &[],
                    NotifyType::NoProposalChosen,
                    &[],
                )],
            ),
        ),
        (
            "Informational encrypted",
            true,
            encrypted(inf, PayloadType::Hash, cipher(5, 31)),
        ),
        (
            "XAUTH REQUEST",
            true,
            plain(
                tx,
                vec![
                    hash(32),
                    cfg(
                        CfgType::Request,
                        0x0101,
                        vec![
                            DataAttribute::basic(
                                CfgAttributeType::XauthType.value(),
                                XauthType::Generic.value(),
                            ),
                            ca(CfgAttributeType::XauthUserName, &[]),
                            ca(CfgAttributeType::XauthUserPassword, &[]),
                            ca(CfgAttributeType::XauthMessage, b"Enter your password"),
                        ],
                    ),
                ],
            ),
        ),
        (
            "XAUTH REPLY",
            true,
            plain(
                tx,
                vec![
                    hash(33),
                    cfg(
                        CfgType::Reply,
                        0x0101,
                        vec![
                            DataAttribute::basic(
                                CfgAttributeType::XauthType.value(),
                                XauthType::Generic.value(),
                            ),
                            ca(CfgAttributeType::XauthUserName, b"alice"),
                            ca(CfgAttributeType::XauthUserPassword, b"s3cret"),
                        ],
                    ),
                ],
            ),
        ),
        (
            "XAUTH SET",
            true,
            plain(
                tx,
                vec![
                    hash(34),
                    cfg(
                        CfgType::Set,
                        0x0102,
                        vec![DataAttribute::basic(
                            CfgAttributeType::XauthStatus.value(),
                            XauthStatus::Ok.value(),
                        )],
                    ),
                ],
            ),
        ),
        (
            "XAUTH ACK",
            true,
            plain(
                tx,
                vec![
                    hash(35),
                    cfg(
                        CfgType::Ack,
                        0x0102,
                        vec![DataAttribute::basic(
                            CfgAttributeType::XauthStatus.value(),
                            XauthStatus::Ok.value(),
                        )],
                    ),
                ],
            ),
        ),
        (
            "ModeCfg REQUEST",
            true,
            plain(
                tx,
                vec![
                    hash(36),
                    cfg(
                        CfgType::Request,
                        0x0200,
                        vec![
                            ca(CfgAttributeType::InternalIp4Address, &[]),
                            ca(CfgAttributeType::InternalIp4Netmask, &[]),
                            ca(CfgAttributeType::InternalIp4Dns, &[]),
                            ca(CfgAttributeType::InternalIp6Address, &[]),
                            ca(CfgAttributeType::ApplicationVersion, &[]),
                            ca(CfgAttributeType::SupportedAttributes, &[]),
                            ca(CfgAttributeType::UnityBanner, &[]),
                        ],
                    ),
                ],
            ),
        ),
        (
            "ModeCfg REPLY",
            true,
            plain(
                tx,
                vec![
                    hash(37),
                    cfg(
                        CfgType::Reply,
                        0x0200,
                        vec![
                            ca(CfgAttributeType::InternalIp4Address, &[10, 9, 8, 7]),
                            ca(CfgAttributeType::InternalIp4Netmask, &[255, 255, 255, 0]),
                            ca(CfgAttributeType::InternalIp4Dns, &[10, 9, 0, 53]),
                            ca(
                                CfgAttributeType::InternalIp4Subnet,
                                &[10, 0, 0, 0, 255, 0, 0, 0],
                            ),
                            ca(CfgAttributeType::ApplicationVersion, b"rustswan"),
                            ca(CfgAttributeType::InternalAddressExpiry, &[0, 0, 0x0e, 0x10]),
                        ],
                    ),
                ],
            ),
        ),
        (
            "Transaction encrypted",
            true,
            encrypted(tx, PayloadType::Hash, cipher(4, 38)),
        ),
    ]
}

#[test]
fn tshark_decodes_every_ikev1_message_kind_cleanly() {
    if !tshark_support::available() {
        return;
    }
    let msgs = messages();
    let mut w = PcapWriter::new(WriteLink::Ethernet);
    let a = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
    let bb = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 23));
    let mut encoded = Vec::new();
    for (i, (label, nat, m)) in msgs.iter().enumerate() {
        let bytes = m.encode().unwrap_or_else(|e| panic!("{label}: {e}"));
        // What we emit decodes back to itself.
        assert_eq!(&Message::decode(&bytes).unwrap(), m, "{label}");
        let (port, payload) = if *nat {
            (4500, with_non_esp_marker(&bytes))
        } else {
            (500, bytes.clone())
        };
        w.push(&Datagram {
            timestamp: Duration::from_secs(1_700_000_000 + i as u64),
            src: SocketAddr::new(if i % 2 == 0 { a } else { bb }, port),
            dst: SocketAddr::new(if i % 2 == 0 { bb } else { a }, port),
            payload: &payload,
        })
        .unwrap();
        encoded.push(bytes);
    }
    let dir = tshark_support::scratch_dir("v1-tshark");
    let pcap = dir.join("v1.pcap");
    std::fs::write(&pcap, w.into_bytes()).unwrap();

    // NOTES.md 6: malformed or warning/error.
    let bad = tshark_support::complaints(&pcap, &[]);
    assert!(bad.trim().is_empty(), "tshark complaints:\n{bad}");
    let verbose = tshark_support::run(&pcap, &[], &["-V"]);
    assert!(!verbose.contains("Malformed"), "{verbose}");

    // Same exchange, message ID, flags, length and payload sequence.
    let fields = tshark_support::isakmp_fields(
        &pcap,
        &[],
        '|',
        &[
            "frame.number",
            "isakmp.exchangetype",
            "isakmp.messageid",
            "isakmp.flags",
            "isakmp.length",
            "isakmp.typepayload",
        ],
    );
    let lines: Vec<&str> = fields.lines().collect();
    assert_eq!(lines.len(), msgs.len(), "{fields}");
    for ((label, _, m), (line, bytes)) in msgs.iter().zip(lines.iter().zip(&encoded)) {
        let c: Vec<&str> = line.split('|').collect();
        let h = &m.header;
        assert_eq!(c[1], h.exchange_type.value().to_string(), "{label}");
        assert_eq!(c[2], format!("{:#010x}", h.message_id), "{label}");
        let flags = u8::from(m.is_encrypted())
            | (u8::from(h.commit) << 1)
            | (u8::from(h.authentication_only) << 2);
        assert_eq!(c[3], format!("{flags:#04x}"), "{label}");
        assert_eq!(c[4], bytes.len().to_string(), "{label}");
        let types: Vec<String> = flat_types(m).iter().map(u8::to_string).collect();
        assert_eq!(c[5], types.join(","), "{label}");
    }

    // A few values as tshark names them, checked against what we encoded.
    let missing: Vec<&str> = [
        "Exchange type: Identity Protection (Main Mode) (2)",
        "Exchange type: Aggressive (4)",
        "Exchange type: Quick Mode (32)",
        "Exchange type: Informational (5)",
        "Exchange type: Transaction (Config Mode) (6)",
        "Vendor ID: RFC 3947 Negotiation of NAT-Traversal in the IKE",
        "Vendor ID: RFC 3706 DPD (Dead Peer Detection)",
        "Vendor ID: XAUTH",
        "Vendor ID: CISCO-UNITY",
        "Vendor ID: draft-ietf-ipsec-nat-t-ike-02\\n",
        "Notify Message Type: R-U-THERE (36136)",
        "Notify Message Type: R-U-THERE-ACK (36137)",
        "Notify Message Type: RESPONDER-LIFETIME (24576)",
        "Notify Message Type: INITIAL-CONTACT (24578)",
        "ID type: FQDN (2)",
        "ID type: IPV4_ADDR_SUBNET (4)",
        "ID type: IPV6_ADDR_RANGE (8)",
        "Type: ISAKMP_CFG_REQUEST (1)",
        "Type: ISAKMP_CFG_ACK (4)",
        "XAUTH USER NAME: alice",
        "XAUTH USER PASSWORD: s3cret",
        "XAUTH STATUS: Success (1)",
        "XAUTH TYPE: Generic (0)",
        "Authentication Method: XAUTHInitPreShared (65001)",
        "INTERNAL_IP4_ADDRESS",
        "IKE Attribute (t=1,l=2): Encryption-Algorithm: AES-CBC",
        "IPsec Attribute (t=4,l=2): Encapsulation-Mode: UDP-Encapsulated-Tunnel",
        "INTERNAL IP4 ADDRESS: 10.9.8.7",
        "INTERNAL IP4 SUBNET (NETMASK): 255.0.0.0",
        "INTERNAL ADDRESS EXPIRY (Secs): 3600",
        "Life-Duration: 86400",
        "Number of SPIs: 2",
    ]
    .into_iter()
    .filter(|n| !verbose.contains(n))
    .collect::<Vec<_>>();
    assert!(missing.is_empty(), "tshark -V lacks {missing:?}");

    // Negative control: the same check does flag a broken message, so a
    // clean result above means something on this tshark version.
    let mut broken = encoded[0].clone();
    broken[28 + 3] = 0xff; // first payload's length far past the end
    let mut w = PcapWriter::new(WriteLink::Ethernet);
    w.push(&Datagram {
        timestamp: Duration::from_secs(1_700_000_000),
        src: SocketAddr::new(a, 500),
        dst: SocketAddr::new(bb, 500),
        payload: &broken,
    })
    .unwrap();
    let pcap2 = dir.join("broken.pcap");
    std::fs::write(&pcap2, w.into_bytes()).unwrap();
    let bad = tshark_support::complaints(&pcap2, &[]);
    assert_eq!(
        bad.split('\t').next().unwrap_or_default().trim(),
        "1",
        "tshark did not flag the broken message"
    );
    std::fs::remove_dir_all(&dir).ok();
}
