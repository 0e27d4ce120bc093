//! A deterministic network simulator for tests (this crate's and others'):
//! N endpoints over an in-memory network with a virtual clock, seeded
//! loss, duplication, reordering and delay, and a recording kernel
//! (`kernel-sa`'s nostack) per node. Like quinn-proto's test `Pair`.
//! Crypto jobs of endpoints in offload mode are run by the network as
//! [`JobRunner`] says (at once, after a delay in shuffled order, or left
//! to the test). Every kernel op's outcome is fed back with
//! [`Endpoint::handle_kernel_result`]; [`KernelFaults`] makes chosen ops
//! fail, to test that path end to end.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use kernel_sa::{Errno, Kernel, KernelError, KernelOp, NostackKernel};

use crate::endpoint::Endpoint;
use crate::event::Event;
use crate::job::Job;
use crate::rng::SeededRng;
use crate::transmit::Transmit;

/// One simulated host.
pub struct Node {
    /// Its IP address.
    pub addr: IpAddr,
    /// The state machine.
    pub endpoint: Endpoint,
    /// The recording kernel the node's kernel ops run against.
    pub kernel: NostackKernel,
    /// Every event, in order.
    pub events: Vec<Event>,
    /// Every kernel op with its outcome.
    pub kernel_log: Vec<(KernelOp, Result<(), KernelError>)>,
    /// Crypto jobs drained from the endpoint and not yet run, with the
    /// virtual time they are due ([`JobRunner`]).
    pub jobs: Vec<(Instant, Job)>,
    /// How many jobs the network has run and fed back for this node.
    pub jobs_run: usize,
    /// Kernel ops this node's kernel refuses.
    pub kernel_faults: KernelFaults,
}

/// Linux's EINVAL (asm-generic/errno-base.h), what XFRM answers a bad SA.
const EINVAL: Errno = Errno(22);

/// Kernel failures to inject on one node: a refused op is not run on the
/// recording kernel and its error is fed to the endpoint as a real
/// kernel's would be (`EINVAL`, with an extack naming the sim).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KernelFaults {
    /// Refuse every `AddSa` and `UpdateSa` of an SA with one of these SPIs.
    pub sa_spis: Vec<u32>,
    /// Refuse the Nth `AddSa` the node runs (1 = its first).
    pub nth_add_sa: Vec<usize>,
    /// `AddSa` ops run so far (refused ones included).
    add_sa_seen: usize,
}

impl KernelFaults {
    /// Whether `op` is to fail; counts `AddSa`s as it goes.
    fn refuses(&mut self, op: &KernelOp) -> bool {
        let by_count = if let KernelOp::AddSa(_) = op {
            self.add_sa_seen += 1;
            self.nth_add_sa.contains(&self.add_sa_seen)
        } else {
            false
        };
        let by_spi = match op {
            KernelOp::AddSa(s) | KernelOp::UpdateSa(s) => self.sa_spis.contains(&s.spi.0),
            _ => false,
        };
        by_count || by_spi
    }

    /// Run `op` on `kernel` unless it is to fail.
    fn execute(&mut self, kernel: &mut NostackKernel, op: &KernelOp) -> Result<(), KernelError> {
        if self.refuses(op) {
            return Err(KernelError::Kernel {
                op: op.kind(),
                errno: EINVAL,
                extack: Some("refused by the simulator (KernelFaults)".into()),
            });
        }
        kernel.execute(op).map(|_| ())
    }
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node").field("addr", &self.addr).finish()
    }
}

impl Node {
    /// Kernel operations that failed.
    pub fn kernel_errors(&self) -> Vec<String> {
        self.kernel_log
            .iter()
            .filter_map(|(op, r)| r.as_ref().err().map(|e| format!("{:?}: {e}", op.kind())))
            .collect()
    }

    /// Count of events matching a predicate.
    pub fn count(&self, f: impl Fn(&Event) -> bool) -> usize {
        self.events.iter().filter(|e| f(e)).count()
    }
}

/// What an interceptor does with a datagram in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Deliver as is.
    Deliver,
    /// Drop it.
    Drop,
    /// Deliver these bytes instead.
    Replace(Vec<u8>),
}

/// A datagram in flight.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct InFlight {
    at: Instant,
    seq: u64,
    src: SocketAddr,
    dst: SocketAddr,
    payload: Vec<u8>,
}

