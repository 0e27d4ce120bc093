//! The responder re-chooses its connection once IKE_AUTH tells it who the
//! initiator is (pluto's refine_host_connection): several connections from
//! one peer address told apart by ID and PSK, a `%any` road warrior beside
//! a specific connection, an unknown ID, and a Child SA whose selectors
//! fall under a sibling connection.

mod common;

use std::time::{Duration, Instant};

use common::{dump, ip, kernel_empty};
use ike_sm::config::{parse_esp, AuthMethod, Connection, End, Identity, PrivateKey, Psk, Subnet};
use ike_sm::rng::SeededRng;
use ike_sm::sim::Network;
use ike_sm::status::StateKind;
use ike_sm::{Endpoint, EndpointConfig, Event, Rc};

const EAST: &str = "192.0.2.2";
const WEST: &str = "192.0.2.1";
const ROAD: &str = "192.0.2.3";

/// One connection end to end. `remote_host`/`remote_id` `None` are `%any`.
struct Spec<'a> {
    name: &'a str,
    local: &'a str,
    local_id: &'a str,
    local_subnet: &'a str,
    remote_host: Option<&'a str>,
    remote_id: Option<&'a str>,
    remote_subnet: Option<&'a str>,
    psk: &'a [u8],
}

fn build(s: &Spec) -> Connection {
    let mut l = End::new(ip(s.local));
    l.id = Some(Identity::parse(s.local_id).unwrap());
    l.subnet = Some(Subnet::parse(s.local_subnet).unwrap());
    let mut r = End::new(ip(s.remote_host.unwrap_or("0.0.0.0")));
    r.host = s.remote_host.map(ip);
    r.id = Some(Identity::parse(s.remote_id.unwrap_or("%any")).unwrap());
    r.subnet = s.remote_subnet.map(|x| Subnet::parse(x).unwrap());
    let mut c = Connection::new(s.name, l, r);
    c.psk = Some(Psk::new(s.psk.to_vec()));
    c.keyingtries = 1;
    c
}

/// A network of nodes, each with its connections; node 0 is East.
fn network(seed: u64, nodes: Vec<(&str, Vec<Connection>)>) -> Network {
    let mut net = Network::new(seed, Instant::now());
    let provider = ike_crypto::rustcrypto();
    for (i, (addr, conns)) in nodes.into_iter().enumerate() {
        let mut ep = Endpoint::new(
            EndpointConfig::default(),
            provider.clone(),
            Box::new(SeededRng::new(seed ^ ((i as u64 + 1) * 0x1111))),
        );
        for c in conns {
            ep.add_connection(c).unwrap();
        }
        net.add_node(ip(addr), ep);
    }
    net
}

/// A peer-side connection to East with our ID, subnet and PSK.
fn to_east(name: &str, me: &str, id: &str, subnet: &str, psk: &[u8]) -> Connection {
    build(&Spec {
        name,
        local: me,
        local_id: id,
        local_subnet: subnet,
        remote_host: Some(EAST),
        remote_id: Some("@east"),
        remote_subnet: Some("10.9.0.0/24"),
        psk,
    })
}

/// An East connection accepting `peer` (`None`: any address) as `id`.
fn at_east(
    name: &str,
    peer: Option<&str>,
    id: Option<&str>,
    subnet: Option<&str>,
    psk: &[u8],
) -> Connection {
    build(&Spec {
        name,
        local: EAST,
        local_id: "@east",
        local_subnet: "10.9.0.0/24",
        remote_host: peer,
        remote_id: id,
        remote_subnet: subnet,
        psk,
    })
}

/// Initiate `conn` on `node` and run until it has one more Child SA (or
/// failed); true when it did.
fn bring_up(net: &mut Network, node: usize, conn: &str) -> bool {
    let before = children_of(net, node, conn);
    let now = net.now;
    net.nodes[node].endpoint.initiate(now, conn).unwrap();
    net.run_until(Duration::from_secs(10), |n| {
        children_of(n, node, conn) > before
            || n.nodes[node]
                .count(|e| matches!(e, Event::Failed { connection, .. } if connection == conn))
                > 0
    });
    children_of(net, node, conn) > before
}

fn children_of(net: &Network, node: usize, conn: &str) -> usize {
    net.nodes[node]
        .count(|e| matches!(e, Event::ChildEstablished { connection, .. } if connection == conn))
}

