//! MODP groups with aws-lc's constant-time exponentiation. The group's
//! constants and Montgomery context are built once per group
//! ([`ffi::bn::ModpBn`], cached in a `OnceLock`), not per call. The
//! private exponent comes from [`ModpGroup::random_exponent`] (the crate's
//! policy, `kx::exponent`), so both providers use the same lengths;
//! RFC 6989 validation (range, and y^q = 1 for groups 22-24) is done by
//! aws-lc too.
//!
//! Where our own AVX2 exponentiation runs ([`ModpGroup::runs_on_avx2`]:
//! on a CPU with AVX2), this provider uses the pure-Rust group instead:
//! 0.68-0.81 of OpenSSL's time per shared secret against aws-lc's
//! 0.97-1.02 (the same assembly as OpenSSL's; `benches/README.md`).

use super::ffi::bn::ModpBn;
use crate::error::{CryptoError, Result};
use crate::kx::{self, ActiveKeyExchange, KeyExchange, KxConfig, ModpGroup};
use crate::random::SecureRandom;
use crate::secret::SecretBytes;
use std::sync::{Arc, OnceLock};
use zeroize::Zeroizing;

/// A MODP group computed by aws-lc.
#[derive(Debug)]
pub struct AwsModp<const L: usize> {
    group: &'static ModpGroup<L>,
    bn: OnceLock<Arc<ModpBn>>,
}

macro_rules! groups {
    ($($name:ident),*) => {$(
        /// The same group as [`crate::kx`]'s, computed by aws-lc.
        pub static $name: AwsModp<{ kx_limbs(&kx::$name) }> =
            AwsModp { group: &kx::$name, bn: OnceLock::new() };
    )*};
}
const fn kx_limbs<const L: usize>(_: &ModpGroup<L>) -> usize {
    L
}
groups!(
    MODP_768,
    MODP_1024,
    MODP_1536,
    MODP_2048,
    MODP_3072,
    MODP_4096,
    MODP_6144,
    MODP_8192,
    MODP_1024_160,
    MODP_2048_224,
    MODP_2048_256
);

impl<const L: usize> AwsModp<L> {
    /// The group in aws-lc form, built on first use.
    fn bn(&self) -> Result<Arc<ModpBn>> {
        if let Some(b) = self.bn.get() {
            return Ok(b.clone());
        }
        let g = self.group;
        let built = ModpBn::new(
            g.id(),
            &g.prime()?,
            &g.generator()?,
            g.subgroup_order()?.as_deref(),
        )?;
        // A racing thread may have set it first; either value is the same.
        Ok(self.bn.get_or_init(|| Arc::new(built)).clone())
    }

    fn active(&self, x: Zeroizing<Vec<u8>>) -> Result<Box<dyn ActiveKeyExchange>> {
        let bn = self.bn()?;
        let public = bn.public(&x)?;
        Ok(Box::new(AwsModpActive {
            id: self.group.id(),
            bn,
            x,
            public,
        }))
    }
}

impl<const L: usize> KeyExchange for AwsModp<L> {
    fn id(&self) -> u16 {
        self.group.id()
    }
    fn name(&self) -> &'static str {
        self.group.name()
    }
    fn public_len(&self) -> usize {
        self.group.public_len()
    }
    fn shared_len(&self) -> usize {
        self.group.shared_len()
    }
    fn start(&self, rng: &dyn SecureRandom, cfg: &KxConfig) -> Result<Box<dyn ActiveKeyExchange>> {
        if self.group.runs_on_avx2() {
            return self.group.start(rng, cfg);
        }
        let (x, _) = self.group.random_exponent(rng, cfg)?;
        self.active(x)
    }
    fn start_with_private(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        if self.group.runs_on_avx2() && private.iter().any(|&b| b != 0) {
            return self.group.start_with_private(private);
        }
        // A zero exponent is refused there, whatever the CPU.
        self.start_with_private_bn(private)
    }
    fn validate_public(&self, peer: &[u8]) -> Result<()> {
        self.bn()?.validate(peer)
    }
}

impl<const L: usize> AwsModp<L> {
    /// [`KeyExchange::start_with_private`] on aws-lc's exponentiation
    /// whatever the CPU (the tests compare it with the pure-Rust group).
    fn start_with_private_bn(&self, private: &[u8]) -> Result<Box<dyn ActiveKeyExchange>> {
        if private.iter().all(|&b| b == 0) {
            return Err(CryptoError::BadLength {
                what: "MODP private exponent (non-zero)",
                expected: self.public_len(),
                got: private.len(),
            });
        }
        self.active(Zeroizing::new(private.to_vec()))
    }
}