/// Impairments (all probabilities in 0..=1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Impairments {
    /// Probability a datagram is lost.
    pub loss: f64,
    /// Probability a datagram is delivered twice.
    pub duplicate: f64,
    /// Probability a datagram gets an extra random delay (reordering).
    pub reorder: f64,
    /// Base one-way delay.
    pub delay: Duration,
    /// Largest extra delay for reordered datagrams.
    pub jitter: Duration,
}

impl Default for Impairments {
    fn default() -> Self {
        Impairments {
            loss: 0.0,
            duplicate: 0.0,
            reorder: 0.0,
            delay: Duration::from_millis(5),
            jitter: Duration::from_millis(50),
        }
    }
}

/// How the network runs the crypto jobs of endpoints in offload mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JobRunner {
    /// Run each job as soon as it is drained, in order.
    #[default]
    Immediate,
    /// Run each job `delay` of virtual time after it was drained; with
    /// `shuffle`, jobs that fall due together run in an order drawn from
    /// the network's seed.
    Delayed {
        /// How long a job takes.
        delay: Duration,
        /// Run simultaneous jobs out of order.
        shuffle: bool,
    },
    /// Leave jobs in [`Node::jobs`]: the test runs them and feeds results
    /// back itself (e.g. on other threads).
    Manual,
}

/// Interceptor callback type.
pub type Interceptor = Box<dyn FnMut(&Transmit) -> Verdict>;

/// The network.
pub struct Network {
    /// Virtual now.
    pub now: Instant,
    /// Hosts.
    pub nodes: Vec<Node>,
    /// Impairments applied to every datagram.
    pub impair: Impairments,
    /// Every datagram sent (before impairments), for inspection.
    pub sent: Vec<Transmit>,
    /// Optional hook on every datagram (tamper, drop, replay tests).
    pub interceptor: Option<Interceptor>,
    /// How crypto jobs are run.
    pub job_runner: JobRunner,
    rng: SeededRng,
    flight: BinaryHeap<Reverse<InFlight>>,
    seq: u64,
}

impl std::fmt::Debug for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Network")
            .field("nodes", &self.nodes)
            .field("in_flight", &self.flight.len())
            .finish()
    }
}

impl Network {
    /// A network whose impairments draw from `seed`. The virtual clock
    /// starts at `start` (any `Instant`; only differences matter).
    pub fn new(seed: u64, start: Instant) -> Self {
        Network {
            now: start,
            nodes: Vec::new(),
            impair: Impairments::default(),
            sent: Vec::new(),
            interceptor: None,
            job_runner: JobRunner::default(),
            rng: SeededRng::new(seed),
            flight: BinaryHeap::new(),
            seq: 0,
        }
    }

    /// Add a host; returns its index.
    pub fn add_node(&mut self, addr: IpAddr, endpoint: Endpoint) -> usize {
        self.nodes.push(Node {
            addr,
            endpoint,
            kernel: NostackKernel::new(),
            events: Vec::new(),
            kernel_log: Vec::new(),
            jobs: Vec::new(),
            jobs_run: 0,
            kernel_faults: KernelFaults::default(),
        });
        self.nodes.len() - 1
    }

    /// Drain every node's outputs: jobs run when due, kernel ops run (each
    /// outcome fed back with [`Endpoint::handle_kernel_result`], which may
    /// queue more ops), events recorded, datagrams put in flight through
    /// the impairments.
    pub fn drain(&mut self) {
        let now = self.now;
        for i in 0..self.nodes.len() {
            self.run_jobs(i);
            let mut out = Vec::new();
            if let Some(n) = self.nodes.get_mut(i) {
                while let Some(op) = n.endpoint.poll_kernel_op() {
                    let r = n.kernel_faults.execute(&mut n.kernel, &op);
                    n.endpoint
                        .handle_kernel_result(now, &op, r.as_ref().map(|_| ()));
                    n.kernel_log.push((op, r));
                }
                while let Some(e) = n.endpoint.poll_event() {
                    n.events.push(e);
                }
                while let Some(t) = n.endpoint.poll_transmit() {
                    out.push(t);
                }
            }
            for t in out {
                self.send(t);
            }
        }
    }

