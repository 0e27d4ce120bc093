//! Property tests of X448 (group 32) against the `x448` crate (RustCrypto,
//! ed448-goldilocks: an independent implementation), through every
//! provider: random scalars with random, non-canonical (>= p) and
//! low-order u-coordinates. About half of random u are on the twist, which
//! RFC 7748 5 requires to be computed like any other u.

use ike_crypto::{all_providers, ids, CryptoError};
use proptest::prelude::*;

/// p = 2^448 - 2^224 - 1, little-endian.
fn p_bytes() -> [u8; 56] {
    let mut p = [0xffu8; 56];
    p[28] = 0xfe;
    p
}

/// `p + r` for a small r: a non-canonical encoding of r.
fn p_plus(r: u32) -> [u8; 56] {
    let mut b = p_bytes();
    let mut carry = u64::from(r);
    for x in b.iter_mut() {
        let v = u64::from(*x) + carry;
        *x = v as u8;
        carry = v >> 8;
    }
    assert_eq!(carry, 0, "p + {r} >= 2^448");
    b
}

fn u_coordinate() -> impl Strategy<Value = [u8; 56]> {
    prop_oneof![
        4 => proptest::collection::vec(any::<u8>(), 56)
            .prop_map(|v| v.try_into().unwrap()),
        // non-canonical: p .. p + 2^20 (all < 2^448)
        1 => (0u32..(1 << 20)).prop_map(p_plus),
        // top 32 octets 0xff: >= p unless bit 224 is clear
        1 => proptest::collection::vec(any::<u8>(), 24).prop_map(|v| {
            let mut b = [0xffu8; 56];
            b[..24].copy_from_slice(&v);
            b
        }),
    ]
}

/// Our X448 must equal the reference, and refuse exactly the all-zero
/// result (RFC 8031 2).
fn check(k: [u8; 56], u: [u8; 56]) -> Result<(), TestCaseError> {
    let want = x448::x448_unchecked(k, u);
    for p in all_providers() {
        let kx = p.key_exchange(ids::group::CURVE448).unwrap();
        let a = kx.start_with_private(&k).unwrap();
        prop_assert_eq!(
            a.public(),
            &x448::x448_unchecked(k, x448::X448_BASEPOINT_BYTES)[..]
        );
        match a.complete(&u) {
            Ok(s) => prop_assert_eq!(s.as_bytes(), &want[..], "{}", p.name),
            Err(CryptoError::InvalidSharedSecret { .. }) => {
                prop_assert_eq!(want, [0u8; 56], "{} refused a non-zero result", p.name)
            }
            Err(e) => return Err(TestCaseError::fail(format!("{}: {e}", p.name))),
        }
    }
    Ok(())
}

proptest! {
    // Each case runs 4 ladders (2 ours, 2 reference) per provider,
    // unoptimised in test builds.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn agrees_with_x448_crate(k in proptest::collection::vec(any::<u8>(), 56),
                              u in u_coordinate()) {
        check(k.try_into().unwrap(), u)?;
    }
}

/// The points of small order (u = 0, 1, and their non-canonical forms
/// p, p + 1) give the all-zero output, which is refused.
#[test]
fn low_order_points_are_refused() {
    let mut one = [0u8; 56];
    one[0] = 1;
    for u in [[0u8; 56], one, p_bytes(), p_plus(1)] {
        assert_eq!(x448::x448_unchecked([0x5a; 56], u), [0u8; 56]);
        for p in all_providers() {
            let kx = p.key_exchange(ids::group::CURVE448).unwrap();
            let a = kx.start_with_private(&[0x5a; 56]).unwrap();
            assert!(
                matches!(a.complete(&u), Err(CryptoError::InvalidSharedSecret { .. })),
                "{} accepted u = {}",
                p.name,
                hex::encode(u)
            );
        }
    }
}

/// Wrong lengths are refused with an error, never a panic.
#[test]
fn wrong_lengths_are_refused() {
    for p in all_providers() {
        let kx = p.key_exchange(ids::group::CURVE448).unwrap();
        assert!(kx.start_with_private(&[1; 55]).is_err());
        let a = kx.start_with_private(&[1; 56]).unwrap();
        for len in [0, 32, 55, 57, 112] {
            assert!(kx.validate_public(&vec![9; len]).is_err());
            assert!(a.complete(&vec![9; len]).is_err());
        }
    }
}
