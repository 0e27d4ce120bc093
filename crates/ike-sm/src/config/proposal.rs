//! IKE and ESP proposals in Libreswan's `ike=` / `esp=` syntax, Libreswan
//! 4.10's default lists, and proposal selection (RFC 7296 2.7, 3.3).
//!
//! Syntax (Libreswan `ipsec.conf(5)`, IKEv2 parser): proposals separated by
//! `,`; within one, `ENCR[-PRF][-INTEG][;DH]` for IKE and
//! `ENCR[-INTEG][;DH]` for ESP, where each part may list several algorithms
//! joined by `+`. An omitted part takes Libreswan's defaults. The legacy
//! form `aes128-sha1-modp2048` (DH after `-`) is accepted too.

use super::alg::{self, dh, encr, esn, integ, prf, Encr, TransformType};

/// One proposal: for each transform type, the acceptable algorithms in
/// local preference order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Proposal {
    /// Encryption algorithms (with key lengths).
    pub encr: Vec<Encr>,
    /// PRFs (IKE only).
    pub prf: Vec<u16>,
    /// Integrity algorithms; empty for AEAD ciphers.
    pub integ: Vec<u16>,
    /// DH groups; for ESP, empty means "no PFS group of its own".
    pub dh: Vec<u16>,
    /// ESN choices (ESP only); empty means "no ESN".
    pub esn: Vec<u16>,
}

/// Which protocol a proposal string is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalKind {
    /// `ike=`
    Ike,
    /// `esp=`
    Esp,
}

/// A proposal string that does not parse; says which token and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProposalError {
    /// The whole string or one proposal in it is empty.
    #[error("{kind:?} proposal string is empty (in '{input}')")]
    Empty {
        /// `ike` or `esp`
        kind: ProposalKind,
        /// the full input
        input: String,
    },
    /// A name that matches no algorithm of the expected type.
    #[error("{kind:?} proposal '{proposal}': unknown {what} algorithm '{token}'")]
    Unknown {
        /// `ike` or `esp`
        kind: ProposalKind,
        /// the proposal being parsed
        proposal: String,
        /// what was expected (encryption, PRF, integrity, DH)
        what: &'static str,
        /// the token
        token: String,
    },
    /// More parts than the syntax allows.
    #[error("{kind:?} proposal '{proposal}': unexpected '{token}'")]
    Unexpected {
        /// `ike` or `esp`
        kind: ProposalKind,
        /// the proposal being parsed
        proposal: String,
        /// the token
        token: String,
    },
    /// Integrity given with an AEAD cipher, or missing where needed.
    #[error("{kind:?} proposal '{proposal}': {why}")]
    Invalid {
        /// `ike` or `esp`
        kind: ProposalKind,
        /// the proposal being parsed
        proposal: String,
        /// what is wrong
        why: &'static str,
    },
}

const DEFAULT_IKE_DH: [u16; 8] = [
    dh::MODP_2048,
    dh::MODP_3072,
    dh::MODP_4096,
    dh::MODP_8192,
    dh::ECP_256,
    dh::ECP_384,
    dh::ECP_521,
    dh::CURVE25519,
];
const DEFAULT_IKE_PRF: [u16; 2] = [prf::HMAC_SHA2_512, prf::HMAC_SHA2_256];
const DEFAULT_INTEG: [u16; 2] = [integ::HMAC_SHA2_512_256, integ::HMAC_SHA2_256_128];

fn enc(id: u16, bits: u16) -> Encr {
    Encr {
        id,
        key_bits: Some(bits),
    }
}

