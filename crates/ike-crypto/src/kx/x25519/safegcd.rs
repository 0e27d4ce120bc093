//! Variable-time division modulo p = 2^255 - 19 by the Bernstein-Yang
//! "safegcd" algorithm (Bernstein, Yang: "Fast constant-time gcd computation
//! and modular inversion", 2019), in the variable-time form with 62
//! divsteps per matrix that libsecp256k1 uses (its
//! doc/safegcd_implementation.md explains every step; this is our own code
//! from that description).
//!
//! Why a division of our own: the Edwards route (`derive.rs`) needs
//! y = (u - 1) / (u + 1) of the peer's u. curve25519-dalek's
//! `MontgomeryPoint::to_edwards` computes it with a Fermat inversion
//! (~250 field squarings); a gcd on 62-bit words is several times faster.
//! Variable time is fine: u is the peer's public value.
//!
//! The signed62 arithmetic is shared with P-256's constant-time inversion
//! (`kx::signed62`).

use super::field::Fe;
use crate::kx::signed62::{normalize, update_de, update_fg, Matrix, Modulus, Signed62};

/// p with negative limbs allowed: -19 + 128 * 2^248 = 2^255 - 19.
const P: Modulus = Modulus::new([-19, 0, 0, 0, 128]);

fn from_fe(x: Fe) -> Signed62 {
    Signed62::from_limbs(&x.words())
}

/// For a normalised value (all limbs in [0, 2^62), value below p).
fn to_fe(x: Signed62) -> Option<Fe> {
    Fe::from_canonical_words(x.to_limbs())
}

/// 62 divsteps on the low 64 bits of f (odd) and g, eta = -delta. Runs of
/// zero bits in g are skipped at once (trailing_zeros), and each odd step
/// cancels up to 6 (after a swap) or 4 low bits of g with one
/// multiply-add, with the multiplier from a small inverse of f mod 2^k.
fn divsteps_62(mut eta: i64, f0: u64, g0: u64) -> (i64, Matrix) {
    let (mut u, mut v, mut q, mut r) = (1u64, 0u64, 0u64, 1u64);
    let (mut f, mut g) = (f0, g0);
    let mut left: u32 = 62;
    loop {
        // A sentinel bit above the remaining count bounds the skip.
        let zeros = (g | (u64::MAX << left)).trailing_zeros();
        g >>= zeros;
        u <<= zeros;
        v <<= zeros;
        eta -= i64::from(zeros);
        left -= zeros;
        if left == 0 {
            break;
        }
        // g is odd here.
        let (w, bits) = if eta < 0 {
            // delta > 0: swap, (f, g) <- (g, -f).
            eta = -eta;
            (f, g) = (g, f.wrapping_neg());
            (u, q) = (q, u.wrapping_neg());
            (v, r) = (r, v.wrapping_neg());
            // -g / f mod 64: for odd f, f^-1 = f (2 - f^2) mod 64 (one
            // Newton step from f^-1 = f mod 8).
            let w = f
                .wrapping_mul(g)
                .wrapping_mul(f.wrapping_mul(f).wrapping_sub(2));
            (w, 63u64)
        } else {
            // -g / f mod 16: f^-1 = f + ((f + 1) & 4) * 2 mod 16.
            let inv = f.wrapping_add((f.wrapping_add(1) & 4) << 1);
            (inv.wrapping_neg().wrapping_mul(g), 15u64)
        };
        // No more than `left` steps remain, and no more than eta + 1 can
        // be taken before delta changes sign again.
        let limit = (eta + 1).min(i64::from(left)) as u32;
        let w = w & (u64::MAX >> (64 - limit)) & bits;
        g = g.wrapping_add(f.wrapping_mul(w));
        q = q.wrapping_add(u.wrapping_mul(w));
        r = r.wrapping_add(v.wrapping_mul(w));
    }
    let m = Matrix {
        u: u as i64,
        v: v as i64,
        q: q as i64,
        r: r as i64,
    };
    (eta, m)
}

/// 62-divstep rounds needed for 256-bit inputs are at most 12 (744
/// divsteps, libsecp256k1's bound for the variable-time form).
const MAX_ROUNDS: usize = 12;

/// a / b mod p; None when b = 0 (no inverse).
pub(super) fn div_vartime(a: Fe, b: Fe) -> Option<Fe> {
    if b.is_zero() {
        return None;
    }
    // Invariants (mod p, up to the powers of 2 divided out on both sides):
    // d b = a f and e b = a g. Starting from f = p, g = b, d = 0, e = a,
    // the gcd ends with g = 0 and f = +-1, so d = +-a/b.
    let mut d = Signed62([0; 5]);
    let mut e = from_fe(a);
    let mut f = P.p;
    let mut g = from_fe(b);
    let mut len = 5;
    let mut eta = -1i64;
    for _ in 0..MAX_ROUNDS {
        let (next_eta, t) = divsteps_62(eta, f.0[0] as u64, g.0[0] as u64);
        eta = next_eta;
        update_de(&P, &mut d, &mut e, &t);
        update_fg(len, &mut f, &mut g, &t);
        if g.0[..len].iter().all(|&l| l == 0) {
            normalize(&P, &mut d, f.0[len - 1]);
            return to_fe(d);
        }
        // Drop the top limb of f and g once both are only sign (0 or -1),
        // folding it into the limb below.
        let (fl, gl) = (f.0[len - 1], g.0[len - 1]);
        if len > 1 && fl ^ (fl >> 63) == 0 && gl ^ (gl >> 63) == 0 {
            f.0[len - 2] |= ((fl as u64) << 62) as i64;
            g.0[len - 2] |= ((gl as u64) << 62) as i64;
            len -= 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kx::signed62::M62;
    use num_bigint_dig::BigUint;
    use proptest::prelude::*;

    fn big(x: Fe) -> BigUint {
        BigUint::from_bytes_le(&x.to_bytes())
    }

    fn p() -> BigUint {
        (BigUint::from(1u8) << 255usize) - BigUint::from(19u8)
    }

    fn check(a: [u8; 32], b: [u8; 32]) {
        let (a, b) = (Fe::from_u_bytes(&a), Fe::from_u_bytes(&b));
        match div_vartime(a, b) {
            None => assert!(b.is_zero()),
            Some(q) => assert_eq!((big(q) * big(b)) % p(), big(a)),
        }
    }

    #[test]
    fn inverse_of_p_mod_2_62() {
        assert_eq!(P.p_inv62().wrapping_mul(P.p.0[0] as u64) & M62, 1);
    }

    #[test]
    fn edges() {
        let mut pm1 = [0xffu8; 32];
        pm1[31] = 0x7f;
        pm1[0] = 0xec;
        let small = |n: u8| {
            let mut b = [0u8; 32];
            b[0] = n;
            b
        };
        for a in [small(0), small(1), small(2), pm1, [0xff; 32]] {
            for b in [small(0), small(1), small(2), small(19), pm1, [0x55; 32]] {
                check(a, b);
            }
        }
        assert_eq!(
            div_vartime(Fe::from_u_bytes(&small(1)), Fe::from_u_bytes(&small(0))),
            None
        );
    }

    proptest! {
        #[test]
        fn quotient_times_divisor(a in any::<[u8; 32]>(), b in any::<[u8; 32]>()) {
            check(a, b);
        }
    }
}
