//! INFORMATIONAL (RFC 7296 1.4): Delete of Child and IKE SAs with the
//! paired answer, and liveness checks (2.4).

use std::time::Instant;

use crate::endpoint::Endpoint;
use crate::event::Rc;
use crate::msg::consts::{exch, notify, proto};
use crate::msg::{Delete, Notify, Payload};
use crate::sa::{ChildState, Pending};
use crate::serial::Serial;
use crate::v2::ike_auth::spi_from;
use crate::v2::table;

impl Endpoint {
    /// An INFORMATIONAL request from the peer.
    pub(crate) fn handle_informational_request(
        &mut self,
        now: Instant,
        serial: Serial,
        message_id: u32,
        inner: &[Payload],
    ) {
        let conn = self
            .ikes
            .get(&serial)
            .map(|i| i.conn.clone())
            .unwrap_or_default();
        if let Err(e) = table::INFORMATIONAL.check(inner) {
            self.log(
                Rc::LOG,
                Some(&conn),
                Some(serial),
                format!("{e}; responding INVALID_SYNTAX"),
            );
            self.respond(
                serial,
                exch::INFORMATIONAL,
                message_id,
                &[Payload::Notify(Notify::new(notify::INVALID_SYNTAX, vec![]))],
            );
            return;
        }
        let deletes: Vec<&Delete> = inner
            .iter()
            .filter_map(|p| match p {
                Payload::Delete(d) => Some(d),
                _ => None,
            })
            .collect();
        if deletes.iter().any(|d| d.protocol == proto::IKE) {
            // RFC 7296 1.4.1: answer with an empty INFORMATIONAL, then the
            // IKE SA and all its Child SAs are gone.
            self.log(
                Rc::LOG,
                Some(&conn),
                Some(serial),
                "received Delete SA payload: deleting IKE SA".into(),
            );
            self.respond(serial, exch::INFORMATIONAL, message_id, &[]);
            // RFC 7296 2.25.2: while we rekey it, "reply as usual, and
            // forget about its own rekeying request"; if the peer's rekey
            // of it crossed ours, the Child SAs live on under the peer's.
            self.adopt_peer_rekey_on_delete(now, serial);
            self.destroy_ike(serial, false);
            return;
        }
        let mut ours = Vec::new();
        let mut doomed = Vec::new();
        for d in deletes
            .iter()
            .filter(|d| d.protocol == proto::ESP || d.protocol == proto::AH)
        {
            for spi in &d.spis {
                let spi = spi_from(spi);
                let found = self
                    .ikes
                    .get(&serial)
                    .into_iter()
                    .flat_map(|i| i.children.iter())
                    .filter_map(|s| self.children.get(s))
                    .find(|c| c.spi_out == spi)
                    .map(|c| (c.serial, c.spi_in, c.state));
                if let Some((s, spi_in, state)) = found {
                    // A Child we are deleting ourselves: just drop it and
                    // answer without its SPI (RFC 7296 1.4.1).
                    if state != ChildState::Deleting {
                        ours.push(spi_in.to_be_bytes().to_vec());
                    }
                    doomed.push(s);
                }
            }
        }
        let mut out = Vec::new();
        if !ours.is_empty() {
            out.push(Payload::Delete(Delete {
                protocol: proto::ESP,
                spis: ours,
            }));
        }
        self.respond(serial, exch::INFORMATIONAL, message_id, &out);
        for s in doomed {
            self.log(
                Rc::LOG,
                Some(&conn),
                Some(s),
                "received Delete SA payload: deleting Child SA".into(),
            );
            self.destroy_child(s);
        }
    }

    /// The answer to our INFORMATIONAL request.
    pub(crate) fn handle_informational_response(
        &mut self,
        serial: Serial,
        pending: Pending,
        _inner: &[Payload],
    ) {
        match pending {
            Pending::DeleteIke => self.destroy_ike(serial, false),
            Pending::DeleteChild(children) => {
                for c in children {
                    self.destroy_child(c);
                }
            }
            _ => {}
        }
    }
}
