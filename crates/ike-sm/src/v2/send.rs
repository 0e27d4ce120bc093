//! Building, protecting and sending messages; the retransmission record.

use std::time::Instant;

use crate::endpoint::Endpoint;
use crate::msg::consts::{pt, FLAG_I, FLAG_R, HEADER_LEN, VERSION};
use crate::msg::{encode_chain, encode_message, encode_sk_prefix, Header, Payload};
use crate::sa::{IkeSa, Outstanding, Pending, Role};
use crate::serial::Serial;
use crate::transmit::ike_datagram;

/// Why a message could not be built.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BuildError {
    #[error("IKE SA has no keys yet")]
    NoKeys,
    #[error("crypto: {0}")]
    Crypto(#[from] ike_crypto::CryptoError),
    #[error("message too large")]
    TooLarge,
    #[error("encoding: {0}")]
    Encode(#[from] ike_wire::EncodeError),
}

fn flags(ike: &IkeSa, response: bool) -> u8 {
    let mut f = 0;
    if ike.role == Role::Initiator {
        f |= FLAG_I;
    }
    if response {
        f |= FLAG_R;
    }
    f
}

/// A cleartext message (IKE_SA_INIT).
pub(crate) fn plain_message(h: Header, payloads: &[Payload]) -> Result<Vec<u8>, BuildError> {
    Ok(encode_message(&h, payloads)?)
}

/// Encrypt `inner` into one SK message, or SKF fragments when the peer
/// supports RFC 7383 and the message exceeds the connection's limit.
pub(crate) fn encrypted_message(
    ep: &mut Endpoint,
    ike_serial: Serial,
    exchange: u8,
    message_id: u32,
    response: bool,
    inner: &[Payload],
) -> Result<Vec<Vec<u8>>, BuildError> {
    let Some(ike) = ep.ikes.get(&ike_serial) else {
        return Err(BuildError::NoKeys);
    };
    let crypto = ike.crypto.as_ref().ok_or(BuildError::NoKeys)?;
    let inner_bytes = encode_chain(inner)?;
    let first = inner.first().map_or(pt::NONE, Payload::kind);
    let from_initiator = ike.role == Role::Initiator;
    let header = Header {
        spi_i: ike.spi_i,
        spi_r: ike.spi_r,
        next_payload: pt::SK,
        version: VERSION,
        exchange,
        flags: flags(ike, response),
        message_id,
        length: 0,
    };
    let frag_limit = ep
        .conns
        .get(&ike.conn)
        .filter(|c| c.conn.fragmentation == crate::config::Fragmentation::Yes)
        .map(|c| c.conn.fragment_size);
    let body_len = crypto.body_len(inner_bytes.len())?;
    let whole = HEADER_LEN + 4 + body_len;
    // RFC 7383 2.5: only messages after IKE_SA_INIT, only when the peer
    // announced support.
    if let (Some(limit), true) = (frag_limit, ike.peer_fragmentation) {
        if whole > limit {
            return crate::v2::fragment::fragment(
                ep,
                ike_serial,
                header,
                first,
                &inner_bytes,
                limit,
            );
        }
    }
    let mut prefix = encode_sk_prefix(&header, first, None, body_len)?;
    let Some(ike) = ep.ikes.get(&ike_serial) else {
        return Err(BuildError::NoKeys);
    };
    let crypto = ike.crypto.as_ref().ok_or(BuildError::NoKeys)?;
    let body = crypto.seal(ep.rng.as_mut(), from_initiator, &prefix, &inner_bytes)?;
    prefix.extend_from_slice(&body);
    Ok(vec![prefix])
}

impl Endpoint {
    /// Queue datagrams to the IKE SA's peer on its current ports.
    pub(crate) fn transmit(&mut self, ike_serial: Serial, datagrams: &[Vec<u8>]) {
        if let Some(ike) = self.ikes.get(&ike_serial) {
            for d in datagrams {
                self.transmits
                    .push_back(ike_datagram(ike.local, ike.remote, d, ike.nat_t));
            }
        }
    }

    /// Send a new request and remember it for retransmission.
    pub(crate) fn send_request(
        &mut self,
        now: Instant,
        ike_serial: Serial,
        message_id: u32,
        datagrams: Vec<Vec<u8>>,
        pending: Pending,
    ) {
        let (interval, timeout) = self.retransmit_policy(ike_serial, &pending);
        self.transmit(ike_serial, &datagrams);
        if let Some(ike) = self.ikes.get_mut(&ike_serial) {
            let deadline = now + timeout;
            ike.outstanding = Some(Outstanding {
                pending,
                message_id,
                datagrams,
                first_sent: now,
                interval,
                deadline,
                retransmits: 0,
            });
            ike.timers.set(
                crate::timer::TimerKind::Retransmit,
                (now + interval).min(deadline),
            );
        }
    }

    /// Retransmission interval and give-up time for a request; liveness
    /// probes give up after `dpdtimeout`.
    fn retransmit_policy(
        &self,
        ike_serial: Serial,
        pending: &Pending,
    ) -> (std::time::Duration, std::time::Duration) {
        let conn = self
            .ikes
            .get(&ike_serial)
            .and_then(|i| self.conns.get(&i.conn))
            .map(|c| &c.conn);
        let r = conn.map(|c| c.retransmit).unwrap_or_default();
        let timeout = match (pending, conn.and_then(|c| c.dpd)) {
            (Pending::Liveness, Some(d)) => d.timeout,
            _ => r.timeout,
        };
        (r.interval, timeout)
    }

    /// Send a response and cache it for retransmitted requests.
    pub(crate) fn send_response(
        &mut self,
        ike_serial: Serial,
        message_id: u32,
        datagrams: Vec<Vec<u8>>,
    ) {
        self.transmit(ike_serial, &datagrams);
        if let Some(ike) = self.ikes.get_mut(&ike_serial) {
            ike.resp.answered(message_id, datagrams);
        }
    }

    /// Encrypt and send a response.
    pub(crate) fn respond(
        &mut self,
        ike_serial: Serial,
        exchange: u8,
        message_id: u32,
        inner: &[Payload],
    ) {
        match encrypted_message(self, ike_serial, exchange, message_id, true, inner) {
            Ok(d) => self.send_response(ike_serial, message_id, d),
            Err(e) => {
                let conn = self.ikes.get(&ike_serial).map(|i| i.conn.clone());
                self.log(
                    crate::event::Rc::LOG_SERIOUS,
                    conn.as_deref(),
                    Some(ike_serial),
                    format!("cannot build response: {e}"),
                );
            }
        }
    }
}
