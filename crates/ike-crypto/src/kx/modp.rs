//! Finite-field Diffie-Hellman over the IKE MODP groups: hand-written
//! Montgomery arithmetic ([`super::monty`]) and a fixed-window
//! exponentiation constant time in the private exponent
//! ([`super::modexp`]).
//!
//! On x86-64 CPUs with AVX2 the exponentiations run on
//! [`super::modp_avx2`] instead, about 2.2x faster.
//!
//! Why not crypto-bigint: its `DynResidue::pow_bounded_exp` (0.5) was
//! measured at 4.5-7.6x OpenSSL's time for the same groups; this code
//! specialises squaring, precomputes the Montgomery constants once per
//! group and picks the window width from the exponent length.

use super::limbs;
use super::modexp::pow;
use super::monty::Monty;
use super::{bad_public, check_public_len, ActiveKeyExchange, KeyExchange, KxConfig};
use crate::error::{CryptoError, Result};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;
use std::sync::{Arc, OnceLock};
use zeroize::Zeroizing;

/// A MODP group whose prime has `L` 64-bit limbs.
#[derive(Debug)]
pub struct ModpGroup<const L: usize> {
    id: u16,
    name: &'static str,
    p_hex: &'static str,
    g_hex: &'static str,
    q_hex: Option<&'static str>,
    strength: u16,
    params: OnceLock<Arc<Params>>,
}

/// The group's numbers, parsed and with their Montgomery constants, once.
#[derive(Debug)]
struct Params {
    mont: Monty,
    p_minus_1: Vec<u64>,
    p_len: usize,
    p_bits: usize,
    g: Vec<u64>,
    /// Subgroup order and its bit length (groups 22-24).
    q: Option<(Vec<u64>, usize)>,
    /// The AVX2 exponentiation's constants, for primes it takes.
    #[cfg(target_arch = "x86_64")]
    avx2: Option<super::modp_avx2::Avx2Modp>,
}

impl Params {
    /// `base^x mod p` for an exponent x below 2^bits (constant time in
    /// x's value): on AVX2 where the CPU has it, else the scalar code.
    fn pow(&self, base: &[u64], x: &[u64], bits: usize) -> Zeroizing<Vec<u64>> {
        #[cfg(target_arch = "x86_64")]
        if let Some(out) = self.avx2.as_ref().and_then(|a| a.pow(base, x, bits)) {
            return out;
        }
        pow(&self.mont, base, x, bits)
    }
}

impl<const L: usize> ModpGroup<L> {
    pub(crate) const fn new(
        id: u16,
        name: &'static str,
        p_hex: &'static str,
        g_hex: &'static str,
        q_hex: Option<&'static str>,
        strength: u16,
    ) -> Self {
        ModpGroup {
            id,
            name,
            p_hex,
            g_hex,
            q_hex,
            strength,
            params: OnceLock::new(),
        }
    }

    fn params(&self) -> Result<Arc<Params>> {
        if let Some(p) = self.params.get() {
            return Ok(p.clone());
        }
        let bad = CryptoError::Backend("MODP group constants");
        let p = limbs::from_hex(self.p_hex, L).ok_or(bad.clone())?;
        let g = limbs::from_hex(self.g_hex, L).ok_or(bad.clone())?;
        let q = match self.q_hex {
            Some(h) => {
                let q = limbs::from_hex(h, L).ok_or(bad.clone())?;
                let bits = limbs::bits(&q);
                Some((q, bits))
            }
            None => None,
        };
        // The prime fills its L limbs (all IKE groups do), so every value
        // below works on exactly L limbs.
        let mont = Monty::new(&p)
            .filter(|m| m.limbs() == L)
            .ok_or(bad.clone())?;
        let p_bits = limbs::bits(&p);
        let params = Arc::new(Params {
            #[cfg(target_arch = "x86_64")]
            avx2: super::modp_avx2::Avx2Modp::new(&mont),
            p_minus_1: limbs::minus_one(&p),
            mont,
            p_len: p_bits.div_ceil(8),
            p_bits,
            g,
            q,
        });
        Ok(self.params.get_or_init(|| params).clone())
    }

