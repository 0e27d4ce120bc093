//! `--host %defaultroute` and `--nexthop %defaultroute` (ipsec.conf
//! `left=%defaultroute`, `leftnexthop=%defaultroute`) resolved by pluto in
//! a network namespace this test creates: refused, saying why, while the
//! namespace has no default route; then, with an interface and a default
//! route through it, the interface's address and the gateway.
//! Needs root and iproute2: skipped outside CI without them, fails in CI.

mod daemon_support;

use std::time::Duration;

use daemon_support::netns::{root_with_ip, Netns};
use daemon_support::*;

fn conn(name: &str, peer: &str, nexthop: bool) -> Vec<String> {
    let mut a = vec!["--name", name, "--id", "@west", "--host", "%defaultroute"];
    if nexthop {
        a.extend(["--nexthop", "%defaultroute"]);
    }
    a.extend([
        "--to",
        "--id",
        "@east",
        "--host",
        peer,
        "--psk",
        "--encrypt",
    ]);
    a.into_iter().map(String::from).collect()
}

#[test]
fn defaultroute_in_a_namespace() {
    if !root_with_ip() {
        return;
    }
    let dir = TempDir::new("defaultroute");
    let ns = Netns::new("defrt");
    let mut p = Pluto::start_in(Some(&ns.0), Start::psk(dir.path(), "west", vec![]));

    let w = p.whack(&strs(&conn("none", "%any", false)));
    assert_ne!(w.code, 0, "{w:?}");
    assert!(
        w.out
            .contains("cannot resolve %defaultroute: there is no IPv4 default route"),
        "{w:?}"
    );

    // A veth pair inside the namespace (this kernel has no dummy driver).
    ns.ip(&["link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    ns.ip(&["addr", "add", "198.51.100.7/24", "dev", "v0"]);
    ns.ip(&["link", "set", "v0", "up"]);
    ns.ip(&["link", "set", "v1", "up"]);
    ns.ip(&["route", "add", "default", "via", "198.51.100.1"]);

    // A road warrior responder: the default route's source.
    let w = p.whack(&strs(&conn("rw", "%any", false)));
    assert_eq!(w.code, 0, "{w:?}");
    // A peer beyond the default route: the source toward it, and its
    // gateway as the next hop.
    let w = p.whack(&strs(&conn("gw", "203.0.113.5", true)));
    assert_eq!(w.code, 0, "{w:?}");
    // A peer on the interface's own network is its own next hop.
    let w = p.whack(&strs(&conn("direct", "198.51.100.9", true)));
    assert_eq!(w.code, 0, "{w:?}");

    let status = p.whack(&["--status"]).out;
    for want in [
        "\"rw\": 198.51.100.7[@west]...%any[@east]",
        "\"gw\": 198.51.100.7[@west]---198.51.100.1...203.0.113.5[@east]",
        "\"direct\": 198.51.100.7[@west]---198.51.100.9...198.51.100.9[@east]",
    ] {
        assert!(status.contains(want), "{want}\n{status}");
    }
    assert_eq!(p.whack(&["--shutdown"]).code, 0);
    assert_eq!(p.wait_exit(Duration::from_secs(10)), Some(0));
}
