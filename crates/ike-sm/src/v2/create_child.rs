//! CREATE_CHILD_SA (RFC 7296 1.3): new Child SAs, Child rekey (REKEY_SA,
//! optional PFS with the IKE SA's group), IKE SA rekey (2.18: new SPIs,
//! Child SAs move over), and simultaneous Child rekeys resolved by the
//! nonce rule (2.8.1) so that exactly one replacement survives.

use std::time::{Duration, Instant};

use ike_crypto::{ActiveKeyExchange, SecretBytes};

use crate::config::proposal::{
    accept_answer, select, to_offered, Chosen, DhRule, Offered, Proposal,
};
use crate::config::selector::TrafficSelector;
use crate::config::{Connection, Mode};
use crate::crypto::IkeCrypto;
use crate::endpoint::Endpoint;
use crate::event::Rc;
use crate::job::{DhError, DhOutput, DhWork, Hold};
use crate::msg::consts::{exch, notify, proto};
use crate::msg::{find_notify, Notify, Payload};
use crate::sa::{ChildState, IkeSa, IkeState, Outstanding, Pending, Queued, Role};
use crate::serial::Serial;
use crate::timer::TimerKind;
use crate::v2::ike_auth::{child_part, spi_from, ChildAnswer};
use crate::v2::lifecycle::new_ike;
use crate::v2::send::encrypted_message;
use crate::v2::table;

/// ESP proposals for CREATE_CHILD_SA: with `pfs`, proposals without a DH
/// group of their own use the IKE SA's group (as Libreswan does).
fn esp_for_create(conn: &Connection, ike_group: Option<u16>) -> Vec<Proposal> {
    conn.esp
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if !conn.pfs {
                p.dh.clear();
            } else if p.dh.is_empty() {
                p.dh.extend(ike_group);
            }
            p
        })
        .collect()
}

/// IKE proposals for an IKE rekey: the current group first (RFC 7296 2.18
/// lets it change, but staying avoids an INVALID_KE round).
fn ike_for_rekey(conn: &Connection, group: u16) -> Vec<Proposal> {
    conn.ike
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if let Some(i) = p.dh.iter().position(|&g| g == group) {
                p.dh.remove(i);
                p.dh.insert(0, group);
            }
            p
        })
        .collect()
}

/// A Child SA request accepted, waiting for the responder's DH.
struct ChildReply {
    message_id: u32,
    /// The connection the Child falls under.
    conn: String,
    old_child: Option<Serial>,
    chosen: Chosen,
    theirs: Offered,
    tsi: Vec<TrafficSelector>,
    tsr: Vec<TrafficSelector>,
    ni: Vec<u8>,
    transport: bool,
}

/// An IKE SA rekey request accepted, waiting for the responder's DH.
struct IkeReply {
    message_id: u32,
    /// The accepted proposal's number.
    number: u8,
    spi_i: u64,
    spi_r: u64,
    chosen: Chosen,
    ni: Vec<u8>,
    nr: Vec<u8>,
}

/// Our Child SA request's accepted answer, waiting for g^ir.
struct ChildAnswered {
    chosen: Chosen,
    spi_out: u32,
    tsi: Vec<TrafficSelector>,
    tsr: Vec<TrafficSelector>,
    nr: Vec<u8>,
}

/// Shortest wait before retrying a failed rekey (RFC 7296 2.25: "MUST NOT
/// immediately retry").
const RETRY_MIN: Duration = Duration::from_secs(5);
/// Spread of the random part of that wait, in milliseconds.
const RETRY_JITTER_MS: u64 = 20_000;

/// An IKE SA on which a rekey whose KEi job just came back may still go
/// out: established, nothing outstanding, and no Delete of it queued
/// meanwhile (that goes first and makes the rekey moot).
fn idle_and_staying(i: &IkeSa) -> bool {
    i.state == IkeState::Established
        && i.outstanding.is_none()
        && !i.queue.contains(&Queued::DeleteIke)
}

fn spi8(b: &[u8]) -> Option<u64> {
    <[u8; 8]>::try_from(b).ok().map(u64::from_be_bytes)
}

impl Endpoint {
    fn conn_of(&self, ike: Serial) -> Option<Connection> {
        let c = self.ikes.get(&ike)?.conn.clone();
        self.conns.get(&c).map(|e| e.conn.clone())
    }

    /// The connection a Child SA falls under (not always its IKE SA's:
    /// see `child_conn`).
    fn child_conn_of(&self, child: Serial) -> Option<Connection> {
        let c = self.children.get(&child)?.conn.clone();
        self.conns.get(&c).map(|e| e.conn.clone())
    }

    fn ike_group(&self, ike: Serial) -> Option<u16> {
        self.ikes.get(&ike)?.chosen.as_ref()?.dh
    }

    /// Start rekeying a Child SA (RFC 7296 1.3.3). Everything random is
    /// drawn here (DH seed, SPI, nonce) so that a DH job run late puts the
    /// same bytes on the wire as the inline path.
    pub(crate) fn start_rekey_child(&mut self, now: Instant, ike: Serial, old: Serial) {
        let ok = self
            .children
            .get(&old)
            .is_some_and(|c| c.state == ChildState::Established && c.ike == ike);
        let Some(conn) = self.child_conn_of(old).filter(|_| ok) else {
            self.pump(now, ike);
            return;
        };
        let esp = esp_for_create(&conn, self.ike_group(ike));
        let group = esp.first().and_then(|p| p.dh.first().copied());
        let work = match group {
            Some(g) => match self.our_ke(now, ike, &conn.name, old, g, "rekey") {
                Some(w) => Some(w),
                None => return,
            },
            None => None,
        };
        let Some(new) = self.new_child_for(ike, true, &conn.name, Some(old)) else {
            self.pump(now, ike);
            return;
        };
        let nonce = self.nonce(32);
        if let Some(c) = self.children.get_mut(&new) {
            c.nonce_local = nonce;
            c.replaces = Some(old);
        }
        match work {
            None => self.send_rekey_child(now, ike, new, old, None),
            // RFC 7296 1.3.3 with PFS: our KEi first. Parked on the new
            // Child so the peer's requests are still answered meanwhile.
            Some(w) => self.dh_holding(
                now,
                new,
                Hold {
                    ike,
                    requests: false,
                },
                w,
                Box::new(move |ep, now, out| ep.rekey_child_keyed(now, ike, new, old, out)),
            ),
        }
    }

    /// DH work for our KEi in `group` (seed drawn now); on failure log it
    /// against `about` and let IKE SA `ike`'s queue move on.
    fn our_ke(
        &mut self,
        now: Instant,
        ike: Serial,
        conn: &str,
        about: Serial,
        group: u16,
        what: &str,
    ) -> Option<DhWork> {
        match DhWork::fresh(&self.provider, self.rng.as_mut(), group, None) {
            Ok(w) => Some(w),
            Err(e) => {
                self.log(
                    Rc::LOG_SERIOUS,
                    Some(conn),
                    Some(about),
                    format!("{what}: {e}"),
                );
                self.pump(now, ike);
                None
            }
        }
    }

