//! Every IKEv1 message of the real captures in tests/data/v1 is decoded,
//! re-encodes to the same octets, and matches the expected output that came
//! with the capture (tcpdump `.out`, Zeek baselines, suricata-verify yaml) or
//! tshark's decode. Malformed captures give a typed error.

mod v1_support;

use std::collections::BTreeMap;

use ike_wire::v1::{
    self, AttributeValue, Body, ExchangeType, Identity, Message, Payload, PayloadType,
    Phase1AttributeType, SecurityAssociation,
};
use ike_wire::ErrorKind;
use v1_support::{decode_round_trip, flat_types, hex, ike_messages, text};

/// Captures whose IKEv1 messages are all well formed.
const WELL_FORMED: &[&str] = &[
    "01-isakmp-broadcast.pcap",
    "01-isakmp-vid-first-resp.pcap",
    "01-isakmp-vid-first.pcap",
    "01-isakmp-vid-second-resp.pcap",
    "02-isakmp-vid-first.pcap",
    "weirdike-eastwest.pcap-ike.pcap",
    "ikev1-duplicate-proposals.pcap",
    "ipsec-ikev1-isakmp-aggressive-mode.pcap",
    "ikev1-certs.pcap",
    "ipsec.cap",
    "ipsec-ikev1-isakmp-main-mode.pcap",
    "ikev1-isakmp-main-mode.pcap",
    "isakmp4500.pcap",
    "ISAKMP_sa_setup.pcap",
    "isakmp-identification-segfault.pcap",
];

#[test]
fn every_well_formed_message_round_trips() {
    let mut n = 0;
    for f in WELL_FORMED {
        let msgs = ike_messages(f);
        assert!(!msgs.is_empty(), "{f}: no IKE messages");
        for (frame, _, b) in &msgs {
            let m = Message::decode(b).unwrap_or_else(|e| panic!("{f} #{frame}: {e}"));
            assert_eq!(hex(&m.encode().unwrap()), hex(b), "{f} #{frame}");
            // The dump never fails and names the exchange.
            let mut s = String::new();
            v1::dump(&m, &mut s).unwrap();
            assert!(s.contains(&m.header.exchange_type.to_string()), "{s}");
            n += 1;
        }
    }
    assert_eq!(n, 78);
}

/// Each `*.tshark-fields` file: frame|icookie|rcookie|exchange|msgid|flags|length|types.
#[test]
fn matches_tshark_fields() {
    let mut files = 0;
    for entry in std::fs::read_dir(v1_support::path("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(pcap) = name.strip_suffix(".tshark-fields") else {
            continue;
        };
        files += 1;
        let ours: BTreeMap<usize, Vec<u8>> = ike_messages(pcap)
            .into_iter()
            .map(|(f, _, b)| (f, b))
            .collect();
        let mut lines = 0;
        for line in text(&name).lines().filter(|l| !l.starts_with('#')) {
            let c: Vec<&str> = line.split('|').collect();
            assert_eq!(c.len(), 8, "{name}: {line}");
            let frame: usize = c[0].parse().unwrap();
            let b = ours
                .get(&frame)
                .unwrap_or_else(|| panic!("{pcap}: frame {frame} not an IKE message for us"));
            let m = decode_round_trip(b);
            let h = &m.header;
            assert_eq!(hex(&h.initiator_cookie), c[1], "{pcap} #{frame}");
            assert_eq!(hex(&h.responder_cookie), c[2], "{pcap} #{frame}");
            assert_eq!(h.exchange_type.value().to_string(), c[3], "{pcap} #{frame}");
            assert_eq!(format!("{:#010x}", h.message_id), c[4], "{pcap} #{frame}");
            let flags = u8::from(m.is_encrypted())
                | (u8::from(h.commit) << 1)
                | (u8::from(h.authentication_only) << 2);
            assert_eq!(format!("{flags:#04x}"), c[5], "{pcap} #{frame}");
            assert_eq!(b.len().to_string(), c[6], "{pcap} #{frame}");
            let types: Vec<String> = flat_types(&m).iter().map(u8::to_string).collect();
            assert_eq!(types.join(","), c[7], "{pcap} #{frame}");
            lines += 1;
        }
        assert_eq!(lines, ours.len(), "{pcap}: tshark saw a different count");
    }
    assert_eq!(files, 12);
}

