//! The sans-IO endpoint: owns connections and the SA database, takes
//! datagrams, timeouts and commands, and queues transmits, kernel
//! operations and events for the caller to drain.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ike_crypto::CryptoProvider;
use kernel_sa::KernelOp;

use crate::config::Connection;
use crate::event::{Event, LogLine, Rc};
use crate::job::{Job, JobResult, Jobs};
use crate::rng::Random;
use crate::sa::{ChildSa, IkeSa};
use crate::sa_table::SaTable;
use crate::serial::{Serial, SerialAllocator};
use crate::transmit::Transmit;

/// Endpoint-wide settings (pluto's `config setup`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointConfig {
    /// Ask for a COOKIE (RFC 7296 2.6) once this many IKE SAs are half
    /// open; `usize::MAX` never does.
    pub cookie_threshold: usize,
    /// Always ask for a COOKIE (whack `--ddos-mode busy`).
    pub force_busy: bool,
    /// The NAT-T port (RFC 3948): datagrams on it carry the non-ESP marker.
    pub natt_port: u16,
    /// How long a responder keeps a half-open IKE SA.
    pub half_open_timeout: Duration,
    /// Most fragments accepted for one message (RFC 7383 2.6).
    pub max_fragments: u16,
    /// How many times the initiator retries IKE_SA_INIT after
    /// INVALID_KE_PAYLOAD or COOKIE before giving up.
    pub max_init_retries: u32,
    /// Hand Diffie-Hellman work out as [`Job`]s instead of doing it
    /// inline (pluto's `--nhelpers` > 0): drain [`Endpoint::poll_job`],
    /// run each job anywhere, feed results to
    /// [`Endpoint::handle_job_done`]. Off by default.
    pub offload_crypto: bool,
}

impl Default for EndpointConfig {
    fn default() -> Self {
        EndpointConfig {
            cookie_threshold: usize::MAX,
            force_busy: false,
            natt_port: 4500,
            half_open_timeout: Duration::from_secs(30),
            max_fragments: 32,
            max_init_retries: 5,
            offload_crypto: false,
        }
    }
}

/// A command that cannot be carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// No connection by that name (whack RC_UNKNOWN_NAME).
    #[error("no connection named \"{0}\"")]
    UnknownConnection(String),
    /// A connection by that name exists already (RC_DUPNAME).
    #[error("attempt to redefine connection \"{0}\"")]
    DuplicateConnection(String),
    /// No state with that serial.
    #[error("no state {0}")]
    UnknownState(Serial),
    /// The connection lacks what initiation needs (peer address, key...).
    #[error("cannot initiate \"{conn}\": {why}")]
    CannotInitiate {
        /// Connection name.
        conn: String,
        /// Why.
        why: &'static str,
    },
    /// The state is not in a state that allows the command.
    #[error("state {0} is busy or not established")]
    Busy(Serial),
}

#[derive(Debug)]
pub(crate) struct ConnEntry {
    pub conn: Connection,
    /// Initiation attempts made for the current keying (keyingtries).
    pub tries: u32,
    /// Whether we keep the connection up (initiated by command, or restart).
    pub up: bool,
}

/// The IKEv2 endpoint. See the crate documentation for an example.
pub struct Endpoint {
    pub(crate) cfg: EndpointConfig,
    pub(crate) provider: CryptoProvider,
    pub(crate) rng: Box<dyn Random>,
    pub(crate) serials: SerialAllocator,
    pub(crate) conns: BTreeMap<String, ConnEntry>,
    pub(crate) ikes: SaTable<IkeSa>,
    pub(crate) children: SaTable<ChildSa>,
    /// Our IKE SPI → IKE SA.
    pub(crate) by_spi: HashMap<u64, Serial>,
    /// Responder: (peer SPIi, peer address) → IKE SA, kept for the SA's
    /// life so that replayed IKE_SA_INIT requests are recognised.
    pub(crate) half_open: HashMap<(u64, SocketAddr), Serial>,
    /// Our inbound ESP SPIs in use (uniqueness without a scan).
    pub(crate) spis_in: HashSet<u32>,
    /// Responder IKE SAs waiting for IKE_AUTH (COOKIE threshold).
    pub(crate) half_open_set: HashSet<Serial>,
    pub(crate) transmits: VecDeque<Transmit>,
    pub(crate) kernel_ops: VecDeque<KernelOp>,
    pub(crate) events: VecDeque<Event>,
    pub(crate) cookie_secret: [u8; 32],
    pub(crate) next_reqid: u32,
    /// Connections to (re)initiate at a time (keyingtries, dpdaction=restart).
    pub(crate) pending_initiations: Vec<(Instant, String)>,
    /// Policies left as traps by dpdaction=hold.
    pub(crate) held: crate::sa::HeldPolicies,
    /// Crypto jobs handed out and states parked on them (offload mode).
    pub(crate) jobs: Jobs,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("connections", &self.conns.len())
            .field("ike_sas", &self.ikes.len())
            .field("child_sas", &self.children.len())
            .field("jobs", &self.jobs)
            .finish()
    }
}