    /// Our KEi for a Child rekey is ready: send the request, unless the
    /// Child SA changed meanwhile (the peer rekeyed or deleted it, or
    /// rekeyed the IKE SA); then drop the attempt and try again later.
    fn rekey_child_keyed(
        &mut self,
        now: Instant,
        ike: Serial,
        new: Serial,
        old: Serial,
        out: Result<DhOutput, DhError>,
    ) {
        let waiting = self
            .children
            .get(&new)
            .is_some_and(|c| c.state == ChildState::Larval && c.ike == ike)
            && self
                .children
                .get(&old)
                .is_some_and(|c| c.state == ChildState::Established && c.ike == ike)
            && self.ikes.get(&ike).is_some_and(idle_and_staying);
        match out {
            Ok(o) if waiting => self.send_rekey_child(now, ike, new, old, Some(o.kx)),
            out => {
                if let Err(e) = out {
                    self.log(Rc::LOG_SERIOUS, None, Some(old), format!("rekey: {e}"));
                }
                self.destroy_child(new);
                self.retry_rekey_later(now, ike, Some(old));
                self.pump(now, ike);
            }
        }
    }

    /// Send the CREATE_CHILD_SA request rekeying `old` with larval `new`
    /// (its nonce already drawn) and our KEi if PFS.
    fn send_rekey_child(
        &mut self,
        now: Instant,
        ike: Serial,
        new: Serial,
        old: Serial,
        kx: Option<Box<dyn ActiveKeyExchange>>,
    ) {
        let Some(conn) = self.child_conn_of(old) else {
            self.destroy_child(new);
            self.pump(now, ike);
            return;
        };
        let esp = esp_for_create(&conn, self.ike_group(ike));
        let (old_spi_in, ts_l, ts_r) = match self.children.get(&old) {
            Some(c) => (c.spi_in, c.ts_local.clone(), c.ts_remote.clone()),
            None => {
                // Deleted while our KEi was computed: nothing to rekey.
                self.destroy_child(new);
                self.pump(now, ike);
                return;
            }
        };
        let (spi_in, nonce) = match self.children.get(&new) {
            Some(c) => (c.spi_in, c.nonce_local.clone()),
            None => return,
        };
        let mut inner = vec![Payload::Notify(Notify {
            protocol: proto::ESP,
            spi: old_spi_in.to_be_bytes().to_vec(),
            kind: notify::REKEY_SA,
            data: vec![],
        })];
        if conn.mode == Mode::Transport {
            inner.push(Payload::Notify(Notify::new(
                notify::USE_TRANSPORT_MODE,
                vec![],
            )));
        }
        inner.push(Payload::Sa(to_offered(
            &esp,
            proto::ESP,
            &spi_in.to_be_bytes(),
            true,
        )));
        inner.push(Payload::Nonce(nonce));
        if let Some(k) = &kx {
            inner.push(Payload::Ke {
                group: k.group(),
                data: k.public().to_vec(),
            });
        }
        inner.push(Payload::TsI(ts_l.clone()));
        inner.push(Payload::TsR(ts_r.clone()));
        if let Some(c) = self.children.get_mut(&new) {
            c.kx = kx;
            // What the answer is checked against should the old Child be
            // deleted before it comes.
            c.ts_local = ts_l;
            c.ts_remote = ts_r;
        }
        let Some(sa) = self.ikes.get_mut(&ike) else {
            return;
        };
        let id = sa.req.start();
        match encrypted_message(self, ike, exch::CREATE_CHILD_SA, id, false, &inner) {
            Ok(d) => {
                self.log(
                    Rc::LOG,
                    Some(&conn.name),
                    Some(new),
                    format!("initiating rekey of Child SA {old}"),
                );
                self.send_request(now, ike, id, d, Pending::RekeyChild { new, old });
            }
            Err(_) => self.destroy_child(new),
        }
    }

