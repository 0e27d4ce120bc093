//! The updown command gets the manual's PLUTO_* environment: a recording
//! script writes what it saw, for route (prepare/route), up and down of a
//! real negotiation between two plutos, and unroute. A failing script is
//! logged and reported.

mod daemon_support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use daemon_support::*;

/// Each run of the script: one block of `KEY=VALUE` lines ending in `--`.
fn runs(path: &std::path::Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.split("--\n")
        .filter(|b| !b.trim().is_empty())
        .map(|b| {
            b.lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn wait_for(path: &std::path::Path, verb: &str) -> BTreeMap<String, String> {
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(10) {
        if let Some(r) = runs(path)
            .into_iter()
            .find(|r| r.get("PLUTO_VERB").map(String::as_str) == Some(verb))
        {
            return r;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no {verb} run; runs so far: {:?}", runs(path));
}

#[test]
fn updown_sees_the_manuals_environment() {
    let dir = TempDir::new("updown");
    let record = dir.path().join("updown.env");
    let script = dir.path().join("updown.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nenv | grep '^PLUTO_' | sort >> {0}\necho -- >> {0}\necho updown ran $PLUTO_VERB\n",
            record.display()
        ),
    )
    .unwrap();
    let west = Pluto::start(Start::psk(dir.path(), "west", vec![]));
    let east = Pluto::start(Start::psk(dir.path(), "east", vec![]));
    let mut c = conn_args("u", west.ikeport, east.ikeport);
    // --updown belongs to the left end (before --to): west is left.
    let to = c.iter().position(|a| a == "--to").unwrap();
    c.insert(to, format!("sh {}", script.display()));
    c.insert(to, "--updown".into());
    for p in [&west, &east] {
        p.add_and_listen(&c);
    }
    assert_eq!(west.whack(&["--name", "u", "--route"]).code, 0);
    let prep = wait_for(&record, "prepare-host");
    assert_eq!(prep["PLUTO_CONNECTION"], "u");
    assert_eq!(prep["PLUTO_VERSION"], "1.1");
    assert_eq!(prep["PLUTO_ME"], "127.0.0.1");
    assert_eq!(prep["PLUTO_PEER"], "127.0.0.1");
    assert_eq!(prep["PLUTO_MY_CLIENT"], "127.0.0.1/32");
    assert_eq!(prep["PLUTO_MY_CLIENT_NET"], "127.0.0.1");
    assert_eq!(prep["PLUTO_MY_CLIENT_MASK"], "255.255.255.255");
    assert_eq!(prep["PLUTO_PEER_CLIENT"], "127.0.0.1/32");
    assert_eq!(prep["PLUTO_MY_ID"], "@west");
    assert_eq!(prep["PLUTO_PEER_ID"], "@east");
    assert_eq!(prep["PLUTO_INTERFACE"], "lo");
    assert_eq!(prep["PLUTO_NEXT_HOP"], "127.0.0.1");
    wait_for(&record, "route-host");

    let w = west.whack(&["--name", "u", "--initiate"]);
    assert_eq!(w.code, 0, "{w:?}");
    let up = wait_for(&record, "up-host");
    assert!(up["PLUTO_SPI_IN"].starts_with("0x"), "{up:?}");
    assert!(west.log().contains("updown ran up-host"), "{}", west.log());

    assert_eq!(west.whack(&["--name", "u", "--terminate"]).code, 0);
    let down = wait_for(&record, "down-host");
    assert_eq!(down["PLUTO_SPI_IN"], up["PLUTO_SPI_IN"]);
    assert_eq!(west.whack(&["--name", "u", "--unroute"]).code, 0);
    wait_for(&record, "unroute-host");
    // east has no updown (it is the right end's business): nothing ran there.
    assert!(!east.log().contains("updown ran"));
}

#[test]
fn failing_updown_is_logged_and_reported() {
    let dir = TempDir::new("updownfail");
    let p = Pluto::start(Start::psk(dir.path(), "p", vec![]));
    let mut c = conn_args("f", p.ikeport, p.ikeport + 1);
    let to = c.iter().position(|a| a == "--to").unwrap();
    c.insert(to, "echo no route for you >&2; exit 7".into());
    c.insert(to, "--updown".into());
    p.add_and_listen(&c);
    let w = p.whack(&["--name", "f", "--route"]);
    assert_eq!(w.code, 25, "RC_ROUTE: {w:?}");
    assert!(w.out.contains("updown failed"), "{w:?}");
    assert!(p.log().contains("no route for you"), "{}", p.log());
}
