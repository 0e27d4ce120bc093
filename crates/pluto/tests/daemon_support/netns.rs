//! Root tests' network namespace: created by the test, removed on drop
//! (only the one it made), and the root check that fails under CI.

use std::process::Command;

/// Whether this process runs as root.
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Whether a tool runs (`TOOL ARG`).
pub fn have(tool: &str, arg: &str) -> bool {
    Command::new(tool).arg(arg).output().is_ok()
}

/// True when every need is met; otherwise outside CI the test skips
/// (false, with a message) and under `CI=true` it fails.
pub fn needs(what: &[(&str, bool)]) -> bool {
    if what.iter().all(|(_, ok)| *ok) {
        return true;
    }
    let list: Vec<String> = what.iter().map(|(n, ok)| format!("{n} ({ok})")).collect();
    let why = format!("needs {}", list.join(" and "));
    assert!(std::env::var("CI").as_deref() != Ok("true"), "CI: {why}");
    eprintln!("skipping: {why}");
    false
}

/// Root and iproute2 (see [`needs`]).
pub fn root_with_ip() -> bool {
    needs(&[("root", is_root()), ("iproute2", have("ip", "-V"))])
}

/// A namespace removed on drop.
pub struct Netns(pub String);

impl Netns {
    /// A new namespace named after the test and this process, loopback up.
    pub fn new(tag: &str) -> Self {
        let name = format!("pluto{tag}{}", std::process::id());
        let ok = Command::new("ip").args(["netns", "add", &name]).status();
        assert!(ok.map(|s| s.success()).unwrap_or(false), "ip netns add");
        let ns = Netns(name);
        ns.ip(&["link", "set", "lo", "up"]);
        ns
    }

    /// `ip -n NS ARGS`, which must succeed.
    pub fn ip(&self, args: &[&str]) {
        let out = Command::new("ip")
            .args(["-n", &self.0])
            .args(args)
            .output()
            .expect("ip");
        assert!(
            out.status.success(),
            "ip {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `ip xfrm state` / `ip xfrm policy` in the namespace.
    pub fn xfrm(&self, what: &str) -> String {
        let out = Command::new("ip")
            .args(["-n", &self.0, "xfrm", what])
            .output()
            .expect("ip xfrm");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a command inside the namespace; its exit status.
    pub fn exec(&self, cmd: &[&str]) -> bool {
        Command::new("ip")
            .args(["netns", "exec", &self.0])
            .args(cmd)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}
