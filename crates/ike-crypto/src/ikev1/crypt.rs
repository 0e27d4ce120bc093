//! IKEv1 message encryption: CBC with IVs chained across messages
//! (RFC 2409 App. B) and zero padding.

use crate::encr::Encryption;
use crate::error::{CryptoError, Result};
use crate::hash::HashAlg;

/// Phase 1 IV: hash(g^xi | g^xr) cut to the block size (RFC 2409 App. B).
pub fn phase1_iv(hash: HashAlg, g_xi: &[u8], g_xr: &[u8], block_len: usize) -> Vec<u8> {
    let mut h = hash.digest(&[g_xi, g_xr]);
    h.truncate(block_len);
    h
}

/// Phase 2 (Quick Mode) and Informational IV: hash(last phase-1 CBC output
/// block | M-ID) cut to the block size (RFC 2409 App. B).
pub fn phase2_iv(hash: HashAlg, phase1_last_block: &[u8], msgid: u32, block_len: usize) -> Vec<u8> {
    let mut h = hash.digest(&[phase1_last_block, &msgid.to_be_bytes()]);
    h.truncate(block_len);
    h
}

fn check_cbc(encr: &dyn Encryption) -> Result<()> {
    if encr.is_aead() || encr.block_len() < 8 || encr.iv_len() != encr.block_len() {
        return Err(CryptoError::BadCombination(
            "IKEv1 encrypts with CBC ciphers only",
        ));
    }
    Ok(())
}

/// Encrypts the payloads after the ISAKMP header, zero-padding them to the
/// block size (RFC 2409 App. B: "padded up to the nearest block size using
/// bytes containing 0x00"). Returns the ciphertext and the IV for the next
/// message (its last block).
pub fn encrypt(
    encr: &dyn Encryption,
    key: &[u8],
    iv: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>)> {
    check_cbc(encr)?;
    let b = encr.block_len();
    let mut buf = plaintext.to_vec();
    buf.resize(plaintext.len().div_ceil(b) * b, 0);
    encr.encrypt(key, iv, &[], &mut buf)?;
    let next = buf[buf.len().saturating_sub(b)..].to_vec();
    Ok((buf, next))
}

/// Decrypts the payloads after the ISAKMP header. The padding stays (the
/// payload lengths delimit the content). Returns the plaintext and the IV
/// for the next message (the last ciphertext block).
pub fn decrypt(
    encr: &dyn Encryption,
    key: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>)> {
    check_cbc(encr)?;
    let b = encr.block_len();
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(b) {
        return Err(CryptoError::BadCiphertextLength {
            what: encr.name(),
            len: ciphertext.len(),
            block: b,
        });
    }
    let next = ciphertext[ciphertext.len() - b..].to_vec();
    let mut buf = ciphertext.to_vec();
    encr.decrypt(key, iv, &[], &mut buf)?;
    Ok((buf, next))
}
