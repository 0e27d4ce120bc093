//! The conversion layer over `ike-wire`: round trips, typed errors with
//! offsets, RFC 7296 2.5 critical payloads, SK/SKF layout.

use super::consts::{exch, pt, HEADER_LEN, VERSION};
use super::*;
use crate::config::proposal::{default_esp, default_ike, to_offered};
use crate::config::Subnet;

fn sample() -> Vec<Payload> {
    vec![
        Payload::Sa(to_offered(&default_ike(), 1, &[], true)),
        Payload::Ke {
            group: 14,
            data: vec![7; 256],
        },
        Payload::Nonce(vec![1; 32]),
        Payload::Notify(Notify::new(16388, vec![9; 20])),
        Payload::Sa(to_offered(&default_esp(), 3, &[1, 2, 3, 4], false)),
        Payload::TsI(vec![TrafficSelector::from_subnet(
            Subnet::parse("10.0.0.0/8").unwrap(),
            0,
            0,
        )]),
        Payload::TsR(vec![TrafficSelector::from_subnet(
            Subnet::parse("2001:db8::/32").unwrap(),
            6,
            443,
        )]),
        Payload::Delete(Delete {
            protocol: 3,
            spis: vec![vec![1, 2, 3, 4], vec![5, 6, 7, 8]],
        }),
        Payload::IdI(2, b"west".to_vec()),
        Payload::Cert(4, vec![0x30; 10]),
        Payload::CertReq(4, vec![0xab; 20]),
        Payload::Vendor(b"vendor".to_vec()),
        Payload::Auth {
            method: 2,
            data: vec![3; 32],
        },
    ]
}

fn header() -> Header {
    Header {
        spi_i: 0x0102030405060708,
        spi_r: 0x1112131415161718,
        next_payload: 0,
        version: VERSION,
        exchange: exch::IKE_SA_INIT,
        flags: 0x08,
        message_id: 7,
        length: 0,
    }
}

fn message(payloads: &[Payload]) -> Vec<u8> {
    encode_message(&header(), payloads).unwrap()
}

#[test]
fn round_trip() {
    let p = sample();
    let bytes = message(&p);
    let m = decode(&bytes).unwrap();
    assert_eq!(m.payloads, p);
    assert_eq!(m.encrypted, None);
    let h = m.header;
    assert_eq!((h.spi_i, h.spi_r), (0x0102030405060708, 0x1112131415161718));
    assert_eq!((h.exchange, h.flags, h.message_id), (34, 0x08, 7));
    assert_eq!(h.next_payload, pt::SA);
    assert_eq!(h.version, VERSION);
    assert_eq!(h.length as usize, bytes.len());
    // The inner-chain form gives the same payloads.
    let chain = encode_chain(&p).unwrap();
    assert_eq!(chain, bytes[HEADER_LEN..]);
    assert_eq!(decode_chain(&chain, pt::SA).unwrap(), p);
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = message(&sample());
    for n in 0..bytes.len() {
        let mut b = bytes[..n].to_vec();
        if b.len() >= 28 {
            let l = u32::try_from(n).unwrap().to_be_bytes();
            b[24..28].copy_from_slice(&l);
        }
        assert!(decode(&b).is_err(), "prefix {n} decoded");
    }
}

#[test]
fn errors_keep_the_offset() {
    let mut bytes = message(&sample());
    // Second payload (KE) starts after the SA; make its length 3.
    let sa_len = usize::from(u16::from_be_bytes([bytes[30], bytes[31]]));
    let ke = HEADER_LEN + sa_len;
    bytes[ke + 2..ke + 4].copy_from_slice(&3u16.to_be_bytes());
    match decode(&bytes) {
        Err(CodecError::Wire(e)) => {
            assert_eq!(e.offset, ke + 2);
            assert_eq!(e.context, ike_wire::Context::V2Payload(pt::KE));
        }
        other => panic!("{other:?}"),
    }
    // Not IKEv2.
    let mut v1 = message(&sample());
    v1[17] = 0x10;
    assert!(matches!(
        decode(&v1),
        Err(CodecError::Wire(ike_wire::Error {
            kind: ike_wire::ErrorKind::UnsupportedVersion(1),
            ..
        }))
    ));
}