/// Libreswan 4.10's default IKEv2 `ike=` list, as seen on the wire
/// (interop NOTES §5): AES-GCM-16 256 and 128 with PRF SHA2-512/256, then
/// AES-CBC 256 and 128 with SHA2-512/256 PRF and integrity; every proposal
/// with DH MODP2048, 3072, 4096, 8192, ECP256, 384, 521, Curve25519.
pub fn default_ike() -> Vec<Proposal> {
    let aead = |bits| Proposal {
        encr: vec![enc(encr::AES_GCM_16, bits)],
        prf: DEFAULT_IKE_PRF.to_vec(),
        integ: vec![],
        dh: DEFAULT_IKE_DH.to_vec(),
        esn: vec![],
    };
    let cbc = |bits| Proposal {
        encr: vec![enc(encr::AES_CBC, bits)],
        prf: DEFAULT_IKE_PRF.to_vec(),
        integ: DEFAULT_INTEG.to_vec(),
        dh: DEFAULT_IKE_DH.to_vec(),
        esn: vec![],
    };
    vec![aead(256), aead(128), cbc(256), cbc(128)]
}

/// Libreswan 4.10's default IKEv2 `esp=` list (NOTES §5): AES-GCM-16 256,
/// 128, AES-CBC 256, 128 with SHA2-512-256 / SHA2-256-128; ESN yes and no;
/// no DH of its own.
pub fn default_esp() -> Vec<Proposal> {
    let aead = |bits| Proposal {
        encr: vec![enc(encr::AES_GCM_16, bits)],
        esn: vec![esn::YES, esn::NO],
        ..Proposal::default()
    };
    let cbc = |bits| Proposal {
        encr: vec![enc(encr::AES_CBC, bits)],
        integ: DEFAULT_INTEG.to_vec(),
        esn: vec![esn::YES, esn::NO],
        ..Proposal::default()
    };
    vec![aead(256), aead(128), cbc(256), cbc(128)]
}

/// Parse an `ike=` value.
pub fn parse_ike(s: &str) -> Result<Vec<Proposal>, ProposalError> {
    parse(ProposalKind::Ike, s)
}

/// Parse an `esp=` value.
pub fn parse_esp(s: &str) -> Result<Vec<Proposal>, ProposalError> {
    parse(ProposalKind::Esp, s)
}

fn parse(kind: ProposalKind, s: &str) -> Result<Vec<Proposal>, ProposalError> {
    let mut out = Vec::new();
    for raw in s.split(',') {
        let p = raw.trim();
        if p.is_empty() {
            return Err(ProposalError::Empty {
                kind,
                input: s.into(),
            });
        }
        out.push(parse_one(kind, p)?);
    }
    Ok(out)
}

