//! A whole IKEv2 message: never panics; whatever decodes re-encodes to a
//! message of the same length that decodes to the same value (reserved bits
//! and the critical bit of known payloads are normalised to zero, RFC 7296
//! 3.2), and the SK/SKF layout and the dump cope with it.
#![no_main]

use ike_wire::v2;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = v2::sk_layout(data, 12);
    let mut text = String::new();
    let _ = ike_wire::dump_datagram(data, &mut text);
    let Ok(m) = v2::Message::decode(data) else {
        return;
    };
    let again = m.to_vec().expect("a decoded message re-encodes");
    assert_eq!(again.len(), data.len(), "re-encoding changed the length");
    assert_eq!(v2::Message::decode(&again).expect("re-decodes"), m);
    if m.encrypted().is_some() || m.encrypted_fragment().is_some() {
        v2::sk_layout(&again, 0).expect("layout of a decoded SK message");
    }
    let _ = m.unsupported_critical();
});