impl Endpoint {
    /// A new endpoint with the given crypto provider and randomness.
    pub fn new(cfg: EndpointConfig, provider: CryptoProvider, mut rng: Box<dyn Random>) -> Self {
        let mut cookie_secret = [0u8; 32];
        rng.fill(&mut cookie_secret);
        Endpoint {
            cfg,
            provider,
            rng,
            serials: SerialAllocator::default(),
            conns: BTreeMap::new(),
            ikes: SaTable::default(),
            children: SaTable::default(),
            by_spi: HashMap::new(),
            half_open: HashMap::new(),
            spis_in: HashSet::new(),
            half_open_set: HashSet::new(),
            transmits: VecDeque::new(),
            kernel_ops: VecDeque::new(),
            events: VecDeque::new(),
            cookie_secret,
            next_reqid: 16384,
            pending_initiations: Vec::new(),
            held: Default::default(),
            jobs: Jobs::default(),
        }
    }

    /// Endpoint settings.
    pub fn config(&self) -> &EndpointConfig {
        &self.cfg
    }

    /// Switch forced-busy (cookie) mode on or off.
    pub fn set_busy(&mut self, busy: bool) {
        self.cfg.force_busy = busy;
    }

    /// Add a connection (whack `--name ...`, ipsec.conf `auto=add`).
    pub fn add_connection(&mut self, conn: Connection) -> Result<(), CommandError> {
        if self.conns.contains_key(&conn.name) {
            return Err(CommandError::DuplicateConnection(conn.name));
        }
        let name = conn.name.clone();
        self.log(Rc::LOG, Some(&name), None, "added IKEv2 connection".into());
        self.conns.insert(
            name,
            ConnEntry {
                conn,
                tries: 0,
                up: false,
            },
        );
        Ok(())
    }

    /// Remove a connection and delete its states (whack `--delete`).
    pub fn remove_connection(&mut self, now: Instant, name: &str) -> Result<(), CommandError> {
        if !self.conns.contains_key(name) {
            return Err(CommandError::UnknownConnection(name.into()));
        }
        self.terminate(now, name)?;
        // Local cleanup right away: the connection is gone.
        let ikes: Vec<Serial> = self
            .ikes
            .values()
            .filter(|i| i.conn == name)
            .map(|i| i.serial)
            .collect();
        for s in ikes {
            self.destroy_ike(s, false);
        }
        self.conns.remove(name);
        Ok(())
    }

    /// The connection by name.
    pub fn connection(&self, name: &str) -> Option<&Connection> {
        self.conns.get(name).map(|c| &c.conn)
    }

    /// Names of all connections.
    pub fn connection_names(&self) -> impl Iterator<Item = &str> {
        self.conns.keys().map(String::as_str)
    }

    /// Start negotiating an IKE SA (and its first Child SA) for a connection
    /// (whack `--initiate`). Returns the new IKE SA's serial.
    pub fn initiate(&mut self, now: Instant, name: &str) -> Result<Serial, CommandError> {
        let entry = self
            .conns
            .get_mut(name)
            .ok_or_else(|| CommandError::UnknownConnection(name.into()))?;
        entry.up = true;
        entry.tries = 0;
        self.start_initiator(now, name)
    }

    /// Delete every state of a connection, telling the peer (whack
    /// `--terminate`).
    pub fn terminate(&mut self, now: Instant, name: &str) -> Result<(), CommandError> {
        let entry = self
            .conns
            .get_mut(name)
            .ok_or_else(|| CommandError::UnknownConnection(name.into()))?;
        entry.up = false;
        self.pending_initiations.retain(|(_, n)| n != name);
        self.release_held(name);
        let ikes: Vec<Serial> = self
            .ikes
            .values()
            .filter(|i| i.conn == name)
            .map(|i| i.serial)
            .collect();
        for s in ikes {
            self.delete_ike(now, s);
        }
        Ok(())
    }

    /// Delete one state by serial (whack `--deletestate`): a Child SA with
    /// an INFORMATIONAL Delete, an IKE SA with everything under it.
    pub fn delete_state(&mut self, now: Instant, serial: Serial) -> Result<(), CommandError> {
        if self.ikes.contains_key(&serial) {
            self.delete_ike(now, serial);
            Ok(())
        } else if let Some(c) = self.children.get(&serial) {
            let ike = c.ike;
            self.request(now, ike, crate::sa::Queued::DeleteChild(vec![serial]));
            Ok(())
        } else {
            Err(CommandError::UnknownState(serial))
        }
    }

