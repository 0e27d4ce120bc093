//! Kernel requests as plain data, so a sans-IO state machine can emit them and a
//! backend can carry them out later.

use crate::counters::SaCounters;
use crate::policy::{PolicyId, PolicySpec};
use crate::sa::{SaId, SaSpec};
use crate::spi::{Spi, SpiRequest};

/// One request to the kernel. Holds keys (in [`SaSpec`]) that are wiped when dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KernelOp {
    /// Reserve an SPI for an inbound SA; answered by [`KernelReply::Spi`].
    AllocSpi(SpiRequest),
    /// Add an SA whose SPI is not yet known to the kernel (outbound SAs).
    AddSa(SaSpec),
    /// Complete an SA whose SPI was allocated (inbound SAs), or change an SA.
    UpdateSa(SaSpec),
    /// Delete an SA.
    DeleteSa(SaId),
    /// Read an SA's counters; answered by [`KernelReply::Counters`].
    GetCounters(SaId),
    /// Add a policy; fails if one with the same [`PolicyId`] exists.
    AddPolicy(PolicySpec),
    /// Add or replace a policy (e.g. a `%trap` becoming an IPsec policy).
    UpdatePolicy(PolicySpec),
    /// Delete a policy.
    DeletePolicy(PolicyId),
}

impl KernelOp {
    /// The operation's kind, as errors name it.
    pub fn kind(&self) -> crate::OpKind {
        use crate::OpKind;
        match self {
            KernelOp::AllocSpi(_) => OpKind::AllocSpi,
            KernelOp::AddSa(_) => OpKind::AddSa,
            KernelOp::UpdateSa(_) => OpKind::UpdateSa,
            KernelOp::DeleteSa(_) => OpKind::DeleteSa,
            KernelOp::GetCounters(_) => OpKind::GetSa,
            KernelOp::AddPolicy(_) => OpKind::AddPolicy,
            KernelOp::UpdatePolicy(_) => OpKind::UpdatePolicy,
            KernelOp::DeletePolicy(_) => OpKind::DeletePolicy,
        }
    }
}

/// The answer to a [`KernelOp`] that succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KernelReply {
    /// The SPI allocated.
    Spi(Spi),
    /// The counters read.
    Counters(SaCounters),
    /// Done, nothing to report.
    Done,
}
