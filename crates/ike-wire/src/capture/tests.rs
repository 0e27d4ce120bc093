use super::*;
use core::net::{IpAddr, Ipv6Addr};

fn sa(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

fn write(link: WriteLink, ds: &[Datagram<'_>]) -> Vec<u8> {
    let mut w = PcapWriter::new(link);
    for d in ds {
        w.push(d).unwrap();
    }
    w.into_bytes()
}

fn dg<'a>(src: &str, dst: &str, payload: &'a [u8]) -> Datagram<'a> {
    Datagram {
        timestamp: Duration::from_micros(1_700_000_000_123_456),
        src: sa(src),
        dst: sa(dst),
        payload,
    }
}

#[test]
fn writer_reader_round_trip() {
    let marked = crate::udp::with_non_esp_marker(b"IKE4500");
    let esp = [0, 0, 0x10, 0, 0, 0, 0, 1, 0xaa, 0xbb];
    for link in [WriteLink::Ethernet, WriteLink::RawIp] {
        let file = write(
            link,
            &[
                dg("192.0.2.1:500", "192.0.2.2:500", b"IKE500"),
                dg("192.0.2.1:53", "192.0.2.2:53", b"dns"),
                dg("192.0.2.1:4500", "192.0.2.2:4500", &marked),
                dg("192.0.2.1:4500", "192.0.2.2:4500", &[0xff]),
                dg("192.0.2.1:4500", "192.0.2.2:4500", &esp),
                dg("[2001:db8::1]:500", "[2001:db8::2]:500", b"IKE6"),
            ],
        );
        let cap = read_capture(&file).unwrap();
        assert_eq!(cap.frames, 6);
        assert_eq!(cap.damaged, None);
        let got: Vec<_> = cap
            .items
            .iter()
            .map(|i| (i.index, i.src, i.dst, i.content.clone()))
            .collect();
        let ike = |m: bool, b: &[u8]| ItemContent::Ike {
            non_esp_marker: m,
            bytes: b.to_vec(),
        };
        assert_eq!(
            got,
            vec![
                (
                    1,
                    sa("192.0.2.1:500"),
                    sa("192.0.2.2:500"),
                    ike(false, b"IKE500")
                ),
                (
                    3,
                    sa("192.0.2.1:4500"),
                    sa("192.0.2.2:4500"),
                    ike(true, b"IKE4500")
                ),
                (
                    4,
                    sa("192.0.2.1:4500"),
                    sa("192.0.2.2:4500"),
                    ItemContent::Skipped(SkipReason::NatKeepalive)
                ),
                (
                    5,
                    sa("192.0.2.1:4500"),
                    sa("192.0.2.2:4500"),
                    ItemContent::Skipped(SkipReason::Esp)
                ),
                (
                    6,
                    sa("[2001:db8::1]:500"),
                    sa("[2001:db8::2]:500"),
                    ike(false, b"IKE6")
                ),
            ]
        );
        assert_eq!(
            cap.items[0].timestamp,
            Duration::from_micros(1_700_000_000_123_456)
        );
        assert_eq!(cap.ike_messages().count(), 3);
    }
}

#[test]
fn checksums_verify() {
    let file = write(
        WriteLink::RawIp,
        &[dg("10.1.2.3:500", "10.3.2.1:4500", b"odd-length payload")],
    );
    let ip = &file[24 + 16..];
    // The IPv4 header sums to 0xffff; so does UDP with its pseudo-header.
    let fold = |mut a: u32| {
        while a > 0xffff {
            a = (a & 0xffff) + (a >> 16);
        }
        a
    };
    assert_eq!(fold(writer_sum(&ip[..20])), 0xffff);
    let udp = &ip[20..];
    let pseudo = writer_sum(&ip[12..20]) + 17 + udp.len() as u32;
    assert_eq!(fold(pseudo + writer_sum(udp)), 0xffff);
}

fn writer_sum(d: &[u8]) -> u32 {
    d.chunks(2)
        .map(|c| u32::from(c[0]) << 8 | u32::from(*c.get(1).unwrap_or(&0)))
        .sum()
}

fn raw_ip_frame(src: &str, dst: &str, payload: &[u8]) -> Vec<u8> {
    let file = write(WriteLink::RawIp, &[dg(src, dst, payload)]);
    file[24 + 16..].to_vec()
}

