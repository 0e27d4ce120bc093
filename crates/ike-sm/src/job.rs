//! Expensive crypto as jobs the caller may run elsewhere (pluto's
//! `--nhelpers`).
//!
//! With [`EndpointConfig::offload_crypto`](crate::EndpointConfig) on, an
//! endpoint that needs Diffie-Hellman work (a key pair, the shared secret
//! g^ir, or both) parks the state and queues a [`Job`]. The caller drains
//! [`Endpoint::poll_job`](crate::Endpoint::poll_job), runs
//! [`Job::run`] on any thread, and feeds the [`JobResult`] back with
//! [`Endpoint::handle_job_done`](crate::Endpoint::handle_job_done). The
//! state then resumes exactly as the inline path would have.
//!
//! A job owns everything it needs: the group, the peer's public value, and
//! a seed drawn from the endpoint's injected randomness when the job was
//! made, so the bytes on the wire do not depend on where or when the job
//! runs (the inline path draws the same seed at the same point).

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::time::Instant;

use ike_crypto::{
    ActiveKeyExchange, CryptoError, CryptoProvider, KeyExchange, KxConfig, SecretBytes,
};

use crate::crypto::{keygen, KxSeed};
use crate::endpoint::Endpoint;
use crate::rng::Random;
use crate::serial::Serial;

/// Identifies a job within its endpoint; never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(u64);

impl JobId {
    /// The number (for logs).
    pub fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "job {}", self.0)
    }
}

/// What a job computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// A fresh DH key pair (our KE payload).
    Keygen,
    /// A fresh key pair and the shared secret with the peer's value
    /// (responder IKE_SA_INIT, CREATE_CHILD_SA responder with KE).
    KeygenAndShared,
    /// The shared secret with a key pair made earlier (initiator, on the
    /// response).
    Shared,
}

/// DH work failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DhError {
    /// The group is unknown or generating our key pair failed.
    #[error("cannot start DH group {group}: {source}")]
    Keygen {
        /// IANA group (transform type 4) ID.
        group: u16,
        /// What the crypto provider said.
        source: CryptoError,
    },
    /// The peer's public value is invalid (RFC 6989 checks, wrong length).
    #[error("peer's DH group {group} public value rejected: {source}")]
    PeerValue {
        /// IANA group ID.
        group: u16,
        /// What the crypto provider said.
        source: CryptoError,
    },
    /// The work carried no peer value, so there is no shared secret.
    #[error("DH group {group}: no shared secret was computed")]
    NoShared {
        /// IANA group ID.
        group: u16,
    },
}

/// Where our key pair comes from.
enum KeySource {
    /// Generate one from this seed.
    Fresh {
        group: &'static dyn KeyExchange,
        cfg: KxConfig,
        seed: KxSeed,
    },
    /// One made earlier (the initiator's, kept while waiting for KEr).
    Existing(Box<dyn ActiveKeyExchange>),
}

/// DH work: owns what it needs, runs anywhere.
pub(crate) struct DhWork {
    key: KeySource,
    peer: Option<Vec<u8>>,
}

/// What DH work produced: our key pair, and g^ir when a peer value was
/// given.
pub(crate) struct DhOutput {
    pub kx: Box<dyn ActiveKeyExchange>,
    pub shared: Option<SecretBytes>,
}

impl DhOutput {
    /// Our key pair and g^ir, or [`DhError::NoShared`].
    pub(crate) fn agreed(self) -> Result<(Box<dyn ActiveKeyExchange>, SecretBytes), DhError> {
        let group = self.kx.group();
        match self.shared {
            Some(s) => Ok((self.kx, s)),
            None => Err(DhError::NoShared { group }),
        }
    }
}

