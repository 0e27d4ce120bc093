//! Curve25519 (group 31, RFC 8031) on aws-lc's X25519 ([`super::ffi::x25519`]).

use super::ffi::x25519::{self as ffi, LEN};
use crate::error::{CryptoError, Result};
use crate::kx::{check_public_len, ActiveKeyExchange, KeyExchange, KxConfig};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;
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
        Ok(active(k))
    }
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        let k: [u8; LEN] = private.try_into().map_err(|_| CryptoError::BadLength {
            what: "X25519 private key",
            expected: LEN,
            got: private.len(),
        })?;
        Ok(active(Zeroizing::new(k)))
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        crate::kx::CURVE25519.validate_public(peer)
    }
}

fn active(private: Zeroizing<[u8; LEN]>) -> Box<dyn ActiveKeyExchange> {
    let public = ffi::public_from_private(&private);
    Box::new(AwsX25519Active { private, public })
}

struct AwsX25519Active {
    private: Zeroizing<[u8; LEN]>,
    public: [u8; LEN],
}

impl core::fmt::Debug for AwsX25519Active {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("AwsX25519Active")
    }
}

impl ActiveKeyExchange for AwsX25519Active {
    fn group(&self) -> u16 {
        crate::kx::CURVE25519.id()
    }
    fn public(&self) -> &[u8] {
        &self.public
    }
    fn complete(&self, peer: &[u8]) -> Result<SecretBytes> {
        let id = self.group();
        check_public_len(id, LEN, peer.len())?;
        let mut u = [0u8; LEN];
        u.copy_from_slice(peer);
        // RFC 8031 2 / RFC 7748 6.1: an all-zero result is refused.
        let mut s = ffi::shared(&self.private, &u).ok_or(CryptoError::InvalidSharedSecret {
            group: id,
            reason: "all-zero shared secret",
        })?;
        let out = SecretBytes::from_slice(&s);
        zeroize::Zeroize::zeroize(&mut s);
        Ok(out)
    }
}
