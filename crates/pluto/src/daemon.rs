//! The daemon's main loop: one thread owns all state and selects over the
//! control socket, the UDP sockets, signals and the next deadline.
#![forbid(unsafe_code)]

use std::time::Instant;

use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::mpsc;
use whack_proto::Rc;

use crate::config::{RealFs, Secrets};
use crate::conns::Conns;
use crate::ctl::{WhackLink, WhackSession};
use crate::debug::SharedDebug;
use crate::engine::Engine;
use crate::interfaces::{Datagram, Interfaces, Selection};
use crate::keylog::KeyLog;
use crate::options::Options;
use crate::whackrecord::Recorder;

/// The manual's SIGHUP hint.
pub const SIGHUP_HINT: &str = "Pluto ignores SIGHUP -- perhaps you want \"whack --listen\"";

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `whack --shutdown`.
    Shutdown,
    /// SIGTERM (or SIGINT).
    Signal,
}

/// Everything the daemon owns.
pub struct Daemon {
    pub(crate) opts: Options,
    pub(crate) debug: SharedDebug,
    pub(crate) conns: Conns,
    pub(crate) secrets: Secrets,
    pub(crate) ifaces: Interfaces,
    pub(crate) engine: Engine,
    pub(crate) recorder: Option<Recorder>,
    pub(crate) myid: Option<String>,
    pub(crate) busy: bool,
    pub(crate) pubkeys: Vec<(String, String)>,
    pub(crate) started: Instant,
    pub(crate) exit: Option<Exit>,
    /// NAT-T keepalive schedule (`--keep-alive`).
    pub(crate) keepalive: crate::keepalive::KeepAlive,
    /// Crypto helper threads (`--nhelpers`); `None` computes inline.
    pub(crate) helpers: Option<crate::helpers::CryptoHelpers>,
}

impl std::fmt::Debug for Daemon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Daemon")
            .field("conns", &self.conns.len())
            .field("ifaces", &self.ifaces)
            .finish_non_exhaustive()
    }
}

/// Sleeps until `deadline`; forever without one.
async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d.into()).await,
        None => std::future::pending().await,
    }
}

/// A line for whack and the log: whack sees `NNN text`, the log sees text.
pub(crate) fn say(link: Option<&WhackLink>, rc: Rc, text: impl Into<String>) {
    let text = text.into();
    match rc.code() {
        0..=9 => tracing::info!("{text}"),
        _ => tracing::warn!("{text}"),
    }
    if let Some(l) = link {
        l.send(rc, text);
    }
}

impl Daemon {
    /// Build the daemon from options and the secrets already loaded.
    pub fn new(
        opts: Options,
        debug: SharedDebug,
        secrets: Secrets,
        keylog: Option<KeyLog>,
        udp_tx: mpsc::Sender<Datagram>,
    ) -> Result<Self, crate::engine::EngineError> {
        let nhelpers = crate::helpers::helper_count(opts.nhelpers);
        let engine = Engine::new(&opts, keylog, nhelpers > 0)?;
        let helpers = match nhelpers {
            0 => None,
            n => Some(
                crate::helpers::CryptoHelpers::start(n)
                    .map_err(|e| crate::engine::EngineError::Helpers(e.to_string()))?,
            ),
        };
        Ok(Self {
            helpers,
            keepalive: crate::keepalive::KeepAlive::new(opts.keep_alive, Instant::now()),
            busy: opts.force_busy,
            opts,
            debug,
            conns: Conns::default(),
            secrets,
            ifaces: Interfaces::new(udp_tx),
            engine,
            recorder: None,
            myid: None,
            pubkeys: Vec::new(),
            started: Instant::now(),
            exit: None,
        })
    }

    /// The interface selection from the options.
    pub(crate) fn selection(&self) -> Selection {
        Selection {
            interfaces: self.opts.interfaces.clone(),
            listen: self.opts.listen.clone(),
        }
    }

    /// (Re)read the secrets file(s); errors go to whack and the log, and
    /// the old secrets stay.
    pub(crate) fn load_secrets(&mut self, link: Option<&WhackLink>) {
        say(link, Rc::LOG, "forgetting secrets");
        say(
            link,
            Rc::LOG,
            format!("loading secrets from \"{}\"", self.opts.secretsfile),
        );
        match Secrets::load_glob(&RealFs, &self.opts.secretsfile) {
            Ok(s) => {
                for w in s.warnings() {
                    say(link, Rc::LOG, format!("{w}"));
                }
                self.secrets = s;
            }
            Err(e) => say(link, Rc::FATAL, format!("{e}")),
        }
    }

    /// Run until shutdown. `ctl_rx` carries whack sessions, `udp_rx`
    /// datagrams from the sockets.
    /// `ready` runs once the signal handlers are in place (so a SIGTERM
    /// right after "Pluto initialized" is a clean shutdown, not a kill).
    pub async fn run(
        &mut self,
        mut ctl_rx: mpsc::Receiver<WhackSession>,
        mut udp_rx: mpsc::Receiver<Datagram>,
        ready: impl FnOnce(),
    ) -> std::io::Result<Exit> {
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        let mut hup = signal(SignalKind::hangup())?;
        let kernel_events = crate::kevents::KernelEvents::new(self)?;
        let mut job_results = self.helpers.as_mut().and_then(|h| h.take_results());
        ready();
        loop {
            self.drain();
            if let Some(e) = self.exit {
                return Ok(e);
            }
            let sleep = sleep_until(self.engine.next_deadline());
            let keepalive = sleep_until(self.keepalive.deadline());
            tokio::select! {
                Some(s) = ctl_rx.recv() => self.dispatch(s),
                Some(d) = udp_rx.recv() => self.engine.datagram(Instant::now(), &d),
                _ = sleep => self.engine.timeout(Instant::now()),
                _ = kernel_events.readable() => crate::kevents::drain(self),
                Some(r) = crate::helpers::next_result(&mut job_results) => {
                    self.engine.sm.handle_job_done(Instant::now(), r)
                }
                _ = keepalive => crate::keepalive::fire(self, Instant::now()),
                _ = term.recv() => {
                    tracing::info!("pluto received SIGTERM; shutting down");
                    self.exit = Some(Exit::Signal);
                }
                _ = int.recv() => {
                    tracing::info!("pluto received SIGINT; shutting down");
                    self.exit = Some(Exit::Signal);
                }
                _ = hup.recv() => tracing::info!("{SIGHUP_HINT}"),
            }
        }
    }

    /// Carry out what the engine produced.
    fn drain(&mut self) {
        crate::engine::drain(self);
    }

    /// Tear everything down: SAs deleted (peers told where we can), kernel
    /// state removed, sockets closed.
    pub fn shutdown(&mut self) {
        if self.exit != Some(Exit::Shutdown) {
            tracing::info!("shutting down");
        }
        crate::engine::shutdown(self);
        if let Some(h) = self.helpers.as_mut() {
            h.stop();
        }
        for l in self.ifaces.unlisten() {
            tracing::info!("{l}");
        }
    }
}