fn parse_one(kind: ProposalKind, p: &str) -> Result<Proposal, ProposalError> {
    let lower = p.to_ascii_lowercase();
    let (left, right) = match lower.split_once(';') {
        Some((l, r)) => (l, Some(r)),
        None => (lower.as_str(), None),
    };
    let unknown = |what: &'static str, token: &str| ProposalError::Unknown {
        kind,
        proposal: p.into(),
        what,
        token: token.into(),
    };
    // '-' separated groups; a purely numeric group is the key length of
    // the encryption algorithm before it (`aes-128`).
    let mut groups: Vec<String> = Vec::new();
    for g in left.split('-') {
        if !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()) && groups.len() == 1 {
            if let Some(first) = groups.first_mut() {
                first.push('_');
                first.push_str(g);
            }
            continue;
        }
        groups.push(g.to_string());
    }
    let mut prop = Proposal::default();
    let mut iter = groups.iter();
    let encr_group = iter.next().map(String::as_str).unwrap_or("");
    for name in encr_group.split('+') {
        let list = lookup_encr(name).ok_or_else(|| unknown("encryption", name))?;
        prop.encr.extend(list);
    }
    if prop.encr.is_empty() {
        return Err(ProposalError::Empty {
            kind,
            input: p.into(),
        });
    }
    let aead = prop.encr.iter().all(|e| alg::encr_is_aead(e.id));
    if prop.encr.iter().any(|e| alg::encr_is_aead(e.id)) && !aead {
        return Err(ProposalError::Invalid {
            kind,
            proposal: p.into(),
            why: "mixes AEAD and non-AEAD encryption",
        });
    }
    let mut slot = 0; // 0: PRF (IKE) / INTEG (ESP), 1: INTEG (IKE)
    for group in iter {
        // Legacy `aes128-sha1-modp2048`: a DH group after '-'.
        if let Some(list) = group
            .split('+')
            .map(lookup_dh)
            .collect::<Option<Vec<u16>>>()
        {
            prop.dh.extend(list);
            continue;
        }
        if !prop.dh.is_empty() {
            return Err(ProposalError::Unexpected {
                kind,
                proposal: p.into(),
                token: group.clone(),
            });
        }
        let want_prf = kind == ProposalKind::Ike && slot == 0;
        for name in group.split('+') {
            if want_prf {
                prop.prf
                    .push(lookup_prf(name).ok_or_else(|| unknown("PRF", name))?);
            } else {
                prop.integ
                    .push(lookup_integ(name).ok_or_else(|| unknown("integrity", name))?);
            }
        }
        slot += 1;
        let max = if kind == ProposalKind::Ike { 2 } else { 1 };
        if slot > max {
            return Err(ProposalError::Unexpected {
                kind,
                proposal: p.into(),
                token: group.clone(),
            });
        }
    }
    if let Some(r) = right {
        for name in r.split(['+', '-']) {
            prop.dh
                .push(lookup_dh(name).ok_or_else(|| unknown("DH", name))?);
        }
    }
    // AEAD takes no integrity (RFC 5282 8); "none" is the same as absent.
    prop.integ.retain(|&i| i != integ::NONE);
    if aead && !prop.integ.is_empty() {
        return Err(ProposalError::Invalid {
            kind,
            proposal: p.into(),
            why: "AEAD encryption takes no integrity algorithm",
        });
    }
    match kind {
        ProposalKind::Ike => {
            if prop.prf.is_empty() {
                prop.prf = DEFAULT_IKE_PRF.to_vec();
            }
            if !aead && prop.integ.is_empty() {
                // Libreswan derives integrity from the PRFs.
                for &p_id in &prop.prf {
                    if let Some(i) = alg::integ_for_prf(p_id) {
                        if !prop.integ.contains(&i) {
                            prop.integ.push(i);
                        }
                    }
                }
            }
            prop.dh.retain(|&d| d != dh::NONE);
            if prop.dh.is_empty() {
                prop.dh = DEFAULT_IKE_DH.to_vec();
            }
        }
        ProposalKind::Esp => {
            if !aead && prop.integ.is_empty() {
                prop.integ = DEFAULT_INTEG.to_vec();
            }
            prop.dh.retain(|&d| d != dh::NONE);
            prop.esn = vec![esn::YES, esn::NO];
        }
    }
    Ok(prop)
}

fn lookup_encr(name: &str) -> Option<Vec<Encr>> {
    if let Some(list) = encr_by_name(name, None) {
        return Some(list);
    }
    // `<ealg><eklen>` or `<ealg>_<eklen>`.
    let digits = name.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits == name.len() {
        return None;
    }
    let (base, bits) = name.split_at(name.len() - digits);
    let bits: u16 = bits.parse().ok()?;
    let base = base.strip_suffix('_').unwrap_or(base);
    encr_by_name(base, Some(bits))
}

fn encr_by_name(name: &str, bits: Option<u16>) -> Option<Vec<Encr>> {
    let id = match name {
        "aes" | "aes_cbc" => encr::AES_CBC,
        "aes_ctr" | "aesctr" => encr::AES_CTR,
        "aes_ccm_8" | "aes_ccm8" | "aes_ccm_a" => encr::AES_CCM_8,
        "aes_ccm_12" | "aes_ccm12" | "aes_ccm_b" => encr::AES_CCM_12,
        "aes_ccm_16" | "aes_ccm16" | "aes_ccm_c" | "aes_ccm" => encr::AES_CCM_16,
        "aes_gcm_8" | "aes_gcm8" | "aes_gcm_a" => encr::AES_GCM_8,
        "aes_gcm_12" | "aes_gcm12" | "aes_gcm_b" => encr::AES_GCM_12,
        "aes_gcm_16" | "aes_gcm16" | "aes_gcm_c" | "aes_gcm" => encr::AES_GCM_16,
        "aes_gmac" | "null_auth_aes_gmac" => encr::NULL_AUTH_AES_GMAC,
        "camellia" | "camellia_cbc" => encr::CAMELLIA_CBC,
        "3des" | "3des_cbc" => encr::TRIPLE_DES,
        "chacha20_poly1305" | "chacha20poly1305" => encr::CHACHA20_POLY1305,
        "null" => encr::NULL,
        _ => return None,
    };
    if alg::encr_has_key_length(id) {
        match bits {
            Some(b @ (128 | 192 | 256)) => Some(vec![Encr {
                id,
                key_bits: Some(b),
            }]),
            Some(_) => None,
            // No key length: propose the strongest and the default.
            None => Some(vec![
                Encr {
                    id,
                    key_bits: Some(256),
                },
                Encr {
                    id,
                    key_bits: Some(128),
                },
            ]),
        }
    } else {
        match bits {
            None => Some(vec![Encr { id, key_bits: None }]),
            Some(_) => None,
        }
    }
}

