//! RSA signature AUTH (RFC 7296 2.15 method 1, RFC 7427 method 14): which
//! method and hash to sign with, signing, and verifying the peer's AUTH.

use ike_crypto::sig::{decode_auth_data, encode_auth_data};
use ike_crypto::{CryptoError, CryptoProvider, HashAlg, KeyType, SecureRandom, SignatureScheme};

use crate::config::PrivateKey;
use crate::msg::consts::{auth, notify};
use crate::msg::{find_notify, Payload};

/// RFC 7427 4 hash algorithm identifiers.
mod hash_id {
    pub const SHA2_256: u16 = 2;
    pub const SHA2_384: u16 = 3;
    pub const SHA2_512: u16 = 4;
}

/// What went wrong with a signature AUTH.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SigAuthError {
    /// The key could not be loaded or is not an RSA key.
    #[error("{what} is not a usable RSA key: {source}")]
    Key {
        what: &'static str,
        source: CryptoError,
    },
    /// The peer used an auth method this end does not accept.
    #[error("AUTH method {0} is not acceptable for an RSA key")]
    Method(u8),
    /// RFC 7427 AUTH data names a scheme we refuse.
    #[error("RFC 7427 AUTH uses {0:?}, not RSA with SHA-2")]
    Scheme(SignatureScheme),
    /// Signing, decoding or verification failed.
    #[error("signature AUTH: {0}")]
    Crypto(#[from] CryptoError),
}

/// The hashes a SIGNATURE_HASH_ALGORITHMS notify lists (RFC 7427 4), or
/// `None` when the peer sent none.
pub(crate) fn peer_hashes(payloads: &[Payload]) -> Option<Vec<u16>> {
    find_notify(payloads, notify::SIGNATURE_HASH_ALGORITHMS).map(|n| {
        n.data
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect()
    })
}

/// Our choice of AUTH method and scheme: method 14 with the first SHA-2
/// hash of our preference the peer announced (RFC 7427 4), otherwise the
/// legacy method 1 (RSA PKCS#1 v1.5 with SHA-1, RFC 7296 3.8).
pub(crate) fn choose(peer: Option<&[u16]>) -> (u8, SignatureScheme) {
    const PREFERENCE: [(u16, HashAlg); 3] = [
        (hash_id::SHA2_256, HashAlg::Sha256),
        (hash_id::SHA2_384, HashAlg::Sha384),
        (hash_id::SHA2_512, HashAlg::Sha512),
    ];
    let common = peer.and_then(|p| PREFERENCE.iter().find(|(id, _)| p.contains(id)));
    match common {
        Some((_, h)) => (auth::DIGITAL_SIGNATURE, SignatureScheme::RsaPkcs1(*h)),
        None => (auth::RSA_SIG, SignatureScheme::RsaPkcs1(HashAlg::Sha1)),
    }
}

/// Sign `octets` (RFC 7296 2.15) with our key; returns (method, AUTH data).
pub(crate) fn sign(
    provider: &CryptoProvider,
    key: &PrivateKey,
    peer: Option<&[u16]>,
    octets: &[u8],
    rng: &dyn SecureRandom,
) -> Result<(u8, Vec<u8>), SigAuthError> {
    let signer = provider
        .signatures
        .signing_key_pkcs8(key.pkcs8_der())
        .map_err(|source| SigAuthError::Key {
            what: "our private key",
            source,
        })?;
    if !matches!(signer.key_type(), KeyType::Rsa(_)) {
        return Err(SigAuthError::Key {
            what: "our private key",
            source: CryptoError::BadCombination("authby=rsasig needs an RSA key"),
        });
    }
    let (method, scheme) = choose(peer);
    let sig = signer.sign(scheme, octets, rng)?;
    let data = if method == auth::DIGITAL_SIGNATURE {
        encode_auth_data(scheme, &sig)?
    } else {
        sig
    };
    Ok((method, data))
}

/// Verify the peer's AUTH (method 1 or 14) over `octets` with its public
/// key (DER SubjectPublicKeyInfo); returns the scheme that verified.
pub(crate) fn verify(
    provider: &CryptoProvider,
    spki: &[u8],
    method: u8,
    data: &[u8],
    octets: &[u8],
) -> Result<SignatureScheme, SigAuthError> {
    let key = provider
        .signatures
        .verifying_key_spki(spki)
        .map_err(|source| SigAuthError::Key {
            what: "the peer's public key",
            source,
        })?;
    if !matches!(key.key_type(), KeyType::Rsa(_)) {
        return Err(SigAuthError::Method(method));
    }
    match method {
        auth::RSA_SIG => {
            let scheme = SignatureScheme::RsaPkcs1(HashAlg::Sha1);
            key.verify(scheme, octets, data)?;
            Ok(scheme)
        }
        auth::DIGITAL_SIGNATURE => {
            let (scheme, sig) = decode_auth_data(data)?;
            // Only the SHA-2 hashes we announce (RFC 7427 4, RFC 8247 3.2).
            match scheme {
                SignatureScheme::RsaPkcs1(HashAlg::Sha256 | HashAlg::Sha384 | HashAlg::Sha512)
                | SignatureScheme::RsaPss(_) => {
                    key.verify(scheme, octets, sig)?;
                    Ok(scheme)
                }
                other => Err(SigAuthError::Scheme(other)),
            }
        }
        other => Err(SigAuthError::Method(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_follows_the_peer_notify() {
        assert_eq!(
            choose(None),
            (auth::RSA_SIG, SignatureScheme::RsaPkcs1(HashAlg::Sha1))
        );
        assert_eq!(
            choose(Some(&[4, 3])),
            (
                auth::DIGITAL_SIGNATURE,
                SignatureScheme::RsaPkcs1(HashAlg::Sha384)
            )
        );
        assert_eq!(
            choose(Some(&[1, 2])),
            (
                auth::DIGITAL_SIGNATURE,
                SignatureScheme::RsaPkcs1(HashAlg::Sha256)
            )
        );
        // Only SHA-1 announced: fall back to method 1.
        assert_eq!(choose(Some(&[1])).0, auth::RSA_SIG);
    }
}
