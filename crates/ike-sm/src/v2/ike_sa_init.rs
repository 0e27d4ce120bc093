//! IKE_SA_INIT (RFC 7296 1.2): proposal selection, KE group checks and
//! INVALID_KE_PAYLOAD, COOKIE (2.6), NAT detection (2.23), fragmentation
//! and signature-hash announcements (RFC 7383, RFC 7427).

use std::net::SocketAddr;
use std::time::Instant;

use crate::config::alg::AlgSummary;
use crate::config::proposal::Chosen;
use crate::config::proposal::{accept_answer, select, to_offered, DhRule};
use crate::config::{AuthMethod, Encapsulation, Fragmentation};
use crate::crypto::{cookie, nat_hash, IkeCrypto};
use crate::endpoint::Endpoint;
use crate::event::Rc;
use crate::job::{DhError, DhOutput, DhWork};
use crate::msg::consts::{exch, notify, proto, FLAG_R, VERSION};
use crate::msg::{find_notify, Header, Message, Notify, Payload};
use crate::sa::{IkeSa, IkeState, Pending, Role};
use crate::sa_table::SaTable;
use crate::serial::Serial;
use crate::timer::TimerKind;
use crate::v2::lifecycle::new_ike;
use crate::v2::send::plain_message;
use crate::v2::table;

/// RFC 7427 hash algorithm IDs we announce: SHA2-256, 384, 512.
const SIGNATURE_HASHES: [u8; 6] = [0, 2, 0, 3, 0, 4];

/// The IKE SA if it still waits for its IKE_SA_INIT DH result (a job
/// may come back after the state moved on or went away).
fn unkeyed(ikes: &mut SaTable<IkeSa>, serial: Serial, role: Role) -> Option<&mut IkeSa> {
    let state = match role {
        Role::Initiator => IkeState::InitSent,
        Role::Responder => IkeState::InitAnswered,
    };
    ikes.get_mut(&serial)
        .filter(|i| i.role == role && i.state == state && i.crypto.is_none())
}

/// Initiator: an accepted IKE_SA_INIT response, parked while g^ir is
/// computed.
#[derive(Debug)]
struct InitAccepted {
    chosen: Chosen,
    nr: Vec<u8>,
    spi_r: u64,
    /// The response as received (signed by our AUTH, RFC 7296 2.15).
    bytes: Vec<u8>,
    peer_fragmentation: bool,
    peer_sig_hashes: Option<Vec<u16>>,
    nat_remote: bool,
    nat_local: bool,
}

/// Responder: what the IKE_SA_INIT answer needs from the request once DH
/// is done (the rest is on the IKE SA).
#[derive(Debug, Clone, Copy)]
struct InitAnswer {
    /// The peer's proposal number we accept (RFC 7296 3.3.1).
    proposal: u8,
    /// The peer announced SIGNATURE_HASH_ALGORITHMS and we use signatures.
    sig_hashes: bool,
}

fn wants_sig_hashes(c: &crate::config::Connection) -> bool {
    c.rsa_sha2
        && (matches!(c.local.auth, AuthMethod::RsaSig { .. })
            || matches!(c.remote.auth, AuthMethod::RsaSig { .. }))
}

