//! The X448 function (RFC 7748 5): scalar clamping, the Montgomery ladder
//! on (X : Z) coordinates with a constant-time conditional swap, and the
//! final x_2 / z_2.

use subtle::Choice;
use zeroize::Zeroize;

use super::field::Fe;
use super::invert::invert;
use super::mul::{mul, mul_a24, sqr};

/// decodeScalar448 (RFC 7748 5): clear the two low bits (the cofactor 4)
/// and set the top bit.
pub(super) fn clamp(k: &[u8; 56]) -> [u8; 56] {
    let mut s = *k;
    s[0] &= 252;
    s[55] |= 128;
    s
}

/// X448(k, u) = the encoded u-coordinate of clamp(k) * u (RFC 7748 5).
/// Any 56 octets are a valid `u` (values >= p are reduced). The all-zero
/// result (u of small order) is returned as is; the caller refuses it.
///
/// Constant time in `k` and `u`: the 448 ladder steps always run, the
/// swap is by mask, and the scalar is read by public bit position only.
pub(super) fn x448(k: &[u8; 56], u: &[u8; 56]) -> [u8; 56] {
    let mut s = clamp(k);
    let x1 = Fe::from_bytes(u).loose();
    let mut st = State {
        x2: Fe::ONE,
        z2: Fe::ZERO,
        x3: Fe::from_bytes(u),
        z3: Fe::ONE,
    };
    let mut swap = 0u8;
    for t in (0..448).rev() {
        let bit = (s[t / 8] >> (t % 8)) & 1;
        st.cswap(Choice::from(swap ^ bit));
        swap = bit;
        st.step(&x1);
    }
    st.cswap(Choice::from(swap));
    let out = mul(&st.x2.loose(), &invert(&st.z2).loose()).to_bytes();
    s.zeroize();
    st.zeroize();
    out
}

/// The ladder's two points, (x2 : z2) and (x3 : z3), whose difference is
/// the input point.
struct State {
    x2: Fe,
    z2: Fe,
    x3: Fe,
    z3: Fe,
}

impl State {
    fn cswap(&mut self, swap: Choice) {
        Fe::cswap(&mut self.x2, &mut self.x3, swap);
        Fe::cswap(&mut self.z2, &mut self.z3, swap);
    }

    /// One ladder step, the formulas of RFC 7748 5 (5 multiplications,
    /// 4 squarings, one multiplication by a24): (x2 : z2) is doubled and
    /// (x3 : z3) becomes the sum of the two points.
    #[inline(always)]
    fn step(&mut self, x1: &super::field::Loose) {
        let a = self.x2.add(&self.z2);
        let aa = sqr(&a);
        let b = self.x2.sub(&self.z2);
        let bb = sqr(&b);
        let e = aa.sub(&bb);
        let c = self.x3.add(&self.z3);
        let d = self.x3.sub(&self.z3);
        let da = mul(&d, &a);
        let cb = mul(&c, &b);
        self.x3 = sqr(&da.add(&cb));
        self.z3 = mul(x1, &sqr(&da.sub(&cb)).loose());
        self.x2 = mul(&aa.loose(), &bb.loose());
        self.z2 = mul(&e, &aa.add(&mul_a24(&e)));
    }

    fn zeroize(&mut self) {
        for fe in [&mut self.x2, &mut self.z2, &mut self.x3, &mut self.z3] {
            fe.0.zeroize();
        }
    }
}
