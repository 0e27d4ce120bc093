//! The one table from IKEv2 transform IDs to Linux crypto API names.
//!
//! Kernel names as Libreswan and iproute2 use them (`ip xfrm state add ... enc
//! 'cbc(aes)'`). Key lengths given to the kernel are in bits and include the salt or
//! nonce that KEYMAT supplies after the key (RFC 3686 5.1, RFC 4106 8.1, RFC 4309 7.1,
//! RFC 4543 5.1, RFC 7634 4). Integrity is always given with its truncation length
//! (XFRMA_ALG_AUTH_TRUNC), because the kernel's default for plain XFRMA_ALG_AUTH is 96
//! bits, wrong for SHA-2 (RFC 4868 2.3).

use crate::algorithm::{encr, integ, SaAlgorithms};

/// Allowed key sizes of a cipher, in bits, not counting salt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySizes {
    /// Exactly this many bits (no Key Length attribute is sent, RFC 7296 3.3.5).
    Fixed(u16),
    /// One of these; the Key Length attribute picks (AES: 128, 192, 256).
    Variable(&'static [u16]),
}

/// What kind of kernel algorithm attribute an ENCR transform becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncrKind {
    /// XFRMA_ALG_CRYPT.
    Cipher,
    /// XFRMA_ALG_AEAD with this ICV length in bits.
    Aead {
        /// ICV length in bits.
        icv_bits: u32,
    },
}

/// One ENCR transform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncrAlg {
    /// IKEv2 transform ID.
    pub transform_id: u16,
    /// Linux crypto API name.
    pub kernel_name: &'static str,
    /// Key sizes without salt.
    pub key_sizes: KeySizes,
    /// Salt/nonce bytes appended to the key.
    pub salt_bytes: u16,
    /// Cipher or AEAD.
    pub kind: EncrKind,
}

/// One INTEG transform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegAlg {
    /// IKEv2 transform ID.
    pub transform_id: u16,
    /// Linux crypto API name.
    pub kernel_name: &'static str,
    /// Key length in bytes.
    pub key_bytes: u16,
    /// ICV (truncation) length in bits.
    pub trunc_bits: u32,
}

const AES: KeySizes = KeySizes::Variable(&[128, 192, 256]);

/// ENCR transforms (RFC 7296 3.3.2 Transform Type 1).
pub const ENCR: &[EncrAlg] = &[
    EncrAlg {
        transform_id: encr::TRIPLE_DES,
        kernel_name: "cbc(des3_ede)",
        key_sizes: KeySizes::Fixed(192),
        salt_bytes: 0,
        kind: EncrKind::Cipher,
    },
    EncrAlg {
        transform_id: encr::NULL,
        kernel_name: "ecb(cipher_null)",
        key_sizes: KeySizes::Fixed(0),
        salt_bytes: 0,
        kind: EncrKind::Cipher,
    },
    EncrAlg {
        transform_id: encr::AES_CBC,
        kernel_name: "cbc(aes)",
        key_sizes: AES,
        salt_bytes: 0,
        kind: EncrKind::Cipher,
    },
    EncrAlg {
        transform_id: encr::AES_CTR,
        kernel_name: "rfc3686(ctr(aes))",
        key_sizes: AES,
        salt_bytes: 4,
        kind: EncrKind::Cipher,
    },
    EncrAlg {
        transform_id: encr::CAMELLIA_CBC,
        kernel_name: "cbc(camellia)",
        key_sizes: AES,
        salt_bytes: 0,
        kind: EncrKind::Cipher,
    },
    EncrAlg {
        transform_id: encr::CAMELLIA_CTR,
        kernel_name: "rfc3686(ctr(camellia))",
        key_sizes: AES,
        salt_bytes: 4,
        kind: EncrKind::Cipher,
    },
    EncrAlg {
        transform_id: encr::AES_CCM_8,
        kernel_name: "rfc4309(ccm(aes))",
        key_sizes: AES,
        salt_bytes: 3,
        kind: EncrKind::Aead { icv_bits: 64 },
    },
    EncrAlg {
        transform_id: encr::AES_CCM_12,
        kernel_name: "rfc4309(ccm(aes))",
        key_sizes: AES,
        salt_bytes: 3,
        kind: EncrKind::Aead { icv_bits: 96 },
    },
    EncrAlg {
        transform_id: encr::AES_CCM_16,
        kernel_name: "rfc4309(ccm(aes))",
        key_sizes: AES,
        salt_bytes: 3,
        kind: EncrKind::Aead { icv_bits: 128 },
    },
    EncrAlg {
        transform_id: encr::AES_GCM_8,
        kernel_name: "rfc4106(gcm(aes))",
        key_sizes: AES,
        salt_bytes: 4,
        kind: EncrKind::Aead { icv_bits: 64 },
    },
    EncrAlg {
        transform_id: encr::AES_GCM_12,
        kernel_name: "rfc4106(gcm(aes))",
        key_sizes: AES,
        salt_bytes: 4,
        kind: EncrKind::Aead { icv_bits: 96 },
    },
    EncrAlg {
        transform_id: encr::AES_GCM_16,
        kernel_name: "rfc4106(gcm(aes))",
        key_sizes: AES,
        salt_bytes: 4,
        kind: EncrKind::Aead { icv_bits: 128 },
    },
    EncrAlg {
        transform_id: encr::NULL_AUTH_AES_GMAC,
        kernel_name: "rfc4543(gcm(aes))",
        key_sizes: AES,
        salt_bytes: 4,
        kind: EncrKind::Aead { icv_bits: 128 },
    },
    EncrAlg {
        transform_id: encr::CHACHA20_POLY1305,
        kernel_name: "rfc7539esp(chacha20,poly1305)",
        key_sizes: KeySizes::Fixed(256),
        salt_bytes: 4,
        kind: EncrKind::Aead { icv_bits: 128 },
    },
];

