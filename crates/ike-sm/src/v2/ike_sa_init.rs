//! IKE_SA_INIT (RFC 7296 1.2): proposal selection, KE group checks and
//! INVALID_KE_PAYLOAD, COOKIE (2.6), NAT detection (2.23), fragmentation
//! and signature-hash announcements (RFC 7383, RFC 7427).

use std::net::SocketAddr;
use std::time::Instant;

use crate::config::alg::AlgSummary;
use crate::config::proposal::{accept_answer, select, to_offered, DhRule};
use crate::config::{AuthMethod, Encapsulation, Fragmentation};
use crate::crypto::{cookie, nat_hash, start_kx, IkeCrypto};
use crate::endpoint::Endpoint;
use crate::event::Rc;
use crate::msg::consts::{exch, notify, proto, FLAG_R, VERSION};
use crate::msg::{find_notify, Header, Message, Notify, Payload};
use crate::sa::{IkeState, Pending, Role};
use crate::serial::Serial;
use crate::timer::TimerKind;
use crate::v2::lifecycle::new_ike;
use crate::v2::send::plain_message;
use crate::v2::table;

/// RFC 7427 hash algorithm IDs we announce: SHA2-256, 384, 512.
const SIGNATURE_HASHES: [u8; 6] = [0, 2, 0, 3, 0, 4];

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
            match start_kx(&self.provider, self.rng.as_mut(), group) {
                Ok(kx) => {
                    if let Some(ike) = self.ikes.get_mut(&serial) {
                        ike.kx = Some(kx);
                    }
                }
                Err(e) => {
                    self.fail_ike(now, serial, format!("cannot start DH group {group}: {e}"));
                    return;
                }
            }
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
                if ike.init_req == bytes && ike.state == IkeState::InitAnswered {
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
        let Some(conn_name) = self.find_connection(local, remote) else {
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
            let reply = plain_message(
                Header {
                    spi_i: h.spi_i,
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
            let reply = match reply {
                Ok(r) => r,
                Err(e) => {
                    ep.log(
                        Rc::LOG_SERIOUS,
                        None,
                        None,
                        format!("cannot build reply: {e}"),
                    );
                    return;
                }
            };
            ep.transmits.push_back(crate::transmit::ike_datagram(
                local,
                remote,
                &reply,
                local.port() == ep.cfg.natt_port,
            ));
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
        let kx = match start_kx(&self.provider, self.rng.as_mut(), dh) {
            Ok(k) => k,
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
        let g_ir = match kx.complete(&ke_data) {
            Ok(g) => g,
            Err(e) => {
                // RFC 6989: a bad public value; answer like a bad KE.
                self.log(
                    Rc::LOG,
                    Some(&conn_name),
                    None,
                    format!("invalid KE payload from {remote}: {e}"),
                );
                stateless(self, Notify::new(notify::INVALID_SYNTAX, vec![]));
                return;
            }
        };
        let serial = self.serials.next_serial();
        let spi_r = self.random_u64_nonzero();
        let nr = self.nonce(32);
        let crypto = match IkeCrypto::derive(
            &self.provider,
            &chosen,
            g_ir.as_bytes(),
            &ni,
            &nr,
            h.spi_i,
            spi_r,
        ) {
            Ok(c) => c,
            Err(e) => {
                self.log(
                    Rc::LOG_SERIOUS,
                    Some(&conn_name),
                    None,
                    format!("key derivation failed: {e}"),
                );
                return;
            }
        };
        let mut ike = new_ike(
            serial,
            &conn,
            Role::Responder,
            h.spi_i,
            spi_r,
            local,
            remote,
            now,
            nr.clone(),
            dh,
        );
        ike.ni = ni;
        ike.chosen = Some(chosen);
        ike.crypto = Some(crypto);
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
        let mut payloads = vec![
            Payload::Sa(vec![chosen.to_offered(
                peer_prop.number,
                proto::IKE,
                vec![],
            )]),
            Payload::Ke {
                group: dh,
                data: kx.public().to_vec(),
            },
            Payload::Nonce(nr),
        ];
        let src_hash = if conn.encapsulation == Encapsulation::Yes {
            vec![0u8; 20]
        } else {
            nat_hash(h.spi_i, spi_r, local)
        };
        payloads.push(Payload::Notify(Notify::new(
            notify::NAT_DETECTION_SOURCE_IP,
            src_hash,
        )));
        payloads.push(Payload::Notify(Notify::new(
            notify::NAT_DETECTION_DESTINATION_IP,
            nat_hash(h.spi_i, spi_r, remote),
        )));
        if ike.peer_fragmentation {
            payloads.push(Payload::Notify(Notify::new(
                notify::IKEV2_FRAGMENTATION_SUPPORTED,
                vec![],
            )));
        }
        if wants_sig_hashes(&conn)
            && find_notify(&msg.payloads, notify::SIGNATURE_HASH_ALGORITHMS).is_some()
        {
            payloads.push(Payload::Notify(Notify::new(
                notify::SIGNATURE_HASH_ALGORITHMS,
                SIGNATURE_HASHES.to_vec(),
            )));
        }
        let reply = plain_message(
            Header {
                spi_i: h.spi_i,
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
                    None,
                    format!("cannot build IKE_SA_INIT response: {e}"),
                );
                return;
            }
        };
        ike.init_resp = reply.clone();
        ike.resp.answered(0, vec![reply.clone()]);
        ike.timers
            .set(TimerKind::Discard, now + self.cfg.half_open_timeout);
        let nat = ike.nat_local || ike.nat_remote;
        self.ikes.insert(serial, ike);
        self.by_spi.insert(spi_r, serial);
        self.half_open.insert((h.spi_i, remote), serial);
        self.half_open_set.insert(serial);
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

    /// Initiator: the answer to our IKE_SA_INIT.
    pub(crate) fn handle_init_response(&mut self, now: Instant, bytes: &[u8], msg: &Message) {
        let h = msg.header;
        let Some(&serial) = self.by_spi.get(&h.spi_i) else {
            return;
        };
        let Some(ike) = self.ikes.get(&serial) else {
            return;
        };
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
        let g_ir = match ike.kx.as_ref().map(|k| k.complete(&data)) {
            Some(Ok(g)) => g,
            Some(Err(e)) => {
                self.fail_ike(
                    now,
                    serial,
                    format!("invalid KE payload in IKE_SA_INIT response: {e}"),
                );
                return;
            }
            None => return,
        };
        let crypto = match IkeCrypto::derive(
            &self.provider,
            &chosen,
            g_ir.as_bytes(),
            &ike.ni,
            &nr,
            ike.spi_i,
            h.spi_r,
        ) {
            Ok(c) => c,
            Err(e) => {
                self.fail_ike(now, serial, format!("key derivation failed: {e}"));
                return;
            }
        };
        ike.spi_r = h.spi_r;
        ike.nr = nr;
        ike.chosen = Some(chosen);
        ike.crypto = Some(crypto);
        ike.kx = None;
        ike.init_resp = bytes.to_vec();
        ike.last_recv = now;
        ike.outstanding = None;
        ike.timers.stop(TimerKind::Retransmit);
        ike.req.complete();
        ike.peer_fragmentation = find_notify(&msg.payloads, notify::IKEV2_FRAGMENTATION_SUPPORTED)
            .is_some()
            && conn.fragmentation == Fragmentation::Yes;
        ike.peer_sig_hashes = crate::v2::sig_auth::peer_hashes(&msg.payloads);
        let src_ok = find_notify(&msg.payloads, notify::NAT_DETECTION_SOURCE_IP)
            .map(|n| n.data == nat_hash(ike.spi_i, h.spi_r, ike.remote));
        let dst_ok = find_notify(&msg.payloads, notify::NAT_DETECTION_DESTINATION_IP)
            .map(|n| n.data == nat_hash(ike.spi_i, h.spi_r, ike.local));
        ike.nat_remote = src_ok == Some(false);
        ike.nat_local = dst_ok == Some(false) || conn.encapsulation == Encapsulation::Yes;
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
            format!(
                "processed IKE_SA_INIT response from {remote} {{{}}}, initiating IKE_AUTH",
                AlgSummary(&chosen)
            ),
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
