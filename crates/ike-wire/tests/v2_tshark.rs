//! Independent decoder check: one IKEv2 message of every kind, written into a
//! pcap and read back by Wireshark's `tshark -V`: no malformed packet, no
//! expert warning, and the header fields tshark sees are ours. The SK
//! payloads use ENCR_NULL with no integrity (RFC 2410), which tshark
//! "decrypts" when told the SPIs, so the inner chains and their padding are
//! checked too.
//!
//! Needs tshark: fails under CI=true without it, skips otherwise.

mod tshark_support;

use ike_wire::capture::{Datagram, PcapWriter, WriteLink};
use ike_wire::udp::with_non_esp_marker;
use ike_wire::v2::*;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

const SPI_I: [u8; 8] = [0x1d, 0x85, 0xda, 0x06, 0xad, 0xef, 0x3c, 0x7c];
const SPI_R: [u8; 8] = [0x55, 0xf7, 0xa9, 0x07, 0x80, 0x89, 0x3f, 0xb5];

fn header(ex: ExchangeType, response: bool, mid: u32, spi_r: [u8; 8]) -> Header {
    Header {
        spi_i: SPI_I,
        spi_r,
        minor_version: 0,
        exchange_type: ex,
        flags: Flags::new(!response, response),
        message_id: mid,
    }
}

fn ike_proposal() -> Sa<'static> {
    Sa {
        proposals: vec![Proposal {
            number: 1,
            protocol_id: ProtocolId::Ike,
            spi: &[],
            transforms: vec![
                Transform::encr_with_key_length(EncrId::AesCbc, 256),
                Transform::new(TransformId::Prf(PrfId::HmacSha2_256)),
                Transform::new(TransformId::Integ(IntegId::HmacSha2_256_128)),
                Transform::new(TransformId::Ke(DhGroup::Ecp256)),
            ],
        }],
    }
}

fn esp_proposal(spi: &'static [u8]) -> Sa<'static> {
    Sa {
        proposals: vec![
            Proposal {
                number: 1,
                protocol_id: ProtocolId::Esp,
                spi,
                transforms: vec![
                    Transform::encr_with_key_length(EncrId::AesGcm16, 256),
                    Transform::new(TransformId::Esn(EsnId::NoEsn)),
                ],
            },
            Proposal {
                number: 2,
                protocol_id: ProtocolId::Esp,
                spi,
                transforms: vec![
                    Transform::encr_with_key_length(EncrId::AesCbc, 128),
                    Transform::new(TransformId::Integ(IntegId::HmacSha1_96)),
                    Transform::new(TransformId::Ke(DhGroup::Modp2048)),
                    Transform::new(TransformId::Esn(EsnId::Esn)),
                ],
            },
        ],
    }
}

fn ts() -> Ts<'static> {
    Ts {
        selectors: vec![
            TrafficSelector::Ipv4 {
                ip_protocol: 0,
                start_port: 0,
                end_port: 65535,
                start: Ipv4Addr::new(192, 0, 2, 0),
                end: Ipv4Addr::new(192, 0, 2, 255),
            },
            TrafficSelector::Ipv6 {
                ip_protocol: 17,
                start_port: 500,
                end_port: 500,
                start: Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0),
                end: Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0xffff, 0xffff, 0xffff, 0xffff),
            },
        ],
    }
}

/// Wrap an inner chain in SK with ENCR_NULL and no integrity: body =
/// plaintext | padding | pad length (RFC 7296 3.14, no IV, no ICV).
fn seal(inner: &[Payload<'_>]) -> (PayloadType, Vec<u8>) {
    let mut body = Vec::new();
    let first = encode_chain(inner, &mut body).unwrap();
    body.extend_from_slice(&[0, 0, 0]);
    body.push(3);
    (first, body)
}

fn leak(v: Vec<u8>) -> &'static [u8] {
    Box::leak(v.into_boxed_slice())
}

