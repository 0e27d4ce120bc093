//! Encryption transforms (RFC 7296 3.3.2 transform type 1): CBC, CTR and AEAD.
//!
//! The trait works on one buffer in place. Callers add and remove IKE's own
//! padding with [`crate::ikev2::sk`] (IKEv2, RFC 7296 3.14) or
//! [`crate::ikev1::crypt`] (IKEv1, RFC 2409 App. B / 5.3).

mod aead;
mod cbc;
mod ctr;

pub use aead::{AeadCipher, AeadKind};
pub use cbc::{CbcCipher, CbcKind};
pub use ctr::CtrCipher;

use crate::error::Result;

/// An encryption algorithm with a fixed key size.
pub trait Encryption: Send + Sync + core::fmt::Debug {
    /// IANA transform ID (type 1).
    fn id(&self) -> u16;
    /// The Key Length attribute value in bits, or `None` for ciphers that
    /// take no key length attribute (3DES, ChaCha20-Poly1305).
    fn key_bits(&self) -> Option<u16>;
    /// Human-readable name.
    fn name(&self) -> &'static str;
    /// Keying material taken for SK_ei/SK_er, including any salt/nonce
    /// (RFC 5930 2: key + 4-octet nonce; RFC 5282 7.1: key + 4 (GCM) or
    /// 3 (CCM) octet salt; RFC 7634 2: 32 + 4).
    fn key_len(&self) -> usize;
    /// Length of the explicit IV carried in front of the ciphertext.
    fn iv_len(&self) -> usize;
    /// Alignment the plaintext must be padded to (cipher block size for CBC,
    /// 1 for counter-mode and AEAD ciphers).
    fn block_len(&self) -> usize;
    /// Length of the AEAD tag (ICV), 0 for non-AEAD ciphers.
    fn icv_len(&self) -> usize;
    /// True for combined-mode ciphers (no separate integrity transform).
    fn is_aead(&self) -> bool {
        self.icv_len() > 0
    }
    /// Encrypts `buf` in place. `buf.len()` must be a multiple of
    /// `block_len()`. AEAD ciphers authenticate `aad` and append the tag;
    /// others ignore `aad`.
    fn encrypt(&self, key: &[u8], iv: &[u8], aad: &[u8], buf: &mut Vec<u8>) -> Result<()>;
    /// Decrypts `buf` in place. AEAD ciphers verify and remove the trailing
    /// tag (constant-time compare) and fail with
    /// [`crate::CryptoError::IntegrityCheckFailed`] before releasing
    /// plaintext.
    fn decrypt(&self, key: &[u8], iv: &[u8], aad: &[u8], buf: &mut Vec<u8>) -> Result<()>;
}

pub(crate) fn check_len(what: &'static str, expected: usize, got: usize) -> Result<()> {
    if expected != got {
        return Err(crate::CryptoError::BadLength {
            what,
            expected,
            got,
        });
    }
    Ok(())
}

use crate::ids::encr as id;

/// ENCR_AES_CBC, 128-bit key.
pub static AES_CBC_128: CbcCipher = CbcCipher::new(id::AES_CBC, CbcKind::Aes128);
/// ENCR_AES_CBC, 192-bit key.
pub static AES_CBC_192: CbcCipher = CbcCipher::new(id::AES_CBC, CbcKind::Aes192);
/// ENCR_AES_CBC, 256-bit key.
pub static AES_CBC_256: CbcCipher = CbcCipher::new(id::AES_CBC, CbcKind::Aes256);
/// ENCR_3DES.
pub static TRIPLE_DES_CBC: CbcCipher = CbcCipher::new(id::TRIPLE_DES, CbcKind::TripleDes);
/// ENCR_AES_CTR, 128-bit key.
pub static AES_CTR_128: CtrCipher = CtrCipher::new(16);
/// ENCR_AES_CTR, 192-bit key.
pub static AES_CTR_192: CtrCipher = CtrCipher::new(24);
/// ENCR_AES_CTR, 256-bit key.
pub static AES_CTR_256: CtrCipher = CtrCipher::new(32);

macro_rules! aead {
    ($name:ident, $id:expr, $kind:expr, $kb:expr, $icv:expr) => {
        #[doc = concat!("AEAD transform ", stringify!($id), ", ", stringify!($kb), "-bit key, ", stringify!($icv), "-octet ICV.")]
        pub static $name: AeadCipher = AeadCipher::new($id, $kind, $kb, $icv);
    };
}
aead!(AES_GCM_8_128, id::AES_GCM_8, AeadKind::Gcm, 128, 8);
aead!(AES_GCM_8_192, id::AES_GCM_8, AeadKind::Gcm, 192, 8);
aead!(AES_GCM_8_256, id::AES_GCM_8, AeadKind::Gcm, 256, 8);
aead!(AES_GCM_12_128, id::AES_GCM_12, AeadKind::Gcm, 128, 12);
aead!(AES_GCM_12_192, id::AES_GCM_12, AeadKind::Gcm, 192, 12);
aead!(AES_GCM_12_256, id::AES_GCM_12, AeadKind::Gcm, 256, 12);
aead!(AES_GCM_16_128, id::AES_GCM_16, AeadKind::Gcm, 128, 16);
aead!(AES_GCM_16_192, id::AES_GCM_16, AeadKind::Gcm, 192, 16);
aead!(AES_GCM_16_256, id::AES_GCM_16, AeadKind::Gcm, 256, 16);
aead!(AES_CCM_8_128, id::AES_CCM_8, AeadKind::Ccm, 128, 8);
aead!(AES_CCM_8_192, id::AES_CCM_8, AeadKind::Ccm, 192, 8);
aead!(AES_CCM_8_256, id::AES_CCM_8, AeadKind::Ccm, 256, 8);
aead!(AES_CCM_12_128, id::AES_CCM_12, AeadKind::Ccm, 128, 12);
aead!(AES_CCM_12_192, id::AES_CCM_12, AeadKind::Ccm, 192, 12);
aead!(AES_CCM_12_256, id::AES_CCM_12, AeadKind::Ccm, 256, 12);
aead!(AES_CCM_16_128, id::AES_CCM_16, AeadKind::Ccm, 128, 16);
aead!(AES_CCM_16_192, id::AES_CCM_16, AeadKind::Ccm, 192, 16);
aead!(AES_CCM_16_256, id::AES_CCM_16, AeadKind::Ccm, 256, 16);
/// ENCR_CHACHA20_POLY1305 (RFC 7634).
pub static CHACHA20_POLY1305: AeadCipher =
    AeadCipher::new(id::CHACHA20_POLY1305, AeadKind::ChaCha20Poly1305, 256, 16);

/// Every encryption algorithm of the pure-Rust provider.
pub static ALL: &[&dyn Encryption] = &[
    &AES_CBC_128,
    &AES_CBC_192,
    &AES_CBC_256,
    &TRIPLE_DES_CBC,
    &AES_CTR_128,
    &AES_CTR_192,
    &AES_CTR_256,
    &AES_GCM_8_128,
    &AES_GCM_8_192,
    &AES_GCM_8_256,
    &AES_GCM_12_128,
    &AES_GCM_12_192,
    &AES_GCM_12_256,
    &AES_GCM_16_128,
    &AES_GCM_16_192,
    &AES_GCM_16_256,
    &AES_CCM_8_128,
    &AES_CCM_8_192,
    &AES_CCM_8_256,
    &AES_CCM_12_128,
    &AES_CCM_12_192,
    &AES_CCM_12_256,
    &AES_CCM_16_128,
    &AES_CCM_16_192,
    &AES_CCM_16_256,
    &CHACHA20_POLY1305,
];
