//! `nostack`: an in-memory kernel that records every call (`--use-nostack` and tests).
//!
//! It keeps the rules the XFRM backend meets on a real kernel: an SPI is allocated as a
//! larval SA that [`Kernel::update_sa`] completes, adding an existing SA or policy fails,
//! deleting a missing one fails, counters only grow. Traffic, time, and SA deletion by
//! others are simulated through the methods in `sim.rs` so that tests can produce every
//! [`KernelEvent`].

mod sim;
pub use sim::Packet;

use crate::backend::Kernel;
use crate::counters::SaCounters;
use crate::error::{KernelError, OpKind};
use crate::event::KernelEvent;
use crate::op::{KernelOp, KernelReply};
use crate::policy::{PolicyId, PolicySpec};
use crate::sa::{SaId, SaSpec};
use crate::spi::{Spi, SpiRequest};
use crate::validate::check_sa;
use std::collections::{BTreeMap, VecDeque};

/// One call as it was made, with its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    /// The request.
    pub op: KernelOp,
    /// What the backend answered.
    pub outcome: Result<KernelReply, KernelError>,
}

/// An SA in the in-memory table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NostackSa {
    /// SPI reserved by `allocate_spi`, not yet keyed.
    Larval {
        /// The request that reserved it.
        req: SpiRequest,
        /// When it was reserved (seconds since the Unix epoch).
        add_time: u64,
    },
    /// A keyed SA with its counters.
    Installed {
        /// As added.
        spec: Box<SaSpec>,
        /// Traffic so far.
        counters: SaCounters,
        /// A soft expire was already reported.
        soft_expired: bool,
    },
}

/// The in-memory kernel.
#[derive(Debug, Default)]
pub struct NostackKernel {
    sas: BTreeMap<SaId, NostackSa>,
    policies: BTreeMap<PolicyId, PolicySpec>,
    calls: Vec<CallRecord>,
    events: VecDeque<KernelEvent>,
    /// Seconds since the Unix epoch, as set by `set_now` (starts at 0).
    now: u64,
    /// State of the SPI generator (deterministic, so tests repeat).
    spi_seed: u64,
}

impl NostackKernel {
    /// An empty kernel at time 0.
    pub fn new() -> Self {
        NostackKernel {
            spi_seed: 0x9e37_79b9_7f4a_7c15,
            ..NostackKernel::default()
        }
    }

    /// Every call so far, in order, with its outcome.
    pub fn calls(&self) -> &[CallRecord] {
        &self.calls
    }

    /// The SA table entry for `id`.
    pub fn sa(&self, id: &SaId) -> Option<&NostackSa> {
        self.sas.get(id)
    }

    /// The SA as it was added, if installed (not larval).
    pub fn sa_spec(&self, id: &SaId) -> Option<&SaSpec> {
        match self.sas.get(id) {
            Some(NostackSa::Installed { spec, .. }) => Some(spec),
            _ => None,
        }
    }

    /// The policy with this id.
    pub fn policy(&self, id: &PolicyId) -> Option<&PolicySpec> {
        self.policies.get(id)
    }

    fn run(&mut self, op: KernelOp) -> Result<KernelReply, KernelError> {
        let outcome = self.apply(&op);
        self.calls.push(CallRecord {
            op,
            outcome: outcome.clone(),
        });
        outcome
    }

    fn apply(&mut self, op: &KernelOp) -> Result<KernelReply, KernelError> {
        let kind = op.kind();
        match op {
            KernelOp::AllocSpi(req) => self.alloc(req).map(KernelReply::Spi),
            KernelOp::AddSa(spec) => {
                check_sa(kind, spec)?;
                let id = spec.id();
                if self.sas.contains_key(&id) {
                    return Err(exists(kind, &id));
                }
                self.install(spec, None);
                Ok(KernelReply::Done)
            }
            KernelOp::UpdateSa(spec) => {
                check_sa(kind, spec)?;
                let id = spec.id();
                let old = match self.sas.get(&id) {
                    None => return Err(not_found(kind, &id)),
                    Some(NostackSa::Larval { .. }) => None,
                    Some(NostackSa::Installed { counters, .. }) => Some(*counters),
                };
                // Counters belong to the SA, not to its parameters: an update keeps them.
                // Completing a larval SA starts a new one, as the kernel replaces the
                // larval state (its lifetimes count from now).
                self.install(spec, old);
                Ok(KernelReply::Done)
            }
            KernelOp::DeleteSa(id) => match self.sas.remove(id) {
                Some(_) => Ok(KernelReply::Done),
                None => Err(not_found(kind, id)),
            },
            KernelOp::GetCounters(id) => match self.sas.get(id) {
                Some(NostackSa::Installed { counters, .. }) => Ok(KernelReply::Counters(*counters)),
                Some(NostackSa::Larval { add_time, .. }) => Ok(KernelReply::Counters(SaCounters {
                    add_time: *add_time,
                    ..SaCounters::default()
                })),
                None => Err(not_found(kind, id)),
            },
            KernelOp::AddPolicy(p) | KernelOp::UpdatePolicy(p) => {
                p.check()
                    .map_err(|what| KernelError::Invalid { op: kind, what })?;
                let id = p.id();
                if matches!(op, KernelOp::AddPolicy(_)) && self.policies.contains_key(&id) {
                    return Err(exists(kind, &id));
                }
                self.policies.insert(id, p.clone());
                Ok(KernelReply::Done)
            }
            KernelOp::DeletePolicy(id) => match self.policies.remove(id) {
                Some(_) => Ok(KernelReply::Done),
                None => Err(not_found(kind, id)),
            },
        }
    }

