//! Helpers shared by the IKEv1 integration tests (not a test target itself).
#![allow(dead_code)]

use ike_wire::capture::{decode_frame, read_capture, FrameContent, LinkType};
use ike_wire::v1::{Message, Payload, SecurityAssociation};

/// Path of a file under tests/data/v1.
pub fn path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/v1")
        .join(name)
}

/// Contents of a file under tests/data/v1.
pub fn data(name: &str) -> Vec<u8> {
    std::fs::read(path(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
}

/// Text of a file under tests/data/v1.
pub fn text(name: &str) -> String {
    String::from_utf8(data(name)).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"))
}

/// (frame number, non-ESP marker seen, IKE message octets) of every IKE
/// message in a capture, via the crate's capture reader.
pub fn ike_messages(name: &str) -> Vec<(usize, bool, Vec<u8>)> {
    let cap = read_capture(&data(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        cap.damaged.is_none(),
        "{name}: damaged capture {:?}",
        cap.damaged
    );
    cap.items
        .iter()
        .filter_map(|i| match &i.content {
            ike_wire::capture::ItemContent::Ike {
                non_esp_marker,
                bytes,
            } => Some((i.index, *non_esp_marker, bytes.clone())),
            _ => None,
        })
        .collect()
}

/// The UDP payload of every frame of a classic pcap, read leniently: the
/// fuzzer-made tcpdump captures have records the strict reader refuses and
/// IP/UDP lengths that exceed what was captured. Whatever octets follow the
/// UDP header are returned, so the decoder sees the hostile input itself.
pub fn lenient_udp_payloads(name: &str) -> Vec<(usize, Vec<u8>)> {
    let d = data(name);
    let le = d.get(..4) == Some(&[0xd4, 0xc3, 0xb2, 0xa1][..]);
    let be = d.get(..4) == Some(&[0xa1, 0xb2, 0xc3, 0xd4][..]);
    assert!(le || be, "{name}: not a classic pcap");
    let u32at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = d.get(at..at + 4)?.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    // The upper bits of the link type carry FCS information (pcap-linktype(7)).
    let link = LinkType::from_linktype(u32at(20).unwrap_or(0) & 0x0fff_ffff);
    let mut out = Vec::new();
    let mut at = 24;
    let mut frame = 0;
    while let Some(incl) = u32at(at + 8) {
        frame += 1;
        let start = at + 16;
        let end = (start + incl as usize).min(d.len());
        let rec = &d[start.min(end)..end];
        at = end;
        if let Some(link) = link {
            match decode_frame(link, rec) {
                FrameContent::Ike { ike, .. } => out.push((frame, ike.to_vec())),
                _ => {
                    if let Some(p) = raw_udp_payload(rec) {
                        out.push((frame, p.to_vec()));
                    }
                }
            }
        }
    }
    out
}

/// Ethernet + IPv4 + UDP by hand, ignoring every length field.
fn raw_udp_payload(frame: &[u8]) -> Option<&[u8]> {
    if frame.get(12..14)? != [0x08, 0x00] {
        return None;
    }
    let ip = frame.get(14..)?;
    let ihl = usize::from(ip.first()? & 0x0f) * 4;
    if *ip.get(9)? != 17 || ihl < 20 {
        return None;
    }
    ip.get(ihl + 8..)
}

/// The payload type sequence as tshark's `isakmp.typepayload` lists it: each
/// SA followed by its proposals, each proposal by its transforms.
pub fn flat_types(m: &Message<'_>) -> Vec<u8> {
    let mut v = Vec::new();
    for p in m.payloads() {
        v.push(p.payload_type().value());
        if let Payload::SecurityAssociation(SecurityAssociation::Ipsec { proposals, .. }) = p {
            for pr in proposals {
                v.push(2);
                v.extend(std::iter::repeat_n(3, pr.transforms.len()));
            }
        }
    }
    v
}

/// Lower-case hex.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Decode, and check that re-encoding gives the same octets back.
pub fn decode_round_trip(bytes: &[u8]) -> Message<'_> {
    let m = Message::decode(bytes).unwrap_or_else(|e| panic!("decode failed: {e}"));
    let again = m.encode().expect("encode");
    assert_eq!(hex(&again), hex(bytes), "encode(decode(b)) != b");
    m
}
