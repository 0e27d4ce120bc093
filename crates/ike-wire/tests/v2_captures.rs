//! IKEv2 messages from real captures, checked against the decoders that
//! shipped with them (tcpdump `.out`, suricata-verify `.yaml`, Zeek
//! baselines), and re-encoded octet for octet.

use ike_wire::capture::{read_capture, ItemContent, SkipReason};
use ike_wire::v2::{
    ExchangeType, Message, NotifyType, Payload, PayloadType, RawHeader, TransformType,
};
use ike_wire::ErrorKind;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DATA}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn ike_messages(name: &str) -> Vec<Vec<u8>> {
    let cap = read_capture(&read(name)).unwrap();
    assert_eq!(cap.damaged, None, "{name}");
    cap.ike_messages().map(|(_, b)| b.to_vec()).collect()
}

/// Re-encoding gives the same octets, except that RFC 7296 3.2 says the
/// critical bit MUST be zero for the payloads it defines (and is ignored for
/// them on receipt), so a peer that sets it (old Openswan) is re-encoded
/// without it. Returns the offsets where the two differ.
fn reencode_diff(bytes: &[u8]) -> Vec<usize> {
    let m = Message::decode(bytes).unwrap();
    let out = m.to_vec().unwrap();
    assert_eq!(out.len(), bytes.len());
    let diff: Vec<usize> = (0..out.len()).filter(|&i| out[i] != bytes[i]).collect();
    for &i in &diff {
        assert_eq!(
            bytes[i] ^ out[i],
            0x80,
            "only critical bits may differ, at {i}"
        );
    }
    assert_eq!(Message::decode(&out).unwrap(), m);
    diff
}

/// One packet of tcpdump's verbose IKEv2 output.
#[derive(Debug, Default)]
struct TcpdumpPacket {
    msgid: u32,
    cookies: Option<(String, String)>,
    exchange: String,
    flags: String,
    /// Top-level payloads: (tcpdump name, critical flag shown).
    payloads: Vec<(String, bool)>,
    /// Notify types in order.
    notifies: Vec<u16>,
}

fn parse_tcpdump(out: &str) -> Vec<TcpdumpPacket> {
    let mut pkts: Vec<TcpdumpPacket> = Vec::new();
    for line in out.lines() {
        if let Some(rest) = line.split_once("isakmp 2.0 msgid ").map(|(_, r)| r) {
            let mut p = TcpdumpPacket {
                msgid: u32::from_str_radix(&rest[..8], 16).unwrap(),
                ..Default::default()
            };
            let mut rest = &rest[8..];
            if let Some(c) = rest.strip_prefix(" cookie ") {
                let (i, r) = c.split_once("->").unwrap();
                p.cookies = Some((i.to_string(), r[..16].to_string()));
                rest = &r[16..];
            }
            // ": parent_sa ikev2_init[I]:"
            let words: Vec<&str> = rest.trim_start_matches(": ").split_whitespace().collect();
            let (ex, fl) = words[1].trim_end_matches(':').split_once('[').unwrap();
            p.exchange = ex.to_string();
            p.flags = fl.trim_end_matches(']').to_string();
            pkts.push(p);
        } else if let Some(l) = line.strip_prefix("    (") {
            let p = pkts.last_mut().unwrap();
            let name = l.split(':').next().unwrap();
            let (name, crit) = match name.strip_suffix("[C]") {
                Some(n) => (n, true),
                None => (name, false),
            };
            p.payloads.push((name.to_string(), crit));
            if name == "n" {
                let t = l.split("type=").nth(1).unwrap();
                let num: String = t.chars().take_while(char::is_ascii_digit).collect();
                p.notifies.push(num.parse().unwrap());
            }
        }
    }
    pkts
}

