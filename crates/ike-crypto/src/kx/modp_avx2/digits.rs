//! 64-bit limbs <-> radix-2^27 digits, four to a vector (lane k of vector
//! v is digit 4v + k). Plain `u64` arrays here; the kernel loads them.

use zeroize::Zeroizing;

/// Bits per digit.
pub(super) const D: usize = 27;
/// A digit's mask.
pub(super) const MASK: u64 = (1 << D) - 1;

/// `n` exact digits of a number given as limbs (the digits past its end
/// are zero). Public values only (the modulus, the base, constants); the
/// indices depend on the sizes alone, so it would be constant time anyway.
pub(super) fn from_limbs(x: &[u64], n: usize) -> Vec<u64> {
    (0..n)
        .map(|k| {
            let bit = k * D;
            let (i, s) = (bit / 64, bit % 64);
            let lo = x.get(i).copied().unwrap_or(0) >> s;
            let hi = if s + D > 64 {
                x.get(i + 1).copied().unwrap_or(0) << (64 - s)
            } else {
                0
            };
            (lo | hi) & MASK
        })
        .collect()
}

/// `len` limbs of a number given as redundant digits (each below 2^63;
/// the value must fit `len` limbs). Constant time: one carry pass over
/// every digit, then fixed shifts, whatever the values. Wiped on drop
/// (the exponentiation's result is secret).
pub(super) fn to_limbs(d: &[u64], len: usize) -> Zeroizing<Vec<u64>> {
    let mut out = Zeroizing::new(vec![0u64; len]);
    let mut c = 0u64;
    for (k, &dk) in d.iter().enumerate() {
        c += dk;
        let e = c & MASK;
        c >>= D;
        let bit = k * D;
        let (i, s) = (bit / 64, bit % 64);
        if let Some(w) = out.get_mut(i) {
            *w |= e << s;
        }
        if s + D > 64 {
            if let Some(w) = out.get_mut(i + 1) {
                *w |= e >> (64 - s);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_carries() {
        let x: Vec<u64> = (0..32u64)
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        let d = from_limbs(&x, 76);
        assert!(d.iter().all(|&v| v <= MASK));
        assert_eq!(*to_limbs(&d, 32), x);
        // Redundant digits: move 5 from digit 3 into digit 2 as 5 * 2^27.
        let mut r = d.clone();
        r[3] -= 5.min(r[3]);
        let moved = d[3] - r[3];
        r[2] += moved << D;
        assert_eq!(*to_limbs(&r, 32), x);
    }
}
