//! IKEv2 key derivation: SKEYSEED, prf+, SK_*, Child SA KEYMAT, rekey.

use crate::encr::Encryption;
use crate::error::{CryptoError, Result};
use crate::integ::Integrity;
use crate::prf::Prf;
use crate::secret::SecretBytes;

/// prf+ (RFC 7296 2.13): T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n),
/// concatenated and cut to `len`. At most 255 blocks.
pub fn prf_plus(prf: &dyn Prf, key: &[u8], seed: &[u8], len: usize) -> Result<SecretBytes> {
    let block = prf.output_len();
    let max = block * 255;
    if len > max {
        return Err(CryptoError::PrfPlusTooLong {
            requested: len,
            max,
        });
    }
    let mut out = SecretBytes::new(Vec::with_capacity(len.div_ceil(block) * block));
    let mut prev = SecretBytes::default();
    let mut n: u8 = 1;
    while out.len() < len {
        let t = prf.compute(key, &[prev.as_bytes(), seed, &[n]])?;
        out.extend_from_slice(t.as_bytes());
        prev = t;
        n = n.wrapping_add(1);
    }
    out.truncate(len);
    Ok(out)
}

/// The key used for SKEYSEED: Ni | Nr, except that a PRF with a fixed key
/// length takes half of it from the start of each nonce (RFC 7296 2.14:
/// "AES-XCBC-PRF-128 ... 64 bits of Ni and 64 bits of Nr").
fn nonce_key(prf: &dyn Prf, ni: &[u8], nr: &[u8]) -> Vec<u8> {
    let full = [ni, nr].concat();
    if prf.fixed_key_len() && full.len() != prf.key_len() {
        let half = prf.key_len() / 2;
        let mut k = ni[..half.min(ni.len())].to_vec();
        k.extend_from_slice(&nr[..half.min(nr.len())]);
        k
    } else {
        full
    }
}

/// SKEYSEED = prf(Ni | Nr, g^ir) (RFC 7296 2.14).
pub fn skeyseed(prf: &dyn Prf, ni: &[u8], nr: &[u8], g_ir: &[u8]) -> Result<SecretBytes> {
    let mut k = nonce_key(prf, ni, nr);
    let out = prf.compute(&k, &[g_ir]);
    zeroize::Zeroize::zeroize(&mut k);
    out
}

/// SKEYSEED of a rekeyed IKE SA (RFC 7296 2.18):
/// prf(SK_d (old), g^ir (new) | Ni | Nr), with the *old* SA's PRF.
pub fn rekey_skeyseed(
    old_prf: &dyn Prf,
    old_sk_d: &[u8],
    g_ir_new: &[u8],
    ni: &[u8],
    nr: &[u8],
) -> Result<SecretBytes> {
    old_prf.compute(old_sk_d, &[g_ir_new, ni, nr])
}

/// Lengths of the seven keys (RFC 7296 2.14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLengths {
    /// SK_d, SK_pi, SK_pr: the PRF's preferred key size.
    pub prf_key: usize,
    /// SK_ai, SK_ar: 0 with an AEAD cipher.
    pub integ_key: usize,
    /// SK_ei, SK_er, including salt/nonce octets.
    pub encr_key: usize,
}

impl KeyLengths {
    /// Lengths for a negotiated suite.
    pub fn new(prf: &dyn Prf, integ: Option<&dyn Integrity>, encr: &dyn Encryption) -> Self {
        KeyLengths {
            prf_key: prf.key_len(),
            integ_key: integ.map(|i| i.key_len()).unwrap_or(0),
            encr_key: encr.key_len(),
        }
    }
    /// Total octets taken from prf+.
    pub fn total(&self) -> usize {
        3 * self.prf_key + 2 * self.integ_key + 2 * self.encr_key
    }
}

/// The seven IKE SA keys, wiped on drop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IkeSaKeys {
    /// SK_d: derives Child SA keys and the next SKEYSEED.
    pub sk_d: SecretBytes,
    /// SK_ai: integrity of initiator's messages.
    pub sk_ai: SecretBytes,
    /// SK_ar: integrity of responder's messages.
    pub sk_ar: SecretBytes,
    /// SK_ei: encryption of initiator's messages.
    pub sk_ei: SecretBytes,
    /// SK_er: encryption of responder's messages.
    pub sk_er: SecretBytes,
    /// SK_pi: MACs the initiator's ID in AUTH.
    pub sk_pi: SecretBytes,
    /// SK_pr: MACs the responder's ID in AUTH.
    pub sk_pr: SecretBytes,
}

/// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} =
/// prf+ (SKEYSEED, Ni | Nr | SPIi | SPIr) (RFC 7296 2.14).
pub fn derive_ike_sa_keys(
    prf: &dyn Prf,
    skeyseed: &[u8],
    ni: &[u8],
    nr: &[u8],
    spi_i: &[u8; 8],
    spi_r: &[u8; 8],
    lens: KeyLengths,
) -> Result<IkeSaKeys> {
    let seed = [ni, nr, spi_i, spi_r].concat();
    let mut km = prf_plus(prf, skeyseed, &seed, lens.total())?;
    Ok(IkeSaKeys {
        sk_d: km.take_front(lens.prf_key),
        sk_ai: km.take_front(lens.integ_key),
        sk_ar: km.take_front(lens.integ_key),
        sk_ei: km.take_front(lens.encr_key),
        sk_er: km.take_front(lens.encr_key),
        sk_pi: km.take_front(lens.prf_key),
        sk_pr: km.take_front(lens.prf_key),
    })
}

/// Child SA KEYMAT = prf+(SK_d, Ni | Nr) or, with a new key exchange,
/// prf+(SK_d, g^ir (new) | Ni | Nr) (RFC 7296 2.17). The caller splits it:
/// encryption then integrity key for initiator-to-responder, then the same
/// for responder-to-initiator.
pub fn child_keymat(
    prf: &dyn Prf,
    sk_d: &[u8],
    g_ir_new: Option<&[u8]>,
    ni: &[u8],
    nr: &[u8],
    len: usize,
) -> Result<SecretBytes> {
    let seed = [g_ir_new.unwrap_or_default(), ni, nr].concat();
    let out = prf_plus(prf, sk_d, &seed, len);
    zeroize::Zeroize::zeroize(&mut { seed });
    out
}