fn sk_message(h: Header, inner: &[Payload<'_>]) -> Message<'static> {
    let (first, body) = seal(inner);
    Message {
        header: h,
        payloads: vec![Payload::Sk(Encrypted {
            first_payload: first,
            body: leak(body),
        })],
    }
}

/// Every kind of message, in exchange order.
fn messages() -> Vec<(&'static str, Message<'static>)> {
    use ExchangeType as X;
    let ke = leak((0..64).collect());
    let ni = leak(vec![0x11; 32]);
    let nr = leak(vec![0x22; 32]);
    let cookie = leak(vec![0xc0; 24]);
    let child_spi: &'static [u8] = &[0xca, 0xfe, 0, 1];
    // A self-signed P-256 certificate made with openssl for this test.
    let cert: &'static [u8] = include_bytes!("data/west-cert.der");
    let ca = leak(vec![0xab; 40]);
    let auth = leak(vec![0x5a; 32]);
    let common = vec![
        Payload::Notify(Notify::nat_detection(true, [1; 20])),
        Payload::Notify(Notify::nat_detection(false, [2; 20])),
        Payload::Notify(Notify::status(NotifyType::Ikev2FragmentationSupported)),
        Payload::Notify(Notify::signature_hash_algorithms(&[
            HashAlgorithm::Sha2_256,
            HashAlgorithm::Sha2_384,
            HashAlgorithm::Sha2_512,
            HashAlgorithm::Identity,
        ])),
        Payload::Notify(Notify::status(NotifyType::RedirectSupported)),
    ];
    let mut init_req = vec![
        Payload::Sa(ike_proposal()),
        Payload::Ke(Ke {
            group: DhGroup::Ecp256,
            data: ke,
        }),
        Payload::Nonce(ni),
    ];
    init_req.extend(common.clone());
    init_req.push(Payload::VendorId(b"OEabcdefghij"));
    let mut cookie_req = vec![Payload::Notify(Notify::cookie(cookie))];
    cookie_req.extend(init_req.clone());
    let mut init_resp = vec![
        Payload::Sa(ike_proposal()),
        Payload::Ke(Ke {
            group: DhGroup::Ecp256,
            data: ke,
        }),
        Payload::Nonce(nr),
    ];
    init_resp.extend(common[..4].to_vec());
    init_resp.push(Payload::CertReq(Cert {
        encoding: CertEncoding::X509Signature,
        data: ca,
    }));
    init_resp.push(Payload::Notify(Notify::status(
        NotifyType::MultipleAuthSupported,
    )));
    let auth_inner = vec![
        Payload::IdI(Id {
            id_type: IdType::Fqdn,
            data: b"west.example",
        }),
        Payload::Cert(Cert {
            encoding: CertEncoding::X509Signature,
            data: cert,
        }),
        Payload::Notify(Notify::status(NotifyType::InitialContact)),
        Payload::CertReq(Cert {
            encoding: CertEncoding::X509Signature,
            data: ca,
        }),
        Payload::IdR(Id {
            id_type: IdType::Ipv4Addr,
            data: &[192, 0, 2, 2],
        }),
        Payload::Auth(Auth {
            method: AuthMethod::DigitalSignature,
            data: auth,
        }),
        Payload::Cp(Config {
            cfg_type: CfgType::Request,
            attributes: vec![
                CfgAttribute {
                    attribute_type: CfgAttributeType::InternalIp4Address,
                    value: &[],
                },
                CfgAttribute {
                    attribute_type: CfgAttributeType::InternalIp4Dns,
                    value: &[],
                },
            ],
        }),
        Payload::Notify(Notify::status(NotifyType::UseTransportMode)),
        Payload::Notify(Notify::status(NotifyType::EspTfcPaddingNotSupported)),
        Payload::Notify(Notify::status(NotifyType::MobikeSupported)),
        Payload::Sa(esp_proposal(child_spi)),
        Payload::TsI(ts()),
        Payload::TsR(ts()),
    ];
    let auth_resp_inner = vec![
        Payload::IdR(Id {
            id_type: IdType::Fqdn,
            data: b"east.example",
        }),
        Payload::Auth(Auth {
            method: AuthMethod::SharedKeyMic,
            data: auth,
        }),
        Payload::Cp(Config {
            cfg_type: CfgType::Reply,
            attributes: vec![CfgAttribute {
                attribute_type: CfgAttributeType::InternalIp4Address,
                value: &[10, 0, 0, 7],
            }],
        }),
        Payload::Sa(Sa {
            proposals: vec![esp_proposal(child_spi).proposals[0].clone()],
        }),
        Payload::TsI(ts()),
        Payload::TsR(ts()),
        Payload::Notify(Notify::additional_address("192.0.2.9".parse().unwrap())),
    ];
    let eap_inner = vec![
        Payload::IdI(Id {
            id_type: IdType::Rfc822Addr,
            data: b"user@example.com",
        }),
        Payload::Eap(Eap {
            code: EapCode::Response,
            identifier: 1,
            data: b"\x01user@example.com",
        }),
    ];
    let rekey_inner = vec![
        Payload::Notify(Notify::rekey_sa(ProtocolId::Esp, child_spi)),
        Payload::Sa(esp_proposal(&[0xca, 0xfe, 0, 2])),
        Payload::Nonce(ni),
        Payload::Ke(Ke {
            group: DhGroup::Modp2048,
            data: leak(vec![0x77; 256]),
        }),
        Payload::TsI(ts()),
        Payload::TsR(ts()),
    ];
    let delete_inner = vec![
        Payload::Delete(Delete {
            protocol_id: ProtocolId::Esp,
            spi_size: 4,
            spis: vec![child_spi, &[0xca, 0xfe, 0, 3]],
        }),
        Payload::Delete(Delete::ike()),
    ];
    let info_inner = vec![
        Payload::Notify(Notify::status(NotifyType::UpdateSaAddresses)),
        Payload::Notify(Notify::with_data(NotifyType::Cookie2, &[0x42u8; 16][..])),
        Payload::Notify(Notify::status(NotifyType::NoAdditionalAddresses)),
    ];
    let mut frag_inner = Vec::new();
    encode_chain(&auth_inner, &mut frag_inner).unwrap();
    let frag_inner = leak(frag_inner);
    let chunks = fragment_chunks(PayloadType::IdI, frag_inner, 200).unwrap();
    let r = SPI_R;
    let mut out = vec![
        (
            "IKE_SA_INIT request",
            Message {
                header: header(X::IkeSaInit, false, 0, [0; 8]),
                payloads: init_req,
            },
        ),
        (
            "IKE_SA_INIT response COOKIE",
            Message {
                header: header(X::IkeSaInit, true, 0, [0; 8]),
                payloads: vec![Payload::Notify(Notify::cookie(cookie))],
            },
        ),
        (
            "IKE_SA_INIT request with COOKIE",
            Message {
                header: header(X::IkeSaInit, false, 0, [0; 8]),
                payloads: cookie_req,
            },
        ),
        (
            "IKE_SA_INIT response INVALID_KE_PAYLOAD",
            Message {
                header: header(X::IkeSaInit, true, 0, [0; 8]),
                payloads: vec![Payload::Notify(Notify::invalid_ke_payload(
                    DhGroup::Modp2048,
                ))],
            },
        ),
        (
            "IKE_SA_INIT response",
            Message {
                header: header(X::IkeSaInit, true, 0, r),
                payloads: init_resp,
            },
        ),
        (
            "IKE_AUTH request",
            sk_message(header(X::IkeAuth, false, 1, r), &auth_inner),
        ),
        (
            "IKE_AUTH response",
            sk_message(header(X::IkeAuth, true, 1, r), &auth_resp_inner),
        ),
        (
            "IKE_AUTH request EAP",
            sk_message(header(X::IkeAuth, false, 2, r), &eap_inner),
        ),
        (
            "CREATE_CHILD_SA request",
            sk_message(header(X::CreateChildSa, false, 3, r), &rekey_inner),
        ),
        (
            "INFORMATIONAL request Delete",
            sk_message(header(X::Informational, false, 4, r), &delete_inner),
        ),
        (
            "INFORMATIONAL request MOBIKE",
            sk_message(header(X::Informational, false, 5, r), &info_inner),
        ),
        (
            "INFORMATIONAL response empty",
            sk_message(header(X::Informational, true, 5, r), &[]),
        ),
    ];
    for c in chunks {
        let mut body = c.plaintext.to_vec();
        body.push(0);
        body.push(1);
        out.push((
            "IKE_AUTH request SKF",
            Message {
                header: header(X::IkeAuth, false, 6, r),
                payloads: vec![Payload::Skf(EncryptedFragment {
                    first_payload: c.first_payload,
                    fragment_number: c.fragment_number,
                    total_fragments: c.total_fragments,
                    body: leak(body),
                })],
            },
        ));
    }
    out
}

/// Lets tshark decrypt the SK payloads (NULL cipher, no integrity).
fn decryption_prefs() -> Vec<String> {
    vec![format!(
        "uat:ikev2_decryption_table:{},{},,,\"NULL [RFC2410]\",,,\"NONE [RFC4306]\"",
        hex(&SPI_I),
        hex(&SPI_R)
    )]
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn tshark_decodes_every_message_kind_cleanly() {
    if !tshark_support::available() {
        return;
    }
    let msgs = messages();
    let a: SocketAddr = "192.0.2.1:500".parse().unwrap();
    let b: SocketAddr = "192.0.2.2:500".parse().unwrap();
    let a4: SocketAddr = "192.0.2.1:4500".parse().unwrap();
    let b4: SocketAddr = "192.0.2.2:4500".parse().unwrap();
    let mut w = PcapWriter::new(WriteLink::Ethernet);
    let mut wires = Vec::new();
    for (i, (what, m)) in msgs.iter().enumerate() {
        let wire = m.to_vec().unwrap();
        // Our own decoder agrees first.
        assert_eq!(&Message::decode(&wire).unwrap(), m, "{what}");
        let init = m.header.exchange_type == ExchangeType::IkeSaInit;
        let (src, dst) = match (init, m.header.flags.response()) {
            (true, false) => (a, b),
            (true, true) => (b, a),
            (false, false) => (a4, b4),
            (false, true) => (b4, a4),
        };
        let payload = if init {
            wire.clone()
        } else {
            with_non_esp_marker(&wire)
        };
        w.push(&Datagram {
            timestamp: Duration::from_secs(1_700_000_000 + i as u64),
            src,
            dst,
            payload: &payload,
        })
        .unwrap();
        wires.push(wire);
    }
    let dir = tshark_support::scratch_dir("v2-tshark");
    let prefs = decryption_prefs();
    let pcap = dir.join("v2-all-kinds.pcap");
    std::fs::write(&pcap, w.into_bytes()).unwrap();

    let bad = tshark_support::complaints(&pcap, &prefs);
    let full = tshark_support::run(&pcap, &prefs, &["-V"]);
    assert!(bad.trim().is_empty(), "tshark complains:\n{bad}\n\n{full}");

    // tshark sees every message as ISAKMP with our header fields.
    let fields = tshark_support::isakmp_fields(
        &pcap,
        &prefs,
        ',',
        &[
            "isakmp.ispi",
            "isakmp.rspi",
            "isakmp.exchangetype",
            "isakmp.messageid",
            "isakmp.length",
        ],
    );
    let lines: Vec<&str> = fields.lines().collect();
    assert_eq!(lines.len(), msgs.len(), "{fields}");
    for ((line, (what, m)), wire) in lines.iter().zip(&msgs).zip(&wires) {
        let h = &m.header;
        let want = format!(
            "{},{},{},0x{:08x},{}",
            hex(&h.spi_i),
            hex(&h.spi_r),
            h.exchange_type.value(),
            h.message_id,
            wire.len()
        );
        assert_eq!(*line, want, "{what}");
    }
    // The decrypted inner chains were parsed: tshark names their payloads.
    for needle in [
        "Identification - Initiator",
        "Identification - Responder",
        "Authentication",
        "Configuration",
        "Traffic Selector - Initiator",
        "Traffic Selector - Responder",
        "Extensible Authentication",
        "Delete",
        "Notify Message Type: REKEY_SA",
        "Notify Message Type: USE_TRANSPORT_MODE",
        "Notify Message Type: UPDATE_SA_ADDRESSES",
        "Notify Message Type: SIGNATURE_HASH_ALGORITHMS",
        "Notify Message Type: INVALID_KE_PAYLOAD",
        "Notify Message Type: COOKIE",
        "Encrypted and Authenticated Fragment",
    ] {
        assert!(full.contains(needle), "tshark -V does not show {needle:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