#[test]
fn link_layers() {
    let ip4 = raw_ip_frame("192.0.2.1:500", "192.0.2.2:500", b"x");
    let ip6 = raw_ip_frame("[2001:db8::1]:500", "[2001:db8::2]:500", b"y");
    let is_ike = |c: FrameContent<'_>, want: &[u8]| matches!(c, FrameContent::Ike { ike, .. } if ike == want);
    // Ethernet with two VLAN tags.
    let mut eth = vec![0u8; 12];
    eth.extend_from_slice(&[0x88, 0xa8, 0, 1, 0x81, 0, 0, 2, 0x08, 0]);
    eth.extend_from_slice(&ip4);
    assert!(is_ike(decode_frame(LinkType::Ethernet, &eth), b"x"));
    // Linux cooked v1: protocol at 14.
    let mut sll = vec![0u8; 14];
    sll.extend_from_slice(&[0x86, 0xdd]);
    sll.extend_from_slice(&ip6);
    assert!(is_ike(decode_frame(LinkType::LinuxSll, &sll), b"y"));
    // Linux cooked v2: protocol first, 20-octet header.
    let mut sll2 = vec![0x08, 0];
    sll2.extend_from_slice(&[0u8; 18]);
    sll2.extend_from_slice(&ip4);
    assert!(is_ike(decode_frame(LinkType::LinuxSll2, &sll2), b"x"));
    // BSD null in little-endian host order, loop in network order.
    let mut null = 2u32.to_le_bytes().to_vec();
    null.extend_from_slice(&ip4);
    assert!(is_ike(decode_frame(LinkType::Null, &null), b"x"));
    let mut null6 = 30u32.to_be_bytes().to_vec();
    null6.extend_from_slice(&ip6);
    assert!(is_ike(decode_frame(LinkType::Null, &null6), b"y"));
    let mut lo = 24u32.to_be_bytes().to_vec();
    lo.extend_from_slice(&ip6);
    assert!(is_ike(decode_frame(LinkType::Loop, &lo), b"y"));
    // Not IP.
    let mut arp = vec![0u8; 12];
    arp.extend_from_slice(&[0x08, 0x06, 1, 2, 3]);
    assert_eq!(decode_frame(LinkType::Ethernet, &arp), FrameContent::Other);
    for n in 0..eth.len() {
        // Every prefix is handled without panic; most are Other or Truncated.
        let _ = decode_frame(LinkType::Ethernet, &eth[..n]);
    }
}

#[test]
fn ipv6_extension_headers_and_fragments() {
    let ip6 = raw_ip_frame("[2001:db8::1]:4500", "[2001:db8::2]:4500", &[0, 0, 0, 0, 7]);
    // Insert a hop-by-hop header (8 octets) and an atomic fragment header.
    let build = |frag_off: u16| {
        let mut p = ip6[..40].to_vec();
        let udp = &ip6[40..];
        p[6] = 0; // next: hop-by-hop
        p.extend_from_slice(&[44, 0, 0, 0, 0, 0, 0, 0]); // -> fragment
        p.extend_from_slice(&[17, 0]);
        p.extend_from_slice(&frag_off.to_be_bytes());
        p.extend_from_slice(&[0, 0, 0, 1]);
        p.extend_from_slice(udp);
        let plen = (p.len() - 40) as u16;
        p[4..6].copy_from_slice(&plen.to_be_bytes());
        p
    };
    match decode_frame(LinkType::RawIp, &build(0)) {
        FrameContent::Ike {
            non_esp_marker,
            ike,
            src,
            ..
        } => {
            assert!(non_esp_marker);
            assert_eq!(ike, &[7]);
            assert_eq!(
                src.ip(),
                IpAddr::V6("2001:db8::1".parse::<Ipv6Addr>().unwrap())
            );
        }
        other => panic!("{other:?}"),
    }
    // First fragment (M flag): has ports, reported as a fragment.
    assert!(matches!(
        decode_frame(LinkType::RawIp, &build(1)),
        FrameContent::Skipped { reason: SkipReason::IpFragment, src, .. } if src.port() == 4500
    ));
    // A later fragment: no UDP header, port 0.
    assert!(matches!(
        decode_frame(LinkType::RawIp, &build(8 << 3)),
        FrameContent::Skipped { reason: SkipReason::IpFragment, src, .. } if src.port() == 0
    ));
}

