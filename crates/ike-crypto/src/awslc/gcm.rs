//! AES-GCM with a 16-octet ICV on aws-lc (RFC 5282 / RFC 4106 nonce layout).

use crate::encr::{check_len, Encryption};
use crate::error::{CryptoError, Result};
use aws_lc_rs::aead;

/// AES-GCM-16 with a 128- or 256-bit key.
#[derive(Debug)]
pub struct AwsGcm16 {
    bits: u16,
}

/// ENCR_AES_GCM_16, 128-bit key.
pub static AES_GCM_16_128: AwsGcm16 = AwsGcm16 { bits: 128 };
/// ENCR_AES_GCM_16, 256-bit key.
pub static AES_GCM_16_256: AwsGcm16 = AwsGcm16 { bits: 256 };

impl AwsGcm16 {
    fn key(&self, key: &[u8], iv: &[u8]) -> Result<(aead::LessSafeKey, aead::Nonce)> {
        check_len(self.name(), self.key_len(), key.len())?;
        check_len("AEAD IV", 8, iv.len())?;
        let (k, salt) = key.split_at(self.key_len() - 4);
        let alg = if self.bits == 128 {
            &aead::AES_128_GCM
        } else {
            &aead::AES_256_GCM
        };
        let k = aead::UnboundKey::new(alg, k).map_err(|_| CryptoError::Backend("AES-GCM key"))?;
        let mut n = [0u8; 12];
        n[..4].copy_from_slice(salt);
        n[4..].copy_from_slice(iv);
        Ok((
            aead::LessSafeKey::new(k),
            aead::Nonce::assume_unique_for_key(n),
        ))
    }
}

impl Encryption for AwsGcm16 {
    fn id(&self) -> u16 {
        crate::ids::encr::AES_GCM_16
    }
    fn key_bits(&self) -> Option<u16> {
        Some(self.bits)
    }
    fn name(&self) -> &'static str {
        if self.bits == 128 {
            "AES_GCM_16_128"
        } else {
            "AES_GCM_16_256"
        }
    }
    fn key_len(&self) -> usize {
        self.bits as usize / 8 + 4
    }
    fn iv_len(&self) -> usize {
        8
    }
    fn block_len(&self) -> usize {
        1
    }
    fn icv_len(&self) -> usize {
        16
    }
    fn encrypt(&self, key: &[u8], iv: &[u8], aad: &[u8], buf: &mut Vec<u8>) -> Result<()> {
        let (k, n) = self.key(key, iv)?;
        k.seal_in_place_append_tag(n, aead::Aad::from(aad), buf)
            .map_err(|_| CryptoError::Backend("AES-GCM encrypt"))
    }
    fn decrypt(&self, key: &[u8], iv: &[u8], aad: &[u8], buf: &mut Vec<u8>) -> Result<()> {
        let (k, n) = self.key(key, iv)?;
        let len = k
            .open_in_place(n, aead::Aad::from(aad), buf)
            .map_err(|_| CryptoError::IntegrityCheckFailed { what: "AES-GCM" })?
            .len();
        buf.truncate(len);
        Ok(())
    }
}