/// tcpdump's names for payload types (print-isakmp.c npstr) in `-v` output.
fn tcpdump_payload_name(t: PayloadType) -> String {
    const N: [&str; 14] = [
        "none", "sa", "p", "t", "ke", "id", "cert", "cr", "hash", "sig", "nonce", "n", "d", "vid",
    ];
    N.get(usize::from(t.value()))
        .map_or_else(|| format!("pay{}", t.value()), |s| (*s).to_string())
}

/// tcpdump's exchange names (print-isakmp.c etypestr).
fn tcpdump_exchange(x: ExchangeType) -> &'static str {
    match x {
        ExchangeType::Base => "base",
        ExchangeType::IdentityProtection => "ident",
        ExchangeType::AuthenticationOnly => "auth",
        ExchangeType::Aggressive => "agg",
        ExchangeType::Informational => "inf",
        ExchangeType::QuickMode => "oakley-quick",
        ExchangeType::NewGroupMode => "oakley-newgroup",
        _ => "?",
    }
}

/// One frame of tcpdump output: its lines.
fn tcpdump_frames(out: &str) -> BTreeMap<usize, Vec<String>> {
    let mut m: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut cur = 0;
    for line in out.lines() {
        let t = line.trim_start();
        // A frame starts with "<n>  <date>" right-aligned in 5 columns.
        if line.len() > 6 && line[..5].trim().parse::<usize>().is_ok() && line[5..7] == *"  " {
            cur = line[..5].trim().parse().unwrap();
        }
        m.entry(cur).or_default().push(t.to_string());
    }
    m
}

#[test]
fn matches_tcpdump_isakmp5_verbose() {
    let frames = tcpdump_frames(&text("isakmp5-v.out"));
    let msgs = ike_messages("ISAKMP_sa_setup.pcap");
    assert_eq!(frames.len(), msgs.len());
    for (frame, _, b) in &msgs {
        let m = decode_round_trip(b);
        let lines = &frames[frame];
        let head = lines
            .iter()
            .find(|l| l.contains("isakmp 1.0 msgid"))
            .unwrap();
        assert!(
            head.contains(&format!("msgid {:08x}", m.header.message_id)),
            "#{frame}: {head}"
        );
        let phase = if m.header.message_id == 0 {
            "phase 1"
        } else {
            "phase 2/others"
        };
        let e = if m.is_encrypted() { "[E]" } else { "" };
        let x = tcpdump_exchange(m.header.exchange_type);
        assert!(
            head.contains(phase) && head.contains(&format!(" {x}{e}:")),
            "#{frame}: {head} vs {phase} {x}{e}"
        );
        match &m.body {
            Body::Encrypted { first_payload, .. } => {
                let want = format!("[encrypted {}]", tcpdump_payload_name(*first_payload));
                assert!(head.ends_with(&want), "#{frame}: {head} vs {want}");
            }
            Body::Plain(payloads) => {
                // Top-level payload lines are indented by exactly 4 spaces.
                let raw = text("isakmp5-v.out");
                let block: Vec<&str> = raw
                    .lines()
                    .skip_while(|l| !l.starts_with(&format!("{frame:>5}  ")))
                    .skip(2)
                    .take_while(|l| !l.starts_with(&format!("{:>5}  ", frame + 1)))
                    .filter(|l| l.starts_with("    ("))
                    .collect();
                let names: Vec<String> = block
                    .iter()
                    .map(|l| l[5..].split([':', ')']).next().unwrap().to_string())
                    .collect();
                let ours: Vec<String> = payloads
                    .iter()
                    .map(|p| tcpdump_payload_name(p.payload_type()))
                    .collect();
                assert_eq!(ours, names, "#{frame}");
                // Attribute values tcpdump printed for the SA: aes, 128-bit
                // key, sha1, modp768, preshared, seconds, 86400 (TLV).
                if let Some(Payload::SecurityAssociation(sa)) = payloads.first() {
                    let t = &sa.proposals()[0].transforms[0];
                    let got: Vec<(u16, u64)> = t
                        .attributes
                        .iter()
                        .map(|a| (a.attr_type(), a.as_u64().unwrap()))
                        .collect();
                    assert_eq!(
                        got,
                        vec![
                            (1, 7),
                            (14, 0x80),
                            (2, 2),
                            (4, 1),
                            (3, 1),
                            (11, 1),
                            (12, 0x15180)
                        ]
                    );
                    assert!(matches!(
                        t.attributes[6].value,
                        AttributeValue::Variable(v) if v.len() == 4
                    ));
                }
                // "(vid: len=16)": the VID data lengths.
                let vid_lens: Vec<String> = block
                    .iter()
                    .filter_map(|l| l.strip_prefix("    (vid: len="))
                    .map(|l| l.trim_end_matches(')').to_string())
                    .collect();
                let ours: Vec<String> = payloads
                    .iter()
                    .filter_map(|p| match p {
                        Payload::VendorId(v) => Some(v.len().to_string()),
                        _ => None,
                    })
                    .collect();
                assert_eq!(ours, vid_lens, "#{frame}");
            }
        }
    }
}

