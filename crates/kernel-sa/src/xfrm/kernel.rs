//! [`XfrmKernel`]: the [`Kernel`] trait over Linux netlink XFRM.

use super::decode::{self, RawEvent};
use super::encode;
use super::socket::{Expect, NlSocket};
use crate::backend::Kernel;
use crate::counters::SaCounters;
use crate::error::{KernelError, OpKind};
use crate::event::{ExpireKind, KernelEvent};
use crate::policy::{PolicyId, PolicySpec};
use crate::sa::{SaId, SaSpec};
use crate::spi::{Spi, SpiRequest};
use netlink_packet_xfrm::{state, XfrmMessage, XFRMNLGRP_ACQUIRE, XFRMNLGRP_EXPIRE, XFRMNLGRP_SA};
use std::collections::{BTreeSet, VecDeque};
use std::os::fd::{AsFd, BorrowedFd};
use std::time::{Duration, Instant};

/// The XFRM backend: one socket for requests, one joined to the acquire, expire and SA
/// multicast groups for events.
///
/// It remembers every SA (including larval SAs from SPI allocation) and policy it added;
/// [`Kernel::shutdown`], and dropping it, remove those that still exist, unless
/// [`XfrmKernel::leave_on_drop`] was called.
#[derive(Debug)]
pub struct XfrmKernel {
    cmd: NlSocket,
    events: NlSocket,
    sas: BTreeSet<SaId>,
    policies: BTreeSet<PolicyId>,
    pending: VecDeque<KernelEvent>,
    cleanup_on_drop: bool,
}

fn malformed(op: OpKind, detail: impl std::fmt::Display) -> KernelError {
    KernelError::Malformed {
        op,
        detail: detail.to_string(),
    }
}

impl XfrmKernel {
    /// Opens both sockets in the current network namespace (needs CAP_NET_ADMIN for
    /// changes; the sockets themselves open unprivileged).
    pub fn open() -> Result<Self, KernelError> {
        Ok(XfrmKernel {
            cmd: NlSocket::open(&[], false)?,
            events: NlSocket::open(&[XFRMNLGRP_ACQUIRE, XFRMNLGRP_EXPIRE, XFRMNLGRP_SA], true)?,
            sas: BTreeSet::new(),
            policies: BTreeSet::new(),
            pending: VecDeque::new(),
            cleanup_on_drop: true,
        })
    }

    /// Keep the SAs and policies in the kernel when this value is dropped.
    pub fn leave_on_drop(&mut self) {
        self.cleanup_on_drop = false;
    }

    /// The SAs this backend added that it believes still exist.
    pub fn added_sas(&self) -> impl Iterator<Item = &SaId> {
        self.sas.iter()
    }

    /// The policies this backend added that it believes still exist.
    pub fn added_policies(&self) -> impl Iterator<Item = &PolicyId> {
        self.policies.iter()
    }

