//! ECP groups 19/20/21 (RFC 5903): KE data is x | y, the shared secret is x.

use super::p521;
use super::{bad_public, check_public_len, ActiveKeyExchange, KeyExchange, KxConfig};
use crate::error::{CryptoError, Result};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;

/// One of the NIST prime curves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EcpGroup {
    /// secp256r1, group 19
    P256,
    /// secp384r1, group 20
    P384,
    /// secp521r1, group 21
    P521,
}

impl EcpGroup {
    /// Field element length in octets.
    pub fn field_len(self) -> usize {
        match self {
            EcpGroup::P256 => 32,
            EcpGroup::P384 => 48,
            EcpGroup::P521 => 66,
        }
    }
}

/// Runs `$body` with `$c` bound to the RustCrypto curve crate of `$g`
/// (P-256, P-384), or `$p521` for P-521, which has its own implementation
/// (`super::p521`: the `p521` crate's ECDH is ~2x OpenSSL's time).
macro_rules! with_curve {
    ($g:expr, $c:ident, $body:block, p521 => $p521:expr) => {
        match $g {
            EcpGroup::P256 => {
                use p256 as $c;
                $body
            }
            EcpGroup::P384 => {
                use p384 as $c;
                $body
            }
            EcpGroup::P521 => $p521,
        }
    };
}

/// RFC 6989 2.3 / RFC 5903 7: the point must decode (coordinates in range)
/// and lie on the curve; the point at infinity cannot be encoded as x|y.
fn sec1(peer: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(peer.len() + 1);
    v.push(0x04);
    v.extend_from_slice(peer);
    v
}

/// A P-521 private scalar, 0 < d < n (the error `start` retries on).
fn p521_scalar(private: &[u8]) -> Result<p521::SecretScalar> {
    p521::SecretScalar::from_bytes(private).ok_or(CryptoError::BadLength {
        what: "ECP private scalar (0 < d < n)",
        expected: p521::FIELD_BYTES,
        got: private.len(),
    })
}

/// A P-521 public value, checked as RFC 6989 2.3 requires.
fn p521_point(peer: &[u8]) -> Result<p521::PublicPoint> {
    p521::PublicPoint::from_bytes(peer)
        .ok_or_else(|| bad_public(ECP_521_ID, "not a point on the curve"))
}

const ECP_521_ID: u16 = crate::ids::group::ECP_521;

impl KeyExchange for EcpGroup {
    fn id(&self) -> u16 {
        match self {
            EcpGroup::P256 => crate::ids::group::ECP_256,
            EcpGroup::P384 => crate::ids::group::ECP_384,
            EcpGroup::P521 => crate::ids::group::ECP_521,
        }
    }
    fn name(&self) -> &'static str {
        match self {
            EcpGroup::P256 => "DH19",
            EcpGroup::P384 => "DH20",
            EcpGroup::P521 => "DH21",
        }
    }
    fn public_len(&self) -> usize {
        2 * self.field_len()
    }
    fn shared_len(&self) -> usize {
        self.field_len()
    }
    fn start(&self, rng: &dyn SecureRandom, _cfg: &KxConfig) -> Result<Box<dyn ActiveKeyExchange>> {
        let mut buf = zeroize::Zeroizing::new(vec![0u8; self.field_len()]);
        // Rejection sampling of the scalar (FIPS 186-4 B.4.2 style); for
        // P-521 the top 7 bits are cleared first so acceptance is ~50%.
        loop {
            rng.fill(&mut buf)?;
            if *self == EcpGroup::P521 {
                buf[0] &= 0x01;
            }
            match self.start_with_private(&buf) {
                Ok(a) => return Ok(a),
                Err(CryptoError::BadLength { .. }) => continue,
                Err(e) => return Err(e),
            }
        }
    }
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        let group = *self;
        with_curve!(group, c, {
            use c::elliptic_curve::sec1::ToEncodedPoint;
            let sk = c::SecretKey::from_slice(private).map_err(|_| CryptoError::BadLength {
                what: "ECP private scalar (0 < d < n)",
                expected: group.field_len(),
                got: private.len(),
            })?;
            let pt = sk.public_key().to_encoded_point(false);
            let public = pt.as_bytes().get(1..).unwrap_or_default().to_vec();
            Ok(Box::new(EcpActive {
                group,
                scalar: zeroize::Zeroizing::new(sk.to_bytes().to_vec()),
                public,
            }))
        }, p521 => {
            let sk = p521_scalar(private)?;
            Ok(Box::new(EcpActive {
                group,
                scalar: zeroize::Zeroizing::new(private.to_vec()),
                public: sk.public_key().to_bytes().to_vec(),
            }))
        })
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        check_public_len(self.id(), self.public_len(), peer.len())?;
        with_curve!(*self, c, {
            c::PublicKey::from_sec1_bytes(&sec1(peer))
                .map(|_| ())
                .map_err(|_| bad_public(self.id(), "not a point on the curve"))
        }, p521 => p521_point(peer).map(|_| ()))
    }
}

/// A started ECP exchange.
struct EcpActive {
    group: EcpGroup,
    scalar: zeroize::Zeroizing<Vec<u8>>,
    public: Vec<u8>,
}

impl core::fmt::Debug for EcpActive {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "EcpActive({:?})", self.group)
    }
}

impl ActiveKeyExchange for EcpActive {
    fn group(&self) -> u16 {
        self.group.id()
    }
    fn public(&self) -> &[u8] {
        &self.public
    }
    fn complete(&self, peer: &[u8]) -> Result<SecretBytes> {
        let group = self.group;
        check_public_len(group.id(), group.public_len(), peer.len())?;
        with_curve!(group, c, {
            let pk = c::PublicKey::from_sec1_bytes(&sec1(peer))
                .map_err(|_| bad_public(group.id(), "not a point on the curve"))?;
            let sk = c::SecretKey::from_slice(&self.scalar)
                .map_err(|_| CryptoError::Backend("ECP scalar"))?;
            let shared =
                c::elliptic_curve::ecdh::diffie_hellman(sk.to_nonzero_scalar(), pk.as_affine());
            Ok(SecretBytes::from_slice(shared.raw_secret_bytes()))
        }, p521 => {
            let pk = p521_point(peer)?;
            let sk = p521_scalar(&self.scalar).map_err(|_| CryptoError::Backend("ECP scalar"))?;
            Ok(SecretBytes::from_slice(sk.diffie_hellman(&pk).as_slice()))
        })
    }
}
