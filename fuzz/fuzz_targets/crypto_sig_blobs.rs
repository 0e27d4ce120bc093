//! RFC 7427 AUTH data / AlgorithmIdentifier parsing, key DER parsing and
//! signature verification on arbitrary input: never panic.
#![no_main]
use ike_crypto::sig::{decode_auth_data, SignatureScheme};
use ike_crypto::{rustcrypto, HashAlg};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode_auth_data(data);
    let backend = rustcrypto().signatures;
    let _ = backend.signing_key_pkcs8(data);
    let _ = backend.verifying_key_rsa_pkcs1(data);
    if let Ok(k) = backend.verifying_key_spki(data) {
        for s in [
            SignatureScheme::RsaPkcs1(HashAlg::Sha256),
            SignatureScheme::RsaPss(HashAlg::Sha256),
            SignatureScheme::EcdsaDer(HashAlg::Sha256),
            SignatureScheme::EcdsaFixed(HashAlg::Sha256),
        ] {
            let _ = k.verify(s, b"msg", data);
        }
    }
});