#[test]
fn matches_tcpdump_isakmp4_nat_t() {
    let frames = tcpdump_frames(&text("isakmp4.out"));
    let msgs = ike_messages("isakmp4500.pcap");
    let mut ike_frames = 0;
    for (n, lines) in &frames {
        let l = &lines[0];
        let ours = msgs.iter().find(|(f, _, _)| f == n);
        if !l.contains("isakmp:") {
            assert!(ours.is_none(), "#{n} is not IKE for tcpdump: {l}");
            continue;
        }
        ike_frames += 1;
        let (_, marker, b) = ours.unwrap_or_else(|| panic!("#{n} missing: {l}"));
        assert_eq!(*marker, l.contains("NONESP-encap"), "#{n}");
        let m = decode_round_trip(b);
        let e = if m.is_encrypted() { "[E]" } else { "" };
        let want = format!(" {}{e}", tcpdump_exchange(m.header.exchange_type));
        assert!(l.ends_with(&want), "#{n}: {l} vs {want}");
        let phase = if m.header.message_id == 0 {
            "phase 1"
        } else {
            "phase 2/others"
        };
        assert!(l.contains(phase), "#{n}");
    }
    assert_eq!(ike_frames, msgs.len());
    assert_eq!(ike_frames, 15);
}

#[test]
fn matches_tcpdump_identification_segfault_case() {
    // isakmp3.out: "(id: idtype=FQDN protoid=0 port=0 len=248 ^@^@...)"
    let out = text("isakmp3.out");
    assert!(out.contains("(id: idtype=FQDN protoid=0 port=0 len=248"));
    let msgs = ike_messages("isakmp-identification-segfault.pcap");
    let m = decode_round_trip(&msgs[0].2);
    match m.payloads() {
        [Payload::Identification(id)] => {
            assert_eq!((id.protocol, id.port), (0, 0));
            assert!(
                matches!(id.id, Identity::Fqdn(d) if d.len() == 248 && d.iter().all(|b| *b == 0))
            );
        }
        other => panic!("{other:?}"),
    }
}

/// Parse a Zeek ipsec.log into rows of column name -> value.
fn zeek_rows(name: &str) -> Vec<BTreeMap<String, String>> {
    let t = text(name);
    let fields: Vec<String> = t
        .lines()
        .find_map(|l| l.strip_prefix("#fields\t"))
        .unwrap()
        .split('\t')
        .map(str::to_string)
        .collect();
    t.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            fields
                .iter()
                .cloned()
                .zip(l.split('\t').map(str::to_string))
                .collect()
        })
        .collect()
}

