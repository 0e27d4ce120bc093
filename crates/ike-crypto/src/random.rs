//! Injectable randomness: the OS by default, a deterministic stream for tests.

use crate::error::{CryptoError, Result};
use sha2::{Digest, Sha256};
use std::sync::Mutex;

/// A source of secure random octets (nonces, SPIs, IVs, DH secrets, salts).
pub trait SecureRandom: Send + Sync + core::fmt::Debug {
    /// Fills `buf` with random octets.
    fn fill(&self, buf: &mut [u8]) -> Result<()>;
}

/// The operating system's generator (getrandom(2)).
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl SecureRandom for OsRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<()> {
        getrandom::getrandom(buf).map_err(|_| CryptoError::Random)
    }
}

/// A reproducible stream for tests and simulations: SHA-256(seed || counter)
/// blocks. **Not** for production use: anyone who knows the seed knows every
/// key.
#[derive(Debug)]
pub struct DeterministicRandom {
    seed: [u8; 32],
    counter: Mutex<u64>,
}

impl DeterministicRandom {
    /// A stream determined entirely by `seed`.
    pub fn new(seed: &[u8]) -> Self {
        DeterministicRandom {
            seed: Sha256::digest(seed).into(),
            counter: Mutex::new(0),
        }
    }
}

impl SecureRandom for DeterministicRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<()> {
        let mut ctr = self.counter.lock().map_err(|_| CryptoError::Random)?;
        for chunk in buf.chunks_mut(32) {
            let block = Sha256::new()
                .chain_update(self.seed)
                .chain_update(ctr.to_be_bytes())
                .finalize();
            *ctr = ctr.wrapping_add(1);
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }
}

/// Adapts a [`SecureRandom`] to `rand_core` for the RustCrypto APIs that want
/// an `RngCore + CryptoRng` (RSA-PSS salts, blinding). A failing source
/// yields an error from `try_fill_bytes`; the infallible methods, which cannot
/// report it, fall back to the OS generator rather than panic.
#[derive(Debug)]
pub(crate) struct RngAdapter<'a>(pub(crate) &'a dyn SecureRandom);

impl rand_core::RngCore for RngAdapter<'_> {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if self.0.fill(dest).is_err() {
            // Never leave `dest` predictable: use the OS directly. If that
            // fails too, rand_core's OsRng contract is the same as ours.
            let _ = OsRandom.fill(dest);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> core::result::Result<(), rand_core::Error> {
        self.0.fill(dest).map_err(|_| {
            rand_core::Error::from(
                core::num::NonZeroU32::new(rand_core::Error::CUSTOM_START)
                    .unwrap_or(core::num::NonZeroU32::MIN),
            )
        })
    }
}

impl rand_core::CryptoRng for RngAdapter<'_> {}