fn lookup_prf(name: &str) -> Option<u16> {
    let n = name.strip_prefix("prf").unwrap_or(name);
    Some(match n {
        "md5" | "hmac_md5" => prf::HMAC_MD5,
        "sha" | "sha1" | "hmac_sha1" => prf::HMAC_SHA1,
        "sha2" | "sha256" | "sha2_256" | "hmac_sha2_256" => prf::HMAC_SHA2_256,
        "sha384" | "sha2_384" | "hmac_sha2_384" => prf::HMAC_SHA2_384,
        "sha512" | "sha2_512" | "hmac_sha2_512" => prf::HMAC_SHA2_512,
        "aes_xcbc" | "aes128_xcbc" | "aesxcbc" => prf::AES128_XCBC,
        "aes_cmac" | "aes128_cmac" | "aescmac" => prf::AES128_CMAC,
        _ => return None,
    })
}

fn lookup_integ(name: &str) -> Option<u16> {
    Some(match name {
        "none" | "null" => integ::NONE,
        "md5" | "md5_96" | "hmac_md5" | "hmac_md5_96" => integ::HMAC_MD5_96,
        "sha" | "sha1" | "sha1_96" | "hmac_sha1" | "hmac_sha1_96" => integ::HMAC_SHA1_96,
        "sha2" | "sha256" | "sha2_256" | "sha2_256_128" | "hmac_sha2_256_128" => {
            integ::HMAC_SHA2_256_128
        }
        "sha384" | "sha2_384" | "sha2_384_192" | "hmac_sha2_384_192" => integ::HMAC_SHA2_384_192,
        "sha512" | "sha2_512" | "sha2_512_256" | "hmac_sha2_512_256" => integ::HMAC_SHA2_512_256,
        "aes_xcbc" | "aes_xcbc_96" | "aesxcbc" => integ::AES_XCBC_96,
        "aes_cmac" | "aes_cmac_96" | "aescmac" => integ::AES_CMAC_96,
        _ => return None,
    })
}

fn lookup_dh(name: &str) -> Option<u16> {
    Some(match name {
        "none" | "dh0" => dh::NONE,
        "modp1024" | "dh2" => dh::MODP_1024,
        "modp1536" | "dh5" => dh::MODP_1536,
        "modp2048" | "dh14" => dh::MODP_2048,
        "modp3072" | "dh15" => dh::MODP_3072,
        "modp4096" | "dh16" => dh::MODP_4096,
        "modp6144" | "dh17" => dh::MODP_6144,
        "modp8192" | "dh18" => dh::MODP_8192,
        "dh19" | "ecp256" | "ecp_256" => dh::ECP_256,
        "dh20" | "ecp384" | "ecp_384" => dh::ECP_384,
        "dh21" | "ecp521" | "ecp_521" => dh::ECP_521,
        "dh22" | "modp1024s160" => dh::MODP_1024_160,
        "dh23" | "modp2048s224" => dh::MODP_2048_224,
        "dh24" | "modp2048s256" => dh::MODP_2048_256,
        "dh31" | "curve25519" | "x25519" => dh::CURVE25519,
        "dh32" | "curve448" | "x448" => dh::CURVE448,
        _ => return None,
    })
}

