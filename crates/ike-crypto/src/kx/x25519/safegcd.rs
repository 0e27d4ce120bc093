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
//! Numbers are "signed62": five i64 limbs of 62 bits, value
//! sum(v[i] * 2^(62 i)); the lower four limbs are normally in [0, 2^62)
//! and the top limb carries the sign.

use super::field::Fe;

const M62: u64 = u64::MAX >> 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Signed62([i64; 5]);

/// p with negative limbs allowed: -19 + 128 * 2^248 = 2^255 - 19. Zero
/// limbs make the modulus terms of the d/e update vanish.
const P: Signed62 = Signed62([-19, 0, 0, 0, 128]);

/// p^-1 mod 2^62, for cancelling the low 62 bits in `update_de`.
const P_INV62: u64 = inv_mod_2_62(P.0[0] as u64);

/// x^-1 mod 2^62 for odd x by Newton's iteration y <- y (2 - x y): x is its
/// own inverse mod 8, and each step doubles the correct bits (3, 6, ... 96).
const fn inv_mod_2_62(x: u64) -> u64 {
    let mut y = x;
    let mut i = 0;
    while i < 5 {
        y = y.wrapping_mul(2u64.wrapping_sub(x.wrapping_mul(y)));
        i += 1;
    }
    y & M62
}

impl Signed62 {
    fn from_fe(x: Fe) -> Signed62 {
        let w = x.words();
        Signed62([
            (w[0] & M62) as i64,
            ((w[0] >> 62 | w[1] << 2) & M62) as i64,
            ((w[1] >> 60 | w[2] << 4) & M62) as i64,
            ((w[2] >> 58 | w[3] << 6) & M62) as i64,
            (w[3] >> 56) as i64,
        ])
    }

    /// For a normalised value (all limbs in [0, 2^62), value below p).
    fn to_fe(self) -> Option<Fe> {
        let v = self.0.map(|l| l as u64);
        Fe::from_canonical_words([
            v[0] | v[1] << 62,
            v[1] >> 2 | v[2] << 60,
            v[2] >> 4 | v[3] << 58,
            v[3] >> 6 | v[4] << 56,
        ])
    }
}

/// The transition matrix of 62 divsteps, scaled by 2^62:
/// [f', g'] = [[u, v], [q, r]] [f, g] / 2^62.
#[derive(Clone, Copy, Debug)]
struct Matrix {
    u: i64,
    v: i64,
    q: i64,
    r: i64,
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

fn mul(a: i64, b: i64) -> i128 {
    i128::from(a) * i128::from(b)
}

/// [d, e] <- t [d, e] / 2^62 mod p, keeping both in (-2p, p): adds the
/// multiple of p that clears the low 62 bits before the exact shift.
fn update_de(d: &mut Signed62, e: &mut Signed62, t: &Matrix) {
    let (dv, ev) = (d.0, e.0);
    let (sd, se) = (dv[4] >> 63, ev[4] >> 63);
    // Start from [u, q] if d < 0 and [v, r] if e < 0, so the result stays
    // in range.
    let mut md = (t.u & sd) + (t.v & se);
    let mut me = (t.q & sd) + (t.r & se);
    let mut cd = mul(t.u, dv[0]) + mul(t.v, ev[0]);
    let mut ce = mul(t.q, dv[0]) + mul(t.r, ev[0]);
    md -= (P_INV62.wrapping_mul(cd as u64).wrapping_add(md as u64) & M62) as i64;
    me -= (P_INV62.wrapping_mul(ce as u64).wrapping_add(me as u64) & M62) as i64;
    cd += mul(P.0[0], md);
    ce += mul(P.0[0], me);
    debug_assert_eq!(cd as u64 & M62, 0);
    debug_assert_eq!(ce as u64 & M62, 0);
    cd >>= 62;
    ce >>= 62;
    for i in 1..5 {
        cd += mul(t.u, dv[i]) + mul(t.v, ev[i]) + mul(P.0[i], md);
        ce += mul(t.q, dv[i]) + mul(t.r, ev[i]) + mul(P.0[i], me);
        d.0[i - 1] = (cd as u64 & M62) as i64;
        e.0[i - 1] = (ce as u64 & M62) as i64;
        cd >>= 62;
        ce >>= 62;
    }
    d.0[4] = cd as i64;
    e.0[4] = ce as i64;
}

/// [f, g] <- t [f, g] / 2^62 (exact), on the low `len` limbs.
fn update_fg(len: usize, f: &mut Signed62, g: &mut Signed62, t: &Matrix) {
    let (fv, gv) = (f.0, g.0);
    let mut cf = mul(t.u, fv[0]) + mul(t.v, gv[0]);
    let mut cg = mul(t.q, fv[0]) + mul(t.r, gv[0]);
    debug_assert_eq!(cf as u64 & M62, 0);
    debug_assert_eq!(cg as u64 & M62, 0);
    cf >>= 62;
    cg >>= 62;
    for i in 1..len {
        cf += mul(t.u, fv[i]) + mul(t.v, gv[i]);
        cg += mul(t.q, fv[i]) + mul(t.r, gv[i]);
        f.0[i - 1] = (cf as u64 & M62) as i64;
        g.0[i - 1] = (cg as u64 & M62) as i64;
        cf >>= 62;
        cg >>= 62;
    }
    f.0[len - 1] = cf as i64;
    g.0[len - 1] = cg as i64;
}

/// Brings r from (-2p, p) to [0, p), negated first if `sign` < 0, with
/// limbs in [0, 2^62).
fn normalize(r: &mut Signed62, sign: i64) {
    let mut v = r.0;
    let carry = |v: &mut [i64; 5]| {
        for i in 0..4 {
            v[i + 1] += v[i] >> 62;
            v[i] &= M62 as i64;
        }
    };
    let add_p_if_negative = |v: &mut [i64; 5]| {
        let neg = v[4] >> 63;
        for (l, p) in v.iter_mut().zip(P.0) {
            *l += p & neg;
        }
    };
    add_p_if_negative(&mut v);
    let neg = sign >> 63;
    for l in v.iter_mut() {
        *l = (*l ^ neg) - neg;
    }
    carry(&mut v);
    add_p_if_negative(&mut v);
    carry(&mut v);
    r.0 = v;
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
    let mut e = Signed62::from_fe(a);
    let mut f = P;
    let mut g = Signed62::from_fe(b);
    let mut len = 5;
    let mut eta = -1i64;
    for _ in 0..MAX_ROUNDS {
        let (next_eta, t) = divsteps_62(eta, f.0[0] as u64, g.0[0] as u64);
        eta = next_eta;
        update_de(&mut d, &mut e, &t);
        update_fg(len, &mut f, &mut g, &t);
        if g.0[..len].iter().all(|&l| l == 0) {
            normalize(&mut d, f.0[len - 1]);
            return d.to_fe();
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
        assert_eq!(P_INV62.wrapping_mul(P.0[0] as u64) & M62, 1);
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
