//! The datagram classifiers: the first octet picks a link type for one
//! captured frame (Ethernet, Linux SLL/SLL2, raw IP, BSD null/loop), the
//! rest is the frame; the rest is also classified as a UDP 4500 payload
//! (RFC 3948) and read as a whole pcap/pcapng file, whose IKE messages are
//! dumped. Never panics; every extracted IKE message lies inside the input.
#![no_main]

use ike_wire::capture::{decode_frame, read_capture, FrameContent, LinkType};
use ike_wire::udp::{classify_4500, Udp4500};
use libfuzzer_sys::fuzz_target;

const LINKS: [LinkType; 6] = [
    LinkType::Ethernet,
    LinkType::LinuxSll,
    LinkType::LinuxSll2,
    LinkType::RawIp,
    LinkType::Null,
    LinkType::Loop,
];

fuzz_target!(|data: &[u8]| {
    let Some((sel, rest)) = data.split_first() else {
        return;
    };
    let link = LINKS[usize::from(*sel) % LINKS.len()];
    if let FrameContent::Ike { ike, .. } = decode_frame(link, rest) {
        assert!(ike.len() <= rest.len());
    }
    match classify_4500(rest) {
        Udp4500::Ike(ike) => assert_eq!(ike.len() + 4, rest.len()),
        Udp4500::Esp(esp) => assert_eq!(esp.len(), rest.len()),
        Udp4500::NatKeepalive | Udp4500::Invalid => {}
    }
    if let Ok(cap) = read_capture(rest) {
        assert!(cap.items.len() <= cap.frames);
        for (_, ike) in cap.ike_messages() {
            let mut s = String::new();
            let _ = ike_wire::dump_datagram(ike, &mut s);
        }
    }
});
