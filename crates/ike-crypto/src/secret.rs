//! Owned secret bytes that are wiped on drop.

use zeroize::{Zeroize, ZeroizeOnDrop};

/// Secret octets (keys, shared secrets, SKEYSEED, ...). Zeroized on drop;
/// `Debug` does not print the value. Equality is constant time.
#[derive(Clone, Default, Zeroize, ZeroizeOnDrop)]
pub struct SecretBytes(Vec<u8>);

impl SecretBytes {
    /// Wraps (takes ownership of) `v`.
    pub fn new(v: Vec<u8>) -> Self {
        SecretBytes(v)
    }
    /// Copies `s`.
    pub fn from_slice(s: &[u8]) -> Self {
        SecretBytes(s.to_vec())
    }
    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    /// Length in octets.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Splits off the first `n` octets as a new secret (keeps the rest).
    /// Used to carve SK_* out of a prf+ stream. `n` larger than the
    /// remaining length takes everything.
    pub fn take_front(&mut self, n: usize) -> SecretBytes {
        let n = n.min(self.0.len());
        let rest = self.0.split_off(n);
        SecretBytes(core::mem::replace(&mut self.0, rest))
    }
    /// Truncates to `n` octets (wiping the tail).
    pub fn truncate(&mut self, n: usize) {
        if n < self.0.len() {
            self.0[n..].zeroize();
            self.0.truncate(n);
        }
    }
    /// Appends octets.
    pub fn extend_from_slice(&mut self, s: &[u8]) {
        // Reserve first so a reallocation does not leave an unwiped copy behind.
        if self.0.capacity() - self.0.len() < s.len() {
            let mut v = Vec::with_capacity((self.0.len() + s.len()).max(self.0.capacity() * 2));
            v.extend_from_slice(&self.0);
            self.0.zeroize();
            self.0 = v;
        }
        self.0.extend_from_slice(s);
    }
}

impl AsRef<[u8]> for SecretBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for SecretBytes {
    fn from(v: Vec<u8>) -> Self {
        SecretBytes(v)
    }
}

impl PartialEq for SecretBytes {
    fn eq(&self, other: &Self) -> bool {
        crate::ct::ct_eq(&self.0, &other.0)
    }
}
impl Eq for SecretBytes {}

impl core::fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SecretBytes({} octets)", self.0.len())
    }
}