impl Endpoint {
    /// Build and send (or re-send after COOKIE / INVALID_KE) our
    /// IKE_SA_INIT request.
    pub(crate) fn send_init_request(&mut self, now: Instant, serial: Serial) {
        let Some(ike) = self.ikes.get(&serial) else {
            return;
        };
        let Some(conn) = self.conns.get(&ike.conn).map(|e| e.conn.clone()) else {
            return;
        };
        let group = ike.ke_group;
        let need_kx = ike.kx.as_ref().is_none_or(|k| k.group() != group);
        if need_kx {
            // Our KE first (maybe as a job); this runs again once it is made.
            match DhWork::fresh(&self.provider, self.rng.as_mut(), group, None) {
                Ok(work) => self.dh(
                    now,
                    serial,
                    work,
                    Box::new(move |ep: &mut Endpoint, now, out| {
                        ep.init_keygen_done(now, serial, group, out)
                    }),
                ),
                Err(e) => self.fail_ike(now, serial, e.to_string()),
            }
            return;
        }
        let Some(ike) = self.ikes.get_mut(&serial) else {
            return;
        };
        let mut payloads = Vec::new();
        if let Some(c) = &ike.cookie {
            // RFC 7296 2.6: the COOKIE notify comes first.
            payloads.push(Payload::Notify(Notify::new(notify::COOKIE, c.clone())));
        }
        payloads.push(Payload::Sa(to_offered(&conn.ike, proto::IKE, &[], true)));
        payloads.push(Payload::Ke {
            group,
            data: ike
                .kx
                .as_ref()
                .map(|k| k.public().to_vec())
                .unwrap_or_default(),
        });
        payloads.push(Payload::Nonce(ike.ni.clone()));
        let src_hash = if conn.encapsulation == Encapsulation::Yes {
            // Forced encapsulation: a source hash that cannot match makes
            // both sides believe we are behind NAT (as Libreswan does).
            vec![0u8; 20]
        } else {
            nat_hash(ike.spi_i, 0, ike.local)
        };
        payloads.push(Payload::Notify(Notify::new(
            notify::NAT_DETECTION_SOURCE_IP,
            src_hash,
        )));
        payloads.push(Payload::Notify(Notify::new(
            notify::NAT_DETECTION_DESTINATION_IP,
            nat_hash(ike.spi_i, 0, ike.remote),
        )));
        if conn.fragmentation == Fragmentation::Yes {
            payloads.push(Payload::Notify(Notify::new(
                notify::IKEV2_FRAGMENTATION_SUPPORTED,
                vec![],
            )));
        }
        if wants_sig_hashes(&conn) {
            payloads.push(Payload::Notify(Notify::new(
                notify::SIGNATURE_HASH_ALGORITHMS,
                SIGNATURE_HASHES.to_vec(),
            )));
        }
        let h = Header {
            spi_i: ike.spi_i,
            spi_r: 0,
            next_payload: 0,
            version: VERSION,
            exchange: exch::IKE_SA_INIT,
            flags: crate::msg::consts::FLAG_I,
            message_id: 0,
            length: 0,
        };
        let bytes = match plain_message(h, &payloads) {
            Ok(b) => b,
            Err(e) => {
                self.fail_ike(now, serial, format!("cannot build IKE_SA_INIT: {e}"));
                return;
            }
        };
        ike.init_req = bytes.clone();
        ike.req.reset();
        let id = ike.req.start();
        let remote = ike.remote;
        self.log(
            Rc::LOG,
            Some(&conn.name),
            Some(serial),
            format!("sent IKE_SA_INIT request to {remote}"),
        );
        self.send_request(now, serial, id, vec![bytes], Pending::Init);
    }

    /// Initiator: our key pair for the IKE_SA_INIT request is made.
    fn init_keygen_done(
        &mut self,
        now: Instant,
        serial: Serial,
        group: u16,
        out: Result<DhOutput, DhError>,
    ) {
        let Some(ike) = unkeyed(&mut self.ikes, serial, Role::Initiator) else {
            return;
        };
        if ike.ke_group != group {
            return;
        }
        match out {
            Ok(o) => {
                ike.kx = Some(o.kx);
                self.send_init_request(now, serial);
            }
            Err(e) => self.fail_ike(now, serial, e.to_string()),
        }
    }

