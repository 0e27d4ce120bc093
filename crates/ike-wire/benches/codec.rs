//! Decode and encode throughput of the IKEv2 codec (messages per second) for
//! a real IKE_SA_INIT request and an IKE_AUTH request: the outer message with
//! its SK payload plus the decrypted inner chain (IDi, CERT, CERTREQ, AUTH,
//! N, SA, TSi, TSr) that the state machine parses after decryption.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use ike_wire::v2::*;
use std::net::Ipv4Addr;

const SA_INIT: &[u8] = include_bytes!("../tests/data/ike-sa-init-req.bin");
const CERT: &[u8] = include_bytes!("../tests/data/west-cert.der");

fn ts() -> Ts<'static> {
    Ts {
        selectors: vec![TrafficSelector::Ipv4 {
            ip_protocol: 0,
            start_port: 0,
            end_port: 65535,
            start: Ipv4Addr::new(192, 0, 2, 0),
            end: Ipv4Addr::new(192, 0, 2, 255),
        }],
    }
}

fn auth_inner<'a>(auth: &'a [u8], ca: &'a [u8]) -> Vec<Payload<'a>> {
    vec![
        Payload::IdI(Id {
            id_type: IdType::Fqdn,
            data: b"west.example",
        }),
        Payload::Cert(Cert {
            encoding: CertEncoding::X509Signature,
            data: CERT,
        }),
        Payload::CertReq(Cert {
            encoding: CertEncoding::X509Signature,
            data: ca,
        }),
        Payload::Auth(Auth {
            method: AuthMethod::DigitalSignature,
            data: auth,
        }),
        Payload::Notify(Notify::status(NotifyType::InitialContact)),
        Payload::Sa(Sa {
            proposals: vec![Proposal {
                number: 1,
                protocol_id: ProtocolId::Esp,
                spi: &[1, 2, 3, 4],
                transforms: vec![
                    Transform::encr_with_key_length(EncrId::AesGcm16, 256),
                    Transform::new(TransformId::Esn(EsnId::NoEsn)),
                ],
            }],
        }),
        Payload::TsI(ts()),
        Payload::TsR(ts()),
    ]
}

fn bench(c: &mut Criterion) {
    let auth = vec![0x5a; 72];
    let ca = vec![0xab; 20];
    let inner = auth_inner(&auth, &ca);
    let mut plain = Vec::new();
    let first = encode_chain(&inner, &mut plain).unwrap();
    let mut sk_body = vec![0u8; 16]; // IV
    sk_body.extend_from_slice(&plain);
    sk_body.extend_from_slice(&[0u8; 16]); // padding, pad length, ICV
    let auth_msg = Message {
        header: Header {
            spi_i: [1; 8],
            spi_r: [2; 8],
            minor_version: 0,
            exchange_type: ExchangeType::IkeAuth,
            flags: Flags::new(true, false),
            message_id: 1,
        },
        payloads: vec![Payload::Sk(Encrypted {
            first_payload: first,
            body: &sk_body,
        })],
    };
    let auth_wire = auth_msg.to_vec().unwrap();
    let init = Message::decode(SA_INIT).unwrap();

    let mut g = c.benchmark_group("ikev2");
    g.throughput(Throughput::Elements(1));
    g.bench_function("decode IKE_SA_INIT request", |b| {
        b.iter(|| Message::decode(black_box(SA_INIT)).unwrap())
    });
    g.bench_function("encode IKE_SA_INIT request", |b| {
        let mut out = Vec::with_capacity(512);
        b.iter(|| {
            out.clear();
            black_box(&init).encode(&mut out).unwrap();
            out.len()
        })
    });
    g.bench_function("decode IKE_AUTH request (message + inner chain)", |b| {
        b.iter(|| {
            let m = Message::decode(black_box(&auth_wire)).unwrap();
            let sk = m.encrypted().unwrap();
            let inner = &sk.body[16..16 + plain.len()];
            decode_chain(sk.first_payload, inner).unwrap().len()
        })
    });
    g.bench_function("encode IKE_AUTH request (inner chain + message)", |b| {
        let mut chain = Vec::with_capacity(1024);
        let mut out = Vec::with_capacity(1024);
        b.iter(|| {
            chain.clear();
            out.clear();
            encode_chain(black_box(&inner), &mut chain).unwrap();
            black_box(&auth_msg).encode(&mut out).unwrap();
            out.len() + chain.len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
