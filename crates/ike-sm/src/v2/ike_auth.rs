//! IKE_AUTH (RFC 7296 1.2, 2.15): PSK authentication, identities, and the
//! first Child SA with traffic selector narrowing (2.9). A failed Child SA
//! leaves the IKE SA up, as Libreswan and strongSwan do.

use std::time::Instant;

use crate::config::matching::{self, PeerClaim};
use crate::config::proposal::{accept_answer, select, to_offered, DhRule, Offered};
use crate::config::selector::{narrow, TrafficSelector};
use crate::config::{AuthMethod, Connection, Identity, Mode};
use crate::endpoint::Endpoint;
use crate::event::{Event, Rc};
use crate::msg::consts::{auth, exch, notify, proto};
use crate::msg::{find_notify, Notify, Payload};
use crate::sa::{IkeSa, IkeState, Pending, Role};
use crate::serial::Serial;
use crate::timer::TimerKind;
use crate::v2::send::encrypted_message;
use crate::v2::sig_auth;
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

/// The octets one side's AUTH covers (RFC 7296 2.15): the initiator signs
/// its IKE_SA_INIT request, Nr and SK_pi; the responder its response, Ni
/// and SK_pr.
fn auth_octets(ike: &IkeSa, initiator: bool, rest: &[u8]) -> Result<Vec<u8>, String> {
    let c = ike.crypto.as_ref().ok_or("no IKE SA keys")?;
    let (msg, nonce) = if initiator {
        (&ike.init_req, &ike.nr)
    } else {
        (&ike.init_resp, &ike.ni)
    };
    c.signed_octets(initiator, msg, nonce, rest)
        .map_err(|e| e.to_string())
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
    /// Our AUTH payload as (method, data): PSK (2) or an RSA signature
    /// (1 or 14, RFC 7427 4), as our end's `auth` says.
    fn our_auth(
        &mut self,
        conn: &Connection,
        serial: Serial,
        initiator: bool,
        rest: &[u8],
    ) -> Result<(u8, Vec<u8>), String> {
        let ike = self.ikes.get(&serial).ok_or("IKE SA is gone")?;
        match &conn.local.auth {
            AuthMethod::Psk => {
                let psk = psk_of(conn).ok_or("no pre-shared key for this connection")?;
                let c = ike.crypto.as_ref().ok_or("no IKE SA keys")?;
                let (msg, nonce) = if initiator {
                    (&ike.init_req, &ike.nr)
                } else {
                    (&ike.init_resp, &ike.ni)
                };
                c.psk_auth(&psk, initiator, msg, nonce, rest)
                    .map(|a| (auth::PSK, a.as_bytes().to_vec()))
                    .map_err(|e| format!("cannot compute AUTH: {e}"))
            }
            AuthMethod::RsaSig { .. } => {
                let key = conn
                    .private_key
                    .as_ref()
                    .ok_or("no RSA private key for this connection")?;
                let octets = auth_octets(ike, initiator, rest)?;
                let rng = crate::crypto::RngBridge::new(self.rng.as_mut());
                // authby=rsa-sha1 ignores the peer's RFC 7427 notify.
                let peer_hashes = ike.peer_sig_hashes.as_deref().filter(|_| conn.rsa_sha2);
                sig_auth::sign(&self.provider, key, peer_hashes, &octets, &rng)
                    .map_err(|e| format!("cannot sign AUTH: {e}"))
            }
            AuthMethod::Never => Err("this end never authenticates".into()),
        }
    }

    /// Check the peer's AUTH (`peer_initiator`: it is the initiator's)
    /// against what the connection expects of the remote end.
    fn check_peer_auth(
        &self,
        conn: &Connection,
        serial: Serial,
        peer_initiator: bool,
        rest: &[u8],
        method: u8,
        data: &[u8],
    ) -> Result<String, String> {
        let ike = self.ikes.get(&serial).ok_or("IKE SA is gone")?;
        match (&conn.remote.auth, method) {
            (AuthMethod::Psk, auth::PSK) => {
                let psk = psk_of(conn).ok_or("no pre-shared key for this connection")?;
                let c = ike.crypto.as_ref().ok_or("no IKE SA keys")?;
                let (msg, nonce) = if peer_initiator {
                    (&ike.init_req, &ike.nr)
                } else {
                    (&ike.init_resp, &ike.ni)
                };
                c.verify_psk_auth(&psk, peer_initiator, msg, nonce, rest, data)
                    .map(|()| "AUTH method 2 (PSK)".to_string())
                    .map_err(|_| "PSK AUTH does not verify".to_string())
            }
            (
                AuthMethod::RsaSig {
                    public_key: Some(spki),
                    ..
                },
                auth::RSA_SIG | auth::DIGITAL_SIGNATURE,
            ) => {
                let octets = auth_octets(ike, peer_initiator, rest)?;
                sig_auth::verify(&self.provider, spki, method, data, &octets)
                    .map(|scheme| format!("AUTH method {method} ({scheme:?})"))
                    .map_err(|e| e.to_string())
            }
            (
                AuthMethod::RsaSig {
                    public_key: None, ..
                },
                _,
            ) => Err("no public key configured for the peer".into()),
            (_, m) => Err(format!("peer used AUTH method {m}, not the one configured")),
        }
    }

    /// [`Self::check_peer_auth`] for the peer's ID payload, logging how
    /// the peer authenticated when it did.
    fn peer_auth(
        &mut self,
        conn: &Connection,
        serial: Serial,
        peer_initiator: bool,
        (id_type, id_data): (u8, &[u8]),
        method: u8,
        data: &[u8],
    ) -> Result<(), String> {
        let rest = rest_of_id(id_type, id_data);
        let how = self.check_peer_auth(conn, serial, peer_initiator, &rest, method, data)?;
        self.log(
            Rc::LOG,
            Some(&conn.name),
            Some(serial),
            format!("peer authenticated with {how}"),
        );
        Ok(())
    }

    /// Initiator: send IKE_AUTH with IDi, AUTH and the first Child SA.
    pub(crate) fn send_auth_request(&mut self, now: Instant, serial: Serial) {
        let Some(ike) = self.ikes.get(&serial) else {
            return;
        };
        let Some(conn) = self.conns.get(&ike.conn).map(|e| e.conn.clone()) else {
            return;
        };
        let (id_type, id_data) = conn.local.identity().to_wire();
        let (auth_method, auth_data) =
            match self.our_auth(&conn, serial, true, &rest_of_id(id_type, &id_data)) {
                Ok(a) => a,
                Err(e) => {
                    self.fail_ike(now, serial, e);
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
            method: auth_method,
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
        // Now that IDi is known, the connection may change (before the
        // AUTH check, so that it uses the right secret).
        let Some(conn) = self.refine_responder_conn(serial, inner) else {
            return;
        };
        let conn_name = conn.name.clone();
        let Some(PeerProof {
            id_type,
            id_data,
            method,
            auth_data,
            id_ok,
            peer,
            expected,
        }) = PeerProof::find(inner, Role::Responder, &conn)
        else {
            return;
        };
        let auth_res = if id_ok {
            self.peer_auth(&conn, serial, true, (id_type, &id_data), method, &auth_data)
        } else {
            Err(String::new())
        };
        let auth_ok = auth_res.is_ok();
        if !auth_ok {
            let why = if !id_ok {
                format!(
                    "peer ID '{}' does not match expected '{expected}'",
                    peer.map(|p| p.to_string()).unwrap_or_else(|| "?".into())
                )
            } else {
                format!(
                    "authentication failed: {}",
                    auth_res.err().unwrap_or_default()
                )
            };
            self.log(
                Rc::notification(notify::AUTHENTICATION_FAILED),
                Some(&conn_name),
                Some(serial),
                format!("{why}; responding with AUTHENTICATION_FAILED"),
            );
            self.refuse_ike_auth(serial, message_id, conn_name, why);
            return;
        }
        // Our AUTH.
        let (my_type, my_data) = conn.local.identity().to_wire();
        let (my_method, my_auth) =
            match self.our_auth(&conn, serial, false, &rest_of_id(my_type, &my_data)) {
                Ok(a) => a,
                Err(e) => {
                    // Nothing sent yet: tell the peer and forget the SA.
                    self.log(Rc::LOG, Some(&conn_name), Some(serial), e.clone());
                    self.refuse_ike_auth(serial, message_id, conn_name, e);
                    return;
                }
            };
        self.establish_ike(now, serial, peer);
        let mut out = vec![
            Payload::IdR(my_type, my_data),
            Payload::Auth {
                method: my_method,
                data: my_auth,
            },
        ];
        let part = child_part(inner);
        let mut install = None;
        if part.sa.is_some() {
            let (child_conn, answer) =
                self.child_conn(serial, &conn, None, &part, DhRule::Ignore, &|_| {});
            match answer {
                ChildAnswer::Accept(chosen, theirs, tsi, tsr) => {
                    if let Some(child) = self.new_child_for(serial, false, &child_conn, None) {
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
        let Some(PeerProof {
            id_type,
            id_data,
            method,
            auth_data,
            id_ok,
            peer,
            expected,
        }) = PeerProof::find(inner, Role::Initiator, &conn)
        else {
            return;
        };
        let auth_res = if id_ok {
            self.peer_auth(
                &conn,
                serial,
                false,
                (id_type, &id_data),
                method,
                &auth_data,
            )
        } else {
            Err(String::new())
        };
        let auth_ok = auth_res.is_ok();
        if !auth_ok {
            self.tell_auth_failed(serial);
            self.fail_ike(
                now,
                serial,
                if id_ok {
                    format!(
                        "responder AUTH payload does not verify: {}",
                        auth_res.err().unwrap_or_default()
                    )
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

    /// Initiator that cannot authenticate the responder: RFC 7296 2.21.2
    /// says to send an INFORMATIONAL with AUTHENTICATION_FAILED; we add a
    /// Delete of the IKE SA so a responder that already installed its
    /// Child SA removes everything. Sent once, not retransmitted: our SA
    /// is gone right after.
    fn tell_auth_failed(&mut self, serial: Serial) {
        let Some(ike) = self.ikes.get_mut(&serial) else {
            return;
        };
        let id = ike.req.start();
        let inner = [
            Payload::Notify(Notify::new(notify::AUTHENTICATION_FAILED, vec![])),
            Payload::Delete(crate::msg::Delete {
                protocol: proto::IKE,
                spis: vec![],
            }),
        ];
        if let Ok(d) = encrypted_message(self, serial, exch::INFORMATIONAL, id, false, &inner) {
            self.transmit(serial, &d);
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
                "established IKE SA; authenticated peer using authby={} and {} '{}' ({remote})",
                match conn.remote.auth {
                    AuthMethod::RsaSig { .. } => "rsasig",
                    _ => "secret",
                },
                peer.as_ref().map(id_kind_name).unwrap_or("ID"),
                peer.map(|p| p.to_string()).unwrap_or_default()
            ),
        );
        // A new IKE SA from IKE_AUTH replaces none.
        self.push_ike_established(serial, None);
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

/// The peer's identity and AUTH payload from a decrypted IKE_AUTH chain, and
/// whether that identity is the one the connection expects (RFC 7296 2.15:
/// the AUTH is checked against the ID the peer sent).
struct PeerProof {
    id_type: u8,
    id_data: Vec<u8>,
    method: u8,
    auth_data: Vec<u8>,
    id_ok: bool,
    /// The peer's ID as we understood it (`None`: an ID we cannot read).
    peer: Option<Identity>,
    /// The ID the connection expects of the peer.
    expected: Identity,
}

impl PeerProof {
    /// `we_are` is our role: a responder reads the peer's IDi, an
    /// initiator its IDr. `None` when either payload is missing (the payload
    /// table has already refused such messages; this is belt and braces).
    fn find(inner: &[Payload], we_are: Role, conn: &Connection) -> Option<Self> {
        let mut id = None;
        let mut auth = None;
        for p in inner {
            match (p, we_are) {
                (Payload::IdI(t, d), Role::Responder) | (Payload::IdR(t, d), Role::Initiator) => {
                    id = Some((*t, d.clone()));
                }
                (Payload::Auth { method, data }, _) => auth = Some((*method, data.clone())),
                _ => {}
            }
        }
        let ((id_type, id_data), (method, auth_data)) = (id?, auth?);
        let peer = Identity::from_wire(id_type, &id_data);
        let expected = conn.remote.identity();
        let id_ok = peer.as_ref().is_some_and(|p| expected.matches(p));
        Some(PeerProof {
            id_type,
            id_data,
            method,
            auth_data,
            id_ok,
            peer,
            expected,
        })
    }
}

impl Endpoint {
    /// Responder, IKE_AUTH request: with IDi, IDr and the AUTH method
    /// known, choose again among the connections for these addresses that
    /// accept the IKE SA's algorithms ([`crate::config::matching`]) and
    /// move the IKE SA to the best one, as pluto's
    /// `refine_host_connection` does. Returns the connection to go on with
    /// (the current one when no other fits better, or none fits at all: the
    /// identity check that follows then refuses the peer).
    fn refine_responder_conn(&mut self, serial: Serial, inner: &[Payload]) -> Option<Connection> {
        let ike = self.ikes.get(&serial)?;
        let current = ike.conn.clone();
        let (mut idi, mut idr, mut method) = (None, None, None);
        for p in inner {
            match p {
                Payload::IdI(t, d) => idi = Identity::from_wire(*t, d),
                Payload::IdR(t, d) => idr = Identity::from_wire(*t, d),
                Payload::Auth { method: m, .. } => method = Some(*m),
                _ => {}
            }
        }
        let keep = |ep: &Self| ep.conns.get(&current).map(|e| e.conn.clone());
        let (Some(peer_id), Some(auth_method), Some(ike_alg)) = (idi, method, ike.chosen) else {
            return keep(self);
        };
        let part = child_part(inner);
        let claim = PeerClaim {
            local: ike.local.ip(),
            remote: ike.remote.ip(),
            ike: &ike_alg,
            peer_id: &peer_id,
            wanted_local_id: idr.as_ref(),
            auth_method,
        };
        let remote = ike.remote.ip();
        let child_fits = |c: &Connection| {
            part.sa.is_some()
                && matches!(
                    decide_child(&matching::for_peer(c, remote), &part, DhRule::Ignore),
                    ChildAnswer::Accept(..)
                )
        };
        let Some(best) = matching::best(
            self.conns.values().map(|e| &e.conn),
            &claim,
            &current,
            child_fits,
        )
        .cloned() else {
            return keep(self);
        };
        if best.name != current {
            if let Some(ike) = self.ikes.get_mut(&serial) {
                ike.conn = best.name.clone();
            }
            self.log(
                Rc::LOG,
                Some(&best.name),
                Some(serial),
                format!(
                    "switched from \"{current}\" to \"{}\" for peer ID '{peer_id}'",
                    best.name
                ),
            );
        }
        Some(best)
    }

    /// Responder side of a failed IKE_AUTH: answer AUTHENTICATION_FAILED
    /// (RFC 7296 2.21.2), report the failure and forget the IKE SA.
    fn refuse_ike_auth(
        &mut self,
        serial: Serial,
        message_id: u32,
        connection: String,
        reason: String,
    ) {
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
            connection,
            reason,
        });
        self.destroy_ike(serial, true);
    }
}