impl DhWork {
    /// A fresh key pair in `group`, and g^ir with `peer` if given. The
    /// seed is drawn from `rng` now, so determinism does not depend on
    /// when the work runs.
    pub(crate) fn fresh(
        provider: &CryptoProvider,
        rng: &mut dyn Random,
        group: u16,
        peer: Option<Vec<u8>>,
    ) -> Result<DhWork, DhError> {
        let kx = provider
            .key_exchange(group)
            .map_err(|source| DhError::Keygen { group, source })?;
        Ok(DhWork {
            key: KeySource::Fresh {
                group: kx,
                cfg: provider.kx_config,
                seed: KxSeed::draw(rng),
            },
            peer,
        })
    }

    /// g^ir from a key pair made earlier and the peer's value.
    pub(crate) fn complete(kx: Box<dyn ActiveKeyExchange>, peer: Vec<u8>) -> DhWork {
        DhWork {
            key: KeySource::Existing(kx),
            peer: Some(peer),
        }
    }

    fn group(&self) -> u16 {
        match &self.key {
            KeySource::Fresh { group, .. } => group.id(),
            KeySource::Existing(k) => k.group(),
        }
    }

    fn kind(&self) -> JobKind {
        match (&self.key, &self.peer) {
            (KeySource::Fresh { .. }, None) => JobKind::Keygen,
            (KeySource::Fresh { .. }, Some(_)) => JobKind::KeygenAndShared,
            (KeySource::Existing(_), _) => JobKind::Shared,
        }
    }

    /// The expensive part.
    pub(crate) fn run(self) -> Result<DhOutput, DhError> {
        let group = self.group();
        let kx = match self.key {
            KeySource::Fresh {
                group: g,
                cfg,
                seed,
            } => keygen(g, &cfg, &seed).map_err(|source| DhError::Keygen { group, source })?,
            KeySource::Existing(k) => k,
        };
        let shared = match &self.peer {
            Some(p) => Some(
                kx.complete(p)
                    .map_err(|source| DhError::PeerValue { group, source })?,
            ),
            None => None,
        };
        Ok(DhOutput { kx, shared })
    }
}

/// A unit of expensive crypto handed out by
/// [`Endpoint::poll_job`](crate::Endpoint::poll_job). `Send + 'static`:
/// run it on any thread with [`Job::run`].
pub struct Job {
    id: JobId,
    serial: Serial,
    work: DhWork,
}

impl fmt::Debug for Job {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Job")
            .field("id", &self.id)
            .field("serial", &self.serial)
            .field("kind", &self.kind())
            .field("group", &self.group())
            .finish()
    }
}

impl Job {
    /// This job's ID (its result carries the same).
    pub fn id(&self) -> JobId {
        self.id
    }

    /// The state waiting for it (`#N`).
    pub fn serial(&self) -> Serial {
        self.serial
    }

    /// What it computes.
    pub fn kind(&self) -> JobKind {
        self.work.kind()
    }

    /// The DH group (IANA transform type 4 ID).
    pub fn group(&self) -> u16 {
        self.work.group()
    }

    /// Do the work. Never panics; failures travel in the result.
    pub fn run(self) -> JobResult {
        JobResult {
            id: self.id,
            serial: self.serial,
            output: self.work.run(),
        }
    }
}

/// The outcome of [`Job::run`], to feed back with
/// [`Endpoint::handle_job_done`](crate::Endpoint::handle_job_done).
pub struct JobResult {
    id: JobId,
    serial: Serial,
    output: Result<DhOutput, DhError>,
}

impl fmt::Debug for JobResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JobResult")
            .field("id", &self.id)
            .field("serial", &self.serial)
            .field("error", &self.error())
            .finish()
    }
}

impl JobResult {
    /// The job it came from.
    pub fn id(&self) -> JobId {
        self.id
    }

    /// The state waiting for it.
    pub fn serial(&self) -> Serial {
        self.serial
    }

    /// Why the work failed, if it did (the state handles the failure as
    /// the inline path would).
    pub fn error(&self) -> Option<&DhError> {
        self.output.as_ref().err()
    }
}

/// What to do with a job's output once it is back: resume the parked
/// state. Each continuation checks that its state still exists and is
/// still waiting.
pub(crate) type Continuation =
    Box<dyn FnOnce(&mut Endpoint, Instant, Result<DhOutput, DhError>) + Send>;

