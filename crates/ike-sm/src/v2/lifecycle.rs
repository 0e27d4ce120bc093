//! Creating and ending IKE SAs: initiation, keyingtries, Delete, local
//! destruction with balanced kernel clean-up, and the request queue.

use std::cmp::Reverse;
use std::net::SocketAddr;
use std::time::Instant;

use kernel_sa::KernelOp;

use crate::config::matching::hosts_match;
use crate::config::proposal::{select, DhRule, Offered};
use crate::config::Connection;
use crate::endpoint::{CommandError, Endpoint};
use crate::event::{Event, Rc};
use crate::msg::consts::{exch, proto};
use crate::msg::{Delete, Payload};
use crate::msgid::{RequestWindow, ResponseWindow};
use crate::sa::{ChildState, IkeSa, IkeState, Pending, Queued, Role};
use crate::serial::Serial;
use crate::timer::{TimerKind, TimerTable};
use crate::v2::send::encrypted_message;

impl Endpoint {
    /// Create an initiator IKE SA for a connection and send IKE_SA_INIT.
    pub(crate) fn start_initiator(
        &mut self,
        now: Instant,
        name: &str,
    ) -> Result<Serial, CommandError> {
        let conn = self
            .conns
            .get_mut(name)
            .map(|e| {
                e.tries += 1;
                e.conn.clone()
            })
            .ok_or_else(|| CommandError::UnknownConnection(name.into()))?;
        let (local, remote) = match (conn.local.ike_addr(), conn.remote.ike_addr()) {
            (Some(l), Some(r)) => (l, r),
            (_, None) => {
                return Err(CommandError::CannotInitiate {
                    conn: name.into(),
                    why: "peer address is unknown (%any)",
                })
            }
            (None, _) => {
                return Err(CommandError::CannotInitiate {
                    conn: name.into(),
                    why: "local address is unknown",
                })
            }
        };
        let group = conn.ike.first().and_then(|p| p.dh.first().copied()).ok_or(
            CommandError::CannotInitiate {
                conn: name.into(),
                why: "no IKE proposal with a DH group",
            },
        )?;
        let serial = self.serials.next_serial();
        let spi_i = self.random_u64_nonzero();
        let ni = self.nonce(32);
        let ike = new_ike(
            serial,
            &conn,
            Role::Initiator,
            spi_i,
            0,
            local,
            remote,
            now,
            ni,
            group,
        );
        self.ikes.insert(serial, ike);
        self.by_spi.insert(spi_i, serial);
        self.log(
            Rc::LOG,
            Some(name),
            Some(serial),
            "initiating IKEv2 connection".into(),
        );
        self.send_init_request(now, serial);
        Ok(serial)
    }

    /// Queue a request on an IKE SA and send it if the window is open.
    pub(crate) fn request(&mut self, now: Instant, ike: Serial, q: Queued) {
        if let Some(sa) = self.ikes.get_mut(&ike) {
            if !sa.queue.contains(&q) {
                sa.queue.push(q);
            }
        }
        self.pump(now, ike);
    }

    /// Send the next queued request when nothing is outstanding.
    pub(crate) fn pump(&mut self, now: Instant, ike_serial: Serial) {
        // A CREATE_CHILD_SA exchange whose DH job is out owns the window
        // though nothing is outstanding yet; its continuation pumps again.
        if self.queue_held(ike_serial) {
            return;
        }
        let next = match self.ikes.get_mut(&ike_serial) {
            Some(sa)
                if sa.outstanding.is_none()
                    && matches!(sa.state, IkeState::Established | IkeState::Rekeyed)
                    && !sa.queue.is_empty() =>
            {
                // Deletes go first (RFC 7296 1.4.1: they are urgent).
                let idx = sa
                    .queue
                    .iter()
                    .position(|q| matches!(q, Queued::DeleteIke))
                    .unwrap_or(0);
                sa.queue.remove(idx)
            }
            _ => return,
        };
        match next {
            Queued::DeleteIke => self.send_delete_ike(now, ike_serial),
            Queued::DeleteChild(children) => self.send_delete_children(now, ike_serial, children),
            Queued::Liveness => self.send_liveness(now, ike_serial),
            Queued::RekeyChild(old) => self.start_rekey_child(now, ike_serial, old),
            Queued::RekeyIke => self.start_rekey_ike(now, ike_serial),
        }
    }