/// Zeek prints a TV value in decimal and a TLV value as an escaped string.
fn zeek_value(v: AttributeValue<'_>) -> String {
    match v {
        AttributeValue::Basic(n) => n.to_string(),
        AttributeValue::Variable(b) => b
            .iter()
            .map(|c| match c {
                0x20..=0x7e if *c != b'\\' => char::from(*c).to_string(),
                _ => format!("\\x{c:02x}"),
            })
            .collect(),
    }
}

/// Our view of a message in Zeek's columns.
fn zeek_view(m: &Message<'_>, len: usize) -> Vec<String> {
    let h = &m.header;
    let tf = |b: bool| if b { "T" } else { "F" }.to_string();
    let vids = m
        .payloads()
        .iter()
        .filter(|p| matches!(p, Payload::VendorId(_)))
        .count();
    let mut attrs: Vec<String> = Vec::new();
    for p in m.payloads() {
        if let Payload::SecurityAssociation(SecurityAssociation::Ipsec { proposals, .. }) = p {
            for pr in proposals {
                for t in &pr.transforms {
                    for a in &t.attributes {
                        attrs.push(format!(
                            "{}:{}:{}={}",
                            t.number,
                            t.transform_id,
                            Phase1AttributeType::from(a.attr_type()),
                            zeek_value(a.value)
                        ));
                    }
                }
            }
        }
    }
    attrs.sort();
    vec![
        hex(&h.initiator_cookie),
        hex(&h.responder_cookie),
        "1".into(),
        h.minor_version.to_string(),
        h.exchange_type.value().to_string(),
        tf(m.is_encrypted()),
        tf(h.commit),
        tf(h.authentication_only),
        h.message_id.to_string(),
        vids.to_string(),
        attrs.join(","),
        len.to_string(),
    ]
}

#[test]
fn matches_zeek_baselines() {
    let cases = [
        ("zeek/analyzer.ikev1-a.ipsec.log", "ikev1-certs.pcap"),
        (
            "zeek/analyzer.ikev1-b.ipsec.log",
            "ipsec-ikev1-isakmp-aggressive-mode.pcap",
        ),
        (
            "zeek/analyzer.ikev1-c.ipsec.log",
            "ipsec-ikev1-isakmp-main-mode.pcap",
        ),
        ("zeek/analyzer.ipsec_esp.ipsec.log", "ipsec.cap"),
    ];
    for (log, pcap) in cases {
        let mut want: Vec<Vec<String>> = zeek_rows(log)
            .iter()
            .map(|r| {
                let vids = match r["vendor_ids"].as_str() {
                    "(empty)" => 0,
                    s => s.split(',').count(),
                };
                // "0:1:Life Type=1": transform #, transform ID, name=value.
                let mut attrs: Vec<String> = match r["transform_attributes"].as_str() {
                    "(empty)" => vec![],
                    s => s.split(',').map(str::to_string).collect(),
                };
                attrs.sort();
                vec![
                    r["initiator_spi"].clone(),
                    r["responder_spi"].clone(),
                    r["maj_ver"].clone(),
                    r["min_ver"].clone(),
                    r["exchange_type"].clone(),
                    r["flag_e"].clone(),
                    r["flag_c"].clone(),
                    r["flag_a"].clone(),
                    r["message_id"].clone(),
                    vids.to_string(),
                    attrs.join(","),
                    r["length"].clone(),
                ]
            })
            .collect();
        let mut got: Vec<Vec<String>> = ike_messages(pcap)
            .iter()
            .map(|(_, _, b)| zeek_view(&decode_round_trip(b), b.len()))
            .collect();
        // Zeek's baselines are sorted (diff-sort), so compare as multisets.
        want.sort();
        got.sort();
        assert_eq!(got, want, "{log}");
    }
}

/// Suricata's names for the attribute values its yaml checks.
fn suricata_value(name: &str) -> (u16, u16) {
    match name {
        "EncAesCbc" => (1, 7),
        "HashSha" => (2, 2),
        "GroupAlternate1024BitModpGroup" => (4, 2),
        "AuthPreSharedKey" => (3, 1),
        other => panic!("no mapping for {other}"),
    }
}