    /// Responder: a new (or retransmitted) IKE_SA_INIT request.
    pub(crate) fn handle_init_request(
        &mut self,
        now: Instant,
        local: SocketAddr,
        remote: SocketAddr,
        bytes: &[u8],
        msg: &Message,
    ) {
        let h = msg.header;
        if h.spi_r != 0 || h.message_id != 0 || !h.is_initiator() {
            return; // RFC 7296 2.2/3.1: malformed for IKE_SA_INIT; drop.
        }
        if let Some(&s) = self.half_open.get(&(h.spi_i, remote)) {
            if let Some(ike) = self.ikes.get(&s) {
                // Only while half open; later copies are replays: drop.
                // While the DH job is out there is no answer yet: drop.
                if ike.init_req == bytes
                    && ike.state == IkeState::InitAnswered
                    && !self.job_pending(s)
                {
                    // Retransmission: resend our answer (RFC 7296 2.1).
                    let resp = ike.init_resp.clone();
                    self.transmit(s, &[resp]);
                }
            }
            return;
        }
        if let Err(e) = table::INIT_REQUEST.check(&msg.payloads) {
            self.log(
                Rc::LOG,
                None,
                None,
                format!("dropping IKE_SA_INIT from {remote}: {e}"),
            );
            return;
        }
        let Some(conn_name) = self.find_connection(local, remote, &msg.payloads) else {
            self.log(
                Rc::LOG,
                None,
                None,
                format!("IKE_SA_INIT request from {remote} has no matching connection; dropped"),
            );
            return;
        };
        let Some(conn) = self.conns.get(&conn_name).map(|e| e.conn.clone()) else {
            return;
        };
        let mut offered = Vec::new();
        let mut ke = None;
        let mut ni = Vec::new();
        for p in &msg.payloads {
            match p {
                Payload::Sa(o) => offered = o.clone(),
                Payload::Ke { group, data } => ke = Some((*group, data.clone())),
                Payload::Nonce(n) => ni = n.clone(),
                _ => {}
            }
        }
        let Some((ke_group, ke_data)) = ke else {
            return;
        };
        let stateless = |ep: &mut Endpoint, n: Notify| {
            ep.stateless_init_reply(local, remote, h.spi_i, n);
        };
        // COOKIE (RFC 7296 2.6): when busy, demand proof of the address
        // before keeping any state.
        let busy = self.cfg.force_busy || self.half_open_count() >= self.cfg.cookie_threshold;
        if busy {
            let expected = cookie(&self.cookie_secret, &ni, remote.ip(), h.spi_i);
            let got = find_notify(&msg.payloads, notify::COOKIE).map(|n| n.data.clone());
            if got.as_deref() != Some(expected.as_slice()) {
                self.log(
                    Rc::LOG,
                    Some(&conn_name),
                    None,
                    format!("responding to IKE_SA_INIT from {remote} with COOKIE"),
                );
                stateless(self, Notify::new(notify::COOKIE, expected));
                return;
            }
        }
        let Some((peer_prop, chosen)) = select(&conn.ike, &offered, proto::IKE, DhRule::Required)
        else {
            self.log(
                Rc::notification(notify::NO_PROPOSAL_CHOSEN),
                Some(&conn_name),
                None,
                format!("no acceptable IKE proposal from {remote}; responding NO_PROPOSAL_CHOSEN"),
            );
            stateless(self, Notify::new(notify::NO_PROPOSAL_CHOSEN, vec![]));
            return;
        };
        let dh = chosen.dh.unwrap_or(0);
        if dh != ke_group {
            // RFC 7296 1.2: answer with the group we want; keep no state.
            self.log(
                Rc::LOG,
                Some(&conn_name),
                None,
                format!(
                    "responding to IKE_SA_INIT with INVALID_KE_PAYLOAD suggesting {}",
                    crate::config::alg::dh_name(dh)
                ),
            );
            stateless(
                self,
                Notify::new(notify::INVALID_KE_PAYLOAD, dh.to_be_bytes().to_vec()),
            );
            return;
        }
        // Like pluto, create the state now and compute DH next (possibly
        // as a job): the half-open SA counts for the COOKIE threshold and
        // retransmissions find it while the job is out.
        let work = match DhWork::fresh(&self.provider, self.rng.as_mut(), dh, Some(ke_data)) {
            Ok(w) => w,
            Err(e) => {
                self.log(
                    Rc::LOG_SERIOUS,
                    Some(&conn_name),
                    None,
                    format!("DH start failed: {e}"),
                );
                return;
            }
        };
        let serial = self.serials.next_serial();
        let spi_r = self.random_u64_nonzero();
        let nr = self.nonce(32);
        let mut ike = new_ike(
            serial,
            &conn,
            Role::Responder,
            h.spi_i,
            spi_r,
            local,
            remote,
            now,
            nr,
            dh,
        );
        ike.ni = ni;
        ike.chosen = Some(chosen);
        ike.init_req = bytes.to_vec();
        ike.init_key = Some((h.spi_i, remote));
        ike.last_recv = now;
        ike.peer_fragmentation = find_notify(&msg.payloads, notify::IKEV2_FRAGMENTATION_SUPPORTED)
            .is_some()
            && conn.fragmentation == Fragmentation::Yes;
        ike.peer_sig_hashes = crate::v2::sig_auth::peer_hashes(&msg.payloads);
        // NAT detection (RFC 7296 2.23): their source hash against the
        // address we see, their destination hash against ours.
        let src_ok = find_notify(&msg.payloads, notify::NAT_DETECTION_SOURCE_IP)
            .map(|n| n.data == nat_hash(h.spi_i, 0, remote));
        let dst_ok = find_notify(&msg.payloads, notify::NAT_DETECTION_DESTINATION_IP)
            .map(|n| n.data == nat_hash(h.spi_i, 0, local));
        ike.nat_remote = src_ok == Some(false);
        ike.nat_local = dst_ok == Some(false) || conn.encapsulation == Encapsulation::Yes;
        ike.timers
            .set(TimerKind::Discard, now + self.cfg.half_open_timeout);
        self.ikes.insert(serial, ike);
        self.by_spi.insert(spi_r, serial);
        self.half_open.insert((h.spi_i, remote), serial);
        self.half_open_set.insert(serial);
        let answer = InitAnswer {
            proposal: peer_prop.number,
            sig_hashes: wants_sig_hashes(&conn)
                && find_notify(&msg.payloads, notify::SIGNATURE_HASH_ALGORITHMS).is_some(),
        };
        self.dh(
            now,
            serial,
            work,
            Box::new(move |ep: &mut Endpoint, _now, out| ep.answer_init(serial, answer, out)),
        );
    }