fn tcpdump_name(p: &Payload<'_>) -> &'static str {
    match p.payload_type() {
        PayloadType::Sa => "sa",
        PayloadType::Ke => "v2ke",
        PayloadType::Nonce => "nonce",
        PayloadType::Notify => "n",
        PayloadType::Sk => "v2e",
        PayloadType::IdI => "v2IDi",
        PayloadType::VendorId => "v2vid",
        _ => "?",
    }
}

fn tcpdump_exchange(e: ExchangeType) -> &'static str {
    match e {
        ExchangeType::IkeSaInit => "ikev2_init",
        ExchangeType::IkeAuth => "ikev2_auth",
        ExchangeType::CreateChildSa => "child_sa",
        ExchangeType::Informational => "inf2",
        _ => "?",
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Check every message of `pcap` against tcpdump's verbose output `out`.
fn check_against_tcpdump(pcap: &str, out: &str) -> usize {
    let msgs = ike_messages(pcap);
    let expected = parse_tcpdump(&String::from_utf8(read(out)).unwrap());
    assert_eq!(msgs.len(), expected.len(), "{pcap}");
    let mut critical_rewrites = 0;
    for (i, (bytes, want)) in msgs.iter().zip(&expected).enumerate() {
        let m = Message::decode(bytes).unwrap_or_else(|e| panic!("{pcap} #{i}: {e}"));
        let h = &m.header;
        assert_eq!(h.message_id, want.msgid, "{pcap} #{i}");
        if let Some((spi_i, spi_r)) = &want.cookies {
            assert_eq!(&hex(&h.spi_i), spi_i, "{pcap} #{i}");
            assert_eq!(&hex(&h.spi_r), spi_r, "{pcap} #{i}");
        }
        assert_eq!(
            tcpdump_exchange(h.exchange_type),
            want.exchange,
            "{pcap} #{i}"
        );
        let flags = format!(
            "{}{}{}",
            if h.flags.initiator() { "I" } else { "" },
            if h.flags.version() { "V" } else { "" },
            if h.flags.response() { "R" } else { "" }
        );
        assert_eq!(flags, want.flags, "{pcap} #{i}");
        let names: Vec<&str> = m.payloads.iter().map(tcpdump_name).collect();
        let want_names: Vec<&str> = want.payloads.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, want_names, "{pcap} #{i}");
        let notifies: Vec<u16> = m.notifies().map(|n| n.notify_type.value()).collect();
        assert_eq!(notifies, want.notifies, "{pcap} #{i}");
        // The critical bits tcpdump shows are exactly the octets re-encoding clears.
        let diff = reencode_diff(bytes);
        assert_eq!(
            diff.len(),
            want.payloads.iter().filter(|(_, c)| *c).count(),
            "{pcap} #{i}"
        );
        critical_rewrites += diff.len();
    }
    critical_rewrites
}

#[test]
fn tcpdump_ikev2four() {
    // -vvv output (with cookies) for the 21-message strongSwan-era exchange.
    assert_eq!(check_against_tcpdump("ikev2four.pcap", "ikev2fourv.out"), 0);
    // The -v output agrees on everything but the cookies.
    assert_eq!(check_against_tcpdump("ikev2four.pcap", "ikev2four.out"), 0);
}

#[test]
fn tcpdump_ikev2pi2_critical_bits() {
    // Openswan 2008 set the critical bit on SA, Nonce and SK.
    assert_eq!(check_against_tcpdump("ikev2pI2.pcap", "ikev2pI2.out"), 3);
}

#[test]
fn rusticata_and_openswan_round_trip() {
    for name in ["ike-sa-init-req.bin", "ike-sa-init-resp.bin"] {
        let b = read(name);
        assert!(reencode_diff(&b).is_empty(), "{name}");
        let m = Message::decode(&b).unwrap();
        assert_eq!(hex(&m.header.spi_i), "54c184961bc3fd77");
    }
    let expect = [
        ("openswan-h2hI1.pcap", ExchangeType::IkeSaInit, 0, false),
        ("openswan-h2hR1.pcap", ExchangeType::IkeSaInit, 0, true),
        ("openswan-h2hI2.pcap", ExchangeType::IkeAuth, 1, false),
        ("openswan-h2hR2.pcap", ExchangeType::IkeAuth, 1, true),
    ];
    for (name, ex, mid, resp) in expect {
        let msgs = ike_messages(name);
        assert_eq!(msgs.len(), 1);
        let m = Message::decode(&msgs[0]).unwrap();
        assert_eq!(m.header.exchange_type, ex, "{name}");
        assert_eq!(m.header.message_id, mid, "{name}");
        assert_eq!(m.header.flags.response(), resp, "{name}");
        if ex == ExchangeType::IkeAuth {
            assert!(m.encrypted().is_some(), "{name}");
        }
        reencode_diff(&msgs[0]);
    }
}

#[test]
fn suricata_weak_dh() {
    // tests/data/ikev2-weak-dh.test.yaml: init_spi 61d3693ce12af528,
    // resp_spi 0, exchange 34, message id 0, payloads Nonce, KE, SA; the
    // alert is for a weak DH group (MODP 1024).
    let yaml = String::from_utf8(read("ikev2-weak-dh.test.yaml")).unwrap();
    let field = |k: &str| {
        yaml.lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix(k)
                    .map(|v| v.trim().trim_matches('"').to_string())
            })
            .unwrap_or_else(|| panic!("{k}"))
    };
    let msgs = ike_messages("IKEv2_SA_INIT_2-8-weak.pcap");
    let m = Message::decode(&msgs[0]).unwrap();
    assert_eq!(hex(&m.header.spi_i), field("ike.init_spi:"));
    assert_eq!(hex(&m.header.spi_r), field("ike.resp_spi:"));
    assert_eq!(
        m.header.exchange_type.value().to_string(),
        field("ike.exchange_type:")
    );
    assert_eq!(m.header.message_id.to_string(), field("ike.message_id:"));
    let suricata_name = |t: PayloadType| match t {
        PayloadType::Nonce => "Nonce",
        PayloadType::Ke => "KeyExchange",
        PayloadType::Sa => "SecurityAssociation",
        _ => "?",
    };
    let mut names: Vec<&str> = m.payload_types().map(suricata_name).collect();
    names.push("NoNextPayload");
    for (i, n) in names.iter().enumerate() {
        assert_eq!(*n, field(&format!("ike.payload[{i}]:")));
    }
    assert_eq!(m.ke().unwrap().group.value(), 2);
    assert!(reencode_diff(&msgs[0]).is_empty());
}

