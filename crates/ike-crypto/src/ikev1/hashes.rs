//! IKEv1 HASH payload values (RFC 2409 5, 5.5, 5.7).

use crate::error::Result;
use crate::prf::Prf;
use crate::secret::SecretBytes;

/// The Phase 1 values that HASH_I and HASH_R cover (RFC 2409 5).
#[derive(Debug, Clone, Copy)]
pub struct Phase1Transcript<'a> {
    /// Initiator's public DH value g^xi.
    pub g_xi: &'a [u8],
    /// Responder's public DH value g^xr.
    pub g_xr: &'a [u8],
    /// Initiator cookie.
    pub cky_i: &'a [u8],
    /// Responder cookie.
    pub cky_r: &'a [u8],
    /// The initiator's SA payload body (without generic header).
    pub sa_i_b: &'a [u8],
}

/// HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b);
/// `id_ii_b` is the initiator's ID payload body (without generic header).
pub fn hash_i(
    prf: &dyn Prf,
    skeyid: &[u8],
    t: &Phase1Transcript<'_>,
    id_ii_b: &[u8],
) -> Result<SecretBytes> {
    prf.compute(
        skeyid,
        &[t.g_xi, t.g_xr, t.cky_i, t.cky_r, t.sa_i_b, id_ii_b],
    )
}

/// HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b).
pub fn hash_r(
    prf: &dyn Prf,
    skeyid: &[u8],
    t: &Phase1Transcript<'_>,
    id_ir_b: &[u8],
) -> Result<SecretBytes> {
    prf.compute(
        skeyid,
        &[t.g_xr, t.g_xi, t.cky_r, t.cky_i, t.sa_i_b, id_ir_b],
    )
}

/// Quick Mode HASH(1) = prf(SKEYID_a, M-ID | <payloads after HASH(1)>).
pub fn qm_hash1(prf: &dyn Prf, skeyid_a: &[u8], msgid: u32, rest: &[u8]) -> Result<SecretBytes> {
    prf.compute(skeyid_a, &[&msgid.to_be_bytes(), rest])
}

/// Quick Mode HASH(2) = prf(SKEYID_a, M-ID | Ni_b | <payloads after HASH(2)>).
pub fn qm_hash2(
    prf: &dyn Prf,
    skeyid_a: &[u8],
    msgid: u32,
    ni_b: &[u8],
    rest: &[u8],
) -> Result<SecretBytes> {
    prf.compute(skeyid_a, &[&msgid.to_be_bytes(), ni_b, rest])
}

/// Quick Mode HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b).
pub fn qm_hash3(
    prf: &dyn Prf,
    skeyid_a: &[u8],
    msgid: u32,
    ni_b: &[u8],
    nr_b: &[u8],
) -> Result<SecretBytes> {
    prf.compute(skeyid_a, &[&[0u8], &msgid.to_be_bytes(), ni_b, nr_b])
}

/// Informational HASH(1) = prf(SKEYID_a, M-ID | N/D) (RFC 2409 5.7).
pub fn informational_hash(
    prf: &dyn Prf,
    skeyid_a: &[u8],
    msgid: u32,
    rest: &[u8],
) -> Result<SecretBytes> {
    qm_hash1(prf, skeyid_a, msgid, rest)
}
