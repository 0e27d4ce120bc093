//! P-521 points (y^2 = x^3 - 3x + b over GF(2^521 - 1), FIPS 186-4
//! D.1.2.5): affine points as carried in IKE (RFC 5903 7: x | y) and
//! Jacobian points (x = X/Z^2, y = Y/Z^3) for the arithmetic.

use super::field::{self as fe, FieldElement};
use super::u576::{BYTES, LIMBS};
use crate::kx::window::WindowPoint;

/// The curve coefficient b.
const B: FieldElement = FieldElement::from_hex(
    "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
);

/// The base point G.
pub(super) const G: Affine = Affine {
    x: FieldElement::from_hex(
        "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
    ),
    y: FieldElement::from_hex(
        "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
    ),
};

/// A point on the curve other than the point at infinity (which has no
/// x | y encoding, RFC 5903 7).
#[derive(Clone, Copy)]
pub(super) struct Affine {
    pub(super) x: FieldElement,
    pub(super) y: FieldElement,
}

impl Affine {
    /// From x | y (132 octets). `None` unless both coordinates are below p
    /// and the point satisfies the curve equation (RFC 6989 2.3). Public
    /// input: branching is fine.
    pub(super) fn decode(bytes: &[u8]) -> Option<Self> {
        let (xb, yb) = bytes.split_at_checked(BYTES)?;
        let x = FieldElement::from_bytes(xb.try_into().ok()?)?;
        let y = FieldElement::from_bytes(yb.try_into().ok()?)?;
        let p = Affine { x, y };
        p.on_curve().then_some(p)
    }

    /// x | y, 132 octets, each coordinate canonical.
    pub(super) fn encode(&self) -> [u8; 2 * BYTES] {
        let mut out = [0u8; 2 * BYTES];
        out[..BYTES].copy_from_slice(&self.x.to_bytes());
        out[BYTES..].copy_from_slice(&self.y.to_bytes());
        out
    }

    /// y^2 == x^3 - 3x + b.
    fn on_curve(&self) -> bool {
        let lhs = fe::square(&self.y);
        let x3 = fe::mul(&fe::square(&self.x), &self.x);
        let rhs = fe::carry(&fe::add(&fe::sub_wide(&x3, &fe::triple(&self.x)), &B).0);
        lhs.ct_eq(&rhs)
    }

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
    /// P + Q ("add-2007-bl", 11M + 5S), with the two quantities whose
    /// vanishing marks the exceptional cases: h = U2 - U1 and r = 2(S2 - S1).
    /// If P = Q (h = r = 0) the result is (0, 0, 0), not 2P; if P = -Q
    /// (h = 0, r != 0) it is the point at infinity, Z3 = 0, as it should be.
    /// Neither input may be the point at infinity.
    #[inline]
    fn add_parts(&self, q: &Jacobian) -> (Jacobian, FieldElement, FieldElement) {
        let z1z1 = fe::square(&self.z);
        let z2z2 = fe::square(&q.z);
        let u1 = fe::mul(&self.x, &z2z2);
        let u2 = fe::mul(&q.x, &z1z1);
        let s1 = fe::mul(&self.y, &fe::mul(&q.z, &z2z2));
        let s2 = fe::mul(&q.y, &fe::mul(&self.z, &z1z1));
        let h = fe::sub_wide(&u2, &fe::widen(&u1));
        let i = fe::square(&fe::dbl(&h));
        let j = fe::mul(&h, &i);
        let r_half = fe::sub_wide(&s2, &fe::widen(&s1));
        let r = fe::dbl(&r_half);
        let v = fe::mul(&u1, &i);
        // X3 = r^2 - J - 2V
        let x3 = fe::sub_wide(&fe::square(&r), &fe::add_dbl(&j, &v));
        // Y3 = r (V - X3) - 2 S1 J
        let y3 = fe::sub_wide(&fe::mul(&r, &fe::sub(&v, &x3)), &fe::dbl(&fe::mul(&s1, &j)));
        // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H = 2 Z1 Z2 H
        let z3 = fe::mul(
            &fe::sub_wide(&fe::square(&fe::add(&self.z, &q.z)), &fe::add(&z1z1, &z2z2)),
            &h,
        );
        (
            Jacobian {
                x: x3,
                y: y3,
                z: z3,
            },
            h,
            r_half,
        )
    }

