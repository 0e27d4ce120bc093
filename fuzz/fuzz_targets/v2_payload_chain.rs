//! A decrypted IKEv2 payload chain: the first octet is the first payload's
//! type (the SK Next Payload field), the rest the chain. Never panics;
//! whatever decodes re-encodes to the same length and decodes to the same
//! payloads; SK/SKF inside are refused.
#![no_main]

use ike_wire::v2;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((first, chain)) = data.split_first() else {
        return;
    };
    let Ok(ps) = v2::decode_chain(v2::PayloadType::from(*first), chain) else {
        return;
    };
    assert!(!ps.iter().any(v2::Payload::is_encrypted));
    let mut out = Vec::new();
    let t = v2::encode_chain(&ps, &mut out).expect("chain re-encodes");
    assert_eq!(out.len(), chain.len());
    assert_eq!(v2::decode_chain(t, &out).expect("re-decodes"), ps);
    let mut s = String::new();
    v2::dump_payloads(&ps, 1, &mut s).expect("dump");
});
