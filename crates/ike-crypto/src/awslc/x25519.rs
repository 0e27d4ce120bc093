//! Curve25519 (group 31, RFC 8031) on aws-lc's X25519 ([`super::ffi::x25519`]).

use super::ffi::x25519::{self as ffi, LEN};
use crate::error::Result;
use crate::kx::xdh::XdhActive;
use crate::kx::{ActiveKeyExchange, KeyExchange, KxConfig};
use crate::random::SecureRandom;
use zeroize::Zeroizing;

/// Group 31 computed by aws-lc.
#[derive(Debug, Clone, Copy)]
pub struct AwsX25519;

/// Group 31.
pub static CURVE25519: AwsX25519 = AwsX25519;

impl KeyExchange for AwsX25519 {
    fn id(&self) -> u16 {
        crate::kx::CURVE25519.id()
    }
    fn name(&self) -> &'static str {
        crate::kx::CURVE25519.name()
    }
    fn public_len(&self) -> usize {
        LEN
    }
    fn shared_len(&self) -> usize {
        LEN
    }
    fn start(&self, rng: &dyn SecureRandom, _cfg: &KxConfig) -> Result<Box<dyn ActiveKeyExchange>> {
        // RFC 7748 6.1: 32 random octets (clamped inside X25519()).
        let mut k = Zeroizing::new([0u8; LEN]);
        rng.fill(&mut k[..])?;
        self.start_with_private(&k[..])
    }
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        XdhActive::start(
            crate::kx::CURVE25519.id(),
            "X25519 private key",
            private,
            ffi::public_from_private,
            // X25519() reports an all-zero result as a failure; XdhActive
            // refuses the all-zero value (RFC 8031 2) either way.
            |k, u| ffi::shared(k, u).unwrap_or([0u8; LEN]),
            "all-zero shared secret",
        )
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        crate::kx::CURVE25519.validate_public(peer)
    }
}
