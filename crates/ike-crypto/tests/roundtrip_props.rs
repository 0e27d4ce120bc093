//! Property tests: SK payload seal/open, raw cipher encrypt/decrypt and
//! sign/verify round-trip on every provider; tampering is always caught;
//! random peer values never panic.

use ike_crypto::ikev2::SkCipher;
use ike_crypto::sig::{decode_auth_data, encode_auth_data, SignatureScheme};
use ike_crypto::{all_providers, ids, DeterministicRandom, HashAlg, KxConfig};
use proptest::prelude::*;

/// (encryption ID, key bits, integrity ID) suites IKEv2 negotiates.
const SUITES: [(u16, Option<u16>, Option<u16>); 8] = [
    (
        ids::encr::AES_CBC,
        Some(128),
        Some(ids::integ::HMAC_SHA2_256_128),
    ),
    (
        ids::encr::AES_CBC,
        Some(256),
        Some(ids::integ::HMAC_SHA2_512_256),
    ),
    (ids::encr::TRIPLE_DES, None, Some(ids::integ::HMAC_SHA1_96)),
    (ids::encr::AES_CTR, Some(192), Some(ids::integ::AES_XCBC_96)),
    (ids::encr::AES_GCM_16, Some(256), None),
    (ids::encr::AES_GCM_8, Some(128), None),
    (ids::encr::AES_CCM_12, Some(128), None),
    (ids::encr::CHACHA20_POLY1305, None, None),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sk_seal_open_round_trip(
        suite in 0usize..SUITES.len(),
        inner in proptest::collection::vec(any::<u8>(), 0..300),
        prefix in proptest::collection::vec(any::<u8>(), 28..60),
        key_seed in any::<u64>(),
        flip in any::<usize>(),
    ) {
        let rng = DeterministicRandom::new(&key_seed.to_be_bytes());
        for p in all_providers() {
            let (e, bits, i) = SUITES[suite];
            let e = p.encryption(e, bits).unwrap();
            let i = i.map(|i| p.integrity(i).unwrap());
            let mut sk_e = vec![0u8; e.key_len()];
            let mut sk_a = vec![0u8; i.map(|i| i.key_len()).unwrap_or(0)];
            ike_crypto::SecureRandom::fill(&rng, &mut sk_e).unwrap();
            ike_crypto::SecureRandom::fill(&rng, &mut sk_a).unwrap();
            let c = SkCipher::new(e, i, &sk_e, &sk_a).unwrap();
            let body = c.seal(&rng, &prefix, &inner).unwrap();
            prop_assert_eq!(body.len(), c.body_len(inner.len()));
            let opened = c.open(&prefix, &body).unwrap();
            prop_assert_eq!(opened.as_bytes(), &inner[..]);
            // Any flipped bit in the covered data is rejected.
            let mut all = prefix.clone();
            all.extend_from_slice(&body);
            let at = flip % all.len();
            all[at] ^= 0x01;
            let (pfx, bdy) = all.split_at(prefix.len());
            // Flipping the IV or ciphertext of CBC with HMAC, or any octet
            // under an AEAD tag, must fail; so must the prefix (ICV/AAD).
            prop_assert!(c.open(pfx, bdy).is_err(), "{} flip at {}", e.name(), at);
        }
    }

    #[test]
    fn random_peer_values_never_panic(
        group_ix in 0usize..16,
        peer in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        const GROUPS: [u16; 16] = [1, 2, 5, 14, 15, 16, 17, 18, 22, 23, 24, 19, 20, 21, 31, 32];
        let rng = DeterministicRandom::new(b"peer");
        for p in all_providers() {
            let p = p.with_modp768(true);
            let kx = p.key_exchange(GROUPS[group_ix]).unwrap();
            let _ = kx.validate_public(&peer);
            let mut fixed = peer.clone();
            fixed.resize(kx.public_len(), 0x5a);
            let me = kx.start(&rng, &KxConfig::default()).unwrap();
            let _ = me.complete(&fixed);
        }
    }

    #[test]
    fn auth_data_decoder_never_panics(data in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode_auth_data(&data);
    }
}