    /// Delete an IKE SA: tell the peer if it is established, else drop it.
    pub(crate) fn delete_ike(&mut self, now: Instant, serial: Serial) {
        let Some(ike) = self.ikes.get_mut(&serial) else {
            return;
        };
        match ike.state {
            IkeState::Established | IkeState::Rekeyed => {
                // Our rekeys whose KEi job is out are abandoned like an
                // outstanding exchange (the Delete must not wait behind
                // them).
                let waiting = self.jobs.held_by(serial);
                for (s, _) in waiting.into_iter().filter(|(_, peer_done)| !peer_done) {
                    if self.ikes.contains_key(&s) {
                        self.destroy_ike(s, true);
                    } else if self.children.contains_key(&s) {
                        self.destroy_child(s);
                    }
                }
                let Some(ike) = self.ikes.get_mut(&serial) else {
                    return;
                };
                if ike.outstanding.is_some() {
                    // Abandon the outstanding exchange (RFC 7296 1.4.1 lets
                    // a Delete go while others are pending only with a
                    // larger window; ours is 1, so drop what was pending).
                    ike.outstanding = None;
                    ike.timers.stop(TimerKind::Retransmit);
                }
                ike.queue.retain(|q| *q == Queued::DeleteIke);
                self.request(now, serial, Queued::DeleteIke);
            }
            IkeState::Deleting => {}
            _ => self.destroy_ike(serial, false),
        }
    }

    fn send_delete_ike(&mut self, now: Instant, serial: Serial) {
        let Some(ike) = self.ikes.get_mut(&serial) else {
            return;
        };
        ike.state = IkeState::Deleting;
        let id = ike.req.start();
        let conn = ike.conn.clone();
        let inner = [Payload::Delete(Delete {
            protocol: proto::IKE,
            spis: vec![],
        })];
        match encrypted_message(self, serial, exch::INFORMATIONAL, id, false, &inner) {
            Ok(d) => {
                self.log(
                    Rc::LOG,
                    Some(&conn),
                    Some(serial),
                    "sent INFORMATIONAL request to delete IKE SA".into(),
                );
                self.send_request(now, serial, id, d, Pending::DeleteIke);
            }
            Err(_) => self.destroy_ike(serial, false),
        }
    }

    fn send_delete_children(&mut self, now: Instant, ike_serial: Serial, children: Vec<Serial>) {
        let spis: Vec<Vec<u8>> = children
            .iter()
            .filter_map(|c| self.children.get(c))
            .filter(|c| c.ike == ike_serial)
            .map(|c| c.spi_in.to_be_bytes().to_vec())
            .collect();
        if spis.is_empty() {
            self.pump(now, ike_serial);
            return;
        }
        for c in &children {
            if let Some(ch) = self.children.get_mut(c) {
                ch.state = ChildState::Deleting;
            }
        }
        let Some(ike) = self.ikes.get_mut(&ike_serial) else {
            return;
        };
        let id = ike.req.start();
        let inner = [Payload::Delete(Delete {
            protocol: proto::ESP,
            spis,
        })];
        if let Ok(d) = encrypted_message(self, ike_serial, exch::INFORMATIONAL, id, false, &inner) {
            self.send_request(now, ike_serial, id, d, Pending::DeleteChild(children));
        }
    }

    fn send_liveness(&mut self, now: Instant, ike_serial: Serial) {
        let Some(ike) = self.ikes.get_mut(&ike_serial) else {
            return;
        };
        let id = ike.req.start();
        if let Ok(d) = encrypted_message(self, ike_serial, exch::INFORMATIONAL, id, false, &[]) {
            self.send_request(now, ike_serial, id, d, Pending::Liveness);
        }
    }

