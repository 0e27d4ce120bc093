//! Demultiplexing received datagrams: NAT-T marker, decoding, SA lookup,
//! Message ID window, decryption and reassembly, then the exchange handler.
//! Nothing changes before the message is authenticated (except stateless
//! IKE_SA_INIT answers).

use std::net::SocketAddr;
use std::time::Instant;

use crate::endpoint::Endpoint;
use crate::event::Rc;
use crate::msg::consts::{exch, notify, FLAG_I, FLAG_R};
use crate::msg::{decode, decode_chain, CodecError, Message, Notify, Payload};
use crate::msgid::RequestVerdict;
use crate::sa::{IkeState, Pending, Role};
use crate::serial::Serial;
use crate::timer::TimerKind;
use crate::v2::fragment::{FragResult, Reassembly};

enum Opened {
    Done(Vec<Payload>),
    Incomplete,
    /// Authenticated, but the inner chain does not decode.
    BadInner(CodecError),
}

pub(crate) fn handle_datagram(
    ep: &mut Endpoint,
    now: Instant,
    local: SocketAddr,
    remote: SocketAddr,
    datagram: &[u8],
) {
    let data = if local.port() == ep.cfg.natt_port {
        // RFC 3948 2.2: IKE on 4500 starts with the non-ESP marker; an
        // all-0xff single octet is a keepalive; anything else is ESP.
        match datagram {
            [0, 0, 0, 0, rest @ ..] => rest,
            _ => return,
        }
    } else {
        datagram
    };
    if data == [0xff] {
        return;
    }
    let msg = match decode(data) {
        Ok(m) => m,
        Err(e) => {
            ep.log(
                Rc::LOG,
                None,
                None,
                format!("dropping malformed packet from {remote}: {e}"),
            );
            return;
        }
    };
    let h = msg.header;
    if h.exchange == exch::IKE_SA_INIT {
        if h.is_response() {
            ep.handle_init_response(now, data, &msg);
        } else {
            ep.handle_init_request(now, local, remote, data, &msg);
        }
        return;
    }
    // The SPI we chose identifies the SA (RFC 7296 2.2).
    let our_spi = if h.is_initiator() { h.spi_r } else { h.spi_i };
    let Some(&serial) = ep.by_spi.get(&our_spi) else {
        return;
    };
    let Some(ike) = ep.ikes.get(&serial) else {
        return;
    };
    let consistent = ike.spi_i == h.spi_i
        && ike.spi_r == h.spi_r
        && (h.is_initiator() == (ike.role == Role::Responder))
        && ike.crypto.is_some();
    if !consistent || msg.encrypted.is_none() {
        return;
    }
    if h.is_response() {
        if !ike.req.is_expected_response(h.message_id) {
            return;
        }
        let inner = match open(ep, serial, data, &msg) {
            Some(Opened::Done(p)) => p,
            Some(Opened::BadInner(e)) => {
                // Authenticated but unusable: treat as a failed exchange.
                let conn = ike_conn(ep, serial);
                ep.log(
                    Rc::LOG,
                    Some(&conn),
                    Some(serial),
                    format!("response does not decode: {e}"),
                );
                Vec::new()
            }
            _ => return,
        };
        let Some(ike) = ep.ikes.get_mut(&serial) else {
            return;
        };
        ike.last_recv = now;
        ike.req.complete();
        ike.timers.stop(TimerKind::Retransmit);
        let Some(out) = ike.outstanding.take() else {
            return;
        };
        rearm_liveness(ep, now, serial);
        match out.pending {
            Pending::Auth => ep.handle_auth_response(now, serial, &inner),
            Pending::DeleteIke | Pending::DeleteChild(_) | Pending::Liveness => {
                ep.handle_informational_response(serial, out.pending, &inner)
            }
            p @ (Pending::RekeyChild { .. } | Pending::RekeyIke(_)) => {
                ep.handle_create_child_response(now, serial, p, &inner)
            }
            Pending::Init => {}
        }
        ep.pump(now, serial);
        return;
    }
    match ike.resp.check(h.message_id) {
        RequestVerdict::Drop => {}
        RequestVerdict::Retransmit => {
            // Answer only authentic retransmissions, and for fragmented
            // requests only once (on fragment 1), to avoid amplification.
            let first = msg
                .encrypted
                .as_ref()
                .is_none_or(|e| e.fragment.is_none_or(|(n, _)| n == 1));
            if first && verify_only(ep, serial, data, &msg) {
                if let Some(cached) = ep
                    .ikes
                    .get(&serial)
                    .and_then(|i| i.resp.cached().map(<[Vec<u8>]>::to_vec))
                {
                    ep.transmit(serial, &cached);
                }
            }
        }
        RequestVerdict::New if ep.job_pending(serial) => {
            // A crypto job for the request being handled is still out
            // (offload mode): this is a copy of it, and its answer is not
            // ready; the peer retransmits (RFC 7296 2.1).
        }
        RequestVerdict::New => {
            let inner = match open(ep, serial, data, &msg) {
                Some(Opened::Done(p)) => p,
                Some(Opened::BadInner(e)) => {
                    let code = match e {
                        CodecError::UnsupportedCritical(_) => notify::UNSUPPORTED_CRITICAL_PAYLOAD,
                        _ => notify::INVALID_SYNTAX,
                    };
                    let data = match e {
                        CodecError::UnsupportedCritical(k) => vec![k],
                        _ => vec![],
                    };
                    note_peer(ep, now, serial, local, remote);
                    ep.respond(
                        serial,
                        h.exchange,
                        h.message_id,
                        &[Payload::Notify(Notify::new(code, data))],
                    );
                    return;
                }
                _ => return,
            };
            note_peer(ep, now, serial, local, remote);
            match h.exchange {
                exch::IKE_AUTH => ep.handle_auth_request(now, serial, h.message_id, &inner),
                exch::INFORMATIONAL => {
                    ep.handle_informational_request(now, serial, h.message_id, &inner)
                }
                exch::CREATE_CHILD_SA => {
                    if ep
                        .ikes
                        .get(&serial)
                        .is_some_and(|i| i.state == IkeState::InitAnswered)
                    {
                        return;
                    }
                    ep.handle_create_child_request(now, serial, h.message_id, &inner)
                }
                _ => {}
            }
            ep.pump(now, serial);
        }
    }
}

