//! The built whack binary against a tiny fake pluto on a temporary unix socket: printed
//! output, prompts, errors and exit status.

use std::io::Write;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

use whack_proto::{
    encode_reply, read_to_pluto, InitiateRequest, Rc, Reply, Request, StatusKind, StatusRequest,
    ToPluto,
};

/// A fresh directory for one test's socket, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "whack-cli-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// The control base inside it (socket `pluto.ctl`).
    fn base(&self) -> PathBuf {
        self.0.join("pluto")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fake pluto serving one session with `serve`.
struct FakePluto<T> {
    dir: TempDir,
    thread: JoinHandle<T>,
}

impl<T> FakePluto<T> {
    fn base(&self) -> String {
        self.dir.base().to_str().unwrap().to_owned()
    }

    fn join(self) -> T {
        self.thread.join().unwrap()
    }
}

fn fake_pluto<T: Send + 'static>(
    serve: impl FnOnce(&mut UnixStream) -> T + Send + 'static,
) -> FakePluto<T> {
    let dir = TempDir::new();
    let listener = UnixListener::bind(dir.base().with_extension("ctl")).unwrap();
    let thread = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        serve(&mut stream)
    });
    FakePluto { dir, thread }
}

fn send(stream: &mut UnixStream, rc: u16, text: &str) {
    let frame = encode_reply(&Reply::new(Rc::new(rc).unwrap(), text)).unwrap();
    stream.write_all(&frame).unwrap();
}

fn request(stream: &mut UnixStream) -> Request {
    match read_to_pluto(stream).unwrap() {
        Some(ToPluto::Request(r)) => r,
        other => panic!("expected a request, got {other:?}"),
    }
}

fn answer(stream: &mut UnixStream) -> String {
    match read_to_pluto(stream).unwrap() {
        Some(ToPluto::Answer(a)) => a,
        other => panic!("expected an answer, got {other:?}"),
    }
}

