//! P-256 points (y^2 = x^3 - 3x + b, FIPS 186-4 D.1.2.3): affine points
//! as carried in IKE (RFC 5903 7: x | y) and Jacobian points
//! (x = X/Z^2, y = Y/Z^3) for the arithmetic.

use super::field::{self as fe, FieldElement};
use crate::kx::window::WindowPoint;

/// The curve coefficient b, in Montgomery form (b R mod p).
const B: FieldElement = FieldElement([
    0xd89c_df62_29c4_bddf,
    0xacf0_05cd_7884_3090,
    0xe5a2_20ab_f721_2ed6,
    0xdc30_061d_0487_4834,
]);

/// The base point G (FIPS 186-4 D.1.2.3), in Montgomery form; tests.rs
/// checks it against the standard's coordinates.
pub(super) const G: Affine = Affine {
    x: FieldElement([
        0x79e7_30d4_18a9_143c,
        0x75ba_95fc_5fed_b601,
        0x79fb_732b_7762_2510,
        0x1890_5f76_a537_55c6,
    ]),
    y: FieldElement([
        0xddf2_5357_ce95_560a,
        0x8b4a_b8e4_ba19_e45c,
        0xd2e8_8688_dd21_f325,
        0x8571_ff18_2588_5d85,
    ]),
};

/// A point on the curve other than the point at infinity (which has no
/// x | y encoding, RFC 5903 7).
#[derive(Clone, Copy)]
pub(super) struct Affine {
    pub(super) x: FieldElement,
    pub(super) y: FieldElement,
}

impl Affine {
    /// From x | y (64 big-endian octets): `None` unless x, y < p and the
    /// point is on the curve (RFC 6989 2.3; the cofactor is 1, so that is
    /// the whole check). Public input: the early returns leak nothing.
    pub(super) fn decode(bytes: &[u8; 64]) -> Option<Affine> {
        let (xb, yb) = bytes.split_at(32);
        let x = FieldElement::from_be_bytes(xb.try_into().ok()?)?;
        let y = FieldElement::from_be_bytes(yb.try_into().ok()?)?;
        let p = Affine { x, y };
        p.on_curve().then_some(p)
    }

    /// x | y, 64 big-endian octets.
    pub(super) fn encode(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.x.to_be_bytes());
        out[32..].copy_from_slice(&self.y.to_be_bytes());
        out
    }

    /// y^2 == x^3 - 3x + b.
    fn on_curve(&self) -> bool {
        let lhs = fe::sqr(&self.y);
        let x3 = fe::mul(&fe::sqr(&self.x), &self.x);
        let x_3 = fe::add(&fe::dbl(&self.x), &self.x);
        let rhs = fe::add(&fe::sub(&x3, &x_3), &B);
        lhs == rhs
    }

    /// (x, y, 1).
    pub(super) fn to_jacobian(self) -> Jacobian {
        Jacobian {
            x: self.x,
            y: self.y,
            z: FieldElement::ONE,
        }
    }
}

/// A point in Jacobian coordinates; Z = 0 is the point at infinity, which
/// the scalar multiplication never reaches (see `ladder`).
#[derive(Clone, Copy)]
pub(super) struct Jacobian {
    pub(super) x: FieldElement,
    pub(super) y: FieldElement,
    pub(super) z: FieldElement,
}

impl Jacobian {
    /// P + Q ("add-1998-cmo-2", 12M + 4S), with the two quantities whose
    /// vanishing marks the exceptional cases: h = U2 - U1 and r = S2 - S1.
    /// If P = Q (h = r = 0) the result is (0, 0, 0), not 2P; if P = -Q
    /// (h = 0, r != 0) it is the point at infinity, Z3 = 0, as it should be.
    /// Neither input may be the point at infinity.
    #[inline(always)]
    fn add_parts(&self, q: &Jacobian) -> (Jacobian, FieldElement, FieldElement) {
        let z1z1 = fe::sqr(&self.z);
        let z2z2 = fe::sqr(&q.z);
        let u1 = fe::mul(&self.x, &z2z2);
        let u2 = fe::mul(&q.x, &z1z1);
        let s1 = fe::mul(&self.y, &fe::mul(&q.z, &z2z2));
        let s2 = fe::mul(&q.y, &fe::mul(&self.z, &z1z1));
        let h = fe::sub(&u2, &u1);
        let r = fe::sub(&s2, &s1);
        let hh = fe::sqr(&h);
        let hhh = fe::mul(&h, &hh);
        let v = fe::mul(&u1, &hh);
        let x3 = fe::sub(&fe::sub(&fe::sqr(&r), &hhh), &fe::dbl(&v));
        let y3 = fe::sub(&fe::mul(&r, &fe::sub(&v, &x3)), &fe::mul(&s1, &hhh));
        let z3 = fe::mul(&fe::mul(&self.z, &q.z), &h);
        (
            Jacobian {
                x: x3,
                y: y3,
                z: z3,
            },
            h,
            r,
        )
    }