/// One transform of a received proposal (type, IANA ID, Key Length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfferedTransform {
    /// Transform type.
    pub kind: TransformType,
    /// IANA ID.
    pub id: u16,
    /// Key Length attribute in bits, if present.
    pub key_bits: Option<u16>,
}

/// A proposal as received from (or sent to) the peer (RFC 7296 3.3.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offered {
    /// Proposal number (first is 1).
    pub number: u8,
    /// Protocol ID: 1 IKE, 2 AH, 3 ESP.
    pub protocol: u8,
    /// SPI (empty in an initial IKE_SA_INIT).
    pub spi: Vec<u8>,
    /// Transforms in order.
    pub transforms: Vec<OfferedTransform>,
}

/// The algorithms agreed on: one per transform type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chosen {
    /// Encryption.
    pub encr: Encr,
    /// PRF (IKE SAs only).
    pub prf: Option<u16>,
    /// Integrity; `None` with AEAD.
    pub integ: Option<u16>,
    /// DH group, if any.
    pub dh: Option<u16>,
    /// ESN (ESP only).
    pub esn: Option<u16>,
}

impl Chosen {
    /// Is the encryption an AEAD cipher?
    pub fn is_aead(&self) -> bool {
        alg::encr_is_aead(self.encr.id)
    }

    /// The chosen transforms as a single proposal to send back.
    pub fn to_offered(&self, number: u8, protocol: u8, spi: Vec<u8>) -> Offered {
        let mut t = vec![OfferedTransform {
            kind: TransformType::Encr,
            id: self.encr.id,
            key_bits: self.encr.key_bits,
        }];
        let mut push = |kind, v: Option<u16>| {
            if let Some(id) = v {
                t.push(OfferedTransform {
                    kind,
                    id,
                    key_bits: None,
                });
            }
        };
        push(TransformType::Prf, self.prf);
        push(TransformType::Integ, self.integ);
        push(TransformType::Dh, self.dh);
        push(TransformType::Esn, self.esn);
        Offered {
            number,
            protocol,
            spi,
            transforms: t,
        }
    }
}

/// Turn local proposals into what goes on the wire, numbered from 1.
/// `with_dh = false` drops DH transforms (the Child SA of IKE_AUTH carries
/// none, RFC 7296 1.2).
pub fn to_offered(local: &[Proposal], protocol: u8, spi: &[u8], with_dh: bool) -> Vec<Offered> {
    local
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut t = Vec::new();
            for e in &p.encr {
                t.push(OfferedTransform {
                    kind: TransformType::Encr,
                    id: e.id,
                    key_bits: e.key_bits,
                });
            }
            let mut push = |kind, ids: &[u16]| {
                for &id in ids {
                    t.push(OfferedTransform {
                        kind,
                        id,
                        key_bits: None,
                    });
                }
            };
            push(TransformType::Prf, &p.prf);
            push(TransformType::Integ, &p.integ);
            if with_dh {
                push(TransformType::Dh, &p.dh);
            }
            if protocol != 1 {
                if p.esn.is_empty() {
                    push(TransformType::Esn, &[esn::NO]);
                } else {
                    push(TransformType::Esn, &p.esn);
                }
            }
            Offered {
                number: u8::try_from(i + 1).unwrap_or(u8::MAX),
                protocol,
                spi: spi.to_vec(),
                transforms: t,
            }
        })
        .collect()
}

/// How the DH transform type is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DhRule {
    /// Must agree on a group (IKE_SA_INIT, IKE rekey, Child with PFS).
    Required,
    /// Ignore DH transforms (Child SA in IKE_AUTH, RFC 7296 1.2).
    Ignore,
    /// Agree on a group if both list one, else none.
    Optional,
}

/// Responder side: pick the first of our proposals (local preference) that
/// one of the peer's proposals of `protocol` can satisfy; within it each
/// transform type in our order. Returns the peer's proposal and our choice.
pub fn select<'a>(
    local: &[Proposal],
    offered: &'a [Offered],
    protocol: u8,
    dh_rule: DhRule,
) -> Option<(&'a Offered, Chosen)> {
    for mine in local {
        for theirs in offered.iter().filter(|o| o.protocol == protocol) {
            if let Some(c) = match_one(mine, theirs, protocol, dh_rule) {
                return Some((theirs, c));
            }
        }
    }
    None
}

