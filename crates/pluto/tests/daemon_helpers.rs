//! `--nhelpers`: Diffie-Hellman runs on crypto helper threads. West uses
//! three helpers, east computes inline (`--nhelpers 0`); a MODP2048
//! connection (the slow group the helpers exist for) establishes, and the
//! log names the helper threads that were started.

mod daemon_support;

use daemon_support::*;

#[test]
fn helpers_and_inline_establish_modp2048() {
    let dir = TempDir::new("helpers");
    let start = |name, n: &str| {
        Pluto::start(Start::psk(
            dir.path(),
            name,
            vec!["--nhelpers".into(), n.into()],
        ))
    };
    let west = start("west", "3");
    let east = start("east", "0");
    let mut c = conn_args("h", west.ikeport, east.ikeport);
    c.extend(
        [
            "--ike",
            "aes256-sha2_256-modp2048",
            "--esp",
            "aes256-sha2_256-modp2048",
        ]
        .map(String::from),
    );
    for p in [&west, &east] {
        p.add_and_listen(&c);
    }
    let w = west.whack(&["--name", "h", "--initiate"]);
    assert_eq!(w.code, 0, "{w:?}\n{}", west.log());
    for p in [&west, &east] {
        let status = p.whack(&["--status"]).out;
        assert!(status.contains("STATE_V2_ESTABLISHED_IKE_SA"), "{status}");
        assert!(status.contains("STATE_V2_ESTABLISHED_CHILD_SA"), "{status}");
        assert!(status.contains("MODP2048"), "{status}");
    }
    let wlog = west.log();
    for i in 0..3 {
        assert!(
            wlog.contains(&format!("started thread for crypto helper {i}")),
            "{wlog}"
        );
    }
    assert!(!wlog.contains("crypto helper 3"), "{wlog}");
    assert!(!east.log().contains("crypto helper"), "{}", east.log());
}
