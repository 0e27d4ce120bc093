use super::*;

const REQ: &[u8] = include_bytes!("../../tests/data/ike-sa-init-req.bin");

fn header(exchange_type: ExchangeType, response: bool) -> Header {
    Header {
        spi_i: [1, 2, 3, 4, 5, 6, 7, 8],
        spi_r: [0; 8],
        minor_version: 0,
        exchange_type,
        flags: Flags::new(true, response),
        message_id: 7,
    }
}

#[test]
fn decodes_and_reencodes_real_sa_init() {
    let m = Message::decode(REQ).unwrap();
    assert_eq!(m.header.exchange_type, ExchangeType::IkeSaInit);
    assert_eq!(
        m.header.spi_i,
        [0x54, 0xc1, 0x84, 0x96, 0x1b, 0xc3, 0xfd, 0x77]
    );
    let types: Vec<_> = m.payload_types().collect();
    assert_eq!(
        types,
        [PayloadType::Sa, PayloadType::Ke, PayloadType::Nonce]
    );
    let sa = m.sa().unwrap();
    assert_eq!(sa.proposals[0].transforms.len(), 5);
    assert_eq!(sa.proposals[0].transforms[0].key_length(), Some(128));
    assert_eq!(
        sa.proposals[0].transforms[0].typed_id(),
        TransformId::Encr(EncrId::AesCbc)
    );
    assert_eq!(m.to_vec().unwrap(), REQ);
    let mut b = bytes::BytesMut::new();
    m.encode(&mut b).unwrap();
    assert_eq!(&b[..], REQ);
}

#[test]
fn every_prefix_fails_cleanly() {
    for n in 0..REQ.len() {
        assert!(Message::decode(&REQ[..n]).is_err());
    }
}

#[test]
fn critical_unknown_payload_is_reported() {
    let mut m = Message {
        header: header(ExchangeType::Informational, false),
        payloads: vec![
            Payload::Unknown {
                payload_type: PayloadType::Unknown(200),
                critical: false,
                data: b"skip me",
            },
            Payload::Unknown {
                payload_type: PayloadType::Unknown(201),
                critical: true,
                data: b"reject",
            },
        ],
    };
    let bytes = m.to_vec().unwrap();
    let d = Message::decode(&bytes).unwrap();
    assert_eq!(d, m);
    assert_eq!(d.unsupported_critical(), Some(PayloadType::Unknown(201)));
    m.payloads.pop();
    assert_eq!(m.unsupported_critical(), None);
    let n = Notify::unsupported_critical_payload(PayloadType::Unknown(201));
    assert_eq!(
        n.data(),
        Ok(NotifyData::UnsupportedCriticalPayload(
            PayloadType::Unknown(201)
        ))
    );
}

#[test]
fn sk_wrap_and_layout() {
    // What ike-sm does: encode the inner chain, "encrypt" it, wrap in SK.
    let nonce = [9u8; 16];
    let inner = [
        Payload::IdI(Id {
            id_type: IdType::Fqdn,
            data: b"west",
        }),
        Payload::Nonce(&nonce),
    ];
    let mut plain = Vec::new();
    let first = encode_chain(&inner, &mut plain).unwrap();
    assert_eq!(first, PayloadType::IdI);
    assert_eq!(decode_chain(first, &plain).unwrap(), inner);
    let icv_len = 12;
    let mut body = vec![0xaa; 16]; // IV
    body.extend_from_slice(&plain); // "ciphertext"
    body.extend_from_slice(&[0; 12]); // ICV placeholder
    let m = Message {
        header: header(ExchangeType::IkeAuth, false),
        payloads: vec![
            Payload::VendorId(b"vid"),
            Payload::Sk(Encrypted {
                first_payload: first,
                body: &body,
            }),
        ],
    };
    let wire = m.to_vec().unwrap();
    let l = sk_layout(&wire, icv_len).unwrap();
    assert_eq!(l.payload_type, PayloadType::Sk);
    assert_eq!(l.payload_start, HEADER_LEN + 7);
    assert_eq!(l.aad_end, HEADER_LEN + 7 + 4);
    assert_eq!(l.icv, wire.len() - 12..wire.len());
    assert_eq!(l.integrity_covered(), 0..wire.len() - 12);
    assert_eq!(&wire[l.encrypted.clone()][16..], &plain[..]);
    let d = Message::decode(&wire).unwrap();
    assert_eq!(d.encrypted().unwrap().first_payload, PayloadType::IdI);
    // An SK that is not last cannot be encoded; nested SK cannot be decoded.
    let mut bad = m.clone();
    bad.payloads.reverse();
    assert!(bad.to_vec().is_err());
    let mut nested = Vec::new();
    encode_chain(&m.payloads[1..], &mut nested).unwrap();
    assert!(decode_chain(PayloadType::Sk, &nested).is_err());
}