fn whack(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_whack"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn status_prints_lines_without_prefix_and_exits_0() {
    let pluto = fake_pluto(|s| {
        let r = request(s);
        send(s, 0, "Connection list:");
        send(s, 5, "\"c\": 192.0.2.1...192.0.2.2");
        send(s, 2, "a log line");
        r
    });
    let out = whack(&["--ctlbase", &pluto.base(), "--status"], "");
    assert_eq!(
        pluto.join(),
        Request::Status(StatusRequest {
            kinds: vec![StatusKind::Status],
            json: false
        })
    );
    assert_eq!(
        stdout(&out),
        "Connection list:\n\"c\": 192.0.2.1...192.0.2.2\na log line\n"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn unknown_connection_exits_21() {
    let pluto = fake_pluto(|s| {
        request(s);
        send(s, 21, "no connection named \"nope\"");
    });
    let out = whack(
        &["--ctlbase", &pluto.base(), "--initiate", "--name", "nope"],
        "",
    );
    pluto.join();
    assert_eq!(stdout(&out), "no connection named \"nope\"\n");
    assert_eq!(out.status.code(), Some(21));
}

#[test]
fn last_progress_code_wins_and_success_is_zero() {
    let pluto = fake_pluto(|s| {
        request(s);
        send(s, 102, "sent IKE_SA_INIT request");
        send(s, 4, "IPsec SA established");
        send(s, 0, "a comment after success");
    });
    let out = whack(
        &["--ctlbase", &pluto.base(), "--initiate", "--name", "c"],
        "",
    );
    pluto.join();
    assert_eq!(out.status.code(), Some(0));

    let pluto = fake_pluto(|s| {
        request(s);
        send(s, 102, "sent IKE_SA_INIT request");
        send(s, 31, "max number of retransmissions reached");
    });
    let out = whack(
        &["--ctlbase", &pluto.base(), "--initiate", "--name", "c"],
        "",
    );
    pluto.join();
    assert_eq!(out.status.code(), Some(31));
}

#[test]
fn xauth_prompts_answered_from_options() {
    let pluto = fake_pluto(|s| {
        let r = request(s);
        send(s, 41, "Enter username:");
        let user = answer(s);
        send(s, 40, "Enter password:");
        let pass = answer(s);
        send(s, 4, "established");
        (r, user, pass)
    });
    let out = whack(
        &[
            "--ctlsocket",
            &format!("{}.ctl", pluto.base()),
            "--initiate",
            "--name",
            "rw",
            "--xauthuser",
            "alice",
            "--xauthpass",
            "s3cret",
        ],
        "",
    );
    let (r, user, pass) = pluto.join();
    assert_eq!(
        r,
        Request::Initiate(InitiateRequest {
            name: "rw".into(),
            asynchronous: false,
            xauth_user: Some("alice".into()),
            xauth_pass: Some("s3cret".into()),
        })
    );
    assert_eq!((user.as_str(), pass.as_str()), ("alice", "s3cret"));
    assert_eq!(
        stdout(&out),
        "Enter username:\nEnter password:\nestablished\n"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn xauth_prompts_answered_from_stdin() {
    let pluto = fake_pluto(|s| {
        request(s);
        send(s, 41, "Enter username:");
        let user = answer(s);
        send(s, 40, "Enter password:");
        let pass = answer(s);
        (user, pass)
    });
    let out = whack(
        &["--ctlbase", &pluto.base(), "--initiate", "--name", "rw"],
        "bob\nhunter2\n",
    );
    assert_eq!(pluto.join(), ("bob".into(), "hunter2".into()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn unanswerable_prompt_is_a_whack_problem() {
    let pluto = fake_pluto(|s| {
        request(s);
        send(s, 40, "Enter password:");
        // whack gives up and closes; the next read sees the end.
        read_to_pluto(s).ok().flatten().is_none()
    });
    let out = whack(
        &["--ctlbase", &pluto.base(), "--initiate", "--name", "rw"],
        "",
    );
    assert!(pluto.join());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--xauthpass"), "{}", stderr(&out));
}

#[test]
fn pluto_not_running() {
    let dir = TempDir::new();
    let out = whack(&["--ctlbase", dir.base().to_str().unwrap(), "--status"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Pluto is not running"), "{err}");
    assert!(err.contains("pluto.ctl"), "{err}");

    // A socket file nobody listens on: connection refused.
    let dir = TempDir::new();
    drop(UnixListener::bind(dir.base().with_extension("ctl")).unwrap());
    let out = whack(
        &[
            "--label",
            "west",
            "--ctlbase",
            dir.base().to_str().unwrap(),
            "--listen",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("whack: west: Pluto is not running"),
        "{err}"
    );
}

#[test]
fn usage_errors_name_the_option_and_exit_1() {
    let out = whack(&["--bogus"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unknown option --bogus"),
        "{}",
        stderr(&out)
    );

    let out = whack(&["--label", "L", "--status", "--asynchronous"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("whack: L: --asynchronous"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_and_version() {
    let out = whack(&["--help"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("--to"));
    let out = whack(&["--version"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("whack"));
}

#[test]
fn reply_of_another_protocol_version_is_a_clear_error() {
    let pluto = fake_pluto(|s| {
        request(s);
        let mut frame = encode_reply(&Reply::new(Rc::SUCCESS, "ok")).unwrap();
        frame[5] = 9; // version 9
        s.write_all(&frame).unwrap();
    });
    let out = whack(&["--ctlbase", &pluto.base(), "--shutdown"], "");
    pluto.join();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("version mismatch") && err.contains("version 9"),
        "{err}"
    );
}

#[test]
fn connection_form_reaches_pluto_intact() {
    let pluto = fake_pluto(|s| {
        let r = request(s);
        send(s, 20, "attempt to redefine connection \"c\"");
        r
    });
    let out = whack(
        &[
            "--ctlbase",
            &pluto.base(),
            "--name",
            "c",
            "--host",
            "127.0.0.1",
            "--ikeport",
            "5000",
            "--to",
            "--host",
            "127.0.0.2",
            "--psk",
            "--encrypt",
            "--ikev1",
        ],
        "",
    );
    let r = pluto.join();
    let Request::Connection(c) = r else {
        panic!("{r:?}")
    };
    assert_eq!(c.name, "c");
    assert_eq!(c.left.ikeport, Some(5000));
    assert!(c.policy.psk && c.policy.encrypt);
    assert_eq!(c.ike_version, whack_proto::IkeVersion::V1);
    assert_eq!(out.status.code(), Some(20));
}

#[test]
fn escape_sequences_from_pluto_are_neutralised() {
    let pluto = fake_pluto(|s| {
        request(s);
        send(s, 0, "\u{1b}]0;owned\u{7}title");
    });
    let out = whack(&["--ctlbase", &pluto.base(), "--status"], "");
    pluto.join();
    assert_eq!(stdout(&out), "?]0;owned?title\n");
}