/// What a CREATE_CHILD_SA job holds back on its IKE SA while it is out
/// (see [`Endpoint::dh_holding`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hold {
    /// The IKE SA.
    pub ike: Serial,
    /// Whether the peer's new requests on it are dropped meanwhile (they
    /// are retransmitted, RFC 7296 2.1), not only our request queue held.
    pub requests: bool,
}

struct Parked {
    serial: Serial,
    hold: Option<Hold>,
    then: Continuation,
}

/// The endpoint's jobs: handed out (`ready`) and waited for (`parked`).
#[derive(Default)]
pub(crate) struct Jobs {
    next: u64,
    ready: VecDeque<Job>,
    parked: HashMap<JobId, Parked>,
    /// Serial → how many of its jobs are out (an IKE SA can wait for an
    /// answer to the peer's request and for our own rekey's DH at once).
    by_serial: HashMap<Serial, usize>,
}

impl fmt::Debug for Jobs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jobs")
            .field("ready", &self.ready.len())
            .field("parked", &self.parked.len())
            .finish()
    }
}

impl Jobs {
    /// Queue `work` for `serial` and remember what to do with its result.
    pub(crate) fn park(
        &mut self,
        serial: Serial,
        hold: Option<Hold>,
        work: DhWork,
        then: Continuation,
    ) -> JobId {
        self.next += 1;
        let id = JobId(self.next);
        self.ready.push_back(Job { id, serial, work });
        self.parked.insert(id, Parked { serial, hold, then });
        *self.by_serial.entry(serial).or_default() += 1;
        id
    }

    /// Whether `serial` waits for a job.
    pub(crate) fn is_pending(&self, serial: Serial) -> bool {
        self.by_serial.contains_key(&serial)
    }

    /// The states whose jobs hold IKE SA `ike`'s request queue.
    fn holding(&self, ike: Serial) -> impl Iterator<Item = Serial> + '_ {
        self.parked
            .values()
            .filter(move |p| p.hold.is_some_and(|h| h.ike == ike))
            .map(|p| p.serial)
    }

    /// Whether a job out drops the peer's new requests on IKE SA `ike`.
    fn holds_requests(&self, ike: Serial) -> bool {
        self.parked
            .values()
            .any(|p| p.hold.is_some_and(|h| h.ike == ike && h.requests))
    }

    /// States other than `ike` that wait for a job holding `ike` (a new
    /// IKE SA or Child SA of ours), with whether that job also holds the
    /// peer's requests (an exchange the peer has already completed).
    pub(crate) fn held_by(&self, ike: Serial) -> Vec<(Serial, bool)> {
        let mut v: Vec<(Serial, bool)> = self
            .parked
            .values()
            .filter_map(|p| match p.hold {
                Some(h) if h.ike == ike && p.serial != ike => Some((p.serial, h.requests)),
                _ => None,
            })
            .collect();
        v.sort();
        v
    }

    /// Number of jobs handed out or waiting to be, not yet fed back.
    pub(crate) fn pending(&self) -> usize {
        self.parked.len()
    }

    /// The next job whose state still exists; jobs of states gone
    /// meanwhile are dropped here rather than run for nothing.
    pub(crate) fn next_ready(&mut self, alive: impl Fn(Serial) -> bool) -> Option<Job> {
        while let Some(job) = self.ready.pop_front() {
            if alive(job.serial) {
                return Some(job);
            }
            self.forget(job.id);
        }
        None
    }

    /// Take the continuation for a result; `None` for an unknown or stale
    /// ID, or a serial that does not match.
    pub(crate) fn take(
        &mut self,
        id: JobId,
        serial: Serial,
    ) -> Option<(Continuation, Option<Hold>)> {
        if self.parked.get(&id).is_none_or(|p| p.serial != serial) {
            return None;
        }
        self.forget(id).map(|p| (p.then, p.hold))
    }

    /// Drop the records of jobs whose state is gone (their results, if
    /// they ever come, are then ignored as stale).
    pub(crate) fn prune(&mut self, alive: impl Fn(Serial) -> bool) {
        let gone: Vec<JobId> = self
            .parked
            .iter()
            .filter(|(_, p)| !alive(p.serial))
            .map(|(id, _)| *id)
            .collect();
        for id in gone {
            self.forget(id);
        }
        self.ready.retain(|j| alive(j.serial));
    }

    fn forget(&mut self, id: JobId) -> Option<Parked> {
        let p = self.parked.remove(&id)?;
        if let Some(n) = self.by_serial.get_mut(&p.serial) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.by_serial.remove(&p.serial);
            }
        }
        Some(p)
    }
}

