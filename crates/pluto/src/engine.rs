//! Driving the protocol: pluto owns the clock and the sockets, `ike-sm`
//! owns every rule of RFC 7296. This module feeds it datagrams, timeouts
//! and commands and carries out what it asks for (send, kernel op, event).
#![forbid(unsafe_code)]

use std::collections::{BTreeMap, VecDeque};
use std::net::IpAddr;
use std::time::Instant;

use ike_sm::endpoint::{CommandError, Endpoint, EndpointConfig};
use ike_sm::event::Event;
use ike_sm::serial::Serial;
use kernel_sa::{Kernel, KernelOp, NostackKernel, SaId};
use tokio::sync::mpsc;
use whack_proto::{ConnectionRequest, InitiateRequest, Rc};

use crate::ctl::WhackLink;
use crate::daemon::{say, Daemon};
use crate::interfaces::Datagram;
use crate::keylog::KeyLog;
use crate::options::{Options, Stack};
use crate::updown::{self, Operation, Subnet, UpdownContext};

/// Why the engine cannot start.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The kernel backend is not available.
    #[error("{0}")]
    Kernel(String),
    /// The crypto helper threads could not be started.
    #[error("cannot start the crypto helper threads (--nhelpers): {0}")]
    Helpers(String),
}

/// What `whack --status` shows of one state, kept from ike-sm's events and
/// the kernel operations it asked for.
#[derive(Debug, Clone)]
pub struct StateView {
    /// Serial number.
    pub serial: u64,
    /// Connection name.
    pub conn: String,
    /// IKE SA (else Child SA).
    pub is_ike: bool,
    /// For a Child SA, its IKE SA.
    pub parent: Option<u64>,
    /// When it was established.
    pub established: Instant,
    /// Child SA: (inbound, outbound) SPIs and the kernel SA ids.
    pub esp: Option<EspView>,
}

/// A Child SA's kernel side.
#[derive(Debug, Clone)]
pub struct EspView {
    /// Our inbound SPI.
    pub spi_in: u32,
    /// Our outbound SPI (the peer's).
    pub spi_out: u32,
    /// Inbound SA id (for counters).
    pub in_id: SaId,
    /// Outbound SA id.
    pub out_id: SaId,
    /// Our address and the peer's.
    pub me: IpAddr,
    /// The peer.
    pub peer: IpAddr,
}

/// Kernel SAs of one reqid seen in kernel ops: (reqid, inbound, outbound),
/// each side as (SPI, SA id).
type Install = (u32, Option<(u32, SaId)>, Option<(u32, SaId)>);

/// A whack session waiting for a connection to come up (or fail).
#[derive(Debug)]
struct Waiter {
    conn: String,
    link: WhackLink,
}

/// The protocol engine and the kernel backend it drives.
pub struct Engine {
    pub(crate) sm: Endpoint,
    pub(crate) kernel: Box<dyn Kernel>,
    pub(crate) kernel_name: &'static str,
    /// `--perpeerlog`.
    pub(crate) perpeer: Option<crate::perpeer::PerPeerLog>,
    /// `--keylogfile`.
    pub(crate) keylog: Option<KeyLog>,
    pub(crate) states: BTreeMap<u64, StateView>,
    /// Kernel SAs installed but not yet tied to a Child SA event, by reqid.
    installs: VecDeque<Install>,
    waiters: Vec<Waiter>,
    /// Kernel operations that failed since the last drain: (SA hosts, why).
    kernel_failures: Vec<(Option<(IpAddr, IpAddr)>, String)>,
    /// Routed connections' `%trap` policies.
    pub(crate) traps: crate::trap::Traps,
    /// `--uniqueids` bookkeeping: the peer ID each IKE SA authenticated.
    pub(crate) peer_ids: crate::uniqueids::PeerIds,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("kernel", &self.kernel_name)
            .field("sm", &self.sm)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Pick the kernel backend and build the endpoint.
    /// `offload`: hand Diffie-Hellman work out as jobs (`--nhelpers` > 0).
    pub fn new(opts: &Options, keylog: Option<KeyLog>, offload: bool) -> Result<Self, EngineError> {
        let (kernel, kernel_name): (Box<dyn Kernel>, _) = match opts.stack {
            Stack::NoStack => (Box::new(NostackKernel::new()), "nostack"),
            Stack::Xfrm => match kernel_sa::xfrm::XfrmKernel::open() {
                Ok(k) => (Box::new(k), "xfrm"),
                Err(e) => {
                    return Err(EngineError::Kernel(format!(
                        "cannot open the XFRM kernel interface (--use-netkey, the default): {e}; run as root or use --use-nostack"
                    )))
                }
            },
        };
        let cfg = EndpointConfig {
            force_busy: opts.force_busy,
            natt_port: opts.natikeport,
            offload_crypto: offload,
            ..EndpointConfig::default()
        };
        let sm = Endpoint::new(
            cfg,
            ike_crypto::default_provider(),
            Box::new(rand_core::OsRng),
        );
        let perpeer = opts
            .perpeerlog
            .then(|| crate::perpeer::PerPeerLog::new(opts.perpeerlogbase.clone()));
        Ok(Self {
            perpeer,
            sm,
            kernel,
            kernel_name,
            keylog,
            states: BTreeMap::new(),
            installs: VecDeque::new(),
            waiters: Vec::new(),
            kernel_failures: Vec::new(),
            traps: crate::trap::Traps::default(),
            peer_ids: crate::uniqueids::PeerIds::default(),
        })
    }

