//! P-521 ECDH for IKE group 21 (RFC 5903), pure Rust and constant time.
//!
//! Field: GF(2^521 - 1) in nine 58-bit limbs with lazy carries ([`field`]);
//! points in Jacobian coordinates with the a = -3 doubling; scalar
//! multiplication with a signed odd 5-bit window (`ladder`, on the
//! shared `kx::window`), and for the public key d G the same window over
//! a table of G's multiples built once, which leaves out the doublings;
//! the peer's point checked as RFC 6989 2.3 requires. OpenSSL's
//! `ecp_nistp521.c` was the model; this is a fresh implementation.
//!
//! On x86-64 CPUs with AVX2 the variable-base scalar multiplication of
//! [`SecretScalar::diffie_hellman`] (and its final inversion) runs on a
//! radix-2^29 AVX2 field instead (`avx2/`, about 1.35x faster); the scalar
//! code above is the fallback, the fixed-base public key's path, and the
//! reference the AVX2 tests compare against.
//!
//! ```
//! use ike_crypto::kx::p521::{PublicPoint, SecretScalar};
//! let mut a = [0u8; 66];
//! a[65] = 7;
//! let mut b = [0u8; 66];
//! b[65] = 11;
//! let a = SecretScalar::from_bytes(&a).unwrap();
//! let b = SecretScalar::from_bytes(&b).unwrap();
//! let ab = a.diffie_hellman(&b.public_key());
//! let ba = b.diffie_hellman(&a.public_key());
//! assert_eq!(*ab, *ba);
//! let back = PublicPoint::from_bytes(&a.public_key().to_bytes()).unwrap();
//! assert_eq!(back.to_bytes(), a.public_key().to_bytes());
//! ```

#[cfg(target_arch = "x86_64")]
mod avx2;
pub mod field;
mod ladder;
mod point;
mod scalar;
#[cfg(test)]
mod tests;
mod u576;

pub use field::FieldElement;
pub use u576::LIMBS;

use point::Affine;
use zeroize::Zeroizing;

/// Octets of a coordinate, a scalar and the shared secret (RFC 5903 6).
pub const FIELD_BYTES: usize = u576::BYTES;
/// Octets of a public value x | y (RFC 5903 7).
pub const POINT_BYTES: usize = 2 * FIELD_BYTES;

/// A public value: a point on the curve, not the point at infinity.
#[derive(Clone, Copy)]
pub struct PublicPoint(Affine);

impl core::fmt::Debug for PublicPoint {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "PublicPoint({:02x?})", &self.to_bytes()[..8])
    }
}

impl PublicPoint {
    /// From x | y (132 octets). `None` for a wrong length, a coordinate
    /// not below p, or a point not on the curve (RFC 6989 2.3; the point at
    /// infinity has no such encoding, RFC 5903 7).
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != POINT_BYTES {
            return None;
        }
        Affine::decode(bytes).map(PublicPoint)
    }

    /// x | y, 132 octets.
    pub fn to_bytes(&self) -> [u8; POINT_BYTES] {
        self.0.encode()
    }
}

/// A private scalar d, 0 < d < n. Wiped on drop.
pub struct SecretScalar(scalar::Scalar);

impl core::fmt::Debug for SecretScalar {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SecretScalar(..)")
    }
}

impl SecretScalar {
    /// From 66 big-endian octets; `None` unless the length is 66 and
    /// 0 < d < n.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        scalar::Scalar::from_bytes(bytes).map(SecretScalar)
    }

    /// d G.
    pub fn public_key(&self) -> PublicPoint {
        PublicPoint(ladder::mul_g(&self.0).to_affine())
    }

    /// The x coordinate of d Q, 66 octets (RFC 5903 9). Never the point
    /// at infinity: Q has prime order n and 0 < d < n.
    pub fn diffie_hellman(&self, peer: &PublicPoint) -> Zeroizing<[u8; FIELD_BYTES]> {
        // The AVX2 path when the CPU has it (the same value, see avx2/tests.rs).
        #[cfg(target_arch = "x86_64")]
        if let Some(x) = avx2::mul_affine_x(&peer.0, &self.0) {
            return Zeroizing::new(x.to_bytes());
        }
        Zeroizing::new(ladder::mul(&peer.0, &self.0).affine_x().to_bytes())
    }
}