fn ids_of(o: &Offered, kind: TransformType) -> impl Iterator<Item = &OfferedTransform> {
    o.transforms.iter().filter(move |t| t.kind == kind)
}

fn pick(local: &[u16], o: &Offered, kind: TransformType) -> Option<u16> {
    local
        .iter()
        .copied()
        .find(|&l| ids_of(o, kind).any(|t| t.id == l && t.key_bits.is_none()))
}

fn match_one(mine: &Proposal, o: &Offered, protocol: u8, dh_rule: DhRule) -> Option<Chosen> {
    // A transform type we do not know makes the proposal unacceptable
    // (RFC 7296 3.3.6).
    let encr = mine.encr.iter().copied().find(|e| {
        ids_of(o, TransformType::Encr).any(|t| t.id == e.id && t.key_bits == e.key_bits)
    })?;
    let aead = alg::encr_is_aead(encr.id);
    let prf = if protocol == 1 {
        Some(pick(&mine.prf, o, TransformType::Prf)?)
    } else {
        if ids_of(o, TransformType::Prf).next().is_some() {
            return None;
        }
        None
    };
    let integ = if aead {
        // AEAD: no integrity, or only NONE (RFC 5282 8).
        if ids_of(o, TransformType::Integ).any(|t| t.id != integ::NONE) {
            return None;
        }
        None
    } else {
        Some(pick(&mine.integ, o, TransformType::Integ)?)
    };
    let theirs_dh: Vec<u16> = ids_of(o, TransformType::Dh)
        .map(|t| t.id)
        .filter(|&d| d != dh::NONE)
        .collect();
    let dh = match dh_rule {
        DhRule::Ignore => None,
        DhRule::Required => Some(mine.dh.iter().copied().find(|d| theirs_dh.contains(d))?),
        DhRule::Optional => {
            if mine.dh.is_empty() && theirs_dh.is_empty() {
                None
            } else {
                Some(mine.dh.iter().copied().find(|d| theirs_dh.contains(d))?)
            }
        }
    };
    let esn = if protocol == 1 {
        None
    } else {
        let theirs: Vec<u16> = ids_of(o, TransformType::Esn).map(|t| t.id).collect();
        let mine_esn: &[u16] = if mine.esn.is_empty() {
            &[esn::NO]
        } else {
            &mine.esn
        };
        if theirs.is_empty() {
            // Missing ESN transform: treat as "no ESN" (lenient, as peers are).
            mine_esn.contains(&esn::NO).then_some(esn::NO)
        } else {
            mine_esn.iter().copied().find(|e| theirs.contains(e))
        }
        .map(Some)?
    };
    Some(Chosen {
        encr,
        prf,
        integ,
        dh,
        esn,
    })
}

