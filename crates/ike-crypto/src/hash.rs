//! Plain hash functions (IKEv1 IVs, RFC 7427 signatures).

use digest::Digest;

use crate::md5::Md5;
use crate::rfc2104::{BlockHash, MAX_OUT};
use crate::sha512::{Sha512, Variant};

/// A hash function used outside HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlg {
    /// MD5 (IKEv1 only).
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlg {
    /// Digest length in octets.
    pub fn output_len(self) -> usize {
        match self {
            HashAlg::Md5 => 16,
            HashAlg::Sha1 => 20,
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }

    /// Hash of the concatenation of `parts`.
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            d.finalize().to_vec()
        }
        match self {
            HashAlg::Md5 => own(Md5::new(), parts),
            HashAlg::Sha1 => run::<sha1::Sha1>(parts),
            HashAlg::Sha256 => run::<sha2::Sha256>(parts),
            HashAlg::Sha384 => own(Sha512::new(Variant::Sha384), parts),
            HashAlg::Sha512 => own(Sha512::new(Variant::Sha512), parts),
        }
    }
}

/// A digest on one of the crate's own hashes ([`crate::md5`],
/// [`crate::sha512`]), the ones HMAC-MD5 and HMAC-SHA2-384/512 use too.
fn own<H: BlockHash>(mut h: H, parts: &[&[u8]]) -> Vec<u8> {
    for p in parts {
        h.absorb(p);
    }
    let mut out = [0u8; MAX_OUT];
    let n = h.finish_into(&mut out);
    out[..n].to_vec()
}
