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

use super::xdh::XdhActive;
use super::{check_public_len, ActiveKeyExchange, KeyExchange, KxConfig};
use crate::error::Result;
use crate::random::SecureRandom;
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
        XdhActive::start(
            ID,
            "X448 private key",
            private,
            // RFC 8031 2 / RFC 7748 6.2: the public value is X448(k, 5).
            |k| ladder::x448(k, &BASEPOINT),
            ladder::x448,
            "all-zero X448 output (low-order point)",
        )
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        // RFC 8031 2: any 56 octets are a u-coordinate (values >= p are
        // reduced, RFC 7748 5); the all-zero *result* is what is refused.
        check_public_len(ID, LEN, peer.len())
    }
}
