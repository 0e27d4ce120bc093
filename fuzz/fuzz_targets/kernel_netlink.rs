//! kernel-sa XFRM netlink reader: arbitrary datagrams as the event and request sockets
//! receive them; splitting, parsing and typing (events, policies, SA ids, counters) must
//! return an error or a value, never panic.
#![no_main]

use kernel_sa::xfrm::{decode, parse_datagram};
use kernel_sa::OpKind;
use libfuzzer_sys::fuzz_target;
use netlink_packet_core::NetlinkPayload;
use netlink_packet_xfrm::XfrmMessage;

fuzz_target!(|data: &[u8]| {
    let Ok(msgs) = parse_datagram(OpKind::Event, data) else {
        return;
    };
    for m in msgs {
        let NetlinkPayload::InnerMessage(x) = m.payload else {
            continue;
        };
        let _ = decode::event(&x);
        match &x {
            XfrmMessage::AddPolicy(p) | XfrmMessage::UpdatePolicy(p) => {
                let _ = decode::policy(&p.user_policy_info, &p.nlas);
            }
            XfrmMessage::AddSa(s) | XfrmMessage::UpdateSa(s) => {
                let _ = decode::sa_id(&s.user_sa_info, &s.nlas);
                let _ = decode::counters(&s.user_sa_info);
            }
            _ => {}
        }
    }
});