    /// The earliest deadline of any state.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.sm.poll_timeout()
    }

    /// A datagram arrived.
    pub fn datagram(&mut self, now: Instant, d: &Datagram) {
        tracing::debug!(
            target: "raw",
            "received {} bytes from {} on {}",
            d.bytes.len(),
            d.remote,
            d.local
        );
        self.sm.handle_datagram(now, d.local, d.remote, &d.bytes);
    }

    /// The deadline passed.
    pub fn timeout(&mut self, now: Instant) {
        self.sm.handle_timeout(now);
    }

    /// Kernel SA counters (bytes in, bytes out) of a Child SA.
    pub fn counters(&mut self, esp: &EspView) -> (u64, u64) {
        let inb = self
            .kernel
            .sa_counters(&esp.in_id)
            .map(|c| c.bytes)
            .unwrap_or(0);
        let outb = self
            .kernel
            .sa_counters(&esp.out_id)
            .map(|c| c.bytes)
            .unwrap_or(0);
        (inb, outb)
    }

    fn execute(&mut self, op: KernelOp) {
        // ike-sm is told of a failure in its own terms (the op it asked for).
        let asked = op.clone();
        // A routed connection's trap stands where the SA's outbound policy
        // goes, and SAs of one selector share its policy.
        let Some(op) = self.traps.rewrite(op) else {
            return;
        };
        tracing::debug!(target: "kernel", "kernel op {:?}", op.kind());
        // Remember SPIs of installed SAs for status (RFC 7296 keeps them
        // per Child SA; the kernel op is where pluto sees them).
        // kernel-sa's contract: the inbound SA completes the larval SA of
        // AllocSpi (UpdateSa), the outbound SA is new (AddSa). Addresses
        // cannot tell them apart when both ends are on one host.
        if let KernelOp::AddSa(s) | KernelOp::UpdateSa(s) = &op {
            let inbound = matches!(op, KernelOp::UpdateSa(_));
            let reqid = s.reqid.0;
            let entry = match self.installs.iter_mut().find(|(r, _, _)| *r == reqid) {
                Some(e) => e,
                None => {
                    self.installs.push_back((reqid, None, None));
                    let last = self.installs.len() - 1;
                    &mut self.installs[last]
                }
            };
            if inbound {
                entry.1 = Some((s.spi.0, s.id()));
            } else {
                entry.2 = Some((s.spi.0, s.id()));
            }
        }
        if let Err(e) = self.kernel.execute(&op) {
            tracing::error!("kernel: {e}");
            // Which hosts the failed SA joins, so whack sessions waiting
            // on a connection between them hear about it.
            let hosts = match &op {
                KernelOp::AddSa(s) | KernelOp::UpdateSa(s) => Some((s.src, s.dst)),
                _ => None,
            };
            self.kernel_failures.push((hosts, e.to_string()));
            // The Child SA carries no traffic: ike-sm deletes it with the
            // peer and keeps the IKE SA.
            self.sm
                .handle_kernel_result(Instant::now(), &asked, Err(&e));
        }
    }
}

