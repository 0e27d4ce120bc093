//! Writes the IKEv1 fuzz seed corpora from the real captures in
//! tests/data/v1 (run on demand, see fuzz/README.md):
//! `cargo test -p ike-wire --test v1_seed_corpus -- --ignored`.
//!
//! - `fuzz/corpus/v1_message/`: every IKEv1 message, well formed or not;
//! - `fuzz/corpus/v1_payload_chain/`: for each plain message, its Next
//!   Payload octet then its payload chain (as a decrypted body looks);
//! - `fuzz/corpus/v1_payload_body/`: for each payload, its type octet then
//!   its body.

mod v1_support;

use ike_wire::v1::{encode_payload_chain, Message};

const CAPTURES: &[&str] = &[
    "01-isakmp-broadcast.pcap",
    "01-isakmp-vid-second-resp.pcap",
    "weirdike-eastwest.pcap-ike.pcap",
    "ikev1-duplicate-proposals.pcap",
    "ipsec-ikev1-isakmp-aggressive-mode.pcap",
    "ikev1-certs.pcap",
    "ipsec.cap",
    "ipsec-ikev1-isakmp-main-mode.pcap",
    "isakmp4500.pcap",
    "ISAKMP_sa_setup.pcap",
    "isakmp-identification-segfault.pcap",
    "isakmp-no-none-np.pcapng",
    "ipsec-ikev1-payload-bad-length.pcap",
    "ipsec-ikev1-zero-length.pcap",
];

const LENIENT: &[&str] = &[
    "isakmp-pointer-loop.pcap",
    "isakmp-delete-segfault.pcap",
    "isakmpv1-attr-oobr.pcap",
    "isakmp-ikev1_n_print-oobr.pcap",
    "ikev1_id_ipv6_addr_subnet-oobr.pcap",
    "isakmp-various-oobr.pcap",
];

#[test]
#[ignore = "writes fuzz/corpus; run on demand"]
fn write_seed_corpus() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    let dir = |t: &str| {
        let d = root.join(t);
        std::fs::create_dir_all(&d).unwrap();
        d
    };
    let (dm, dc, db) = (
        dir("v1_message"),
        dir("v1_payload_chain"),
        dir("v1_payload_body"),
    );
    let mut msgs: Vec<Vec<u8>> = CAPTURES
        .iter()
        .flat_map(|f| v1_support::ike_messages(f))
        .map(|(_, _, b)| b)
        .collect();
    msgs.extend(
        LENIENT
            .iter()
            .flat_map(|f| v1_support::lenient_udp_payloads(f))
            .map(|(_, b)| b),
    );
    let (mut nc, mut nb) = (0, 0);
    for (i, b) in msgs.iter().enumerate() {
        std::fs::write(dm.join(format!("seed-{i:03}")), b).unwrap();
        let Ok(m) = Message::decode(b) else { continue };
        let mut chain = Vec::new();
        let first = encode_payload_chain(m.payloads(), &mut chain).unwrap();
        if !m.payloads().is_empty() {
            let mut seed = vec![first.value()];
            seed.extend(&chain);
            std::fs::write(dc.join(format!("seed-{i:03}")), seed).unwrap();
            nc += 1;
        }
        for p in m.payloads() {
            let mut one = Vec::new();
            encode_payload_chain(std::slice::from_ref(p), &mut one).unwrap();
            let mut seed = vec![p.payload_type().value()];
            seed.extend(&one[4..]);
            std::fs::write(db.join(format!("seed-{nb:04}")), seed).unwrap();
            nb += 1;
        }
    }
    eprintln!(
        "wrote {} message, {nc} chain and {nb} body seeds under {}",
        msgs.len(),
        root.display()
    );
}
