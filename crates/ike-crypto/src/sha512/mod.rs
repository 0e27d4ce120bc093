//! SHA-384 and SHA-512 (FIPS 180-4) for HMAC-SHA2-384/512, the PRFs and
//! integrity transforms of both providers.
//!
//! Ours rather than RustCrypto's `sha2` for speed: IKE's prf() sets the
//! key up on every call, so HMAC-SHA2-512 over 1 KiB is twelve
//! compressions, and the compression function decides the time. On x86-64
//! with AVX2 and BMI2 `avx2.rs` compresses two blocks at once, about 20%
//! faster than `sha2`'s; elsewhere `sha2::compress512` runs
//! (`compress.rs`). [`Sha512`] keeps up to two whole blocks pending so that
//! whole messages, HMAC's pad block included, go through in pairs.

#[cfg(target_arch = "x86_64")]
mod avx2;
mod compress;
mod consts;

use zeroize::Zeroize;

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
    pub fn output_len(self) -> usize {
        match self {
            Variant::Sha384 => 48,
            Variant::Sha512 => 64,
        }
    }
}

/// Block size of both (FIPS 180-4 5.1.2).
pub const BLOCK: usize = 128;

/// Octets held back: up to two whole blocks and what the padding of the
/// last one may add (FIPS 180-4 5.1.2: 0x80, zeros and a 16-octet length).
const PENDING: usize = 3 * BLOCK;

/// A running SHA-384 or SHA-512 hash. Its state and pending input (under
/// HMAC, key material) are wiped on drop.
pub struct Sha512 {
    state: [u64; 8],
    pending: [u8; PENDING],
    /// Octets in `pending`, at most `2 * BLOCK` between calls.
    held: usize,
    /// Message length in octets so far.
    total: u128,
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
        Sha512 {
            state: match variant {
                Variant::Sha384 => consts::IV_384,
                Variant::Sha512 => consts::IV_512,
            },
            pending: [0; PENDING],
            held: 0,
            total: 0,
            variant,
        }
    }

    /// Absorbs `data`. Whole blocks are compressed as they come, except
    /// that one or two stay pending (never none once there is input), so
    /// that the last of them goes through together with the padding.
    pub fn update(&mut self, mut data: &[u8]) {
        self.total = self.total.wrapping_add(data.len() as u128);
        if self.held > 0 || data.len() <= 2 * BLOCK {
            let take = data.len().min(2 * BLOCK - self.held);
            self.pending[self.held..self.held + take].copy_from_slice(&data[..take]);
            self.held += take;
            data = &data[take..];
            if data.is_empty() {
                return;
            }
            // Two pending blocks and more input: they can go.
            compress::compress(&mut self.state, self.pending[..2 * BLOCK].as_chunks().0);
            self.held = 0;
        }
        // Keep 1..=2 blocks' worth of the rest, and an even number of
        // blocks to compress where that is possible.
        let mut whole = (data.len() - 1) / BLOCK;
        whole -= whole % 2;
        let (now, later) = data.split_at(whole * BLOCK);
        compress::compress(&mut self.state, now.as_chunks().0);
        self.pending[..later.len()].copy_from_slice(later);
        self.held = later.len();
    }

    /// Finishes into `out[..len()]`, returning the length.
    pub fn finish(mut self, out: &mut [u8; 64]) -> usize {
        // FIPS 180-4 5.1.2: 0x80, zeros up to 16 octets short of a block
        // boundary, then the length in bits as a 128-bit big-endian number.
        let end = (self.held + 1 + 16).div_ceil(BLOCK) * BLOCK;
        self.pending[self.held] = 0x80;
        self.pending[self.held + 1..end - 16].fill(0);
        self.pending[end - 16..end].copy_from_slice(&(self.total << 3).to_be_bytes());
        compress::compress(&mut self.state, self.pending[..end].as_chunks().0);
        for (o, s) in out.chunks_exact_mut(8).zip(self.state) {
            o.copy_from_slice(&s.to_be_bytes());
        }
        let n = self.variant.output_len();
        out[n..].fill(0);
        n
    }
}

impl crate::rfc2104::BlockHash for Sha512 {
    const BLOCK: usize = BLOCK;
    fn absorb(&mut self, data: &[u8]) {
        self.update(data);
    }
    fn finish_into(self, out: &mut [u8; crate::rfc2104::MAX_OUT]) -> usize {
        self.finish(out)
    }
}

/// HMAC-SHA2-384/512 (RFC 2104, RFC 4868) of `data[0] | data[1] | ...`
/// into `out[..len]`, returning `len` (48 or 64). Any key length is
/// accepted (RFC 2104 2; RFC 4868 2.1.1 / RFC 7296 3.3.2 only prefer the
/// output length).
pub fn hmac(variant: Variant, key: &[u8], data: &[&[u8]], out: &mut [u8; 64]) -> usize {
    crate::rfc2104::hmac(|| Sha512::new(variant), key, data, out)
}

impl Drop for Sha512 {
    fn drop(&mut self) {
        self.state.zeroize();
        self.pending.zeroize();
    }
}

#[cfg(test)]
mod tests;
