//! ECP groups 19/20/21 (RFC 5903): KE data is x | y, the shared secret is x.

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

/// Runs `$own` with `$o` bound to our own curve module (`super::p256`,
/// `super::p521`: the RustCrypto crates' ECDH takes 2.6x and 2x OpenSSL's
/// time there), or `$body` with `$c` bound to the `p384` crate, which is
/// faster than OpenSSL's generic P-384 code already.
macro_rules! with_curve {
    ($g:expr, $c:ident, $body:block, own $o:ident => $own:block) => {
        match $g {
            EcpGroup::P256 => {
                use super::p256 as $o;
                $own
            }
            EcpGroup::P384 => {
                use p384 as $c;
                $body
            }
            EcpGroup::P521 => {
                use super::p521 as $o;
                $own
            }
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

/// The error `start` retries on: a private scalar not in 0 < d < n.
fn bad_scalar(group: EcpGroup, got: usize) -> CryptoError {
    CryptoError::BadLength {
        what: "ECP private scalar (0 < d < n)",
        expected: group.field_len(),
        got,
    }
}

/// RFC 6989 2.3: coordinates below p, on the curve.
fn not_on_curve(group: EcpGroup) -> CryptoError {
    bad_public(group.id(), "not a point on the curve")
}

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
            let sk = c::SecretKey::from_slice(private)
                .map_err(|_| bad_scalar(group, private.len()))?;
            let pt = sk.public_key().to_encoded_point(false);
            let public = pt.as_bytes().get(1..).unwrap_or_default().to_vec();
            Ok(Box::new(EcpActive {
                group,
                scalar: zeroize::Zeroizing::new(sk.to_bytes().to_vec()),
                public,
            }))
        }, own o => {
            let sk = o::SecretScalar::from_bytes(private)
                .ok_or_else(|| bad_scalar(group, private.len()))?;
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
                .map_err(|_| not_on_curve(*self))
        }, own o => {
            o::PublicPoint::from_bytes(peer)
                .map(|_| ())
                .ok_or_else(|| not_on_curve(*self))
        })
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
                .map_err(|_| not_on_curve(group))?;
            let sk = c::SecretKey::from_slice(&self.scalar)
                .map_err(|_| CryptoError::Backend("ECP scalar"))?;
            let shared =
                c::elliptic_curve::ecdh::diffie_hellman(sk.to_nonzero_scalar(), pk.as_affine());
            Ok(SecretBytes::from_slice(shared.raw_secret_bytes()))
        }, own o => {
            let pk = o::PublicPoint::from_bytes(peer).ok_or_else(|| not_on_curve(group))?;
            let sk = o::SecretScalar::from_bytes(&self.scalar)
                .ok_or(CryptoError::Backend("ECP scalar"))?;
            Ok(SecretBytes::from_slice(sk.diffie_hellman(&pk).as_slice()))
        })
    }
}
