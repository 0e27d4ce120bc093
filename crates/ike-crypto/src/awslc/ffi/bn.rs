//! MODP arithmetic with aws-lc's BIGNUM: the group's prime, p-1, generator,
//! subgroup order and Montgomery context are parsed and built once
//! ([`ModpBn::new`], cached per group by the caller) and then shared
//! read-only by every exchange; the private exponentiation is
//! `BN_mod_exp_mont_consttime` (constant time in the exponent, whose width
//! is the octet length of the exponent buffer, so its top bits do not leak).

use crate::error::{CryptoError, Result};
use crate::kx::{bad_public, check_public_len};
use aws_lc_sys as sys;

/// An owned BIGNUM, wiped and freed on drop.
struct Bn(*mut sys::BIGNUM);

impl Drop for Bn {
    fn drop(&mut self) {
        // SAFETY: the pointer came from BN_new/BN_bin2bn, is non-NULL (checked
        // at construction) and is freed exactly once; BN_clear_free wipes it.
        unsafe { sys::BN_clear_free(self.0) }
    }
}

impl Bn {
    fn new() -> Result<Bn> {
        // SAFETY: plain allocation; NULL is checked.
        let p = unsafe { sys::BN_new() };
        if p.is_null() {
            return Err(CryptoError::Backend("aws-lc BN_new"));
        }
        Ok(Bn(p))
    }

    /// Big-endian octets; the width is the octet length (rounded up to
    /// words), not the minimal one.
    fn from_be(bytes: &[u8]) -> Result<Bn> {
        // SAFETY: reads `bytes.len()` octets from a valid slice; a NULL
        // `ret` makes BN_bin2bn allocate; NULL is checked.
        let p = unsafe { sys::BN_bin2bn(bytes.as_ptr(), bytes.len(), core::ptr::null_mut()) };
        if p.is_null() {
            return Err(CryptoError::Backend("aws-lc BN_bin2bn"));
        }
        Ok(Bn(p))
    }

    /// Big-endian, left-padded to `len` octets.
    fn to_be(&self, len: usize) -> Result<Vec<u8>> {
        let mut out = vec![0u8; len];
        // SAFETY: writes exactly `len` octets into `out`, which has `len`.
        let ok = unsafe { sys::BN_bn2bin_padded(out.as_mut_ptr(), len, self.0) };
        if ok != 1 {
            return Err(CryptoError::Backend("aws-lc BN_bn2bin_padded"));
        }
        Ok(out)
    }

    fn cmp(&self, other: &Bn) -> core::cmp::Ordering {
        // SAFETY: both pointers are valid BIGNUMs; BN_cmp only reads.
        unsafe { sys::BN_cmp(self.0, other.0) }.cmp(&0)
    }

    fn is_one(&self) -> bool {
        // SAFETY: valid BIGNUM, read only.
        unsafe { sys::BN_is_one(self.0) == 1 }
    }
}

/// A BN_CTX (scratch space) for one call; not shared between threads.
struct Ctx(*mut sys::BN_CTX);

impl Ctx {
    fn new() -> Result<Ctx> {
        // SAFETY: plain allocation; NULL is checked.
        let p = unsafe { sys::BN_CTX_new() };
        if p.is_null() {
            return Err(CryptoError::Backend("aws-lc BN_CTX_new"));
        }
        Ok(Ctx(p))
    }
}

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: pointer from BN_CTX_new, non-NULL, freed once.
        unsafe { sys::BN_CTX_free(self.0) }
    }
}

struct Mont(*mut sys::BN_MONT_CTX);

impl Drop for Mont {
    fn drop(&mut self) {
        // SAFETY: pointer from BN_MONT_CTX_new_for_modulus, non-NULL, freed once.
        unsafe { sys::BN_MONT_CTX_free(self.0) }
    }
}

/// One MODP group's constants in aws-lc form, built once.
pub struct ModpBn {
    id: u16,
    p: Bn,
    p_minus_1: Bn,
    g: Bn,
    /// The prime-order subgroup's order (RFC 5114 groups 22-24).
    q: Option<Bn>,
    mont: Mont,
    p_len: usize,
}

// SAFETY: after `new` returns, every field is only passed to aws-lc as a
// `const BIGNUM *` / `const BN_MONT_CTX *` (BN_mod_exp_mont*, BN_cmp,
// BN_ucmp), which aws-lc documents as read-only and safe to share between
// threads; nothing mutates them until Drop, which needs exclusive access.
unsafe impl Send for ModpBn {}
// SAFETY: as above, shared access is read-only.
unsafe impl Sync for ModpBn {}

