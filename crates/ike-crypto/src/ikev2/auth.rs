//! The octets that the IKEv2 AUTH payload signs or MACs (RFC 7296 2.15).

use crate::ct::ct_eq;
use crate::error::{CryptoError, Result};
use crate::prf::Prf;
use crate::secret::SecretBytes;

/// The pad string of RFC 7296 2.15.
pub const KEY_PAD: &[u8] = b"Key Pad for IKEv2";

/// InitiatorSignedOctets / ResponderSignedOctets (RFC 7296 2.15):
/// `RealMessage | NonceData(peer) | prf(SK_px, RestOfIDPayload)`, where
/// `rest_of_id` is the ID payload body after the generic header (ID Type,
/// three reserved octets, identification data), and `sk_p` is SK_pi for
/// the initiator's AUTH and SK_pr for the responder's.
pub fn signed_octets(
    prf: &dyn Prf,
    real_message: &[u8],
    peer_nonce: &[u8],
    sk_p: &[u8],
    rest_of_id: &[u8],
) -> Result<Vec<u8>> {
    let maced_id = prf.compute(sk_p, &[rest_of_id])?;
    Ok([real_message, peer_nonce, maced_id.as_bytes()].concat())
}

/// AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), `<SignedOctets>`)
/// (RFC 7296 2.15), for auth method 2 and for EAP's MSK.
pub fn psk_auth(prf: &dyn Prf, shared_secret: &[u8], signed: &[u8]) -> Result<SecretBytes> {
    let k = prf.compute(shared_secret, &[KEY_PAD])?;
    prf.compute(k.as_bytes(), &[signed])
}

/// Checks a received PSK AUTH value in constant time.
pub fn verify_psk_auth(
    prf: &dyn Prf,
    shared_secret: &[u8],
    signed: &[u8],
    received: &[u8],
) -> Result<()> {
    let mine = psk_auth(prf, shared_secret, signed)?;
    if ct_eq(mine.as_bytes(), received) {
        Ok(())
    } else {
        Err(CryptoError::IntegrityCheckFailed {
            what: "IKEv2 PSK AUTH",
        })
    }
}
