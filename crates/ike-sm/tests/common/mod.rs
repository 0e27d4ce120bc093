//! Shared set-up for the simulation tests: two hosts, one connection.
#![allow(dead_code)]

use std::net::IpAddr;
use std::time::{Duration, Instant};

use ike_sm::config::{Connection, End, Identity, Psk, Subnet};
use ike_sm::rng::SeededRng;
use ike_sm::sim::Network;
use ike_sm::{Endpoint, EndpointConfig, Event};

pub const WEST: &str = "192.0.2.1";
pub const EAST: &str = "192.0.2.2";
pub const CONN: &str = "west-east";

pub fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// The connection as seen from `local` towards `remote`.
pub fn conn(local: &str, remote: &str, lid: &str, rid: &str, lsub: &str, rsub: &str) -> Connection {
    let mut l = End::new(ip(local));
    l.id = Some(Identity::parse(lid).unwrap());
    l.subnet = Some(Subnet::parse(lsub).unwrap());
    let mut r = End::new(ip(remote));
    r.id = Some(Identity::parse(rid).unwrap());
    r.subnet = Some(Subnet::parse(rsub).unwrap());
    let mut c = Connection::new(CONN, l, r);
    c.psk = Some(Psk::new(b"very secret shared key".to_vec()));
    c.keyingtries = 1;
    c
}

/// West (node 0) and East (node 1) with mirrored connections; `tweak`
/// edits both before they are added (the bool says "west").
pub fn pair(seed: u64, tweak: impl Fn(&mut Connection, bool)) -> Network {
    pair_cfg(
        seed,
        EndpointConfig::default(),
        EndpointConfig::default(),
        tweak,
    )
}

pub fn pair_cfg(
    seed: u64,
    wcfg: EndpointConfig,
    ecfg: EndpointConfig,
    tweak: impl Fn(&mut Connection, bool),
) -> Network {
    let mut net = Network::new(seed, Instant::now());
    let mut w = conn(
        WEST,
        EAST,
        "@west",
        "@east",
        "198.51.100.1/32",
        "198.51.100.2/32",
    );
    let mut e = conn(
        EAST,
        WEST,
        "@east",
        "@west",
        "198.51.100.2/32",
        "198.51.100.1/32",
    );
    tweak(&mut w, true);
    tweak(&mut e, false);
    let provider = ike_crypto::rustcrypto();
    let mut we = Endpoint::new(
        wcfg,
        provider.clone(),
        Box::new(SeededRng::new(seed ^ 0x5757)),
    );
    let mut ee = Endpoint::new(ecfg, provider, Box::new(SeededRng::new(seed ^ 0xeeee)));
    we.add_connection(w).unwrap();
    ee.add_connection(e).unwrap();
    net.add_node(ip(WEST), we);
    net.add_node(ip(EAST), ee);
    net
}

pub fn child_up(net: &Network, node: usize) -> usize {
    net.nodes[node].count(|e| matches!(e, Event::ChildEstablished { .. }))
}

pub fn ike_up(net: &Network, node: usize) -> usize {
    net.nodes[node].count(|e| matches!(e, Event::IkeEstablished { .. }))
}

/// Initiate from west and run until both have a Child SA (or `secs` pass).
pub fn establish(net: &mut Network, secs: u64) -> bool {
    let now = net.now;
    net.nodes[0].endpoint.initiate(now, CONN).unwrap();
    net.run_until(Duration::from_secs(secs), |n| {
        child_up(n, 0) >= 1 && child_up(n, 1) >= 1
    })
}

pub fn dump(net: &Network) -> String {
    let mut s = String::new();
    for (i, n) in net.nodes.iter().enumerate() {
        for e in &n.events {
            s.push_str(&format!("node{i}: {e:?}\n"));
        }
        for e in n.kernel_errors() {
            s.push_str(&format!("node{i} kernel error: {e}\n"));
        }
    }
    s
}

/// Every SA and policy added was removed again.
pub fn kernel_empty(net: &mut Network, node: usize) -> bool {
    use kernel_sa::Kernel;
    let k = &mut net.nodes[node].kernel;
    k.sas().unwrap().is_empty() && k.policies().unwrap().is_empty()
}