#[test]
fn zeek_ipsec_client() {
    // tests/data/zeek-basic.ipsec.log: Zeek's log of ipsec_client.pcap.
    let log = String::from_utf8(read("zeek-basic.ipsec.log")).unwrap();
    let fields: Vec<&str> = log
        .lines()
        .find_map(|l| l.strip_prefix("#fields\t"))
        .unwrap()
        .split('\t')
        .collect();
    let rows: Vec<Vec<&str>> = log
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    let col = |row: &Vec<&str>, name: &str| {
        row[fields.iter().position(|f| *f == name).unwrap()].to_string()
    };
    let cap = read_capture(&read("ipsec_client.pcap")).unwrap();
    let msgs: Vec<_> = cap.ike_messages().collect();
    // The IKE_AUTH messages (and their retransmissions) are IP-fragmented;
    // like Zeek we reassemble them, so every row of its log has a message.
    assert_eq!(msgs.len(), rows.len());
    let auths = rows
        .iter()
        .filter(|r| col(r, "exchange_type") == "35")
        .count();
    assert!(auths > 0, "the capture has fragmented IKE_AUTH messages");
    // Each of those was preceded by the fragments that did not complete it.
    let pending_fragments = cap
        .items
        .iter()
        .filter(|i| i.content == ItemContent::Skipped(SkipReason::IpFragment))
        .count();
    assert!(pending_fragments >= auths);
    for ((_, bytes), row) in msgs.iter().zip(&rows) {
        let m = Message::decode(bytes).unwrap();
        assert!(reencode_diff(bytes).is_empty());
        let h = &m.header;
        assert_eq!(hex(&h.spi_i), col(row, "initiator_spi"));
        assert_eq!(hex(&h.spi_r), col(row, "responder_spi"));
        assert_eq!(
            h.exchange_type.value().to_string(),
            col(row, "exchange_type")
        );
        assert_eq!(h.message_id.to_string(), col(row, "message_id"));
        assert_eq!(bytes.len().to_string(), col(row, "length"));
        assert_eq!(
            if h.flags.initiator() { "T" } else { "F" },
            col(row, "flag_i")
        );
        assert_eq!(
            if h.flags.response() { "T" } else { "F" },
            col(row, "flag_r")
        );
        // Zeek writes "(empty)" for an empty list; the IKE_AUTH rows show
        // only the header (their payloads are encrypted).
        let list = |v: Vec<String>| {
            if v.is_empty() {
                "(empty)".to_string()
            } else {
                v.join(",")
            }
        };
        let notifies: Vec<String> = m.notifies().map(|n| n.notify_type.to_string()).collect();
        assert_eq!(list(notifies), col(row, "notify_messages"));
        let groups: Vec<String> = m
            .ke()
            .map(|k| k.group.value().to_string())
            .into_iter()
            .collect();
        assert_eq!(list(groups), col(row, "ke_dh_groups"));
        let proposals = m.sa().map(|sa| sa.proposals.as_slice()).unwrap_or_default();
        let nums: Vec<String> = proposals.iter().map(|p| p.number.to_string()).collect();
        assert_eq!(list(nums), col(row, "proposals"));
        // "4:12:Key Length=128": proposal, ENCR id, attribute.
        let attrs: Vec<String> = proposals
            .iter()
            .flat_map(|p| {
                p.transforms.iter().filter_map(move |t| {
                    let kl = t.key_length()?;
                    (t.transform_type == TransformType::Encr)
                        .then(|| format!("{}:{}:Key Length={kl}", p.number, t.id))
                })
            })
            .collect();
        assert_eq!(list(attrs), col(row, "transform_attributes"));
    }
}

