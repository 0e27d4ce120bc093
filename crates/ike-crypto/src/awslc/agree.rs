//! X25519 and ECDH P-256/384/521 on aws-lc.

use crate::error::{CryptoError, Result};
use crate::kx::{check_public_len, ActiveKeyExchange, KeyExchange, KxConfig};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;
use aws_lc_rs::agreement;

/// One aws-lc agreement algorithm, with the pure-Rust group for
/// validation and sizes.
#[derive(Debug, Clone, Copy)]
pub struct AwsAgree {
    alg: &'static agreement::Algorithm,
    spec: &'static dyn KeyExchange,
    /// SEC1 points need the 0x04 prefix that IKE's x | y omits (RFC 5903 7).
    sec1: bool,
    /// Private key length in octets.
    priv_len: usize,
}

/// Group 19.
pub static ECP_256: AwsAgree = AwsAgree {
    alg: &agreement::ECDH_P256,
    spec: &crate::kx::ECP_256,
    sec1: true,
    priv_len: 32,
};
/// Group 20.
pub static ECP_384: AwsAgree = AwsAgree {
    alg: &agreement::ECDH_P384,
    spec: &crate::kx::ECP_384,
    sec1: true,
    priv_len: 48,
};
/// Group 21.
pub static ECP_521: AwsAgree = AwsAgree {
    alg: &agreement::ECDH_P521,
    spec: &crate::kx::ECP_521,
    sec1: true,
    priv_len: 66,
};
/// Group 31.
pub static CURVE25519: AwsAgree = AwsAgree {
    alg: &agreement::X25519,
    spec: &crate::kx::CURVE25519,
    sec1: false,
    priv_len: 32,
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
        let raw = pubk.as_ref();
        let public = if self.sec1 {
            raw.get(1..).unwrap_or_default()
        } else {
            raw
        }
        .to_vec();
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
        let encoded = if self.def.sec1 {
            let mut v = Vec::with_capacity(peer.len() + 1);
            v.push(0x04);
            v.extend_from_slice(peer);
            v
        } else {
            peer.to_vec()
        };
        let bad = CryptoError::InvalidPublicValue {
            group: id,
            reason: "rejected by aws-lc (not on the curve, or low order)",
        };
        let shared = agreement::agree(
            &self.key,
            agreement::UnparsedPublicKey::new(self.def.alg, &encoded),
            bad,
            |s| Ok(SecretBytes::from_slice(s)),
        )?;
        // RFC 8031 2: refuse an all-zero X25519 result (aws-lc already
        // does). For ECP an x coordinate of 0 is a valid point.
        if !self.def.sec1 && shared.as_bytes().iter().all(|&b| b == 0) {
            return Err(CryptoError::InvalidSharedSecret {
                group: id,
                reason: "all-zero shared secret",
            });
        }
        Ok(shared)
    }
}
