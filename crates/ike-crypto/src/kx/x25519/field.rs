//! Canonical integers modulo p = 2^255 - 19, just enough to turn the peer's
//! public u-coordinate into the Edwards y-coordinate (see `derive.rs`).
//!
//! Only public values pass through here (the peer's u and numbers derived
//! from it), so nothing in this file needs to be constant time.

/// An integer in [0, p), as four little-endian 64-bit words. Every
/// constructor reduces, so a value of this type is always canonical.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Fe([u64; 4]);

/// p = 2^255 - 19.
const P: [u64; 4] = [
    0xffff_ffff_ffff_ffed,
    0xffff_ffff_ffff_ffff,
    0xffff_ffff_ffff_ffff,
    0x7fff_ffff_ffff_ffff,
];

/// a + b for a small b, with the carry out of the top word dropped; the
/// callers keep the sum below 2^256.
fn add_small(a: [u64; 4], b: u64) -> [u64; 4] {
    let mut out = a;
    let mut carry = b;
    for w in out.iter_mut() {
        let (s, c) = w.overflowing_add(carry);
        *w = s;
        carry = u64::from(c);
    }
    out
}

/// Reduces a value below 2^255 (hence below 2p) to [0, p): a >= p exactly
/// when a + 19 >= 2^255, and then a - p is a + 19 with bit 255 cleared.
fn reduce_once(a: [u64; 4]) -> [u64; 4] {
    let mut t = add_small(a, 19);
    if t[3] >> 63 == 1 {
        t[3] &= !(1 << 63);
        t
    } else {
        a
    }
}

impl Fe {
    /// RFC 7748 5 decodeUCoordinate: little-endian, the most significant
    /// bit of the last octet masked, and a non-canonical value (p to
    /// 2^255 - 1) taken modulo p.
    pub(super) fn from_u_bytes(b: &[u8; 32]) -> Fe {
        let mut w = [0u64; 4];
        for (word, chunk) in w.iter_mut().zip(b.chunks_exact(8)) {
            let mut le = [0u8; 8];
            le.copy_from_slice(chunk);
            *word = u64::from_le_bytes(le);
        }
        w[3] &= !(1 << 63);
        Fe(reduce_once(w))
    }

    /// The canonical 32-octet little-endian encoding (bit 255 clear).
    pub(super) fn to_bytes(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (chunk, word) in out.chunks_exact_mut(8).zip(self.0) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        out
    }

    /// Wraps words already known to be below p (the inversion's output).
    pub(super) fn from_canonical_words(w: [u64; 4]) -> Option<Fe> {
        (reduce_once(w) == w && w[3] >> 63 == 0).then_some(Fe(w))
    }

    /// The little-endian words.
    pub(super) fn words(self) -> [u64; 4] {
        self.0
    }

    pub(super) fn is_zero(self) -> bool {
        self.0 == [0; 4]
    }

    /// self + 1 mod p.
    pub(super) fn plus_one(self) -> Fe {
        // self < p, so self + 1 <= p < 2^255: one conditional subtraction.
        Fe(reduce_once(add_small(self.0, 1)))
    }

    /// self - 1 mod p.
    pub(super) fn minus_one(self) -> Fe {
        if self.is_zero() {
            return Fe([P[0] - 1, P[1], P[2], P[3]]);
        }
        let mut out = self.0;
        for w in out.iter_mut() {
            let (d, borrow) = w.overflowing_sub(1);
            *w = d;
            if !borrow {
                break;
            }
        }
        Fe(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fe(n: u64) -> Fe {
        let mut b = [0u8; 32];
        b[..8].copy_from_slice(&n.to_le_bytes());
        Fe::from_u_bytes(&b)
    }

    fn p_plus(n: u8) -> [u8; 32] {
        let mut b = [0xffu8; 32];
        b[31] = 0x7f;
        b[0] = 0xed + n; // n <= 18
        b
    }

    #[test]
    fn decoding_reduces_and_masks() {
        // RFC 7748 5: p + n encodes n; the high bit is ignored.
        for n in 0..=18u8 {
            assert_eq!(Fe::from_u_bytes(&p_plus(n)), fe(u64::from(n)));
            let mut hi = p_plus(n);
            hi[31] |= 0x80;
            assert_eq!(Fe::from_u_bytes(&hi), fe(u64::from(n)));
        }
        let mut top = [0xffu8; 32];
        assert_eq!(Fe::from_u_bytes(&top), fe(18));
        top[31] = 0x7f;
        top[0] = 0xec; // p - 1 stays
        assert_eq!(Fe::from_u_bytes(&top).to_bytes(), top);
    }

    #[test]
    fn plus_and_minus_one_wrap_at_p() {
        let mut pm1 = p_plus(0);
        pm1[0] -= 1;
        let pm1 = Fe::from_u_bytes(&pm1);
        assert!(pm1.plus_one().is_zero());
        assert_eq!(fe(0).minus_one(), pm1);
        assert_eq!(fe(1).minus_one(), fe(0));
        assert_eq!(fe(1 << 40).minus_one().plus_one(), fe(1 << 40));
        let mut b = [0u8; 32];
        b[8] = 1; // 2^64 - 1 borrows across a word
        assert_eq!(Fe::from_u_bytes(&b).minus_one(), fe(u64::MAX));
    }

    #[test]
    fn canonical_words_only() {
        assert_eq!(Fe::from_canonical_words(P), None);
        assert_eq!(Fe::from_canonical_words([1, 0, 0, 0]), Some(fe(1)));
        assert_eq!(Fe::from_canonical_words([0, 0, 0, 1 << 63]), None);
    }
}
