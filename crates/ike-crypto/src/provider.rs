//! The algorithm registry: tables of trait objects looked up by IANA ID,
//! after rustls's `CryptoProvider`.

use crate::encr::Encryption;
use crate::error::{AlgKind, CryptoError, Result};
use crate::integ::Integrity;
use crate::kx::{ActiveKeyExchange, KeyExchange, KxConfig};
use crate::prf::Prf;
use crate::random::SecureRandom;
use crate::sig::SignatureBackend;

/// A set of algorithm implementations plus the random source and policy.
/// Cheap to clone (the tables are static slices).
#[derive(Debug, Clone)]
pub struct CryptoProvider {
    /// Provider name ("rustcrypto", "aws-lc").
    pub name: &'static str,
    /// Transform type 2.
    pub prfs: &'static [&'static dyn Prf],
    /// Transform type 3.
    pub integrity: &'static [&'static dyn Integrity],
    /// Transform type 1, one entry per (ID, key length).
    pub encryption: &'static [&'static dyn Encryption],
    /// Transform type 4.
    pub key_exchanges: &'static [&'static dyn KeyExchange],
    /// Signature operations (RSA, ECDSA).
    pub signatures: &'static dyn SignatureBackend,
    /// Where nonces, SPIs, IVs and private values come from.
    pub random: &'static dyn SecureRandom,
    /// Key exchange options (MODP exponent length).
    pub kx_config: KxConfig,
    /// Whether MODP group 1 (768-bit) may be used (RFC 8247 2.4: MUST NOT).
    pub allow_modp768: bool,
}

impl CryptoProvider {
    /// The PRF with this transform ID.
    pub fn prf(&self, id: u16) -> Result<&'static dyn Prf> {
        self.prfs
            .iter()
            .copied()
            .find(|p| p.id() == id)
            .ok_or(CryptoError::UnknownAlgorithm {
                kind: AlgKind::Prf,
                id,
            })
    }

    /// The integrity algorithm with this transform ID.
    pub fn integrity(&self, id: u16) -> Result<&'static dyn Integrity> {
        self.integrity
            .iter()
            .copied()
            .find(|p| p.id() == id)
            .ok_or(CryptoError::UnknownAlgorithm {
                kind: AlgKind::Integrity,
                id,
            })
    }

    /// The encryption algorithm with this transform ID and Key Length
    /// attribute (`None` when the proposal carried none; ciphers that
    /// require one, such as AES, then fail).
    pub fn encryption(&self, id: u16, key_bits: Option<u16>) -> Result<&'static dyn Encryption> {
        let mut known = false;
        for e in self.encryption.iter().copied() {
            if e.id() == id {
                known = true;
                if e.key_bits() == key_bits {
                    return Ok(e);
                }
            }
        }
        if known {
            let name = self
                .encryption
                .iter()
                .find(|e| e.id() == id)
                .map(|e| e.name())
                .unwrap_or("cipher");
            Err(CryptoError::BadKeyLength {
                what: name,
                bits: key_bits.unwrap_or(0),
            })
        } else {
            Err(CryptoError::UnknownAlgorithm {
                kind: AlgKind::Encryption,
                id,
            })
        }
    }

    /// The key exchange method with this transform ID (group 1 only when
    /// allowed).
    pub fn key_exchange(&self, id: u16) -> Result<&'static dyn KeyExchange> {
        if id == crate::ids::group::MODP_768 && !self.allow_modp768 {
            return Err(CryptoError::Disabled {
                kind: AlgKind::KeyExchange,
                id,
            });
        }
        self.key_exchanges
            .iter()
            .copied()
            .find(|p| p.id() == id)
            .ok_or(CryptoError::UnknownAlgorithm {
                kind: AlgKind::KeyExchange,
                id,
            })
    }

    /// Starts a key exchange in `group` with this provider's random source
    /// and policy.
    pub fn start_key_exchange(&self, group: u16) -> Result<Box<dyn ActiveKeyExchange>> {
        self.key_exchange(group)?
            .start(self.random, &self.kx_config)
    }

    /// Fills `buf` from the provider's random source (nonces, SPIs).
    pub fn fill_random(&self, buf: &mut [u8]) -> Result<()> {
        self.random.fill(buf)
    }

    /// The same provider with another random source (tests).
    pub fn with_random(mut self, random: &'static dyn SecureRandom) -> Self {
        self.random = random;
        self
    }

    /// The same provider with another key exchange configuration.
    pub fn with_kx_config(mut self, cfg: KxConfig) -> Self {
        self.kx_config = cfg;
        self
    }

    /// The same provider with MODP group 1 allowed or refused.
    pub fn with_modp768(mut self, allow: bool) -> Self {
        self.allow_modp768 = allow;
        self
    }
}

/// The pure-Rust provider (RustCrypto crates), OS randomness, NIST
/// exponent policy, group 1 refused.
pub fn rustcrypto() -> CryptoProvider {
    CryptoProvider {
        name: "rustcrypto",
        prfs: crate::prf::ALL,
        integrity: crate::integ::ALL,
        encryption: crate::encr::ALL,
        key_exchanges: crate::kx::ALL,
        signatures: &crate::sig::RUSTCRYPTO,
        random: &crate::random::OsRandom,
        kx_config: KxConfig::default(),
        allow_modp768: false,
    }
}

/// The default provider: aws-lc when the `aws-lc` feature is on, else
/// the pure-Rust one.
pub fn default_provider() -> CryptoProvider {
    #[cfg(feature = "aws-lc")]
    {
        crate::awslc::provider()
    }
    #[cfg(not(feature = "aws-lc"))]
    {
        rustcrypto()
    }
}

/// Every provider compiled in (tests run over all of them).
pub fn all_providers() -> Vec<CryptoProvider> {
    #[allow(unused_mut)]
    let mut v = vec![rustcrypto()];
    #[cfg(feature = "aws-lc")]
    v.push(crate::awslc::provider());
    v
}