    /// The event socket, for the daemon's poll loop: readable when
    /// [`Kernel::poll_event`] may have something.
    pub fn event_fd(&self) -> BorrowedFd<'_> {
        self.events.as_fd()
    }

    /// The netlink port of the request socket (requests carry it as `nlmsg_pid`).
    pub fn port(&self) -> u32 {
        self.cmd.port()
    }

    /// Waits up to `timeout` for an event, checking every few milliseconds.
    pub fn wait_event(&mut self, timeout: Duration) -> Result<Option<KernelEvent>, KernelError> {
        let end = Instant::now() + timeout;
        loop {
            if let Some(e) = self.poll_event()? {
                return Ok(Some(e));
            }
            if Instant::now() >= end {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn one_sa_reply(
        op: OpKind,
        replies: Vec<XfrmMessage>,
    ) -> Result<state::ModifyMessage, KernelError> {
        replies
            .into_iter()
            .find_map(|m| match m {
                XfrmMessage::AddSa(s) | XfrmMessage::UpdateSa(s) => Some(s),
                _ => None,
            })
            .ok_or_else(|| malformed(op, "no XFRM_MSG_NEWSA in the reply"))
    }

    fn tracked(&self, id: &SaId) -> Option<SaId> {
        // Expire messages do not carry the mark: match on what they do carry.
        self.sas
            .iter()
            .find(|t| t.dst == id.dst && t.spi == id.spi && t.proto == id.proto)
            .copied()
    }

    fn on_event(&mut self, ev: RawEvent) {
        match ev {
            RawEvent::Acquire(a) => self.pending.push_back(KernelEvent::Acquire(a)),
            RawEvent::Expire { sa, kind } => {
                // Larval SAs the kernel creates for acquires expire too; they are not ours.
                let Some(id) = self.tracked(&sa) else { return };
                if kind == ExpireKind::Hard {
                    self.sas.remove(&id);
                }
                self.pending.push_back(KernelEvent::Expire { sa: id, kind });
            }
            RawEvent::Deleted(sa) => {
                // Our own deletions were untracked before the notification arrives.
                if let Some(id) = self.tracked(&sa) {
                    self.sas.remove(&id);
                    self.pending.push_back(KernelEvent::SaDeleted { sa: id });
                }
            }
            RawEvent::Flushed(proto) => {
                let gone: Vec<SaId> = self
                    .sas
                    .iter()
                    .filter(|s| proto == 0 || s.proto.ip_proto() == proto)
                    .copied()
                    .collect();
                for id in gone {
                    self.sas.remove(&id);
                    self.pending.push_back(KernelEvent::SaDeleted { sa: id });
                }
            }
        }
    }
}

impl Kernel for XfrmKernel {
    fn allocate_spi(&mut self, req: &SpiRequest) -> Result<Spi, KernelError> {
        let op = OpKind::AllocSpi;
        let replies = self
            .cmd
            .request(op, encode::allocspi_message(req)?, Expect::Reply)?;
        let sa = Self::one_sa_reply(op, replies)?;
        let spi = Spi(sa.user_sa_info.id.spi);
        // The kernel honours the range; a value outside it would be a kernel bug that
        // must not reach the peer as our SPI.
        if !req.range.contains(spi) {
            return Err(malformed(op, format!("SPI {spi} outside {}", req.range)));
        }
        self.sas.insert(SaId {
            dst: req.dst,
            spi,
            proto: req.proto,
            mark: req.mark,
        });
        Ok(spi)
    }

    fn add_sa(&mut self, sa: &SaSpec) -> Result<(), KernelError> {
        let msg = encode::sa_message(sa, false)?;
        self.cmd.request(OpKind::AddSa, msg, Expect::Ack)?;
        self.sas.insert(sa.id());
        Ok(())
    }

    fn update_sa(&mut self, sa: &SaSpec) -> Result<(), KernelError> {
        let msg = encode::sa_message(sa, true)?;
        self.cmd.request(OpKind::UpdateSa, msg, Expect::Ack)?;
        self.sas.insert(sa.id());
        Ok(())
    }

    fn delete_sa(&mut self, id: &SaId) -> Result<(), KernelError> {
        let r = self
            .cmd
            .request(OpKind::DeleteSa, encode::delsa_message(id), Expect::Ack);
        if r.is_ok() || r.as_ref().is_err_and(KernelError::is_not_found) {
            self.sas.remove(id);
        }
        r.map(drop)
    }

    fn sa_counters(&mut self, id: &SaId) -> Result<SaCounters, KernelError> {
        let op = OpKind::GetSa;
        let replies = self
            .cmd
            .request(op, encode::getsa_message(id), Expect::Reply)?;
        let sa = Self::one_sa_reply(op, replies)?;
        Ok(decode::counters(&sa.user_sa_info))
    }

    fn sas(&mut self) -> Result<Vec<SaId>, KernelError> {
        let op = OpKind::DumpSa;
        let msg = XfrmMessage::GetDumpSa(state::GetDumpMessage { nlas: Vec::new() });
        let mut out = Vec::new();
        for m in self.cmd.request(op, msg, Expect::Dump)? {
            if let XfrmMessage::AddSa(s) | XfrmMessage::UpdateSa(s) = m {
                if let Some(id) =
                    decode::sa_id(&s.user_sa_info, &s.nlas).map_err(|e| malformed(op, e))?
                {
                    out.push(id);
                }
            }
        }
        Ok(out)
    }

    fn add_policy(&mut self, policy: &PolicySpec) -> Result<(), KernelError> {
        let msg = encode::policy_message(policy, false)?;
        self.cmd.request(OpKind::AddPolicy, msg, Expect::Ack)?;
        self.policies.insert(policy.id());
        Ok(())
    }

    fn update_policy(&mut self, policy: &PolicySpec) -> Result<(), KernelError> {
        let msg = encode::policy_message(policy, true)?;
        self.cmd.request(OpKind::UpdatePolicy, msg, Expect::Ack)?;
        self.policies.insert(policy.id());
        Ok(())
    }

    fn delete_policy(&mut self, id: &PolicyId) -> Result<(), KernelError> {
        let r = self.cmd.request(
            OpKind::DeletePolicy,
            encode::delpolicy_message(id),
            Expect::Ack,
        );
        if r.is_ok() || r.as_ref().is_err_and(KernelError::is_not_found) {
            self.policies.remove(id);
        }
        r.map(drop)
    }

    fn policies(&mut self) -> Result<Vec<PolicySpec>, KernelError> {
        let op = OpKind::DumpPolicy;
        // A dump request needs no body (the kernel ignores it), as `ip xfrm policy` sends.
        let msg = XfrmMessage::Other((netlink_packet_xfrm::XFRM_MSG_GETPOLICY, Vec::new()));
        let mut out = Vec::new();
        for m in self.cmd.request(op, msg, Expect::Dump)? {
            if let XfrmMessage::AddPolicy(p) | XfrmMessage::UpdatePolicy(p) = m {
                if let Some(spec) =
                    decode::policy(&p.user_policy_info, &p.nlas).map_err(|e| malformed(op, e))?
                {
                    out.push(spec);
                }
            }
        }
        Ok(out)
    }

    fn event_source(&self) -> Option<BorrowedFd<'_>> {
        Some(self.events.as_fd())
    }

    fn poll_event(&mut self) -> Result<Option<KernelEvent>, KernelError> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                return Ok(Some(e));
            }
            let msgs = self.events.recv(OpKind::Event)?;
            if msgs.is_empty() {
                return Ok(None);
            }
            // One undecodable message must not cost the others in the same datagram:
            // queue what decodes, then report the first failure.
            let mut first_err = None;
            for m in msgs {
                if let netlink_packet_core::NetlinkPayload::InnerMessage(x) = m.payload {
                    match decode::event(&x) {
                        Ok(Some(ev)) => self.on_event(ev),
                        Ok(None) => {}
                        Err(e) => {
                            first_err.get_or_insert(malformed(OpKind::Event, e));
                        }
                    }
                }
            }
            if let Some(e) = first_err {
                return Err(e);
            }
        }
    }

    fn shutdown(&mut self) -> Result<(), KernelError> {
        // Policies first, so no traffic leaves in clear while the SAs go.
        let mut first = Ok(());
        let keep = |r: Result<(), KernelError>| match r {
            Err(e) if !e.is_not_found() => Err(e),
            _ => Ok(()),
        };
        let policies: Vec<PolicyId> = self.policies.iter().copied().collect();
        for id in policies {
            first = first.and(keep(self.delete_policy(&id)));
        }
        let sas: Vec<SaId> = self.sas.iter().copied().collect();
        for id in sas {
            first = first.and(keep(self.delete_sa(&id)));
        }
        first
    }
}

impl Drop for XfrmKernel {
    fn drop(&mut self) {
        if self.cleanup_on_drop {
            // Nothing to report to from a destructor; `shutdown` is the checked path.
            let _ = self.shutdown();
        }
    }
}
