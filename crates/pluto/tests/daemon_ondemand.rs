//! `whack --route` and on-demand initiation.
//!
//! With nostack: routing shows the connection as `prospective erouted` and
//! `--unroute` takes it back to `unrouted`.
//!
//! With XFRM (root, in a namespace this test creates; fails under CI=true
//! without root, skips otherwise): the route installs a trap policy, a ping
//! to the peer makes the kernel send an ACQUIRE, and pluto initiates on
//! demand. The peer does not exist, so the IKE SA stays in
//! STATE_V2_PARENT_I1. Shutdown leaves no policy behind.

mod daemon_support;

use std::time::Duration;

use daemon_support::netns::{root_with_ip, Netns};
use daemon_support::*;

fn conn_line(status: &str, name: &str) -> String {
    let prefix = format!("\"{name}\": ");
    status
        .lines()
        .find(|l| l.starts_with(&prefix) && l.contains("eroute owner"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn route_and_unroute_show_in_status_with_nostack() {
    let dir = TempDir::new("route");
    let p = Pluto::start(Start::psk(dir.path(), "west", vec![]));
    let c = conn_args("x", p.ikeport, p.ikeport + 1);
    p.add_and_listen(&c);
    let before = conn_line(&p.whack(&["--status"]).out, "x");
    assert!(before.contains("; unrouted;"), "{before}");
    let r = p.whack(&["--name", "x", "--route"]);
    assert_eq!(r.code, 0, "{r:?}");
    let routed = conn_line(&p.whack(&["--status"]).out, "x");
    assert!(routed.contains("; prospective erouted;"), "{routed}");
    let again = p.whack(&["--name", "x", "--route"]);
    assert!(again.out.contains("already routed"), "{again:?}");
    assert_eq!(p.whack(&["--name", "x", "--unroute"]).code, 0);
    let after = conn_line(&p.whack(&["--status"]).out, "x");
    assert!(after.contains("; unrouted;"), "{after}");
    // Deleting a routed connection unroutes it; a new one of that name can
    // be routed (the old trap is gone, or adding it again would fail).
    assert_eq!(p.whack(&["--name", "x", "--route"]).code, 0);
    assert_eq!(p.whack(&["--name", "x", "--delete"]).code, 0);
    assert_eq!(p.whack(&strs(&c)).code, 0);
    let readded = conn_line(&p.whack(&["--status"]).out, "x");
    assert!(readded.contains("; unrouted;"), "{readded}");
    let r = p.whack(&["--name", "x", "--route"]);
    assert_eq!(r.code, 0, "{r:?}");
    // A peer of %any cannot be routed: 025.
    let mut any = conn_args("y", p.ikeport, p.ikeport + 1);
    let host = any.iter().rposition(|a| a == "127.0.0.1").unwrap();
    any[host] = "%any".into();
    assert_eq!(p.whack(&strs(&any)).code, 0);
    let r = p.whack(&["--name", "y", "--route"]);
    assert_eq!(r.code, 25, "{r:?}");
    assert_eq!(p.whack(&["--shutdown"]).code, 0);
}

#[test]
fn acquire_on_a_trap_initiates_on_demand() {
    if !root_with_ip() {
        return;
    }
    let dir = TempDir::new("ondemand");
    let ns = Netns::new("od");
    // Traffic to local addresses skips XFRM: a veth pair gives a real output
    // path. 10.9.0.2 (the peer) does not exist.
    ns.ip(&["link", "add", "od0", "type", "veth", "peer", "name", "od1"]);
    ns.ip(&["link", "set", "od0", "up"]);
    ns.ip(&["link", "set", "od1", "up"]);
    ns.ip(&["addr", "add", "10.9.0.1/24", "dev", "od0"]);
    let mut p = Pluto::start_in(
        Some(&ns.0),
        Start::psk(
            dir.path(),
            "west",
            vec!["--use-netkey".into(), "--listen".into(), "10.9.0.1".into()],
        ),
    );
    let port = p.ikeport.to_string();
    let conn = [
        "--name",
        "od",
        "--id",
        "@west",
        "--host",
        "10.9.0.1",
        "--ikeport",
        &port,
        "--to",
        "--id",
        "@east",
        "--host",
        "10.9.0.2",
        "--ikeport",
        &port,
        "--psk",
        "--encrypt",
        "--tunnel",
    ];
    p.add_and_listen(&conn);
    let r = p.whack(&["--name", "od", "--route"]);
    assert_eq!(r.code, 0, "{r:?}\n{}", p.log());
    let pol = ns.xfrm("policy");
    assert!(
        pol.contains("src 10.9.0.1/32 dst 10.9.0.2/32") && pol.contains("dir out"),
        "{pol}"
    );
    assert!(pol.contains("tmpl src 10.9.0.1 dst 10.9.0.2"), "{pol}");
    let st = conn_line(&p.whack(&["--status"]).out, "od");
    assert!(st.contains("; prospective erouted;"), "{st}");

    // The kernel holds (drops) the packet and sends an ACQUIRE.
    let _ = ns.exec(&["ping", "-c1", "-W1", "10.9.0.2"]);
    let initiated = wait_until(Duration::from_secs(10), || {
        p.log()
            .contains("\"od\": initiate on demand from 10.9.0.1:")
    });
    assert!(initiated, "no on-demand initiate:\n{}", p.log());
    // Whatever the flow (iputils ping probes with a UDP connect first).
    assert!(p.log().contains(" to 10.9.0.2:"), "{}", p.log());
    assert!(p.log().contains("because: acquire"), "{}", p.log());
    // The IKE_SA_INIT itself passed the trap (the IKE sockets bypass IPsec):
    // it left, and the kernel holds no acquire for the IKE port.
    let pol = ns.xfrm("policy");
    assert!(
        pol.contains("socket in") && pol.contains("socket out"),
        "{pol}"
    );
    let status = p.whack(&["--status"]).out;
    assert!(
        status
            .lines()
            .any(|l| l.contains("\"od\"") && l.contains("STATE_V2_PARENT_I1")),
        "{status}"
    );

    assert_eq!(p.whack(&["--shutdown"]).code, 0);
    assert_eq!(p.wait_exit(Duration::from_secs(10)), Some(0));
    assert!(ns.xfrm("policy").trim().is_empty(), "{}", ns.xfrm("policy"));
}

/// NAT-T keepalives (RFC 3948 4) between two plutos, each in a namespace
/// of its own joined by a veth pair (both need the same NAT-T port, 4500),
/// with forced UDP encapsulation: with `--keep-alive 1` each sends 0xFF to
/// the other's port 4500, and the other receives it.
#[test]
fn natt_keepalives_flow_on_the_natt_port() {
    if !root_with_ip() {
        return;
    }
    let dir = TempDir::new("keepalive");
    let west_ns = Netns::new("kw");
    let east_ns = Netns::new("ke");
    west_ns.ip(&["link", "add", "ka0", "type", "veth", "peer", "name", "ka1"]);
    west_ns.ip(&["link", "set", "ka1", "netns", &east_ns.0]);
    west_ns.ip(&["addr", "add", "10.9.1.1/24", "dev", "ka0"]);
    west_ns.ip(&["link", "set", "ka0", "up"]);
    east_ns.ip(&["addr", "add", "10.9.1.2/24", "dev", "ka1"]);
    east_ns.ip(&["link", "set", "ka1", "up"]);
    let start = |ns: &Netns, name, me: &str| {
        Pluto::start_in(
            Some(&ns.0),
            Start::psk(
                dir.path(),
                name,
                [
                    "--listen",
                    me,
                    "--natikeport",
                    "4500",
                    "--keep-alive",
                    "1",
                    "--debug-natt",
                    "--debug-raw",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            ),
        )
    };
    let west = start(&west_ns, "west", "10.9.1.1");
    let east = start(&east_ns, "east", "10.9.1.2");
    let (wp, ep) = (west.ikeport.to_string(), east.ikeport.to_string());
    let conn = [
        "--name",
        "ka",
        "--id",
        "@west",
        "--host",
        "10.9.1.1",
        "--ikeport",
        &wp,
        "--to",
        "--id",
        "@east",
        "--host",
        "10.9.1.2",
        "--ikeport",
        &ep,
        "--psk",
        "--encrypt",
        "--tunnel",
        "--forceencaps",
    ];
    for p in [&west, &east] {
        p.add_and_listen(&conn);
    }
    let w = west.whack(&["--name", "ka", "--initiate"]);
    assert_eq!(w.code, 0, "{w:?}\n{}", west.log());
    let flowing = wait_until(Duration::from_secs(10), || {
        west.log()
            .contains("sending NAT-T keepalive from 10.9.1.1:4500 to 10.9.1.2:4500")
            && east
                .log()
                .contains("sending NAT-T keepalive from 10.9.1.2:4500 to 10.9.1.1:4500")
            && east.log().contains("received 1 bytes from 10.9.1.1:4500")
            && west.log().contains("received 1 bytes from 10.9.1.2:4500")
    });
    assert!(flowing, "west:\n{}\neast:\n{}", west.log(), east.log());
    for p in [&west, &east] {
        assert_eq!(p.whack(&["--shutdown"]).code, 0);
    }
}
