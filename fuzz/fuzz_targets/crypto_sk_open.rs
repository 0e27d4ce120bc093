//! IKEv2 SK payload verification/decryption on arbitrary bodies for a few
//! cipher suites: never panic.
#![no_main]
use ike_crypto::ids::{encr, integ};
use ike_crypto::ikev2::SkCipher;
use ike_crypto::rustcrypto;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = rustcrypto();
    let key = [7u8; 64];
    let suites = [
        (encr::AES_CBC, Some(128), Some(integ::HMAC_SHA2_256_128)),
        (encr::AES_GCM_16, Some(256), None),
        (encr::CHACHA20_POLY1305, None, None),
        (encr::TRIPLE_DES, None, Some(integ::HMAC_MD5_96)),
    ];
    for (e, bits, i) in suites {
        let (Ok(e), i) = (p.encryption(e, bits), i.map(|i| p.integrity(i))) else { continue };
        let i = match i {
            Some(Ok(i)) => Some(i),
            Some(Err(_)) => continue,
            None => None,
        };
        let sk_a = &key[..i.map(|i| i.key_len()).unwrap_or(0)];
        if let Ok(c) = SkCipher::new(e, i, &key[..e.key_len()], sk_a) {
            let split = data.len().min(28);
            let _ = c.open(&data[..split], &data[split..]);
        }
    }
});
