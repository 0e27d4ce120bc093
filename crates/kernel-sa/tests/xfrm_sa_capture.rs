//! Acceptance 3 of issue 5: the XFRM_MSG_NEWSA/UPDSA the backend sends for an ESP SA is
//! compared attribute by attribute with what `ip xfrm state add` sends for the same SA
//! (captured with strace; both decoded by the same parser), and the kernel's answer on a
//! kernel without ESP is a typed error naming the same errno iproute2 got.

mod common;

use common::in_netns;
use kernel_sa::xfrm::{encode, XfrmKernel};
use kernel_sa::*;
use netlink_packet_core::ParseableParametrized;
use netlink_packet_xfrm::{XfrmMessage, XFRM_MSG_NEWSA, XFRM_MSG_UPDSA};
use std::net::IpAddr;
use std::process::Command;

fn a(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// Deterministic test key bytes (not secret): `n` bytes starting at `seed`.
fn key(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| seed.wrapping_add(i as u8)).collect()
}

fn hex(k: &[u8]) -> String {
    format!("0x{}", hex::encode(k))
}

struct Case {
    name: &'static str,
    spec: SaSpec,
    /// `ip xfrm state` arguments after `add`/`update`.
    ip_args: Vec<String>,
}

fn base(src: &str, dst: &str, spi: u32, algorithms: SaAlgorithms) -> SaSpec {
    SaSpec {
        src: a(src),
        dst: a(dst),
        spi: Spi(spi),
        mode: Mode::Tunnel,
        algorithms,
        esn: false,
        replay_window: 0,
        encap: None,
        lifetimes: Lifetimes::default(),
        reqid: Reqid(0),
        mark: None,
        selector: None,
    }
}

