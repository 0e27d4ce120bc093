//! SHA-384/SHA-512 on aws-lc's low-level `SHA512_CTX` (on the stack, no
//! EVP layer), for the HMAC PRFs in [`crate::awslc::prf`]: aws-lc's
//! SHA-512 assembly is faster than RustCrypto's here (AVX2 + BMI2 rounds),
//! and this API has none of `HMAC_Init_ex`'s per-key overhead.

use aws_lc_sys as sys;
use core::mem::MaybeUninit;

/// Which of the two digests sharing the SHA-512 compression function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// SHA2-384 (FIPS 180-4 6.5): other IVs, output truncated to 48 octets.
    Sha384,
    /// SHA2-512.
    Sha512,
}

impl Variant {
    /// Output length in octets.
    pub fn len(self) -> usize {
        match self {
            Variant::Sha384 => 48,
            Variant::Sha512 => 64,
        }
    }
}

/// Block size of both (FIPS 180-4 5.1.2).
pub const BLOCK: usize = 128;

/// A running hash; its state (which, under HMAC, is key material) is
/// wiped on drop.
pub struct Sha512 {
    ctx: MaybeUninit<sys::SHA512_CTX>,
    variant: Variant,
}

impl core::fmt::Debug for Sha512 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Sha512({:?})", self.variant)
    }
}

impl Sha512 {
    /// A fresh hash.
    pub fn new(variant: Variant) -> Sha512 {
        let mut ctx = MaybeUninit::<sys::SHA512_CTX>::uninit();
        // SAFETY: SHA384_Init/SHA512_Init only write the context; they
        // cannot fail (they return 1 unconditionally).
        unsafe {
            match variant {
                Variant::Sha384 => sys::SHA384_Init(ctx.as_mut_ptr()),
                Variant::Sha512 => sys::SHA512_Init(ctx.as_mut_ptr()),
            };
        }
        Sha512 { ctx, variant }
    }

    /// Absorbs `data`.
    pub fn update(&mut self, data: &[u8]) {
        // SAFETY: the context was initialised in `new`; reads `data.len()`
        // octets from a valid slice. SHA512_Update (also SHA-384's update)
        // cannot fail.
        unsafe { sys::SHA512_Update(self.ctx.as_mut_ptr(), data.as_ptr().cast(), data.len()) };
    }

    /// Finishes into `out[..len()]`, returning the length.
    pub fn finish(mut self, out: &mut [u8; 64]) -> usize {
        // SAFETY: the context was initialised; `out` has room for 64 >=
        // len() octets; SHA384_Final writes 48, SHA512_Final 64.
        unsafe {
            match self.variant {
                Variant::Sha384 => sys::SHA384_Final(out.as_mut_ptr(), self.ctx.as_mut_ptr()),
                Variant::Sha512 => sys::SHA512_Final(out.as_mut_ptr(), self.ctx.as_mut_ptr()),
            };
        }
        self.variant.len()
    }
}

impl Drop for Sha512 {
    fn drop(&mut self) {
        // SAFETY: wipes the context's own memory (plain data, initialised
        // in `new`).
        unsafe {
            sys::OPENSSL_cleanse(
                self.ctx.as_mut_ptr().cast(),
                core::mem::size_of::<sys::SHA512_CTX>(),
            )
        };
    }
}
