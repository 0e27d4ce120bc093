//! Our P-521 (ike_crypto::kx::p521, used by the pure-Rust provider for
//! group 21) against the RustCrypto `p521` crate: public values and shared
//! secrets for random scalars and random peers, edge scalars near 0 and n,
//! and the same accept/refuse decision on malformed peer values.

use ike_crypto::kx::p521::{PublicPoint, SecretScalar, FIELD_BYTES, POINT_BYTES};
use ike_crypto::{ids, rustcrypto, CryptoError};
use num_bigint_dig::BigUint;
use p521::elliptic_curve::sec1::ToEncodedPoint;
use proptest::prelude::*;

fn n() -> BigUint {
    BigUint::parse_bytes(
        b"01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
        16,
    )
    .unwrap()
}

fn bytes66(v: &BigUint) -> [u8; FIELD_BYTES] {
    let b = v.to_bytes_be();
    let mut out = [0u8; FIELD_BYTES];
    out[FIELD_BYTES - b.len()..].copy_from_slice(&b);
    out
}

/// The `p521` crate's public value x | y for scalar `d`.
fn reference_public(d: &[u8]) -> Option<Vec<u8>> {
    let sk = p521::SecretKey::from_slice(d).ok()?;
    let pt = sk.public_key().to_encoded_point(false);
    Some(pt.as_bytes()[1..].to_vec())
}

/// The `p521` crate's shared secret.
fn reference_shared(d: &[u8], peer: &[u8]) -> Option<Vec<u8>> {
    let sk = p521::SecretKey::from_slice(d).ok()?;
    let mut sec1 = vec![0x04];
    sec1.extend_from_slice(peer);
    let pk = p521::PublicKey::from_sec1_bytes(&sec1).ok()?;
    let s = p521::elliptic_curve::ecdh::diffie_hellman(sk.to_nonzero_scalar(), pk.as_affine());
    Some(s.raw_secret_bytes().to_vec())
}

/// Checks scalar `d` against the reference: same acceptance, same public
/// value, and the same shared secret with `peer_d`'s public value.
fn check_scalar(d: &[u8], peer_d: &[u8]) {
    let ours = SecretScalar::from_bytes(d);
    let theirs = reference_public(d);
    assert_eq!(ours.is_some(), theirs.is_some(), "acceptance of {d:02x?}");
    let (Some(ours), Some(theirs)) = (ours, theirs) else {
        return;
    };
    assert_eq!(
        ours.public_key().to_bytes().to_vec(),
        theirs,
        "d G for {d:02x?}"
    );
    let peer_pub = reference_public(peer_d).unwrap();
    let peer = PublicPoint::from_bytes(&peer_pub).unwrap();
    let shared = ours.diffie_hellman(&peer);
    assert_eq!(
        shared.to_vec(),
        reference_shared(d, &peer_pub).unwrap(),
        "d Q for {d:02x?}"
    );
}

#[test]
fn edge_scalars() {
    let n = n();
    let one = BigUint::from(1u8);
    let peer = bytes66(&BigUint::from(0x1234_5678u32));
    let mut scalars = vec![BigUint::from(0u8), n.clone(), &n + &one];
    // Small scalars and every scalar within 70 of n: these exercise the
    // top and bottom windows, both parities (n - d for even d) and the
    // last addition where the accumulator could meet the digit's point.
    for k in 1u32..=70 {
        scalars.push(BigUint::from(k));
        scalars.push(&n - BigUint::from(k));
    }
    scalars.push(&one << 520usize);
    scalars.push((&one << 520usize) - &one);
    scalars.push((&one << 521usize) - &one);
    scalars.push(&n >> 1usize);
    for s in &scalars {
        check_scalar(&bytes66(s), &peer);
    }
    // Wrong lengths are refused.
    assert!(SecretScalar::from_bytes(&[1u8; 65]).is_none());
    assert!(SecretScalar::from_bytes(&[0u8; 67]).is_none());
}