#[test]
fn ipv4_fragments_and_truncation() {
    let mut ip4 = raw_ip_frame("192.0.2.1:500", "192.0.2.2:500", b"hello");
    ip4[6] = 0x20; // MF
    ip4[10] = 0; // the checksum is not verified by the reader
    assert!(matches!(
        decode_frame(LinkType::RawIp, &ip4),
        FrameContent::Skipped {
            reason: SkipReason::IpFragment,
            ..
        }
    ));
    let ip4 = raw_ip_frame("192.0.2.1:500", "192.0.2.2:500", b"hello");
    assert!(matches!(
        decode_frame(LinkType::RawIp, &ip4[..ip4.len() - 2]),
        FrameContent::Skipped {
            reason: SkipReason::Truncated,
            ..
        }
    ));
}

#[test]
fn not_a_capture() {
    assert_eq!(
        read_capture(b"hello world"),
        Err(CaptureError::NotACapture(*b"hell"))
    );
    assert!(read_capture(&[]).is_err());
    // A truncated file still yields the frames before the damage.
    let file = write(
        WriteLink::Ethernet,
        &[
            dg("192.0.2.1:500", "192.0.2.2:500", b"a"),
            dg("192.0.2.1:500", "192.0.2.2:500", b"b"),
        ],
    );
    let cap = read_capture(&file[..file.len() - 3]).unwrap();
    assert_eq!(cap.items.len(), 1);
    assert!(cap.damaged.is_some());
}

#[test]
fn lenient_header_fields() {
    // A record whose original length exceeds the snap length (a truncated
    // capture), and a link type with FCS bits above the low 16 bits.
    let mut file = write(
        WriteLink::Ethernet,
        &[dg("192.0.2.1:500", "192.0.2.2:500", b"ike")],
    );
    file[16..20].copy_from_slice(&20u32.to_le_bytes());
    file[20..24].copy_from_slice(&0x3000_0001u32.to_le_bytes());
    file[24 + 12..24 + 16].copy_from_slice(&9000u32.to_le_bytes());
    let cap = read_capture(&file).unwrap();
    assert_eq!(cap.damaged, None);
    assert_eq!(cap.unsupported_link_frames, 0);
    assert_eq!(
        cap.ike_messages()
            .map(|(_, b)| b.to_vec())
            .collect::<Vec<_>>(),
        vec![b"ike".to_vec()]
    );
}

/// A classic pcap file (raw IP link) holding the given frames as they are.
fn raw_file(frames: &[Vec<u8>]) -> Vec<u8> {
    let mut file = PcapWriter::new(WriteLink::RawIp).into_bytes();
    for (i, f) in frames.iter().enumerate() {
        file.extend_from_slice(&(1_700_000_000u32 + i as u32).to_le_bytes());
        file.extend_from_slice(&0u32.to_le_bytes());
        file.extend_from_slice(&(f.len() as u32).to_le_bytes());
        file.extend_from_slice(&(f.len() as u32).to_le_bytes());
        file.extend_from_slice(f);
    }
    file
}

/// Split `data` into pieces of at most `size` octets (a multiple of 8) and
/// frame each with `mk(offset, more, piece)`.
fn split(data: &[u8], size: usize, mk: impl Fn(usize, bool, &[u8]) -> Vec<u8>) -> Vec<Vec<u8>> {
    let n = data.len().div_ceil(size);
    data.chunks(size)
        .enumerate()
        .map(|(i, c)| mk(i * size, i + 1 < n, c))
        .collect()
}

/// Fragments of a raw IPv4 UDP packet, as a router makes them (RFC 791 3.2).
fn fragment_v4(packet: &[u8], id: u16, size: usize) -> Vec<Vec<u8>> {
    let (hdr, data) = packet.split_at(20);
    split(data, size, |offset, more, c| {
        let mut f = hdr.to_vec();
        f[2..4].copy_from_slice(&((20 + c.len()) as u16).to_be_bytes());
        f[4..6].copy_from_slice(&id.to_be_bytes());
        let flags = if more { 0x2000 } else { 0 };
        f[6..8].copy_from_slice(&(flags | (offset / 8) as u16).to_be_bytes());
        f.extend_from_slice(c);
        f
    })
}

