//! `--keylogfile`: two plutos negotiate on loopback while tshark captures;
//! tshark, given only the key log's lines, decrypts every encrypted message
//! and finds every integrity checksum `[correct]`, with no malformed packet
//! and no expert warning. Needs root (capturing) and tshark: outside CI it
//! skips without them, in CI (CI=true) it fails.

mod daemon_support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use daemon_support::*;

fn prerequisites() -> bool {
    use daemon_support::netns::{have, is_root, needs};
    needs(&[("root", is_root()), ("tshark", have("tshark", "--version"))])
}

struct Capture(Child);

impl Drop for Capture {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

fn start_capture(pcap: &std::path::Path, filter: &str) -> Capture {
    let child = Command::new("tshark")
        .args(["-n", "-i", "lo", "-f", filter, "-w"])
        .arg(pcap)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tshark");
    // From here on the Capture's Drop kills and reaps tshark.
    let mut cap = Capture(child);
    let err = cap.0.stderr.take().expect("stderr");
    let mut r = BufReader::new(err);
    let t = Instant::now();
    let mut line = String::new();
    while t.elapsed() < Duration::from_secs(30) {
        line.clear();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("tshark ended before capturing");
        }
        if line.contains("Capturing on") {
            // Keep draining stderr so tshark never blocks on it.
            std::thread::spawn(move || {
                let mut sink = String::new();
                while r.read_line(&mut sink).unwrap_or(0) > 0 {
                    sink.clear();
                }
            });
            // The filter is attached once this line is out; a short grace
            // lets the first packets through.
            std::thread::sleep(Duration::from_millis(300));
            return cap;
        }
    }
    panic!("tshark did not start capturing");
}

fn stop_capture(mut c: Capture) {
    std::thread::sleep(Duration::from_millis(500));
    let _ = Command::new("kill")
        .args(["-INT", &c.0.id().to_string()])
        .status();
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = c.0.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn keylog_decrypts_a_capture_with_tshark() {
    if !prerequisites() {
        return;
    }
    let dir = TempDir::new("keylog");
    let keys = dir.path().join("west.keys");
    let west = Pluto::start(Start::psk(
        dir.path(),
        "west",
        vec!["--keylogfile".into(), keys.display().to_string()],
    ));
    let east = Pluto::start(Start::psk(dir.path(), "east", vec![]));
    let (a, b) = (west.ikeport, east.ikeport);
    let pcap = dir.path().join("ike.pcap");
    let cap = start_capture(&pcap, &format!("udp port {a} or udp port {b}"));
    let c = conn_args("k", a, b);
    for p in [&west, &east] {
        p.add_and_listen(&c);
    }
    let w = west.whack(&["--name", "k", "--initiate"]);
    assert_eq!(w.code, 0, "{w:?}\n{}", west.log());
    // An INFORMATIONAL exchange too: the Child SA's delete.
    assert_eq!(west.whack(&["--name", "k", "--terminate"]).code, 0);
    std::thread::sleep(Duration::from_millis(300));
    stop_capture(cap);

    let lines: Vec<String> = std::fs::read_to_string(&keys)
        .expect("key log")
        .lines()
        .map(str::to_string)
        .collect();
    assert!(!lines.is_empty(), "key log is empty");
    let mut args: Vec<String> = vec![
        "-n".into(),
        "-r".into(),
        pcap.display().to_string(),
        "-d".into(),
        format!("udp.port=={a},isakmp"),
        "-d".into(),
        format!("udp.port=={b},isakmp"),
    ];
    for l in &lines {
        args.push("-o".into());
        args.push(format!("uat:ikev2_decryption_table:{l}"));
    }
    let ts = |extra: &[&str]| -> String {
        let out = Command::new("tshark")
            .args(&args)
            .args(extra)
            .output()
            .expect("tshark -r");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "tshark -r failed: {err}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // Exchange types of every IKE message: 34 is IKE_SA_INIT (clear text).
    let types = ts(&["-Y", "isakmp", "-T", "fields", "-e", "isakmp.exchangetype"]);
    let total = types.lines().count();
    let encrypted = types.lines().filter(|t| t.trim() != "34").count();
    assert!(total >= 4, "captured only {total} IKE messages:\n{types}");
    assert!(encrypted >= 2, "no encrypted message captured:\n{types}");
    let tree = ts(&["-V", "-Y", "isakmp"]);
    let correct = tree
        .lines()
        .filter(|l| l.contains("Integrity Checksum Data") && l.contains("[correct]"))
        .count();
    assert_eq!(
        correct, encrypted,
        "every encrypted message must decrypt with a correct checksum\n{tree}"
    );
    let bad = ts(&[
        "-Y",
        "_ws.malformed || _ws.expert.severity >= 0x00600000",
        "-T",
        "fields",
        "-e",
        "frame.number",
        "-e",
        "_ws.expert.message",
    ]);
    assert!(
        bad.trim().is_empty(),
        "malformed or expert warnings:\n{bad}"
    );
}
