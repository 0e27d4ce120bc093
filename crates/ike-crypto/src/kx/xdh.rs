//! The started side of an RFC 7748 key exchange (X25519, group 31; X448,
//! group 32): the private scalar string, our public u, and the shared
//! secret with the all-zero check that RFC 8031 2 requires.

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::{check_public_len, ActiveKeyExchange};
use crate::error::{CryptoError, Result};
use crate::secret::SecretBytes;

/// The scalar multiplication: `f(k, u)` is X25519/X448 of the scalar
/// string `k` (clamped inside) and the u-coordinate `u` (RFC 7748 5).
pub(crate) type ScalarMult<const N: usize> = fn(&[u8; N], &[u8; N]) -> [u8; N];

/// One side of an X25519/X448 exchange; the scalar is wiped on drop.
pub(crate) struct XdhActive<const N: usize> {
    group: u16,
    secret: Zeroizing<[u8; N]>,
    public: Vec<u8>,
    mult: ScalarMult<N>,
    zero_reason: &'static str,
}

impl<const N: usize> XdhActive<N> {
    /// Starts from the scalar string `private` (checked to be N octets,
    /// `what` names it in the error); `public` is X(k, base), computed by
    /// the caller (which may have a faster fixed-base method).
    pub(crate) fn start(
        group: u16,
        what: &'static str,
        private: &[u8],
        public: fn(&[u8; N]) -> [u8; N],
        mult: ScalarMult<N>,
        zero_reason: &'static str,
    ) -> Result<Box<dyn ActiveKeyExchange>> {
        let k: [u8; N] = private.try_into().map_err(|_| CryptoError::BadLength {
            what,
            expected: N,
            got: private.len(),
        })?;
        let secret = Zeroizing::new(k);
        let public = public(&secret).to_vec();
        Ok(Box::new(XdhActive {
            group,
            secret,
            public,
            mult,
            zero_reason,
        }))
    }
}

impl<const N: usize> core::fmt::Debug for XdhActive<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "XdhActive(group {})", self.group)
    }
}

impl<const N: usize> ActiveKeyExchange for XdhActive<N> {
    fn group(&self) -> u16 {
        self.group
    }
    fn public(&self) -> &[u8] {
        &self.public
    }
    fn complete(&self, peer: &[u8]) -> Result<SecretBytes> {
        check_public_len(self.group, N, peer.len())?;
        let mut u = [0u8; N];
        u.copy_from_slice(peer);
        let shared = Zeroizing::new((self.mult)(&self.secret, &u));
        // RFC 8031 2 / RFC 7748 6: MUST refuse the all-zero value (a peer
        // point of small order). Compared in constant time; only the
        // verdict, which the peer learns anyway, leaves.
        if bool::from(shared.ct_eq(&[0u8; N])) {
            return Err(CryptoError::InvalidSharedSecret {
                group: self.group,
                reason: self.zero_reason,
            });
        }
        Ok(SecretBytes::from_slice(shared.as_ref()))
    }
}