#[test]
fn unknown_critical_rejected() {
    let crit = vec![
        Payload::Nonce(vec![1; 16]),
        Payload::Other {
            kind: 200,
            critical: true,
            body: vec![1, 2],
        },
    ];
    assert_eq!(
        decode(&message(&crit)),
        Err(CodecError::UnsupportedCritical(200))
    );
    let chain = encode_chain(&crit).unwrap();
    assert_eq!(
        decode_chain(&chain, pt::NONCE),
        Err(CodecError::UnsupportedCritical(200))
    );
    let plain = vec![Payload::Other {
        kind: 200,
        critical: false,
        body: vec![1, 2],
    }];
    assert_eq!(decode(&message(&plain)).unwrap().payloads, plain);
}

#[test]
fn payloads_not_modelled_stay_raw() {
    // A CP payload (RFC 7296 3.15, CFG_REQUEST with INTERNAL_IP4_ADDRESS)
    // is parsed by ike-wire but kept as raw body here, and sent back as is.
    let cp = Payload::Other {
        kind: pt::CP,
        critical: false,
        body: vec![1, 0, 0, 0, 0, 1, 0, 0],
    };
    let bytes = message(std::slice::from_ref(&cp));
    assert_eq!(bytes[HEADER_LEN + 4..], [1, 0, 0, 0, 0, 1, 0, 0]);
    assert_eq!(decode(&bytes).unwrap().payloads, vec![cp]);
}

#[test]
fn semantic_checks() {
    let short = vec![Payload::Nonce(vec![1; 15])];
    assert!(matches!(
        decode(&message(&short)),
        Err(CodecError::Invalid {
            payload: pt::NONCE,
            ..
        })
    ));
    let mixed = vec![Payload::TsI(vec![TrafficSelector {
        protocol: 0,
        start_port: 0,
        end_port: 65535,
        start: "10.0.0.0".parse().unwrap(),
        end: "::1".parse().unwrap(),
    }])];
    assert!(encode_message(&header(), &mixed).is_err());
}

#[test]
fn sk_and_skf_layout() {
    let h = Header {
        exchange: exch::IKE_AUTH,
        ..header()
    };
    let body = [0x5a; 40];
    let mut sk = encode_sk_prefix(&h, pt::IDI, None, body.len()).unwrap();
    assert_eq!(sk.len(), HEADER_LEN + 4);
    sk.extend_from_slice(&body);
    let m = decode(&sk).unwrap();
    assert!(m.payloads.is_empty());
    assert_eq!(m.header.next_payload, pt::SK);
    assert_eq!(
        m.encrypted,
        Some(Encrypted {
            first_inner: pt::IDI,
            fragment: None,
            payload_offset: HEADER_LEN,
            body: body.to_vec(),
        })
    );
    let mut skf = encode_sk_prefix(&h, pt::NONE, Some((2, 3)), body.len()).unwrap();
    assert_eq!(skf.len(), HEADER_LEN + 8);
    skf.extend_from_slice(&body);
    let e = decode(&skf).unwrap().encrypted.unwrap();
    assert_eq!(e.fragment, Some((2, 3)));
    assert_eq!(e.first_inner, pt::NONE);
    assert_eq!(e.body, body);
    // RFC 7383 2.6: fragment 0 is invalid.
    let mut bad = encode_sk_prefix(&h, pt::NONE, Some((1, 3)), body.len()).unwrap();
    bad[HEADER_LEN + 4..HEADER_LEN + 6].copy_from_slice(&0u16.to_be_bytes());
    bad.extend_from_slice(&body);
    assert!(matches!(decode(&bad), Err(CodecError::Wire(_))));
}
