//! IKE_AUTH (RFC 7296 1.2, 2.15): PSK authentication, identities, and the
//! first Child SA with traffic selector narrowing (2.9). A failed Child SA
//! leaves the IKE SA up, as Libreswan and strongSwan do.

use std::time::Instant;

use crate::config::proposal::{accept_answer, select, to_offered, DhRule, Offered};
use crate::config::selector::{narrow, TrafficSelector};
use crate::config::{AuthMethod, Connection, Identity, Mode};
use crate::endpoint::Endpoint;
use crate::event::{Event, Rc};
use crate::msg::consts::{auth, exch, notify, proto};
use crate::msg::{find_notify, Notify, Payload};
use crate::sa::{IkeState, Pending, Role};
use crate::serial::Serial;
use crate::timer::TimerKind;
use crate::v2::send::encrypted_message;
use crate::v2::table;

fn rest_of_id(kind: u8, data: &[u8]) -> Vec<u8> {
    let mut v = vec![kind, 0, 0, 0];
    v.extend_from_slice(data);
    v
}

/// The Child SA part of an IKE_AUTH / CREATE_CHILD_SA message.
#[derive(Debug, Default)]
pub(crate) struct ChildPart {
    pub sa: Option<Vec<Offered>>,
    pub tsi: Option<Vec<TrafficSelector>>,
    pub tsr: Option<Vec<TrafficSelector>>,
    pub transport: bool,
}

pub(crate) fn child_part(p: &[Payload]) -> ChildPart {
    let mut c = ChildPart::default();
    for x in p {
        match x {
            Payload::Sa(o) => c.sa = Some(o.clone()),
            Payload::TsI(t) => c.tsi = Some(t.clone()),
            Payload::TsR(t) => c.tsr = Some(t.clone()),
            Payload::Notify(n) if n.kind == notify::USE_TRANSPORT_MODE => c.transport = true,
            _ => {}
        }
    }
    c
}

fn psk_of(conn: &Connection) -> Option<Vec<u8>> {
    conn.psk.as_ref().map(|p| p.0.to_vec())
}

/// What the responder decided about a proposed Child SA.
pub(crate) enum ChildAnswer {
    /// Accept: our choice, the peer's proposal, narrowed TSi and TSr.
    Accept(
        crate::config::proposal::Chosen,
        Offered,
        Vec<TrafficSelector>,
        Vec<TrafficSelector>,
    ),
    /// Refuse with this error notify.
    Refuse(u16),
}

/// Responder's Child SA decision (RFC 7296 2.9 narrowing; 1.3.1 mode).
pub(crate) fn decide_child(conn: &Connection, part: &ChildPart, dh: DhRule) -> ChildAnswer {
    let (Some(sa), Some(tsi), Some(tsr)) = (&part.sa, &part.tsi, &part.tsr) else {
        return ChildAnswer::Refuse(notify::INVALID_SYNTAX);
    };
    let Some((theirs, chosen)) = select(&conn.esp, sa, proto::ESP, dh) else {
        return ChildAnswer::Refuse(notify::NO_PROPOSAL_CHOSEN);
    };
    if theirs.spi.len() != 4 {
        return ChildAnswer::Refuse(notify::INVALID_SYNTAX);
    }
    if part.transport != (conn.mode == Mode::Transport) {
        // Mode disagreement: refuse rather than silently change the mode.
        return ChildAnswer::Refuse(notify::NO_PROPOSAL_CHOSEN);
    }
    let (Some(remote_sel), Some(local_sel)) = (conn.remote.selector(), conn.local.selector())
    else {
        return ChildAnswer::Refuse(notify::TS_UNACCEPTABLE);
    };
    // TSi describes the initiator's side (the peer's), TSr ours.
    let ni = narrow(&remote_sel, tsi);
    let nr = narrow(&local_sel, tsr);
    if ni.is_empty() || nr.is_empty() {
        return ChildAnswer::Refuse(notify::TS_UNACCEPTABLE);
    }
    ChildAnswer::Accept(chosen, theirs.clone(), ni, nr)
}