/// Initiator side: check that the responder's single answer is one of the
/// choices we offered (RFC 7296 2.7) and return it as [`Chosen`].
pub fn accept_answer(
    local: &[Proposal],
    answer: &Offered,
    protocol: u8,
    dh_rule: DhRule,
) -> Option<Chosen> {
    if answer.protocol != protocol {
        return None;
    }
    // Exactly one transform of each type present.
    for kind in [
        TransformType::Encr,
        TransformType::Prf,
        TransformType::Integ,
        TransformType::Dh,
        TransformType::Esn,
    ] {
        if ids_of(answer, kind).count() > 1 {
            return None;
        }
    }
    local
        .iter()
        .find_map(|mine| match_one(mine, answer, protocol, dh_rule))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_hash_ike() {
        let p = parse_ike("aes256-sha2_256;dh19").unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].encr, vec![enc(encr::AES_CBC, 256)]);
        assert_eq!(p[0].prf, vec![prf::HMAC_SHA2_256]);
        assert_eq!(p[0].integ, vec![integ::HMAC_SHA2_256_128]);
        assert_eq!(p[0].dh, vec![dh::ECP_256]);
    }

    #[test]
    fn aead_forms() {
        let p = parse_ike("aes_gcm16_256-prfsha384;ecp384").unwrap();
        assert_eq!(p[0].encr, vec![enc(encr::AES_GCM_16, 256)]);
        assert_eq!(p[0].prf, vec![prf::HMAC_SHA2_384]);
        assert!(p[0].integ.is_empty());
        assert_eq!(p[0].dh, vec![dh::ECP_384]);
        let e = parse_esp("aes_gcm256").unwrap();
        assert_eq!(e[0].encr, vec![enc(encr::AES_GCM_16, 256)]);
        assert!(e[0].integ.is_empty());
        assert!(e[0].dh.is_empty());
        let e = parse_esp("aes_gcm_16-128").unwrap();
        assert_eq!(e[0].encr, vec![enc(encr::AES_GCM_16, 128)]);
    }

    #[test]
    fn legacy_and_lists() {
        let p = parse_ike("aes128-sha1;modp2048,aes128-sha1-modp2048").unwrap();
        assert_eq!(p[0], p[1]);
        assert_eq!(p[0].integ, vec![integ::HMAC_SHA1_96]);
        let p = parse_ike("aes_gcm256+aes_gcm128-sha2_512+sha2_256;modp2048+dh31").unwrap();
        assert_eq!(p[0].encr.len(), 2);
        assert_eq!(p[0].prf, vec![prf::HMAC_SHA2_512, prf::HMAC_SHA2_256]);
        assert_eq!(p[0].dh, vec![dh::MODP_2048, dh::CURVE25519]);
        let e = parse_esp("aes128-sha1").unwrap();
        assert_eq!(e[0].integ, vec![integ::HMAC_SHA1_96]);
        let e = parse_esp("aes-sha2;dh19").unwrap();
        assert_eq!(e[0].encr.len(), 2);
        assert_eq!(e[0].dh, vec![dh::ECP_256]);
    }

    #[test]
    fn errors_name_the_token() {
        let err = parse_ike("aes256-sha7").unwrap_err();
        assert!(err.to_string().contains("sha7"), "{err}");
        assert!(parse_ike("").is_err());
        assert!(parse_esp("aes_gcm256-sha1").is_err());
        assert!(parse_ike("aes512").is_err());
    }

    #[test]
    fn select_local_preference_and_answer() {
        let local = default_ike();
        // strongSwan-like: CBC first, then AEAD.
        let peer = vec![
            to_offered(
                &parse_ike("aes128-sha2_256;dh31+modp2048").unwrap(),
                1,
                &[],
                true,
            )
            .remove(0),
            Offered {
                number: 2,
                ..to_offered(
                    &parse_ike("aes_gcm256-sha2_256;dh31").unwrap(),
                    1,
                    &[],
                    true,
                )
                .remove(0)
            },
        ];
        let (o, c) = select(&local, &peer, 1, DhRule::Required).unwrap();
        assert_eq!(o.number, 2, "our first preference is AES-GCM-256");
        assert_eq!(c.encr, enc(encr::AES_GCM_16, 256));
        assert_eq!(c.prf, Some(prf::HMAC_SHA2_256));
        assert_eq!(c.dh, Some(dh::CURVE25519));
        let back = c.to_offered(o.number, 1, vec![]);
        assert_eq!(accept_answer(&local, &back, 1, DhRule::Required), Some(c));
        assert!(select(
            &parse_ike("3des-md5;modp1024").unwrap(),
            &peer,
            1,
            DhRule::Required
        )
        .is_none());
    }

    #[test]
    fn esp_esn_choice() {
        let local = default_esp();
        let peer = to_offered(&parse_esp("aes_gcm128").unwrap(), 3, &[1, 2, 3, 4], false);
        let (_, c) = select(&local, &peer, 3, DhRule::Ignore).unwrap();
        assert_eq!(c.esn, Some(esn::YES));
        let mut sw = peer.clone();
        sw[0]
            .transforms
            .retain(|t| t.kind != TransformType::Esn || t.id == esn::NO);
        let (_, c) = select(&local, &sw, 3, DhRule::Ignore).unwrap();
        assert_eq!(c.esn, Some(esn::NO));
    }
}
