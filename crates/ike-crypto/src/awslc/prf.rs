//! HMAC PRFs on aws-lc.

use crate::error::Result;
use crate::prf::Prf;
use crate::secret::SecretBytes;
use aws_lc_rs::hmac;

/// An HMAC PRF backed by aws-lc.
#[derive(Debug)]
pub struct AwsHmac {
    id: u16,
    name: &'static str,
    alg: hmac::Algorithm,
    len: usize,
}

impl Prf for AwsHmac {
    fn id(&self) -> u16 {
        self.id
    }
    fn name(&self) -> &'static str {
        self.name
    }
    fn output_len(&self) -> usize {
        self.len
    }
    fn key_len(&self) -> usize {
        self.len
    }
    fn fixed_key_len(&self) -> bool {
        false
    }
    fn compute(&self, key: &[u8], data: &[&[u8]]) -> Result<SecretBytes> {
        let k = hmac::Key::new(self.alg, key);
        let mut ctx = hmac::Context::with_key(&k);
        for d in data {
            ctx.update(d);
        }
        Ok(SecretBytes::from_slice(ctx.sign().as_ref()))
    }
}

use crate::ids::prf as id;
/// PRF_HMAC_SHA1
pub static HMAC_SHA1: AwsHmac = AwsHmac {
    id: id::HMAC_SHA1,
    name: "HMAC_SHA1",
    alg: hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
    len: 20,
};
/// PRF_HMAC_SHA2_256
pub static HMAC_SHA2_256: AwsHmac = AwsHmac {
    id: id::HMAC_SHA2_256,
    name: "HMAC_SHA2_256",
    alg: hmac::HMAC_SHA256,
    len: 32,
};
/// PRF_HMAC_SHA2_384
pub static HMAC_SHA2_384: AwsHmac = AwsHmac {
    id: id::HMAC_SHA2_384,
    name: "HMAC_SHA2_384",
    alg: hmac::HMAC_SHA384,
    len: 48,
};
/// PRF_HMAC_SHA2_512
pub static HMAC_SHA2_512: AwsHmac = AwsHmac {
    id: id::HMAC_SHA2_512,
    name: "HMAC_SHA2_512",
    alg: hmac::HMAC_SHA512,
    len: 64,
};
