//! A whole IKEv1/ISAKMP message: never panics; whatever decodes re-encodes to
//! the same octets (up to the header's Length); an encrypted body is also
//! tried as a decrypted chain, and every decoded message can be dumped.
#![no_main]

use ike_wire::v1;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(m) = v1::Message::decode(data) else {
        return;
    };
    let again = m.encode().expect("a decoded message re-encodes");
    assert_eq!(&again[..], &data[..again.len()], "encode(decode(b)) != b");
    let mut s = String::new();
    v1::dump(&m, &mut s).expect("dump");
    if let v1::Body::Encrypted {
        first_payload,
        ciphertext,
    } = m.body
    {
        if let Ok(c) = v1::decode_payload_chain(first_payload, ciphertext) {
            let mut out = Vec::new();
            v1::encode_payload_chain(&c.payloads, &mut out).expect("chain re-encodes");
            out.extend_from_slice(c.padding);
            assert_eq!(out, ciphertext);
        }
    }
});
