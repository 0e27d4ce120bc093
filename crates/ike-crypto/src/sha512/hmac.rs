//! HMAC-SHA2-384/512 (RFC 2104, RFC 4868) over [`super::Sha512`].

use super::{Sha512, Variant, BLOCK};
use zeroize::Zeroizing;

/// `HMAC(key, data[0] | data[1] | ...)` into `out[..len]`, returning `len`
/// (48 or 64). Any key length is accepted (RFC 2104 2; RFC 4868 2.1.1 /
/// RFC 7296 3.3.2 only prefer the output length).
pub fn hmac(variant: Variant, key: &[u8], data: &[&[u8]], out: &mut [u8; 64]) -> usize {
    // RFC 2104 2: a key longer than the block is hashed first; then it is
    // zero-padded to the block and XORed with ipad / opad.
    let mut k = Zeroizing::new([0u8; BLOCK]);
    if key.len() > BLOCK {
        let mut h = Sha512::new(variant);
        h.update(key);
        let mut d = Zeroizing::new([0u8; 64]);
        let n = h.finish(&mut d);
        k[..n].copy_from_slice(&d[..n]);
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut pad = Zeroizing::new([0u8; BLOCK]);
    for (p, k) in pad.iter_mut().zip(k.iter()) {
        *p = k ^ 0x36;
    }
    let mut inner = Sha512::new(variant);
    inner.update(&pad[..]);
    for d in data {
        inner.update(d);
    }
    let mut ih = Zeroizing::new([0u8; 64]);
    let n = inner.finish(&mut ih);
    for (p, k) in pad.iter_mut().zip(k.iter()) {
        *p = k ^ 0x5c;
    }
    let mut outer = Sha512::new(variant);
    outer.update(&pad[..]);
    outer.update(&ih[..n]);
    outer.finish(out)
}