    fn install(&mut self, spec: &SaSpec, counters: Option<SaCounters>) {
        let counters = counters.unwrap_or(SaCounters {
            add_time: self.now,
            ..SaCounters::default()
        });
        self.sas.insert(
            spec.id(),
            NostackSa::Installed {
                spec: Box::new(spec.clone()),
                counters,
                soft_expired: false,
            },
        );
    }

    fn alloc(&mut self, req: &SpiRequest) -> Result<Spi, KernelError> {
        let op = OpKind::AllocSpi;
        if req.family().is_none() {
            return Err(KernelError::Invalid {
                op,
                what: format!("{} -> {} mixes address families", req.src, req.dst),
            });
        }
        let (min, max) = (u64::from(req.range.min()), u64::from(req.range.max()));
        let size = max - min + 1;
        // splitmix64 step: deterministic, spread over the range.
        self.spi_seed = self.spi_seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.spi_seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        let start = z % size;
        // At most `sas.len()` values are taken, so probing one more finds a free one
        // unless the range is smaller than that.
        let tries = size.min(self.sas.len() as u64 + 1);
        for i in 0..tries {
            let v = min + (start + i) % size;
            let spi = Spi(u32::try_from(v).unwrap_or(u32::MAX));
            let id = SaId {
                dst: req.dst,
                spi,
                proto: req.proto,
                mark: req.mark,
            };
            if let std::collections::btree_map::Entry::Vacant(e) = self.sas.entry(id) {
                e.insert(NostackSa::Larval {
                    req: req.clone(),
                    add_time: self.now,
                });
                return Ok(spi);
            }
        }
        Err(KernelError::SpiExhausted {
            op,
            range: req.range.to_string(),
        })
    }
}

fn exists(op: OpKind, what: &dyn std::fmt::Display) -> KernelError {
    KernelError::Exists {
        op,
        what: what.to_string(),
    }
}

fn not_found(op: OpKind, what: &dyn std::fmt::Display) -> KernelError {
    KernelError::NotFound {
        op,
        what: what.to_string(),
    }
}

impl Kernel for NostackKernel {
    fn allocate_spi(&mut self, req: &SpiRequest) -> Result<Spi, KernelError> {
        match self.run(KernelOp::AllocSpi(req.clone()))? {
            KernelReply::Spi(s) => Ok(s),
            other => Err(KernelError::Malformed {
                op: OpKind::AllocSpi,
                detail: format!("{other:?}"),
            }),
        }
    }

    fn add_sa(&mut self, sa: &SaSpec) -> Result<(), KernelError> {
        self.run(KernelOp::AddSa(sa.clone())).map(drop)
    }

    fn update_sa(&mut self, sa: &SaSpec) -> Result<(), KernelError> {
        self.run(KernelOp::UpdateSa(sa.clone())).map(drop)
    }

    fn delete_sa(&mut self, id: &SaId) -> Result<(), KernelError> {
        self.run(KernelOp::DeleteSa(*id)).map(drop)
    }

    fn sa_counters(&mut self, id: &SaId) -> Result<SaCounters, KernelError> {
        match self.run(KernelOp::GetCounters(*id))? {
            KernelReply::Counters(c) => Ok(c),
            other => Err(KernelError::Malformed {
                op: OpKind::GetSa,
                detail: format!("{other:?}"),
            }),
        }
    }

    fn sas(&mut self) -> Result<Vec<SaId>, KernelError> {
        Ok(self.sas.keys().copied().collect())
    }

    fn add_policy(&mut self, policy: &PolicySpec) -> Result<(), KernelError> {
        self.run(KernelOp::AddPolicy(policy.clone())).map(drop)
    }

    fn update_policy(&mut self, policy: &PolicySpec) -> Result<(), KernelError> {
        self.run(KernelOp::UpdatePolicy(policy.clone())).map(drop)
    }

    fn delete_policy(&mut self, id: &PolicyId) -> Result<(), KernelError> {
        self.run(KernelOp::DeletePolicy(*id)).map(drop)
    }

    fn policies(&mut self) -> Result<Vec<PolicySpec>, KernelError> {
        Ok(self.policies.values().cloned().collect())
    }

    fn poll_event(&mut self) -> Result<Option<KernelEvent>, KernelError> {
        Ok(self.events.pop_front())
    }

    fn shutdown(&mut self) -> Result<(), KernelError> {
        // Policies first so no packet is sent in clear while the SAs go (as pluto does).
        let mut first = Ok(());
        let pols: Vec<PolicyId> = self.policies.keys().copied().collect();
        for id in pols {
            if let Err(e) = self.delete_policy(&id) {
                first = first.and(Err(e));
            }
        }
        let sas: Vec<SaId> = self.sas.keys().copied().collect();
        for id in sas {
            if let Err(e) = self.delete_sa(&id) {
                first = first.and(Err(e));
            }
        }
        first
    }

    fn execute(&mut self, op: &KernelOp) -> Result<KernelReply, KernelError> {
        self.run(op.clone())
    }
}