impl Endpoint {
    /// Do DH work for `serial`: inline, or (offload mode) hand it out as a
    /// job and park the state. Either way `then` resumes the state with
    /// the output; inline it runs before this returns.
    pub(crate) fn dh(&mut self, now: Instant, serial: Serial, work: DhWork, then: Continuation) {
        self.dh_with_hold(now, serial, None, work, then);
    }

    /// [`Self::dh`] for work that an exchange on IKE SA `ike` waits for
    /// (CREATE_CHILD_SA): while the job is out nothing is outstanding on
    /// `hold.ike`, yet its request queue must not send anything else in the gap
    /// (RFC 7296 2.3: our window is one request), so
    /// [`Self::pump`] holds `ike`'s queue until the job is back. The
    /// continuation pumps the queue when it is done.
    pub(crate) fn dh_holding(
        &mut self,
        now: Instant,
        serial: Serial,
        hold: Hold,
        work: DhWork,
        then: Continuation,
    ) {
        self.dh_with_hold(now, serial, Some(hold), work, then);
    }

    fn dh_with_hold(
        &mut self,
        now: Instant,
        serial: Serial,
        hold: Option<Hold>,
        work: DhWork,
        then: Continuation,
    ) {
        if self.cfg.offload_crypto {
            self.jobs.park(serial, hold, work, then);
        } else {
            then(self, now, work.run());
        }
    }

    /// Whether a job out holds IKE SA `ike`'s request queue.
    pub(crate) fn queue_held(&self, ike: Serial) -> bool {
        // A job whose state is gone holds nothing.
        self.jobs.holding(ike).any(|s| self.state_exists(s))
    }

    /// Whether `serial` is parked waiting for a job: its requests are not
    /// answered yet (a retransmission is dropped, not re-processed).
    pub(crate) fn job_pending(&self, serial: Serial) -> bool {
        self.jobs.is_pending(serial) || self.jobs.holds_requests(serial)
    }

    pub(crate) fn state_exists(&self, serial: Serial) -> bool {
        self.ikes.contains_key(&serial) || self.children.contains_key(&serial)
    }

    pub(crate) fn next_job(&mut self) -> Option<Job> {
        let (ikes, children) = (&self.ikes, &self.children);
        self.jobs
            .next_ready(|s| ikes.contains_key(&s) || children.contains_key(&s))
    }

    pub(crate) fn prune_jobs(&mut self) {
        let (ikes, children) = (&self.ikes, &self.children);
        self.jobs
            .prune(|s| ikes.contains_key(&s) || children.contains_key(&s));
    }

    pub(crate) fn job_done(&mut self, now: Instant, result: JobResult) {
        let JobResult { id, serial, output } = result;
        let Some((then, hold)) = self.jobs.take(id, serial) else {
            self.log(
                crate::event::Rc::LOG,
                None,
                Some(serial),
                format!("ignoring result of unknown or stale {id}"),
            );
            return;
        };
        if !self.state_exists(serial) {
            self.log(
                crate::event::Rc::LOG,
                None,
                Some(serial),
                format!("discarding result of {id}: the state is gone"),
            );
            // The exchange it held will not happen: let the queue go on.
            if let Some(h) = hold {
                self.pump(now, h.ike);
            }
            return;
        }
        then(self, now, output);
    }
}