fn ike_conn(ep: &Endpoint, serial: Serial) -> String {
    ep.ikes
        .get(&serial)
        .map(|i| i.conn.clone())
        .unwrap_or_default()
}

/// An authentic request arrived: liveness, and follow a peer that floated
/// to the NAT-T port or changed its NAT mapping (RFC 7296 2.23).
fn note_peer(
    ep: &mut Endpoint,
    now: Instant,
    serial: Serial,
    local: SocketAddr,
    remote: SocketAddr,
) {
    let natt = ep.cfg.natt_port;
    if let Some(ike) = ep.ikes.get_mut(&serial) {
        ike.last_recv = now;
        if local.port() == natt && (ike.nat_local || ike.nat_remote || !ike.nat_t) {
            ike.nat_t = true;
            ike.local = local;
            ike.remote = remote;
        }
    }
    rearm_liveness(ep, now, serial);
}

fn rearm_liveness(ep: &mut Endpoint, now: Instant, serial: Serial) {
    let Some(ike) = ep.ikes.get_mut(&serial) else {
        return;
    };
    if ike.state != IkeState::Established {
        return;
    }
    if let Some(d) = ep.conns.get(&ike.conn).and_then(|c| c.conn.dpd) {
        ike.timers.set(TimerKind::Liveness, now + d.delay);
    }
}

fn prefix_len(msg: &Message) -> Option<usize> {
    let enc = msg.encrypted.as_ref()?;
    Some(enc.payload_offset + if enc.fragment.is_some() { 8 } else { 4 })
}

fn verify_only(ep: &Endpoint, serial: Serial, data: &[u8], msg: &Message) -> bool {
    let (Some(ike), Some(enc), Some(pl)) = (
        ep.ikes.get(&serial),
        msg.encrypted.as_ref(),
        prefix_len(msg),
    ) else {
        return false;
    };
    let (Some(crypto), Some(prefix)) = (ike.crypto.as_ref(), data.get(..pl)) else {
        return false;
    };
    crypto
        .sk(msg.header.flags & FLAG_I != 0)
        .and_then(|sk| sk.open(prefix, &enc.body))
        .is_ok()
}

fn open(ep: &mut Endpoint, serial: Serial, data: &[u8], msg: &Message) -> Option<Opened> {
    let enc = msg.encrypted.as_ref()?;
    let pl = prefix_len(msg)?;
    let max_frags = ep.cfg.max_fragments;
    let ike = ep.ikes.get_mut(&serial)?;
    let crypto = ike.crypto.as_ref()?;
    let prefix = data.get(..pl)?;
    let plain = crypto
        .sk(msg.header.flags & FLAG_I != 0)
        .and_then(|sk| sk.open(prefix, &enc.body))
        .ok()?;
    match enc.fragment {
        None => Some(match decode_chain(plain.as_bytes(), enc.first_inner) {
            Ok(p) => Opened::Done(p),
            Err(e) => Opened::BadInner(e),
        }),
        Some((n, t)) => {
            let response = msg.header.flags & FLAG_R != 0;
            match Reassembly::add(
                &mut ike.frags,
                msg.header.message_id,
                response,
                n,
                t,
                enc.first_inner,
                plain.as_bytes().to_vec(),
                max_frags,
            ) {
                FragResult::Complete(all, first) => Some(match decode_chain(&all, first) {
                    Ok(p) => Opened::Done(p),
                    Err(e) => Opened::BadInner(e),
                }),
                FragResult::Incomplete => Some(Opened::Incomplete),
                FragResult::Rejected(_) => None,
            }
        }
    }
}
