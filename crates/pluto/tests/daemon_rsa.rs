//! Two plutos on loopback authenticating with raw RSA keys: `authby=rsasig`
//! with `leftrsasigkey=`/`rightrsasigkey=` in ipsec.conf and each side's
//! private key as an ipsec.secrets `: RSA { ... }` block.

mod daemon_support;

use std::time::Duration;

use daemon_support::*;

fn data(name: &str) -> String {
    let path = format!("{}/tests/data/rsa/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn conf(auto: &str, west: u16, east: u16) -> String {
    data("ipsec.conf")
        .replace("@WESTPORT@", &west.to_string())
        .replace("@EASTPORT@", &east.to_string())
        .replace("@AUTO@", auto)
}

#[test]
fn raw_rsa_keys_authenticate() {
    let dir = TempDir::new("rsa");
    let (w, e) = free_udp_ports();
    let east_conf = dir.path().join("east.conf");
    let west_conf = dir.path().join("west.conf");
    std::fs::write(&east_conf, conf("add", w, e)).unwrap();
    std::fs::write(&west_conf, conf("start", w, e)).unwrap();
    let east_secrets = data("east.secrets");
    let west_secrets = data("west.secrets");
    let east = Pluto::start(Start {
        dir: dir.path(),
        name: "east",
        secrets: &east_secrets,
        extra: vec![
            "--config".into(),
            east_conf.display().to_string(),
            "--ikeport".into(),
            e.to_string(),
        ],
    });
    let west = Pluto::start(Start {
        dir: dir.path(),
        name: "west",
        secrets: &west_secrets,
        extra: vec![
            "--config".into(),
            west_conf.display().to_string(),
            "--ikeport".into(),
            w.to_string(),
        ],
    });
    let s = wait_established(&west, &east, Duration::from_secs(15));
    assert!(s.contains("RSASIG"), "{s}");
    // Both verified the other's RFC 7427 signature (SHA2-256 offered by both).
    for p in [&west, &east] {
        let log = p.log();
        assert!(
            log.contains("peer authenticated with AUTH method 14"),
            "{log}"
        );
    }
}
