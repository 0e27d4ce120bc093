//! Simulated kernel activity for `nostack`: time, traffic, deletion by others.

use super::{NostackKernel, NostackSa};
use crate::event::{Acquire, ExpireKind, KernelEvent};
use crate::lifetime::Limits;
use crate::policy::{Direction, TemplateMode};
use crate::sa::SaId;
use std::net::IpAddr;

/// A packet offered to the simulated kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet {
    /// Source address.
    pub src: IpAddr,
    /// Destination address.
    pub dst: IpAddr,
    /// IP protocol.
    pub proto: u8,
    /// Source port (ICMP type).
    pub src_port: u16,
    /// Destination port (ICMP code).
    pub dst_port: u16,
}

fn reached(limits: &Limits, bytes: u64, packets: u64, age: u64) -> bool {
    limits.bytes.is_some_and(|l| bytes >= l)
        || limits.packets.is_some_and(|l| packets >= l)
        || limits.seconds.is_some_and(|l| age >= l)
}

impl NostackKernel {
    /// The current simulated time (seconds since the Unix epoch).
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Moves the clock forward (never back) and fires time-based expires.
    pub fn set_now(&mut self, now: u64) {
        self.now = self.now.max(now);
        self.check_lifetimes();
    }

    /// Counts traffic through an installed SA and fires expires it causes. Returns
    /// false if there is no such installed SA.
    pub fn record_traffic(&mut self, id: &SaId, bytes: u64, packets: u64) -> bool {
        let now = self.now;
        match self.sas.get_mut(id) {
            Some(NostackSa::Installed { counters, .. }) => {
                counters.bytes = counters.bytes.saturating_add(bytes);
                counters.packets = counters.packets.saturating_add(packets);
                counters.last_use = Some(now);
            }
            _ => return false,
        }
        self.check_lifetimes();
        true
    }

    /// Deletes an SA as `ip xfrm state delete` would behind the daemon's back, and
    /// reports it. Returns false if there was no such SA.
    pub fn delete_by_other(&mut self, id: &SaId) -> bool {
        if self.sas.remove(id).is_none() {
            return false;
        }
        self.events.push_back(KernelEvent::SaDeleted { sa: *id });
        true
    }

    /// Sends a packet out: if the best matching `out` policy needs an SA that is not
    /// installed, queue an acquire for it and return true (the packet is dropped).
    pub fn send_packet(&mut self, p: Packet) -> bool {
        let policy = self
            .policies
            .values()
            .filter(|s| s.dir == Direction::Out)
            .filter(|s| {
                s.selector
                    .matches(p.src, p.dst, p.proto, p.src_port, p.dst_port)
            })
            .min_by_key(|s| s.priority);
        let Some(policy) = policy else { return false };
        let Some(templates) = policy.action.templates() else {
            return false;
        };
        for t in templates.as_slice() {
            let (src, dst) = match t.mode {
                TemplateMode::Transport => (p.src, p.dst),
                TemplateMode::Tunnel { src, dst } => (src, dst),
            };
            let present = self.sas.values().any(|sa| match sa {
                NostackSa::Installed { spec, .. } => {
                    spec.dst == dst
                        && spec.src == src
                        && spec.proto() == t.proto
                        && (t.reqid.0 == 0 || spec.reqid == t.reqid)
                        && t.spi.is_none_or(|s| s == spec.spi)
                }
                NostackSa::Larval { .. } => false,
            });
            if !present {
                let selector = crate::policy::Selector::hosts(p.src, p.dst).map(|s| {
                    s.with_upper(crate::policy::UpperLayer::Ports {
                        proto: p.proto,
                        src_port: Some(p.src_port),
                        dst_port: Some(p.dst_port),
                    })
                });
                let Ok(selector) = selector else { return false };
                self.events.push_back(KernelEvent::Acquire(Acquire {
                    selector,
                    policy_selector: policy.selector,
                    policy_dir: policy.dir,
                    policy_index: 0,
                    src,
                    dst,
                    proto: t.proto,
                    reqid: t.reqid,
                }));
                return true;
            }
        }
        false
    }

    fn check_lifetimes(&mut self) {
        let now = self.now;
        let mut hard = Vec::new();
        for (id, sa) in self.sas.iter_mut() {
            let NostackSa::Installed {
                spec,
                counters,
                soft_expired,
            } = sa
            else {
                continue;
            };
            let age = now.saturating_sub(counters.add_time);
            let lt = &spec.lifetimes;
            if reached(&lt.hard, counters.bytes, counters.packets, age) {
                hard.push(*id);
            } else if !*soft_expired && reached(&lt.soft, counters.bytes, counters.packets, age) {
                *soft_expired = true;
                self.events.push_back(KernelEvent::Expire {
                    sa: *id,
                    kind: ExpireKind::Soft,
                });
            }
        }
        for id in hard {
            self.sas.remove(&id);
            self.events.push_back(KernelEvent::Expire {
                sa: id,
                kind: ExpireKind::Hard,
            });
        }
    }
}
