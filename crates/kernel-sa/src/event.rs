//! What the kernel tells the daemon without being asked.

use crate::policy::{Direction, Selector};
use crate::sa::{Protocol, Reqid, SaId};
use std::net::IpAddr;

/// A packet hit a policy whose SA does not exist yet (a `%trap`): negotiate one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acquire {
    /// The flow of the packet that triggered it (host addresses, its protocol and ports).
    pub selector: Selector,
    /// The selector of the policy it hit.
    pub policy_selector: Selector,
    /// The direction of that policy.
    pub policy_dir: Direction,
    /// The policy's index in the kernel (0 for nostack).
    pub policy_index: u32,
    /// The SA source the template asks for.
    pub src: IpAddr,
    /// The SA destination the template asks for.
    pub dst: IpAddr,
    /// ESP or AH.
    pub proto: Protocol,
    /// The template's reqid.
    pub reqid: Reqid,
}

/// Which limit an expire reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpireKind {
    /// A soft limit: rekey now, the SA still works.
    Soft,
    /// A hard limit: the kernel has deleted the SA.
    Hard,
}

/// A kernel event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KernelEvent {
    /// Traffic needs an SA that is not there.
    Acquire(Acquire),
    /// An SA reached a lifetime limit.
    Expire {
        /// The SA.
        sa: SaId,
        /// Soft or hard.
        kind: ExpireKind,
    },
    /// An SA this backend added was deleted by someone else (`ip xfrm state flush`).
    SaDeleted {
        /// The SA.
        sa: SaId,
    },
}
