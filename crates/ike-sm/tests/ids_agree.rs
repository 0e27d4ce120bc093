//! `ike_crypto::ids` (plain IDs) and `ike-wire`'s open-enum registries are two views of
//! the same IANA "IKEv2 Parameters" registries (RFC 7296 3.3.2): each named constant must
//! be the number of the wire variant with the same IANA name. kernel-sa mirrors the ENCR
//! and INTEG names (it must not depend on a crypto provider): the mirror must agree.

use ike_wire::v2::registry::{AuthMethod, DhGroup, EncrId, EsnId, IntegId, PrfId};

/// Each constant with the IANA name ike-wire prints for its number.
fn check<T: From<u16> + std::fmt::Display>(table: &[(u16, &str)]) {
    for &(id, iana) in table {
        assert_eq!(T::from(id).to_string(), iana, "ID {id}");
    }
}

#[test]
fn encr_ids_are_the_wire_registrys() {
    use ike_crypto::ids::encr::*;
    check::<EncrId>(&[
        (DES, "ENCR_DES"),
        (TRIPLE_DES, "ENCR_3DES"),
        (NULL, "ENCR_NULL"),
        (AES_CBC, "ENCR_AES_CBC"),
        (AES_CTR, "ENCR_AES_CTR"),
        (AES_CCM_8, "ENCR_AES_CCM_8"),
        (AES_CCM_12, "ENCR_AES_CCM_12"),
        (AES_CCM_16, "ENCR_AES_CCM_16"),
        (AES_GCM_8, "ENCR_AES_GCM_8"),
        (AES_GCM_12, "ENCR_AES_GCM_12"),
        (AES_GCM_16, "ENCR_AES_GCM_16"),
        (NULL_AUTH_AES_GMAC, "ENCR_NULL_AUTH_AES_GMAC"),
        (CAMELLIA_CBC, "ENCR_CAMELLIA_CBC"),
        (CAMELLIA_CTR, "ENCR_CAMELLIA_CTR"),
        (CHACHA20_POLY1305, "ENCR_CHACHA20_POLY1305"),
    ]);
}

#[test]
fn prf_integ_and_esn_ids_are_the_wire_registrys() {
    use ike_crypto::ids::{esn, integ, prf};
    check::<PrfId>(&[
        (prf::HMAC_MD5, "PRF_HMAC_MD5"),
        (prf::HMAC_SHA1, "PRF_HMAC_SHA1"),
        (prf::AES128_XCBC, "PRF_AES128_XCBC"),
        (prf::HMAC_SHA2_256, "PRF_HMAC_SHA2_256"),
        (prf::HMAC_SHA2_384, "PRF_HMAC_SHA2_384"),
        (prf::HMAC_SHA2_512, "PRF_HMAC_SHA2_512"),
        (prf::AES128_CMAC, "PRF_AES128_CMAC"),
    ]);
    check::<IntegId>(&[
        (integ::NONE, "NONE"),
        (integ::HMAC_MD5_96, "AUTH_HMAC_MD5_96"),
        (integ::HMAC_SHA1_96, "AUTH_HMAC_SHA1_96"),
        (integ::AES_XCBC_96, "AUTH_AES_XCBC_96"),
        (integ::AES_CMAC_96, "AUTH_AES_CMAC_96"),
        (integ::HMAC_SHA2_256_128, "AUTH_HMAC_SHA2_256_128"),
        (integ::HMAC_SHA2_384_192, "AUTH_HMAC_SHA2_384_192"),
        (integ::HMAC_SHA2_512_256, "AUTH_HMAC_SHA2_512_256"),
    ]);
    check::<EsnId>(&[
        (esn::NO, "No Extended Sequence Numbers"),
        (esn::YES, "Extended Sequence Numbers"),
    ]);
}

