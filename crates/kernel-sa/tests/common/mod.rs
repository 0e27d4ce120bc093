//! Runs a test body as root inside a network namespace the test creates and deletes.
//!
//! The test binary re-executes itself under `ip netns exec kst-<random>` with
//! `--exact <name>`, and the child runs the body; so no `setns` (and no `unsafe`) is
//! needed. Without root (or without `ip`/`strace`) the test skips with a message, unless
//! `CI=true`, where it fails.

#![allow(dead_code)] // each test file uses part of this

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

const CHILD_ENV: &str = "KST_NETNS_CHILD";

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|e| e == "0"))
        })
        .unwrap_or(false)
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Skips (outside CI) or fails (in CI) when a requirement is missing.
fn require(ok: bool, what: &str) -> bool {
    if ok {
        return true;
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true but {what}: this test must run");
    }
    eprintln!("SKIPPED: {what}");
    false
}

struct Netns(String);

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

fn ip(args: &[&str]) {
    let out = Command::new("ip").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "ip {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `body` inside a fresh namespace. `name` must be the test function's name.
/// `tools` lists extra programs the body needs (checked with `-V`).
pub fn in_netns(name: &str, tools: &[&str], body: fn()) {
    if std::env::var(CHILD_ENV).as_deref() == Ok(name) {
        body();
        return;
    }
    if !require(
        is_root(),
        "not root (network namespaces need CAP_SYS_ADMIN)",
    ) {
        return;
    }
    for t in std::iter::once(&"ip").chain(tools) {
        if !require(have(t), &format!("`{t}` is not installed")) {
            return;
        }
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let ns = Netns(format!("kst-{:x}{:x}", std::process::id(), nanos));
    ip(&["netns", "add", &ns.0]);
    ip(&["-n", &ns.0, "link", "set", "lo", "up"]);
    let exe = std::env::current_exe().unwrap();
    let out = Command::new("ip")
        .args(["netns", "exec", &ns.0])
        .arg(exe)
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, name)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("--- child in {} ---\n{stdout}\n{stderr}", ns.0);
    assert!(
        out.status.success(),
        "test body failed in namespace {}",
        ns.0
    );
    assert!(
        stdout.contains("1 passed"),
        "the child did not run exactly this test"
    );
}

/// Runs a command in the current (namespace) context, returning stdout; panics on failure.
pub fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
