//! `--use-netkey` (XFRM, the default) for real: two plutos in a network
//! namespace this test creates. Where the kernel can install ESP SAs, they
//! are there after the negotiation; where it cannot (no ESP transform, as
//! on this project's machine), `whack --initiate` reports the kernel's
//! refusal and fails (036). Either way shutdown leaves no SA or policy.
//! Needs root and iproute2: skipped outside CI without them, fails in CI.

mod daemon_support;

use std::time::Duration;

use daemon_support::netns::{root_with_ip, Netns};
use daemon_support::*;

#[test]
fn xfrm_backend_in_a_namespace() {
    if !root_with_ip() {
        return;
    }
    let dir = TempDir::new("xfrm");
    let ns = Netns::new("test");
    let start = |name| {
        Pluto::start_in(
            Some(&ns.0),
            Start::psk(dir.path(), name, vec!["--use-netkey".into()]),
        )
    };
    let mut west = start("west");
    let mut east = start("east");
    let c = conn_args("x", west.ikeport, east.ikeport);
    for p in [&west, &east] {
        p.add_and_listen(&c);
    }
    let w = west.whack(&["--name", "x", "--initiate"]);
    assert!(
        west.whack(&["--status"])
            .out
            .contains("using kernel interface: xfrm"),
        "not on XFRM"
    );
    match w.code {
        0 => {
            let states = ns.xfrm("state");
            assert_eq!(states.matches("proto esp").count(), 2, "{states}");
        }
        36 => assert!(w.out.contains("kernel refused the IPsec SA"), "{w:?}"),
        other => panic!("initiate exit {other}: {w:?}\n{}", west.log()),
    }
    assert_eq!(west.whack(&["--shutdown"]).code, 0);
    assert_eq!(east.whack(&["--shutdown"]).code, 0);
    assert_eq!(west.wait_exit(Duration::from_secs(10)), Some(0));
    assert_eq!(east.wait_exit(Duration::from_secs(10)), Some(0));
    // pluto closes all its SAs and policies when it shuts down.
    assert!(ns.xfrm("state").trim().is_empty(), "{}", ns.xfrm("state"));
    assert!(ns.xfrm("policy").trim().is_empty(), "{}", ns.xfrm("policy"));
}
