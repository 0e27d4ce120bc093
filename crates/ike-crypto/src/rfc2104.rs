//! HMAC (RFC 2104) over the crate's own hashes: MD5 ([`crate::md5`]) and
//! SHA-384/512 ([`crate::sha512`]). HMAC-SHA1 and HMAC-SHA2-256 stay on
//! RustCrypto's `hmac` (`mac.rs`), which is faster than OpenSSL there.

use zeroize::Zeroizing;

/// The largest block of the hashes here (SHA-512's).
const MAX_BLOCK: usize = 128;

/// The largest digest of the hashes here.
pub(crate) const MAX_OUT: usize = 64;

/// A running hash of the crate's own, for HMAC here and for the plain
/// digests of `hash.rs`.
pub(crate) trait BlockHash: Sized {
    /// B of RFC 2104 2, at most [`MAX_BLOCK`].
    const BLOCK: usize;
    /// Absorbs `data`.
    fn absorb(&mut self, data: &[u8]);
    /// The digest into `out[..len]`, the rest zero; returns L (RFC 2104 2).
    fn finish_into(self, out: &mut [u8; MAX_OUT]) -> usize;
}

/// `HMAC(key, data[0] | data[1] | ...)` into `out[..L]`, returning L.
/// `new` makes a fresh hash. Any key length is accepted (RFC 2104 2).
pub(crate) fn hmac<H: BlockHash>(
    new: impl Fn() -> H,
    key: &[u8],
    data: &[&[u8]],
    out: &mut [u8; MAX_OUT],
) -> usize {
    const { assert!(H::BLOCK <= MAX_BLOCK) };
    // RFC 2104 2: a key longer than the block is hashed first; then it is
    // zero-padded to the block and XORed with ipad / opad.
    let mut k = Zeroizing::new([0u8; MAX_BLOCK]);
    if key.len() > H::BLOCK {
        let mut h = new();
        h.absorb(key);
        let mut d = Zeroizing::new([0u8; MAX_OUT]);
        let n = h.finish_into(&mut d);
        k[..n].copy_from_slice(&d[..n]);
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let k = &k[..H::BLOCK];
    let mut pad = Zeroizing::new([0u8; MAX_BLOCK]);
    let pad = &mut pad[..H::BLOCK];
    for (p, k) in pad.iter_mut().zip(k) {
        *p = k ^ 0x36;
    }
    let mut inner = new();
    inner.absorb(pad);
    for d in data {
        inner.absorb(d);
    }
    let mut ih = Zeroizing::new([0u8; MAX_OUT]);
    let n = inner.finish_into(&mut ih);
    for (p, k) in pad.iter_mut().zip(k) {
        *p = k ^ 0x5c;
    }
    let mut outer = new();
    outer.absorb(pad);
    outer.absorb(&ih[..n]);
    outer.finish_into(out)
}
