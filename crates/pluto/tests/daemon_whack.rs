//! Every whack form against a real pluto: the answer and whack's exit status
//! (RC codes of the manual: 0 success, 20 duplicate name, 21 unknown name,
//! 1 when whack itself fails, e.g. pluto not running).

mod daemon_support;

use std::time::Duration;

use daemon_support::*;

fn one(dir: &TempDir) -> Pluto {
    Pluto::start(Start::psk(dir.path(), "p", vec![]))
}

#[test]
fn pluto_not_running_is_exit_1() {
    let dir = TempDir::new("norun");
    let w = whack(&dir.path().join("nothing"), &["--status"]);
    assert_eq!(w.code, 1, "{w:?}");
    assert!(w.out.contains("not running"), "{w:?}");
}

#[test]
fn connection_add_duplicate_delete() {
    let dir = TempDir::new("conn");
    let p = one(&dir);
    let c = conn_args("c1", p.ikeport, p.ikeport + 1);
    let w = p.whack(&strs(&c));
    assert_eq!(w.code, 0, "{w:?}");
    assert!(w.out.contains("added"), "{w:?}");
    let w = p.whack(&strs(&c));
    assert_eq!(w.code, 20, "duplicate name: {w:?}");
    // --delete in the connection form replaces silently.
    let mut again = c.clone();
    again.push("--delete".into());
    let w = p.whack(&strs(&again));
    assert_eq!(w.code, 0, "{w:?}");
    let w = p.whack(&["--status"]);
    assert_eq!(w.code, 0, "{w:?}");
    assert!(w.out.contains("\"c1\""), "{w:?}");
    let w = p.whack(&["--name", "c1", "--delete"]);
    assert_eq!(w.code, 0, "{w:?}");
    let w = p.whack(&["--name", "c1", "--delete"]);
    assert_eq!(w.code, 21, "unknown name: {w:?}");
    let w = p.whack(&["--status"]);
    assert!(!w.out.contains("\"c1\""), "{w:?}");
}

#[test]
fn unknown_names_give_21() {
    let dir = TempDir::new("unknown");
    let p = one(&dir);
    for a in [
        &["--name", "nope", "--initiate"][..],
        &["--name", "nope", "--terminate"],
        &["--name", "nope", "--route"],
        &["--name", "nope", "--unroute"],
        &["--name", "nope", "--delete"],
        &["--deletestate", "42"],
    ] {
        let w = p.whack(a);
        assert_eq!(w.code, 21, "{a:?}: {w:?}");
    }
}

#[test]
fn listen_status_and_friends() {
    let dir = TempDir::new("misc");
    let p = one(&dir);
    let w = p.whack(&["--listen"]);
    assert_eq!(w.code, 0, "{w:?}");
    assert!(w.out.contains("127.0.0.1"), "{w:?}");
    let w = p.whack(&["--status"]);
    assert_eq!(w.code, 0, "{w:?}");
    assert!(w.out.contains("using kernel interface: nostack"), "{w:?}");
    assert!(w.out.contains(&format!("127.0.0.1:{}", p.ikeport)), "{w:?}");
    let w = p.whack(&["--status", "--json"]);
    assert_eq!(w.code, 0, "{w:?}");
    let v: serde_json::Value = serde_json::from_str(w.out.trim()).expect("json status");
    assert_eq!(v["kernel"], "nostack");
    for a in [
        &["--trafficstatus"][..],
        &["--shuntstatus"],
        &["--busy"],
        &["--relax"],
        &["--listpubkeys"],
        &["--listall"],
        &["--rereadsecrets"],
        &["--rereadall"],
        &["--purgeocsp"],
        &["--debug-control"],
        &["--debug-none"],
        &["--myid", "@me"],
        &["--whackstoprecord"],
    ] {
        let w = p.whack(a);
        assert_eq!(w.code, 0, "{a:?}: {w:?}");
    }
    let w = p.whack(&["--keyid", "@peer", "--pubkeyrsa", "0sAwEAAQ=="]);
    assert_eq!(w.code, 0, "{w:?}");
    let w = p.whack(&["--listpubkeys"]);
    assert!(w.out.contains("@peer"), "{w:?}");
    for (a, code) in [
        (
            &["--oppohere", "127.0.0.1", "--oppothere", "127.0.0.2"][..],
            33,
        ),
        (&["--deleteuser", "--name", "nobody"], 21),
        (&["--impair-retransmits"], 36),
        (&["--name", "nope", "--debug-control"], 21),
    ] {
        let w = p.whack(a);
        assert_eq!(w.code, code, "{a:?}: {w:?}");
    }
    let rec = dir.path().join("rec");
    let w = p.whack(&["--whackrecord", rec.to_str().unwrap()]);
    assert_eq!(w.code, 0, "{w:?}");
    p.whack(&["--status"]);
    let w = p.whack(&["--whackstoprecord"]);
    assert_eq!(w.code, 0, "{w:?}");
    let bytes = std::fs::read(&rec).unwrap();
    assert!(bytes.starts_with(b"#!pluto-whack "));
    let w = p.whack(&["--unlisten"]);
    assert_eq!(w.code, 0, "{w:?}");
}

