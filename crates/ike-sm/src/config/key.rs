//! Key material for signature authentication, as plain data: our private
//! key (zeroized when dropped) and peer public keys. Both are DER so that
//! any `ike-crypto` signature backend can load them.

use zeroize::Zeroizing;

/// Our private key for RSA signature authentication (`authby=rsasig`),
/// DER PKCS#8; zeroized when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct PrivateKey(Zeroizing<Vec<u8>>);

impl PrivateKey {
    /// From DER PKCS#8 bytes (checked only when first used to sign).
    pub fn from_pkcs8_der(der: impl Into<Vec<u8>>) -> Self {
        PrivateKey(Zeroizing::new(der.into()))
    }

    /// The DER PKCS#8 bytes.
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey(<{} bytes>)", self.0.len())
    }
}
