//! A decrypted IKEv1 payload chain: the first octet is the first payload's
//! type, the rest the chain (with possible padding). Never panics; whatever
//! decodes re-encodes to the same octets.
#![no_main]

use ike_wire::v1;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((first, chain)) = data.split_first() else {
        return;
    };
    let first = v1::PayloadType::from(*first);
    let Ok(c) = v1::decode_payload_chain(first, chain) else {
        return;
    };
    assert!(v1::is_padding(c.padding));
    let mut out = Vec::new();
    let t = v1::encode_payload_chain(&c.payloads, &mut out).expect("chain re-encodes");
    if !c.payloads.is_empty() {
        assert_eq!(t, first);
    }
    out.extend_from_slice(c.padding);
    assert_eq!(out, chain, "encode(decode(b)) != b");
    let mut s = String::new();
    v1::dump_payloads(&c.payloads, 0, &mut s).expect("dump");
});
