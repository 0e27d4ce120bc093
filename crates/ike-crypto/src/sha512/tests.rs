//! Our SHA-384/512 and HMAC against RustCrypto's (which the RFC 4231/4868
//! vector tests in tests/ check too, through the PRFs).

use super::*;
use ::hmac::{Hmac, Mac};
use proptest::prelude::*;
use sha2::Digest;

fn ours(variant: Variant, parts: &[&[u8]]) -> Vec<u8> {
    let mut h = Sha512::new(variant);
    for p in parts {
        h.update(p);
    }
    let mut out = [0u8; 64];
    let n = h.finish(&mut out);
    out[..n].to_vec()
}

fn reference(variant: Variant, data: &[u8]) -> Vec<u8> {
    match variant {
        Variant::Sha384 => sha2::Sha384::digest(data).to_vec(),
        Variant::Sha512 => sha2::Sha512::digest(data).to_vec(),
    }
}

fn reference_hmac(variant: Variant, key: &[u8], data: &[u8]) -> Vec<u8> {
    fn run<M: Mac + ::hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut m = <M as ::hmac::digest::KeyInit>::new_from_slice(key).unwrap();
        m.update(data);
        m.finalize().into_bytes().to_vec()
    }
    match variant {
        Variant::Sha384 => run::<Hmac<sha2::Sha384>>(key, data),
        Variant::Sha512 => run::<Hmac<sha2::Sha512>>(key, data),
    }
}

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 131 + i / 7) as u8).collect()
}

/// Every length around the padding boundaries (111/112 octets into a
/// block) and the one-, two- and three-block pending cases, whole and
/// split at every interesting point.
#[test]
fn matches_sha2_at_every_boundary() {
    for variant in [Variant::Sha384, Variant::Sha512] {
        for len in (0..=700).chain([1024, 1025, 4096 + 17]) {
            let d = data(len);
            let want = reference(variant, &d);
            assert_eq!(ours(variant, &[&d]), want, "{variant:?} len {len}");
            for cut in [1usize, 111, 112, 127, 128, 129, 255, 256, 257, 385] {
                if cut < len {
                    let got = ours(variant, &[&d[..cut], &d[cut..]]);
                    assert_eq!(got, want, "{variant:?} len {len} cut {cut}");
                }
            }
        }
    }
}

/// The AVX2 compression function (where the CPU has it) against
/// RustCrypto's, for odd and even block counts.
#[cfg(target_arch = "x86_64")]
#[test]
fn avx2_matches_portable() {
    if !(std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("bmi2")) {
        eprintln!("no AVX2/BMI2 here: only the portable path runs");
        return;
    }
    let bytes = data(128 * 9);
    let blocks: &[[u8; 128]] = bytes.as_chunks().0;
    for n in 0..=blocks.len() {
        let mut want = consts::IV_512;
        compress::portable(&mut want, &blocks[..n]);
        let mut got = consts::IV_512;
        compress::compress(&mut got, &blocks[..n]);
        assert_eq!(got, want, "{n} blocks");
    }
}

/// HMAC against RustCrypto's: keys shorter than, equal to and longer than
/// the block, data split across slices.
#[test]
fn hmac_matches_rustcrypto() {
    let d = data(1100);
    for variant in [Variant::Sha384, Variant::Sha512] {
        for klen in [0usize, 20, 48, 64, 127, 128, 129, 200] {
            let key = vec![0x0cu8; klen];
            for len in [0usize, 1, 64, 111, 112, 240, 1024, 1100] {
                let want = reference_hmac(variant, &key, &d[..len]);
                let cut = len / 3;
                let mut out = [0u8; 64];
                let n = hmac(variant, &key, &[&d[..cut], &d[cut..len]], &mut out);
                assert_eq!(&out[..n], &want[..], "{variant:?} key {klen} len {len}");
            }
        }
    }
}

proptest! {
    #[test]
    fn random_splits(d in proptest::collection::vec(any::<u8>(), 0..1500),
                     cuts in proptest::collection::vec(any::<usize>(), 0..6),
                     key in proptest::collection::vec(any::<u8>(), 0..300),
                     is384 in any::<bool>()) {
        let variant = if is384 { Variant::Sha384 } else { Variant::Sha512 };
        let mut points: Vec<usize> = cuts.iter().map(|c| c % (d.len() + 1)).collect();
        points.sort_unstable();
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut at = 0;
        for p in points {
            parts.push(&d[at..p]);
            at = p;
        }
        parts.push(&d[at..]);
        prop_assert_eq!(ours(variant, &parts), reference(variant, &d));
        let mut out = [0u8; 64];
        let n = hmac(variant, &key, &parts, &mut out);
        prop_assert_eq!(&out[..n], &reference_hmac(variant, &key, &d)[..]);
    }
}
