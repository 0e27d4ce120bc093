//! Signatures with the RustCrypto `rsa` and `p256`/`p384`/`p521` crates.

use super::{KeyType, SignatureBackend, SignatureScheme, SigningKey, VerifyingKey};
use crate::error::{CryptoError, Result};
use crate::hash::HashAlg;
use crate::random::{RngAdapter, SecureRandom};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss, RsaPrivateKey, RsaPublicKey};

/// The pure-Rust signature backend.
#[derive(Debug, Clone, Copy)]
pub struct RustCryptoSignatures;

/// The instance the pure-Rust provider uses.
pub static RUSTCRYPTO: RustCryptoSignatures = RustCryptoSignatures;

fn malformed(what: &'static str) -> CryptoError {
    CryptoError::Malformed {
        what,
        reason: "DER does not parse as a supported key",
    }
}

fn pkcs1_padding(h: HashAlg) -> Pkcs1v15Sign {
    match h {
        HashAlg::Md5 => Pkcs1v15Sign::new::<md5::Md5>(),
        HashAlg::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
        HashAlg::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
        HashAlg::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
        HashAlg::Sha512 => Pkcs1v15Sign::new::<sha2::Sha512>(),
    }
}

fn pss_padding(h: HashAlg) -> Result<Pss> {
    Ok(match h {
        HashAlg::Sha256 => Pss::new::<sha2::Sha256>(),
        HashAlg::Sha384 => Pss::new::<sha2::Sha384>(),
        HashAlg::Sha512 => Pss::new::<sha2::Sha512>(),
        _ => return Err(CryptoError::BadCombination("RSA-PSS needs a SHA-2 hash")),
    })
}

#[derive(Debug)]
struct RsaSigner(RsaPrivateKey);

impl SigningKey for RsaSigner {
    fn key_type(&self) -> KeyType {
        KeyType::Rsa(self.0.size() * 8)
    }
    fn sign(&self, scheme: SignatureScheme, msg: &[u8], rng: &dyn SecureRandom) -> Result<Vec<u8>> {
        let mut rng = RngAdapter(rng);
        let r = match scheme {
            SignatureScheme::RsaPkcs1Raw => {
                self.0
                    .sign_with_rng(&mut rng, Pkcs1v15Sign::new_unprefixed(), msg)
            }
            SignatureScheme::RsaPkcs1(h) => {
                self.0
                    .sign_with_rng(&mut rng, pkcs1_padding(h), &h.digest(&[msg]))
            }
            SignatureScheme::RsaPss(h) => {
                self.0
                    .sign_with_rng(&mut rng, pss_padding(h)?, &h.digest(&[msg]))
            }
            _ => return Err(CryptoError::BadCombination("ECDSA scheme with an RSA key")),
        };
        r.map_err(|_| CryptoError::Backend("RSA sign"))
    }
    fn public_key_der(&self) -> Result<Vec<u8>> {
        self.0
            .to_public_key()
            .to_public_key_der()
            .map(|d| d.as_bytes().to_vec())
            .map_err(|_| CryptoError::Backend("RSA public key encoding"))
    }
}

#[derive(Debug)]
struct RsaVerifier(RsaPublicKey);

impl VerifyingKey for RsaVerifier {
    fn key_type(&self) -> KeyType {
        KeyType::Rsa(self.0.size() * 8)
    }
    fn verify(&self, scheme: SignatureScheme, msg: &[u8], sig: &[u8]) -> Result<()> {
        let r = match scheme {
            SignatureScheme::RsaPkcs1Raw => self.0.verify(Pkcs1v15Sign::new_unprefixed(), msg, sig),
            SignatureScheme::RsaPkcs1(h) => self.0.verify(pkcs1_padding(h), &h.digest(&[msg]), sig),
            SignatureScheme::RsaPss(h) => self.0.verify(pss_padding(h)?, &h.digest(&[msg]), sig),
            _ => return Err(CryptoError::BadSignature),
        };
        r.map_err(|_| CryptoError::BadSignature)
    }
}