/// INTEG transforms (RFC 7296 3.3.2 Transform Type 3).
pub const INTEG: &[IntegAlg] = &[
    IntegAlg {
        transform_id: integ::HMAC_MD5_96,
        kernel_name: "hmac(md5)",
        key_bytes: 16,
        trunc_bits: 96,
    },
    IntegAlg {
        transform_id: integ::HMAC_SHA1_96,
        kernel_name: "hmac(sha1)",
        key_bytes: 20,
        trunc_bits: 96,
    },
    IntegAlg {
        transform_id: integ::AES_XCBC_96,
        kernel_name: "xcbc(aes)",
        key_bytes: 16,
        trunc_bits: 96,
    },
    IntegAlg {
        transform_id: integ::AES_CMAC_96,
        kernel_name: "cmac(aes)",
        key_bytes: 16,
        trunc_bits: 96,
    },
    IntegAlg {
        transform_id: integ::HMAC_SHA2_256_128,
        kernel_name: "hmac(sha256)",
        key_bytes: 32,
        trunc_bits: 128,
    },
    IntegAlg {
        transform_id: integ::HMAC_SHA2_384_192,
        kernel_name: "hmac(sha384)",
        key_bytes: 48,
        trunc_bits: 192,
    },
    IntegAlg {
        transform_id: integ::HMAC_SHA2_512_256,
        kernel_name: "hmac(sha512)",
        key_bytes: 64,
        trunc_bits: 256,
    },
];

/// Why a transform cannot be given to the kernel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlgError {
    /// No kernel algorithm for this transform ID.
    #[error("no kernel algorithm for {what} transform ID {id}")]
    Unknown {
        /// "ENCR" or "INTEG".
        what: &'static str,
        /// The transform ID.
        id: u16,
    },
    /// The transform is AEAD but was given as a cipher, or the reverse.
    #[error("ENCR transform {id} ({name}) used as {used}")]
    WrongKind {
        /// Transform ID.
        id: u16,
        /// Kernel name.
        name: &'static str,
        /// How it was used.
        used: &'static str,
    },
    /// Key length not allowed or not matching the key bytes.
    #[error("{name}: {detail}")]
    KeyLength {
        /// Kernel name.
        name: &'static str,
        /// What is wrong.
        detail: String,
    },
}

/// One kernel algorithm attribute, ready to encode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KernelAlg<'a> {
    /// Linux crypto API name.
    pub name: &'static str,
    /// Key bytes including salt.
    pub key: &'a [u8],
    /// Truncation bits (auth) or ICV bits (AEAD); 0 for ciphers.
    pub extra_bits: u32,
}