    /// Start rekeying the IKE SA (RFC 7296 1.3.2). The new IKE SA exists
    /// from here (its DH seed, SPI and nonce drawn now); with its KEi out
    /// as a job it waits, and the old SA's queue with it.
    pub(crate) fn start_rekey_ike(&mut self, now: Instant, ike: Serial) {
        // A queued rekey of an SA the peer rekeyed meanwhile is moot.
        let current = self
            .ikes
            .get(&ike)
            .is_some_and(|i| i.state == IkeState::Established && i.replaced_by.is_none());
        let Some(conn) = self.conn_of(ike).filter(|_| current) else {
            self.pump(now, ike);
            return;
        };
        let Some(group) = self.ike_group(ike) else {
            return;
        };
        let Some(work) = self.our_ke(now, ike, &conn.name, ike, group, "IKE SA rekey") else {
            return;
        };
        let Some(old) = self.ikes.get(&ike) else {
            return;
        };
        let (local, remote, nat_t) = (old.local, old.remote, old.nat_t);
        let serial = self.serials.next_serial();
        let spi_i = self.random_u64_nonzero();
        let ni = self.nonce(32);
        let mut new = new_ike(
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
        new.nat_t = nat_t;
        self.ikes.insert(serial, new);
        self.by_spi.insert(spi_i, serial);
        self.dh_holding(
            now,
            serial,
            Hold {
                ike,
                requests: false,
            },
            work,
            Box::new(move |ep, now, out| ep.rekey_ike_keyed(now, ike, serial, out)),
        );
    }

    /// Our KEi for an IKE rekey is ready: send the request, unless the old
    /// SA was rekeyed by the peer or is going away meanwhile.
    fn rekey_ike_keyed(
        &mut self,
        now: Instant,
        ike: Serial,
        new: Serial,
        out: Result<DhOutput, DhError>,
    ) {
        let waiting = self
            .ikes
            .get(&ike)
            .is_some_and(|i| idle_and_staying(i) && i.replaced_by.is_none())
            && self
                .ikes
                .get(&new)
                .is_some_and(|n| n.state == IkeState::InitSent && n.crypto.is_none());
        let conn = self.conn_of(ike);
        let (kx, conn) = match (out, conn) {
            (Ok(o), Some(c)) if waiting => (o.kx, c),
            (out, _) => {
                if let Err(e) = out {
                    self.log(
                        Rc::LOG_SERIOUS,
                        None,
                        Some(ike),
                        format!("IKE SA rekey: {e}"),
                    );
                }
                self.destroy_ike(new, true);
                self.retry_rekey_later(now, ike, None);
                self.pump(now, ike);
                return;
            }
        };
        let group = kx.group();
        let Some((spi_i, ni)) = self.ikes.get(&new).map(|n| (n.spi_i, n.ni.clone())) else {
            return;
        };
        let props = ike_for_rekey(&conn, group);
        let inner = vec![
            Payload::Sa(to_offered(&props, proto::IKE, &spi_i.to_be_bytes(), true)),
            Payload::Nonce(ni),
            Payload::Ke {
                group,
                data: kx.public().to_vec(),
            },
        ];
        if let Some(n) = self.ikes.get_mut(&new) {
            n.kx = Some(kx);
        }
        let Some(sa) = self.ikes.get_mut(&ike) else {
            return;
        };
        let id = sa.req.start();
        match encrypted_message(self, ike, exch::CREATE_CHILD_SA, id, false, &inner) {
            Ok(d) => {
                self.log(
                    Rc::LOG,
                    Some(&conn.name),
                    Some(new),
                    format!("initiating rekey of IKE SA {ike}"),
                );
                self.send_request(now, ike, id, d, Pending::RekeyIke(new));
            }
            Err(_) => self.destroy_ike(new, true),
        }
    }

    /// A CREATE_CHILD_SA request from the peer.
    pub(crate) fn handle_create_child_request(
        &mut self,
        now: Instant,
        serial: Serial,
        message_id: u32,
        inner: &[Payload],
    ) {
        let Some(conn) = self.conn_of(serial) else {
            return;
        };
        let refuse = |ep: &mut Endpoint, code: u16, why: &str| {
            ep.refuse_child(serial, message_id, code, why)
        };
        if let Err(e) = table::CREATE_CHILD_REQUEST.check(inner) {
            refuse(self, notify::INVALID_SYNTAX, &e.to_string());
            return;
        }
        if self
            .ikes
            .get(&serial)
            .is_some_and(|i| i.state != IkeState::Established)
        {
            // RFC 7296 2.25: the SA is going away.
            refuse(
                self,
                notify::TEMPORARY_FAILURE,
                "IKE SA is being deleted or rekeyed",
            );
            return;
        }
        let sa = inner.iter().find_map(|p| match p {
            Payload::Sa(o) => Some(o.clone()),
            _ => None,
        });
        let ni = inner.iter().find_map(|p| match p {
            Payload::Nonce(n) => Some(n.clone()),
            _ => None,
        });
        let ke = inner.iter().find_map(|p| match p {
            Payload::Ke { group, data } => Some((*group, data.clone())),
            _ => None,
        });
        let (Some(sa), Some(ni)) = (sa, ni) else {
            return;
        };
        let ours = self
            .ikes
            .get(&serial)
            .and_then(|i| i.outstanding.as_ref())
            .map(|o| o.pending.clone());
        if sa.iter().any(|o| o.protocol == proto::IKE) {
            // RFC 7296 2.25.1: not while we create, rekey or close one of
            // its Child SAs (the Child would land on the wrong IKE SA).
            if matches!(
                ours,
                Some(Pending::RekeyChild { .. } | Pending::DeleteChild(_))
            ) {
                refuse(
                    self,
                    notify::TEMPORARY_FAILURE,
                    "a Child SA exchange is in progress",
                );
                return;
            }
            self.respond_rekey_ike(now, serial, message_id, &conn, &sa, ni, ke);
            return;
        }
        if matches!(ours, Some(Pending::RekeyIke(_))) {
            // RFC 7296 2.25.2: no new or rekeyed Child SA while we rekey
            // the IKE SA.
            refuse(
                self,
                notify::TEMPORARY_FAILURE,
                "the IKE SA is being rekeyed",
            );
            return;
        }
        // Child SA: new or rekey.
        let old = find_notify(inner, notify::REKEY_SA).map(|n| spi_from(&n.spi));
        let old_child = match old {
            // Among this IKE SA's own Child SAs (its list, not a scan of
            // every Child SA of the endpoint).
            Some(spi) => match self
                .ikes
                .get(&serial)
                .into_iter()
                .flat_map(|i| i.children.iter())
                .filter_map(|s| self.children.get(s))
                .find(|c| c.ike == serial && c.spi_out == spi && c.state != ChildState::Larval)
                .map(|c| c.serial)
            {
                Some(s) => Some(s),
                None => {
                    refuse(
                        self,
                        notify::CHILD_SA_NOT_FOUND,
                        "REKEY_SA names no Child SA",
                    );
                    return;
                }
            },
            None => None,
        };
        let mut part = child_part(inner);
        let group = self.ike_group(serial);
        let rule = if ke.is_some() {
            DhRule::Required
        } else {
            DhRule::Optional
        };
        // For a rekey the selectors are those of the old SA; narrowing
        // against the configuration still applies.
        if part.tsi.is_none() || part.tsr.is_none() {
            part.tsi = None;
        }
        // The connection the Child falls under (a rekey: the old Child's),
        // with CREATE_CHILD_SA's PFS rules applied to its proposals.
        let pfs = |c: &mut Connection| c.esp = esp_for_create(c, group);
        let (mut child_conn, mut answer) =
            self.child_conn(serial, &conn, old_child, &part, rule, &pfs);
        if ke.is_none() && matches!(answer, ChildAnswer::Refuse(notify::NO_PROPOSAL_CHOSEN)) {
            // The peer asks without PFS (strongSwan's default): as
            // responder accept that rather than fail the rekey.
            let no_pfs = |c: &mut Connection| {
                c.esp = esp_for_create(c, group);
                for p in &mut c.esp {
                    p.dh.clear();
                }
            };
            (child_conn, answer) =
                self.child_conn(serial, &conn, old_child, &part, DhRule::Optional, &no_pfs);
        }
        let (chosen, theirs, tsi, tsr) = match answer {
            ChildAnswer::Accept(c, t, i, r) => (c, t, i, r),
            ChildAnswer::Refuse(code) => {
                refuse(self, code, "Child SA not acceptable");
                return;
            }
        };
        // KE must match the chosen group (RFC 7296 1.3.1).
        let work = match (chosen.dh, ke) {
            (None, _) => None,
            (Some(g), Some((kg, _))) if kg != g => {
                self.log(
                    Rc::LOG,
                    Some(&conn.name),
                    Some(serial),
                    "CREATE_CHILD_SA: KE group mismatch; INVALID_KE_PAYLOAD".into(),
                );
                self.respond(
                    serial,
                    exch::CREATE_CHILD_SA,
                    message_id,
                    &[Payload::Notify(Notify::new(
                        notify::INVALID_KE_PAYLOAD,
                        g.to_be_bytes().to_vec(),
                    ))],
                );
                return;
            }
            (Some(g), Some((_, data))) => {
                match DhWork::fresh(&self.provider, self.rng.as_mut(), g, Some(data)) {
                    Ok(w) => Some(w),
                    Err(_) => return,
                }
            }
            (Some(_), None) => {
                refuse(
                    self,
                    notify::NO_PROPOSAL_CHOSEN,
                    "PFS group chosen but no KE",
                );
                return;
            }
        };
        let reply = ChildReply {
            message_id,
            conn: child_conn,
            old_child,
            chosen,
            theirs,
            tsi,
            tsr,
            ni,
            transport: part.transport,
        };
        match work {
            None => self.answer_child(now, serial, reply, None),
            // Parked on the IKE SA: the peer's next request waits for this
            // answer (RFC 7296 2.3, window of one).
            Some(w) => self.dh_holding(
                now,
                serial,
                Hold {
                    ike: serial,
                    requests: true,
                },
                w,
                Box::new(move |ep, now, out| ep.answer_child_keyed(now, serial, reply, out)),
            ),
        }
    }

    /// Answer a CREATE_CHILD_SA request with `code` and nothing else.
    fn refuse_child(&mut self, serial: Serial, message_id: u32, code: u16, why: &str) {
        let conn = self.ikes.get(&serial).map(|i| i.conn.clone());
        self.log(
            Rc::notification(code),
            conn.as_deref(),
            Some(serial),
            format!("CREATE_CHILD_SA: {why}; responding with notification {code}"),
        );
        self.respond(
            serial,
            exch::CREATE_CHILD_SA,
            message_id,
            &[Payload::Notify(Notify::new(code, vec![]))],
        );
    }

    /// The responder's KEr and g^ir for a new or rekeyed Child SA are
    /// ready (a job, or inline).
    fn answer_child_keyed(
        &mut self,
        now: Instant,
        serial: Serial,
        reply: ChildReply,
        out: Result<DhOutput, DhError>,
    ) {
        let message_id = reply.message_id;
        if self
            .ikes
            .get(&serial)
            .is_some_and(|i| i.state != IkeState::Established)
        {
            // RFC 7296 2.25: the IKE SA went away (or was rekeyed) meanwhile.
            self.refuse_child(
                serial,
                message_id,
                notify::TEMPORARY_FAILURE,
                "IKE SA is being deleted or rekeyed",
            );
        } else {
            match out.and_then(DhOutput::agreed) {
                Ok(g_ir) => self.answer_child(now, serial, reply, Some(g_ir)),
                Err(DhError::PeerValue { .. }) => {
                    self.refuse_child(serial, message_id, notify::INVALID_SYNTAX, "bad KE value")
                }
                Err(e) => self.log(
                    Rc::LOG_SERIOUS,
                    Some(&reply.conn),
                    Some(serial),
                    format!("CREATE_CHILD_SA: {e}"),
                ),
            }
        }
        self.pump(now, serial);
    }

    /// Answer an acceptable CREATE_CHILD_SA request for a Child SA and
    /// install it.
    fn answer_child(
        &mut self,
        now: Instant,
        serial: Serial,
        reply: ChildReply,
        g_ir: Option<(Box<dyn ActiveKeyExchange>, SecretBytes)>,
    ) {
        let ChildReply {
            message_id,
            conn: child_conn,
            old_child,
            chosen,
            theirs,
            tsi,
            tsr,
            ni,
            transport,
        } = reply;
        let Some(new) = self.new_child_for(serial, false, &child_conn, old_child) else {
            return;
        };
        let nr = self.nonce(32);
        let spi_in = self.children.get(&new).map_or(0, |c| c.spi_in);
        let mut out = Vec::new();
        if transport {
            out.push(Payload::Notify(Notify::new(
                notify::USE_TRANSPORT_MODE,
                vec![],
            )));
        }
        out.push(Payload::Sa(vec![chosen.to_offered(
            theirs.number,
            proto::ESP,
            spi_in.to_be_bytes().to_vec(),
        )]));
        out.push(Payload::Nonce(nr.clone()));
        if let Some((kx, _)) = &g_ir {
            out.push(Payload::Ke {
                group: kx.group(),
                data: kx.public().to_vec(),
            });
        }
        out.push(Payload::TsI(tsi.clone()));
        out.push(Payload::TsR(tsr.clone()));
        self.respond(serial, exch::CREATE_CHILD_SA, message_id, &out);
        let keys = self.ikes.get(&serial).and_then(|i| {
            i.crypto.as_ref().map(|c| {
                c.child_keys(
                    &self.provider,
                    &chosen,
                    g_ir.as_ref().map(|(_, s)| s.as_bytes()),
                    &ni,
                    &nr,
                )
            })
        });
        if let Some(c) = self.children.get_mut(&new) {
            c.nonce_local = nr;
            c.nonce_peer = ni;
            c.replaces = old_child;
        }
        if let Some(o) = old_child.and_then(|o| self.children.get_mut(&o)) {
            o.peer_rekey = Some(new);
        }
        // Our own replacement of the same Child, still being negotiated,
        // learns of the peer's too: the old Child may be deleted by the
        // peer before our exchange ends (reordering, or our g^ir job out),
        // and the nonce rule (RFC 7296 2.8.1) must still be applied.
        // If ours is already up (our exchange ended first), the rule is
        // applied here.
        let mut ours_done = None;
        if let Some(o) = old_child {
            let ours: Vec<Serial> = self
                .children_of(serial)
                .filter(|c| c.replaces == Some(o) && c.initiated_by_us && c.serial != new)
                .map(|c| c.serial)
                .collect();
            for s in &ours {
                if let Some(c) = self.children.get_mut(s) {
                    match c.state {
                        ChildState::Larval => c.peer_rekey = Some(new),
                        ChildState::Established => ours_done = Some(c.serial),
                        _ => {}
                    }
                }
            }
        }
        if let Some(mine) = ours_done {
            let lowest = |ep: &Endpoint, s: Serial| {
                ep.children
                    .get(&s)
                    .map(|c| c.nonce_local.clone().min(c.nonce_peer.clone()))
                    .unwrap_or_default()
            };
            if lowest(self, mine) < lowest(self, new) {
                self.log(
                    Rc::LOG,
                    Some(&child_conn),
                    Some(mine),
                    "simultaneous rekey: ours has the lowest nonce; deleting it".into(),
                );
                self.request(now, serial, Queued::DeleteChild(vec![mine]));
            }
        }
        match keys {
            Some(Ok(k)) => {
                self.install_child(now, new, chosen, spi_from(&theirs.spi), tsr, tsi, k, false)
            }
            _ => self.destroy_child(new),
        }
        // The rekey initiator deletes the old SA; stop our own timers on it.
        if let Some(o) = old_child.and_then(|o| self.children.get_mut(&o)) {
            o.timers.stop(TimerKind::Rekey);
            if o.state == ChildState::Established {
                o.state = ChildState::Rekeyed;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn respond_rekey_ike(
        &mut self,
        now: Instant,
        serial: Serial,
        message_id: u32,
        conn: &Connection,
        offered: &[crate::config::proposal::Offered],
        ni: Vec<u8>,
        ke: Option<(u16, Vec<u8>)>,
    ) {
        let reply_err = |ep: &mut Endpoint, code: u16, data: Vec<u8>| {
            ep.respond(
                serial,
                exch::CREATE_CHILD_SA,
                message_id,
                &[Payload::Notify(Notify::new(code, data))],
            );
        };
        let Some((theirs, chosen)) = select(&conn.ike, offered, proto::IKE, DhRule::Required)
        else {
            reply_err(self, notify::NO_PROPOSAL_CHOSEN, vec![]);
            return;
        };
        let (Some(spi_i), Some((group, data))) = (spi8(&theirs.spi), ke) else {
            reply_err(self, notify::INVALID_SYNTAX, vec![]);
            return;
        };
        let dh = chosen.dh.unwrap_or(0);
        if group != dh {
            reply_err(self, notify::INVALID_KE_PAYLOAD, dh.to_be_bytes().to_vec());
            return;
        }
        let Ok(work) = DhWork::fresh(&self.provider, self.rng.as_mut(), dh, Some(data)) else {
            return;
        };
        // Drawn before the job so a late job changes no bytes.
        let spi_r = self.random_u64_nonzero();
        let nr = self.nonce(32);
        let reply = IkeReply {
            message_id,
            number: theirs.number,
            spi_i,
            spi_r,
            chosen,
            ni,
            nr,
        };
        // Parked on the IKE SA: the peer's next request waits for this
        // answer, and our queue too (a rekey of our own would collide).
        self.dh_holding(
            now,
            serial,
            Hold {
                ike: serial,
                requests: true,
            },
            work,
            Box::new(move |ep, now, out| ep.answer_rekey_ike(now, serial, reply, out)),
        );
    }

    /// The responder's KEr and g^ir for an IKE SA rekey are ready: derive
    /// the new keys, answer, and create the new IKE SA.
    fn answer_rekey_ike(
        &mut self,
        now: Instant,
        serial: Serial,
        reply: IkeReply,
        out: Result<DhOutput, DhError>,
    ) {
        self.answer_rekey_ike_with(now, serial, reply, out);
        self.pump(now, serial);
    }

    fn answer_rekey_ike_with(
        &mut self,
        now: Instant,
        serial: Serial,
        reply: IkeReply,
        out: Result<DhOutput, DhError>,
    ) {
        let IkeReply {
            message_id,
            number,
            spi_i,
            spi_r,
            chosen,
            ni,
            nr,
        } = reply;
        let reply_err = |ep: &mut Endpoint, code: u16| {
            ep.respond(
                serial,
                exch::CREATE_CHILD_SA,
                message_id,
                &[Payload::Notify(Notify::new(code, vec![]))],
            );
        };
        let Some(conn) = self.conn_of(serial) else {
            return;
        };
        if self
            .ikes
            .get(&serial)
            .is_some_and(|i| i.state != IkeState::Established)
        {
            // RFC 7296 2.25.2: our own rekey of it completed meanwhile.
            reply_err(self, notify::TEMPORARY_FAILURE);
            return;
        }
        let (kx, g_ir) = match out.and_then(DhOutput::agreed) {
            Ok(k) => k,
            Err(DhError::PeerValue { .. }) => {
                reply_err(self, notify::INVALID_SYNTAX);
                return;
            }
            Err(_) => return,
        };
        let dh = kx.group();
        let crypto = match self.ikes.get(&serial).and_then(|i| i.crypto.as_ref()) {
            Some(old) => IkeCrypto::derive_rekey(
                &self.provider,
                old,
                &chosen,
                g_ir.as_bytes(),
                &ni,
                &nr,
                spi_i,
                spi_r,
            ),
            None => return,
        };
        let Ok(crypto) = crypto else {
            reply_err(self, notify::NO_PROPOSAL_CHOSEN);
            return;
        };
        let out = vec![
            Payload::Sa(vec![chosen.to_offered(
                number,
                proto::IKE,
                spi_r.to_be_bytes().to_vec(),
            )]),
            Payload::Nonce(nr.clone()),
            Payload::Ke {
                group: dh,
                data: kx.public().to_vec(),
            },
        ];
        self.respond(serial, exch::CREATE_CHILD_SA, message_id, &out);
        let Some(old) = self.ikes.get(&serial) else {
            return;
        };
        let (local, remote, nat_t, peer_id) =
            (old.local, old.remote, old.nat_t, old.peer_id.clone());
        let new_serial = self.serials.next_serial();
        let mut new = new_ike(
            new_serial,
            &conn,
            Role::Responder,
            spi_i,
            spi_r,
            local,
            remote,
            now,
            nr,
            dh,
        );
        new.ni = ni;
        new.nat_t = nat_t;
        new.chosen = Some(chosen);
        new.crypto = Some(crypto);
        new.peer_id = peer_id;
        self.ikes.insert(new_serial, new);
        self.by_spi.insert(spi_r, new_serial);
        let outstanding = self.ikes.get(&serial).and_then(|i| match i.outstanding {
            Some(Outstanding {
                pending: Pending::RekeyIke(mine),
                ..
            }) => Some(mine),
            _ => None,
        });
        // Our rekey is also still ours when the peer has answered it and
        // only our g^ir job is out (offload mode): its exchange is over
        // on the peer's side, so this is a collision all the same.
        let answered = || {
            self.jobs
                .held_by(serial)
                .into_iter()
                .find(|(s, peer_done)| *peer_done && self.ikes.contains_key(s))
                .map(|(s, _)| s)
        };
        let ours = outstanding.or_else(answered);
        match ours.filter(|m| self.ikes.contains_key(m)) {
            // RFC 7296 2.8.2, 2.25.2: we are rekeying it too. Answered as
            // usual; which new SA survives is decided when our exchange
            // ends. Until then the Child SAs stay where they are.
            Some(mine) => {
                self.log(
                    Rc::LOG,
                    Some(&conn.name),
                    Some(new_serial),
                    format!(
                        "simultaneous rekey of IKE SA {serial}: answered the peer's; our {mine} is pending"
                    ),
                );
                if let Some(n) = self.ikes.get_mut(&new_serial) {
                    n.state = IkeState::Rekeyed;
                    n.established = Some(now);
                }
                if let Some(o) = self.ikes.get_mut(&serial) {
                    o.peer_rekey = Some(new_serial);
                }
            }
            None => self.finish_ike_rekey(now, serial, new_serial, &conn, false),
        }
    }

    /// Both sides: the new IKE SA takes over the Child SAs; the old one
    /// waits for its Delete (sent by the rekey initiator).
    fn finish_ike_rekey(
        &mut self,
        now: Instant,
        old: Serial,
        new: Serial,
        conn: &Connection,
        we_initiated: bool,
    ) {
        let (rekey_at, expire_at) = self.child_deadlines(now, conn, false);
        // The old SA's Child SAs (its list is exactly those whose `ike` is
        // `old`: new_child adds, destroy_child removes, this moves).
        let moved: Vec<Serial> = self
            .ikes
            .get(&old)
            .map(|o| o.children.clone())
            .unwrap_or_default();
        for c in &moved {
            if let Some(ch) = self.children.get_mut(c) {
                ch.ike = new;
            }
        }
        // Child work queued on the old SA follows the Child SAs (else a
        // rekey or expiry timer that fired meanwhile would be lost).
        let mut carried = Vec::new();
        if let Some(o) = self.ikes.get_mut(&old) {
            let (child_work, rest): (Vec<Queued>, Vec<Queued>) = std::mem::take(&mut o.queue)
                .into_iter()
                .partition(|q| matches!(q, Queued::RekeyChild(_) | Queued::DeleteChild(_)));
            o.queue = rest;
            carried = child_work;
            o.children.clear();
            o.state = IkeState::Rekeyed;
            o.replaced_by = Some(new);
            o.timers.stop(TimerKind::Rekey);
            o.timers.stop(TimerKind::Liveness);
            // The rekey initiator deletes the old SA (RFC 7296 2.8); should
            // that Delete never come, delete it ourselves once the peer's
            // retransmissions must have ended, rather than keep it forever.
            o.timers
                .set(TimerKind::Expire, now + conn.retransmit.timeout * 2);
        }
        if let Some(n) = self.ikes.get_mut(&new) {
            n.children = moved;
            n.state = IkeState::Established;
            n.established = Some(now);
            n.last_recv = now;
            if conn.rekey {
                n.timers.set(TimerKind::Rekey, rekey_at);
            }
            n.timers.set(TimerKind::Expire, expire_at);
            if let Some(d) = conn.dpd {
                n.timers.set(TimerKind::Liveness, now + d.delay);
            }
        }
        let alg = self
            .ikes
            .get(&new)
            .and_then(|n| n.chosen.as_ref())
            .map(|c| crate::config::alg::AlgSummary(c).to_string())
            .unwrap_or_default();
        self.log(
            Rc::SUCCESS,
            Some(&conn.name),
            Some(new),
            format!(
                "{} rekeyed IKE SA {old} {{{alg}}}",
                if we_initiated {
                    "initiator"
                } else {
                    "responder"
                }
            ),
        );
        self.push_ike_established(new, Some(old));
        for q in carried {
            self.request(now, new, q);
        }
        if we_initiated {
            self.request(now, old, Queued::DeleteIke);
        }
    }

    /// RFC 7296 2.8.2: both ends rekeyed IKE SA `old` and both exchanges
    /// completed. The new SA holding the lowest of the four nonces is
    /// redundant and its creator deletes it; the other inherits the Child
    /// SAs, and its creator deletes the old SA. Both ends compute the same
    /// answer from the same nonces.
    fn resolve_ike_collision(
        &mut self,
        now: Instant,
        old: Serial,
        mine: Serial,
        theirs: Serial,
        conn: &Connection,
    ) {
        let lowest = |ep: &Endpoint, s: Serial| {
            ep.ikes
                .get(&s)
                .map(|i| i.ni.clone().min(i.nr.clone()))
                .unwrap_or_default()
        };
        let we_lose = lowest(self, mine) < lowest(self, theirs);
        let text = if we_lose {
            format!("simultaneous IKE SA rekey: ours has the lowest nonce; deleting it, {theirs} survives")
        } else {
            format!("simultaneous IKE SA rekey: {theirs} has the lowest nonce; the peer deletes it")
        };
        self.log(Rc::LOG, Some(&conn.name), Some(mine), text);
        if we_lose {
            // The peer's SA inherits the Child SAs; the peer deletes `old`.
            self.finish_ike_rekey(now, old, theirs, conn, false);
            if let Some(m) = self.ikes.get_mut(&mine) {
                m.state = IkeState::Rekeyed;
                m.established = Some(now);
                m.replaced_by = Some(theirs);
            }
            self.request(now, mine, Queued::DeleteIke);
        } else {
            self.finish_ike_rekey(now, old, mine, conn, true);
            // Should the peer's Delete of it be lost for good, drop it
            // ourselves once its retransmissions must have ended.
            let grace = conn.retransmit.timeout * 2;
            if let Some(t) = self.ikes.get_mut(&theirs) {
                t.state = IkeState::Rekeyed;
                t.replaced_by = Some(mine);
                t.timers.set(TimerKind::Discard, now + grace);
            }
        }
    }

    /// The peer deletes IKE SA `old` while our rekey of it is outstanding
    /// and we answered its own rekey: it did not notice the collision (or
    /// our answer was lost), so its new SA is the one (RFC 7296 2.8.2,
    /// 2.25.2: forget our own rekey). The Child SAs move there before
    /// `old` goes. Returns whether that applied.
    pub(crate) fn adopt_peer_rekey_on_delete(&mut self, now: Instant, old: Serial) -> bool {
        let Some(ike) = self.ikes.get_mut(&old) else {
            return false;
        };
        let Some(theirs) = ike.peer_rekey.take() else {
            return false;
        };
        let mine = match ike.outstanding {
            Some(Outstanding {
                pending: Pending::RekeyIke(m),
                ..
            }) => Some(m),
            _ => None,
        };
        let Some(conn) = self
            .conn_of(old)
            .filter(|_| self.ikes.contains_key(&theirs))
        else {
            return false;
        };
        self.log(
            Rc::LOG,
            Some(&conn.name),
            Some(old),
            format!("peer deleted IKE SA {old} while both rekeyed it: forgetting our own rekey, {theirs} survives"),
        );
        if let Some(m) = mine {
            self.destroy_ike(m, true);
        }
        self.finish_ike_rekey(now, old, theirs, &conn, false);
        true
    }

    /// The answer to our CREATE_CHILD_SA request.
    pub(crate) fn handle_create_child_response(
        &mut self,
        now: Instant,
        serial: Serial,
        pending: Pending,
        inner: &[Payload],
    ) {
        let Some(conn) = self.conn_of(serial) else {
            return;
        };
        let error = crate::msg::notifies(inner)
            .find(|n| n.kind <= notify::ERROR_MAX)
            .map(|n| n.kind);
        match pending {
            Pending::RekeyIke(new) => {
                let answer = inner.iter().find_map(|p| match p {
                    Payload::Sa(o) if o.len() == 1 => o.first().cloned(),
                    _ => None,
                });
                let nr = inner.iter().find_map(|p| match p {
                    Payload::Nonce(n) => Some(n.clone()),
                    _ => None,
                });
                let ke = inner.iter().find_map(|p| match p {
                    Payload::Ke { group, data } => Some((*group, data.clone())),
                    _ => None,
                });
                let checked = (|| {
                    if let Some(code) = error {
                        return Err(format!("peer answered with notification {code}"));
                    }
                    table::CREATE_CHILD_RESPONSE
                        .check(inner)
                        .map_err(|e| e.to_string())?;
                    let (answer, nr, (group, data)) = match (answer, nr, ke) {
                        (Some(a), Some(n), Some(k)) => (a, n, k),
                        _ => return Err("incomplete answer".to_string()),
                    };
                    let group_now = self.ikes.get(&new).map(|n| n.ke_group).unwrap_or(0);
                    let chosen = accept_answer(
                        &ike_for_rekey(&conn, group_now),
                        &answer,
                        proto::IKE,
                        DhRule::Required,
                    )
                    .filter(|c| c.dh == Some(group) && group == group_now)
                    .ok_or("answer not among our proposals")?;
                    let spi_r = spi8(&answer.spi).filter(|s| *s != 0).ok_or("bad SPI")?;
                    let kx = self
                        .ikes
                        .get_mut(&new)
                        .ok_or("gone")?
                        .kx
                        .take()
                        .ok_or("no KE")?;
                    Ok((chosen, spi_r, nr, DhWork::complete(kx, data)))
                })();
                match checked {
                    // g^ir as a job parked on the new SA; the old one takes
                    // no new requests meanwhile (a rekey of it by the peer
                    // must see ours either done or still outstanding).
                    Ok((chosen, spi_r, nr, work)) => self.dh_holding(
                        now,
                        new,
                        Hold {
                            ike: serial,
                            requests: true,
                        },
                        work,
                        Box::new(move |ep, now, out| {
                            let result = ep.derive_rekeyed(serial, new, &chosen, spi_r, &nr, out);
                            let result = result.map(|crypto| (chosen, spi_r, nr, crypto));
                            ep.rekey_ike_answered(now, serial, new, result);
                            ep.pump(now, serial);
                        }),
                    ),
                    Err(why) => self.rekey_ike_answered(now, serial, new, Err(why)),
                }
            }
            Pending::RekeyChild { new, old } => {
                let conn = self.child_conn_of(new).unwrap_or(conn);
                self.finish_child_exchange(now, serial, new, Some(old), &conn, error, inner)
            }
            _ => {}
        }
    }

    /// The new IKE SA's keys from the old SA's SK_d and g^ir
    /// (RFC 7296 2.18).
    fn derive_rekeyed(
        &self,
        old: Serial,
        new: Serial,
        chosen: &Chosen,
        spi_r: u64,
        nr: &[u8],
        out: Result<DhOutput, DhError>,
    ) -> Result<IkeCrypto, String> {
        let (_, g_ir) = out.and_then(DhOutput::agreed).map_err(|e| e.to_string())?;
        let n = self.ikes.get(&new).ok_or("gone")?;
        if n.state != IkeState::InitSent || n.crypto.is_some() {
            return Err("no longer waiting".into());
        }
        let old = self
            .ikes
            .get(&old)
            .and_then(|i| i.crypto.as_ref())
            .ok_or("no keys")?;
        IkeCrypto::derive_rekey(
            &self.provider,
            old,
            chosen,
            g_ir.as_bytes(),
            &n.ni,
            nr,
            n.spi_i,
            spi_r,
        )
        .map_err(|e| e.to_string())
    }

    /// Our IKE SA rekey's exchange is over: the new SA takes over (or a
    /// collision is resolved), or the attempt is dropped.
    fn rekey_ike_answered(
        &mut self,
        now: Instant,
        serial: Serial,
        new: Serial,
        result: Result<(Chosen, u64, Vec<u8>, IkeCrypto), String>,
    ) {
        let Some(conn) = self.conn_of(serial) else {
            return;
        };
        // The peer's own rekey of this SA, if it crossed ours.
        let theirs = self
            .ikes
            .get_mut(&serial)
            .and_then(|i| i.peer_rekey.take())
            .filter(|t| self.ikes.contains_key(t));
        match result {
            Ok((chosen, spi_r, nr, crypto)) => {
                let peer_id = self.ikes.get(&serial).and_then(|i| i.peer_id.clone());
                if let Some(n) = self.ikes.get_mut(&new) {
                    n.spi_r = spi_r;
                    n.nr = nr;
                    n.chosen = Some(chosen);
                    n.crypto = Some(crypto);
                    n.kx = None;
                    n.peer_id = peer_id;
                }
                match theirs {
                    Some(theirs) => self.resolve_ike_collision(now, serial, new, theirs, &conn),
                    None => self.finish_ike_rekey(now, serial, new, &conn, true),
                }
            }
            Err(why) => {
                self.log(
                    Rc::LOG,
                    Some(&conn.name),
                    Some(new),
                    format!("IKE SA rekey failed: {why}"),
                );
                self.destroy_ike(new, true);
                match theirs {
                    // RFC 7296 2.8.2: the peer did not notice the
                    // collision (TEMPORARY_FAILURE): its SA is the
                    // one, and it will delete the old SA.
                    Some(theirs) => self.finish_ike_rekey(now, serial, theirs, &conn, false),
                    None => self.retry_rekey_later(now, serial, None),
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_child_exchange(
        &mut self,
        now: Instant,
        ike: Serial,
        new: Serial,
        old: Option<Serial>,
        conn: &Connection,
        error: Option<u16>,
        inner: &[Payload],
    ) {
        let part = child_part(inner);
        let nr = inner.iter().find_map(|p| match p {
            Payload::Nonce(n) => Some(n.clone()),
            _ => None,
        });
        let ke = inner.iter().find_map(|p| match p {
            Payload::Ke { group, data } => Some((*group, data.clone())),
            _ => None,
        });
        let esp = esp_for_create(conn, self.ike_group(ike));
        let answer = part.sa.as_ref().and_then(|s| {
            if s.len() == 1 {
                s.first().cloned()
            } else {
                None
            }
        });
        let chosen = answer
            .as_ref()
            .and_then(|a| accept_answer(&esp, a, proto::ESP, DhRule::Optional));
        let ts_ok = |got: &Option<Vec<TrafficSelector>>, ours: &[TrafficSelector]| match got {
            Some(g) => !g.is_empty() && g.iter().all(|t| ours.iter().any(|o| o.contains(t))),
            None => false,
        };
        // The selectors we asked for: the old Child's, kept on the new one
        // for when the old was deleted meanwhile (its replacement is still
        // a Child SA the peer has set up: installed as a Child of its own),
        // else the connection's.
        let proposed = old
            .and_then(|o| self.children.get(&o))
            .or_else(|| self.children.get(&new))
            .filter(|c| !c.ts_local.is_empty() && !c.ts_remote.is_empty());
        let (want_l, want_r) = match proposed {
            Some(c) => (c.ts_local.clone(), c.ts_remote.clone()),
            None => (
                conn.local.selector().into_iter().collect(),
                conn.remote.selector().into_iter().collect(),
            ),
        };
        let ok = error.is_none()
            && table::CREATE_CHILD_RESPONSE.check(inner).is_ok()
            && ts_ok(&part.tsi, &want_l)
            && ts_ok(&part.tsr, &want_r)
            && answer.as_ref().is_some_and(|a| a.spi.len() == 4);
        let (Some(chosen), Some(answer), Some(nr), true) = (chosen, answer, nr, ok) else {
            self.log(
                Rc::notification(error.unwrap_or(0)),
                Some(&conn.name),
                Some(new),
                format!(
                    "CREATE_CHILD_SA failed (notification {})",
                    error.unwrap_or(0)
                ),
            );
            self.destroy_child(new);
            self.retry_rekey_later(now, ike, old);
            return;
        };
        let work = match self.children.get_mut(&new) {
            Some(c) => match (chosen.dh, c.kx.take(), ke) {
                (None, _, _) => None,
                (Some(g), Some(kx), Some((kg, data))) if kg == g && kx.group() == g => {
                    Some(DhWork::complete(kx, data))
                }
                _ => {
                    self.destroy_child(new);
                    self.retry_rekey_later(now, ike, old);
                    return;
                }
            },
            None => return,
        };
        let answered = ChildAnswered {
            chosen,
            spi_out: spi_from(&answer.spi),
            tsi: part.tsi.unwrap_or_default(),
            tsr: part.tsr.unwrap_or_default(),
            nr,
        };
        match work {
            None => self.child_answered(now, ike, new, old, answered, None),
            // g^ir as a job parked on the new Child: the peer's requests
            // are still answered meanwhile (a crossing rekey of `old` is
            // then resolved below as if it had come first).
            Some(w) => self.dh_holding(
                now,
                new,
                Hold {
                    ike,
                    requests: false,
                },
                w,
                Box::new(move |ep, now, out| {
                    let larval = ep
                        .children
                        .get(&new)
                        .is_some_and(|c| c.state == ChildState::Larval && c.ike == ike);
                    match out.and_then(DhOutput::agreed) {
                        Ok((_, g_ir)) if larval => {
                            ep.child_answered(now, ike, new, old, answered, Some(g_ir))
                        }
                        _ => ep.destroy_child(new),
                    }
                    ep.pump(now, ike);
                }),
            ),
        }
    }

    /// Our Child SA exchange is answered and keyed (g^ir when PFS): derive
    /// the keys, install the Child, and settle the rekeyed one.
    fn child_answered(
        &mut self,
        now: Instant,
        ike: Serial,
        new: Serial,
        old: Option<Serial>,
        answered: ChildAnswered,
        g_ir: Option<SecretBytes>,
    ) {
        let ChildAnswered {
            chosen,
            spi_out,
            tsi,
            tsr,
            nr,
        } = answered;
        let Some(conn) = self.child_conn_of(new) else {
            return;
        };
        let Some(ni) = self.children.get(&new).map(|c| c.nonce_local.clone()) else {
            return;
        };
        let keys = self.ikes.get(&ike).and_then(|i| {
            i.crypto.as_ref().map(|c| {
                c.child_keys(
                    &self.provider,
                    &chosen,
                    g_ir.as_ref().map(|s| s.as_bytes()),
                    &ni,
                    &nr,
                )
            })
        });
        if let Some(c) = self.children.get_mut(&new) {
            c.nonce_peer = nr.clone();
            c.kx = None;
        }
        match keys {
            Some(Ok(k)) => self.install_child(now, new, chosen, spi_out, tsi, tsr, k, true),
            _ => {
                self.destroy_child(new);
                return;
            }
        }
        let Some(old) = old else {
            return;
        };
        // RFC 7296 2.8.1: if the peer rekeyed the same SA meanwhile, the
        // replacement created with the lowest of the four nonces is
        // redundant and its initiator deletes it; the initiator of the
        // survivor deletes the old SA.
        let peer_new = self
            .children
            .get(&old)
            .and_then(|o| o.peer_rekey)
            .or_else(|| self.children.get(&new).and_then(|c| c.peer_rekey));
        if let Some(theirs) = peer_new.filter(|s| self.children.contains_key(s)) {
            let mine_min = self
                .children
                .get(&new)
                .map(|c| c.nonce_local.clone().min(c.nonce_peer.clone()))
                .unwrap_or_default();
            let theirs_min = self
                .children
                .get(&theirs)
                .map(|c| c.nonce_local.clone().min(c.nonce_peer.clone()))
                .unwrap_or_default();
            if mine_min < theirs_min {
                self.log(
                    Rc::LOG,
                    Some(&conn.name),
                    Some(new),
                    "simultaneous rekey: ours has the lowest nonce; deleting it".into(),
                );
                self.request(now, ike, Queued::DeleteChild(vec![new]));
            } else {
                self.request(now, ike, Queued::DeleteChild(vec![old]));
            }
            return;
        }
        if let Some(o) = self.children.get_mut(&old) {
            o.state = ChildState::Rekeyed;
            o.timers.stop(TimerKind::Rekey);
        }
        self.request(now, ike, Queued::DeleteChild(vec![old]));
    }

    /// A failed rekey: try again a little later (the SA still works until
    /// it expires).
    /// RFC 7296 2.25: after TEMPORARY_FAILURE (or any failure) wait a
    /// random while before trying again, so that two ends refusing each
    /// other's exchange do not collide again; and try before the SA
    /// expires.
    fn retry_rekey_later(&mut self, now: Instant, ike: Serial, old_child: Option<Serial>) {
        let jitter = Duration::from_millis(self.rng.next_u64() % RETRY_JITTER_MS);
        let wait = RETRY_MIN + jitter;
        let later = |timers: &crate::timer::TimerTable| {
            let before_expiry = timers
                .get(TimerKind::Expire)
                .map(|e| now + e.saturating_duration_since(now) / 2);
            before_expiry.map_or(now + wait, |b| b.min(now + wait))
        };
        match old_child {
            Some(c) => {
                if let Some(ch) = self.children.get_mut(&c) {
                    if ch.state == ChildState::Established {
                        ch.timers.set(TimerKind::Rekey, later(&ch.timers));
                    }
                }
            }
            None => {
                if let Some(i) = self.ikes.get_mut(&ike) {
                    if i.state == IkeState::Established {
                        i.timers.set(TimerKind::Rekey, later(&i.timers));
                    }
                }
            }
        }
    }
}