    /// Responder, once DH is done: derive the keys and send the
    /// IKE_SA_INIT response (RFC 7296 1.2).
    fn answer_init(&mut self, serial: Serial, answer: InitAnswer, out: Result<DhOutput, DhError>) {
        let Some(ike) = unkeyed(&mut self.ikes, serial, Role::Responder) else {
            return;
        };
        let conn_name = ike.conn.clone();
        let (local, remote, spi_i) = (ike.local, ike.remote, ike.spi_i);
        let Some(conn) = self.conns.get(&conn_name).map(|e| e.conn.clone()) else {
            return;
        };
        let (kx, g_ir) = match out.and_then(DhOutput::agreed) {
            Ok(v) => v,
            Err(e @ DhError::PeerValue { .. }) => {
                // RFC 6989: a bad public value; answer like a bad KE.
                self.log(
                    Rc::LOG,
                    Some(&conn_name),
                    Some(serial),
                    format!("invalid KE payload from {remote}: {e}"),
                );
                self.destroy_ike(serial, true);
                self.stateless_init_reply(
                    local,
                    remote,
                    spi_i,
                    Notify::new(notify::INVALID_SYNTAX, vec![]),
                );
                return;
            }
            Err(e) => {
                self.log(
                    Rc::LOG_SERIOUS,
                    Some(&conn_name),
                    Some(serial),
                    format!("DH failed: {e}"),
                );
                self.destroy_ike(serial, true);
                return;
            }
        };
        let Some(ike) = self.ikes.get_mut(&serial) else {
            return;
        };
        let Some(chosen) = ike.chosen else {
            return;
        };
        let spi_r = ike.spi_r;
        let dh = ike.ke_group;
        let crypto = match IkeCrypto::derive(
            &self.provider,
            &chosen,
            g_ir.as_bytes(),
            &ike.ni,
            &ike.nr,
            spi_i,
            spi_r,
        ) {
            Ok(c) => c,
            Err(e) => {
                self.log(
                    Rc::LOG_SERIOUS,
                    Some(&conn_name),
                    Some(serial),
                    format!("key derivation failed: {e}"),
                );
                self.destroy_ike(serial, true);
                return;
            }
        };
        ike.crypto = Some(crypto);
        let mut payloads = vec![
            Payload::Sa(vec![chosen.to_offered(answer.proposal, proto::IKE, vec![])]),
            Payload::Ke {
                group: dh,
                data: kx.public().to_vec(),
            },
            Payload::Nonce(ike.nr.clone()),
        ];
        let src_hash = if conn.encapsulation == Encapsulation::Yes {
            vec![0u8; 20]
        } else {
            nat_hash(spi_i, spi_r, local)
        };
        payloads.push(Payload::Notify(Notify::new(
            notify::NAT_DETECTION_SOURCE_IP,
            src_hash,
        )));
        payloads.push(Payload::Notify(Notify::new(
            notify::NAT_DETECTION_DESTINATION_IP,
            nat_hash(spi_i, spi_r, remote),
        )));
        if ike.peer_fragmentation {
            payloads.push(Payload::Notify(Notify::new(
                notify::IKEV2_FRAGMENTATION_SUPPORTED,
                vec![],
            )));
        }
        if answer.sig_hashes {
            payloads.push(Payload::Notify(Notify::new(
                notify::SIGNATURE_HASH_ALGORITHMS,
                SIGNATURE_HASHES.to_vec(),
            )));
        }
        let reply = plain_message(
            Header {
                spi_i,
                spi_r,
                next_payload: 0,
                version: VERSION,
                exchange: exch::IKE_SA_INIT,
                flags: FLAG_R,
                message_id: 0,
                length: 0,
            },
            &payloads,
        );
        let reply = match reply {
            Ok(r) => r,
            Err(e) => {
                self.log(
                    Rc::LOG_SERIOUS,
                    Some(&conn_name),
                    Some(serial),
                    format!("cannot build IKE_SA_INIT response: {e}"),
                );
                self.destroy_ike(serial, true);
                return;
            }
        };
        ike.init_resp = reply.clone();
        ike.resp.answered(0, vec![reply.clone()]);
        let nat = ike.nat_local || ike.nat_remote;
        self.log(
            Rc::LOG,
            Some(&conn_name),
            Some(serial),
            format!(
                "responding to IKE_SA_INIT request from {remote} {{{}}}{}",
                AlgSummary(&chosen),
                if nat { "; NAT detected" } else { "" }
            ),
        );
        self.transmit(serial, &[reply]);
    }