/// Fragments of a raw IPv6 UDP packet, with a Fragment header (RFC 8200 4.5).
fn fragment_v6(packet: &[u8], id: u32, size: usize) -> Vec<Vec<u8>> {
    let (hdr, data) = packet.split_at(40);
    split(data, size, |offset, more, c| {
        let mut f = hdr.to_vec();
        f[4..6].copy_from_slice(&((8 + c.len()) as u16).to_be_bytes());
        f[6] = 44;
        f.extend_from_slice(&[17, 0]);
        f.extend_from_slice(&(offset as u16 | u16::from(more)).to_be_bytes());
        f.extend_from_slice(&id.to_be_bytes());
        f.extend_from_slice(c);
        f
    })
}

fn big_ike(seed: u8) -> Vec<u8> {
    (0..3000u32).map(|i| (i as u8) ^ seed).collect()
}

#[test]
fn fragmented_datagrams_are_reassembled() {
    let ike4 = big_ike(1);
    let marked = crate::udp::with_non_esp_marker(&big_ike(2));
    let v4 = raw_ip_frame("192.0.2.1:500", "192.0.2.2:500", &ike4);
    let v6 = raw_ip_frame("[2001:db8::1]:4500", "[2001:db8::2]:4500", &marked);
    let f4 = fragment_v4(&v4, 7, 1200);
    let f6 = fragment_v6(&v6, 0x0102_0304, 1232);
    assert_eq!((f4.len(), f6.len()), (3, 3));
    // Interleaved, one datagram out of order, plus an unrelated frame.
    let frames = vec![
        f4[0].clone(),
        f6[2].clone(),
        f4[1].clone(),
        raw_ip_frame("192.0.2.1:500", "192.0.2.2:500", b"small"),
        f6[0].clone(),
        f4[2].clone(),
        f6[1].clone(),
    ];
    let cap = read_capture(&raw_file(&frames)).unwrap();
    let ike: Vec<_> = cap
        .ike_messages()
        .map(|(i, b)| (i.index, i.src, b.to_vec()))
        .collect();
    assert_eq!(
        ike,
        vec![
            (4, sa("192.0.2.1:500"), b"small".to_vec()),
            (6, sa("192.0.2.1:500"), ike4),
            (7, sa("[2001:db8::1]:4500"), big_ike(2)),
        ]
    );
    // The fragments before completion are reported as such.
    let skipped = cap
        .items
        .iter()
        .filter(|i| i.content == ItemContent::Skipped(SkipReason::IpFragment))
        .count();
    assert_eq!(skipped, 4);
}

#[test]
fn reassembly_refuses_overlaps_and_stays_bounded() {
    let v4 = raw_ip_frame("192.0.2.1:500", "192.0.2.2:500", &big_ike(3));
    let f = fragment_v4(&v4, 9, 1200);
    // A duplicate (overlapping) first fragment drops the datagram: the
    // rest then never completes it.
    let frames = vec![f[0].clone(), f[0].clone(), f[1].clone(), f[2].clone()];
    let cap = read_capture(&raw_file(&frames)).unwrap();
    assert_eq!(cap.ike_messages().count(), 0);

    let mut r = Reassembler::new();
    let frag = |id: u32| IpFragment {
        src: "192.0.2.1".parse().unwrap(),
        dst: "192.0.2.2".parse().unwrap(),
        id,
        offset: 0,
        more: true,
        data: &[0; 8],
    };
    for id in 0..1000 {
        assert_eq!(r.push(&frag(id)), Reassembled::Incomplete);
    }
    assert_eq!(r.pending(), reassembly::MAX_PENDING);
    // Past the size limit, and a non-final piece that is not a multiple of 8.
    let huge = IpFragment {
        offset: 65_530,
        more: false,
        ..frag(5000)
    };
    assert_eq!(r.push(&huge), Reassembled::Dropped);
    let odd = IpFragment {
        data: &[0; 7],
        ..frag(5001)
    };
    assert_eq!(r.push(&odd), Reassembled::Dropped);
    // A last fragment that contradicts the known total.
    let last = |offset, len: usize| IpFragment {
        offset,
        more: false,
        data: &[1; 64][..len],
        ..frag(6000)
    };
    assert_eq!(r.push(&last(16, 8)), Reassembled::Incomplete);
    assert_eq!(r.push(&last(32, 8)), Reassembled::Dropped);
}