#[test]
fn malformed_captures_give_typed_errors() {
    // tcpdump's ikev2-id-normal: an IDi of 9 octets followed by 39 stray octets.
    let m = ike_messages("ikev2-id-normal.pcap");
    let e = Message::decode(&m[0]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Trailing(39));
    assert_eq!(e.context, ike_wire::Context::V2Payload(35));
    // ikev2-id-short: an IDi payload of length 5, shorter than its fixed part.
    let m = ike_messages("ikev2-id-short.pcap");
    let e = Message::decode(&m[0]).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Truncated { .. }), "{e}");
    // ikev2pI2-segfault: a fuzzed SA whose transform chain is garbage.
    let m = ike_messages("ikev2pI2-segfault.pcapng");
    let e = Message::decode(&m[0]).unwrap_err();
    assert_eq!(e.context, ike_wire::Context::V2Payload(33));
    assert!(matches!(e.kind, ErrorKind::InvalidValue { .. }), "{e}");
    // The header is still readable, to answer with INVALID_SYNTAX.
    let raw = RawHeader::decode(&m[0]).unwrap();
    assert_eq!(raw.major_version, 2);
}

#[test]
fn every_truncation_and_bit_flip_is_handled() {
    // Never a panic: every prefix, and every single-octet corruption, of every
    // well-formed capture message decodes or fails with an error.
    let mut all = Vec::new();
    for name in [
        "ikev2four.pcap",
        "ipsec_client.pcap",
        "openswan-h2hI1.pcap",
        "openswan-h2hR2.pcap",
    ] {
        all.extend(ike_messages(name));
    }
    for msg in &all {
        for n in 0..msg.len() {
            assert!(Message::decode(&msg[..n]).is_err());
        }
        let mut m = msg.clone();
        for i in 0..m.len() {
            let old = m[i];
            m[i] = old ^ 0xff;
            let _ = Message::decode(&m);
            let mut s = String::new();
            let _ = ike_wire::dump_datagram(&m, &mut s);
            m[i] = old;
        }
    }
}

#[test]
fn notify_types_in_captures_are_named() {
    for name in ["ikev2four.pcap", "ipsec_client.pcap"] {
        for b in ike_messages(name) {
            let m = Message::decode(&b).unwrap();
            for n in m.notifies() {
                assert!(n.notify_type.name().is_some(), "{:?}", n.notify_type);
                assert!(n.data().is_ok(), "{:?}", n);
                if n.notify_type == NotifyType::Cookie {
                    assert!(!n.data.is_empty());
                }
            }
        }
    }
}
