//! Every IKEv1 payload body parser, chosen by the first octet (the payload
//! type; unknown types take the opaque path): never panics, whatever decodes
//! re-encodes to the same body, and the typed accessors cope with it.
#![no_main]

use ike_wire::v1;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((t, body)) = data.split_first() else {
        return;
    };
    let t = v1::PayloadType::from(*t);
    let Ok(p) = v1::decode_payload_body(t, body) else {
        return;
    };
    let mut out = Vec::new();
    v1::encode_payload_chain(std::slice::from_ref(&p), &mut out).expect("body re-encodes");
    assert_eq!(&out[4..], body, "encode(decode(b)) != b");
    match &p {
        v1::Payload::Notification(n) => {
            let _ = n.dpd_sequence();
            let _ = n.replay_status();
            let _ = n.responder_lifetime();
        }
        v1::Payload::VendorId(v) => {
            let _ = v1::vendor::lookup(v);
        }
        v1::Payload::Delete(d) => {
            assert_eq!(d.spis.iter().count(), if d.spis.size() == 0 { 0 } else { usize::from(d.spis.count()) });
        }
        _ => {}
    }
    let mut s = String::new();
    v1::dump_payloads(std::slice::from_ref(&p), 0, &mut s).expect("dump");
});
