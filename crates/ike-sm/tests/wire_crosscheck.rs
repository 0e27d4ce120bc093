//! Every datagram our endpoints send, through a full life (INVALID_KE,
//! IKE_AUTH in fragments, Child and IKE rekeys, Delete), decodes with
//! `ike-wire`'s IKEv2 codec and re-encodes to the same octets: the SK/SKF
//! prefixes and lengths ike-sm assembles around sealed bodies are
//! canonical, and every exchange type shows up.

mod common;

use std::time::Duration;

use common::*;
use ike_sm::config::parse_ike;
use ike_sm::transmit::Encap;

#[test]
fn ike_wire_accepts_everything_we_send() {
    let mut net = pair(41, |c, west| {
        c.ike = parse_ike(if west {
            "aes256-sha2_256;modp2048+dh31"
        } else {
            "aes256-sha2_256;dh31"
        })
        .unwrap();
        c.fragment_size = 300;
    });
    assert!(establish(&mut net, 10), "{}", dump(&net));
    let now = net.now;
    net.nodes[0].endpoint.rekey_child(now, CONN).unwrap();
    net.run_for(Duration::from_secs(3));
    let now = net.now;
    net.nodes[1].endpoint.rekey_ike(now, CONN).unwrap();
    net.run_for(Duration::from_secs(3));
    let now = net.now;
    net.nodes[1].endpoint.terminate(now, CONN).unwrap();
    net.run_for(Duration::from_secs(3));
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0), "{}", dump(&net));
    let mut exchanges = std::collections::BTreeSet::new();
    for t in &net.sent {
        let bytes = match t.encap {
            Encap::Udp => &t.payload[..],
            Encap::UdpNonEsp => &t.payload[4..],
        };
        let m = ike_wire::v2::Message::decode(bytes).unwrap_or_else(|e| {
            panic!("ike-wire rejects our message: {e}\n{}", hex::encode(bytes))
        });
        assert_eq!(m.to_vec().unwrap(), bytes, "round trip differs");
        exchanges.insert(bytes[18]);
    }
    // IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL all seen.
    assert_eq!(
        exchanges.into_iter().collect::<Vec<_>>(),
        vec![34, 35, 36, 37]
    );
}