    /// Rekey the newest Child SA of a connection (whack `--rekey-child`).
    pub fn rekey_child(&mut self, now: Instant, name: &str) -> Result<Serial, CommandError> {
        let child = self
            .children
            .values()
            .filter(|c| c.conn == name && c.state == crate::sa::ChildState::Established)
            .map(|c| c.serial)
            .max()
            .ok_or_else(|| CommandError::UnknownConnection(name.into()))?;
        let ike = self
            .children
            .get(&child)
            .map(|c| c.ike)
            .ok_or(CommandError::UnknownState(child))?;
        self.request(now, ike, crate::sa::Queued::RekeyChild(child));
        Ok(child)
    }

    /// Rekey the newest IKE SA of a connection (whack `--rekey-ike`).
    pub fn rekey_ike(&mut self, now: Instant, name: &str) -> Result<Serial, CommandError> {
        let ike = self
            .ikes
            .values()
            .filter(|i| i.conn == name && i.state == crate::sa::IkeState::Established)
            .map(|i| i.serial)
            .max()
            .ok_or_else(|| CommandError::UnknownConnection(name.into()))?;
        self.request(now, ike, crate::sa::Queued::RekeyIke);
        Ok(ike)
    }

    /// Feed one received UDP datagram (the whole UDP payload, including a
    /// non-ESP marker on the NAT-T port).
    pub fn handle_datagram(
        &mut self,
        now: Instant,
        local: SocketAddr,
        remote: SocketAddr,
        datagram: &[u8],
    ) {
        crate::v2::dispatch::handle_datagram(self, now, local, remote, datagram);
    }

    /// Run every timer due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        crate::v2::timers::handle_timeout(self, now);
        // States deleted or timed out while their job was out: forget the
        // job (a late result is then ignored as stale).
        self.prune_jobs();
    }

    /// Next crypto job to run (offload mode, see
    /// [`EndpointConfig::offload_crypto`]). Run it with [`Job::run`] on any
    /// thread, in any order, and feed the result to
    /// [`Endpoint::handle_job_done`]. Always `None` in inline mode.
    pub fn poll_job(&mut self) -> Option<Job> {
        self.next_job()
    }

    /// Feed back a job's result: the parked state resumes as the inline
    /// path would (sends its message, or fails as it would have). A result
    /// for a state deleted meanwhile, or with an unknown or stale job ID,
    /// is dropped with a log line.
    pub fn handle_job_done(&mut self, now: Instant, result: JobResult) {
        self.job_done(now, result);
    }

    /// Jobs handed out (or waiting in [`Endpoint::poll_job`]) whose
    /// results have not been fed back.
    pub fn pending_jobs(&self) -> usize {
        self.jobs.pending()
    }

    /// Next datagram to send.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// Next kernel operation to carry out, in order.
    pub fn poll_kernel_op(&mut self) -> Option<KernelOp> {
        self.kernel_ops.pop_front()
    }

    /// Next event.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// The earliest deadline at which [`Endpoint::handle_timeout`] must run.
    pub fn poll_timeout(&self) -> Option<Instant> {
        // O(log n): the SA tables index their deadlines (sa_table.rs).
        let sa = [self.ikes.next_deadline(), self.children.next_deadline()];
        sa.into_iter()
            .flatten()
            .chain(self.pending_initiations.iter().map(|(t, _)| *t))
            .min()
    }

    /// Number of IKE SAs and Child SAs held.
    pub fn sa_counts(&self) -> (usize, usize) {
        (self.ikes.len(), self.children.len())
    }

    pub(crate) fn log(&mut self, rc: Rc, conn: Option<&str>, serial: Option<Serial>, text: String) {
        self.events.push_back(Event::Log(LogLine {
            rc,
            connection: conn.map(str::to_string),
            serial,
            text,
        }));
    }

    pub(crate) fn random_u64_nonzero(&mut self) -> u64 {
        loop {
            let v = self.rng.next_u64();
            if v != 0 && !self.by_spi.contains_key(&v) {
                return v;
            }
        }
    }

    pub(crate) fn nonce(&mut self, prf_len: usize) -> Vec<u8> {
        // RFC 7296 2.10: at least 128 bits and half the PRF key size; 32
        // octets covers every PRF here.
        let mut n = vec![0u8; prf_len.clamp(32, 64)];
        self.rng.fill(&mut n);
        n
    }
}