#[test]
fn initiate_needs_listen_and_orientation() {
    let dir = TempDir::new("orient");
    let p = one(&dir);
    // Neither end is ours (other ports): not oriented.
    let c = conn_args("far", 1, 2);
    assert_eq!(p.whack(&strs(&c)).code, 0);
    let w = p.whack(&["--name", "far", "--initiate"]);
    assert_ne!(w.code, 0, "{w:?}");
    p.whack(&["--listen"]);
    let w = p.whack(&["--name", "far", "--initiate"]);
    assert_eq!(w.code, 22, "RC_ORIENT: {w:?}");
}

#[test]
fn shutdown_stops_pluto_and_removes_files() {
    let dir = TempDir::new("shutdown");
    let mut p = one(&dir);
    assert!(p.ctl_path().exists() && p.pid_path().exists());
    let w = p.whack(&["--shutdown"]);
    assert_eq!(w.code, 0, "{w:?}");
    assert_eq!(p.wait_exit(Duration::from_secs(10)), Some(0));
    assert!(!p.ctl_path().exists(), "control socket left behind");
    assert!(!p.pid_path().exists(), "lock file left behind");
}

#[test]
fn ipv6_pair_on_loopback() {
    if !std::path::Path::new("/proc/net/if_inet6").exists() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI: no IPv6");
        eprintln!("skipping: no IPv6");
        return;
    }
    let dir = TempDir::new("v6");
    let start = |name| {
        // --listen accumulates: 127.0.0.1 (from the helper) and ::1.
        Pluto::start(Start::psk(
            dir.path(),
            name,
            vec!["--listen".into(), "::1".into()],
        ))
    };
    let west = start("west");
    let east = start("east");
    let (a, b) = (west.ikeport.to_string(), east.ikeport.to_string());
    let c = [
        "--name",
        "v6",
        "--ipv6",
        "--id",
        "@west",
        "--host",
        "::1",
        "--ikeport",
        &a,
        "--to",
        "--id",
        "@east",
        "--host",
        "::1",
        "--ikeport",
        &b,
        "--psk",
        "--encrypt",
    ];
    for p in [&west, &east] {
        p.add_and_listen(&c);
    }
    let w = west.whack(&["--name", "v6", "--initiate"]);
    assert_eq!(w.code, 0, "{w:?}\n{}", west.log());
    let s = east.whack(&["--status"]).out;
    assert!(s.contains("STATE_V2_ESTABLISHED_CHILD_SA"), "{s}");
    assert!(s.contains("@::1"), "{s}");
}

fn pair(dir: &TempDir) -> (Pluto, Pluto) {
    let west = Pluto::start(Start::psk(dir.path(), "west", vec![]));
    let east = Pluto::start(Start::psk(dir.path(), "east", vec![]));
    let c = conn_args("pair", west.ikeport, east.ikeport);
    for p in [&west, &east] {
        p.add_and_listen(&c);
    }
    (west, east)
}

fn wait_until(p: &Pluto, what: &str, present: bool) -> String {
    let t = std::time::Instant::now();
    loop {
        let s = p.whack(&["--status"]).out;
        if s.contains(what) == present {
            return s;
        }
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "waiting for {what} present={present}:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn established_pair_trafficstatus_deletestate_terminate() {
    let dir = TempDir::new("pair");
    let (west, east) = pair(&dir);
    let w = west.whack(&["--name", "pair", "--initiate"]);
    assert_eq!(w.code, 0, "{w:?}");
    assert!(w.out.contains("established Child SA"), "{w:?}");
    let t = west.whack(&["--trafficstatus"]);
    assert_eq!(t.code, 0, "{t:?}");
    assert!(t.out.contains("\"pair\", type=ESP"), "{t:?}");
    // Delete the Child SA (#2) only: the IKE SA stays, on both sides.
    let w = west.whack(&["--deletestate", "2"]);
    assert_eq!(w.code, 0, "{w:?}");
    let s = wait_until(&east, "STATE_V2_ESTABLISHED_CHILD_SA", false);
    assert!(s.contains("STATE_V2_ESTABLISHED_IKE_SA"), "{s}");
    // Terminate: nothing left on either side.
    assert_eq!(west.whack(&["--name", "pair", "--terminate"]).code, 0);
    wait_until(&west, "STATE_V2_ESTABLISHED_IKE_SA", false);
    wait_until(&east, "STATE_V2_ESTABLISHED_IKE_SA", false);
    // Asynchronous initiate returns at once; the SA still comes up.
    let w = west.whack(&["--name", "pair", "--initiate", "--asynchronous"]);
    assert_eq!(w.code, 0, "{w:?}");
    wait_until(&east, "STATE_V2_ESTABLISHED_CHILD_SA", true);
    // --crash brings our end down for that peer.
    assert_eq!(west.whack(&["--crash", "127.0.0.1"]).code, 0);
    wait_until(&west, "STATE_V2_ESTABLISHED_IKE_SA", false);
}

#[test]
fn rereadsecrets_with_an_error_keeps_serving() {
    let dir = TempDir::new("reread");
    let p = one(&dir);
    let secrets = dir.path().join("p.secrets");
    std::fs::write(&secrets, "@a @b : PSK \"ok\"\n@a @c : PSK\n").unwrap();
    let w = p.whack(&["--rereadsecrets"]);
    assert_eq!(w.code, 36, "{w:?}");
    assert!(w.out.contains(&format!("{}:2", secrets.display())), "{w:?}");
    assert_eq!(p.whack(&["--status"]).code, 0);
}
