//! ECDH P-256/384/521 (groups 19-21) on aws-lc-rs. The private key is
//! parsed once at start and reused by `agreement::agree` (it borrows it),
//! so `complete` does the peer point's decoding and on-curve check (RFC
//! 6989 2.3, done by aws-lc while parsing) and the scalar multiplication.

use crate::error::{CryptoError, Result};
use crate::kx::{check_public_len, ActiveKeyExchange, KeyExchange, KxConfig};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;
use aws_lc_rs::agreement;

/// One aws-lc ECDH curve, with the pure-Rust group for validation and
/// sizes.
#[derive(Debug, Clone, Copy)]
pub struct AwsAgree {
    alg: &'static agreement::Algorithm,
    spec: &'static dyn KeyExchange,
    /// Private key length in octets.
    priv_len: usize,
}

/// Group 19.
pub static ECP_256: AwsAgree = AwsAgree {
    alg: &agreement::ECDH_P256,
    spec: &crate::kx::ECP_256,
    priv_len: 32,
};
/// Group 20.
pub static ECP_384: AwsAgree = AwsAgree {
    alg: &agreement::ECDH_P384,
    spec: &crate::kx::ECP_384,
    priv_len: 48,
};
/// Group 21.
pub static ECP_521: AwsAgree = AwsAgree {
    alg: &agreement::ECDH_P521,
    spec: &crate::kx::ECP_521,
    priv_len: 66,
};

impl KeyExchange for AwsAgree {
    fn id(&self) -> u16 {
        self.spec.id()
    }
    fn name(&self) -> &'static str {
        self.spec.name()
    }
    fn public_len(&self) -> usize {
        self.spec.public_len()
    }
    fn shared_len(&self) -> usize {
        self.spec.shared_len()
    }
    fn start(&self, rng: &dyn SecureRandom, _cfg: &KxConfig) -> Result<Box<dyn ActiveKeyExchange>> {
        let len = self.priv_len;
        let mut k = zeroize::Zeroizing::new(vec![0u8; len]);
        loop {
            rng.fill(&mut k)?;
            if self.id() == crate::ids::group::ECP_521 {
                k[0] &= 0x01;
            }
            match self.start_with_private(&k) {
                Err(CryptoError::BadLength { .. }) => continue,
                r => return r,
            }
        }
    }
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        let key = agreement::PrivateKey::from_private_key(self.alg, private).map_err(|_| {
            CryptoError::BadLength {
                what: "private key (0 < d < n)",
                expected: self.priv_len,
                got: private.len(),
            }
        })?;
        let pubk = key
            .compute_public_key()
            .map_err(|_| CryptoError::Backend("aws-lc public key"))?;
        // SEC1 uncompressed 0x04 | x | y; IKE carries x | y (RFC 5903 7).
        let public = pubk.as_ref().get(1..).unwrap_or_default().to_vec();
        Ok(Box::new(AwsAgreeActive {
            def: *self,
            key,
            public,
        }))
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        self.spec.validate_public(peer)
    }
}

struct AwsAgreeActive {
    def: AwsAgree,
    key: agreement::PrivateKey,
    public: Vec<u8>,
}

impl core::fmt::Debug for AwsAgreeActive {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "AwsAgreeActive({})", self.def.name())
    }
}

impl ActiveKeyExchange for AwsAgreeActive {
    fn group(&self) -> u16 {
        self.def.id()
    }
    fn public(&self) -> &[u8] {
        &self.public
    }
    fn complete(&self, peer: &[u8]) -> Result<SecretBytes> {
        let id = self.def.id();
        check_public_len(id, self.def.public_len(), peer.len())?;
        // Back to SEC1 uncompressed form for aws-lc (RFC 5903 7).
        let mut encoded = Vec::with_capacity(peer.len() + 1);
        encoded.push(0x04);
        encoded.extend_from_slice(peer);
        let bad = CryptoError::InvalidPublicValue {
            group: id,
            reason: "rejected by aws-lc (not a point on the curve)",
        };
        agreement::agree(
            &self.key,
            agreement::UnparsedPublicKey::new(self.def.alg, &encoded),
            bad,
            |s| Ok(SecretBytes::from_slice(s)),
        )
    }
}
