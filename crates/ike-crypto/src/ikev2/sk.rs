//! Protection of the IKEv2 Encrypted payload (SK, and SKF of RFC 7383):
//! body = IV | ciphertext(inner payloads | padding | pad length) | ICV
//! (RFC 7296 3.14; for AEAD, RFC 5282 5).

use crate::encr::Encryption;
use crate::error::{CryptoError, Result};
use crate::integ::Integrity;
use crate::random::SecureRandom;
use crate::secret::SecretBytes;

/// One direction's keys and algorithms for SK payloads: use SK_ei/SK_ai to
/// protect the initiator's messages, SK_er/SK_ar for the responder's.
///
/// `msg_prefix` below is the message from the first octet of the IKE header
/// through the last octet of the SK (or SKF) generic payload header, with all
/// lengths already final (use [`SkCipher::body_len`] to know them). It is the
/// AAD of AEAD ciphers (RFC 5282 5.1) and the start of the data the ICV
/// covers otherwise (RFC 7296 3.14).
#[derive(Debug, Clone, Copy)]
pub struct SkCipher<'a> {
    encr: &'a dyn Encryption,
    integ: Option<&'a dyn Integrity>,
    sk_e: &'a [u8],
    sk_a: &'a [u8],
}

impl<'a> SkCipher<'a> {
    /// `integ` must be `None` for AEAD ciphers (RFC 5282 8) and present for
    /// the others; the key lengths must match the algorithms.
    pub fn new(
        encr: &'a dyn Encryption,
        integ: Option<&'a dyn Integrity>,
        sk_e: &'a [u8],
        sk_a: &'a [u8],
    ) -> Result<Self> {
        match (encr.is_aead(), integ) {
            (true, Some(_)) => {
                return Err(CryptoError::BadCombination(
                    "AEAD cipher with an integrity transform",
                ))
            }
            (false, None) => {
                return Err(CryptoError::BadCombination(
                    "non-AEAD cipher without an integrity transform",
                ))
            }
            (false, Some(i)) => crate::encr::check_len("SK_a", i.key_len(), sk_a.len())?,
            (true, None) => {}
        }
        crate::encr::check_len("SK_e", encr.key_len(), sk_e.len())?;
        Ok(SkCipher {
            encr,
            integ,
            sk_e,
            sk_a,
        })
    }

    fn icv_len(&self) -> usize {
        match self.integ {
            Some(i) => i.icv_len(),
            None => self.encr.icv_len(),
        }
    }

    /// Octets of padding (not counting the Pad Length octet) for an inner
    /// chain of `inner_len` octets.
    fn pad_len(&self, inner_len: usize) -> usize {
        let b = self.encr.block_len();
        (b - (inner_len + 1) % b) % b
    }

    /// Length of the SK payload body for `inner_len` octets of inner
    /// payloads; the SK payload length is this plus 4.
    pub fn body_len(&self, inner_len: usize) -> usize {
        self.encr.iv_len() + inner_len + self.pad_len(inner_len) + 1 + self.icv_len()
    }

    /// Encrypts `inner` (the inner payload chain) with a fresh random IV.
    pub fn seal(&self, rng: &dyn SecureRandom, msg_prefix: &[u8], inner: &[u8]) -> Result<Vec<u8>> {
        let mut iv = vec![0u8; self.encr.iv_len()];
        rng.fill(&mut iv)?;
        self.seal_with_iv(&iv, msg_prefix, inner)
    }

    /// Encrypts with a caller-chosen IV (it must never repeat under one key
    /// for CTR and AEAD ciphers; a message counter serves).
    pub fn seal_with_iv(&self, iv: &[u8], msg_prefix: &[u8], inner: &[u8]) -> Result<Vec<u8>> {
        crate::encr::check_len("SK IV", self.encr.iv_len(), iv.len())?;
        let pad = self.pad_len(inner.len());
        let mut buf = Vec::with_capacity(self.body_len(inner.len()));
        buf.extend_from_slice(inner);
        // RFC 7296 3.14: padding of any value, then the Pad Length octet.
        buf.resize(inner.len() + pad, 0);
        buf.push(pad as u8);
        self.encr.encrypt(self.sk_e, iv, msg_prefix, &mut buf)?;
        let mut body = Vec::with_capacity(iv.len() + buf.len() + self.icv_len());
        body.extend_from_slice(iv);
        body.extend_from_slice(&buf);
        zeroize::Zeroize::zeroize(&mut buf);
        if let Some(integ) = self.integ {
            let icv = integ.compute(self.sk_a, &[msg_prefix, &body])?;
            body.extend_from_slice(&icv);
        }
        Ok(body)
    }

    /// Verifies and decrypts an SK body; returns the inner payload chain
    /// with padding removed. Integrity is checked before anything is
    /// decrypted.
    pub fn open(&self, msg_prefix: &[u8], body: &[u8]) -> Result<SecretBytes> {
        let iv_len = self.encr.iv_len();
        let icv_len = self.icv_len();
        if body.len() < iv_len + icv_len + 1 {
            return Err(CryptoError::BadCiphertextLength {
                what: "SK payload",
                len: body.len(),
                block: self.encr.block_len(),
            });
        }
        let (iv, rest) = body.split_at(iv_len);
        let mut buf = match self.integ {
            Some(integ) => {
                let (signed, icv) = body.split_at(body.len() - icv_len);
                integ.verify(self.sk_a, &[msg_prefix, signed], icv)?;
                rest[..rest.len() - icv_len].to_vec()
            }
            None => rest.to_vec(),
        };
        let ct_len = buf.len() - if self.integ.is_none() { icv_len } else { 0 };
        if !ct_len.is_multiple_of(self.encr.block_len()) {
            return Err(CryptoError::BadCiphertextLength {
                what: self.encr.name(),
                len: ct_len,
                block: self.encr.block_len(),
            });
        }
        self.encr.decrypt(self.sk_e, iv, msg_prefix, &mut buf)?;
        let mut plain = SecretBytes::new(buf);
        let pad_len = plain.as_bytes().last().copied().unwrap_or(0) as usize;
        if pad_len + 1 > plain.len() {
            return Err(CryptoError::BadPadding {
                pad_len,
                len: plain.len(),
            });
        }
        let inner_len = plain.len() - pad_len - 1;
        plain.truncate(inner_len);
        Ok(plain)
    }
}