struct AwsModpActive {
    id: u16,
    bn: Arc<ModpBn>,
    x: Zeroizing<Vec<u8>>,
    public: Vec<u8>,
}

impl core::fmt::Debug for AwsModpActive {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "AwsModpActive(group {})", self.id)
    }
}

impl ActiveKeyExchange for AwsModpActive {
    fn group(&self) -> u16 {
        self.id
    }
    fn public(&self) -> &[u8] {
        &self.public
    }
    fn complete(&self, peer: &[u8]) -> Result<SecretBytes> {
        // RFC 6989 2.1/2.2 checks happen inside, before the secret
        // exponentiation.
        self.bn.shared(peer, &self.x).map(SecretBytes::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::DeterministicRandom;

    fn pad(v: &[u8], len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len - v.len()];
        out.extend_from_slice(v);
        out
    }

    /// aws-lc's results equal the pure-Rust provider's for the same
    /// private exponent, for every group, both directions.
    #[test]
    fn same_results_as_pure_rust() {
        type Start = dyn Fn(&[u8]) -> Result<Box<dyn ActiveKeyExchange>>;
        let all: [(&Start, &dyn KeyExchange); 6] = [
            (&|x| MODP_1024.start_with_private_bn(x), &kx::MODP_1024),
            (&|x| MODP_2048.start_with_private_bn(x), &kx::MODP_2048),
            (&|x| MODP_8192.start_with_private_bn(x), &kx::MODP_8192),
            (
                &|x| MODP_1024_160.start_with_private_bn(x),
                &kx::MODP_1024_160,
            ),
            (
                &|x| MODP_2048_224.start_with_private_bn(x),
                &kx::MODP_2048_224,
            ),
            (
                &|x| MODP_2048_256.start_with_private_bn(x),
                &kx::MODP_2048_256,
            ),
        ];
        for (aws, rc) in all {
            let x = [0x3cu8; 20];
            let a = aws(&x).unwrap();
            let r = rc.start_with_private(&x).unwrap();
            assert_eq!(a.public(), r.public(), "group {}", rc.id());
            let peer = rc
                .start(&DeterministicRandom::new(b"peer"), &KxConfig::default())
                .unwrap();
            assert_eq!(
                a.complete(peer.public()).unwrap(),
                r.complete(peer.public()).unwrap()
            );
        }
    }

    /// The provider takes the AVX2 code where the CPU has AVX2, and
    /// aws-lc's otherwise.
    #[test]
    fn avx2_cpus_take_the_pure_rust_code() {
        let x = [0x3cu8; 20];
        let avx2 = cfg!(target_arch = "x86_64") && std::is_x86_feature_detected!("avx2");
        assert_eq!(kx::MODP_2048.runs_on_avx2(), avx2);
        assert_eq!(kx::MODP_8192.runs_on_avx2(), avx2);
        for aws in [&MODP_2048 as &dyn KeyExchange, &MODP_8192] {
            let a = aws.start_with_private(&x).unwrap();
            // The pure-Rust group's exchanges print as ModpActive.
            assert_eq!(format!("{a:?}").starts_with("ModpActive"), avx2);
        }
        assert_eq!(kx::MODP_2048_256.runs_on_avx2(), avx2);
    }

    /// RFC 6989 2.1 range and 2.2 subgroup checks, in both
    /// validate_public and complete.
    #[test]
    fn rejects_bad_peer_values() {
        for g in [
            &MODP_1024_160 as &dyn KeyExchange,
            &MODP_2048_224,
            &MODP_2048_256,
        ] {
            let n = g.public_len();
            let me = g.start_with_private(&[7; 20]).unwrap();
            // 2 is in range but generates the whole group, not the q-subgroup.
            let two = pad(&[2], n);
            for (bad, why) in [
                (pad(&[1], n), "range"),
                (vec![0u8; n], "range"),
                (vec![0xffu8; n], "range"),
                (two, "subgroup"),
                (pad(&[2], n - 1), "wrong length"),
            ] {
                let e = g.validate_public(&bad).unwrap_err();
                assert!(
                    e.to_string().contains(why) || format!("{e:?}").contains(why),
                    "{e}"
                );
                assert!(me.complete(&bad).is_err());
            }
            // A value of the subgroup (our own public value) passes.
            g.validate_public(me.public()).unwrap();
        }
        let g = &MODP_2048;
        let p = kx::MODP_2048.prime().unwrap();
        let mut pm1 = p.clone();
        if let Some(b) = pm1.last_mut() {
            *b -= 1;
        }
        for bad in [p, pm1] {
            assert!(g.validate_public(&bad).is_err());
        }
    }
}