    /// An IKE_SA_INIT answer that keeps no state (COOKIE, INVALID_KE,
    /// NO_PROPOSAL_CHOSEN, INVALID_SYNTAX).
    fn stateless_init_reply(
        &mut self,
        local: SocketAddr,
        remote: SocketAddr,
        spi_i: u64,
        n: Notify,
    ) {
        let reply = plain_message(
            Header {
                spi_i,
                spi_r: 0,
                next_payload: 0,
                version: VERSION,
                exchange: exch::IKE_SA_INIT,
                flags: FLAG_R,
                message_id: 0,
                length: 0,
            },
            &[Payload::Notify(n)],
        );
        match reply {
            Ok(r) => self.transmits.push_back(crate::transmit::ike_datagram(
                local,
                remote,
                &r,
                local.port() == self.cfg.natt_port,
            )),
            Err(e) => self.log(
                Rc::LOG_SERIOUS,
                None,
                None,
                format!("cannot build reply: {e}"),
            ),
        }
    }

    /// Initiator: the answer to our IKE_SA_INIT.
    pub(crate) fn handle_init_response(&mut self, now: Instant, bytes: &[u8], msg: &Message) {
        let h = msg.header;
        let Some(&serial) = self.by_spi.get(&h.spi_i) else {
            return;
        };
        let Some(ike) = self.ikes.get(&serial) else {
            return;
        };
        if self.job_pending(serial) {
            // Our KE or g^ir is being computed: a copy, or a late answer to
            // the previous request; nothing to do with it now.
            return;
        }
        if ike.role != Role::Initiator
            || ike.state != IkeState::InitSent
            || h.message_id != 0
            || h.is_initiator()
        {
            return;
        }
        let conn_name = ike.conn.clone();
        let Some(conn) = self.conns.get(&conn_name).map(|e| e.conn.clone()) else {
            return;
        };
        // Error answers come unauthenticated: act only on those that
        // cannot hurt, and bound the retries.
        if let Some(n) = find_notify(&msg.payloads, notify::COOKIE) {
            if table::NOTIFY_ONLY.check(&msg.payloads).is_err()
                || n.data.is_empty()
                || n.data.len() > 64
            {
                return;
            }
            let data = n.data.clone();
            if self.bump_init_retry(now, serial) {
                if let Some(ike) = self.ikes.get_mut(&serial) {
                    ike.cookie = Some(data);
                }
                self.log(
                    Rc::LOG,
                    Some(&conn_name),
                    Some(serial),
                    "received COOKIE; resending IKE_SA_INIT with it".into(),
                );
                self.send_init_request(now, serial);
            }
            return;
        }
        if let Some(n) = find_notify(&msg.payloads, notify::INVALID_KE_PAYLOAD) {
            let Some(group) = n
                .data
                .get(..2)
                .and_then(|s| <[u8; 2]>::try_from(s).ok())
                .map(u16::from_be_bytes)
            else {
                return;
            };
            let acceptable = conn.ike.iter().any(|p| p.dh.contains(&group));
            let current = self.ikes.get(&serial).map(|i| i.ke_group);
            if !acceptable || current == Some(group) {
                self.log(
                    Rc::LOG,
                    Some(&conn_name),
                    Some(serial),
                    format!("ignoring INVALID_KE_PAYLOAD suggesting unacceptable group {group}"),
                );
                return;
            }
            if self.bump_init_retry(now, serial) {
                self.log(
                    Rc::LOG,
                    Some(&conn_name),
                    Some(serial),
                    format!(
                        "Received unauthenticated INVALID_KE_PAYLOAD response to DH {}; resending with suggested DH {}",
                        crate::config::alg::dh_name(current.unwrap_or(0)),
                        crate::config::alg::dh_name(group)
                    ),
                );
                if let Some(ike) = self.ikes.get_mut(&serial) {
                    ike.ke_group = group;
                }
                self.send_init_request(now, serial);
            }
            return;
        }
        if let Some(n) = msg.notifies().find(|n| n.kind <= notify::ERROR_MAX) {
            // NO_PROPOSAL_CHOSEN and friends: unauthenticated, but there
            // is nothing else to wait for (Libreswan gives up the same way).
            let kind = n.kind;
            self.fail_ike(
                now,
                serial,
                format!("IKE_SA_INIT rejected by peer with notification {kind}"),
            );
            return;
        }
        if let Err(e) = table::INIT_RESPONSE.check(&msg.payloads) {
            self.log(
                Rc::LOG,
                Some(&conn_name),
                Some(serial),
                format!("dropping IKE_SA_INIT response: {e}"),
            );
            return;
        }
        if h.spi_r == 0 {
            return;
        }
        let mut answer = None;
        let mut ke = None;
        let mut nr = Vec::new();
        for p in &msg.payloads {
            match p {
                Payload::Sa(o) => answer = o.first().cloned().filter(|_| o.len() == 1),
                Payload::Ke { group, data } => ke = Some((*group, data.clone())),
                Payload::Nonce(n) => nr = n.clone(),
                _ => {}
            }
        }
        let Some(chosen) = answer
            .as_ref()
            .and_then(|a| accept_answer(&conn.ike, a, proto::IKE, DhRule::Required))
        else {
            self.fail_ike(
                now,
                serial,
                "IKE_SA_INIT response has a proposal we did not offer".into(),
            );
            return;
        };
        let Some((group, data)) = ke else {
            return;
        };
        let Some(ike) = self.ikes.get_mut(&serial) else {
            return;
        };
        if Some(group) != chosen.dh || group != ike.ke_group {
            self.fail_ike(
                now,
                serial,
                "IKE_SA_INIT response KE group does not match".into(),
            );
            return;
        }
        let Some(kx) = ike.kx.take() else {
            return;
        };
        // Accepted: stop retransmitting while g^ir is computed.
        ike.timers.stop(TimerKind::Retransmit);
        let src_ok = find_notify(&msg.payloads, notify::NAT_DETECTION_SOURCE_IP)
            .map(|n| n.data == nat_hash(ike.spi_i, h.spi_r, ike.remote));
        let dst_ok = find_notify(&msg.payloads, notify::NAT_DETECTION_DESTINATION_IP)
            .map(|n| n.data == nat_hash(ike.spi_i, h.spi_r, ike.local));
        let accepted = InitAccepted {
            chosen,
            nr,
            spi_r: h.spi_r,
            bytes: bytes.to_vec(),
            peer_fragmentation: find_notify(&msg.payloads, notify::IKEV2_FRAGMENTATION_SUPPORTED)
                .is_some()
                && conn.fragmentation == Fragmentation::Yes,
            peer_sig_hashes: crate::v2::sig_auth::peer_hashes(&msg.payloads),
            nat_remote: src_ok == Some(false),
            nat_local: dst_ok == Some(false) || conn.encapsulation == Encapsulation::Yes,
        };
        self.dh(
            now,
            serial,
            DhWork::complete(kx, data),
            Box::new(move |ep: &mut Endpoint, now, out| {
                ep.finish_init_response(now, serial, accepted, out)
            }),
        );
    }