/// Check `ike=` / `esp=` strings with ike-sm's parser.
pub fn check_proposals(req: &ConnectionRequest) -> Result<(), String> {
    if let Some(ike) = &req.ike {
        ike_sm::config::parse_ike(ike).map_err(|e| format!("ike={ike}: {e}"))?;
    }
    if let Some(esp) = &req.esp {
        ike_sm::config::parse_esp(esp).map_err(|e| format!("esp={esp}: {e}"))?;
    }
    Ok(())
}

fn to_rc(rc: ike_sm::event::Rc) -> Rc {
    Rc::new(rc.0).unwrap_or(Rc::LOG)
}

/// Send a line to every whack waiting on `conn`.
fn tell_waiters(d: &mut Daemon, conn: &str, rc: Rc, text: &str) {
    d.engine
        .waiters
        .retain(|w| w.conn != conn || w.link.send(rc, text.to_string()));
}

/// Carry out the engine's outputs: datagrams, kernel operations, events.
pub fn drain(d: &mut Daemon) {
    let mut any = false;
    loop {
        let mut progressed = false;
        while let Some(t) = d.engine.sm.poll_transmit() {
            progressed = true;
            tracing::debug!(target: "raw", "sending {} bytes from {} to {}", t.payload.len(), t.src, t.dst);
            if let Err(e) = d.ifaces.send(t.src, t.dst, &t.payload) {
                tracing::warn!("sending to {} from {}: {e}", t.dst, t.src);
            }
        }
        while let Some(job) = d.engine.sm.poll_job() {
            progressed = true;
            match &d.helpers {
                Some(h) => h.submit(job),
                // Offload is only on with helpers; run it here regardless.
                None => d.engine.sm.handle_job_done(Instant::now(), job.run()),
            }
        }
        while let Some(op) = d.engine.sm.poll_kernel_op() {
            progressed = true;
            d.engine.execute(op);
        }
        // Before the events: a waiting whack must hear of the failure
        // before the "established" line would close its session.
        report_kernel_failures(d);
        while let Some(ev) = d.engine.sm.poll_event() {
            progressed = true;
            event(d, ev);
        }
        if !progressed {
            break;
        }
        any = true;
    }
    // New keys only appear when the state machine did something.
    if any {
        write_keys(d);
    }
    d.engine.waiters.retain(|w| w.link.is_open());
}

/// A failed SA install means the Child SA carries no traffic whatever the
/// negotiation says: whack sessions waiting on a connection between those
/// hosts are told (RC_FATAL) and closed, so `whack --initiate` fails.
fn report_kernel_failures(d: &mut Daemon) {
    for (hosts, why) in std::mem::take(&mut d.engine.kernel_failures) {
        let Some((a, b)) = hosts else { continue };
        let names: Vec<String> = d
            .conns
            .iter()
            .filter(|c| match c.hosts() {
                Some((Some(me), Some(peer))) => (me, peer) == (a, b) || (me, peer) == (b, a),
                _ => false,
            })
            .map(|c| c.name().to_string())
            .collect();
        for n in names {
            let text = format!("\"{n}\": kernel refused the IPsec SA: {why}");
            tell_waiters(d, &n, Rc::FATAL, &text);
            d.engine.waiters.retain(|w| w.conn != n);
        }
    }
}

/// `--keylogfile`: each keyed IKE SA's record, once.
fn write_keys(d: &mut Daemon) {
    let Some(k) = d.engine.keylog.as_mut() else {
        return;
    };
    for rec in d.engine.sm.ike_keys() {
        if let Err(e) = k.write((rec.spi_i, rec.spi_r), &rec.to_string()) {
            tracing::warn!("--keylogfile: {e}; no more keys are written");
            d.engine.keylog = None;
            return;
        }
    }
}

