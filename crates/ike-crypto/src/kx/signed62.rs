//! The arithmetic shared by our two Bernstein-Yang "safegcd" divisions
//! (Bernstein, Yang: "Fast constant-time gcd computation and modular
//! inversion", 2019; the layout is libsecp256k1's, explained in its
//! doc/safegcd_implementation.md, our own code from that description):
//! "signed62" numbers, the transition matrices and the updates of f, g and
//! d, e they drive, for any odd modulus below 2^256. The divsteps
//! themselves differ: variable time for X25519's public u
//! (`x25519/safegcd.rs`), constant time for P-256's secret Z
//! (`p256/safegcd.rs`).
//!
//! Numbers are five i64 limbs of 62 bits, value sum(v[i] 2^(62 i)); the
//! lower four limbs are normally in [0, 2^62) and the top limb carries the
//! sign. The updates are branch-free (the sign masks go through
//! `black_box`: without it LLVM turned one of them into a branch).

/// The low 62 bits.
pub(super) const M62: u64 = u64::MAX >> 2;

/// A signed62 number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Signed62(pub(super) [i64; 5]);

impl Signed62 {
    /// From four 64-bit little-endian limbs (any value below 2^256).
    #[inline(always)]
    pub(super) fn from_limbs(w: &[u64; 4]) -> Signed62 {
        Signed62([
            (w[0] & M62) as i64,
            ((w[0] >> 62 | w[1] << 2) & M62) as i64,
            ((w[1] >> 60 | w[2] << 4) & M62) as i64,
            ((w[2] >> 58 | w[3] << 6) & M62) as i64,
            (w[3] >> 56) as i64,
        ])
    }

    /// To four 64-bit limbs, for a normalised value (limbs in [0, 2^62),
    /// value below 2^256).
    #[inline(always)]
    pub(super) fn to_limbs(self) -> [u64; 4] {
        let v = self.0.map(|l| l as u64);
        [
            v[0] | v[1] << 62,
            v[1] >> 2 | v[2] << 60,
            v[2] >> 4 | v[3] << 58,
            v[3] >> 6 | v[4] << 56,
        ]
    }
}

/// An odd modulus p, with limbs allowed negative (zero limbs make their
/// terms of the d/e update vanish once the constant is inlined).
pub(super) struct Modulus {
    pub(super) p: Signed62,
    /// p^-1 mod 2^62, for cancelling the low 62 bits in `update_de`.
    p_inv62: u64,
}

impl Modulus {
    /// For p given as signed62 limbs.
    pub(super) const fn new(p: [i64; 5]) -> Modulus {
        Modulus {
            p: Signed62(p),
            p_inv62: inv_mod_2_62(p[0] as u64),
        }
    }

    /// p^-1 mod 2^62 (for the tests).
    #[cfg(test)]
    pub(super) fn p_inv62(&self) -> u64 {
        self.p_inv62
    }
}

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

/// A transition matrix of up to 62 divsteps, scaled by 2^62:
/// [f', g'] = [[u, v], [q, r]] [f, g] / 2^62, |u| + |v| <= 2^62 and
/// |q| + |r| <= 2^62.
#[derive(Clone, Copy, Debug)]
pub(super) struct Matrix {
    pub(super) u: i64,
    pub(super) v: i64,
    pub(super) q: i64,
    pub(super) r: i64,
}

#[inline(always)]
fn mul(a: i64, b: i64) -> i128 {
    i128::from(a) * i128::from(b)
}

/// [d, e] <- t [d, e] / 2^62 mod p, both kept in (-2p, p): adds the
/// multiple [md, me] of p that clears the low 62 bits before the exact
/// shift, starting md, me from [u, q] if d < 0 and [v, r] if e < 0 so the
/// result stays in range (libsecp256k1's argument).
#[inline(always)]
pub(super) fn update_de(m: &Modulus, d: &mut Signed62, e: &mut Signed62, t: &Matrix) {
    let (dv, ev, p) = (d.0, e.0, m.p.0);
    let sd = core::hint::black_box(dv[4] >> 63);
    let se = core::hint::black_box(ev[4] >> 63);
    let mut md = (t.u & sd) + (t.v & se);
    let mut me = (t.q & sd) + (t.r & se);
    let mut cd = mul(t.u, dv[0]) + mul(t.v, ev[0]);
    let mut ce = mul(t.q, dv[0]) + mul(t.r, ev[0]);
    md -= (m.p_inv62.wrapping_mul(cd as u64).wrapping_add(md as u64) & M62) as i64;
    me -= (m.p_inv62.wrapping_mul(ce as u64).wrapping_add(me as u64) & M62) as i64;
    cd += mul(p[0], md);
    ce += mul(p[0], me);
    debug_assert_eq!(cd as u64 & M62, 0);
    debug_assert_eq!(ce as u64 & M62, 0);
    cd >>= 62;
    ce >>= 62;
    for i in 1..5 {
        cd += mul(t.u, dv[i]) + mul(t.v, ev[i]) + mul(p[i], md);
        ce += mul(t.q, dv[i]) + mul(t.r, ev[i]) + mul(p[i], me);
        d.0[i - 1] = (cd as u64 & M62) as i64;
        e.0[i - 1] = (ce as u64 & M62) as i64;
        cd >>= 62;
        ce >>= 62;
    }
    d.0[4] = cd as i64;
    e.0[4] = ce as i64;
}

/// [f, g] <- t [f, g] / 2^62 (exact), on the low `len` limbs.
#[inline(always)]
pub(super) fn update_fg(len: usize, f: &mut Signed62, g: &mut Signed62, t: &Matrix) {
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
/// limbs in [0, 2^62). Branch-free.
#[inline(always)]
pub(super) fn normalize(m: &Modulus, r: &mut Signed62, sign: i64) {
    let mut v = r.0;
    let carry = |v: &mut [i64; 5]| {
        for i in 0..4 {
            v[i + 1] += v[i] >> 62;
            v[i] &= M62 as i64;
        }
    };
    let add_p_if_negative = |v: &mut [i64; 5]| {
        let neg = core::hint::black_box(v[4] >> 63);
        for (l, p) in v.iter_mut().zip(m.p.0) {
            *l += p & neg;
        }
    };
    // (-2p, p) -> (-p, p) -> negated: (-p, p) -> carried -> [0, p).
    add_p_if_negative(&mut v);
    let neg = core::hint::black_box(sign >> 63);
    for l in v.iter_mut() {
        *l = (*l ^ neg) - neg;
    }
    carry(&mut v);
    add_p_if_negative(&mut v);
    carry(&mut v);
    r.0 = v;
}
