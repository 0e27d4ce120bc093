//! HMAC on aws-lc's `HMAC_CTX`, kept on the stack for one-shot use (aws-lc's intended use:
//! no allocation, unlike aws-lc-rs's `hmac::Key`, which heap-allocates a
//! context per key and clones it per use). Two forms:
//! [`hmac`] sets the key up on every call, as IKE's prf() is used
//! (RFC 7296 2.13); [`KeyedHmac`] keeps the keyed state and reuses it,
//! as prf+ and `openssl speed -hmac` do.

use crate::error::{CryptoError, Result};
use aws_lc_sys as sys;
use core::mem::MaybeUninit;
use core::ops::DerefMut;

/// The hash under the HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Md {
    /// SHA-1
    Sha1,
    /// SHA2-256
    Sha256,
    /// SHA2-384
    Sha384,
    /// SHA2-512
    Sha512,
}

impl Md {
    fn evp(self) -> *const sys::EVP_MD {
        // SAFETY: these return pointers to static EVP_MD tables.
        unsafe {
            match self {
                Md::Sha1 => sys::EVP_sha1(),
                Md::Sha256 => sys::EVP_sha256(),
                Md::Sha384 => sys::EVP_sha384(),
                Md::Sha512 => sys::EVP_sha512(),
            }
        }
    }

    /// Output length in octets.
    pub fn len(self) -> usize {
        match self {
            Md::Sha1 => 20,
            Md::Sha256 => 32,
            Md::Sha384 => 48,
            Md::Sha512 => 64,
        }
    }
}

/// Largest HMAC output (SHA-512).
pub const MAX_LEN: usize = 64;

type Slot = MaybeUninit<sys::HMAC_CTX>;

/// An initialised HMAC_CTX in storage `S` (a stack slot borrowed for one
/// call, or a Box for a kept key), cleaned up (and wiped: aws-lc's
/// HMAC_CTX_cleanup zeroises it) on drop. The storage is borrowed or
/// boxed, so the context's address never changes between HMAC_CTX_init
/// and HMAC_CTX_cleanup.
struct Ctx<S: DerefMut<Target = Slot>>(S);

impl<S: DerefMut<Target = Slot>> Ctx<S> {
    fn new(mut slot: S) -> Ctx<S> {
        // SAFETY: HMAC_CTX_init only writes the context.
        unsafe { sys::HMAC_CTX_init(slot.as_mut_ptr()) };
        Ctx(slot)
    }

    fn ptr(&mut self) -> *mut sys::HMAC_CTX {
        self.0.as_mut_ptr()
    }

    /// Keys the context (`key` = None: reuse the previous key, which
    /// HMAC_Init_ex allows when `md` is also NULL).
    fn init(&mut self, key: Option<&[u8]>, md: Md) -> Result<()> {
        let (k, klen, md) = match key {
            Some(k) => (k.as_ptr().cast(), k.len(), md.evp()),
            None => (core::ptr::null(), 0, core::ptr::null()),
        };
        // SAFETY: the context is initialised; `k` points to `klen` readable
        // octets (or is NULL with md NULL, meaning "same key").
        let ok = unsafe { sys::HMAC_Init_ex(self.ptr(), k, klen, md, core::ptr::null_mut()) };
        if ok != 1 {
            return Err(CryptoError::Backend("aws-lc HMAC_Init_ex"));
        }
        Ok(())
    }

    fn update(&mut self, data: &[&[u8]]) -> Result<()> {
        for d in data {
            // SAFETY: reads `d.len()` octets from a valid slice.
            if unsafe { sys::HMAC_Update(self.ptr(), d.as_ptr(), d.len()) } != 1 {
                return Err(CryptoError::Backend("aws-lc HMAC_Update"));
            }
        }
        Ok(())
    }

    fn finish(&mut self, md: Md) -> Result<([u8; MAX_LEN], usize)> {
        let mut out = [0u8; MAX_LEN];
        let mut len: core::ffi::c_uint = 0;
        // SAFETY: `out` holds MAX_LEN >= EVP_MD_size(md) octets.
        if unsafe { sys::HMAC_Final(self.ptr(), out.as_mut_ptr(), &mut len) } != 1
            || len as usize != md.len()
        {
            return Err(CryptoError::Backend("aws-lc HMAC_Final"));
        }
        Ok((out, md.len()))
    }
}

impl<S: DerefMut<Target = Slot>> Drop for Ctx<S> {
    fn drop(&mut self) {
        // SAFETY: initialised by HMAC_CTX_init in `new`; cleaned up once.
        unsafe { sys::HMAC_CTX_cleanup(self.ptr()) }
    }
}

// SAFETY: the context is plain memory owned by this value (no thread
// affinity); &mut is required for every operation.
unsafe impl Send for Ctx<Box<Slot>> {}

/// HMAC(key, data[0] | data[1] | ...) with the key set up in this call.
/// Returns the output buffer and its length (the caller copies it into a
/// zeroizing secret; the buffer is plain stack memory).
pub fn hmac(md: Md, key: &[u8], data: &[&[u8]]) -> Result<([u8; MAX_LEN], usize)> {
    let mut slot = Slot::uninit();
    let mut ctx = Ctx::new(&mut slot);
    ctx.init(Some(key), md)?;
    ctx.update(data)?;
    ctx.finish(md)
}

/// HMAC with the keyed (ipad/opad) state computed once and reused for
/// every message.
pub struct KeyedHmac {
    ctx: Ctx<Box<Slot>>,
    md: Md,
}

impl core::fmt::Debug for KeyedHmac {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "KeyedHmac({:?})", self.md)
    }
}

impl KeyedHmac {
    /// Keys a context.
    pub fn new(md: Md, key: &[u8]) -> Result<KeyedHmac> {
        let mut ctx = Ctx::new(Box::new(Slot::uninit()));
        ctx.init(Some(key), md)?;
        Ok(KeyedHmac { ctx, md })
    }

    /// HMAC of `data[0] | data[1] | ...` under the stored key.
    pub fn compute(&mut self, data: &[&[u8]]) -> Result<([u8; MAX_LEN], usize)> {
        self.ctx.init(None, self.md)?;
        self.ctx.update(data)?;
        self.ctx.finish(self.md)
    }
}