    /// Collect node `i`'s new jobs, then run and feed back those due, until
    /// feeding back makes no new due job.
    fn run_jobs(&mut self, i: usize) {
        let now = self.now;
        let runner = self.job_runner;
        loop {
            let Some(n) = self.nodes.get_mut(i) else {
                return;
            };
            while let Some(j) = n.endpoint.poll_job() {
                let due = match runner {
                    JobRunner::Delayed { delay, .. } => now + delay,
                    JobRunner::Immediate | JobRunner::Manual => now,
                };
                n.jobs.push((due, j));
            }
            if runner == JobRunner::Manual {
                return;
            }
            let (mut due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut n.jobs)
                .into_iter()
                .partition(|(t, _)| *t <= now);
            n.jobs = later;
            if due.is_empty() {
                return;
            }
            if matches!(runner, JobRunner::Delayed { shuffle: true, .. }) {
                // Fisher-Yates with the network's seeded generator.
                for k in (1..due.len()).rev() {
                    let r = (self.rng.next_word() % (k as u64 + 1)) as usize;
                    due.swap(k, r);
                }
            }
            let Some(n) = self.nodes.get_mut(i) else {
                return;
            };
            for (_, j) in due {
                let r = j.run();
                n.endpoint.handle_job_done(now, r);
                n.jobs_run += 1;
            }
        }
    }

    fn send(&mut self, mut t: Transmit) {
        self.sent.push(t.clone());
        if let Some(f) = self.interceptor.as_mut() {
            match f(&t) {
                Verdict::Deliver => {}
                Verdict::Drop => return,
                Verdict::Replace(b) => t.payload = b,
            }
        }
        if self.rng.unit() < self.impair.loss {
            return;
        }
        let copies = if self.rng.unit() < self.impair.duplicate {
            2
        } else {
            1
        };
        for _ in 0..copies {
            let mut at = self.now + self.impair.delay;
            if self.rng.unit() < self.impair.reorder {
                let j = self.impair.jitter.as_micros() as u64;
                if j > 0 {
                    at += Duration::from_micros(self.rng.next_word() % j);
                }
            }
            self.seq += 1;
            self.flight.push(Reverse(InFlight {
                at,
                seq: self.seq,
                src: t.src,
                dst: t.dst,
                payload: t.payload.clone(),
            }));
        }
    }

    /// The next instant something happens (delivery or a node's timer).
    pub fn next_event_time(&self) -> Option<Instant> {
        let d = self.flight.peek().map(|Reverse(p)| p.at);
        let manual = self.job_runner == JobRunner::Manual;
        let t = self
            .nodes
            .iter()
            .filter_map(|n| n.endpoint.poll_timeout())
            .chain(
                self.nodes
                    .iter()
                    .flat_map(|n| n.jobs.iter().map(|(at, _)| *at))
                    .filter(|_| !manual),
            )
            .min();
        match (d, t) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Advance to the next event and process everything due then.
    /// Returns false when nothing is left to do before `limit`.
    pub fn step(&mut self, limit: Instant) -> bool {
        self.drain();
        let Some(t) = self.next_event_time() else {
            return false;
        };
        if t > limit {
            return false;
        }
        self.now = self.now.max(t);
        let now = self.now;
        while self.flight.peek().is_some_and(|Reverse(p)| p.at <= now) {
            let Some(Reverse(p)) = self.flight.pop() else {
                break;
            };
            if let Some(n) = self.nodes.iter_mut().find(|n| n.addr == p.dst.ip()) {
                n.endpoint.handle_datagram(now, p.dst, p.src, &p.payload);
            }
        }
        for n in &mut self.nodes {
            if n.endpoint.poll_timeout().is_some_and(|t| t <= now) {
                n.endpoint.handle_timeout(now);
            }
        }
        self.drain();
        true
    }

    /// Run until `dur` of virtual time has passed or nothing is left.
    pub fn run_for(&mut self, dur: Duration) {
        let limit = self.now + dur;
        while self.step(limit) {}
        self.drain();
        self.now = self.now.max(limit);
    }

    /// Run until `cond` holds or `dur` passes; true if it held.
    pub fn run_until(&mut self, dur: Duration, mut cond: impl FnMut(&Network) -> bool) -> bool {
        let limit = self.now + dur;
        loop {
            if cond(self) {
                return true;
            }
            if !self.step(limit) {
                self.drain();
                return cond(self);
            }
        }
    }

    /// Index of the node with this address.
    pub fn node_of(&self, addr: IpAddr) -> Option<usize> {
        self.nodes.iter().position(|n| n.addr == addr)
    }
}
