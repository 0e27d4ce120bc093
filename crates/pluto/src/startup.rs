//! Start-up in the manual's order: options, files (secrets, config), lock
//! file, control socket, daemon fork, then the event loop. Everything that
//! can fail is done before the fork, so its error and exit status reach
//! the caller.
#![forbid(unsafe_code)]

use tokio::sync::mpsc;

use crate::config::{RealFs, Secrets};
use crate::ctl::{self, CtlPath};
use crate::daemon::{Daemon, Exit};
use crate::debug::SharedDebug;
use crate::keylog::KeyLog;
use crate::lockfile::{LockError, PidLock};
use crate::options::{self, Command, LogTarget, Options};
use crate::sys::{self, ForkSide};

/// pluto's exit statuses (manual: 0 all is OK so far, 1 something was
/// wrong, 10 the lock file already exists).
pub mod exit {
    /// All is OK so far.
    pub const OK: i32 = 0;
    /// Something was wrong.
    pub const ERROR: i32 = 1;
    /// Another pluto holds the lock file.
    pub const LOCKED: i32 = 10;
}

/// The version line.
pub fn version() -> String {
    format!(
        "pluto (rustswan) {} IKEv2 (Libreswan-compatible control interface)",
        env!("CARGO_PKG_VERSION")
    )
}

/// Options that are accepted but whose machinery does not exist yet, so
/// the operator is told instead of left guessing.
fn not_effective_yet(o: &Options) -> Vec<String> {
    let mut v = Vec::new();
    if o.virtual_private.is_some() {
        v.push("--virtual-private: not applied yet".into());
    }
    v
}

/// Run pluto with `argv[1..]`; returns the process exit status.
pub fn main_with_args(args: Vec<String>) -> i32 {
    let opts = match options::parse(args) {
        Ok(Command::Help) => {
            print!("{}", options::USAGE);
            return exit::OK;
        }
        Ok(Command::Version) => {
            println!("{}", version());
            return exit::OK;
        }
        Ok(Command::Run(o)) => *o,
        Err(e) => {
            eprintln!("pluto: {e}");
            return exit::ERROR;
        }
    };
    run(opts)
}

/// Whether the log already goes to stderr (then a failure is printed once).
static LOG_ON_STDERR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn fail(msg: impl std::fmt::Display) -> i32 {
    if !LOG_ON_STDERR.load(std::sync::atomic::Ordering::Relaxed) {
        eprintln!("pluto: {msg}");
    }
    tracing::error!("{msg}");
    exit::ERROR
}

/// Start the daemon with parsed options.
pub fn run(mut opts: Options) -> i32 {
    let debug = SharedDebug::new(opts.debug);
    LOG_ON_STDERR.store(
        opts.log == LogTarget::Stderr,
        std::sync::atomic::Ordering::Relaxed,
    );
    if let Err(e) = crate::logging::init(&opts.log, opts.log_time, debug.clone()) {
        eprintln!("pluto: {e}");
        return exit::ERROR;
    }
    tracing::info!("Starting {}", version());
    for n in &opts.notes {
        tracing::warn!("{n}");
    }
    for n in not_effective_yet(&opts) {
        tracing::warn!("{n}");
    }
    // ipsec.conf: config setup mirrors the options; its conns are loaded
    // once the daemon runs.
    let conf = match opts.config.clone() {
        Some(p) => match crate::conf_load::load(&p, &mut opts) {
            Ok(c) => Some(c),
            Err(e) => return fail(e),
        },
        None => None,
    };
    // Secrets are read now so that an error stops start-up with file:line.
    let secrets = match Secrets::load_glob(&RealFs, &opts.secretsfile) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let keylog = match &opts.keylogfile {
        Some(p) => match KeyLog::open(p) {
            Ok(k) => Some(k),
            Err(e) => return fail(format!("cannot open key log file {}: {e}", p.display())),
        },
        None => None,
    };
    let mut lock = match PidLock::acquire(&opts.pid_path()) {
        Ok(l) => l,
        Err(e @ LockError::Held { .. }) => {
            fail(&e);
            return exit::LOCKED;
        }
        Err(e) => return fail(e),
    };
    let ctl_path = opts.ctl_path();
    let listener = match ctl::bind(&ctl_path) {
        Ok(l) => l,
        Err(e) => {
            return fail(format!(
                "cannot bind control socket {}: {e}",
                ctl_path.display()
            ))
        }
    };
    let ctl_guard = CtlPath(ctl_path.clone());
    if let Some(dir) = &opts.coredir {
        if let Err(e) = std::env::set_current_dir(dir) {
            return fail(format!("--coredir {}: {e}", dir.display()));
        }
    }
    if opts.fork {
        match sys::daemon_fork() {
            Ok(ForkSide::Parent(child)) => {
                // The daemon owns the lock and the socket now.
                let r = lock.hand_over(child);
                lock.leak();
                std::mem::forget(ctl_guard);
                return match r {
                    Ok(()) => exit::OK,
                    Err(e) => fail(format!("cannot write lock file: {e}")),
                };
            }
            Ok(ForkSide::Child) => {
                lock.mine();
                let _ = sys::detach_stdio(!matches!(opts.log, LogTarget::Stderr));
            }
            Err(e) => return fail(format!("daemon fork failed: {e}")),
        }
    }
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(format!("cannot start the event loop: {e}")),
    };
    let status = rt.block_on(async move {
        let listener = match tokio::net::UnixListener::from_std(listener) {
            Ok(l) => l,
            Err(e) => return fail(format!("control socket: {e}")),
        };
        let (ctl_tx, ctl_rx) = mpsc::channel(64);
        let (udp_tx, udp_rx) = mpsc::channel(1024);
        let server = tokio::spawn(ctl::serve(listener, ctl_tx));
        let mut d = match Daemon::new(opts, debug, secrets, keylog, udp_tx) {
            Ok(d) => d,
            Err(e) => return fail(e),
        };
        if let Some(conf) = conf {
            crate::conf_load::add_conns(&mut d, conf);
        }
        let announce = !d.opts.fork;
        let r = d
            .run(ctl_rx, udp_rx, || {
                // The manual: with --nofork, say so once the lock file and
                // the control socket exist (and signals are handled).
                if announce {
                    use std::io::Write;
                    println!("Pluto initialized");
                    let _ = std::io::stdout().flush();
                }
            })
            .await;
        server.abort();
        d.shutdown();
        match r {
            Ok(Exit::Shutdown) | Ok(Exit::Signal) => exit::OK,
            Err(e) => fail(format!("event loop: {e}")),
        }
    });
    drop(ctl_guard);
    drop(lock);
    tracing::info!("pluto is done");
    status
}
