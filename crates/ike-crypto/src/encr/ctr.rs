//! AES-CTR for IKEv2 (RFC 5930, counter block layout of RFC 3686 4).

use super::{check_len, Encryption};
use crate::error::Result;
use cipher::{KeyIvInit, StreamCipher};

/// AES-CTR with a 4-octet nonce taken from the end of the keying material.
#[derive(Debug)]
pub struct CtrCipher {
    aes_key_len: usize,
}

impl CtrCipher {
    pub(crate) const fn new(aes_key_len: usize) -> Self {
        CtrCipher { aes_key_len }
    }

    fn apply(&self, key: &[u8], iv: &[u8], buf: &mut [u8]) -> Result<()> {
        check_len(self.name(), self.key_len(), key.len())?;
        check_len("AES-CTR IV", 8, iv.len())?;
        let (k, nonce) = key.split_at(self.aes_key_len);
        // RFC 3686 4: nonce(4) | IV(8) | block counter(4), counter starting at 1.
        let mut block = [0u8; 16];
        block[..4].copy_from_slice(nonce);
        block[4..12].copy_from_slice(iv);
        block[15] = 1;
        macro_rules! run {
            ($aes:ty) => {
                ctr::Ctr32BE::<$aes>::new_from_slices(k, &block)
                    .map_err(|_| crate::CryptoError::Backend("AES-CTR key"))?
                    .apply_keystream(buf)
            };
        }
        match self.aes_key_len {
            16 => run!(aes::Aes128),
            24 => run!(aes::Aes192),
            _ => run!(aes::Aes256),
        }
        Ok(())
    }
}

impl Encryption for CtrCipher {
    fn id(&self) -> u16 {
        crate::ids::encr::AES_CTR
    }
    fn key_bits(&self) -> Option<u16> {
        Some((self.aes_key_len * 8) as u16)
    }
    fn name(&self) -> &'static str {
        match self.aes_key_len {
            16 => "AES_CTR_128",
            24 => "AES_CTR_192",
            _ => "AES_CTR_256",
        }
    }
    fn key_len(&self) -> usize {
        self.aes_key_len + 4
    }
    fn iv_len(&self) -> usize {
        8
    }
    fn block_len(&self) -> usize {
        // RFC 5930 2 / RFC 3686: no block alignment is needed; RFC 7296 3.14
        // padding is then optional.
        1
    }
    fn icv_len(&self) -> usize {
        0
    }
    fn encrypt(&self, key: &[u8], iv: &[u8], _aad: &[u8], buf: &mut Vec<u8>) -> Result<()> {
        self.apply(key, iv, buf)
    }
    fn decrypt(&self, key: &[u8], iv: &[u8], _aad: &[u8], buf: &mut Vec<u8>) -> Result<()> {
        self.apply(key, iv, buf)
    }
}
