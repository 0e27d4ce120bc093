//! Shared helpers of the vector tests: data loading and name mapping.
#![allow(dead_code)]

use ike_crypto::ids;
use serde_json::Value;
use std::path::PathBuf;

/// Loads `tests/data/<rel>` as JSON.
pub fn load(rel: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel);
    let s = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&s).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Reads `tests/data/<rel>` as bytes.
pub fn load_bytes(rel: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Hex field to bytes; an odd final nibble is NSS's "last nibble is 0x0N".
pub fn hx(v: &Value) -> Vec<u8> {
    let s = v.as_str().unwrap_or_else(|| panic!("not a string: {v}"));
    if s.len() % 2 == 1 {
        let (even, last) = s.split_at(s.len() - 1);
        let mut b = hex::decode(even).unwrap();
        b.push(u8::from_str_radix(last, 16).unwrap());
        b
    } else {
        hex::decode(s).unwrap()
    }
}

/// Integer field that may be a JSON number or string.
pub fn num(v: &Value) -> usize {
    match v {
        Value::Number(n) => n.as_u64().unwrap() as usize,
        Value::String(s) => s.parse().unwrap(),
        _ => panic!("not a number: {v}"),
    }
}

/// strongSwan PRF name -> IKEv2 PRF ID.
pub fn prf_id(name: &str) -> u16 {
    match name {
        "PRF_HMAC_MD5" => ids::prf::HMAC_MD5,
        "PRF_HMAC_SHA1" => ids::prf::HMAC_SHA1,
        "PRF_HMAC_SHA2_256" => ids::prf::HMAC_SHA2_256,
        "PRF_HMAC_SHA2_384" => ids::prf::HMAC_SHA2_384,
        "PRF_HMAC_SHA2_512" => ids::prf::HMAC_SHA2_512,
        "PRF_AES128_XCBC" => ids::prf::AES128_XCBC,
        "PRF_AES128_CMAC" => ids::prf::AES128_CMAC,
        _ => panic!("unknown PRF {name}"),
    }
}

/// strongSwan group name -> IKEv2 group ID (None: not an IKE group we offer).
pub fn group_id(name: &str) -> Option<u16> {
    use ids::group::*;
    Some(match name {
        "MODP_768_BIT" => MODP_768,
        "MODP_1024_BIT" => MODP_1024,
        "MODP_1536_BIT" => MODP_1536,
        "MODP_2048_BIT" => MODP_2048,
        "MODP_3072_BIT" => MODP_3072,
        "MODP_4096_BIT" => MODP_4096,
        "MODP_6144_BIT" => MODP_6144,
        "MODP_8192_BIT" => MODP_8192,
        "MODP_1024_160" => MODP_1024_160,
        "MODP_2048_224" => MODP_2048_224,
        "MODP_2048_256" => MODP_2048_256,
        "ECP_256_BIT" => ECP_256,
        "ECP_384_BIT" => ECP_384,
        "ECP_521_BIT" => ECP_521,
        "CURVE_25519" => CURVE25519,
        "CURVE_448" => CURVE448,
        _ => return None,
    })
}

/// Every provider compiled in, with group 1 allowed (the vectors cover it).
pub fn providers() -> Vec<ike_crypto::CryptoProvider> {
    ike_crypto::all_providers()
        .into_iter()
        .map(|p| p.with_modp768(true))
        .collect()
}