    /// `b` where `mask` is all-ones, else `a`; constant time.
    #[inline(always)]
    pub(super) fn select(a: &Jacobian, b: &Jacobian, mask: u64) -> Jacobian {
        Jacobian {
            x: FieldElement::select(&a.x, &b.x, mask),
            y: FieldElement::select(&a.y, &b.y, mask),
            z: FieldElement::select(&a.z, &b.z, mask),
        }
    }

    /// The x coordinate, X / Z^2 (one inversion). For Z = 0 this is 0;
    /// callers never pass the point at infinity.
    pub(super) fn affine_x(&self) -> FieldElement {
        fe::mul(&self.x, &fe::square(&self.z).invert())
    }

    /// (X / Z^2, Y / Z^3).
    pub(super) fn to_affine(self) -> Affine {
        let zinv = self.z.invert();
        let zinv2 = fe::square(&zinv);
        Affine {
            x: fe::mul(&self.x, &zinv2),
            y: fe::mul(&self.y, &fe::mul(&zinv2, &zinv)),
        }
    }
}

impl WindowPoint for Jacobian {
    /// All limbs zero (a start value for the masked table scan, not a
    /// point the arithmetic sees).
    const ZERO: Jacobian = Jacobian {
        x: FieldElement::ZERO,
        y: FieldElement::ZERO,
        z: FieldElement::ZERO,
    };

    /// self |= e & mask, limb by limb (the masked table scan).
    #[inline(always)]
    fn or_masked(&mut self, e: &Jacobian, mask: u64) {
        for k in 0..LIMBS {
            self.x.0[k] |= e.x.0[k] & mask;
            self.y.0[k] |= e.y.0[k] & mask;
            self.z.0[k] |= e.z.0[k] & mask;
        }
    }

    /// 2P with a = -3 ("dbl-2001-b", 3M + 5S):
    /// delta = Z^2, gamma = Y^2, beta = X gamma,
    /// alpha = 3 (X - delta)(X + delta), X3 = alpha^2 - 8 beta,
    /// Z3 = (Y + Z)^2 - gamma - delta, Y3 = alpha (4 beta - X3) - 8 gamma^2.
    /// Correct for every input, including the point at infinity (Z = 0
    /// gives Z3 = 0).
    #[inline]
    fn double(&self) -> Jacobian {
        let delta = fe::square(&self.z);
        let gamma = fe::square(&self.y);
        // 4 beta = (2X)(2 gamma); bounds: dbl of a FieldElement is Wide.
        let beta4 = fe::mul(&fe::dbl(&self.x), &fe::dbl(&gamma));
        let alpha = fe::triple(&fe::mul(
            &fe::sub(&self.x, &delta),
            &fe::add(&self.x, &delta),
        ));
        let x3 = fe::sub_wide(&fe::square(&alpha), &fe::dbl(&beta4));
        let z3 = fe::sub_wide(
            &fe::square(&fe::add(&self.y, &self.z)),
            &fe::add(&gamma, &delta),
        );
        // 8 gamma^2 = 2 (2 gamma)^2.
        let gamma2_8 = fe::dbl(&fe::square(&fe::dbl(&gamma)));
        let y3 = fe::sub_wide(&fe::mul(&alpha, &fe::sub(&beta4, &x3)), &gamma2_8);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q for P != Q (callers show why P = Q cannot happen); neither
    /// may be the point at infinity.
    #[inline]
    fn add_distinct(&self, q: &Jacobian) -> Jacobian {
        self.add_parts(q).0
    }

    /// P + Q for any P, Q other than the point at infinity, P = Q
    /// included, in constant time: the doubling is always computed and
    /// selected by mask when h = r = 0. (OpenSSL's nistp521 branches here
    /// instead; one extra doubling per scalar multiplication keeps every
    /// scalar on the same path.)
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