/// The kernel attributes of one SA: what XFRMA_ALG_CRYPT, XFRMA_ALG_AUTH_TRUNC and
/// XFRMA_ALG_AEAD carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KernelAlgs<'a> {
    /// XFRMA_ALG_CRYPT.
    pub crypt: Option<KernelAlg<'a>>,
    /// XFRMA_ALG_AUTH_TRUNC.
    pub auth: Option<KernelAlg<'a>>,
    /// XFRMA_ALG_AEAD.
    pub aead: Option<KernelAlg<'a>>,
}

/// The table entry of an ENCR transform.
pub fn encr_alg(id: u16) -> Option<&'static EncrAlg> {
    ENCR.iter().find(|a| a.transform_id == id)
}

/// The table entry of an INTEG transform.
pub fn integ_alg(id: u16) -> Option<&'static IntegAlg> {
    INTEG.iter().find(|a| a.transform_id == id)
}

fn check_encr_key(a: &EncrAlg, key_bits: Option<u16>, key: &[u8]) -> Result<(), AlgError> {
    let err = |detail: String| AlgError::KeyLength {
        name: a.kernel_name,
        detail,
    };
    let bits = match (a.key_sizes, key_bits) {
        (KeySizes::Fixed(n), None) => n,
        (KeySizes::Fixed(n), Some(b)) if b == n => n,
        (KeySizes::Fixed(n), Some(b)) => {
            return Err(err(format!("key length {b} given, the cipher has {n}")));
        }
        (KeySizes::Variable(ok), Some(b)) if ok.contains(&b) => b,
        (KeySizes::Variable(ok), Some(b)) => {
            return Err(err(format!("key length {b} not one of {ok:?}")));
        }
        // RFC 7296 3.3.5: variable-length ciphers carry the attribute; without it, the
        // key bytes decide.
        (KeySizes::Variable(ok), None) => {
            let from_key = key.len().saturating_sub(usize::from(a.salt_bytes)) * 8;
            match ok.iter().find(|&&b| usize::from(b) == from_key) {
                Some(&b) => b,
                None => return Err(err(format!("{from_key}-bit key not one of {ok:?}"))),
            }
        }
    };
    let want = usize::from(bits / 8) + usize::from(a.salt_bytes);
    if key.len() != want {
        return Err(err(format!(
            "{} key bytes given, {bits}-bit key plus {} salt bytes needs {want}",
            key.len(),
            a.salt_bytes
        )));
    }
    Ok(())
}

fn auth(id: u16, key: &[u8]) -> Result<KernelAlg<'_>, AlgError> {
    let a = integ_alg(id).ok_or(AlgError::Unknown { what: "INTEG", id })?;
    if key.len() != usize::from(a.key_bytes) {
        return Err(AlgError::KeyLength {
            name: a.kernel_name,
            detail: format!("{} key bytes given, needs {}", key.len(), a.key_bytes),
        });
    }
    Ok(KernelAlg {
        name: a.kernel_name,
        key,
        extra_bits: a.trunc_bits,
    })
}