    /// Whether this group's exponentiations run on the AVX2 code on this
    /// CPU: the aws-lc provider then uses this group instead of aws-lc's
    /// exponentiation, which is slower (OpenSSL's assembly).
    pub fn runs_on_avx2(&self) -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            self.params().is_ok_and(|p| p.avx2.is_some()) && std::is_x86_feature_detected!("avx2")
        }
        #[cfg(not(target_arch = "x86_64"))]
        false
    }

    /// The prime p, big-endian (for tests and for other providers).
    pub fn prime(&self) -> Result<Vec<u8>> {
        let pr = self.params()?;
        Ok(limbs::to_be(pr.mont.modulus(), pr.p_len))
    }

    /// The generator g, big-endian, modulus length.
    pub fn generator(&self) -> Result<Vec<u8>> {
        let pr = self.params()?;
        Ok(limbs::to_be(&pr.g, pr.p_len))
    }

    /// The subgroup order q (groups 22-24), big-endian.
    pub fn subgroup_order(&self) -> Result<Option<Vec<u8>>> {
        let pr = self.params()?;
        Ok(pr
            .q
            .as_ref()
            .map(|(q, bits)| limbs::to_be(q, bits.div_ceil(8))))
    }

    /// Security strength `s` in bits used by [`super::ExponentPolicy::Nist`].
    pub fn strength(&self) -> u16 {
        self.strength
    }

    /// Exponent length in bits the given policy yields for this group.
    pub fn exponent_bits(&self, cfg: &KxConfig) -> Result<usize> {
        let pr = self.params()?;
        Ok(match pr.q {
            Some((_, qbits)) => qbits,
            None => cfg.modp_exponent.bits(pr.p_bits, self.strength),
        })
    }

    /// A fresh private exponent (big-endian) and its bit length under
    /// `cfg`: x in [2, 2^bits) for the safe-prime groups (bits < len(p), so
    /// x < p-1), x in [2, q) for groups 22-24, by rejection sampling.
    pub fn random_exponent(
        &self,
        rng: &dyn SecureRandom,
        cfg: &KxConfig,
    ) -> Result<(Zeroizing<Vec<u8>>, usize)> {
        let pr = self.params()?;
        let bits = self.exponent_bits(cfg)?;
        let mut buf = Zeroizing::new(vec![0u8; bits.div_ceil(8)]);
        let mut two = vec![0u64; L];
        two[0] = 2;
        loop {
            rng.fill(&mut buf)?;
            let extra = buf.len() * 8 - bits;
            if let Some(b) = buf.first_mut() {
                *b &= 0xff >> extra;
            }
            let x = Zeroizing::new(
                limbs::from_be(&buf, L).ok_or(CryptoError::Backend("MODP exponent"))?,
            );
            let in_range = match &pr.q {
                Some((q, _)) => limbs::lt_ct(&x, q),
                None => true,
            };
            if in_range && !limbs::lt_ct(&x, &two) {
                return Ok((buf, bits));
            }
        }
    }

    fn active(&self, pr: Arc<Params>, x: Zeroizing<Vec<u64>>, x_bits: usize) -> ModpActive {
        let gx = pr.pow(&pr.g, &x, x_bits);
        let public = limbs::to_be(&gx, pr.p_len);
        ModpActive {
            id: self.id,
            params: pr,
            x,
            x_bits,
            public,
        }
    }
}

impl<const L: usize> KeyExchange for ModpGroup<L> {
    fn id(&self) -> u16 {
        self.id
    }
    fn name(&self) -> &'static str {
        self.name
    }
    fn public_len(&self) -> usize {
        self.params().map(|p| p.p_len).unwrap_or(0)
    }
    fn shared_len(&self) -> usize {
        self.public_len()
    }
    fn start(&self, rng: &dyn SecureRandom, cfg: &KxConfig) -> Result<Box<dyn ActiveKeyExchange>> {
        let pr = self.params()?;
        let (x, bits) = self.random_exponent(rng, cfg)?;
        let x = limbs::from_be(&x, L).ok_or(CryptoError::Backend("MODP exponent"))?;
        Ok(Box::new(self.active(pr, Zeroizing::new(x), bits)))
    }
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        let pr = self.params()?;
        let x = Zeroizing::new(limbs::from_be(private, L).ok_or(CryptoError::BadLength {
            what: "MODP private exponent",
            expected: pr.p_len,
            got: private.len(),
        })?);
        // A caller-supplied exponent's length is taken as public, like the
        // policy's length for generated ones.
        let bits = limbs::bits(&x);
        Ok(Box::new(self.active(pr, x, bits)))
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        let pr = self.params()?;
        parse_peer(self.id, &pr, peer).map(|_| ())
    }
}

/// A started MODP exchange.
struct ModpActive {
    id: u16,
    params: Arc<Params>,
    x: Zeroizing<Vec<u64>>,
    x_bits: usize,
    public: Vec<u8>,
}

impl core::fmt::Debug for ModpActive {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "ModpActive(group {}, {}-bit exponent)",
            self.id, self.x_bits
        )
    }
}

impl ActiveKeyExchange for ModpActive {
    fn group(&self) -> u16 {
        self.id
    }
    fn public(&self) -> &[u8] {
        &self.public
    }
    fn complete(&self, peer: &[u8]) -> Result<SecretBytes> {
        let pr = &self.params;
        let y = parse_peer(self.id, pr, peer)?;
        let z = pr.pow(&y, &self.x, self.x_bits);
        // RFC 7296 2.14: g^ir is padded with zeros to the modulus length.
        Ok(SecretBytes::new(limbs::to_be(&z, pr.p_len)))
    }
}

/// RFC 6989 2.1 / 2.2: 1 < y < p-1, and y^q = 1 for the RFC 5114 groups.
/// y and q are public, so nothing here needs to be constant time.
fn parse_peer(id: u16, pr: &Params, peer: &[u8]) -> Result<Vec<u64>> {
    check_public_len(id, pr.p_len, peer.len())?;
    let y = limbs::from_be(peer, pr.mont.limbs()).ok_or(bad_public(id, "too large"))?;
    let mut one = vec![0u64; y.len()];
    one[0] = 1;
    if limbs::cmp(&y, &one).is_le() || limbs::cmp(&y, &pr.p_minus_1).is_ge() {
        return Err(bad_public(id, "not in the range 1 < y < p-1"));
    }
    if let Some((q, qbits)) = &pr.q {
        if !limbs::is_one(&pr.pow(&y, q, *qbits)) {
            return Err(bad_public(id, "not in the prime-order subgroup"));
        }
    }
    Ok(y)
}

#[cfg(test)]
#[path = "modp_tests.rs"]
mod tests;