fn args(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

fn esp(encr_id: u16, bits: u16, ek: &[u8], integ_id: u16, ak: &[u8]) -> SaAlgorithms {
    SaAlgorithms::Esp {
        encr: Cipher {
            transform_id: encr_id,
            key_bits: Some(bits),
            key: KeyBytes::from_slice(ek),
        },
        integ: Some(Integrity {
            transform_id: integ_id,
            key: KeyBytes::from_slice(ak),
        }),
    }
}

fn aead(id: u16, bits: Option<u16>, k: &[u8]) -> SaAlgorithms {
    SaAlgorithms::EspAead(Aead {
        transform_id: id,
        key_bits: bits,
        key: KeyBytes::from_slice(k),
    })
}

/// `ip xfrm` algorithm arguments: `KIND NAME KEY [BITS]`.
fn ip_alg(kind: &str, name: &str, k: &[u8], bits: Option<&str>) -> Vec<String> {
    let mut v = vec![kind.to_string(), name.to_string(), hex(k)];
    v.extend(bits.map(str::to_string));
    v
}

/// One case: the spec, and the `ip xfrm state` words that say the same.
fn case(name: &'static str, spec: SaSpec, words: &[Vec<String>]) -> Case {
    Case {
        name,
        spec,
        ip_args: words.concat(),
    }
}

fn cases() -> Vec<Case> {
    let (v4a, v4b) = ("192.0.2.1", "192.0.2.2");
    let mut out = Vec::new();

    // AES-CBC-256 + HMAC-SHA2-256-128, tunnel, reqid, window, mark, lifetimes.
    let (ek, ak) = (key(32, 1), key(32, 0x40));
    let mut spec = base(
        v4a,
        v4b,
        0x1001,
        esp(encr::AES_CBC, 256, &ek, integ::HMAC_SHA2_256_128, &ak),
    );
    spec.reqid = Reqid(5);
    spec.replay_window = 32;
    spec.mark = Some(Mark {
        value: 7,
        mask: 0xff,
    });
    spec.lifetimes = Lifetimes {
        soft: Limits {
            bytes: Some(1_000_000),
            packets: None,
            seconds: Some(3000),
        },
        hard: Limits {
            bytes: None,
            packets: Some(5000),
            seconds: Some(3600),
        },
    };
    out.push(case("aes-cbc-256 + hmac-sha2-256-128", spec, &[
        args("src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x1001 reqid 5 mode tunnel replay-window 32"),
        ip_alg("enc", "cbc(aes)", &ek, None),
        ip_alg("auth-trunc", "hmac(sha256)", &ak, Some("128")),
        args("mark 7 mask 0xff limit time-soft 3000 limit time-hard 3600"),
        args("limit byte-soft 1000000 limit packet-hard 5000"),
    ]));

    // AES-GCM-16 (128-bit key + 4-byte salt), transport mode with a port selector.
    let k = key(20, 9);
    let mut spec = base(v4a, v4b, 0x2002, aead(encr::AES_GCM_16, Some(128), &k));
    spec.mode = Mode::Transport;
    spec.reqid = Reqid(9);
    spec.replay_window = 16;
    spec.selector = Some(
        Selector::hosts(a(v4a), a(v4b))
            .unwrap()
            .with_upper(UpperLayer::Ports {
                proto: 17,
                src_port: Some(500),
                dst_port: Some(500),
            }),
    );
    out.push(case("aes-gcm-16-128 transport", spec, &[
        args("src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x2002 reqid 9 mode transport replay-window 16"),
        ip_alg("aead", "rfc4106(gcm(aes))", &k, Some("128")),
        args("sel src 192.0.2.1/32 dst 192.0.2.2/32 proto udp sport 500 dport 500"),
    ]));

    // ChaCha20-Poly1305 (256-bit key + 4-byte salt), IPv6.
    let k = key(36, 0x77);
    let mut spec = base(
        "2001:db8::1",
        "2001:db8::2",
        0x3003,
        aead(encr::CHACHA20_POLY1305, None, &k),
    );
    spec.reqid = Reqid(11);
    out.push(case(
        "chacha20-poly1305 ipv6",
        spec,
        &[
            args("src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x3003 reqid 11 mode tunnel"),
            ip_alg("aead", "rfc7539esp(chacha20,poly1305)", &k, Some("128")),
        ],
    ));

    // ESN with a 128-packet window: AES-GCM-16-256.
    let k = key(36, 0x20);
    let mut spec = base(v4a, v4b, 0x4004, aead(encr::AES_GCM_16, Some(256), &k));
    spec.esn = true;
    spec.replay_window = 128;
    spec.reqid = Reqid(12);
    out.push(case(
        "esn window 128",
        spec,
        &[
            args("src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x4004 reqid 12 mode tunnel"),
            args("replay-window 128 flag esn"),
            ip_alg("aead", "rfc4106(gcm(aes))", &k, Some("128")),
        ],
    ));

    // NAT-T: ESP in UDP 4500 -> 4501, AES-CBC-128 + HMAC-SHA1-96.
    let (ek, ak) = (key(16, 3), key(20, 0x90));
    let mut spec = base(
        v4a,
        "198.51.100.7",
        0x5005,
        esp(encr::AES_CBC, 128, &ek, integ::HMAC_SHA1_96, &ak),
    );
    spec.encap = Some(UdpEncap {
        src_port: 4500,
        dst_port: 4501,
    });
    spec.reqid = Reqid(13);
    out.push(case(
        "udp encapsulation",
        spec,
        &[
            args("src 192.0.2.1 dst 198.51.100.7 proto esp spi 0x5005 reqid 13 mode tunnel"),
            ip_alg("enc", "cbc(aes)", &ek, None),
            ip_alg("auth-trunc", "hmac(sha1)", &ak, Some("96")),
            args("encap espinudp 4500 4501 0.0.0.0"),
        ],
    ));

    // AH with HMAC-SHA2-512-256, transport.
    let k = key(64, 0x11);
    let ah = SaAlgorithms::Ah(Integrity {
        transform_id: integ::HMAC_SHA2_512_256,
        key: KeyBytes::from_slice(&k),
    });
    let mut spec = base(v4a, v4b, 0x6006, ah);
    spec.mode = Mode::Transport;
    out.push(case(
        "ah hmac-sha2-512-256",
        spec,
        &[
            args("src 192.0.2.1 dst 192.0.2.2 proto ah spi 0x6006 mode transport"),
            ip_alg("auth-trunc", "hmac(sha512)", &k, Some("256")),
        ],
    ));
    out
}

/// What strace saw a process send and receive.
struct Captured {
    payload: Vec<u8>,
    /// `"0"` for success, else the errno name from the ack (`"EPROTONOSUPPORT"`).
    answer: String,
}

fn unescape(s: &str) -> Vec<u8> {
    s.split("\\x")
        .filter(|h| !h.is_empty())
        .map(|h| u8::from_str_radix(&h[..2], 16).unwrap())
        .collect()
}

/// Runs `cmd` under strace and returns the payload of its first `msg_type` request and
/// the answer in the ack that follows.
fn capture(cmd: &mut Command, msg_type: &str) -> Captured {
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    let send = text
        .lines()
        .find(|l| l.contains(&format!("nlmsg_type={msg_type}")) && l.contains("send"))
        .unwrap_or_else(|| panic!("no {msg_type} sent:\n{text}"));
    // strace prints the decoded nlmsghdr, then the payload as a "\x.." string.
    let start = send.find("}, \"").unwrap() + 4;
    let end = start + send[start..].find('"').unwrap();
    let payload = unescape(&send[start..end]);
    let ack = text
        .lines()
        .find(|l| l.contains("nlmsg_type=NLMSG_ERROR") && l.contains("recv"))
        .unwrap_or_else(|| panic!("no ack received:\n{text}"));
    let e = ack.find("error=").unwrap() + 6;
    let answer: String = ack[e..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Captured {
        payload,
        answer: answer.trim_start_matches('-').to_string(),
    }
}

fn strace() -> Command {
    let mut c = Command::new("strace");
    c.args([
        "-f",
        "-e",
        "trace=sendmsg,sendto,recvmsg,recvfrom",
        "-xx",
        "-s",
        "65535",
    ]);
    c
}

/// What `ip xfrm state <verb> ...` sends.
fn capture_ip(verb: &str, msg_type: &str, ip_args: &[String]) -> Captured {
    let mut c = strace();
    c.args(["ip", "xfrm", "state", verb]).args(ip_args);
    capture(&mut c, msg_type)
}

/// What the backend sends: this test binary again, under strace, in helper mode
/// (`CASE_ENV`), doing one `add_sa`/`update_sa` through `XfrmKernel`.
fn capture_backend(case: usize, verb: &str, msg_type: &str) -> Captured {
    let mut c = strace();
    c.arg(std::env::current_exe().unwrap())
        .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
        .env(CASE_ENV, format!("{case}:{verb}"));
    capture(&mut c, msg_type)
}

const TEST: &str = "esp_sa_messages_match_iproute2_and_errors_are_typed";
const CASE_ENV: &str = "KST_SA_CASE";

fn parse(payload: &[u8], ty: u16) -> netlink_packet_xfrm::state::ModifyMessage {
    match XfrmMessage::parse_with_param(payload, ty).unwrap() {
        XfrmMessage::AddSa(m) | XfrmMessage::UpdateSa(m) => m,
        other => panic!("not a state message: {other:?}"),
    }
}

fn compare(case: &str, ours: &[u8], theirs: &[u8], ty: u16) {
    let (o, t) = (parse(ours, ty), parse(theirs, ty));
    assert_eq!(
        o.user_sa_info, t.user_sa_info,
        "{case}: xfrm_usersa_info differs"
    );
    let dbg = |v: &[netlink_packet_xfrm::XfrmAttrs]| {
        let mut s: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
        s.sort();
        s
    };
    let (oa, ta) = (dbg(&o.nlas), dbg(&t.nlas));
    for x in &ta {
        assert!(oa.contains(x), "{case}: iproute2 sends {x}, we do not");
    }
    for x in &oa {
        assert!(ta.contains(x), "{case}: we send {x}, iproute2 does not");
    }
    assert_eq!(oa, ta, "{case}: attribute multiplicity differs");
    assert_eq!(ours.len(), theirs.len(), "{case}: payload length differs");
}

fn check_answer(case: &str, ip_answer: &str, ours: Result<(), KernelError>, op: OpKind) {
    match ours {
        Ok(()) => assert_eq!(
            ip_answer, "0",
            "{case}: we succeeded where ip got {ip_answer}"
        ),
        Err(e) => {
            println!("{case}: {e}");
            assert_eq!(e.op(), op, "{case}");
            let KernelError::Kernel { errno, .. } = e else {
                panic!("{case}: not the kernel's answer: {e}");
            };
            assert_eq!(
                errno.name(),
                Some(ip_answer),
                "{case}: ip got {ip_answer}, we {e}"
            );
        }
    }
}

/// Helper mode: one request through the backend, its outcome printed.
fn helper(spec: &str) {
    let (i, verb) = spec.split_once(':').unwrap();
    let c = &cases()[i.parse::<usize>().unwrap()];
    let mut k = XfrmKernel::open().unwrap();
    let r = match verb {
        "add" => k.add_sa(&c.spec),
        _ => k.update_sa(&c.spec),
    };
    println!("helper {verb} {}: {r:?}", c.name);
}

#[test]
fn esp_sa_messages_match_iproute2_and_errors_are_typed() {
    in_netns(TEST, &["strace"], || {
        if let Ok(spec) = std::env::var(CASE_ENV) {
            helper(&spec);
            return;
        }
        let mut k = XfrmKernel::open().unwrap();
        for (i, c) in cases().iter().enumerate() {
            for (verb, ty, name, op) in [
                ("add", XFRM_MSG_NEWSA, "XFRM_MSG_NEWSA", OpKind::AddSa),
                // How inbound SAs are completed after SPI allocation.
                ("update", XFRM_MSG_UPDSA, "XFRM_MSG_UPDSA", OpKind::UpdateSa),
            ] {
                let theirs = capture_ip(verb, name, &c.ip_args);
                if theirs.answer == "0" {
                    // A kernel with this transform: start again from an empty SAD.
                    Command::new("ip")
                        .args(["xfrm", "state", "flush"])
                        .status()
                        .unwrap();
                }
                let ours = capture_backend(i, verb, name);
                if ours.answer == "0" {
                    Command::new("ip")
                        .args(["xfrm", "state", "flush"])
                        .status()
                        .unwrap();
                }
                compare(c.name, &ours.payload, &theirs.payload, ty);
                // The message the library encodes is the one the backend sent.
                let (XfrmMessage::AddSa(m) | XfrmMessage::UpdateSa(m)) =
                    encode::sa_message(&c.spec, verb == "update").unwrap()
                else {
                    panic!("not a state message")
                };
                assert_eq!(m, parse(&ours.payload, ty), "{}: encode vs wire", c.name);
                assert_eq!(
                    ours.answer, theirs.answer,
                    "{}: kernel answers differ",
                    c.name
                );

                // In process: the answer is a typed error naming that errno.
                let r = match verb {
                    "add" => k.add_sa(&c.spec),
                    _ => k.update_sa(&c.spec),
                };
                check_answer(c.name, &theirs.answer, r, op);
            }
        }
        k.shutdown().unwrap();
    });
}