fn event(d: &mut Daemon, ev: Event) {
    match ev {
        Event::Log(line) => {
            let rc = to_rc(line.rc);
            let text = line.to_string();
            match line.rc.0 {
                0..=9 => tracing::info!("{text}"),
                _ => tracing::warn!("{text}"),
            }
            if let Some(c) = &line.connection {
                tell_waiters(d, c, rc, &text);
                let peer = d.conns.get(c).and_then(|c| c.hosts()).and_then(|h| h.1);
                if let (Some(pp), Some(peer)) = (d.engine.perpeer.as_mut(), peer) {
                    if let Err(e) = pp.write(peer, &text) {
                        tracing::warn!("--perpeerlog: {e}; per-peer logging stopped");
                        d.engine.perpeer = None;
                    }
                }
            }
        }
        Event::IkeEstablished {
            serial,
            connection,
            peer_id,
            rekey_of,
        } => {
            uniqueids(d, serial.0, &connection, peer_id.as_ref(), rekey_of);
            d.engine.states.insert(
                serial.0,
                StateView {
                    serial: serial.0,
                    conn: connection,
                    is_ike: true,
                    parent: None,
                    established: Instant::now(),
                    esp: None,
                },
            );
        }
        Event::ChildEstablished {
            serial,
            ike,
            connection,
        } => {
            let esp = d.engine.installs.pop_front().and_then(|(_, i, o)| {
                let (spi_in, in_id) = i?;
                let (spi_out, out_id) = o?;
                Some(EspView {
                    spi_in,
                    spi_out,
                    me: in_id.dst,
                    peer: out_id.dst,
                    in_id,
                    out_id,
                })
            });
            let spis = esp.as_ref().map(|e| (e.spi_in, e.spi_out));
            d.engine.states.insert(
                serial.0,
                StateView {
                    serial: serial.0,
                    conn: connection.clone(),
                    is_ike: false,
                    parent: Some(ike.0),
                    established: Instant::now(),
                    esp,
                },
            );
            run_updown(d, &connection, Operation::Up, spis, None);
            // The initiate is done: close the sessions waiting for it.
            let done: Vec<Waiter> = {
                let (done, keep) = std::mem::take(&mut d.engine.waiters)
                    .into_iter()
                    .partition(|w| w.conn == connection);
                d.engine.waiters = keep;
                done
            };
            drop(done);
        }
        Event::Failed {
            serial,
            connection,
            reason,
        } => {
            let who = serial.map(|s| format!(" {s}")).unwrap_or_default();
            let text = format!("\"{connection}\"{who}: {reason}");
            tracing::warn!("{text}");
            tell_waiters(d, &connection, Rc::FATAL, &text);
            d.engine.waiters.retain(|w| w.conn != connection);
        }
        Event::Deleted {
            serial,
            connection,
            ike,
        } => {
            if ike {
                d.engine.peer_ids.deleted(serial.0);
            }
            if let Some(st) = d.engine.states.remove(&serial.0) {
                if !ike {
                    let spis = st.esp.as_ref().map(|e| (e.spi_in, e.spi_out));
                    run_updown(d, &connection, Operation::Down, spis, None);
                }
            }
        }
        Event::PeerDead { serial, connection } => {
            tracing::warn!("\"{connection}\" {serial}: peer is not responding; declared dead");
        }
    }
}

/// `--uniqueids`: a new IKE SA authenticated a peer that older IKE SAs of
/// the same connection have: delete those (and their Child SAs).
fn uniqueids(
    d: &mut Daemon,
    serial: u64,
    connection: &str,
    peer_id: Option<&ike_sm::config::Identity>,
    rekey_of: Option<Serial>,
) {
    let uniqueids = d.opts.uniqueids;
    let dups = d
        .engine
        .peer_ids
        .established(serial, connection, peer_id, rekey_of, uniqueids);
    for (old, conn, id) in dups {
        say(
            None,
            Rc::LOG,
            format!("\"{conn}\" #{old}: deleting IKE SA: peer '{id}' authenticated again in #{serial} (uniqueids)"),
        );
        if let Err(e) = d.engine.sm.delete_state(Instant::now(), Serial(old)) {
            tracing::debug!("uniqueids: #{old}: {e}");
        }
    }
}

/// Delete everything at shutdown: every connection's states (the peer is
/// told where a message can still go out), then whatever the kernel holds.
pub fn shutdown(d: &mut Daemon) {
    let now = Instant::now();
    let names: Vec<String> = d.engine.sm.connection_names().map(str::to_string).collect();
    for n in names {
        let _ = d.engine.sm.terminate(now, &n);
        let _ = d.engine.sm.remove_connection(now, &n);
    }
    drain(d);
    if let Err(e) = d.engine.kernel.shutdown() {
        tracing::warn!("kernel cleanup at shutdown: {e}");
    }
}

