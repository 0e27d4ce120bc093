//! Signatures for IKE authentication: RSA PKCS#1 v1.5 over raw hashes
//! (IKEv1 RSA signature mode), IKEv2 method 1, RFC 4754 ECDSA methods
//! 9/10/11 and RFC 7427 Digital Signature (method 14).

pub mod algid;
mod rustcrypto;

pub use algid::{decode_auth_data, encode_auth_data};
pub use rustcrypto::{RustCryptoSignatures, RUSTCRYPTO};

use crate::error::Result;
use crate::hash::HashAlg;
use crate::random::SecureRandom;

/// How the octets are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureScheme {
    /// RSA PKCS#1 v1.5 type 1 padding around the given octets, no hashing
    /// and no DigestInfo: IKEv1 RSA signature mode signs HASH_I/HASH_R
    /// this way (RFC 2409 5.1).
    RsaPkcs1Raw,
    /// RSASSA-PKCS1-v1_5 with DigestInfo of the hash (RFC 8017 8.2).
    /// IKEv2 method 1 is `RsaPkcs1(Sha1)` (RFC 7296 3.8).
    RsaPkcs1(HashAlg),
    /// RSASSA-PSS, MGF1 with the same hash, salt length = hash length
    /// (RFC 7427 A.4.3, RFC 8247 3.2).
    RsaPss(HashAlg),
    /// ECDSA, signature DER-encoded `Ecdsa-Sig-Value` (RFC 7427 3).
    EcdsaDer(HashAlg),
    /// ECDSA, signature as fixed-length r | s (RFC 4754 7, methods 9-11).
    EcdsaFixed(HashAlg),
}

impl SignatureScheme {
    /// The scheme of an IKEv2 auth method that fixes it (1, 9, 10, 11);
    /// `None` for PSK and for method 14, whose scheme is in the AUTH data.
    pub fn for_auth_method(method: u16) -> Option<Self> {
        use crate::ids::auth;
        match method {
            auth::RSA_SIG => Some(SignatureScheme::RsaPkcs1(HashAlg::Sha1)),
            auth::ECDSA_SHA256_P256 => Some(SignatureScheme::EcdsaFixed(HashAlg::Sha256)),
            auth::ECDSA_SHA384_P384 => Some(SignatureScheme::EcdsaFixed(HashAlg::Sha384)),
            auth::ECDSA_SHA512_P521 => Some(SignatureScheme::EcdsaFixed(HashAlg::Sha512)),
            _ => None,
        }
    }
}

/// The kind and size of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// RSA with a modulus of this many bits.
    Rsa(usize),
    /// ECDSA on P-256.
    EcP256,
    /// ECDSA on P-384.
    EcP384,
    /// ECDSA on P-521.
    EcP521,
}

/// A private key, able to sign.
pub trait SigningKey: Send + Sync + core::fmt::Debug {
    /// What it is.
    fn key_type(&self) -> KeyType;
    /// Signs `msg` (for [`SignatureScheme::RsaPkcs1Raw`], `msg` is the
    /// already-computed hash). `rng` feeds RSA blinding, PSS salts.
    fn sign(&self, scheme: SignatureScheme, msg: &[u8], rng: &dyn SecureRandom) -> Result<Vec<u8>>;
    /// The public key as DER SubjectPublicKeyInfo.
    fn public_key_der(&self) -> Result<Vec<u8>>;
}

/// A public key, able to verify.
pub trait VerifyingKey: Send + Sync + core::fmt::Debug {
    /// What it is.
    fn key_type(&self) -> KeyType;
    /// Verifies `sig` over `msg`; any failure is
    /// [`crate::CryptoError::BadSignature`].
    fn verify(&self, scheme: SignatureScheme, msg: &[u8], sig: &[u8]) -> Result<()>;
}

/// Parses keys into signing/verifying objects (one per provider).
pub trait SignatureBackend: Send + Sync + core::fmt::Debug {
    /// A private key from DER PKCS#8 (RSA or EC).
    fn signing_key_pkcs8(&self, der: &[u8]) -> Result<Box<dyn SigningKey>>;
    /// A public key from DER SubjectPublicKeyInfo (RSA or EC).
    fn verifying_key_spki(&self, der: &[u8]) -> Result<Box<dyn VerifyingKey>>;
    /// An RSA public key from DER PKCS#1 RSAPublicKey (IKEv2 CERT
    /// encoding 11, "Raw RSA Key").
    fn verifying_key_rsa_pkcs1(&self, der: &[u8]) -> Result<Box<dyn VerifyingKey>>;
}
