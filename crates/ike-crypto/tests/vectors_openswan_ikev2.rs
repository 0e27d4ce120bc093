//! A whole Openswan group-14 IKEv2 exchange (HMAC-MD5 PRF, 3DES, HMAC-MD5-96):
//! derive g^ir and all seven SK_* from the seam file, then verify the ICV of
//! and decrypt the real IKE_AUTH packets h2hI2/h2hR2 with them.

mod common;
use common::*;
use ike_crypto::ikev2::{self, KeyLengths, SkCipher};
use ike_crypto::{ids, CryptoProvider};

const V: &str = "openswan-ikev2/seam_gi_md5_tc71.json";

fn sk_keys(p: &CryptoProvider) -> ikev2::IkeSaKeys {
    let d = load(V);
    let v = &d["vectors"][0];
    let kx = p.key_exchange(ids::group::MODP_2048).unwrap();
    let me = kx
        .start_with_private(&hx(&v["initiator_dh_private_x"]))
        .unwrap();
    assert_eq!(me.public(), &hx(&v["g^x_i (KEi data)"])[..]);
    let g_ir = me.complete(&hx(&v["g^x_r (KEr data)"])).unwrap();
    assert_eq!(g_ir.as_bytes(), &hx(&v["g^ir (shared)"])[..]);
    let prf = p.prf(ids::prf::HMAC_MD5).unwrap();
    let integ = p.integrity(ids::integ::HMAC_MD5_96).unwrap();
    let encr = p.encryption(ids::encr::TRIPLE_DES, None).unwrap();
    let (ni, nr) = (hx(&v["Ni"]), hx(&v["Nr"]));
    let seed = ikev2::skeyseed(prf, &ni, &nr, g_ir.as_bytes()).unwrap();
    let spi_i: [u8; 8] = hx(&v["SPIi"]).try_into().unwrap();
    let spi_r: [u8; 8] = hx(&v["SPIr"]).try_into().unwrap();
    let lens = KeyLengths::new(prf, Some(integ), encr);
    let keys =
        ikev2::derive_ike_sa_keys(prf, seed.as_bytes(), &ni, &nr, &spi_i, &spi_r, lens).unwrap();
    for (name, k) in [
        ("SK_d", &keys.sk_d),
        ("SK_ai", &keys.sk_ai),
        ("SK_ar", &keys.sk_ar),
        ("SK_ei", &keys.sk_ei),
        ("SK_er", &keys.sk_er),
        ("SK_pi", &keys.sk_pi),
        ("SK_pr", &keys.sk_pr),
    ] {
        assert_eq!(
            hex::encode(k.as_bytes()),
            v[name].as_str().unwrap(),
            "{} {name}",
            p.name
        );
    }
    keys
}

/// The UDP payload (IKE message) of the first packet of a classic pcap.
fn ike_message(rel: &str) -> Vec<u8> {
    let f = load_bytes(rel);
    assert_eq!(&f[..4], &[0xd4, 0xc3, 0xb2, 0xa1], "little-endian pcap");
    let linktype = u32::from_le_bytes(f[20..24].try_into().unwrap());
    let incl = u32::from_le_bytes(f[32..36].try_into().unwrap()) as usize;
    let pkt = &f[40..40 + incl];
    let ip = match linktype {
        0 => &pkt[4..],  // BSD loopback: 4-octet family
        1 => &pkt[14..], // Ethernet
        other => panic!("linktype {other}"),
    };
    assert_eq!(ip[0] >> 4, 4, "IPv4");
    let udp = &ip[((ip[0] & 0x0f) as usize) * 4..];
    let dport = u16::from_be_bytes([udp[2], udp[3]]);
    let mut ike = &udp[8..];
    if dport == 4500 {
        assert_eq!(&ike[..4], &[0, 0, 0, 0], "non-ESP marker");
        ike = &ike[4..];
    }
    ike.to_vec()
}

/// Offset of the SK payload (type 46) and its first inner payload type.
fn find_sk(msg: &[u8]) -> (usize, u8) {
    let mut next = msg[16];
    let mut off = 28;
    while next != 46 {
        let len = u16::from_be_bytes([msg[off + 2], msg[off + 3]]) as usize;
        next = msg[off];
        off += len;
    }
    (off, msg[off])
}

fn open(p: &CryptoProvider, file: &str, sk_e: &[u8], sk_a: &[u8]) -> (u8, Vec<u8>) {
    let msg = ike_message(file);
    let (off, first) = find_sk(&msg);
    let len = u16::from_be_bytes([msg[off + 2], msg[off + 3]]) as usize;
    let integ = p.integrity(ids::integ::HMAC_MD5_96).unwrap();
    let encr = p.encryption(ids::encr::TRIPLE_DES, None).unwrap();
    let c = SkCipher::new(encr, Some(integ), sk_e, sk_a).unwrap();
    let inner = c.open(&msg[..off + 4], &msg[off + 4..off + len]).unwrap();
    // Tampering anywhere in the covered data must be caught.
    let mut bad = msg.clone();
    bad[20] ^= 1;
    assert!(c.open(&bad[..off + 4], &bad[off + 4..off + len]).is_err());
    (first, inner.as_bytes().to_vec())
}

#[test]
fn derive_all_seven_and_open_ike_auth() {
    for p in providers() {
        let keys = sk_keys(&p);
        // IKE_AUTH request: first inner payload IDi (35), ID type IPv4 (1),
        // 192.168.1.1.
        let (first, inner) = open(
            &p,
            "openswan-ikev2/h2hI2.pcap",
            keys.sk_ei.as_bytes(),
            keys.sk_ai.as_bytes(),
        );
        assert_eq!(first, 35);
        assert_eq!(inner[4], 1);
        assert_eq!(&inner[8..12], &[192, 168, 1, 1]);
        // IKE_AUTH response: IDr (36), IPv4 132.213.238.7.
        let (first, inner) = open(
            &p,
            "openswan-ikev2/h2hR2.pcap",
            keys.sk_er.as_bytes(),
            keys.sk_ar.as_bytes(),
        );
        assert_eq!(first, 36);
        assert_eq!(inner[4], 1);
        assert_eq!(&inner[8..12], &[132, 213, 238, 7]);
    }
}

#[test]
fn ike_sa_init_packets_carry_the_vector_values() {
    let d = load(V);
    let v = &d["vectors"][0];
    let i1 = ike_message("openswan-ikev2/h2hI1.pcap");
    let r1 = ike_message("openswan-ikev2/h2hR1.pcap");
    let contains = |m: &[u8], needle: &[u8]| m.windows(needle.len()).any(|w| w == needle);
    assert!(contains(&i1, &hx(&v["g^x_i (KEi data)"])));
    assert!(contains(&i1, &hx(&v["Ni"])));
    assert!(contains(&r1, &hx(&v["g^x_r (KEr data)"])));
    assert!(contains(&r1, &hx(&v["Nr"])));
}