/// Maps an SA's algorithms to kernel attributes, checking every key length.
pub fn resolve(algs: &SaAlgorithms) -> Result<KernelAlgs<'_>, AlgError> {
    match algs {
        SaAlgorithms::Esp { encr: c, integ } => {
            let id = c.transform_id;
            let a = encr_alg(id).ok_or(AlgError::Unknown { what: "ENCR", id })?;
            if a.kind != EncrKind::Cipher {
                return Err(AlgError::WrongKind {
                    id,
                    name: a.kernel_name,
                    used: "a cipher, but it is AEAD",
                });
            }
            check_encr_key(a, c.key_bits, c.key.as_bytes())?;
            let auth = match integ {
                Some(i) => Some(auth(i.transform_id, i.key.as_bytes())?),
                None => None,
            };
            Ok(KernelAlgs {
                crypt: Some(KernelAlg {
                    name: a.kernel_name,
                    key: c.key.as_bytes(),
                    extra_bits: 0,
                }),
                auth,
                aead: None,
            })
        }
        SaAlgorithms::EspAead(c) => {
            let id = c.transform_id;
            let a = encr_alg(id).ok_or(AlgError::Unknown { what: "ENCR", id })?;
            let EncrKind::Aead { icv_bits } = a.kind else {
                return Err(AlgError::WrongKind {
                    id,
                    name: a.kernel_name,
                    used: "AEAD, but it is a plain cipher",
                });
            };
            check_encr_key(a, c.key_bits, c.key.as_bytes())?;
            Ok(KernelAlgs {
                aead: Some(KernelAlg {
                    name: a.kernel_name,
                    key: c.key.as_bytes(),
                    extra_bits: icv_bits,
                }),
                ..KernelAlgs::default()
            })
        }
        SaAlgorithms::Ah(i) => Ok(KernelAlgs {
            auth: Some(auth(i.transform_id, i.key.as_bytes())?),
            ..KernelAlgs::default()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::{Aead, Cipher, Integrity};
    use crate::key::KeyBytes;

    fn k(n: usize) -> KeyBytes {
        KeyBytes::new(vec![7; n])
    }

    #[test]
    fn table_has_unique_ids() {
        for (i, a) in ENCR.iter().enumerate() {
            assert!(ENCR[i + 1..]
                .iter()
                .all(|b| b.transform_id != a.transform_id));
        }
        for (i, a) in INTEG.iter().enumerate() {
            assert!(INTEG[i + 1..]
                .iter()
                .all(|b| b.transform_id != a.transform_id));
        }
    }

    #[test]
    fn gcm_includes_salt_and_icv() {
        let algs = SaAlgorithms::EspAead(Aead {
            transform_id: encr::AES_GCM_16,
            key_bits: Some(256),
            key: k(36),
        });
        let r = resolve(&algs).unwrap();
        let aead = r.aead.unwrap();
        assert_eq!(aead.name, "rfc4106(gcm(aes))");
        assert_eq!((aead.key.len(), aead.extra_bits), (36, 128));
        assert!(r.crypt.is_none() && r.auth.is_none());
    }

    #[test]
    fn cbc_sha2_truncates_to_half() {
        let algs = SaAlgorithms::Esp {
            encr: Cipher {
                transform_id: encr::AES_CBC,
                key_bits: Some(128),
                key: k(16),
            },
            integ: Some(Integrity {
                transform_id: integ::HMAC_SHA2_512_256,
                key: k(64),
            }),
        };
        let r = resolve(&algs).unwrap();
        assert_eq!(r.crypt.unwrap().name, "cbc(aes)");
        let a = r.auth.unwrap();
        assert_eq!((a.name, a.extra_bits), ("hmac(sha512)", 256));
    }

    #[test]
    fn wrong_key_lengths_are_refused() {
        let bad = SaAlgorithms::EspAead(Aead {
            transform_id: encr::CHACHA20_POLY1305,
            key_bits: None,
            key: k(32), // salt missing
        });
        assert!(matches!(resolve(&bad), Err(AlgError::KeyLength { .. })));
        let bad = SaAlgorithms::Esp {
            encr: Cipher {
                transform_id: encr::AES_CBC,
                key_bits: Some(100),
                key: k(16),
            },
            integ: None,
        };
        assert!(matches!(resolve(&bad), Err(AlgError::KeyLength { .. })));
        let inferred = SaAlgorithms::Esp {
            encr: Cipher {
                transform_id: encr::AES_CTR,
                key_bits: None,
                key: k(24 + 4),
            },
            integ: None,
        };
        assert!(resolve(&inferred).is_ok());
    }

    #[test]
    fn kinds_and_unknown_ids_are_refused() {
        let aead_as_cipher = SaAlgorithms::Esp {
            encr: Cipher {
                transform_id: encr::AES_GCM_16,
                key_bits: Some(128),
                key: k(20),
            },
            integ: None,
        };
        assert!(matches!(
            resolve(&aead_as_cipher),
            Err(AlgError::WrongKind { .. })
        ));
        let unknown = SaAlgorithms::Ah(Integrity {
            transform_id: 999,
            key: k(16),
        });
        assert_eq!(
            resolve(&unknown),
            Err(AlgError::Unknown {
                what: "INTEG",
                id: 999
            })
        );
    }
}
