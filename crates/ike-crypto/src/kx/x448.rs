//! Curve448 key exchange for IKEv2 (RFC 8031, RFC 7748).

use super::{check_public_len, ActiveKeyExchange, KeyExchange, KxConfig};
use crate::error::{CryptoError, Result};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;

/// Group 32.
#[derive(Debug, Clone, Copy)]
pub struct X448;

const ID: u16 = crate::ids::group::CURVE448;

impl KeyExchange for X448 {
    fn id(&self) -> u16 {
        ID
    }
    fn name(&self) -> &'static str {
        "DH32"
    }
    fn public_len(&self) -> usize {
        56
    }
    fn shared_len(&self) -> usize {
        56
    }
    fn start(&self, rng: &dyn SecureRandom, _cfg: &KxConfig) -> Result<Box<dyn ActiveKeyExchange>> {
        let mut k = zeroize::Zeroizing::new([0u8; 56]);
        rng.fill(k.as_mut())?;
        self.start_with_private(k.as_ref())
    }
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        let k: [u8; 56] = private.try_into().map_err(|_| CryptoError::BadLength {
            what: "X448 private key",
            expected: 56,
            got: private.len(),
        })?;
        let public = x448::x448_unchecked(k, x448::X448_BASEPOINT_BYTES).to_vec();
        Ok(Box::new(X448Active {
            k: zeroize::Zeroizing::new(k),
            public,
        }))
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        check_public_len(ID, 56, peer.len())
    }
}

struct X448Active {
    k: zeroize::Zeroizing<[u8; 56]>,
    public: Vec<u8>,
}

impl core::fmt::Debug for X448Active {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("X448Active")
    }
}

impl ActiveKeyExchange for X448Active {
    fn group(&self) -> u16 {
        ID
    }
    fn public(&self) -> &[u8] {
        &self.public
    }
    fn complete(&self, peer: &[u8]) -> Result<SecretBytes> {
        check_public_len(ID, 56, peer.len())?;
        let mut p = [0u8; 56];
        p.copy_from_slice(peer);
        let mut shared = x448::x448_unchecked(*self.k, p);
        // RFC 8031 2 / RFC 7748 6.2: refuse the all-zero output.
        if shared.iter().all(|&b| b == 0) {
            return Err(CryptoError::InvalidSharedSecret {
                group: ID,
                reason: "all-zero X448 output (low-order point)",
            });
        }
        let out = SecretBytes::from_slice(&shared);
        zeroize::Zeroize::zeroize(&mut shared);
        Ok(out)
    }
}
