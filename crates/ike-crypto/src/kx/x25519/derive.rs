//! The X25519 function (RFC 7748 5) computed on the birationally equivalent
//! Edwards curve edwards25519 (RFC 7748 4.1), for speed where our AVX2
//! ladder (`super::avx2`, faster still) cannot run: [`x25519`] picks.
//!
//! Why: curve25519-dalek 4.1.3 always runs the Montgomery ladder
//! (`MontgomeryPoint::mul_clamped`) on its serial field arithmetic, but its
//! Edwards variable-base multiplication picks a backend at run time: with
//! the default `curve25519_dalek_backend = "simd"` (chosen by its build.rs
//! on 64-bit x86_64), `EdwardsPoint * Scalar` calls
//! `backend::variable_base_mul`, which asks `cpufeatures` for AVX2 and then
//! uses the vectorised `spec_avx2` code (src/backend/mod.rs,
//! `get_selected_backend`). On this project's AMD EPYC (AVX2) the Edwards
//! multiplication took 32-41 us against 66-72 us for the ladder (scratch
//! program, LTO, loaded machine, 2026-11-27).
//!
//! The route: y = (u - 1) / (u + 1) (our own division, `safegcd.rs`),
//! decompress to an Edwards point P (either sign of x: [k](-P) = -[k]P has
//! the same u), [k]P with the clamped scalar k, back to u = (1 + y) / (1 - y)
//! (`to_montgomery`). The map is a group isomorphism between the curve
//! points, and both sides encode the neutral element as u = 0: the ladder
//! returns 0 for the point at infinity (its Z is 0 and 0^-1 = 0), and
//! `to_montgomery` returns 0 for the Edwards identity (y = 1). So for every
//! u on the curve the output is exactly X25519(k, u), including u = 0 and
//! the other low-order points (k is a multiple of 8, so [k]P is the
//! neutral element: all-zero output, refused by the caller).
//!
//! Two kinds of u have no Edwards image: u = -1 (the denominator u + 1 is
//! 0; that point is on the twist) and every u on the quadratic twist
//! (decompression finds no x). X25519 is defined for them too (RFC 7748 5
//! takes any 32 octets), so they go through the ladder. The branch depends
//! only on the peer's u, which is public (it came off the wire), so it
//! reveals nothing about k; both routes are constant time in k.

use curve25519_dalek::edwards::CompressedEdwardsY;
use curve25519_dalek::montgomery::MontgomeryPoint;

use super::field::Fe;
use super::safegcd::div_vartime;

/// Which computation produced an output (for tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Route {
    /// edwards25519, AVX2 when the CPU has it.
    Edwards,
    /// The Montgomery ladder (u = -1 or u on the twist).
    Ladder,
}

/// The Edwards y of the peer's u (RFC 7748 4.1: y = (u - 1) / (u + 1)),
/// encoded with the x sign bit 0. None for u = -1.
fn edwards_y(u: &[u8; 32]) -> Option<CompressedEdwardsY> {
    let u = Fe::from_u_bytes(u);
    let y = div_vartime(u.minus_one(), u.plus_one())?;
    Some(CompressedEdwardsY(y.to_bytes()))
}

/// X25519(k, u) of RFC 7748 5 for any 32-octet k and u (k is clamped, u's
/// high bit masked and u reduced modulo p), and the route taken.
pub(super) fn x25519_routed(k: &[u8; 32], u: &[u8; 32]) -> ([u8; 32], Route) {
    match edwards_y(u).and_then(|y| y.decompress()) {
        Some(p) => (p.mul_clamped(*k).to_montgomery().to_bytes(), Route::Edwards),
        None => (
            MontgomeryPoint(*u).mul_clamped(*k).to_bytes(),
            Route::Ladder,
        ),
    }
}

/// X25519(k, u) of RFC 7748 5: on the AVX2 ladder (`super::avx2`) when
/// the CPU has AVX2, else by [`x25519_routed`].
pub(super) fn x25519(k: &[u8; 32], u: &[u8; 32]) -> [u8; 32] {
    #[cfg(target_arch = "x86_64")]
    if let Some(out) = super::avx2::x25519(k, u) {
        return out;
    }
    x25519_routed(k, u).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ladder(k: &[u8; 32], u: &[u8; 32]) -> [u8; 32] {
        MontgomeryPoint(*u).mul_clamped(*k).to_bytes()
    }

    #[test]
    fn basepoint_is_on_the_curve() {
        let mut nine = [0u8; 32];
        nine[0] = 9;
        let k = [0x77u8; 32];
        assert_eq!(
            x25519_routed(&k, &nine),
            (ladder(&k, &nine), Route::Edwards)
        );
        // Public keys from the basepoint table agree with the ladder.
        assert_eq!(
            MontgomeryPoint::mul_base_clamped(k).to_bytes(),
            ladder(&k, &nine)
        );
    }

    #[test]
    fn minus_one_and_twist_take_the_ladder() {
        let mut m1 = [0xffu8; 32];
        m1[31] = 0x7f;
        m1[0] = 0xec; // p - 1
        let mut two = [0u8; 32];
        two[0] = 2; // u^3 + A u^2 + u is not a square mod p for u = 2
        let k = [0x31u8; 32];
        for u in [m1, two] {
            assert_eq!(x25519_routed(&k, &u), (ladder(&k, &u), Route::Ladder));
        }
    }

    /// The AVX2 ladder against dalek's on the values at the edges of the
    /// encoding: 0, 1, p - 1, p .. p + 18 (non-canonical), 2^255 - 1, the
    /// top bit set, and the all-ones input.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_ladder_at_the_edges() {
        if !std::is_x86_feature_detected!("avx2") {
            return;
        }
        let mut us: Vec<[u8; 32]> = Vec::new();
        for n in 0..=20u8 {
            let mut small = [0u8; 32];
            small[0] = n;
            us.push(small);
            small[31] = 0x80;
            us.push(small);
            let mut p_plus = [0xffu8; 32];
            p_plus[31] = 0x7f;
            p_plus[0] = 0xec_u8.wrapping_add(n); // p - 1 + n
            us.push(p_plus);
        }
        us.push([0xff; 32]);
        for k in [[0u8; 32], [0xff; 32], [0x55; 32], [0x31; 32]] {
            for u in &us {
                assert_eq!(
                    super::super::avx2::x25519(&k, u),
                    Some(ladder(&k, u)),
                    "u {u:02x?}"
                );
            }
        }
    }

    proptest! {
        // The AVX2 ladder against dalek's, for random k and u (half of
        // them on the twist).
        #[cfg(target_arch = "x86_64")]
        #[test]
        fn avx2_ladder_equals_dalek(k in any::<[u8; 32]>(), u in any::<[u8; 32]>()) {
            if std::is_x86_feature_detected!("avx2") {
                prop_assert_eq!(super::super::avx2::x25519(&k, &u), Some(ladder(&k, &u)));
            }
        }

        // Random u: about half on the curve, half on the twist; both
        // routes must agree with the ladder, and on-curve u must take the
        // Edwards one.
        #[test]
        fn equals_ladder(k in any::<[u8; 32]>(), u in any::<[u8; 32]>()) {
            let (out, route) = x25519_routed(&k, &u);
            prop_assert_eq!(out, ladder(&k, &u));
            let on_curve = MontgomeryPoint(u).to_edwards(0).is_some();
            prop_assert_eq!(route == Route::Edwards, on_curve);
        }
    }
}