impl core::fmt::Debug for ModpBn {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ModpBn(group {}, {} octets)", self.id, self.p_len)
    }
}

impl ModpBn {
    /// Parses the group's prime `p` (odd), generator `g` and optional
    /// subgroup order `q` (all big-endian) and builds the Montgomery
    /// context.
    pub fn new(id: u16, p: &[u8], g: &[u8], q: Option<&[u8]>) -> Result<ModpBn> {
        let p_len = p.len();
        let pb = Bn::from_be(p)?;
        let p_minus_1 = Bn::from_be(p)?;
        // SAFETY: valid BIGNUMs; p is odd so p-1 has no borrow past word 0.
        if unsafe { sys::BN_is_odd(pb.0) } != 1 || unsafe { sys::BN_sub_word(p_minus_1.0, 1) } != 1
        {
            return Err(CryptoError::Backend("aws-lc MODP prime"));
        }
        let ctx = Ctx::new()?;
        // SAFETY: p and ctx are valid; the result is checked for NULL.
        let mont = Mont(unsafe { sys::BN_MONT_CTX_new_for_modulus(pb.0, ctx.0) });
        if mont.0.is_null() {
            return Err(CryptoError::Backend("aws-lc BN_MONT_CTX_new_for_modulus"));
        }
        Ok(ModpBn {
            id,
            p: pb,
            p_minus_1,
            g: Bn::from_be(g)?,
            q: q.map(Bn::from_be).transpose()?,
            mont,
            p_len,
        })
    }

    /// base^exp mod p, constant time in `exp`; `base` < p.
    fn exp_secret(&self, base: &Bn, exp: &[u8], ctx: &Ctx) -> Result<Vec<u8>> {
        let e = Bn::from_be(exp)?;
        let r = Bn::new()?;
        // SAFETY: all pointers valid; r is a distinct output; p and mont
        // are only read (see the Sync impl).
        let ok = unsafe {
            sys::BN_mod_exp_mont_consttime(r.0, base.0, e.0, self.p.0, ctx.0, self.mont.0)
        };
        if ok != 1 {
            return Err(CryptoError::Backend("aws-lc BN_mod_exp_mont_consttime"));
        }
        r.to_be(self.p_len)
    }

    /// Our public value g^x mod p, padded to the modulus length
    /// (RFC 7296 3.4).
    pub fn public(&self, x: &[u8]) -> Result<Vec<u8>> {
        self.exp_secret(&self.g, x, &Ctx::new()?)
    }

    /// RFC 6989 2.1 (1 < y < p-1) and 2.2 (y^q = 1 mod p for the groups
    /// with a small subgroup) on the peer's public value y.
    fn check_peer(&self, peer: &[u8], ctx: &Ctx) -> Result<Bn> {
        check_public_len(self.id, self.p_len, peer.len())?;
        let y = Bn::from_be(peer)?;
        // SAFETY: BN_value_one returns a static BIGNUM that is never freed.
        let one = unsafe { sys::BN_value_one() };
        // SAFETY: both pointers valid, read only.
        if unsafe { sys::BN_cmp(y.0, one) } <= 0 || y.cmp(&self.p_minus_1).is_ge() {
            return Err(bad_public(self.id, "not in the range 1 < y < p-1"));
        }
        if let Some(q) = &self.q {
            // y and q are public, so the variable-time exponentiation is fine.
            let r = Bn::new()?;
            // SAFETY: all pointers valid; r is a distinct output; y < p.
            let ok = unsafe { sys::BN_mod_exp_mont(r.0, y.0, q.0, self.p.0, ctx.0, self.mont.0) };
            if ok != 1 {
                return Err(CryptoError::Backend("aws-lc BN_mod_exp_mont"));
            }
            if !r.is_one() {
                return Err(bad_public(self.id, "not in the prime-order subgroup"));
            }
        }
        Ok(y)
    }

    /// Validates the peer's public value (RFC 6989) without computing
    /// anything secret.
    pub fn validate(&self, peer: &[u8]) -> Result<()> {
        self.check_peer(peer, &Ctx::new()?).map(|_| ())
    }

    /// Validates the peer's public value y (RFC 6989) and returns the
    /// shared secret y^x mod p, padded to the modulus length (RFC 7296
    /// 2.14).
    pub fn shared(&self, peer: &[u8], x: &[u8]) -> Result<Vec<u8>> {
        let ctx = Ctx::new()?;
        let y = self.check_peer(peer, &ctx)?;
        self.exp_secret(&y, x, &ctx)
    }
}