fn ikes_of(net: &Network, node: usize, conn: &str) -> usize {
    net.nodes[node]
        .count(|e| matches!(e, Event::IkeEstablished { connection, .. } if connection == conn))
}

fn logged(net: &Network, node: usize, needle: &str) -> bool {
    net.nodes[node].count(|e| matches!(e, Event::Log(l) if l.text.contains(needle))) > 0
}

/// East's Child SA of a connection: algorithms and remote selectors.
fn east_child(net: &Network, conn: &str) -> (String, String) {
    let st = net.nodes[0].endpoint.status(net.now);
    let s = st
        .states
        .iter()
        .find(|s| s.connection == conn && matches!(s.kind, StateKind::Child { .. }))
        .unwrap_or_else(|| panic!("no Child SA of {conn}\n{}", dump(net)));
    let StateKind::Child { ts_remote, .. } = &s.kind else {
        unreachable!()
    };
    (
        s.algorithms.clone().unwrap_or_default(),
        ts_remote
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[test]
fn two_ids_from_one_address_each_get_their_connection() {
    // East's "e-a" sorts first, so IKE_SA_INIT from West always lands there;
    // IKE_AUTH must move West's "b" identity to "e-b", with e-b's PSK, ESP
    // proposal and subnet.
    let mut e_a = at_east(
        "e-a",
        Some(WEST),
        Some("@west-a"),
        Some("10.1.0.0/24"),
        b"psk a",
    );
    e_a.esp = parse_esp("aes128-sha2_256").unwrap();
    let mut e_b = at_east(
        "e-b",
        Some(WEST),
        Some("@west-b"),
        Some("10.2.0.0/24"),
        b"psk b",
    );
    e_b.esp = parse_esp("aes_gcm256").unwrap();
    let both = parse_esp("aes128-sha2_256,aes_gcm256").unwrap();
    let mut w_a = to_east("w-a", WEST, "@west-a", "10.1.0.0/24", b"psk a");
    w_a.esp = both.clone();
    let mut w_b = to_east("w-b", WEST, "@west-b", "10.2.0.0/24", b"psk b");
    w_b.esp = both;
    let mut net = network(1, vec![(EAST, vec![e_a, e_b]), (WEST, vec![w_a, w_b])]);

    assert!(bring_up(&mut net, 1, "w-b"), "{}", dump(&net));
    assert_eq!(ikes_of(&net, 0, "e-b"), 1, "{}", dump(&net));
    assert_eq!(ikes_of(&net, 0, "e-a"), 0);
    assert!(
        logged(&net, 0, "switched from \"e-a\" to \"e-b\""),
        "{}",
        dump(&net)
    );
    let (algs, ts) = east_child(&net, "e-b");
    assert!(algs.starts_with("AES_GCM_16_256"), "{algs}");
    assert_eq!(ts, "10.2.0.0-10.2.0.255");

    assert!(bring_up(&mut net, 1, "w-a"), "{}", dump(&net));
    assert_eq!(ikes_of(&net, 0, "e-a"), 1, "{}", dump(&net));
    let (algs, ts) = east_child(&net, "e-a");
    assert!(algs.starts_with("AES_CBC_128"), "{algs}");
    assert_eq!(ts, "10.1.0.0-10.1.0.255");
    for n in 0..2 {
        assert!(net.nodes[n].kernel_errors().is_empty(), "{}", dump(&net));
    }
}

#[test]
fn road_warrior_beside_a_specific_connection() {
    // "a-rw" (%any address and ID) sorts before "b-west"; West's own ID
    // must still reach b-west, everyone else the road warrior connection.
    let east = vec![
        at_east("a-rw", None, None, None, b"road secret"),
        at_east(
            "b-west",
            Some(WEST),
            Some("@west"),
            Some("10.1.0.0/24"),
            b"west secret",
        ),
    ];
    let west = vec![
        to_east("w", WEST, "@west", "10.1.0.0/24", b"west secret"),
        to_east("w-anon", WEST, "@stranger", "192.0.2.1/32", b"road secret"),
    ];
    let road = vec![to_east("r", ROAD, "@road", "192.0.2.3/32", b"road secret")];
    let mut net = network(2, vec![(EAST, east), (WEST, west), (ROAD, road)]);

    assert!(bring_up(&mut net, 1, "w"), "{}", dump(&net));
    assert_eq!(ikes_of(&net, 0, "b-west"), 1, "{}", dump(&net));
    // IKE_SA_INIT already picks b-west (it names West's host; a-rw is
    // %any), so IKE_AUTH has nothing to switch.
    assert!(!logged(&net, 0, "switched from \"a-rw\" to \"b-west\""));

    assert!(bring_up(&mut net, 1, "w-anon"), "{}", dump(&net));
    assert!(bring_up(&mut net, 2, "r"), "{}", dump(&net));
    assert_eq!(ikes_of(&net, 0, "a-rw"), 2, "{}", dump(&net));
    // The road warrior's Child stands for the address it came from.
    let st = net.nodes[0].endpoint.status(net.now);
    let mut rw_remote: Vec<String> = st
        .states
        .iter()
        .filter_map(|s| match &s.kind {
            StateKind::Child { ts_remote, .. } if s.connection == "a-rw" => {
                Some(ts_remote.iter().map(ToString::to_string).collect())
            }
            _ => None,
        })
        .collect();
    rw_remote.sort();
    assert_eq!(
        rw_remote,
        ["192.0.2.1-192.0.2.1", "192.0.2.3-192.0.2.3"],
        "{}",
        dump(&net)
    );
}

#[test]
fn unknown_id_is_refused_and_leaves_nothing() {
    let east = vec![
        at_east("e-a", Some(WEST), Some("@west-a"), None, b"psk a"),
        at_east("e-b", Some(WEST), Some("@west-b"), None, b"psk b"),
    ];
    let west = vec![
        to_east("w-c", WEST, "@west-c", "192.0.2.1/32", b"psk a"),
        // The right ID with the other connection's key: the AUTH check runs
        // with e-b's secret after the switch, so it must fail.
        to_east("w-b-wrong-key", WEST, "@west-b", "192.0.2.1/32", b"psk a"),
    ];
    let mut net = network(3, vec![(EAST, east), (WEST, west)]);
    for conn in ["w-c", "w-b-wrong-key"] {
        assert!(!bring_up(&mut net, 1, conn), "{}", dump(&net));
        net.run_for(Duration::from_secs(1));
        assert_eq!(
            net.nodes[0].endpoint.sa_counts(),
            (0, 0),
            "{conn}: {}",
            dump(&net)
        );
        assert!(kernel_empty(&mut net, 0), "{}", dump(&net));
        assert!(kernel_empty(&mut net, 1), "{}", dump(&net));
    }
    let refused = net.nodes[0].count(|e| {
        matches!(e, Event::Log(l) if l.rc == Rc::notification(24) && l.text.contains("AUTHENTICATION_FAILED"))
    });
    assert_eq!(refused, 2, "{}", dump(&net));
    assert!(logged(&net, 0, "peer ID '@west-c' does not match"));
    assert!(logged(&net, 0, "switched from \"e-a\" to \"e-b\""));
    assert_eq!(
        net.nodes[1].count(|e| matches!(e, Event::Failed { .. })),
        2,
        "{}",
        dump(&net)
    );
}

#[test]
fn child_falls_under_a_sibling_connection_when_selectors_say_so() {
    // The IKE SA belongs to "a-host" (it names West's ID); the proposed
    // subnet is only in "b-net" (same peer, same key, %any ID), so the
    // Child is b-net's. Terminating removes every SA and policy.
    let east = vec![
        at_east(
            "a-host",
            Some(WEST),
            Some("@west"),
            Some("10.1.0.0/24"),
            b"k",
        ),
        at_east("b-net", Some(WEST), None, Some("10.2.0.0/24"), b"k"),
        // Same subnet, other key: never a candidate for this peer's Child.
        at_east("c-other", Some(WEST), None, Some("10.3.0.0/24"), b"other"),
    ];
    let west = vec![
        to_east("w", WEST, "@west", "10.2.0.0/24", b"k"),
        to_east("w3", WEST, "@west", "10.3.0.0/24", b"k"),
    ];
    let mut net = network(4, vec![(EAST, east), (WEST, west)]);
    assert!(bring_up(&mut net, 1, "w"), "{}", dump(&net));
    assert_eq!(ikes_of(&net, 0, "a-host"), 1, "{}", dump(&net));
    assert_eq!(children_of(&net, 0, "b-net"), 1, "{}", dump(&net));
    assert_eq!(east_child(&net, "b-net").1, "10.2.0.0-10.2.0.255");

    // 10.3/24 is only in a connection with another PSK: TS_UNACCEPTABLE,
    // the IKE SA stays.
    assert!(!bring_up(&mut net, 1, "w3"), "{}", dump(&net));
    assert!(logged(&net, 0, "Child SA refused with notification 38"));
    assert_eq!(ikes_of(&net, 0, "a-host"), 2, "{}", dump(&net));

    let now = net.now;
    for c in ["w", "w3"] {
        net.nodes[1].endpoint.terminate(now, c).unwrap();
    }
    net.run_for(Duration::from_secs(5));
    assert_eq!(net.nodes[0].endpoint.sa_counts(), (0, 0), "{}", dump(&net));
    assert!(kernel_empty(&mut net, 0), "{}", dump(&net));
    assert!(kernel_empty(&mut net, 1), "{}", dump(&net));
}

#[test]
fn idr_picks_which_of_our_identities_answers() {
    // Both East connections accept anyone from West; only IDr tells them
    // apart, and each has its own PSK (so landing wrong fails AUTH).
    let mut second = at_east("b-second", Some(WEST), None, None, b"second key");
    second.local.id = Some(Identity::parse("@east-2").unwrap());
    let east = vec![
        at_east("a-first", Some(WEST), None, None, b"first key"),
        second,
    ];
    let mut w2 = to_east("w2", WEST, "@west", "192.0.2.1/32", b"second key");
    w2.remote.id = Some(Identity::parse("@east-2").unwrap());
    let west = vec![
        w2,
        to_east("w1", WEST, "@west", "192.0.2.1/32", b"first key"),
    ];
    let mut net = network(5, vec![(EAST, east), (WEST, west)]);
    assert!(bring_up(&mut net, 1, "w2"), "{}", dump(&net));
    assert_eq!(ikes_of(&net, 0, "b-second"), 1, "{}", dump(&net));
    assert!(bring_up(&mut net, 1, "w1"), "{}", dump(&net));
    assert_eq!(ikes_of(&net, 0, "a-first"), 1, "{}", dump(&net));
}

fn key(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/rsa/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rsa_ends(c: &mut Connection, me: &str, peer: &str) {
    c.psk = None;
    c.private_key = Some(PrivateKey::from_pkcs8_der(key(&format!("{me}.pk8.der"))));
    c.local.auth = AuthMethod::RsaSig {
        public_key: None,
        cert: None,
    };
    c.remote.auth = AuthMethod::RsaSig {
        public_key: Some(key(&format!("{peer}.spki.der"))),
        cert: None,
    };
}

#[test]
fn auth_method_picks_between_psk_and_rsa_connections() {
    // Same address, both %any IDs: West signs with RSA, so East must leave
    // the PSK connection IKE_SA_INIT chose for the RSA one.
    let mut b_rsa = at_east("b-rsa", Some(WEST), None, None, b"");
    rsa_ends(&mut b_rsa, "east", "west");
    let east = vec![at_east("a-psk", Some(WEST), None, None, b"psk"), b_rsa];
    let mut w = to_east("w", WEST, "@west", "192.0.2.1/32", b"");
    rsa_ends(&mut w, "west", "east");
    let mut net = network(6, vec![(EAST, east), (WEST, vec![w])]);
    assert!(bring_up(&mut net, 1, "w"), "{}", dump(&net));
    assert_eq!(ikes_of(&net, 0, "b-rsa"), 1, "{}", dump(&net));
    assert!(logged(&net, 0, "switched from \"a-psk\" to \"b-rsa\""));
}

#[test]
/// Children under a road-warrior connection and under a sibling of the
/// IKE SA's connection can be rekeyed (CREATE_CHILD_SA uses the Child's
/// own connection, taken for the peer's address).
fn road_warrior_and_sibling_children_rekey() {
    let east = vec![
        at_east("a-rw", None, None, None, b"road secret"),
        at_east(
            "b-host",
            Some(WEST),
            Some("@west"),
            Some("10.1.0.0/24"),
            b"k",
        ),
        at_east("c-net", Some(WEST), None, Some("10.2.0.0/24"), b"k"),
    ];
    let road = vec![to_east("r", ROAD, "@road", "192.0.2.3/32", b"road secret")];
    let west = vec![to_east("w", WEST, "@west", "10.2.0.0/24", b"k")];
    let mut net = network(7, vec![(EAST, east), (ROAD, road), (WEST, west)]);
    assert!(bring_up(&mut net, 1, "r"), "{}", dump(&net));
    assert!(bring_up(&mut net, 2, "w"), "{}", dump(&net));
    let now = net.now;
    net.nodes[1].endpoint.rekey_child(now, "r").unwrap();
    net.nodes[2].endpoint.rekey_child(now, "w").unwrap();
    net.run_for(Duration::from_secs(5));
    assert_eq!(children_of(&net, 1, "r"), 2, "{}", dump(&net));
    assert_eq!(children_of(&net, 2, "w"), 2, "{}", dump(&net));
    // East keeps each replacement under the rekeyed Child's connection.
    assert_eq!(children_of(&net, 0, "a-rw"), 2, "{}", dump(&net));
    assert_eq!(children_of(&net, 0, "c-net"), 2, "{}", dump(&net));
}

/// East's kernel policies (as text) naming `addr`, and whether East has a
/// Child SA whose remote selectors name it.
fn east_policies_and_child(net: &mut Network, conn: &str, addr: &str) -> (usize, bool) {
    use kernel_sa::Kernel;
    let k = &mut net.nodes[0].kernel;
    let policies = k
        .policies()
        .unwrap()
        .iter()
        .filter(|p| p.id().to_string().contains(addr))
        .count();
    let st = net.nodes[0].endpoint.status(net.now);
    let child = st.states.iter().any(|s| match &s.kind {
        StateKind::Child { ts_remote, .. } => {
            s.connection == conn && ts_remote.iter().any(|t| t.to_string().contains(addr))
        }
        _ => false,
    });
    (policies, child)
}

#[test]
/// Two road warriors under one connection. East rekeys one's Child SA;
/// the road warrior's answer is lost, and before East's retransmission
/// brings it again, the road warrior deletes the old Child SA. So East
/// removes the old Child (and its policies) before it installs the
/// replacement, which must then install policies of its own: the other
/// road warrior's Child holding policies of the same connection is no
/// reason to skip them.
fn road_warrior_rekey_after_the_old_child_went_has_policies() {
    use ike_sm::sim::Verdict;
    let east = vec![at_east("a-rw", None, None, None, b"road secret")];
    let west = vec![to_east(
        "w-anon",
        WEST,
        "@stranger",
        "192.0.2.1/32",
        b"road secret",
    )];
    let road = vec![to_east("r", ROAD, "@road", "192.0.2.3/32", b"road secret")];
    let mut net = network(11, vec![(EAST, east), (WEST, west), (ROAD, road)]);
    assert!(bring_up(&mut net, 1, "w-anon"), "{}", dump(&net));
    assert!(bring_up(&mut net, 2, "r"), "{}", dump(&net));
    let old = net.nodes[2]
        .endpoint
        .status(net.now)
        .states
        .iter()
        .find(|s| matches!(s.kind, StateKind::Child { .. }))
        .map(|s| s.serial)
        .unwrap();
    // Drop the road warrior's first datagram to East: its rekey answer.
    let mut dropped = false;
    net.interceptor = Some(Box::new(move |t| {
        if !dropped && t.src.ip() == ip(ROAD) && t.dst.ip() == ip(EAST) {
            dropped = true;
            return Verdict::Drop;
        }
        Verdict::Deliver
    }));
    let now = net.now;
    // The newest Child of a-rw is the road warrior's at ROAD.
    net.nodes[0].endpoint.rekey_child(now, "a-rw").unwrap();
    let answered = net.run_until(Duration::from_secs(2), |n| children_of(n, 2, "r") == 2);
    assert!(answered, "the road warrior took the rekey\n{}", dump(&net));
    let now = net.now;
    net.nodes[2].endpoint.delete_state(now, old).unwrap();
    net.run_for(Duration::from_secs(30));
    assert_eq!(
        children_of(&net, 0, "a-rw"),
        3,
        "East installed the replacement\n{}",
        dump(&net)
    );
    for (addr, who) in [(ROAD, "road"), (WEST, "west")] {
        let (policies, child) = east_policies_and_child(&mut net, "a-rw", addr);
        assert!(child, "{who}: East has a Child SA\n{}", dump(&net));
        assert_eq!(
            policies,
            3,
            "{who}: East has its out, in and fwd policies\n{}",
            dump(&net)
        );
    }
    assert!(net.nodes[0].kernel_errors().is_empty(), "{}", dump(&net));
}
