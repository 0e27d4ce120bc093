//! Big-endian octets <-> little-endian 64-bit limbs, and the few
//! variable-time comparisons needed on *public* values (moduli, peer
//! public values, subgroup results).

use core::cmp::Ordering;

/// Octets per limb.
const W: usize = 8;

/// Parses big-endian octets into exactly `limbs` little-endian limbs;
/// `None` when the value does not fit.
pub(crate) fn from_be(bytes: &[u8], limbs: usize) -> Option<Vec<u64>> {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let bytes = &bytes[first..];
    if bytes.len() > limbs * W {
        return None;
    }
    let mut out = vec![0u64; limbs];
    for (i, &b) in bytes.iter().rev().enumerate() {
        out[i / W] |= u64::from(b) << (8 * (i % W));
    }
    Some(out)
}

/// Parses big-endian hex (compile-time group constants) into `limbs` limbs.
pub(crate) fn from_hex(hex: &str, limbs: usize) -> Option<Vec<u64>> {
    let digits = hex.as_bytes();
    let mut bytes = vec![0u8; digits.len().div_ceil(2)];
    // Right-align odd-length input ("2" is the generator 0x02).
    let offset = digits.len() % 2;
    for (i, &c) in digits.iter().enumerate() {
        let v = (c as char).to_digit(16)? as u8;
        let pos = (i + offset) / 2;
        bytes[pos] |= if (i + offset).is_multiple_of(2) {
            v << 4
        } else {
            v
        };
    }
    from_be(&bytes, limbs)
}

/// Limbs -> big-endian octets, left-padded (or truncated from the top) to `len`.
pub(crate) fn to_be(limbs: &[u64], len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    for (i, byte) in out.iter_mut().rev().enumerate() {
        if let Some(w) = limbs.get(i / W) {
            *byte = (w >> (8 * (i % W))) as u8;
        }
    }
    out
}

/// Number of significant bits (variable time: public values only).
pub(crate) fn bits(limbs: &[u64]) -> usize {
    limbs
        .iter()
        .rposition(|&w| w != 0)
        .map_or(0, |i| 64 * i + 64 - limbs[i].leading_zeros() as usize)
}

/// Compares two equal-length numbers (variable time: public values only).
pub(crate) fn cmp(a: &[u64], b: &[u64]) -> Ordering {
    a.iter().rev().cmp(b.iter().rev())
}

/// `a - 1` for a non-zero `a` (public values only).
pub(crate) fn minus_one(a: &[u64]) -> Vec<u64> {
    let mut out = a.to_vec();
    for w in out.iter_mut() {
        let (v, borrow) = w.overflowing_sub(1);
        *w = v;
        if !borrow {
            break;
        }
    }
    out
}

/// `a < b` for equal-length numbers, in constant time (for secret values:
/// the whole borrow chain is always computed).
pub(crate) fn lt_ct(a: &[u64], b: &[u64]) -> bool {
    let mut borrow = 0u64;
    for (&x, &y) in a.iter().zip(b) {
        let (d, b1) = x.overflowing_sub(y);
        let (_, b2) = d.overflowing_sub(borrow);
        borrow = u64::from(b1 | b2);
    }
    borrow == 1
}

/// True when `a` is the integer 1.
pub(crate) fn is_one(a: &[u64]) -> bool {
    a.split_first()
        .is_some_and(|(&lo, rest)| lo == 1 && rest.iter().all(|&w| w == 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octets_round_trip_and_overflow() {
        let v = from_be(&[0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 2).unwrap();
        assert_eq!(v, vec![0x0203_0405_0607_0809, 0x01]);
        assert_eq!(to_be(&v, 11), vec![0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(bits(&v), 65);
        assert!(from_be(&[1; 17], 2).is_none());
        assert_eq!(from_hex("2", 1), Some(vec![2]));
        assert_eq!(from_hex("1ff", 1), Some(vec![0x1ff]));
        assert!(from_hex("xz", 1).is_none());
        assert!(is_one(&[1, 0]) && !is_one(&[1, 1]) && !is_one(&[]));
        assert_eq!(minus_one(&[0, 1]), vec![u64::MAX, 0]);
        assert_eq!(cmp(&[5, 1], &[6, 0]), Ordering::Greater);
        assert!(lt_ct(&[6, 0], &[5, 1]) && !lt_ct(&[5, 1], &[5, 1]));
        assert!(!lt_ct(&[5, 1], &[6, 0]));
    }
}
