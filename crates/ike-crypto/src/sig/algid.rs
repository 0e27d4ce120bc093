//! RFC 7427 AUTH data: `length (1 octet) | AlgorithmIdentifier | signature`,
//! with the AlgorithmIdentifier DER blobs of RFC 7427 Appendix A.

use super::SignatureScheme;
use crate::error::{CryptoError, Result};
use crate::hash::HashAlg;

const RSA_SHA1: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05, 0x05, 0x00,
];
const RSA_SHA256: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00,
];
const RSA_SHA384: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c, 0x05, 0x00,
];
const RSA_SHA512: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d, 0x05, 0x00,
];
const ECDSA_SHA1: &[u8] = &[
    0x30, 0x09, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01,
];
const ECDSA_SHA256: &[u8] = &[
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
];
const ECDSA_SHA384: &[u8] = &[
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03,
];
const ECDSA_SHA512: &[u8] = &[
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04,
];

/// DER of the hash OIDs used inside the PSS parameters (9 octets).
fn sha2_oid(h: HashAlg) -> Option<[u8; 9]> {
    let last = match h {
        HashAlg::Sha256 => 1,
        HashAlg::Sha384 => 2,
        HashAlg::Sha512 => 3,
        _ => return None,
    };
    Some([0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, last])
}

/// RSASSA-PSS AlgorithmIdentifier with hash `h`, MGF1(`h`), salt = hash
/// length, following RFC 7427 A.4.3. `trailer` includes the (default)
/// trailerField [3] INTEGER 1, which RFC 7427 shows and DER omits.
fn pss_blob(h: HashAlg, trailer: bool) -> Option<Vec<u8>> {
    let oid = sha2_oid(h)?;
    let hash_alg = |v: &mut Vec<u8>| {
        v.extend_from_slice(&[0x30, 0x0d, 0x06, 0x09]);
        v.extend_from_slice(&oid);
        v.extend_from_slice(&[0x05, 0x00]);
    };
    let mut params = vec![0xa0, 0x0f];
    hash_alg(&mut params);
    params.extend_from_slice(&[
        0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08,
    ]);
    hash_alg(&mut params);
    params.extend_from_slice(&[0xa2, 0x03, 0x02, 0x01, h.output_len() as u8]);
    if trailer {
        params.extend_from_slice(&[0xa3, 0x03, 0x02, 0x01, 0x01]);
    }
    let mut inner = vec![
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30,
    ];
    inner.push(params.len() as u8);
    inner.extend_from_slice(&params);
    let mut out = vec![0x30, inner.len() as u8];
    out.extend_from_slice(&inner);
    Some(out)
}

/// The AlgorithmIdentifier DER blob for a scheme (RFC 7427 A); `None` for
/// schemes that method 14 cannot carry (raw PKCS#1, fixed-size ECDSA).
pub fn algorithm_identifier(scheme: SignatureScheme) -> Option<Vec<u8>> {
    use HashAlg::*;
    use SignatureScheme::*;
    let fixed: &[u8] = match scheme {
        RsaPkcs1(Sha1) => RSA_SHA1,
        RsaPkcs1(Sha256) => RSA_SHA256,
        RsaPkcs1(Sha384) => RSA_SHA384,
        RsaPkcs1(Sha512) => RSA_SHA512,
        EcdsaDer(Sha1) => ECDSA_SHA1,
        EcdsaDer(Sha256) => ECDSA_SHA256,
        EcdsaDer(Sha384) => ECDSA_SHA384,
        EcdsaDer(Sha512) => ECDSA_SHA512,
        RsaPss(h) => return pss_blob(h, true),
        _ => return None,
    };
    Some(fixed.to_vec())
}

/// Recognises an AlgorithmIdentifier blob (exact DER match).
pub fn scheme_from_algorithm_identifier(blob: &[u8]) -> Result<SignatureScheme> {
    use HashAlg::*;
    use SignatureScheme::*;
    let candidates = [
        RsaPkcs1(Sha1),
        RsaPkcs1(Sha256),
        RsaPkcs1(Sha384),
        RsaPkcs1(Sha512),
        EcdsaDer(Sha1),
        EcdsaDer(Sha256),
        EcdsaDer(Sha384),
        EcdsaDer(Sha512),
    ];
    for s in candidates {
        if algorithm_identifier(s).as_deref() == Some(blob) {
            return Ok(s);
        }
    }
    for h in [Sha256, Sha384, Sha512] {
        for trailer in [true, false] {
            if pss_blob(h, trailer).as_deref() == Some(blob) {
                return Ok(RsaPss(h));
            }
        }
    }
    Err(CryptoError::Malformed {
        what: "RFC 7427 AlgorithmIdentifier",
        reason: "unknown or unsupported signature algorithm",
    })
}

/// Splits RFC 7427 AUTH data (method 14) into scheme and signature.
pub fn decode_auth_data(data: &[u8]) -> Result<(SignatureScheme, &[u8])> {
    let (&len, rest) = data.split_first().ok_or(CryptoError::Malformed {
        what: "RFC 7427 AUTH data",
        reason: "empty",
    })?;
    let len = len as usize;
    if rest.len() < len {
        return Err(CryptoError::Malformed {
            what: "RFC 7427 AUTH data",
            reason: "AlgorithmIdentifier length exceeds the payload",
        });
    }
    let (blob, sig) = rest.split_at(len);
    Ok((scheme_from_algorithm_identifier(blob)?, sig))
}

/// Builds RFC 7427 AUTH data (method 14) from a scheme and signature.
pub fn encode_auth_data(scheme: SignatureScheme, sig: &[u8]) -> Result<Vec<u8>> {
    let blob = algorithm_identifier(scheme).ok_or(CryptoError::Malformed {
        what: "RFC 7427 AUTH data",
        reason: "scheme has no AlgorithmIdentifier",
    })?;
    let mut out = Vec::with_capacity(1 + blob.len() + sig.len());
    out.push(blob.len() as u8);
    out.extend_from_slice(&blob);
    out.extend_from_slice(sig);
    Ok(out)
}
