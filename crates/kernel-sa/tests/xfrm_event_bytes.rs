//! XFRM multicast events decoded from bytes: an ACQUIRE and a hard EXPIRE captured from
//! the kernel (Linux 6.x, `tests/data/`, see below), and a soft EXPIRE made from the
//! captured hard one. No root needed.
//!
//! Capture (in a scratch namespace with a veth `kst0` at 10.9.0.1/24 and
//! `net.core.xfrm_acq_expires=1`): a socket joined to XFRMNLGRP_ACQUIRE and
//! XFRMNLGRP_EXPIRE; `ip xfrm policy add src 10.9.0.1/32 dst 10.9.0.0/24 dir out
//! priority 1000 tmpl src 10.9.0.1 dst 10.9.0.2 proto esp reqid 1234 mode tunnel`; one
//! UDP datagram 10.9.0.1:35856 -> 10.9.0.7:5353. The kernel sent the ACQUIRE, then
//! after a second the hard EXPIRE of the larval (SPI 0) state it had made for it.

use kernel_sa::xfrm::{decode, parse_datagram};
use kernel_sa::*;
use netlink_packet_core::NetlinkPayload;
use std::net::IpAddr;

fn data(name: &str) -> Vec<u8> {
    let p = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn a(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn pfx(s: &str, l: u8) -> IpPrefix {
    IpPrefix::new(a(s), l).unwrap()
}

/// Every event in a datagram, as the backend types them.
fn events(bytes: &[u8]) -> Vec<decode::RawEvent> {
    parse_datagram(OpKind::Event, bytes)
        .unwrap()
        .into_iter()
        .filter_map(|m| match m.payload {
            NetlinkPayload::InnerMessage(x) => decode::event(&x).unwrap(),
            _ => None,
        })
        .collect()
}

#[test]
fn captured_acquire_names_flow_policy_and_template() {
    let ev = events(&data("xfrm_acquire_udp.bin"));
    let [decode::RawEvent::Acquire(acq)] = ev.as_slice() else {
        panic!("expected one acquire, got {ev:?}");
    };
    let flow = Selector::hosts(a("10.9.0.1"), a("10.9.0.7"))
        .unwrap()
        .with_upper(UpperLayer::Ports {
            proto: 17,
            src_port: Some(35856),
            dst_port: Some(5353),
        });
    assert_eq!(acq.selector, flow);
    assert_eq!(
        acq.policy_selector,
        Selector::new(pfx("10.9.0.1", 32), pfx("10.9.0.0", 24)).unwrap()
    );
    assert_eq!(acq.policy_dir, Direction::Out);
    assert_eq!((acq.src, acq.dst), (a("10.9.0.1"), a("10.9.0.2")));
    assert_eq!((acq.proto, acq.reqid), (Protocol::Esp, Reqid(1234)));
}

/// Offset of `hard` in XFRM_MSG_EXPIRE: the netlink header (16) then the whole
/// `xfrm_usersa_info` (224) of `struct xfrm_user_expire`.
const HARD_OFFSET: usize = 16 + 224;

#[test]
fn captured_hard_expire_and_its_soft_twin() {
    let hard = data("xfrm_expire_hard_larval.bin");
    let larval = SaId {
        dst: a("10.9.0.2"),
        spi: Spi(0),
        proto: Protocol::Esp,
        mark: None,
    };
    assert_eq!(
        events(&hard),
        vec![decode::RawEvent::Expire {
            sa: larval,
            kind: ExpireKind::Hard
        }]
    );
    assert_eq!(hard[HARD_OFFSET], 1, "capture layout changed");
    let mut soft = hard.clone();
    soft[HARD_OFFSET] = 0;
    assert_eq!(
        events(&soft),
        vec![decode::RawEvent::Expire {
            sa: larval,
            kind: ExpireKind::Soft
        }]
    );
}

#[test]
fn truncated_events_are_errors_not_panics() {
    for name in ["xfrm_acquire_udp.bin", "xfrm_expire_hard_larval.bin"] {
        let full = data(name);
        for cut in [17, 40, 100, full.len() - 4] {
            let mut b = full[..cut].to_vec();
            // Keep the header's length honest so the short body itself is what fails.
            b[..4].copy_from_slice(&(cut as u32).to_ne_bytes());
            let r = parse_datagram(OpKind::Event, &b);
            match r {
                Err(_) => {}
                Ok(msgs) => {
                    for m in msgs {
                        if let NetlinkPayload::InnerMessage(x) = m.payload {
                            let _ = decode::event(&x);
                        }
                    }
                }
            }
        }
    }
}
