//! Writes the fuzz seed corpus (one frame per whack form, plus replies and an answer) to
//! `fuzz/corpus/whack_proto_decode/`. Run by hand: `cargo test -p whack-proto --test
//! seed_corpus -- --ignored`.

use std::path::PathBuf;

use whack_proto::*;

fn samples() -> Vec<Vec<u8>> {
    let mut left = End::new("192.0.2.1".parse().unwrap());
    left.client = Some(Client::Subnet("10.0.1.0/24".parse().unwrap()));
    left.id = Some("@west".into());
    let mut right = End::new(HostAddr::Any);
    right.xauth_client = true;
    right.protoport = Some("17/1701".parse().unwrap());
    let mut conn = ConnectionRequest::new("westnet-eastnet", left, right);
    conn.policy.psk = true;
    conn.policy.encrypt = true;
    conn.ike = Some("aes256-sha2_256-modp2048".into());
    let requests = vec![
        Request::Connection(Box::new(conn)),
        Request::PublicKey(PublicKeyRequest {
            id: "@east".into(),
            add: true,
            rsa_key: Some("0sAQO...".into()),
        }),
        Request::MyId("@me".into()),
        Request::Listen,
        Request::Route { name: "c".into() },
        Request::Initiate(InitiateRequest {
            name: "c".into(),
            asynchronous: false,
            xauth_user: Some("u".into()),
            xauth_pass: None,
        }),
        Request::Terminate {
            name: "c".into(),
            asynchronous: true,
        },
        Request::Crash {
            peer: Some("192.0.2.2".parse().unwrap()),
        },
        Request::DeleteState { serial: 7 },
        Request::Debug(DebugRequest {
            connection: None,
            changes: vec![DebugChange::None, DebugChange::Add(DebugClass::Parsing)],
            impairments: vec![Impairment::SaFail],
        }),
        Request::List(ListRequest {
            utc: true,
            kinds: vec![ListKind::All],
        }),
        Request::Status(StatusRequest {
            kinds: vec![StatusKind::Traffic, StatusKind::Shunt],
            json: true,
        }),
        Request::Shutdown,
    ];
    let mut out: Vec<Vec<u8>> = requests
        .iter()
        .map(|r| encode_request(r).unwrap())
        .collect();
    out.push(encode_answer("secret").unwrap());
    out.push(encode_reply(&Reply::new(Rc::UNKNOWN_NAME, "no connection named \"c\"")).unwrap());
    out.push(encode_reply(&Reply::new(Rc::ENTERSECRET, "XAUTH password:")).unwrap());
    out
}

#[test]
fn samples_decode() {
    for s in samples() {
        let ok = decode_to_pluto(&s).is_ok() || decode_reply(&s).is_ok();
        assert!(ok);
    }
}

#[test]
#[ignore = "writes the fuzz seed corpus; run by hand"]
fn write_seed_corpus() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/whack_proto_decode");
    std::fs::create_dir_all(&dir).unwrap();
    for (i, s) in samples().iter().enumerate() {
        std::fs::write(dir.join(format!("seed-{i:02}")), s).unwrap();
    }
}
