//! MD5 (RFC 1321) for IKEv1's HMAC-MD5 PRF, HMAC-MD5-96 integrity and the
//! MD5 phase-1 IVs.
//!
//! Ours rather than RustCrypto's `md-5` for speed: its compression
//! function takes 126 ns a block here against OpenSSL's 100 ns, and with
//! the key set up on every call HMAC-MD5 over 1 KiB is twenty
//! compressions. `compress.rs` takes 95 ns. MD5 is broken as a hash; IKE
//! uses it only under HMAC (RFC 2104), where its collisions do not matter,
//! and in IKEv1's IV derivation, which needs no collision resistance.

mod compress;
#[cfg(test)]
mod tests;

use zeroize::Zeroize;

/// Block size (RFC 1321 3.4: sixteen 32-bit words).
pub const BLOCK: usize = 64;

/// Digest length.
pub const OUTPUT: usize = 16;

/// A running MD5 hash. Its state and pending input (under HMAC, key
/// material) are wiped on drop.
pub struct Md5 {
    state: [u32; 4],
    pending: [u8; BLOCK],
    /// Octets in `pending`, below `BLOCK` between calls.
    held: usize,
    /// Message length in octets so far.
    total: u64,
}

impl core::fmt::Debug for Md5 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Md5")
    }
}

impl Default for Md5 {
    fn default() -> Self {
        Md5::new()
    }
}

impl Md5 {
    /// A fresh hash (RFC 1321 3.3: the initial buffer A..D).
    pub fn new() -> Md5 {
        Md5 {
            state: [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476],
            pending: [0; BLOCK],
            held: 0,
            total: 0,
        }
    }

    /// Absorbs `data`.
    pub fn update(&mut self, mut data: &[u8]) {
        self.total = self.total.wrapping_add(data.len() as u64);
        if self.held > 0 {
            let take = data.len().min(BLOCK - self.held);
            self.pending[self.held..self.held + take].copy_from_slice(&data[..take]);
            self.held += take;
            data = &data[take..];
            if self.held < BLOCK {
                return;
            }
            compress::compress(&mut self.state, core::slice::from_ref(&self.pending));
            self.held = 0;
        }
        let (blocks, rest) = data.as_chunks::<BLOCK>();
        compress::compress(&mut self.state, blocks);
        self.pending[..rest.len()].copy_from_slice(rest);
        self.held = rest.len();
    }

    /// Finishes into `out` (16 octets).
    pub fn finish(mut self, out: &mut [u8; OUTPUT]) {
        // RFC 1321 3.1-3.2: 0x80, zeros up to 56 octets into a block, then
        // the length in bits modulo 2^64, little-endian.
        let mut tail = [0u8; 2 * BLOCK];
        tail[..self.held].copy_from_slice(&self.pending[..self.held]);
        tail[self.held] = 0x80;
        let end = if self.held < BLOCK - 8 {
            BLOCK
        } else {
            2 * BLOCK
        };
        tail[end - 8..end].copy_from_slice(&self.total.wrapping_mul(8).to_le_bytes());
        compress::compress(&mut self.state, tail[..end].as_chunks().0);
        tail.zeroize();
        for (o, s) in out.chunks_exact_mut(4).zip(self.state) {
            o.copy_from_slice(&s.to_le_bytes());
        }
    }
}

impl Drop for Md5 {
    fn drop(&mut self) {
        self.state.zeroize();
        self.pending.zeroize();
    }
}

impl crate::rfc2104::BlockHash for Md5 {
    const BLOCK: usize = BLOCK;
    fn absorb(&mut self, data: &[u8]) {
        self.update(data);
    }
    fn finish_into(self, out: &mut [u8; crate::rfc2104::MAX_OUT]) -> usize {
        let mut d = [0u8; OUTPUT];
        self.finish(&mut d);
        out[..OUTPUT].copy_from_slice(&d);
        out[OUTPUT..].fill(0);
        d.zeroize();
        OUTPUT
    }
}

/// HMAC-MD5 (RFC 2104) of `data[0] | data[1] | ...` into `out`.
pub fn hmac(key: &[u8], data: &[&[u8]], out: &mut [u8; OUTPUT]) {
    let mut full = zeroize::Zeroizing::new([0u8; crate::rfc2104::MAX_OUT]);
    crate::rfc2104::hmac(Md5::new, key, data, &mut full);
    out.copy_from_slice(&full[..OUTPUT]);
}
