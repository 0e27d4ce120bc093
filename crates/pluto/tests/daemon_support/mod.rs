//! Real pluto processes on loopback for the daemon tests: start, drive with
//! the real whack binary, stop (only the processes a test started, by pid).
#![allow(dead_code)]

pub mod netns;

use std::io::{BufRead, BufReader};
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The pluto binary under test.
pub fn pluto_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pluto"))
}

/// The whack binary, next to pluto's; built with cargo when this test was
/// run with `-p pluto` only.
pub fn whack_bin() -> PathBuf {
    static W: OnceLock<PathBuf> = OnceLock::new();
    W.get_or_init(|| {
        let dir = pluto_bin()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let w = dir.join("whack");
        if !w.exists() {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let st = Command::new(cargo)
                .args(["build", "-q", "-p", "whack"])
                .status()
                .expect("run cargo build -p whack");
            assert!(st.success(), "cargo build -p whack failed");
        }
        assert!(w.exists(), "no whack binary at {}", w.display());
        w
    })
    .clone()
}

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("pluto-test-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Two free UDP ports on 127.0.0.1 (bound and released; good enough on a
/// test machine).
pub fn free_udp_ports() -> (u16, u16) {
    let a = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let b = UdpSocket::bind("127.0.0.1:0").expect("bind");
    (
        a.local_addr().expect("addr").port(),
        b.local_addr().expect("addr").port(),
    )
}

/// A running pluto.
pub struct Pluto {
    pub child: Child,
    pub ctlbase: PathBuf,
    pub log: PathBuf,
    pub ikeport: u16,
}

/// Start options.
pub struct Start<'a> {
    pub dir: &'a Path,
    pub name: &'a str,
    pub secrets: &'a str,
    pub extra: Vec<String>,
}

impl<'a> Start<'a> {
    /// One end of the PSK pair ([`PAIR_SECRETS`]) with extra options.
    pub fn psk(dir: &'a Path, name: &'a str, extra: Vec<String>) -> Self {
        Start {
            dir,
            name,
            secrets: PAIR_SECRETS,
            extra,
        }
    }
}

impl Pluto {
    /// Start `pluto --nofork --use-nostack` on 127.0.0.1 with fresh ports
    /// and wait for "Pluto initialized".
    pub fn start(s: Start<'_>) -> Pluto {
        Self::start_in(None, s)
    }

    /// The same inside a network namespace (`ip netns exec NS pluto ...`,
    /// which execs, so the child's pid is pluto's).
    pub fn start_in(netns: Option<&str>, s: Start<'_>) -> Pluto {
        let (ike, nat) = free_udp_ports();
        let secrets = s.dir.join(format!("{}.secrets", s.name));
        std::fs::write(&secrets, s.secrets).expect("write secrets");
        let ctlbase = s.dir.join(s.name);
        let log = s.dir.join(format!("{}.log", s.name));
        let mut args: Vec<String> = vec![
            "--nofork".into(),
            "--use-nostack".into(),
            "--logfile".into(),
            log.display().to_string(),
            "--ctlbase".into(),
            ctlbase.display().to_string(),
            "--ikeport".into(),
            ike.to_string(),
            "--natikeport".into(),
            nat.to_string(),
            "--listen".into(),
            "127.0.0.1".into(),
            "--secretsfile".into(),
            secrets.display().to_string(),
        ];
        args.extend(s.extra);
        let mut cmd = match netns {
            Some(ns) => {
                let mut c = Command::new("ip");
                c.args(["netns", "exec", ns]).arg(pluto_bin());
                c
            }
            None => Command::new(pluto_bin()),
        };
        let mut child = cmd
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn pluto");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        let mut r = BufReader::new(stdout);
        let n = r.read_line(&mut line).unwrap_or(0);
        if n == 0 || line.trim() != "Pluto initialized" {
            let out = child.wait_with_output().expect("wait");
            panic!(
                "pluto did not start: stdout {line:?}, stderr {}, log {}",
                String::from_utf8_lossy(&out.stderr),
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        Pluto {
            child,
            ctlbase,
            log,
            ikeport: ike,
        }
    }

    /// Run whack against this pluto.
    pub fn whack(&self, args: &[&str]) -> Whack {
        whack(&self.ctlbase, args)
    }

    /// Add a connection (a whack argument list) and `--listen`; both must succeed.
    pub fn add_and_listen<S: AsRef<str>>(&self, conn: &[S]) {
        let w = self.whack(&strs(conn));
        assert_eq!(w.code, 0, "{w:?}");
        let w = self.whack(&["--listen"]);
        assert_eq!(w.code, 0, "{w:?}");
    }

    /// The log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Wait for exit (up to `limit`); returns the exit code.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<i32> {
        let t = Instant::now();
        while t.elapsed() < limit {
            if let Ok(Some(st)) = self.child.try_wait() {
                return st.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// Send a signal to this pluto (by its pid).
    pub fn signal(&self, sig: &str) {
        let st = Command::new("kill")
            .args([&format!("-{sig}"), &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(st.success());
    }

    pub fn ctl_path(&self) -> PathBuf {
        PathBuf::from(format!("{}.ctl", self.ctlbase.display()))
    }
    pub fn pid_path(&self) -> PathBuf {
        PathBuf::from(format!("{}.pid", self.ctlbase.display()))
    }
}

impl Drop for Pluto {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What a whack run produced.
#[derive(Debug)]
pub struct Whack {
    pub code: i32,
    pub out: String,
}

/// Run whack with `--ctlbase BASE ARGS...`.
pub fn whack(ctlbase: &Path, args: &[&str]) -> Whack {
    let out = Command::new(whack_bin())
        .arg("--ctlbase")
        .arg(ctlbase)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run whack");
    Whack {
        code: out.status.code().unwrap_or(-1),
        out: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Borrow an owned argument list for [`Pluto::whack`].
pub fn strs<S: AsRef<str>>(v: &[S]) -> Vec<&str> {
    v.iter().map(AsRef::as_ref).collect()
}

/// Poll `f` every 100 ms until it holds or `limit` has passed; its last answer.
pub fn wait_until(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    f()
}

/// Wait (up to `limit`) until both plutos show an established Child SA;
/// west's `--status` then. Fails with both statuses and logs otherwise.
pub fn wait_established(west: &Pluto, east: &Pluto, limit: Duration) -> String {
    const CHILD: &str = "STATE_V2_ESTABLISHED_CHILD_SA";
    let (mut s, mut r) = (String::new(), String::new());
    let up = wait_until(limit, || {
        s = west.whack(&["--status"]).out;
        r = east.whack(&["--status"]).out;
        s.contains(CHILD) && r.contains(CHILD)
    });
    assert!(
        up,
        "not established\nwest:\n{s}\n{}\neast:\n{r}\n{}",
        west.log(),
        east.log()
    );
    s
}

/// The connection form for a pair on 127.0.0.1 with ids @west/@east.
pub fn conn_args(name: &str, west_port: u16, east_port: u16) -> Vec<String> {
    [
        "--name",
        name,
        "--id",
        "@west",
        "--host",
        "127.0.0.1",
        "--ikeport",
        &west_port.to_string(),
        "--to",
        "--id",
        "@east",
        "--host",
        "127.0.0.1",
        "--ikeport",
        &east_port.to_string(),
        "--psk",
        "--encrypt",
        "--tunnel",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The PSK secrets for the pair.
pub const PAIR_SECRETS: &str = "@west @east : PSK \"daemon test secret\"\n";