/// `key: "value"` pairs of the first check block that has them.
fn yaml_pairs(t: &str) -> BTreeMap<String, String> {
    t.lines()
        .filter_map(|l| {
            let (k, v) = l.trim().split_once(": ")?;
            Some((k.to_string(), v.trim_matches('"').to_string()))
        })
        .collect()
}

#[test]
fn matches_suricata_ikev1_yaml() {
    let y = yaml_pairs(&text("ikev1.test.yaml"));
    let msgs = ike_messages("ikev1-isakmp-main-mode.pcap");
    let pcap_cnt: usize = y["pcap_cnt"].parse().unwrap();
    let b4 = msgs.iter().find(|m| m.0 == pcap_cnt).unwrap().2.clone();
    let m4 = decode_round_trip(&b4);
    assert_eq!(hex(&m4.header.initiator_cookie), y["ike.init_spi"]);
    assert_eq!(hex(&m4.header.responder_cookie), y["ike.resp_spi"]);
    assert_eq!(
        m4.header.exchange_type.value().to_string(),
        y["ike.exchange_type"]
    );
    let nonce = |b: &[u8]| {
        Message::decode(b)
            .unwrap()
            .payloads()
            .iter()
            .find_map(|p| match p {
                Payload::Nonce(n) => Some(hex(n)),
                _ => None,
            })
            .unwrap()
    };
    let b3 = msgs.iter().find(|m| m.0 == 3).unwrap().2.clone();
    assert_eq!(nonce(&b3), y["ike.ikev1.client.nonce_payload"]);
    assert_eq!(nonce(&b4), y["ike.ikev1.server.nonce_payload"]);
    // The chosen transform is in the responder's SA (frame 2).
    let b2 = msgs.iter().find(|m| m.0 == 2).unwrap().2.clone();
    let m2 = decode_round_trip(&b2);
    let Payload::SecurityAssociation(sa) = &m2.payloads()[0] else {
        panic!()
    };
    let attrs = &sa.proposals()[0].transforms[0].attributes;
    for key in ["ike.alg_enc", "ike.alg_hash", "ike.alg_dh", "ike.alg_auth"] {
        let (t, v) = suricata_value(&y[key]);
        assert!(
            attrs
                .iter()
                .any(|a| a.attr_type() == t && a.value == AttributeValue::Basic(v)),
            "{key}"
        );
    }
    // ike.attributes[6]: sa_life_duration raw 86400.
    assert!(y["ike.attributes[6]"].contains("\"raw\": 86400"));
    assert!(attrs
        .iter()
        .any(|a| a.attr_type() == 12 && a.as_u64() == Some(86400)));
}

#[test]
fn matches_suricata_duplicate_proposals_yaml() {
    let y = yaml_pairs(&text("ikev1-duplicate-proposals.test.yaml"));
    let msgs = ike_messages("ikev1-duplicate-proposals.pcap");
    let m = decode_round_trip(&msgs[0].2);
    // Suricata flattens the client's transform attributes into one list.
    let flat: Vec<(u16, u64)> = m
        .payloads()
        .iter()
        .filter_map(|p| match p {
            Payload::SecurityAssociation(sa) => Some(sa.proposals().to_vec()),
            _ => None,
        })
        .flatten()
        .flat_map(|p| p.transforms)
        .flat_map(|t| t.attributes)
        .map(|a| (a.attr_type(), a.as_u64().unwrap()))
        .collect();
    for (i, raw) in [(3, 86400u64), (7, 65535)] {
        let v = &y[&format!("ike.ikev1.client.proposals[{i}]")];
        assert!(v.contains("sa_life_duration") && v.contains(&format!("\"raw\": {raw}")));
        assert_eq!(flat[i], (12, raw), "attribute {i}");
    }
}

