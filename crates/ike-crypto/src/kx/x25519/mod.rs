//! Curve25519 key exchange for IKEv2 (RFC 8031, RFC 7748).
//!
//! Key generation uses curve25519-dalek's precomputed basepoint table; the
//! shared secret goes through edwards25519 when the peer's u allows it
//! (`derive.rs`), which is where the speed is.

mod derive;
mod field;
mod safegcd;

use curve25519_dalek::montgomery::MontgomeryPoint;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{check_public_len, ActiveKeyExchange, KeyExchange, KxConfig};
use crate::error::{CryptoError, Result};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;

/// Group 31.
#[derive(Debug, Clone, Copy)]
pub struct X25519;

const ID: u16 = crate::ids::group::CURVE25519;

impl KeyExchange for X25519 {
    fn id(&self) -> u16 {
        ID
    }
    fn name(&self) -> &'static str {
        "DH31"
    }
    fn public_len(&self) -> usize {
        32
    }
    fn shared_len(&self) -> usize {
        32
    }
    fn start(&self, rng: &dyn SecureRandom, _cfg: &KxConfig) -> Result<Box<dyn ActiveKeyExchange>> {
        let mut k = Zeroizing::new([0u8; 32]);
        rng.fill(k.as_mut())?;
        self.start_with_private(k.as_ref())
    }
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        let k: [u8; 32] = private.try_into().map_err(|_| CryptoError::BadLength {
            what: "X25519 private key",
            expected: 32,
            got: private.len(),
        })?;
        let secret = Zeroizing::new(k);
        // RFC 7748 6.1: the public key is X25519(k, 9), here from the
        // basepoint table (edwards25519 fixed-base multiplication).
        let public = MontgomeryPoint::mul_base_clamped(*secret)
            .to_bytes()
            .to_vec();
        Ok(Box::new(X25519Active { secret, public }))
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        // RFC 8031 2: any 32 octets are a valid u-coordinate (the high bit
        // is masked); the all-zero *result* is what is refused.
        check_public_len(ID, 32, peer.len())
    }
}

struct X25519Active {
    /// The RFC 7748 scalar string as given (clamped when used).
    secret: Zeroizing<[u8; 32]>,
    public: Vec<u8>,
}

impl core::fmt::Debug for X25519Active {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("X25519Active")
    }
}

impl ActiveKeyExchange for X25519Active {
    fn group(&self) -> u16 {
        ID
    }
    fn public(&self) -> &[u8] {
        &self.public
    }
    fn complete(&self, peer: &[u8]) -> Result<SecretBytes> {
        check_public_len(ID, 32, peer.len())?;
        let mut u = [0u8; 32];
        u.copy_from_slice(peer);
        let shared = Zeroizing::new(derive::x25519(&self.secret, &u));
        // RFC 8031 2 / RFC 7748 6.1: MUST check for the all-zero value
        // (a low-order peer point); compared in constant time.
        if bool::from(shared.ct_eq(&[0u8; 32])) {
            return Err(CryptoError::InvalidSharedSecret {
                group: ID,
                reason: "all-zero X25519 output (low-order point)",
            });
        }
        Ok(SecretBytes::from_slice(shared.as_ref()))
    }
}