    /// Remove an IKE SA and its Child SAs locally: kernel clean-up, events.
    /// `failed` marks a negotiation that never completed.
    pub(crate) fn destroy_ike(&mut self, serial: Serial, failed: bool) {
        // Children first: their kernel clean-up needs the IKE SA's addresses.
        let children: Vec<Serial> = self
            .ikes
            .get(&serial)
            .map(|i| i.children.clone())
            .unwrap_or_default();
        for c in children {
            self.destroy_child(c);
        }
        // New IKE SAs that only exist through this one go with it: ours
        // still being negotiated, and the peer's from a simultaneous rekey
        // not yet resolved (RFC 7296 2.8.2).
        let orphans: Vec<Serial> = self
            .ikes
            .get_mut(&serial)
            .map(|i| {
                let mine = match &i.outstanding {
                    Some(o) => match o.pending {
                        Pending::RekeyIke(m) => Some(m),
                        _ => None,
                    },
                    None => None,
                };
                mine.into_iter()
                    .chain(i.peer_rekey.take())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
            .into_iter()
            // and ours whose DH job is out (nothing outstanding yet).
            .chain(
                self.jobs
                    .held_by(serial)
                    .into_iter()
                    .map(|(s, _)| s)
                    .filter(|s| self.ikes.contains_key(s)),
            )
            .collect::<Vec<_>>();
        for o in orphans {
            let unfinished = self
                .ikes
                .get(&o)
                .is_some_and(|i| i.children.is_empty() && i.replaced_by.is_none());
            if unfinished && o != serial {
                self.destroy_ike(o, true);
            }
        }
        let Some(ike) = self.ikes.remove(&serial) else {
            return;
        };
        self.by_spi.remove(match ike.role {
            Role::Initiator => &ike.spi_i,
            Role::Responder => &ike.spi_r,
        });
        if let Some(k) = ike.init_key {
            self.half_open.remove(&k);
        }
        self.half_open_set.remove(&serial);
        if ike.established.is_some() || !failed {
            self.log(
                Rc::LOG,
                Some(&ike.conn),
                Some(serial),
                format!(
                    "deleting state ({}) and NOT sending notification",
                    ike.state.name(ike.role)
                ),
            );
        }
        self.events.push_back(Event::Deleted {
            serial,
            connection: ike.conn,
            ike: true,
        });
    }

    /// A negotiation we initiated failed for good: drop it and decide on
    /// keyingtries.
    pub(crate) fn fail_ike(&mut self, now: Instant, serial: Serial, reason: String) {
        let Some(ike) = self.ikes.get(&serial) else {
            return;
        };
        let conn = ike.conn.clone();
        let was_initiator = ike.role == Role::Initiator;
        let established = ike.established.is_some();
        self.log(Rc::FATAL, Some(&conn), Some(serial), reason.clone());
        self.events.push_back(Event::Failed {
            serial: Some(serial),
            connection: conn.clone(),
            reason,
        });
        self.destroy_ike(serial, true);
        if was_initiator && !established {
            self.maybe_retry(now, &conn);
        }
    }

    /// keyingtries (0 = forever): schedule another attempt or give up.
    pub(crate) fn maybe_retry(&mut self, now: Instant, conn: &str) {
        let Some(e) = self.conns.get(conn) else {
            return;
        };
        if !e.up {
            return;
        }
        let limit = e.conn.keyingtries;
        if limit == 0 || e.tries < limit {
            self.log(
                Rc::LOG,
                Some(conn),
                None,
                format!(
                    "starting keying attempt {} of {}",
                    e.tries + 1,
                    if limit == 0 {
                        "an unlimited number".to_string()
                    } else {
                        limit.to_string()
                    }
                ),
            );
            self.pending_initiations.push((now, conn.to_string()));
        } else if let Some(e) = self.conns.get_mut(conn) {
            e.up = false;
        }
    }

    /// Drop the traps dpdaction=hold left for `conn` (terminate: the
    /// connection is no longer wanted, so its traffic is no longer held).
    pub(crate) fn release_held(&mut self, conn: &str) {
        for id in self.held.release(conn) {
            self.kernel_ops.push_back(KernelOp::DeletePolicy(id));
        }
    }

    /// The connection whose `%trap`, left by dpdaction=hold, a kernel
    /// ACQUIRE hit: initiate it ([`Endpoint::initiate`]) to bring the SAs
    /// back on demand. `None` for any other policy.
    pub fn held_connection(&self, acquire: &kernel_sa::Acquire) -> Option<&str> {
        self.held.connection_of(&kernel_sa::PolicyId {
            dir: acquire.policy_dir,
            selector: acquire.policy_selector,
            mark: None,
        })
    }

    /// The policies dpdaction=hold keeps as `%trap` for `conn`.
    pub fn held_policies(&self, conn: &str) -> Vec<kernel_sa::PolicySpec> {
        self.held.of(conn).cloned().collect()
    }

    /// The connection for a new responder IKE SA, from the addresses and
    /// the peer's IKE_SA_INIT payloads. Among connections whose hosts
    /// allow the addresses, prefer one whose `ike=` accepts the peer's SA
    /// offer (else a sibling that would accept loses to one answering
    /// NO_PROPOSAL_CHOSEN), then one naming the peer's host over `%any`,
    /// then one naming our host; ties go to the first by name.
    pub(crate) fn find_connection(
        &self,
        local: SocketAddr,
        remote: SocketAddr,
        payloads: &[Payload],
    ) -> Option<String> {
        let offered: &[Offered] = payloads
            .iter()
            .find_map(|p| match p {
                Payload::Sa(o) => Some(o.as_slice()),
                _ => None,
            })
            .unwrap_or(&[]);
        self.conns
            .values()
            .filter(|e| hosts_match(&e.conn, local.ip(), remote.ip()))
            .min_by_key(|e| {
                let c = &e.conn;
                let accepts = select(&c.ike, offered, proto::IKE, DhRule::Required).is_some();
                Reverse((accepts, c.remote.host.is_some(), c.local.host.is_some()))
            })
            .map(|e| e.conn.name.clone())
    }
}

/// A fresh IKE SA record.
#[allow(clippy::too_many_arguments)]
pub(crate) fn new_ike(
    serial: Serial,
    conn: &Connection,
    role: Role,
    spi_i: u64,
    spi_r: u64,
    local: SocketAddr,
    remote: SocketAddr,
    now: Instant,
    nonce: Vec<u8>,
    group: u16,
) -> IkeSa {
    let (ni, nr) = match role {
        Role::Initiator => (nonce, Vec::new()),
        Role::Responder => (Vec::new(), nonce),
    };
    IkeSa {
        serial,
        conn: conn.name.clone(),
        role,
        state: match role {
            Role::Initiator => IkeState::InitSent,
            Role::Responder => IkeState::InitAnswered,
        },
        spi_i,
        spi_r,
        local,
        remote,
        nat_t: false,
        nat_local: false,
        nat_remote: false,
        chosen: None,
        crypto: None,
        kx: None,
        ke_group: group,
        ni,
        nr,
        init_req: Vec::new(),
        init_resp: Vec::new(),
        cookie: None,
        init_retries: 0,
        peer_fragmentation: false,
        peer_sig_hashes: None,
        req: RequestWindow::default(),
        resp: ResponseWindow::default(),
        outstanding: None,
        queue: Vec::new(),
        timers: TimerTable::default(),
        created: now,
        established: None,
        last_recv: now,
        peer_id: None,
        children: Vec::new(),
        auth_child: None,
        frags: None,
        init_key: None,
        replaced_by: None,
        peer_rekey: None,
    }
}
