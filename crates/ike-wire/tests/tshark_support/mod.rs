//! tshark as an independent decoder for the v1 and v2 round-trip tests
//! (shared/interop NOTES.md 6: no malformed packets, no expert warnings).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The display filter that selects malformed frames and expert warnings or errors.
pub const COMPLAINTS: &str = "_ws.malformed || _ws.expert.severity >= 0x00600000";

/// Whether tshark can run; in CI (CI=true) its absence fails the test.
pub fn available() -> bool {
    match Command::new("tshark").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "tshark is required in CI (scripts/install-test-deps.sh installs it)"
            );
            eprintln!("SKIPPED: tshark not found on PATH; install it to run this test");
            false
        }
    }
}

/// `tshark -n [prefs] -r pcap args`, asserting success; its stdout.
pub fn run(pcap: &Path, prefs: &[String], args: &[&str]) -> String {
    let mut cmd = Command::new("tshark");
    cmd.arg("-n");
    for p in prefs {
        cmd.args(["-o", p]);
    }
    let o = cmd
        .arg("-r")
        .arg(pcap)
        .args(args)
        .output()
        .expect("running tshark");
    assert!(
        o.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("tshark output is UTF-8")
}

/// Frame numbers and expert messages of every complaint; empty when clean.
pub fn complaints(pcap: &Path, prefs: &[String]) -> String {
    run(
        pcap,
        prefs,
        &[
            "-Y",
            COMPLAINTS,
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "_ws.expert.message",
        ],
    )
}

/// Selected fields of every ISAKMP frame, one line each, joined by `sep`.
pub fn isakmp_fields(pcap: &Path, prefs: &[String], sep: char, fields: &[&str]) -> String {
    let sep = format!("separator={sep}");
    let mut args = vec!["-Y", "isakmp", "-T", "fields", "-E", &sep];
    for f in fields {
        args.extend(["-e", f]);
    }
    run(pcap, prefs, &args)
}

/// A fresh scratch directory for this test process.
pub fn scratch_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ike-wire-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creating the scratch directory");
    dir
}
