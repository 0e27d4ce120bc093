//! SKEYID and friends (RFC 2409 5), App. B key expansion, Quick Mode KEYMAT
//! (RFC 2409 5.5).

use crate::error::Result;
use crate::prf::Prf;
use crate::secret::SecretBytes;

/// SKEYID for signature authentication: prf(Ni_b | Nr_b, g^xy).
pub fn skeyid_sig(prf: &dyn Prf, ni_b: &[u8], nr_b: &[u8], g_xy: &[u8]) -> Result<SecretBytes> {
    let k = [ni_b, nr_b].concat();
    let out = prf.compute(&k, &[g_xy]);
    zeroize::Zeroize::zeroize(&mut { k });
    out
}

/// SKEYID for pre-shared key authentication: prf(pre-shared-key, Ni_b | Nr_b).
pub fn skeyid_psk(prf: &dyn Prf, psk: &[u8], ni_b: &[u8], nr_b: &[u8]) -> Result<SecretBytes> {
    prf.compute(psk, &[ni_b, nr_b])
}

/// SKEYID_d, SKEYID_a, SKEYID_e.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkeyidDae {
    /// Derives Quick Mode KEYMAT.
    pub d: SecretBytes,
    /// Authenticates ISAKMP messages (HASH payloads).
    pub a: SecretBytes,
    /// Encrypts ISAKMP messages (expanded with [`expand_key`]).
    pub e: SecretBytes,
}

/// RFC 2409 5:
/// SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0),
/// SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1),
/// SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2).
pub fn skeyid_dae(
    prf: &dyn Prf,
    skeyid: &[u8],
    g_xy: &[u8],
    cky_i: &[u8],
    cky_r: &[u8],
) -> Result<SkeyidDae> {
    let d = prf.compute(skeyid, &[g_xy, cky_i, cky_r, &[0]])?;
    let a = prf.compute(skeyid, &[d.as_bytes(), g_xy, cky_i, cky_r, &[1]])?;
    let e = prf.compute(skeyid, &[a.as_bytes(), g_xy, cky_i, cky_r, &[2]])?;
    Ok(SkeyidDae { d, a, e })
}

/// The encryption key from SKEYID_e (RFC 2409 App. B): its first `len`
/// octets when long enough, else Ka = K1 | K2 | ... with K1 = prf(SKEYID_e, 0)
/// and Ki = prf(SKEYID_e, Ki-1), cut to `len`.
pub fn expand_key(prf: &dyn Prf, skeyid_e: &[u8], len: usize) -> Result<SecretBytes> {
    if skeyid_e.len() >= len {
        return Ok(SecretBytes::from_slice(&skeyid_e[..len]));
    }
    let mut out = SecretBytes::default();
    let mut k = prf.compute(skeyid_e, &[&[0u8]])?;
    loop {
        out.extend_from_slice(k.as_bytes());
        if out.len() >= len {
            break;
        }
        k = prf.compute(skeyid_e, &[k.as_bytes()])?;
    }
    out.truncate(len);
    Ok(out)
}

/// What one Quick Mode SA's KEYMAT is derived from (RFC 2409 5.5).
#[derive(Debug, Clone, Copy)]
pub struct KeymatInput<'a> {
    /// The PFS shared secret g(qm)^xy, if Quick Mode had a KE exchange.
    pub g_qm_xy: Option<&'a [u8]>,
    /// The protocol ID of the SA (3 = ESP, 2 = AH, RFC 2407 4.4.1).
    pub protocol: u8,
    /// The SPI of the SA (the receiver's SPI for that direction).
    pub spi: &'a [u8],
    /// Initiator nonce body.
    pub ni_b: &'a [u8],
    /// Responder nonce body.
    pub nr_b: &'a [u8],
}

/// Quick Mode KEYMAT (RFC 2409 5.5) for one SA direction:
/// K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b),
/// Ki = prf(SKEYID_d, Ki-1 | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b),
/// KEYMAT = K1 | K2 | ... cut to `len`.
pub fn keymat(
    prf: &dyn Prf,
    skeyid_d: &[u8],
    input: &KeymatInput<'_>,
    len: usize,
) -> Result<SecretBytes> {
    let seed = [
        input.g_qm_xy.unwrap_or_default(),
        &[input.protocol],
        input.spi,
        input.ni_b,
        input.nr_b,
    ]
    .concat();
    let mut out = SecretBytes::default();
    let mut prev = SecretBytes::default();
    while out.len() < len {
        let k = prf.compute(skeyid_d, &[prev.as_bytes(), &seed])?;
        out.extend_from_slice(k.as_bytes());
        prev = k;
    }
    zeroize::Zeroize::zeroize(&mut { seed });
    out.truncate(len);
    Ok(out)
}
