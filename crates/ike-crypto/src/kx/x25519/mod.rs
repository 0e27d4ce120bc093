//! Curve25519 key exchange for IKEv2 (RFC 8031, RFC 7748).
//!
//! Key generation uses curve25519-dalek's precomputed basepoint table. The
//! shared secret runs on our 4-way AVX2 Montgomery ladder (`avx2/`) when
//! the CPU has AVX2; elsewhere it goes through edwards25519 when the
//! peer's u allows it (`derive.rs`).

#[cfg(target_arch = "x86_64")]
mod avx2;
mod derive;
#[cfg(target_arch = "x86_64")]
mod fe51;
mod field;
mod safegcd;

use curve25519_dalek::montgomery::MontgomeryPoint;
use zeroize::Zeroizing;

use super::xdh::XdhActive;
use super::{check_public_len, ActiveKeyExchange, KeyExchange, KxConfig};
use crate::error::Result;
use crate::random::SecureRandom;

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
        XdhActive::start(
            ID,
            "X25519 private key",
            private,
            // RFC 7748 6.1: the public key is X25519(k, 9), here from the
            // basepoint table (edwards25519 fixed-base multiplication).
            |k| MontgomeryPoint::mul_base_clamped(*k).to_bytes(),
            derive::x25519,
            "all-zero X25519 output (low-order point)",
        )
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        // RFC 8031 2: any 32 octets are a valid u-coordinate (the high bit
        // is masked); the all-zero *result* is what is refused.
        check_public_len(ID, 32, peer.len())
    }
}