/// Malformed captures: each IKE datagram is refused with a typed error.
#[test]
fn malformed_captures_give_typed_errors() {
    // (file, frames expected to carry a UDP payload we try)
    type Check = fn(&ike_wire::Error) -> bool;
    let cases: &[(&str, Check)] = &[
        ("ipsec-ikev1-payload-bad-length.pcap", |e| {
            e.kind
                == ErrorKind::BadLength {
                    length: 3,
                    why: "shorter than the generic payload header",
                }
                && e.context == ike_wire::Context::V1Payload(13)
        }),
        ("ipsec-ikev1-zero-length.pcap", |e| {
            matches!(e.kind, ErrorKind::BadLength { length: 0, .. })
        }),
        ("isakmp-pointer-loop.pcap", |e| {
            matches!(e.kind, ErrorKind::BadLength { length: 0, .. })
        }),
        ("isakmp-delete-segfault.pcap", |_| true),
        ("isakmpv1-attr-oobr.pcap", |_| true),
        ("isakmp-ikev1_n_print-oobr.pcap", |_| true),
        ("ikev1_id_ipv6_addr_subnet-oobr.pcap", |_| true),
        ("isakmp-various-oobr.pcap", |_| true),
        ("isakmp-3948-oobr-2.pcap", |_| true),
        ("isakmp-rfc3948-oobr.pcap", |_| true),
    ];
    let mut tried = 0;
    for (f, check) in cases {
        for (frame, b) in v1_support::lenient_udp_payloads(f) {
            tried += 1;
            let e = Message::decode(&b).expect_err(&format!("{f} #{frame} decoded"));
            assert!(check(&e), "{f} #{frame}: {e}");
            // The error names a position inside the input.
            assert!(e.offset <= b.len(), "{f} #{frame}: {e}");
        }
    }
    assert!(tried >= 10, "{tried}");
    // pcapng with notifications whose chain never ends in NONE.
    let msgs = ike_messages("isakmp-no-none-np.pcapng");
    let e = Message::decode(&msgs[0].2).unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::Truncated { .. })
            && e.context == ike_wire::Context::V1Payload(11),
        "{e}"
    );
    assert!(text("isakmp-no-none-np.out").contains("type=INVALID-MAJOR-VERSION"));
}

#[test]
fn ikev2_header_is_reported_as_version_2() {
    let mut m = ike_messages("ISAKMP_sa_setup.pcap")[0].2.clone();
    m[17] = 0x20;
    assert_eq!(
        Message::decode(&m).unwrap_err().kind,
        ErrorKind::UnsupportedVersion(2)
    );
}

/// Our Vendor ID table against tshark's names for every VID in the captures
/// (`vendor-ids.tshark`). Names tshark knows that we do not (Netscreen,
/// Microsoft extras) must be unknown to us, and vice versa.
#[test]
fn vendor_ids_agree_with_tshark() {
    use ike_wire::v1::KnownVendorId as K;
    let mut checked = 0;
    for line in text("vendor-ids.tshark")
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        let (h, name) = line.split_once('|').unwrap();
        let bytes: Vec<u8> = (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect();
        let want = match name {
            "XAUTH" => Some(K::Xauth),
            "CISCO-UNITY" => Some(K::CiscoUnity),
            "MS NT5 ISAKMPOAKLEY" => Some(K::MsNt5IsakmpOakley),
            "Cisco Fragmentation" => Some(K::Fragmentation),
            "RFC 3947 Negotiation of NAT-Traversal in the IKE" => Some(K::NatTRfc3947),
            "RFC 3706 DPD (Dead Peer Detection)" => Some(K::Dpd),
            "strongSwan" => Some(K::StrongSwan),
            "draft-ietf-ipsec-nat-t-ike-02\\n" => Some(K::NatTDraft02N),
            n => n
                .strip_prefix("draft-ietf-ipsec-nat-t-ike-")
                .map(|v| K::NatTDraft(v.parse().unwrap()))
                .or_else(|| {
                    n.strip_prefix("draft-stenberg-ipsec-nat-traversal-")
                        .map(|v| K::NatTStenberg(v.parse().unwrap()))
                }),
        };
        assert_eq!(v1::vendor::lookup(&bytes), want, "{line}");
        checked += 1;
    }
    assert_eq!(checked, 27);
}