impl Endpoint {
    /// Initiator: send IKE_AUTH with IDi, AUTH and the first Child SA.
    pub(crate) fn send_auth_request(&mut self, now: Instant, serial: Serial) {
        let Some(ike) = self.ikes.get(&serial) else {
            return;
        };
        let Some(conn) = self.conns.get(&ike.conn).map(|e| e.conn.clone()) else {
            return;
        };
        if conn.local.auth != AuthMethod::Psk {
            self.fail_ike(
                now,
                serial,
                "only PSK authentication is implemented so far".into(),
            );
            return;
        }
        let Some(psk) = psk_of(&conn) else {
            self.fail_ike(now, serial, "no pre-shared key for this connection".into());
            return;
        };
        let (id_type, id_data) = conn.local.identity().to_wire();
        let Some(crypto) = ike.crypto.as_ref() else {
            return;
        };
        let auth_data = match crypto.psk_auth(
            &psk,
            true,
            &ike.init_req,
            &ike.nr,
            &rest_of_id(id_type, &id_data),
        ) {
            Ok(a) => a.as_bytes().to_vec(),
            Err(e) => {
                self.fail_ike(now, serial, format!("cannot compute AUTH: {e}"));
                return;
            }
        };
        let Some(child) = self.new_child(serial, true) else {
            return;
        };
        let spi_in = self.children.get(&child).map_or(0, |c| c.spi_in);
        let mut inner = vec![Payload::IdI(id_type, id_data)];
        if let Some(id) = &conn.remote.id {
            if *id != Identity::Any {
                let (t, d) = id.to_wire();
                inner.push(Payload::IdR(t, d));
            }
        }
        inner.push(Payload::Auth {
            method: auth::PSK,
            data: auth_data,
        });
        inner.push(Payload::Notify(Notify::new(
            notify::INITIAL_CONTACT,
            vec![],
        )));
        if conn.mode == Mode::Transport {
            inner.push(Payload::Notify(Notify::new(
                notify::USE_TRANSPORT_MODE,
                vec![],
            )));
        }
        inner.push(Payload::Sa(to_offered(
            &conn.esp,
            proto::ESP,
            &spi_in.to_be_bytes(),
            false,
        )));
        inner.push(Payload::TsI(conn.local.selector().into_iter().collect()));
        inner.push(Payload::TsR(conn.remote.selector().into_iter().collect()));
        let Some(ike) = self.ikes.get_mut(&serial) else {
            return;
        };
        ike.state = IkeState::AuthSent;
        ike.auth_child = Some(child);
        let id = ike.req.start();
        match encrypted_message(self, serial, exch::IKE_AUTH, id, false, &inner) {
            Ok(d) => {
                let n = d.len();
                self.log(
                    Rc::LOG,
                    Some(&conn.name),
                    Some(serial),
                    format!(
                        "sent IKE_AUTH request{} {{auth=IKEv2 cipher={}}}",
                        if n > 1 {
                            format!(" in {n} fragments")
                        } else {
                            String::new()
                        },
                        self.ikes
                            .get(&serial)
                            .and_then(|i| i.chosen.as_ref())
                            .map(|c| crate::config::alg::encr_name(c.encr))
                            .unwrap_or_default()
                    ),
                );
                self.send_request(now, serial, id, d, Pending::Auth);
            }
            Err(e) => self.fail_ike(now, serial, format!("cannot build IKE_AUTH: {e}")),
        }
    }

