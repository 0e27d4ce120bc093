//! Curve448 key exchange for IKEv2 (RFC 8031, RFC 7748), group 32.
//!
//! Our own constant-time X448: `field` (GF(2^448 - 2^224 - 1) in 8 limbs of
//! 56 bits), `mul` (Karatsuba on the golden-ratio prime, a dedicated
//! squaring), `invert` (Fermat by an addition chain), `ladder` (RFC 7748 5).
//! Used by both providers (aws-lc has no Curve448).
#![forbid(unsafe_code)]

mod field;
mod invert;
mod ladder;
mod mul;
#[cfg(test)]
mod tests;

use super::{check_public_len, ActiveKeyExchange, KeyExchange, KxConfig};
use crate::error::{CryptoError, Result};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Group 32.
#[derive(Debug, Clone, Copy)]
pub struct X448;

const ID: u16 = crate::ids::group::CURVE448;
const LEN: usize = 56;

/// The base point's u-coordinate, 5 (RFC 7748 4.2), encoded.
const BASEPOINT: [u8; LEN] = {
    let mut b = [0u8; LEN];
    b[0] = 5;
    b
};

impl KeyExchange for X448 {
    fn id(&self) -> u16 {
        ID
    }
    fn name(&self) -> &'static str {
        "DH32"
    }
    fn public_len(&self) -> usize {
        LEN
    }
    fn shared_len(&self) -> usize {
        LEN
    }
    fn start(&self, rng: &dyn SecureRandom, _cfg: &KxConfig) -> Result<Box<dyn ActiveKeyExchange>> {
        let mut k = Zeroizing::new([0u8; LEN]);
        rng.fill(k.as_mut())?;
        self.start_with_private(k.as_ref())
    }
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        let k: [u8; LEN] = private.try_into().map_err(|_| CryptoError::BadLength {
            what: "X448 private key",
            expected: LEN,
            got: private.len(),
        })?;
        let k = Zeroizing::new(k);
        // RFC 8031 2 / RFC 7748 6.2: the public value is X448(k, 5).
        let public = ladder::x448(&k, &BASEPOINT).to_vec();
        Ok(Box::new(X448Active { k, public }))
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        // RFC 8031 2: any 56 octets are a u-coordinate (values >= p are
        // reduced, RFC 7748 5); the all-zero *result* is what is refused.
        check_public_len(ID, LEN, peer.len())
    }
}

struct X448Active {
    k: Zeroizing<[u8; LEN]>,
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
        check_public_len(ID, LEN, peer.len())?;
        let mut u = [0u8; LEN];
        u.copy_from_slice(peer);
        let shared = Zeroizing::new(ladder::x448(&self.k, &u));
        // RFC 8031 2 / RFC 7748 6.2: refuse the all-zero output (a peer
        // value of small order). Compared in constant time; only the
        // verdict, which the peer learns anyway, leaves.
        if bool::from(shared.ct_eq(&[0u8; LEN])) {
            return Err(CryptoError::InvalidSharedSecret {
                group: ID,
                reason: "all-zero X448 output (low-order point)",
            });
        }
        Ok(SecretBytes::from_slice(shared.as_ref()))
    }
}
