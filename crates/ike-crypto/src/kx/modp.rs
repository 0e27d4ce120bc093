//! Finite-field Diffie-Hellman over the IKE MODP groups, with crypto-bigint's
//! constant-time Montgomery exponentiation.

use super::{bad_public, check_public_len, ActiveKeyExchange, KeyExchange, KxConfig};
use crate::error::{CryptoError, Result};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;
use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{Limb, Uint, Word};
use std::sync::{Arc, OnceLock};
use zeroize::Zeroize;

/// A MODP group with `L` 64-bit limbs.
#[derive(Debug)]
pub struct ModpGroup<const L: usize> {
    id: u16,
    name: &'static str,
    p_hex: &'static str,
    g_hex: &'static str,
    q_hex: Option<&'static str>,
    strength: u16,
    params: OnceLock<Arc<Params<L>>>,
}

#[derive(Debug)]
struct Params<const L: usize> {
    p: Uint<L>,
    p_minus_1: Uint<L>,
    p_len: usize,
    p_bits: usize,
    g: Uint<L>,
    q: Option<(Uint<L>, usize)>,
    mont: DynResidueParams<L>,
}

/// Parses big-endian hex that fits in `L` limbs (compile-time constants only).
fn uint_from_hex<const L: usize>(hex: &str) -> Option<Uint<L>> {
    let digits = hex.as_bytes();
    let mut bytes = vec![0u8; digits.len().div_ceil(2)];
    // Right-align odd-length input.
    let offset = digits.len() % 2;
    for (i, &c) in digits.iter().enumerate() {
        let v = (c as char).to_digit(16)? as u8;
        let pos = (i + offset) / 2;
        if (i + offset).is_multiple_of(2) {
            bytes[pos] |= v << 4;
        } else {
            bytes[pos] |= v;
        }
    }
    uint_from_be(&bytes)
}

/// Big-endian bytes -> Uint, `None` when it does not fit.
pub(crate) fn uint_from_be<const L: usize>(bytes: &[u8]) -> Option<Uint<L>> {
    const W: usize = Limb::BYTES;
    let bytes = {
        let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        &bytes[first..]
    };
    if bytes.len() > L * W {
        return None;
    }
    let mut words = [0 as Word; L];
    for (i, &b) in bytes.iter().rev().enumerate() {
        words[i / W] |= (b as Word) << (8 * (i % W));
    }
    Some(Uint::from_words(words))
}