    /// Responder: IKE_AUTH request (already decrypted and in-window).
    pub(crate) fn handle_auth_request(
        &mut self,
        now: Instant,
        serial: Serial,
        message_id: u32,
        inner: &[Payload],
    ) {
        let Some(ike) = self.ikes.get(&serial) else {
            return;
        };
        if ike.state != IkeState::InitAnswered || ike.role != Role::Responder {
            return;
        }
        let conn_name = ike.conn.clone();
        let Some(conn) = self.conns.get(&conn_name).map(|e| e.conn.clone()) else {
            return;
        };
        if let Err(e) = table::AUTH_REQUEST.check(inner) {
            self.log(
                Rc::LOG,
                Some(&conn_name),
                Some(serial),
                format!("{e}; responding INVALID_SYNTAX"),
            );
            self.respond(
                serial,
                exch::IKE_AUTH,
                message_id,
                &[Payload::Notify(Notify::new(notify::INVALID_SYNTAX, vec![]))],
            );
            self.destroy_ike(serial, true);
            return;
        }
        let mut idi = None;
        let mut auth_p = None;
        for p in inner {
            match p {
                Payload::IdI(t, d) => idi = Some((*t, d.clone())),
                Payload::Auth { method, data } => auth_p = Some((*method, data.clone())),
                _ => {}
            }
        }
        let (Some((id_type, id_data)), Some((method, auth_data))) = (idi, auth_p) else {
            return;
        };
        let peer = Identity::from_wire(id_type, &id_data);
        let expected = conn.remote.identity();
        let id_ok = peer.as_ref().is_some_and(|p| expected.matches(p));
        let auth_ok = id_ok
            && method == auth::PSK
            && conn.remote.auth == AuthMethod::Psk
            && match (psk_of(&conn), ike.crypto.as_ref()) {
                (Some(psk), Some(c)) => c
                    .verify_psk_auth(
                        &psk,
                        true,
                        &ike.init_req,
                        &ike.nr,
                        &rest_of_id(id_type, &id_data),
                        &auth_data,
                    )
                    .is_ok(),
                _ => false,
            };
        if !auth_ok {
            let why = if !id_ok {
                format!(
                    "peer ID '{}' does not match expected '{expected}'",
                    peer.map(|p| p.to_string()).unwrap_or_else(|| "?".into())
                )
            } else {
                "authentication failed".into()
            };
            self.log(
                Rc::notification(notify::AUTHENTICATION_FAILED),
                Some(&conn_name),
                Some(serial),
                format!("{why}; responding with AUTHENTICATION_FAILED"),
            );
            self.respond(
                serial,
                exch::IKE_AUTH,
                message_id,
                &[Payload::Notify(Notify::new(
                    notify::AUTHENTICATION_FAILED,
                    vec![],
                ))],
            );
            self.events.push_back(Event::Failed {
                serial: Some(serial),
                connection: conn_name,
                reason: why,
            });
            self.destroy_ike(serial, true);
            return;
        }
        // Our AUTH.
        let Some(psk) = psk_of(&conn) else {
            return;
        };
        let (my_type, my_data) = conn.local.identity().to_wire();
        let my_auth = match self.ikes.get(&serial).and_then(|i| {
            i.crypto.as_ref().map(|c| {
                c.psk_auth(
                    &psk,
                    false,
                    &i.init_resp,
                    &i.ni,
                    &rest_of_id(my_type, &my_data),
                )
            })
        }) {
            Some(Ok(a)) => a.as_bytes().to_vec(),
            _ => return,
        };
        self.establish_ike(now, serial, peer);
        let mut out = vec![
            Payload::IdR(my_type, my_data),
            Payload::Auth {
                method: auth::PSK,
                data: my_auth,
            },
        ];
        let part = child_part(inner);
        let mut install = None;
        if part.sa.is_some() {
            match decide_child(&conn, &part, DhRule::Ignore) {
                ChildAnswer::Accept(chosen, theirs, tsi, tsr) => {
                    if let Some(child) = self.new_child(serial, false) {
                        let spi_in = self.children.get(&child).map_or(0, |c| c.spi_in);
                        if part.transport {
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
                        out.push(Payload::TsI(tsi.clone()));
                        out.push(Payload::TsR(tsr.clone()));
                        let spi_out = spi_from(&theirs.spi);
                        install = Some((child, chosen, spi_out, tsr, tsi));
                    }
                }
                ChildAnswer::Refuse(code) => {
                    self.log(
                        Rc::notification(code),
                        Some(&conn_name),
                        Some(serial),
                        format!("Child SA refused with notification {code}; IKE SA kept"),
                    );
                    out.push(Payload::Notify(Notify::new(code, vec![])));
                }
            }
        }
        self.respond(serial, exch::IKE_AUTH, message_id, &out);
        if let Some((child, chosen, spi_out, ts_local, ts_remote)) = install {
            let keys = self.ikes.get(&serial).and_then(|i| {
                i.crypto
                    .as_ref()
                    .map(|c| c.child_keys(&self.provider, &chosen, None, &i.ni, &i.nr))
            });
            match keys {
                Some(Ok(k)) => {
                    self.install_child(now, child, chosen, spi_out, ts_local, ts_remote, k, false)
                }
                _ => self.destroy_child(child),
            }
        }
    }

    /// Initiator: the IKE_AUTH response (decrypted).
    pub(crate) fn handle_auth_response(&mut self, now: Instant, serial: Serial, inner: &[Payload]) {
        let Some(ike) = self.ikes.get(&serial) else {
            return;
        };
        let conn_name = ike.conn.clone();
        let Some(conn) = self.conns.get(&conn_name).map(|e| e.conn.clone()) else {
            return;
        };
        let has_auth = inner.iter().any(|p| matches!(p, Payload::Auth { .. }));
        if !has_auth {
            let code = crate::msg::notifies(inner)
                .find(|n| n.kind <= notify::ERROR_MAX)
                .map(|n| n.kind);
            self.fail_ike(
                now,
                serial,
                format!(
                    "IKE_AUTH response rejected us with notification {}",
                    code.unwrap_or(0)
                ),
            );
            return;
        }
        if let Err(e) = table::AUTH_RESPONSE.check(inner) {
            self.fail_ike(now, serial, format!("bad IKE_AUTH response: {e}"));
            return;
        }
        let mut idr = None;
        let mut auth_p = None;
        for p in inner {
            match p {
                Payload::IdR(t, d) => idr = Some((*t, d.clone())),
                Payload::Auth { method, data } => auth_p = Some((*method, data.clone())),
                _ => {}
            }
        }
        let (Some((id_type, id_data)), Some((method, auth_data))) = (idr, auth_p) else {
            return;
        };
        let peer = Identity::from_wire(id_type, &id_data);
        let expected = conn.remote.identity();
        let id_ok = peer.as_ref().is_some_and(|p| expected.matches(p));
        let auth_ok = id_ok
            && method == auth::PSK
            && match (psk_of(&conn), ike.crypto.as_ref()) {
                (Some(psk), Some(c)) => c
                    .verify_psk_auth(
                        &psk,
                        false,
                        &ike.init_resp,
                        &ike.ni,
                        &rest_of_id(id_type, &id_data),
                        &auth_data,
                    )
                    .is_ok(),
                _ => false,
            };
        if !auth_ok {
            self.fail_ike(
                now,
                serial,
                if id_ok {
                    "responder AUTH payload does not verify".into()
                } else {
                    format!("responder ID does not match expected '{expected}'")
                },
            );
            return;
        }
        self.establish_ike(now, serial, peer);
        let child = self.ikes.get_mut(&serial).and_then(|i| i.auth_child.take());
        let Some(child) = child else {
            return;
        };
        let part = child_part(inner);
        let spi_in = self.children.get(&child).map_or(0, |c| c.spi_in);
        let answer = part.sa.as_ref().and_then(|s| {
            if s.len() == 1 {
                s.first().cloned()
            } else {
                None
            }
        });
        let chosen = answer
            .as_ref()
            .and_then(|a| accept_answer(&conn.esp, a, proto::ESP, DhRule::Ignore));
        let ts_ok =
            |got: &Option<Vec<TrafficSelector>>, ours: Option<TrafficSelector>| match (got, ours) {
                (Some(g), Some(o)) => !g.is_empty() && g.iter().all(|t| o.contains(t)),
                _ => false,
            };
        match (chosen, answer) {
            (Some(chosen), Some(answer))
                if answer.spi.len() == 4
                    && ts_ok(&part.tsi, conn.local.selector())
                    && ts_ok(&part.tsr, conn.remote.selector())
                    && part.transport == (conn.mode == Mode::Transport) =>
            {
                let keys = self.ikes.get(&serial).and_then(|i| {
                    i.crypto
                        .as_ref()
                        .map(|c| c.child_keys(&self.provider, &chosen, None, &i.ni, &i.nr))
                });
                match keys {
                    Some(Ok(k)) => self.install_child(
                        now,
                        child,
                        chosen,
                        spi_from(&answer.spi),
                        part.tsi.unwrap_or_default(),
                        part.tsr.unwrap_or_default(),
                        k,
                        true,
                    ),
                    _ => self.destroy_child(child),
                }
            }
            _ => {
                let code = find_notify(inner, notify::TS_UNACCEPTABLE)
                    .or_else(|| find_notify(inner, notify::NO_PROPOSAL_CHOSEN))
                    .or_else(|| crate::msg::notifies(inner).find(|n| n.kind <= notify::ERROR_MAX))
                    .map(|n| n.kind);
                let why = match code {
                    Some(c) => format!("IKE_AUTH response rejected Child SA with notification {c}"),
                    None => "IKE_AUTH response Child SA is not acceptable".into(),
                };
                self.log(
                    Rc::notification(code.unwrap_or(0)),
                    Some(&conn_name),
                    Some(child),
                    format!("{why}; IKE SA kept"),
                );
                self.events.push_back(Event::Failed {
                    serial: Some(child),
                    connection: conn_name,
                    reason: why,
                });
                self.destroy_child(child);
                let _ = spi_in;
            }
        }
    }

    /// Mark an IKE SA established: timers, events, keyingtries reset.
    fn establish_ike(&mut self, now: Instant, serial: Serial, peer: Option<Identity>) {
        let Some(ike) = self.ikes.get(&serial) else {
            return;
        };
        let Some(conn) = self.conns.get(&ike.conn).map(|e| e.conn.clone()) else {
            return;
        };
        let (rekey_at, expire_at) = self.child_deadlines(now, &conn, false);
        let Some(ike) = self.ikes.get_mut(&serial) else {
            return;
        };
        ike.state = IkeState::Established;
        ike.established = Some(now);
        ike.peer_id = peer.clone();
        ike.timers.stop(TimerKind::Discard);
        if conn.rekey {
            ike.timers.set(TimerKind::Rekey, rekey_at);
        }
        ike.timers.set(TimerKind::Expire, expire_at);
        if let Some(d) = conn.dpd {
            ike.timers.set(TimerKind::Liveness, now + d.delay);
        }
        let remote = ike.remote;
        let spi_i = ike.spi_i;
        let _ = spi_i;
        self.half_open_set.remove(&serial);
        if let Some(e) = self.conns.get_mut(&conn.name) {
            e.tries = 0;
        }
        self.log(
            Rc::SUCCESS,
            Some(&conn.name),
            Some(serial),
            format!(
                "established IKE SA; authenticated peer using authby=secret and {} '{}' ({remote})",
                peer.as_ref().map(id_kind_name).unwrap_or("ID"),
                peer.map(|p| p.to_string()).unwrap_or_default()
            ),
        );
        self.events.push_back(Event::IkeEstablished {
            serial,
            connection: conn.name,
        });
    }
}

fn id_kind_name(id: &Identity) -> &'static str {
    match id {
        Identity::Addr(std::net::IpAddr::V4(_)) => "ID_IPV4_ADDR",
        Identity::Addr(std::net::IpAddr::V6(_)) => "ID_IPV6_ADDR",
        Identity::Fqdn(_) => "ID_FQDN",
        Identity::UserFqdn(_) => "ID_USER_FQDN",
        Identity::DerAsn1Dn(_) => "ID_DER_ASN1_DN",
        Identity::KeyId(_) => "ID_KEY_ID",
        Identity::Any => "ID_NULL",
    }
}

/// An ESP SPI from its 4 octets.
pub(crate) fn spi_from(b: &[u8]) -> u32 {
    let mut a = [0u8; 4];
    for (d, s) in a.iter_mut().zip(b.iter()) {
        *d = *s;
    }
    u32::from_be_bytes(a)
}
