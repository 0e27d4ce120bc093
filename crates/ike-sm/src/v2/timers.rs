//! What each timer does when it fires: retransmit with exponential backoff
//! and give up (RFC 7296 2.1, 2.4), liveness probes and dpdaction, rekey,
//! expiry, discarding half-open SAs, keyingtries re-initiation.

use std::time::Instant;

use kernel_sa::{KernelOp, PolicyAction, PolicySpec, Reqid};

use crate::config::DpdAction;
use crate::endpoint::Endpoint;
use crate::event::{Event, Rc};
use crate::sa::{Pending, Queued};
use crate::serial::Serial;
use crate::timer::TimerKind;

pub(crate) fn handle_timeout(ep: &mut Endpoint, now: Instant) {
    let due: Vec<String> = ep
        .pending_initiations
        .iter()
        .filter(|(t, _)| *t <= now)
        .map(|(_, c)| c.clone())
        .collect();
    ep.pending_initiations.retain(|(t, _)| *t > now);
    for c in due {
        if ep.conns.get(&c).is_some_and(|e| e.up) {
            let _ = ep.start_initiator(now, &c);
        }
    }
    // Only the SAs with a timer due (the tables index their deadlines).
    for s in ep.ikes.due(now) {
        let kinds = match ep.ikes.get_mut(&s) {
            Some(i) => i.timers.take_expired(now),
            None => continue,
        };
        for k in kinds {
            if !ep.ikes.contains_key(&s) {
                break;
            }
            ike_timer(ep, now, s, k);
        }
    }
    for s in ep.children.due(now) {
        let (kinds, ike) = match ep.children.get_mut(&s) {
            Some(c) => (c.timers.take_expired(now), c.ike),
            None => continue,
        };
        for k in kinds {
            match k {
                TimerKind::Rekey => ep.request(now, ike, Queued::RekeyChild(s)),
                TimerKind::Expire => {
                    if ep.ikes.contains_key(&ike) {
                        ep.request(now, ike, Queued::DeleteChild(vec![s]));
                    } else {
                        ep.destroy_child(s);
                    }
                }
                _ => {}
            }
        }
    }
}

fn ike_timer(ep: &mut Endpoint, now: Instant, s: Serial, k: TimerKind) {
    match k {
        TimerKind::Retransmit => retransmit(ep, now, s),
        TimerKind::Rekey => ep.request(now, s, Queued::RekeyIke),
        TimerKind::Expire => ep.delete_ike(now, s),
        TimerKind::Liveness => {
            let Some(ike) = ep.ikes.get_mut(&s) else {
                return;
            };
            let Some(d) = ep.conns.get(&ike.conn).and_then(|c| c.conn.dpd) else {
                return;
            };
            ike.timers.set(TimerKind::Liveness, now + d.delay);
            if ike.outstanding.is_none() && now.duration_since(ike.last_recv) >= d.delay {
                ep.request(now, s, Queued::Liveness);
            }
        }
        TimerKind::Discard => {
            let Some(ike) = ep.ikes.get(&s) else {
                return;
            };
            let conn = ike.conn.clone();
            // A redundant SA of a simultaneous rekey whose Delete never
            // came (RFC 7296 2.8.2), or a negotiation that never finished.
            let redundant = ike.replaced_by.is_some();
            let what = if redundant {
                "discarding redundant IKE SA the peer did not delete"
            } else {
                "discarding half-open IKE SA"
            };
            ep.log(Rc::LOG, Some(&conn), Some(s), what.into());
            ep.destroy_ike(s, !redundant);
        }
        TimerKind::Fragments => {
            if let Some(i) = ep.ikes.get_mut(&s) {
                i.frags = None;
            }
        }
    }
}

fn retransmit(ep: &mut Endpoint, now: Instant, s: Serial) {
    let max = {
        let Some(ike) = ep.ikes.get(&s) else {
            return;
        };
        ep.conns
            .get(&ike.conn)
            .map(|c| c.conn.retransmit.max_interval)
            .unwrap_or_default()
    };
    let Some(ike) = ep.ikes.get_mut(&s) else {
        return;
    };
    let Some(out) = ike.outstanding.as_mut() else {
        return;
    };
    if now >= out.deadline {
        let pending = out.pending.clone();
        let n = out.retransmits;
        let secs = now.duration_since(out.first_sent).as_secs();
        ike.outstanding = None;
        let conn = ike.conn.clone();
        give_up(ep, now, s, pending, n, secs, &conn);
        return;
    }
    out.retransmits += 1;
    out.interval = (out.interval * 2).min(max);
    let next = (now + out.interval).min(out.deadline);
    let datagrams = out.datagrams.clone();
    ike.timers.set(TimerKind::Retransmit, next);
    ep.transmit(s, &datagrams);
}

