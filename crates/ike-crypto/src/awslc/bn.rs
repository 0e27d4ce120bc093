//! The crate's one `unsafe` module: constant-time modular exponentiation
//! with aws-lc's BIGNUM (BN_mod_exp_mont_consttime), for MODP groups.
//! Every pointer is checked for NULL and freed on every path (RAII guards).

use crate::error::{CryptoError, Result};
use aws_lc_sys as sys;

struct Bn(*mut sys::BIGNUM);
impl Drop for Bn {
    fn drop(&mut self) {
        // SAFETY: pointer from BN_new/BN_bin2bn, freed once; BN_clear_free
        // wipes secrets.
        unsafe { sys::BN_clear_free(self.0) }
    }
}
struct Ctx(*mut sys::BN_CTX);
impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: pointer from BN_CTX_new, freed once.
        unsafe { sys::BN_CTX_free(self.0) }
    }
}
struct Mont(*mut sys::BN_MONT_CTX);
impl Drop for Mont {
    fn drop(&mut self) {
        // SAFETY: pointer from BN_MONT_CTX_new_for_modulus, freed once.
        unsafe { sys::BN_MONT_CTX_free(self.0) }
    }
}

fn bn(bytes: &[u8]) -> Result<Bn> {
    // SAFETY: reads `bytes.len()` octets from a valid slice; NULL `ret`
    // makes BN_bin2bn allocate.
    let p = unsafe { sys::BN_bin2bn(bytes.as_ptr(), bytes.len(), core::ptr::null_mut()) };
    if p.is_null() {
        return Err(CryptoError::Backend("aws-lc BN_bin2bn"));
    }
    Ok(Bn(p))
}

/// base^exp mod m, big-endian, output padded to `out_len`. `m` must be
/// odd and `base < m` (the caller validated both); `exp` is secret.
pub fn mod_exp(base: &[u8], exp: &[u8], m: &[u8], out_len: usize) -> Result<Vec<u8>> {
    let (b, e, m) = (bn(base)?, bn(exp)?, bn(m)?);
    // SAFETY: plain allocation calls; results checked for NULL.
    let ctx = Ctx(unsafe { sys::BN_CTX_new() });
    let r = Bn(unsafe { sys::BN_new() });
    if ctx.0.is_null() || r.0.is_null() {
        return Err(CryptoError::Backend("aws-lc BN alloc"));
    }
    // SAFETY: m and ctx are valid; result checked for NULL.
    let mont = Mont(unsafe { sys::BN_MONT_CTX_new_for_modulus(m.0, ctx.0) });
    if mont.0.is_null() {
        return Err(CryptoError::Backend("aws-lc BN_MONT_CTX"));
    }
    // SAFETY: all pointers valid and distinct; r is an output.
    let ok = unsafe { sys::BN_mod_exp_mont_consttime(r.0, b.0, e.0, m.0, ctx.0, mont.0) };
    if ok != 1 {
        return Err(CryptoError::Backend("aws-lc BN_mod_exp_mont_consttime"));
    }
    let mut out = vec![0u8; out_len];
    // SAFETY: writes exactly out_len octets into `out`.
    let ok = unsafe { sys::BN_bn2bin_padded(out.as_mut_ptr(), out_len, r.0) };
    if ok != 1 {
        return Err(CryptoError::Backend("aws-lc BN_bn2bin_padded"));
    }
    Ok(out)
}