#[test]
fn peer_validation_matches_reference() {
    let good = reference_public(&bytes66(&BigUint::from(99u8))).unwrap();
    let p = (BigUint::from(1u8) << 521usize) - BigUint::from(1u8);
    let x = BigUint::from_bytes_be(&good[..FIELD_BYTES]);
    let y = BigUint::from_bytes_be(&good[FIELD_BYTES..]);
    let join = |x: &BigUint, y: &BigUint| {
        let mut v = bytes66(x).to_vec();
        v.extend_from_slice(&bytes66(y));
        v
    };
    let cases: Vec<(Vec<u8>, bool)> = vec![
        (good.clone(), true),
        // -P is on the curve too.
        (join(&x, &(&p - &y)), true),
        // Coordinates + p encode the same residues but are out of range.
        (join(&(&x + &p), &y), false),
        (join(&x, &(&y + &p)), false),
        (join(&x, &(&y + BigUint::from(1u8))), false),
        (join(&BigUint::from(0u8), &BigUint::from(0u8)), false),
        (vec![0xff; POINT_BYTES], false),
        (good[..POINT_BYTES - 1].to_vec(), false),
    ];
    for (bytes, valid) in cases {
        assert_eq!(PublicPoint::from_bytes(&bytes).is_some(), valid);
        let mut sec1 = vec![0x04];
        sec1.extend_from_slice(&bytes);
        if bytes.len() == POINT_BYTES {
            assert_eq!(p521::PublicKey::from_sec1_bytes(&sec1).is_ok(), valid);
        }
    }
}

#[test]
fn provider_group_21_uses_it() {
    let prov = rustcrypto();
    let kx = prov.key_exchange(ids::group::ECP_521).unwrap();
    let d = bytes66(&BigUint::from(0xdead_beefu32));
    let me = kx.start_with_private(&d).unwrap();
    assert_eq!(me.public().to_vec(), reference_public(&d).unwrap());
    let peer = reference_public(&bytes66(&BigUint::from(5u8))).unwrap();
    let s = me.complete(&peer).unwrap();
    assert_eq!(s.as_bytes().to_vec(), reference_shared(&d, &peer).unwrap());
    let mut bad = peer.clone();
    bad[POINT_BYTES - 1] ^= 1;
    assert!(matches!(
        me.complete(&bad),
        Err(CryptoError::InvalidPublicValue { group, .. }) if group == ids::group::ECP_521
    ));
    assert!(matches!(
        kx.validate_public(&bad),
        Err(CryptoError::InvalidPublicValue { .. })
    ));
    assert!(matches!(
        kx.start_with_private(&bytes66(&n())),
        Err(CryptoError::BadLength { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn random_scalars_and_peers_match_reference(
        mut d in any::<[u8; FIELD_BYTES]>(),
        mut e in any::<[u8; FIELD_BYTES]>(),
    ) {
        // Keep the top 7 bits clear so most draws are below n.
        d[0] &= 1;
        e[0] &= 1;
        prop_assume!(reference_public(&e).is_some());
        check_scalar(&d, &e);
    }

    #[test]
    fn random_peer_bytes_are_judged_as_reference(bytes in any::<[u8; POINT_BYTES]>(), x_ok in any::<bool>()) {
        // Random bytes are (almost) never on the curve; with x_ok a real x
        // and random y exercises the equation check itself.
        let mut b = bytes;
        if x_ok {
            let good = reference_public(&bytes[..FIELD_BYTES].iter().map(|&v| v & 0x7f).collect::<Vec<_>>());
            if let Some(good) = good { b[..FIELD_BYTES].copy_from_slice(&good[..FIELD_BYTES]); }
        }
        let mut sec1 = vec![0x04];
        sec1.extend_from_slice(&b);
        prop_assert_eq!(PublicPoint::from_bytes(&b).is_some(), p521::PublicKey::from_sec1_bytes(&sec1).is_ok());
    }
}
