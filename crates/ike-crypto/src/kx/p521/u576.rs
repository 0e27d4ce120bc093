//! 576-bit unsigned integers as nine little-endian 64-bit words: the
//! octet-string form of P-521 field elements and scalars (66 octets,
//! RFC 5903 6), and conversion to and from the field's 58-bit limbs.

/// Number of limbs of a field element (and words of a `U576`).
pub const LIMBS: usize = 9;
pub(super) const MASK58: u64 = (1 << 58) - 1;
pub(super) const MASK57: u64 = (1 << 57) - 1;

/// Octets of a field element or scalar.
pub(super) const BYTES: usize = 66;

/// A 576-bit integer, little-endian words.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct U576(pub(super) [u64; LIMBS]);

impl U576 {
    /// From 66 big-endian octets.
    pub(super) const fn from_be_bytes(b: &[u8; BYTES]) -> Self {
        let mut w = [0u64; LIMBS];
        let mut i = 0;
        // Octet i (from the end) is bits 8i..8i+8.
        while i < BYTES {
            let byte = b[BYTES - 1 - i] as u64;
            w[i / 8] |= byte << (8 * (i % 8));
            i += 1;
        }
        U576(w)
    }

    /// To 66 big-endian octets (bits above 528 are dropped; callers hold
    /// values below 2^521).
    pub(super) fn to_be_bytes(self) -> [u8; BYTES] {
        let mut out = [0u8; BYTES];
        for (i, o) in out.iter_mut().rev().enumerate() {
            *o = (self.0[i / 8] >> (8 * (i % 8))) as u8;
        }
        out
    }

    /// From a big-endian hex constant (at most 144 digits).
    pub(super) const fn from_be_hex(hex: &str) -> Self {
        let h = hex.as_bytes();
        let mut w = [0u64; LIMBS];
        let mut i = 0;
        while i < h.len() {
            let c = h[h.len() - 1 - i];
            let v = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                // Constants of this module only; the unit tests check them.
                _ => 0,
            } as u64;
            w[i / 16] |= v << (4 * (i % 16));
            i += 1;
        }
        U576(w)
    }

    /// Whether the value is below p = 2^521 - 1. Bit 521 is bit 9 of word 8.
    pub(super) fn below_p(&self) -> bool {
        if self.0[LIMBS - 1] >> 9 != 0 {
            return false;
        }
        let all_ones =
            self.0[..LIMBS - 1].iter().all(|&w| w == u64::MAX) && self.0[LIMBS - 1] == 0x1ff;
        !all_ones
    }

    /// `len` (<= 58) bits starting at `pos`, constant time for public
    /// `pos`/`len` (the positions of the scalar's windows are public).
    #[inline(always)]
    pub(super) fn bits(&self, pos: usize, len: usize) -> u64 {
        let w = pos / 64;
        let s = pos % 64;
        let lo = self.0[w] >> s;
        // The high word contributes only when the window straddles words;
        // `s` is public, so this branch is too.
        let hi = if s != 0 && w + 1 < LIMBS {
            self.0[w + 1] << (64 - s)
        } else {
            0
        };
        (lo | hi) & ((1u64 << len) - 1)
    }

    /// self - rhs with the final borrow (1 if rhs > self); constant time.
    pub(super) fn sub_borrow(&self, rhs: &Self) -> (Self, u64) {
        let mut out = [0u64; LIMBS];
        let mut borrow = 0u64;
        for (k, o) in out.iter_mut().enumerate() {
            let (d1, b1) = self.0[k].overflowing_sub(rhs.0[k]);
            let (d2, b2) = d1.overflowing_sub(borrow);
            *o = d2;
            borrow = (b1 | b2) as u64;
        }
        (U576(out), borrow)
    }

    /// `b` where `mask` is all-ones, else `a`; constant time.
    pub(super) fn select(a: &Self, b: &Self, mask: u64) -> Self {
        U576(core::array::from_fn(|k| {
            a.0[k] ^ (mask & (a.0[k] ^ b.0[k]))
        }))
    }

    /// The 58-bit limbs of a value below 2^522 (limb i = bits 58i..58i+58).
    pub(super) const fn to_radix58(self) -> [u64; LIMBS] {
        let mut out = [0u64; LIMBS];
        let mut i = 0;
        while i < LIMBS {
            let pos = 58 * i;
            let w = pos / 64;
            let s = pos % 64;
            let mut v = self.0[w] >> s;
            if s > 6 && w + 1 < LIMBS {
                v |= self.0[w + 1] << (64 - s);
            }
            out[i] = v & MASK58;
            i += 1;
        }
        out
    }

    /// From tight 58-bit limbs (each < 2^58).
    pub(super) fn from_radix58(l: &[u64; LIMBS]) -> Self {
        let mut w = [0u64; LIMBS];
        for (i, &limb) in l.iter().enumerate() {
            let pos = 58 * i;
            let (wi, s) = (pos / 64, pos % 64);
            w[wi] |= limb << s;
            // The bits of the limb above the word boundary.
            if s > 6 && wi + 1 < LIMBS {
                w[wi + 1] |= limb >> (64 - s);
            }
        }
        U576(w)
    }
}

impl zeroize::Zeroize for U576 {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}
