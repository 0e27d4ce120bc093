//! Every IKEv2 payload body parser, chosen by the first octet (payload type;
//! unknown types take the opaque path); the second and third octets are the
//! generic header's Next Payload and flags. Never panics; whatever decodes
//! re-encodes to the same body length and decodes to the same payload; the
//! typed accessors (notify data, ID address, transform IDs, EAP type, CA
//! hashes) cope with it.
#![no_main]

use ike_wire::v2::{self, Payload, PayloadType};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [t, np, flags, body @ ..] = data else {
        return;
    };
    let ty = PayloadType::from(*t);
    let Ok(p) = v2::decode_payload_body(ty, PayloadType::from(*np), *flags, body) else {
        return;
    };
    assert_eq!(p.payload_type(), ty);
    let mut out = Vec::new();
    v2::encode_chain(std::slice::from_ref(&p), &mut out).expect("body re-encodes");
    assert_eq!(out.len(), body.len() + 4);
    let again = v2::decode_payload_body(ty, PayloadType::from(out[0]), out[1], &out[4..])
        .expect("re-decodes");
    assert_eq!(again, p);
    match &p {
        Payload::Notify(n) => {
            let _ = n.data();
        }
        Payload::IdI(id) | Payload::IdR(id) => {
            let _ = id.ip_addr();
        }
        Payload::Sa(sa) => {
            for pr in &sa.proposals {
                for t in &pr.transforms {
                    let _ = (t.typed_id().to_string(), t.key_length());
                }
            }
        }
        Payload::Eap(e) => {
            let _ = e.eap_type();
        }
        Payload::CertReq(c) | Payload::Cert(c) => {
            let _ = c.ca_hashes().count();
        }
        _ => {}
    }
    let mut s = String::new();
    v2::dump_payloads(std::slice::from_ref(&p), 1, &mut s).expect("dump");
});