/// ECDSA key of one curve; `$c` is the curve crate.
macro_rules! ecdsa_keys {
    ($signer:ident, $verifier:ident, $c:ident, $kt:expr) => {
        struct $signer($c::ecdsa::SigningKey);

        impl core::fmt::Debug for $signer {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(stringify!($signer))
            }
        }

        impl SigningKey for $signer {
            fn key_type(&self) -> KeyType {
                $kt
            }
            fn sign(
                &self,
                scheme: SignatureScheme,
                msg: &[u8],
                _rng: &dyn SecureRandom,
            ) -> Result<Vec<u8>> {
                use $c::ecdsa::signature::hazmat::PrehashSigner;
                // RFC 6979 deterministic nonces: no randomness needed.
                let (h, der) = match scheme {
                    SignatureScheme::EcdsaDer(h) => (h, true),
                    SignatureScheme::EcdsaFixed(h) => (h, false),
                    _ => return Err(CryptoError::BadCombination("RSA scheme with an EC key")),
                };
                let sig: $c::ecdsa::Signature = self
                    .0
                    .sign_prehash(&h.digest(&[msg]))
                    .map_err(|_| CryptoError::Backend("ECDSA sign"))?;
                Ok(if der {
                    sig.to_der().as_bytes().to_vec()
                } else {
                    sig.to_bytes().to_vec()
                })
            }
            fn public_key_der(&self) -> Result<Vec<u8>> {
                use $c::pkcs8::EncodePublicKey;
                let vk = $c::ecdsa::VerifyingKey::from(&self.0);
                let pk = $c::PublicKey::from_sec1_bytes(vk.to_encoded_point(false).as_bytes())
                    .map_err(|_| CryptoError::Backend("EC public key"))?;
                pk.to_public_key_der()
                    .map(|d| d.as_bytes().to_vec())
                    .map_err(|_| CryptoError::Backend("EC public key encoding"))
            }
        }

        struct $verifier($c::ecdsa::VerifyingKey);

        impl core::fmt::Debug for $verifier {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(stringify!($verifier))
            }
        }

        impl VerifyingKey for $verifier {
            fn key_type(&self) -> KeyType {
                $kt
            }
            fn verify(&self, scheme: SignatureScheme, msg: &[u8], sig: &[u8]) -> Result<()> {
                use $c::ecdsa::signature::hazmat::PrehashVerifier;
                let (h, sig) = match scheme {
                    SignatureScheme::EcdsaDer(h) => (h, $c::ecdsa::Signature::from_der(sig)),
                    SignatureScheme::EcdsaFixed(h) => (h, $c::ecdsa::Signature::from_slice(sig)),
                    _ => return Err(CryptoError::BadSignature),
                };
                let sig = sig.map_err(|_| CryptoError::BadSignature)?;
                self.0
                    .verify_prehash(&h.digest(&[msg]), &sig)
                    .map_err(|_| CryptoError::BadSignature)
            }
        }

        impl $signer {
            fn from_pkcs8(der: &[u8]) -> Option<Self> {
                use $c::pkcs8::DecodePrivateKey;
                let sk = $c::SecretKey::from_pkcs8_der(der).ok()?;
                $c::ecdsa::SigningKey::from_slice(&sk.to_bytes())
                    .ok()
                    .map($signer)
            }
        }

        impl $verifier {
            fn from_spki(der: &[u8]) -> Option<Self> {
                use $c::elliptic_curve::sec1::ToEncodedPoint;
                use $c::pkcs8::DecodePublicKey;
                let pk = $c::PublicKey::from_public_key_der(der).ok()?;
                $c::ecdsa::VerifyingKey::from_sec1_bytes(pk.to_encoded_point(false).as_bytes())
                    .ok()
                    .map($verifier)
            }
        }
    };
}

ecdsa_keys!(P256Signer, P256Verifier, p256, KeyType::EcP256);
ecdsa_keys!(P384Signer, P384Verifier, p384, KeyType::EcP384);
ecdsa_keys!(P521Signer, P521Verifier, p521, KeyType::EcP521);

impl SignatureBackend for RustCryptoSignatures {
    fn signing_key_pkcs8(&self, der: &[u8]) -> Result<Box<dyn SigningKey>> {
        if let Ok(k) = RsaPrivateKey::from_pkcs8_der(der) {
            return Ok(Box::new(RsaSigner(k)));
        }
        if let Some(k) = P256Signer::from_pkcs8(der) {
            return Ok(Box::new(k));
        }
        if let Some(k) = P384Signer::from_pkcs8(der) {
            return Ok(Box::new(k));
        }
        if let Some(k) = P521Signer::from_pkcs8(der) {
            return Ok(Box::new(k));
        }
        Err(malformed("PKCS#8 private key"))
    }
    fn verifying_key_spki(&self, der: &[u8]) -> Result<Box<dyn VerifyingKey>> {
        if let Ok(k) = RsaPublicKey::from_public_key_der(der) {
            return Ok(Box::new(RsaVerifier(k)));
        }
        if let Some(k) = P256Verifier::from_spki(der) {
            return Ok(Box::new(k));
        }
        if let Some(k) = P384Verifier::from_spki(der) {
            return Ok(Box::new(k));
        }
        if let Some(k) = P521Verifier::from_spki(der) {
            return Ok(Box::new(k));
        }
        Err(malformed("SubjectPublicKeyInfo"))
    }
    fn verifying_key_rsa_pkcs1(&self, der: &[u8]) -> Result<Box<dyn VerifyingKey>> {
        RsaPublicKey::from_pkcs1_der(der)
            .map(|k| Box::new(RsaVerifier(k)) as Box<dyn VerifyingKey>)
            .map_err(|_| malformed("PKCS#1 RSAPublicKey"))
    }
}