#[test]
fn skf_numbering() {
    let inner = vec![7u8; 250];
    let chunks = fragment_chunks(PayloadType::IdI, &inner, 100).unwrap();
    let nums: Vec<_> = chunks
        .iter()
        .map(|c| {
            (
                c.fragment_number,
                c.total_fragments,
                c.first_payload,
                c.plaintext.len(),
            )
        })
        .collect();
    assert_eq!(
        nums,
        [
            (1, 3, PayloadType::IdI, 100),
            (2, 3, PayloadType::NoNextPayload, 100),
            (3, 3, PayloadType::NoNextPayload, 50)
        ]
    );
    assert!(fragment_chunks(PayloadType::IdI, &inner, 0).is_err());
    let body = [1u8; 20];
    let m = Message {
        header: header(ExchangeType::IkeAuth, false),
        payloads: vec![Payload::Skf(EncryptedFragment {
            first_payload: PayloadType::IdI,
            fragment_number: 1,
            total_fragments: 3,
            body: &body,
        })],
    };
    let wire = m.to_vec().unwrap();
    assert_eq!(Message::decode(&wire).unwrap(), m);
    let l = sk_layout(&wire, 8).unwrap();
    assert_eq!(l.aad_end, HEADER_LEN + 8);
    // Fragment number 0 is refused (RFC 7383 2.6).
    let mut bad = wire.clone();
    bad[HEADER_LEN + 5] = 0;
    assert!(Message::decode(&bad).is_err());
}

#[test]
fn header_errors() {
    let mut v = REQ.to_vec();
    v[17] = 0x10;
    let e = Message::decode(&v).unwrap_err();
    assert_eq!(e.kind, crate::ErrorKind::UnsupportedVersion(1));
    let mut v = REQ.to_vec();
    v.push(0);
    assert_eq!(
        Message::decode(&v).unwrap_err().kind,
        crate::ErrorKind::Trailing(1)
    );
    let raw = RawHeader::decode(REQ).unwrap();
    assert_eq!(raw.length as usize, REQ.len());
}

#[test]
fn notify_typed_data() {
    let n = Notify::invalid_ke_payload(DhGroup::Ecp256);
    assert_eq!(n.data(), Ok(NotifyData::InvalidKePayload(DhGroup::Ecp256)));
    let n = Notify::signature_hash_algorithms(&[HashAlgorithm::Sha2_256, HashAlgorithm::Identity]);
    assert_eq!(
        n.data(),
        Ok(NotifyData::SignatureHashAlgorithms(vec![
            HashAlgorithm::Sha2_256,
            HashAlgorithm::Identity
        ]))
    );
    let n = Notify::redirect(GatewayIdentity::Fqdn(b"gw.example"), b"nonce").unwrap();
    assert_eq!(
        n.data(),
        Ok(NotifyData::Redirect {
            gateway: GatewayIdentity::Fqdn(b"gw.example"),
            nonce: b"nonce"
        })
    );
    let bad = Notify::with_data(NotifyType::NatDetectionSourceIp, &b"short"[..]);
    assert!(bad.data().is_err());
    assert_eq!(
        Notify::status(NotifyType::InitialContact).data(),
        Ok(NotifyData::Empty)
    );
}

#[test]
fn payload_body_of_type_zero_is_refused() {
    // Found by the v2_payload_body fuzzer: type 0 is no payload at all and
    // would not re-encode.
    let e = decode_payload_body(PayloadType::NoNextPayload, PayloadType::Sa, 0, &[1, 2]);
    assert!(e.is_err());
    let p = decode_payload_body(PayloadType::Unknown(99), PayloadType::Sa, 0x80, &[1, 2]).unwrap();
    let mut out = Vec::new();
    encode_chain(std::slice::from_ref(&p), &mut out).unwrap();
    assert_eq!(out, [0, 0x80, 0, 6, 1, 2]);
}