#[test]
fn key_exchange_ids_are_the_wire_registrys() {
    use ike_crypto::ids::group::*;
    check::<DhGroup>(&[
        (NONE, "NONE"),
        (MODP_768, "768-bit MODP Group"),
        (MODP_1024, "1024-bit MODP Group"),
        (MODP_1536, "1536-bit MODP Group"),
        (MODP_2048, "2048-bit MODP Group"),
        (MODP_3072, "3072-bit MODP Group"),
        (MODP_4096, "4096-bit MODP Group"),
        (MODP_6144, "6144-bit MODP Group"),
        (MODP_8192, "8192-bit MODP Group"),
        (ECP_256, "256-bit random ECP group"),
        (ECP_384, "384-bit random ECP group"),
        (ECP_521, "521-bit random ECP group"),
        (
            MODP_1024_160,
            "1024-bit MODP Group with 160-bit Prime Order Subgroup",
        ),
        (
            MODP_2048_224,
            "2048-bit MODP Group with 224-bit Prime Order Subgroup",
        ),
        (
            MODP_2048_256,
            "2048-bit MODP Group with 256-bit Prime Order Subgroup",
        ),
        (CURVE25519, "Curve25519"),
        (CURVE448, "Curve448"),
    ]);
}

#[test]
fn auth_methods_are_the_wire_registrys() {
    use ike_crypto::ids::auth::*;
    // AuthMethod is a u8 registry on the wire (RFC 7296 3.8).
    for (id, iana) in [
        (RSA_SIG, "RSA Digital Signature"),
        (PSK, "Shared Key Message Integrity Code"),
        (ECDSA_SHA256_P256, "ECDSA with SHA-256 on the P-256 curve"),
        (ECDSA_SHA384_P384, "ECDSA with SHA-384 on the P-384 curve"),
        (ECDSA_SHA512_P521, "ECDSA with SHA-512 on the P-521 curve"),
        (DIGITAL_SIGNATURE, "Digital Signature"),
    ] {
        let wire = u8::try_from(id).map(AuthMethod::from);
        assert_eq!(wire.map(|m| m.to_string()).as_deref(), Ok(iana), "ID {id}");
    }
}

#[test]
fn kernel_sa_mirror_agrees() {
    use ike_crypto::ids::{encr as c, integ as ci};
    use kernel_sa::{encr as k, integ as ki};
    for (kernel, crypto) in [
        (k::TRIPLE_DES, c::TRIPLE_DES),
        (k::NULL, c::NULL),
        (k::AES_CBC, c::AES_CBC),
        (k::AES_CTR, c::AES_CTR),
        (k::AES_CCM_8, c::AES_CCM_8),
        (k::AES_CCM_12, c::AES_CCM_12),
        (k::AES_CCM_16, c::AES_CCM_16),
        (k::AES_GCM_8, c::AES_GCM_8),
        (k::AES_GCM_12, c::AES_GCM_12),
        (k::AES_GCM_16, c::AES_GCM_16),
        (k::NULL_AUTH_AES_GMAC, c::NULL_AUTH_AES_GMAC),
        (k::CAMELLIA_CBC, c::CAMELLIA_CBC),
        (k::CAMELLIA_CTR, c::CAMELLIA_CTR),
        (k::CHACHA20_POLY1305, c::CHACHA20_POLY1305),
        (ki::HMAC_MD5_96, ci::HMAC_MD5_96),
        (ki::HMAC_SHA1_96, ci::HMAC_SHA1_96),
        (ki::AES_XCBC_96, ci::AES_XCBC_96),
        (ki::AES_CMAC_96, ci::AES_CMAC_96),
        (ki::HMAC_SHA2_256_128, ci::HMAC_SHA2_256_128),
        (ki::HMAC_SHA2_384_192, ci::HMAC_SHA2_384_192),
        (ki::HMAC_SHA2_512_256, ci::HMAC_SHA2_512_256),
    ] {
        assert_eq!(kernel, crypto);
    }
}