fn give_up(
    ep: &mut Endpoint,
    now: Instant,
    s: Serial,
    pending: Pending,
    n: u32,
    secs: u64,
    conn: &str,
) {
    match pending {
        Pending::Init | Pending::Auth => {
            let what = if pending == Pending::Init {
                "IKE_SA_INIT"
            } else {
                "IKE_AUTH"
            };
            ep.fail_ike(
                now,
                s,
                format!("{what}: {secs} second timeout exceeded after {n} retransmits. No response (or no acceptable response) to our IKEv2 message"),
            );
        }
        Pending::DeleteIke => ep.destroy_ike(s, false),
        Pending::Liveness => peer_dead(ep, now, s, conn),
        Pending::RekeyIke(new) => {
            // The half-made new IKE SA is no longer reachable through the
            // outstanding request: drop it with its parent.
            ep.destroy_ike(new, true);
            peer_dead(ep, now, s, conn);
        }
        _ => {
            // Any other request unanswered: the peer is gone.
            peer_dead(ep, now, s, conn);
        }
    }
}

/// RFC 7296 2.4: no answer means the peer is dead; apply dpdaction.
fn peer_dead(ep: &mut Endpoint, now: Instant, s: Serial, conn: &str) {
    let action = ep
        .conns
        .get(conn)
        .and_then(|c| c.conn.dpd.map(|d| d.action))
        .unwrap_or(DpdAction::Hold);
    ep.log(
        Rc::LOG,
        Some(conn),
        Some(s),
        format!(
            "liveness: peer is not responding; dpdaction={}",
            match action {
                DpdAction::Clear => "clear",
                DpdAction::Hold => "hold",
                DpdAction::Restart => "restart",
            }
        ),
    );
    ep.events.push_back(Event::PeerDead {
        serial: s,
        connection: conn.to_string(),
    });
    if action == DpdAction::Hold {
        ep.hold_policies(s, conn);
    }
    ep.destroy_ike(s, false);
    match action {
        DpdAction::Clear => {
            if let Some(e) = ep.conns.get_mut(conn) {
                e.up = false;
            }
        }
        DpdAction::Hold => {}
        DpdAction::Restart => {
            if let Some(e) = ep.conns.get_mut(conn) {
                e.up = true;
                e.tries = 0;
            }
            ep.pending_initiations.push((now, conn.to_string()));
        }
    }
}

impl Endpoint {
    /// dpdaction=hold: the policies of IKE SA `ike`'s Child SAs become
    /// `%trap`s (UpdatePolicy in place, so no packet slips out in clear
    /// meanwhile) and stay when the Child SAs go; traffic then makes the
    /// kernel ask for new SAs ([`Endpoint::held_connection`]).
    fn hold_policies(&mut self, ike: Serial, conn: &str) {
        let Some(sa) = self.ikes.get(&ike) else {
            return;
        };
        let (local, remote) = (sa.local.ip(), sa.remote.ip());
        let children = sa.children.clone();
        let mut traps = Vec::new();
        for c in children {
            let Some(child) = self.children.get_mut(&c) else {
                continue;
            };
            if child.policies.is_empty() {
                continue;
            }
            let owned = std::mem::take(&mut child.policies);
            let specs = Endpoint::policy_specs(
                local,
                remote,
                child.mode,
                Reqid(child.reqid),
                &child.ts_local,
                &child.ts_remote,
            );
            traps.extend(specs.into_iter().filter(|p| owned.contains(&p.id())));
        }
        for spec in traps {
            let Some(t) = spec.action.templates().cloned() else {
                continue;
            };
            let trap = PolicySpec {
                action: PolicyAction::Trap(t),
                ..spec
            };
            self.kernel_ops
                .push_back(KernelOp::UpdatePolicy(trap.clone()));
            self.held.hold(conn, trap);
        }
    }
}