/// `whack --busy` / `--relax`.
pub fn set_busy(d: &mut Daemon, busy: bool) {
    d.engine.sm.set_busy(busy);
}

/// Hand every oriented connection to the state machine (or refresh it
/// when its description or secret changed); take unoriented ones away.
pub fn sync_connections(d: &mut Daemon, l: Option<&WhackLink>) {
    let now = Instant::now();
    let names: Vec<String> = d.conns.iter().map(|c| c.name().to_string()).collect();
    for name in names {
        sync_one(d, &name, now, l);
    }
    let stale: Vec<String> = d
        .engine
        .sm
        .connection_names()
        .filter(|n| d.conns.get(n).is_none())
        .map(str::to_string)
        .collect();
    for n in stale {
        let _ = d.engine.sm.remove_connection(now, &n);
    }
}

/// [`sync_connections`] for one connection (just added or replaced).
pub fn sync_connection(d: &mut Daemon, name: &str, l: Option<&WhackLink>) {
    sync_one(d, name, Instant::now(), l);
}

fn sync_one(d: &mut Daemon, name: &str, now: Instant, l: Option<&WhackLink>) {
    let Some(c) = d.conns.get(name) else { return };
    if c.side.is_none() {
        if d.engine.sm.connection(name).is_some() {
            let _ = d.engine.sm.remove_connection(now, name);
        }
        return;
    }
    let want =
        match crate::translate::to_sm(c, &d.secrets, d.opts.ikeport, d.myid.as_deref(), &d.pubkeys)
        {
            Ok(w) => w,
            Err(e) => {
                say(l, Rc::FATAL, format!("\"{name}\": {e}"));
                return;
            }
        };
    if d.engine.sm.connection(name) == Some(&want) {
        return;
    }
    if d.engine.sm.connection(name).is_some() {
        let _ = d.engine.sm.remove_connection(now, name);
    }
    if let Err(e) = d.engine.sm.add_connection(want) {
        say(l, Rc::FATAL, format!("\"{name}\": {e}"));
    }
}

/// `whack --initiate`: start, and keep whack's session until the Child SA
/// is up or the attempt failed (unless `--asynchronous`).
pub fn initiate(
    d: &mut Daemon,
    i: InitiateRequest,
    link: WhackLink,
    _answers: mpsc::Receiver<String>,
) {
    let l = Some(&link);
    let Some(c) = d.known(&i.name, l) else {
        return;
    };
    if !d.ifaces.is_listening() {
        say(l, Rc::DEAF, "need --listen before --initiate");
        return;
    }
    if c.side.is_none() {
        say(
            l,
            Rc::ORIENT,
            format!(
                "\"{}\": we cannot identify ourselves with either end of this connection",
                i.name
            ),
        );
        return;
    }
    sync_one(d, &i.name, Instant::now(), l);
    if !i.asynchronous {
        d.engine.waiters.push(Waiter {
            conn: i.name.clone(),
            link: link.clone(),
        });
    }
    match d.engine.sm.initiate(Instant::now(), &i.name) {
        Ok(serial) => {
            // ike-sm logs the start; an asynchronous whack, which gets
            // none of the progress lines, is told which state it is.
            if i.asynchronous {
                link.send(
                    Rc::LOG,
                    format!("\"{}\" {serial}: initiating IKEv2 connection", i.name),
                );
            }
        }
        Err(e) => {
            d.engine.waiters.retain(|w| w.conn != i.name);
            let rc = match e {
                CommandError::UnknownConnection(_) => Rc::UNKNOWN_NAME,
                _ => Rc::FATAL,
            };
            say(l, rc, e.to_string());
        }
    }
}

/// `whack --terminate`.
pub fn terminate(d: &mut Daemon, name: &str, l: Option<&WhackLink>) {
    say(
        l,
        Rc::LOG,
        format!("\"{name}\": terminating SAs using this connection"),
    );
    d.engine.waiters.retain(|w| w.conn != name);
    if d.engine.sm.connection(name).is_some() {
        let _ = d.engine.sm.terminate(Instant::now(), name);
    }
}

