//! Key exchange (RFC 7296 3.4, transform type 4): MODP, ECP, Curve25519/448.
//!
//! Every group validates the peer's public value as RFC 6989 requires and
//! returns [`crate::CryptoError::InvalidPublicValue`] otherwise.

mod ecp;
pub mod exponent;
mod limbs;
mod modexp;
mod modp;
#[cfg(target_arch = "x86_64")]
mod modp_avx2;
pub mod modp_params;
mod monty;
pub mod p256;
pub mod p521;
mod signed62;
mod window;
mod x25519;
mod x448;
pub(crate) mod xdh;

pub use self::x25519::X25519;
pub use self::x448::X448;
pub use ecp::EcpGroup;
pub use exponent::ExponentPolicy;
pub use modp::ModpGroup;

use crate::error::{CryptoError, Result};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;

/// Options that apply when a key exchange starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KxConfig {
    /// Length of MODP private exponents (see [`ExponentPolicy`]).
    pub modp_exponent: ExponentPolicy,
}

/// A key exchange method (one DH group).
pub trait KeyExchange: Send + Sync + core::fmt::Debug {
    /// IANA transform ID (type 4).
    fn id(&self) -> u16;
    /// Human-readable name.
    fn name(&self) -> &'static str;
    /// Length of the KE payload's Key Exchange Data (RFC 7296 3.4): the
    /// modulus length for MODP, x|y for ECP (RFC 5903 7), the u-coordinate
    /// for Curve25519/448 (RFC 8031 3).
    fn public_len(&self) -> usize;
    /// Length of the shared secret g^ir.
    fn shared_len(&self) -> usize;
    /// Generates a fresh private value and its public value.
    fn start(&self, rng: &dyn SecureRandom, cfg: &KxConfig) -> Result<Box<dyn ActiveKeyExchange>>;
    /// Starts from a given private value (big-endian exponent for MODP,
    /// the scalar for ECP, the RFC 7748 scalar string for X25519/X448).
    /// For known-answer tests and for callers that keep their own keys.
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>>;
    /// Validates a peer public value (RFC 6989) without computing anything
    /// secret.
    fn validate_public(&self, peer: &[u8]) -> Result<()>;
}

/// One side of a started key exchange: holds the private value (wiped on drop).
pub trait ActiveKeyExchange: Send + Sync + core::fmt::Debug {
    /// IANA group ID.
    fn group(&self) -> u16;
    /// Our public value, as carried in the KE payload.
    fn public(&self) -> &[u8];
    /// Validates the peer's public value and computes the shared secret
    /// (g^ir, RFC 7296 2.14: MODP padded to the modulus length; ECP the x
    /// coordinate only, RFC 5903 9; X25519/X448 the u-coordinate, with an
    /// all-zero result refused, RFC 8031 2).
    fn complete(&self, peer: &[u8]) -> Result<SecretBytes>;
}

pub(crate) fn bad_public(group: u16, reason: &'static str) -> CryptoError {
    CryptoError::InvalidPublicValue { group, reason }
}

pub(crate) fn check_public_len(group: u16, expected: usize, got: usize) -> Result<()> {
    if expected != got {
        return Err(bad_public(group, "wrong length"));
    }
    Ok(())
}

use crate::ids::group as g;
use modp_params as mp;

// Limb counts (64-bit) of the MODP primes.
const U768: usize = 768 / 64;
const U1024: usize = 1024 / 64;
const U1536: usize = 1536 / 64;
const U2048: usize = 2048 / 64;
const U3072: usize = 3072 / 64;
const U4096: usize = 4096 / 64;
const U6144: usize = 6144 / 64;
const U8192: usize = 8192 / 64;

/// MODP group 1 (768-bit; refused unless the provider allows it).
pub static MODP_768: ModpGroup<{ U768 }> =
    ModpGroup::new(g::MODP_768, "MODP768", mp::P1, mp::G1, None, 80);
/// MODP group 2.
pub static MODP_1024: ModpGroup<{ U1024 }> =
    ModpGroup::new(g::MODP_1024, "MODP1024", mp::P2, mp::G2, None, 80);
/// MODP group 5.
pub static MODP_1536: ModpGroup<{ U1536 }> =
    ModpGroup::new(g::MODP_1536, "MODP1536", mp::P5, mp::G5, None, 96);
/// MODP group 14.
pub static MODP_2048: ModpGroup<{ U2048 }> =
    ModpGroup::new(g::MODP_2048, "MODP2048", mp::P14, mp::G14, None, 112);
/// MODP group 15.
pub static MODP_3072: ModpGroup<{ U3072 }> =
    ModpGroup::new(g::MODP_3072, "MODP3072", mp::P15, mp::G15, None, 128);
/// MODP group 16.
pub static MODP_4096: ModpGroup<{ U4096 }> =
    ModpGroup::new(g::MODP_4096, "MODP4096", mp::P16, mp::G16, None, 152);
/// MODP group 17.
pub static MODP_6144: ModpGroup<{ U6144 }> =
    ModpGroup::new(g::MODP_6144, "MODP6144", mp::P17, mp::G17, None, 176);
/// MODP group 18.
pub static MODP_8192: ModpGroup<{ U8192 }> =
    ModpGroup::new(g::MODP_8192, "MODP8192", mp::P18, mp::G18, None, 200);
/// MODP group 22 (RFC 5114 2.1, 160-bit subgroup).
pub static MODP_1024_160: ModpGroup<{ U1024 }> = ModpGroup::new(
    g::MODP_1024_160,
    "DH22",
    mp::P22,
    mp::G22,
    Some(mp::Q22),
    80,
);
/// MODP group 23 (RFC 5114 2.2, 224-bit subgroup).
pub static MODP_2048_224: ModpGroup<{ U2048 }> = ModpGroup::new(
    g::MODP_2048_224,
    "DH23",
    mp::P23,
    mp::G23,
    Some(mp::Q23),
    112,
);
/// MODP group 24 (RFC 5114 2.3, 256-bit subgroup).
pub static MODP_2048_256: ModpGroup<{ U2048 }> = ModpGroup::new(
    g::MODP_2048_256,
    "DH24",
    mp::P24,
    mp::G24,
    Some(mp::Q24),
    112,
);
/// ECP group 19 (P-256).
pub static ECP_256: EcpGroup = EcpGroup::P256;
/// ECP group 20 (P-384).
pub static ECP_384: EcpGroup = EcpGroup::P384;
/// ECP group 21 (P-521).
pub static ECP_521: EcpGroup = EcpGroup::P521;
/// Curve25519 (group 31).
pub static CURVE25519: X25519 = X25519;
/// Curve448 (group 32).
pub static CURVE448: X448 = X448;

/// Every key exchange of the pure-Rust provider.
pub static ALL: &[&dyn KeyExchange] = &[
    &MODP_768,
    &MODP_1024,
    &MODP_1536,
    &MODP_2048,
    &MODP_3072,
    &MODP_4096,
    &MODP_6144,
    &MODP_8192,
    &MODP_1024_160,
    &MODP_2048_224,
    &MODP_2048_256,
    &ECP_256,
    &ECP_384,
    &ECP_521,
    &CURVE25519,
    &CURVE448,
];
