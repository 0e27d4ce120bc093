//! Start-up and shutdown of a real pluto: lock file and exit 10, stale lock
//! files, SIGTERM cleanup, SIGHUP hint, errors with file:line and exit 1,
//! the control socket's permissions, hostile control clients.

mod daemon_support;

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::process::Command;
use std::time::Duration;

use daemon_support::*;

fn start(dir: &TempDir, secrets: &str) -> Pluto {
    Pluto::start(Start {
        dir: dir.path(),
        name: "p",
        secrets,
        extra: vec![],
    })
}

fn run_pluto(args: &[&str]) -> (i32, String) {
    let out = Command::new(pluto_bin())
        .args(args)
        .output()
        .expect("run pluto");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// A foreground pluto on a fresh ctlbase in `dir` with `extra` options;
/// returns its exit status and output (for start-up errors).
fn run_foreground(dir: &TempDir, extra: &[&str]) -> (i32, String) {
    let base = dir.path().join("p");
    let mut args = vec![
        "--nofork",
        "--stderrlog",
        "--use-nostack",
        "--ctlbase",
        base.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run_pluto(&args)
}

#[test]
fn help_version_and_bad_options() {
    let (c, out) = run_pluto(&["--help"]);
    assert_eq!(c, 0);
    assert!(out.contains("--ctlbase"), "{out}");
    let (c, out) = run_pluto(&["--version"]);
    assert_eq!(c, 0);
    assert!(out.contains("pluto"), "{out}");
    let (c, out) = run_pluto(&["--use-klips"]);
    assert_eq!(c, 1);
    assert!(out.contains("--use-netkey"), "{out}");
    let (c, out) = run_pluto(&["--no-such-option"]);
    assert_eq!(c, 1);
    assert!(out.contains("--no-such-option"), "{out}");
}

#[test]
fn second_pluto_on_same_ctlbase_exits_10() {
    let dir = TempDir::new("lock");
    let p = start(&dir, PAIR_SECRETS);
    let pid = std::fs::read_to_string(p.pid_path()).unwrap();
    assert_eq!(pid.trim(), p.child.id().to_string());
    let (c, out) = run_pluto(&[
        "--nofork",
        "--stderrlog",
        "--use-nostack",
        "--ctlbase",
        p.ctlbase.to_str().unwrap(),
        "--secretsfile",
        "/dev/null",
    ]);
    assert_eq!(c, 10, "{out}");
    assert!(out.contains("already running"), "{out}");
    // The first one still serves.
    assert_eq!(p.whack(&["--status"]).code, 0);
}

#[test]
fn stale_lock_file_is_replaced() {
    let dir = TempDir::new("stale");
    let base = dir.path().join("p");
    // pid_max is at most 2^22, so this process cannot exist.
    std::fs::write(dir.path().join("p.pid"), "99999999\n").unwrap();
    let p = start(&dir, PAIR_SECRETS);
    assert_eq!(p.ctlbase, base);
    let pid = std::fs::read_to_string(p.pid_path()).unwrap();
    assert_eq!(pid.trim(), p.child.id().to_string());
}

#[test]
fn sigterm_cleans_up_and_sighup_hints() {
    let dir = TempDir::new("term");
    let mut p = start(&dir, PAIR_SECRETS);
    p.signal("HUP");
    let t = std::time::Instant::now();
    while !p.log().contains("whack --listen") && t.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(p.log().contains("whack --listen"), "{}", p.log());
    assert_eq!(p.whack(&["--status"]).code, 0, "still running after SIGHUP");
    p.signal("TERM");
    assert_eq!(p.wait_exit(Duration::from_secs(10)), Some(0));
    assert!(!p.ctl_path().exists());
    assert!(!p.pid_path().exists());
}

#[test]
fn secrets_error_names_file_and_line_and_exits_1() {
    let dir = TempDir::new("badsecrets");
    let secrets = dir.path().join("bad.secrets");
    std::fs::write(
        &secrets,
        "# ok\n@a @b : PSK \"fine\"\n@a @c : PSK \"unterminated\n",
    )
    .unwrap();
    let (c, out) = run_foreground(&dir, &["--secretsfile", secrets.to_str().unwrap()]);
    assert_eq!(c, 1, "{out}");
    assert!(out.contains(&format!("{}:3", secrets.display())), "{out}");
    assert!(!dir.path().join("p.pid").exists());
}

#[test]
fn config_error_names_file_and_line_and_exits_1() {
    let dir = TempDir::new("badconf");
    let conf = dir.path().join("ipsec.conf");
    std::fs::write(
        &conf,
        "config setup\n\tuniqueids=yes\n\nconn x\n\tleft=192.0.2.1\n\tbogus-keyword=1\n",
    )
    .unwrap();
    let (c, out) = run_foreground(
        &dir,
        &[
            "--secretsfile",
            "/dev/null",
            "--config",
            conf.to_str().unwrap(),
        ],
    );
    assert_eq!(c, 1, "{out}");
    assert!(out.contains(&format!("{}:6", conf.display())), "{out}");
}

#[test]
fn control_socket_is_owner_only() {
    let dir = TempDir::new("perm");
    let p = start(&dir, PAIR_SECRETS);
    let mode = std::fs::metadata(p.ctl_path())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
}

#[test]
fn garbage_on_control_socket_is_dropped_and_pluto_keeps_serving() {
    let dir = TempDir::new("garbage");
    let p = start(&dir, PAIR_SECRETS);
    // Garbage: refused with RC_BADWHACKMESSAGE (030) in a reply frame.
    let mut s = UnixStream::connect(p.ctl_path()).unwrap();
    s.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let reply = whack_proto::decode_reply(&buf).unwrap().unwrap().0;
    assert_eq!(reply.rc(), whack_proto::Rc::BADWHACKMESSAGE);
    // A client that connects and says nothing does not block others.
    let _silent = UnixStream::connect(p.ctl_path()).unwrap();
    // A frame header announcing more than the limit is refused at once.
    let mut s = UnixStream::connect(p.ctl_path()).unwrap();
    let mut hdr = Vec::from(whack_proto::MAGIC);
    hdr.extend_from_slice(&whack_proto::VERSION.to_be_bytes());
    hdr.extend_from_slice(&[1, 0]);
    hdr.extend_from_slice(&u32::MAX.to_be_bytes());
    s.write_all(&hdr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    assert!(!buf.is_empty(), "oversized frame got no answer");
    // Another version: a clear answer, not a misparse.
    let mut s = UnixStream::connect(p.ctl_path()).unwrap();
    let mut frame = whack_proto::encode_request(&whack_proto::Request::Listen).unwrap();
    frame[4] = 0x7f;
    s.write_all(&frame).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    assert!(!buf.is_empty(), "version mismatch got no answer");
    let w = p.whack(&["--status"]);
    assert_eq!(w.code, 0, "{w:?}");
    assert!(p.log().contains("bad message"), "{}", p.log());
}

#[test]
fn daemon_fork_by_default() {
    let dir = TempDir::new("fork");
    let base = dir.path().join("p");
    let (ike, nat) = free_udp_ports();
    let (c, out) = run_pluto(&[
        "--use-nostack",
        "--ctlbase",
        base.to_str().unwrap(),
        "--secretsfile",
        "/dev/null",
        "--logfile",
        dir.path().join("log").to_str().unwrap(),
        "--ikeport",
        &ike.to_string(),
        "--natikeport",
        &nat.to_string(),
    ]);
    assert_eq!(c, 0, "{out}");
    assert!(!out.contains("Pluto initialized"), "{out}");
    // The parent is gone; the lock file names the daemon, which serves.
    let pid: u32 = std::fs::read_to_string(dir.path().join("p.pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(std::path::Path::new(&format!("/proc/{pid}")).exists());
    // If an assertion below fails, still stop the daemon this test started.
    struct Stop(u32);
    impl Drop for Stop {
        fn drop(&mut self) {
            // Only if that pid is still our pluto (not a reused pid).
            let cmd = std::fs::read(format!("/proc/{}/cmdline", self.0)).unwrap_or_default();
            if String::from_utf8_lossy(&cmd).contains("pluto") {
                let _ = Command::new("kill").arg(self.0.to_string()).status();
            }
        }
    }
    let _stop = Stop(pid);
    let w = whack(&base, &["--status"]);
    assert_eq!(w.code, 0, "{w:?}");
    assert_eq!(whack(&base, &["--shutdown"]).code, 0);
    let t = std::time::Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists()
        && t.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!dir.path().join("p.pid").exists());
    assert!(!dir.path().join("p.ctl").exists());
}

#[test]
fn many_silent_clients_do_not_lock_whack_out_for_long() {
    let dir = TempDir::new("silent");
    let p = start(&dir, PAIR_SECRETS);
    // More clients than pluto serves at once, each sending half a header.
    let silent: Vec<UnixStream> = (0..80)
        .filter_map(|_| {
            let mut s = UnixStream::connect(p.ctl_path()).ok()?;
            s.write_all(b"RS").ok()?;
            Some(s)
        })
        .collect();
    assert!(!silent.is_empty());
    // Within the request deadline (3 s) plus slack, whack is served again.
    let t = std::time::Instant::now();
    loop {
        let w = p.whack(&["--status"]);
        if w.code == 0 {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(8),
            "whack locked out: {w:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(silent);
    assert!(p.log().contains("no complete request"), "{}", p.log());
}
