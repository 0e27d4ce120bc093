//! CBC ciphers: AES-CBC (RFC 3602) and 3DES-CBC (RFC 2451).

use super::{check_len, Encryption};
use crate::error::{CryptoError, Result};
use cipher::block_padding::NoPadding;
use cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};

/// The block cipher under CBC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CbcKind {
    /// AES with a 128-bit key.
    Aes128,
    /// AES with a 192-bit key.
    Aes192,
    /// AES with a 256-bit key.
    Aes256,
    /// Triple DES (EDE, 192-bit key with parity bits).
    TripleDes,
}

/// A CBC cipher; the IV is explicit (IKEv2) or chained (IKEv1).
#[derive(Debug)]
pub struct CbcCipher {
    id: u16,
    kind: CbcKind,
}

impl CbcCipher {
    pub(crate) const fn new(id: u16, kind: CbcKind) -> Self {
        CbcCipher { id, kind }
    }
}

fn enc<C: BlockEncryptMut + cipher::BlockCipher + cipher::KeyInit>(
    key: &[u8],
    iv: &[u8],
    buf: &mut [u8],
) -> Result<()> {
    let len = buf.len();
    cbc::Encryptor::<C>::new_from_slices(key, iv)
        .map_err(|_| CryptoError::Backend("CBC key/IV"))?
        .encrypt_padded_mut::<NoPadding>(buf, len)
        .map_err(|_| CryptoError::Backend("CBC encrypt"))?;
    Ok(())
}

fn dec<C: BlockDecryptMut + cipher::BlockCipher + cipher::KeyInit>(
    key: &[u8],
    iv: &[u8],
    buf: &mut [u8],
) -> Result<()> {
    cbc::Decryptor::<C>::new_from_slices(key, iv)
        .map_err(|_| CryptoError::Backend("CBC key/IV"))?
        .decrypt_padded_mut::<NoPadding>(buf)
        .map_err(|_| CryptoError::Backend("CBC decrypt"))?;
    Ok(())
}

impl Encryption for CbcCipher {
    fn id(&self) -> u16 {
        self.id
    }
    fn key_bits(&self) -> Option<u16> {
        match self.kind {
            CbcKind::Aes128 => Some(128),
            CbcKind::Aes192 => Some(192),
            CbcKind::Aes256 => Some(256),
            CbcKind::TripleDes => None,
        }
    }
    fn name(&self) -> &'static str {
        match self.kind {
            CbcKind::Aes128 => "AES_CBC_128",
            CbcKind::Aes192 => "AES_CBC_192",
            CbcKind::Aes256 => "AES_CBC_256",
            CbcKind::TripleDes => "3DES_CBC",
        }
    }
    fn key_len(&self) -> usize {
        match self.kind {
            CbcKind::Aes128 => 16,
            CbcKind::Aes192 | CbcKind::TripleDes => 24,
            CbcKind::Aes256 => 32,
        }
    }
    fn iv_len(&self) -> usize {
        self.block_len()
    }
    fn block_len(&self) -> usize {
        match self.kind {
            CbcKind::TripleDes => 8,
            _ => 16,
        }
    }
    fn icv_len(&self) -> usize {
        0
    }
    fn encrypt(&self, key: &[u8], iv: &[u8], _aad: &[u8], buf: &mut Vec<u8>) -> Result<()> {
        self.check(key, iv, buf.len())?;
        match self.kind {
            CbcKind::Aes128 => enc::<aes::Aes128>(key, iv, buf),
            CbcKind::Aes192 => enc::<aes::Aes192>(key, iv, buf),
            CbcKind::Aes256 => enc::<aes::Aes256>(key, iv, buf),
            CbcKind::TripleDes => enc::<des::TdesEde3>(key, iv, buf),
        }
    }
    fn decrypt(&self, key: &[u8], iv: &[u8], _aad: &[u8], buf: &mut Vec<u8>) -> Result<()> {
        self.check(key, iv, buf.len())?;
        match self.kind {
            CbcKind::Aes128 => dec::<aes::Aes128>(key, iv, buf),
            CbcKind::Aes192 => dec::<aes::Aes192>(key, iv, buf),
            CbcKind::Aes256 => dec::<aes::Aes256>(key, iv, buf),
            CbcKind::TripleDes => dec::<des::TdesEde3>(key, iv, buf),
        }
    }
}

impl CbcCipher {
    fn check(&self, key: &[u8], iv: &[u8], len: usize) -> Result<()> {
        check_len(self.name(), self.key_len(), key.len())?;
        check_len("CBC IV", self.block_len(), iv.len())?;
        if !len.is_multiple_of(self.block_len()) {
            return Err(CryptoError::BadCiphertextLength {
                what: self.name(),
                len,
                block: self.block_len(),
            });
        }
        Ok(())
    }
}
