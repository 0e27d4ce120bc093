//! Our MD5 and HMAC-MD5 against RFC 1321's test suite and RustCrypto's
//! `md-5`/`hmac` (the RFC 2202 vector tests in tests/ check HMAC-MD5 too,
//! through the PRF and integrity transforms).

use super::*;
use ::hmac::{Hmac, Mac};
use ::md5::Digest;
use proptest::prelude::*;

fn ours(parts: &[&[u8]]) -> [u8; OUTPUT] {
    let mut h = Md5::new();
    for p in parts {
        h.update(p);
    }
    let mut out = [0u8; OUTPUT];
    h.finish(&mut out);
    out
}

fn reference(data: &[u8]) -> [u8; OUTPUT] {
    ::md5::Md5::digest(data).into()
}

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 131 + i / 7) as u8).collect()
}

/// RFC 1321 A.5.
#[test]
fn rfc1321_test_suite() {
    let suite: [(&str, &str); 7] = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        (
            "abcdefghijklmnopqrstuvwxyz",
            "c3fcd3d76192e4007dfb496cca67e13b",
        ),
        (
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            "d174ab98d277d9f5a5611c2c9f419d9f",
        ),
        (
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a",
        ),
    ];
    for (msg, want) in suite {
        assert_eq!(hex::encode(ours(&[msg.as_bytes()])), want, "{msg:?}");
    }
}

/// Every length around the padding boundary (55/56 octets into a block)
/// and a few blocks, whole and split at every interesting point.
#[test]
fn matches_md5_crate_at_every_boundary() {
    for len in (0..=300).chain([1024, 1025, 4096 + 17]) {
        let d = data(len);
        let want = reference(&d);
        assert_eq!(ours(&[&d]), want, "len {len}");
        for cut in [1usize, 55, 56, 63, 64, 65, 127, 128, 129] {
            if cut < len {
                assert_eq!(ours(&[&d[..cut], &d[cut..]]), want, "len {len} cut {cut}");
            }
        }
    }
}

#[test]
fn hmac_matches_rustcrypto_for_keys_around_the_block() {
    for klen in [0usize, 1, 16, 63, 64, 65, 100, 200] {
        let key = data(klen + 3)[3..].to_vec();
        for len in [0usize, 1, 55, 64, 200, 1024] {
            let msg = data(len);
            let mut m =
                <Hmac<::md5::Md5> as ::hmac::digest::KeyInit>::new_from_slice(&key).unwrap();
            m.update(&msg);
            let want: [u8; OUTPUT] = m.finalize().into_bytes().into();
            let mut got = [0u8; OUTPUT];
            hmac(&key, &[&msg], &mut got);
            assert_eq!(got, want, "key {klen} len {len}");
        }
    }
}

proptest! {
    #[test]
    fn random_splits(d in proptest::collection::vec(any::<u8>(), 0..600),
                     cuts in proptest::collection::vec(any::<usize>(), 0..5)) {
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (d.len() + 1)).collect();
        cuts.sort_unstable();
        let mut parts = Vec::new();
        let mut at = 0;
        for c in cuts {
            parts.push(&d[at..c]);
            at = c;
        }
        parts.push(&d[at..]);
        prop_assert_eq!(ours(&parts), reference(&d));
    }
}