/// `whack --deletestate N`.
pub fn delete_state(d: &mut Daemon, serial: u64, l: Option<&WhackLink>) {
    match d.engine.sm.delete_state(Instant::now(), Serial(serial)) {
        Ok(()) => say(l, Rc::LOG, format!("#{serial}: deleting state")),
        Err(_) => say(l, Rc::UNKNOWN_NAME, format!("no state #{serial} to delete")),
    }
}

/// `whack --crash ADDR`: bring down our end of every connection to it.
pub fn crash(d: &mut Daemon, peer: Option<IpAddr>, l: Option<&WhackLink>) {
    let names: Vec<String> = d
        .conns
        .iter()
        .filter(|c| match (c.hosts(), peer) {
            (Some((_, Some(p))), Some(want)) => p == want,
            (Some(_), None) => true,
            _ => false,
        })
        .map(|c| c.name().to_string())
        .collect();
    if names.is_empty() {
        say(l, Rc::COMMENT, "no connection to that peer");
    }
    for n in names {
        terminate(d, &n, l);
    }
}

/// A connection was replaced or deleted: drop it from the state machine.
pub fn forget_connection(d: &mut Daemon, name: &str) {
    if d.engine.sm.connection(name).is_some() {
        let _ = d.engine.sm.remove_connection(Instant::now(), name);
    }
}

/// The updown context of an oriented connection (no SA yet).
pub(crate) fn updown_context(d: &Daemon, name: &str) -> Option<(String, UpdownContext)> {
    let c = d.conns.get(name)?;
    let (me_end, peer_end) = c.ends()?;
    let (me, peer) = c.hosts()?;
    let me = me?;
    let peer = peer.unwrap_or(if me.is_ipv4() {
        IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)
    } else {
        IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED)
    });
    let subnet = |e: &whack_proto::End, host| match &e.client {
        Some(cl) => {
            let s = cl.subnet();
            Subnet {
                addr: s.addr(),
                prefix: s.prefix_len(),
            }
        }
        None => Subnet::host(host),
    };
    let next_hop = match me_end.nexthop {
        Some(whack_proto::NextHop::Addr(a)) => a,
        _ => peer,
    };
    let ctx = UpdownContext {
        connection: name.to_string(),
        me,
        peer,
        next_hop,
        interface: d.ifaces.name_of(me).unwrap_or("").to_string(),
        my_client: subnet(me_end, me),
        peer_client: subnet(peer_end, peer),
        my_protocol: me_end.protoport.map(|p| p.protocol).unwrap_or(0),
        peer_protocol: peer_end.protoport.map(|p| p.protocol).unwrap_or(0),
        my_port: me_end.protoport.and_then(|p| p.port).unwrap_or(0),
        peer_port: peer_end.protoport.and_then(|p| p.port).unwrap_or(0),
        my_id: me_end.id.clone().unwrap_or_else(|| me.to_string()),
        peer_id: peer_end.id.clone().unwrap_or_else(|| peer.to_string()),
        peer_ca: peer_end.ca.clone().unwrap_or_default(),
        spis: None,
    };
    let cmd = me_end.updown.clone().unwrap_or_else(|| "%disabled".into());
    Some((cmd, ctx))
}

/// Run one updown operation for a connection, reporting failure to whack.
pub(crate) fn run_updown(
    d: &Daemon,
    name: &str,
    op: Operation,
    spis: Option<(u32, u32)>,
    l: Option<&WhackLink>,
) -> bool {
    let Some((cmd, mut ctx)) = updown_context(d, name) else {
        return true;
    };
    ctx.spis = spis;
    match updown::run(&cmd, &ctx, op) {
        updown::Outcome::Failed(why) => {
            say(
                l,
                Rc::LOG_SERIOUS,
                format!("\"{name}\": updown failed: {why}"),
            );
            false
        }
        _ => true,
    }
}

/// `auto=start`: initiate with nobody waiting.
pub fn initiate_async(d: &mut Daemon, name: &str) {
    if d.conns.get(name).is_some_and(|c| c.side.is_some()) {
        sync_one(d, name, Instant::now(), None);
        if let Err(e) = d.engine.sm.initiate(Instant::now(), name) {
            say(None, Rc::FATAL, format!("\"{name}\": {e}"));
        }
    } else {
        say(
            None,
            Rc::ORIENT,
            format!("\"{name}\": cannot start: not oriented"),
        );
    }
}