#[test]
fn key_exchange_agrees_between_providers() {
    // Each provider's initiator against each provider's responder, every group.
    let rng = DeterministicRandom::new(b"agree");
    let ps: Vec<_> = all_providers()
        .into_iter()
        .map(|p| p.with_modp768(true))
        .collect();
    for g in [1u16, 2, 5, 14, 22, 23, 24, 19, 20, 21, 31, 32] {
        for a in &ps {
            for b in &ps {
                let i = a
                    .key_exchange(g)
                    .unwrap()
                    .start(&rng, &KxConfig::default())
                    .unwrap();
                let r = b
                    .key_exchange(g)
                    .unwrap()
                    .start(&rng, &KxConfig::default())
                    .unwrap();
                assert_eq!(
                    i.complete(r.public()).unwrap(),
                    r.complete(i.public()).unwrap(),
                    "group {g}"
                );
            }
        }
    }
}

#[test]
fn modp_rejects_out_of_range_values() {
    for p in all_providers() {
        let kx = p.key_exchange(ids::group::MODP_2048).unwrap();
        let n = kx.public_len();
        let mut one = vec![0u8; n];
        one[n - 1] = 1;
        let pm1 = {
            let mut v = kx_prime(&p);
            *v.last_mut().unwrap() -= 1;
            v
        };
        for bad in [
            vec![0u8; n],
            one,
            pm1,
            kx_prime(&p),
            vec![0xff; n],
            vec![2u8; n - 1],
        ] {
            assert!(kx.validate_public(&bad).is_err());
            let me = kx.start_with_private(&[7; 32]).unwrap();
            assert!(me.complete(&bad).is_err());
        }
        // RFC 5114 group 24: a value in range but outside the q-subgroup
        // (p-1 is refused by range; 2 generates the full group).
        let kx24 = p.key_exchange(ids::group::MODP_2048_256).unwrap();
        let mut two = vec![0u8; kx24.public_len()];
        *two.last_mut().unwrap() = 2;
        assert!(kx24.validate_public(&two).is_err());
        // Group 1 is refused by default.
        assert!(ike_crypto::all_providers()[0]
            .key_exchange(ids::group::MODP_768)
            .is_err());
        assert!(p.key_exchange(999).is_err());
    }
}

fn kx_prime(_p: &ike_crypto::CryptoProvider) -> Vec<u8> {
    ike_crypto::kx::MODP_2048.prime().unwrap()
}

