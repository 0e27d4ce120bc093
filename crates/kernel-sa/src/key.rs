//! Key bytes for one SA direction: zeroized on drop, never printed.

use std::fmt;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Keying material handed to the kernel (RFC 7296 2.17 KEYMAT slice), wiped on drop.
///
/// `Debug` prints only the length. Equality compares in constant time.
#[derive(Clone, Default, Zeroize, ZeroizeOnDrop)]
pub struct KeyBytes(Vec<u8>);

impl KeyBytes {
    /// Takes ownership of the bytes (the caller's vector moves in; no copy stays behind).
    pub fn new(bytes: Vec<u8>) -> Self {
        KeyBytes(bytes)
    }

    /// Copies the bytes from a slice.
    pub fn from_slice(bytes: &[u8]) -> Self {
        KeyBytes(bytes.to_vec())
    }

    /// The key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for an empty key (ENCR_NULL).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<u8>> for KeyBytes {
    fn from(v: Vec<u8>) -> Self {
        KeyBytes(v)
    }
}

impl PartialEq for KeyBytes {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && bool::from(self.0.ct_eq(&other.0))
    }
}

impl Eq for KeyBytes {}

impl fmt::Debug for KeyBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyBytes(<{} bytes redacted>)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_key() {
        let k = KeyBytes::from_slice(&[0xde, 0xad, 0xbe, 0xef]);
        let s = format!("{k:?}");
        assert!(!s.contains("de") && !s.contains("222"), "{s}");
        assert!(s.contains("4 bytes"));
    }

    #[test]
    fn equality_is_by_content() {
        assert_eq!(KeyBytes::from_slice(b"ab"), KeyBytes::new(b"ab".to_vec()));
        assert_ne!(KeyBytes::from_slice(b"ab"), KeyBytes::from_slice(b"abc"));
        assert_ne!(KeyBytes::from_slice(b"ab"), KeyBytes::from_slice(b"ac"));
    }
}