    /// Initiator, once g^ir is computed: key the SA and go on to IKE_AUTH.
    fn finish_init_response(
        &mut self,
        now: Instant,
        serial: Serial,
        a: InitAccepted,
        out: Result<DhOutput, DhError>,
    ) {
        let Some(ike) = unkeyed(&mut self.ikes, serial, Role::Initiator) else {
            return;
        };
        let conn_name = ike.conn.clone();
        let Some(conn) = self.conns.get(&conn_name).map(|e| e.conn.clone()) else {
            return;
        };
        let g_ir = match out.and_then(DhOutput::agreed) {
            Ok((_, g)) => g,
            Err(e) => {
                self.fail_ike(
                    now,
                    serial,
                    format!("invalid KE payload in IKE_SA_INIT response: {e}"),
                );
                return;
            }
        };
        let crypto = match IkeCrypto::derive(
            &self.provider,
            &a.chosen,
            g_ir.as_bytes(),
            &ike.ni,
            &a.nr,
            ike.spi_i,
            a.spi_r,
        ) {
            Ok(c) => c,
            Err(e) => {
                self.fail_ike(now, serial, format!("key derivation failed: {e}"));
                return;
            }
        };
        let algs = AlgSummary(&a.chosen).to_string();
        ike.spi_r = a.spi_r;
        ike.nr = a.nr;
        ike.chosen = Some(a.chosen);
        ike.crypto = Some(crypto);
        ike.kx = None;
        ike.init_resp = a.bytes;
        ike.last_recv = now;
        ike.outstanding = None;
        ike.timers.stop(TimerKind::Retransmit);
        ike.req.complete();
        ike.peer_fragmentation = a.peer_fragmentation;
        ike.peer_sig_hashes = a.peer_sig_hashes;
        ike.nat_remote = a.nat_remote;
        ike.nat_local = a.nat_local;
        // RFC 7296 2.23: after NAT is detected, move to port 4500.
        if (ike.nat_local || ike.nat_remote) && conn.encapsulation != Encapsulation::No {
            ike.nat_t = true;
            ike.local.set_port(self.cfg.natt_port);
            ike.remote.set_port(self.cfg.natt_port);
        }
        let remote = ike.remote;
        self.log(
            Rc::LOG,
            Some(&conn_name),
            Some(serial),
            format!("processed IKE_SA_INIT response from {remote} {{{algs}}}, initiating IKE_AUTH"),
        );
        self.send_auth_request(now, serial);
    }

    /// Responder IKE SAs still waiting for IKE_AUTH.
    fn half_open_count(&self) -> usize {
        self.half_open_set.len()
    }

    /// Count an IKE_SA_INIT retry; fail the SA past the limit.
    fn bump_init_retry(&mut self, now: Instant, serial: Serial) -> bool {
        let limit = self.cfg.max_init_retries;
        let Some(ike) = self.ikes.get_mut(&serial) else {
            return false;
        };
        ike.init_retries += 1;
        if ike.init_retries > limit {
            self.fail_ike(
                now,
                serial,
                "too many IKE_SA_INIT retries (COOKIE / INVALID_KE)".into(),
            );
            false
        } else {
            ike.outstanding = None;
            ike.timers.stop(TimerKind::Retransmit);
            true
        }
    }
}
