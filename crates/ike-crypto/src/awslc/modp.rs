//! MODP groups with aws-lc's constant-time exponentiation; parameters,
//! exponent policy and RFC 6989 validation come from [`crate::kx::ModpGroup`].

use super::bn::mod_exp;
use crate::error::{CryptoError, Result};
use crate::kx::{self, ActiveKeyExchange, KeyExchange, KxConfig, ModpGroup};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;
use zeroize::Zeroizing;

/// A MODP group computed by aws-lc.
#[derive(Debug)]
pub struct AwsModp<const L: usize> {
    group: &'static ModpGroup<L>,
}

macro_rules! groups {
    ($($name:ident),*) => {$(
        /// The same group as [`crate::kx`]'s, computed by aws-lc.
        pub static $name: AwsModp<{ kx_limbs(&kx::$name) }> = AwsModp { group: &kx::$name };
    )*};
}
const fn kx_limbs<const L: usize>(_: &ModpGroup<L>) -> usize {
    L
}
groups!(
    MODP_768,
    MODP_1024,
    MODP_1536,
    MODP_2048,
    MODP_3072,
    MODP_4096,
    MODP_6144,
    MODP_8192,
    MODP_1024_160,
    MODP_2048_224,
    MODP_2048_256
);

impl<const L: usize> AwsModp<L> {
    fn active(&self, x: Zeroizing<Vec<u8>>) -> Result<Box<dyn ActiveKeyExchange>> {
        let p = self.group.prime()?;
        let g = self.group.generator()?;
        let public = mod_exp(&g, &x, &p, p.len())?;
        Ok(Box::new(AwsModpActive {
            id: self.group.id(),
            group: self.group,
            p,
            x,
            public,
        }))
    }
}

impl<const L: usize> KeyExchange for AwsModp<L> {
    fn id(&self) -> u16 {
        self.group.id()
    }
    fn name(&self) -> &'static str {
        self.group.name()
    }
    fn public_len(&self) -> usize {
        self.group.public_len()
    }
    fn shared_len(&self) -> usize {
        self.group.shared_len()
    }
    fn start(&self, rng: &dyn SecureRandom, cfg: &KxConfig) -> Result<Box<dyn ActiveKeyExchange>> {
        let (x, _) = self.group.random_exponent(rng, cfg)?;
        self.active(x)
    }
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        if private.iter().all(|&b| b == 0) {
            return Err(CryptoError::BadLength {
                what: "MODP private exponent (non-zero)",
                expected: self.public_len(),
                got: private.len(),
            });
        }
        self.active(Zeroizing::new(private.to_vec()))
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        self.group.validate_public(peer)
    }
}

struct AwsModpActive<const L: usize> {
    id: u16,
    group: &'static ModpGroup<L>,
    p: Vec<u8>,
    x: Zeroizing<Vec<u8>>,
    public: Vec<u8>,
}

impl<const L: usize> core::fmt::Debug for AwsModpActive<L> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "AwsModpActive(group {})", self.id)
    }
}

impl<const L: usize> ActiveKeyExchange for AwsModpActive<L> {
    fn group(&self) -> u16 {
        self.id
    }
    fn public(&self) -> &[u8] {
        &self.public
    }
    fn complete(&self, peer: &[u8]) -> Result<SecretBytes> {
        // RFC 6989: range (and subgroup for 22-24) checked before use.
        self.group.validate_public(peer)?;
        mod_exp(peer, &self.x, &self.p, self.p.len()).map(SecretBytes::new)
    }
}
