//! The operations compared with OpenSSL, built once for both bench
//! binaries: `crypto` (criterion) and `percall` (per-call minimum and
//! median, see that file). Names are `<op>/<provider>`, the names
//! scripts/crypto-vs-openssl.sh and scripts/percall-vs-openssl.sh match.

use ike_crypto::{all_providers, ids, ExponentPolicy, KxConfig, OsRandom};
use std::hint::black_box;

/// One named operation, ready to run again and again.
pub struct Op {
    pub name: String,
    pub run: Box<dyn FnMut()>,
}

impl Op {
    fn new(name: String, run: impl FnMut() + 'static) -> Op {
        Op {
            name,
            run: Box::new(run),
        }
    }
}

/// The groups with a `dhderive-*` operation (every group we implement).
pub const GROUPS: [u16; 16] = [1, 2, 5, 14, 15, 16, 17, 18, 22, 23, 24, 19, 20, 21, 31, 32];

/// The private exponent length OpenSSL 3 uses for the RFC 7919 ffdhe
/// group of the same size (the `keylength` of crypto/ffc/ffc_dh.c's named
/// groups: 225/275/325/375/400 bits), which `openssl speed ffdhN` times.
/// Our default policy (NIST 2s: 224/256/304/352/400) is a little shorter
/// for 3072-6144, which would flatter us.
pub fn openssl_exponent(group: u16) -> KxConfig {
    use ids::group as g;
    let bits = match group {
        g::MODP_2048 => 225,
        g::MODP_3072 => 275,
        g::MODP_4096 => 325,
        g::MODP_6144 => 375,
        g::MODP_8192 => 400,
        _ => return KxConfig::default(),
    };
    KxConfig {
        modp_exponent: ExponentPolicy::Bits(bits),
    }
}

/// `dhderive-<group>/<provider>`: the shared secret alone, peer validation
/// included (what `openssl speed ffdh*/ecdh*` times: private key and peer
/// key set up once), with the private exponent as long as OpenSSL's for
/// the same modulus size, so both sides do the same work.
pub fn dhderive() -> Vec<Op> {
    let mut ops = Vec::new();
    for p in all_providers() {
        let p = p.with_modp768(true);
        for g in GROUPS {
            let kx = p.key_exchange(g).unwrap();
            let peer_pub = kx
                .start(&OsRandom, &KxConfig::default())
                .unwrap()
                .public()
                .to_vec();
            let mine = kx.start(&OsRandom, &openssl_exponent(g)).unwrap();
            ops.push(Op::new(
                format!("dhderive-{}/{}", kx.name(), p.name),
                move || {
                    black_box(mine.complete(&peer_pub).unwrap());
                },
            ));
        }
    }
    ops
}

/// The PRFs IKE negotiates (RFC 7296 3.3.2 transform type 2).
pub const PRFS: [u16; 7] = [
    ids::prf::HMAC_MD5,
    ids::prf::HMAC_SHA1,
    ids::prf::HMAC_SHA2_256,
    ids::prf::HMAC_SHA2_384,
    ids::prf::HMAC_SHA2_512,
    ids::prf::AES128_XCBC,
    ids::prf::AES128_CMAC,
];

/// The key each PRF is benched with: 32 octets for HMAC, 16 for the AES
/// PRFs (their native key size).
pub fn prf_key(id: u16) -> &'static [u8] {
    const KEY: [u8; 32] = [0x5a; 32];
    match id {
        ids::prf::AES128_XCBC | ids::prf::AES128_CMAC => &KEY[..16],
        _ => &KEY,
    }
}

/// `prf-<prf>-<len>/<provider>`: every PRF over 64 and 1024 octets with
/// the key set up on each call, as IKE's prf() is used.
pub fn prf_per_call() -> Vec<Op> {
    let mut ops = Vec::new();
    for p in all_providers() {
        for id in PRFS {
            let f = p.prf(id).unwrap();
            for len in [64usize, 1024] {
                let data = vec![0xa5u8; len];
                ops.push(Op::new(
                    format!("prf-{}-{len}/{}", f.name(), p.name),
                    move || {
                        black_box(f.compute(prf_key(id), &[&data]).unwrap());
                    },
                ));
            }
        }
    }
    ops
}