    /// `b` where `mask` is all-ones, else `a`; constant time.
    #[inline(always)]
    fn select(a: &Jacobian, b: &Jacobian, mask: u64) -> Jacobian {
        Jacobian {
            x: FieldElement::select(&a.x, &b.x, mask),
            y: FieldElement::select(&a.y, &b.y, mask),
            z: FieldElement::select(&a.z, &b.z, mask),
        }
    }

    /// The x coordinate, X / Z^2 (one inversion). For Z = 0 this is 0;
    /// callers never pass the point at infinity.
    pub(super) fn affine_x(&self) -> FieldElement {
        fe::mul(&self.x, &fe::sqr(&self.z.invert()))
    }

    /// (X / Z^2, Y / Z^3). For the point at infinity this is (0, 0);
    /// callers never pass it.
    pub(super) fn to_affine(self) -> Affine {
        let zinv = self.z.invert();
        let zinv2 = fe::sqr(&zinv);
        Affine {
            x: fe::mul(&self.x, &zinv2),
            y: fe::mul(&self.y, &fe::mul(&zinv2, &zinv)),
        }
    }
}

impl WindowPoint for Jacobian {
    const ZERO: Jacobian = Jacobian {
        x: FieldElement::ZERO,
        y: FieldElement::ZERO,
        z: FieldElement::ZERO,
    };

    #[inline(always)]
    fn or_masked(&mut self, e: &Jacobian, mask: u64) {
        for k in 0..4 {
            self.x.0[k] |= e.x.0[k] & mask;
            self.y.0[k] |= e.y.0[k] & mask;
            self.z.0[k] |= e.z.0[k] & mask;
        }
    }

    /// 2P with a = -3 (4M + 4S), arranged as OpenSSL's nistz256 does:
    /// delta = Z^2, Y' = 2Y, Z3 = Y' Z, A = Y'^2 (= 4 gamma),
    /// beta4 = X A (= 4 beta), alpha = 3 (X - delta)(X + delta),
    /// X3 = alpha^2 - 2 beta4, Y3 = alpha (beta4 - X3) - A^2 / 2
    /// (= 8 gamma^2). Ten additions, subtractions and halvings instead of
    /// dbl-2001-b's twelve (5% of a shared secret, measured in the spike);
    /// halving needs no conditional subtraction. Correct for every input,
    /// including the point at infinity (Z = 0 gives Z3 = 0).
    #[inline(always)]
    fn double(&self) -> Jacobian {
        let delta = fe::sqr(&self.z);
        let y2 = fe::dbl(&self.y);
        let z3 = fe::mul(&y2, &self.z);
        let a = fe::sqr(&y2);
        let beta4 = fe::mul(&self.x, &a);
        let t = fe::mul(&fe::sub(&self.x, &delta), &fe::add(&self.x, &delta));
        let alpha = fe::add(&fe::dbl(&t), &t);
        let x3 = fe::sub(&fe::sub(&fe::sqr(&alpha), &beta4), &beta4);
        let gamma2_8 = fe::half(&fe::sqr(&a));
        let y3 = fe::sub(&fe::mul(&alpha, &fe::sub(&beta4, &x3)), &gamma2_8);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q for P != +-Q (callers show why); neither may be the point at
    /// infinity.
    #[inline(always)]
    fn add_distinct(&self, q: &Jacobian) -> Jacobian {
        self.add_parts(q).0
    }

    /// P + Q for any P, Q other than the point at infinity, P = Q
    /// included, in constant time: the doubling is always computed and
    /// selected by mask when h = r = 0.
    #[inline(always)]
    fn add_complete(&self, q: &Jacobian) -> Jacobian {
        let (sum, h, r) = self.add_parts(q);
        let dbl = self.double();
        let same = h.is_zero_mask() & r.is_zero_mask();
        Jacobian::select(&sum, &dbl, same)
    }

    /// -P where `mask` is all-ones, else P; constant time.
    #[inline(always)]
    fn neg_y_if(&self, mask: u64) -> Jacobian {
        Jacobian {
            x: self.x,
            y: FieldElement::select(&self.y, &fe::neg(&self.y), mask),
            z: self.z,
        }
    }
}