/// Uint -> big-endian bytes, left-padded to `len` (which must hold it).
pub(crate) fn uint_to_be<const L: usize>(u: &Uint<L>, len: usize) -> Vec<u8> {
    const W: usize = Limb::BYTES;
    let mut out = vec![0u8; len];
    for (i, w) in u.as_words().iter().enumerate() {
        for j in 0..W {
            let byte = (w >> (8 * j)) as u8;
            let idx = i * W + j;
            if idx < len {
                out[len - 1 - idx] = byte;
            }
        }
    }
    out
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

    fn params(&self) -> Result<Arc<Params<L>>> {
        if let Some(p) = self.params.get() {
            return Ok(p.clone());
        }
        let bad = CryptoError::Backend("MODP group constants");
        let p: Uint<L> = uint_from_hex(self.p_hex).ok_or(bad.clone())?;
        let g: Uint<L> = uint_from_hex(self.g_hex).ok_or(bad.clone())?;
        let q = match self.q_hex {
            Some(h) => {
                let q: Uint<L> = uint_from_hex(h).ok_or(bad.clone())?;
                Some((q, q.bits()))
            }
            None => None,
        };
        let p_bits = p.bits();
        let params = Arc::new(Params {
            p,
            p_minus_1: p.wrapping_sub(&Uint::ONE),
            p_len: p_bits.div_ceil(8),
            p_bits,
            g,
            q,
            mont: DynResidueParams::new(&p),
        });
        Ok(self.params.get_or_init(|| params).clone())
    }

    /// The prime p, big-endian (for tests and for other providers).
    pub fn prime(&self) -> Result<Vec<u8>> {
        let pr = self.params()?;
        Ok(uint_to_be(&pr.p, pr.p_len))
    }

    /// The generator g, big-endian, modulus length.
    pub fn generator(&self) -> Result<Vec<u8>> {
        let pr = self.params()?;
        Ok(uint_to_be(&pr.g, pr.p_len))
    }

    /// The subgroup order q (groups 22-24), big-endian.
    pub fn subgroup_order(&self) -> Result<Option<Vec<u8>>> {
        let pr = self.params()?;
        Ok(pr.q.map(|(q, bits)| uint_to_be(&q, bits.div_ceil(8))))
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
    ) -> Result<(zeroize::Zeroizing<Vec<u8>>, usize)> {
        let pr = self.params()?;
        let bits = self.exponent_bits(cfg)?;
        let mut buf = zeroize::Zeroizing::new(vec![0u8; bits.div_ceil(8)]);
        loop {
            rng.fill(&mut buf)?;
            let extra = buf.len() * 8 - bits;
            if let Some(b) = buf.first_mut() {
                *b &= 0xff >> extra;
            }
            let mut x: Uint<L> = uint_from_be(&buf).ok_or(CryptoError::Backend("MODP exponent"))?;
            let in_range = match &pr.q {
                Some((q, _)) => x < *q,
                None => true,
            };
            let ok = in_range && x > Uint::ONE;
            x.zeroize();
            if ok {
                return Ok((buf, bits));
            }
        }
    }

    /// RFC 6989 2.1 / 2.2: 1 < y < p-1, and y^q = 1 for the RFC 5114 groups.
    fn parse_peer(&self, pr: &Params<L>, peer: &[u8]) -> Result<Uint<L>> {
        ModpPeerCheck { id: self.id }.parse(pr, peer)
    }

    fn active(&self, pr: Arc<Params<L>>, x: Uint<L>, x_bits: usize) -> Box<dyn ActiveKeyExchange> {
        let gx = DynResidue::new(&pr.g, pr.mont)
            .pow_bounded_exp(&x, x_bits)
            .retrieve();
        let public = uint_to_be(&gx, pr.p_len);
        Box::new(ModpActive {
            id: self.id,
            params: pr,
            x,
            x_bits,
            public,
        })
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
        let x: Uint<L> = uint_from_be(&x).ok_or(CryptoError::Backend("MODP exponent"))?;
        Ok(self.active(pr, x, bits))
    }
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        let pr = self.params()?;
        let x: Uint<L> = uint_from_be(private).ok_or(CryptoError::BadLength {
            what: "MODP private exponent",
            expected: pr.p_len,
            got: private.len(),
        })?;
        let bits = x.bits();
        Ok(self.active(pr, x, bits))
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        let pr = self.params()?;
        self.parse_peer(&pr, peer).map(|_| ())
    }
}

/// A started MODP exchange.
struct ModpActive<const L: usize> {
    id: u16,
    params: Arc<Params<L>>,
    x: Uint<L>,
    x_bits: usize,
    public: Vec<u8>,
}

impl<const L: usize> core::fmt::Debug for ModpActive<L> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "ModpActive(group {}, {}-bit exponent)",
            self.id, self.x_bits
        )
    }
}

impl<const L: usize> Drop for ModpActive<L> {
    fn drop(&mut self) {
        self.x.zeroize();
    }
}

impl<const L: usize> ActiveKeyExchange for ModpActive<L> {
    fn group(&self) -> u16 {
        self.id
    }
    fn public(&self) -> &[u8] {
        &self.public
    }
    fn complete(&self, peer: &[u8]) -> Result<SecretBytes> {
        let pr = &self.params;
        let group = ModpPeerCheck { id: self.id };
        let y = group.parse(pr, peer)?;
        let mut z = DynResidue::new(&y, pr.mont)
            .pow_bounded_exp(&self.x, self.x_bits)
            .retrieve();
        let out = SecretBytes::new(uint_to_be(&z, pr.p_len));
        z.zeroize();
        Ok(out)
    }
}

/// The RFC 6989 checks, usable without the group object.
struct ModpPeerCheck {
    id: u16,
}

impl ModpPeerCheck {
    fn parse<const L: usize>(&self, pr: &Params<L>, peer: &[u8]) -> Result<Uint<L>> {
        check_public_len(self.id, pr.p_len, peer.len())?;
        let y: Uint<L> = uint_from_be(peer).ok_or(bad_public(self.id, "too large"))?;
        if y <= Uint::ONE || y >= pr.p_minus_1 {
            return Err(bad_public(self.id, "not in the range 1 < y < p-1"));
        }
        if let Some((q, qbits)) = &pr.q {
            let r = DynResidue::new(&y, pr.mont).pow_bounded_exp(q, *qbits);
            if r.retrieve() != Uint::ONE {
                return Err(bad_public(self.id, "not in the prime-order subgroup"));
            }
        }
        Ok(y)
    }
}