#[test]
fn signatures_round_trip() {
    use p256::pkcs8::EncodePrivateKey as _;
    let rng = DeterministicRandom::new(b"sig");
    let mut osrng = rand_core::OsRng;
    let rsa = rsa::RsaPrivateKey::new(&mut osrng, 1024)
        .unwrap()
        .to_pkcs8_der()
        .unwrap();
    let p256 = p256::SecretKey::random(&mut osrng).to_pkcs8_der().unwrap();
    let p384 = p384::SecretKey::random(&mut osrng).to_pkcs8_der().unwrap();
    let p521 = p521::SecretKey::random(&mut osrng).to_pkcs8_der().unwrap();
    let msg = b"InitiatorSignedOctets";
    for p in all_providers() {
        let b = p.signatures;
        let rsa_schemes = [
            SignatureScheme::RsaPkcs1(HashAlg::Sha1),
            SignatureScheme::RsaPkcs1(HashAlg::Sha256),
            SignatureScheme::RsaPkcs1(HashAlg::Sha512),
            SignatureScheme::RsaPss(HashAlg::Sha256),
            SignatureScheme::RsaPss(HashAlg::Sha384),
        ];
        let ec = |h| [SignatureScheme::EcdsaDer(h), SignatureScheme::EcdsaFixed(h)];
        let cases: Vec<(&[u8], Vec<SignatureScheme>)> = vec![
            (rsa.as_bytes(), rsa_schemes.to_vec()),
            (p256.as_bytes(), ec(HashAlg::Sha256).to_vec()),
            (p384.as_bytes(), ec(HashAlg::Sha384).to_vec()),
            (p521.as_bytes(), ec(HashAlg::Sha512).to_vec()),
        ];
        for (der, schemes) in cases {
            let sk = b.signing_key_pkcs8(der).unwrap();
            let vk = b.verifying_key_spki(&sk.public_key_der().unwrap()).unwrap();
            for s in schemes {
                let sig = sk.sign(s, msg, &rng).unwrap();
                vk.verify(s, msg, &sig).unwrap();
                assert!(vk.verify(s, b"other", &sig).is_err(), "{s:?}");
                if let Ok(blob) = encode_auth_data(s, &sig) {
                    let (s2, sig2) = decode_auth_data(&blob).unwrap();
                    assert_eq!((s2, sig2), (s, &sig[..]));
                }
            }
        }
        // IKEv1 RSA signature mode: PKCS#1 v1.5 over a raw hash.
        let sk = b.signing_key_pkcs8(rsa.as_bytes()).unwrap();
        let vk = b.verifying_key_spki(&sk.public_key_der().unwrap()).unwrap();
        let hash_i = HashAlg::Sha1.digest(&[msg]);
        let sig = sk
            .sign(SignatureScheme::RsaPkcs1Raw, &hash_i, &rng)
            .unwrap();
        vk.verify(SignatureScheme::RsaPkcs1Raw, &hash_i, &sig)
            .unwrap();
        // RFC 4754 fixed-size ECDSA has exactly 2 * field length octets.
        let sk = b.signing_key_pkcs8(p384.as_bytes()).unwrap();
        let s = SignatureScheme::for_auth_method(ids::auth::ECDSA_SHA384_P384).unwrap();
        assert_eq!(sk.sign(s, msg, &rng).unwrap().len(), 96);
    }
}

#[test]
fn rfc7427_algorithm_identifiers_match_the_rfc() {
    use ike_crypto::sig::algid::{algorithm_identifier, scheme_from_algorithm_identifier};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/rfc7427/algorithm_identifiers.json"
    );
    let d: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let map = [
        (
            "sha1WithRSAEncryption",
            SignatureScheme::RsaPkcs1(HashAlg::Sha1),
        ),
        (
            "sha256WithRSAEncryption",
            SignatureScheme::RsaPkcs1(HashAlg::Sha256),
        ),
        (
            "sha384WithRSAEncryption",
            SignatureScheme::RsaPkcs1(HashAlg::Sha384),
        ),
        (
            "sha512WithRSAEncryption",
            SignatureScheme::RsaPkcs1(HashAlg::Sha512),
        ),
        ("ecdsa-with-sha1", SignatureScheme::EcdsaDer(HashAlg::Sha1)),
        (
            "ecdsa-with-sha256",
            SignatureScheme::EcdsaDer(HashAlg::Sha256),
        ),
        (
            "ecdsa-with-sha384",
            SignatureScheme::EcdsaDer(HashAlg::Sha384),
        ),
        (
            "ecdsa-with-sha512",
            SignatureScheme::EcdsaDer(HashAlg::Sha512),
        ),
        (
            "RSASSA-PSS with sha-256",
            SignatureScheme::RsaPss(HashAlg::Sha256),
        ),
    ];
    for (name, scheme) in map {
        let blob = hex::decode(d["blobs"][name].as_str().unwrap()).unwrap();
        assert_eq!(algorithm_identifier(scheme).unwrap(), blob, "{name}");
        assert_eq!(
            scheme_from_algorithm_identifier(&blob).unwrap(),
            scheme,
            "{name}"
        );
    }
}
