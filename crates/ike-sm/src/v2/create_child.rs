//! CREATE_CHILD_SA (RFC 7296 1.3): new Child SAs, Child rekey (REKEY_SA,
//! optional PFS) and IKE SA rekey, with collisions resolved by the nonce
//! rule (2.8.1).

use std::time::Instant;

use crate::endpoint::Endpoint;
use crate::event::Rc;
use crate::msg::consts::{exch, notify};
use crate::msg::{Notify, Payload};
use crate::sa::Pending;
use crate::serial::Serial;

impl Endpoint {
    /// A CREATE_CHILD_SA request from the peer.
    pub(crate) fn handle_create_child_request(
        &mut self,
        _now: Instant,
        serial: Serial,
        message_id: u32,
        _inner: &[Payload],
    ) {
        let conn = self
            .ikes
            .get(&serial)
            .map(|i| i.conn.clone())
            .unwrap_or_default();
        self.log(
            Rc::LOG,
            Some(&conn),
            Some(serial),
            "CREATE_CHILD_SA not supported yet; responding NO_ADDITIONAL_SAS".into(),
        );
        self.respond(
            serial,
            exch::CREATE_CHILD_SA,
            message_id,
            &[Payload::Notify(Notify::new(
                notify::NO_ADDITIONAL_SAS,
                vec![],
            ))],
        );
    }

    /// The answer to our CREATE_CHILD_SA request.
    pub(crate) fn handle_create_child_response(
        &mut self,
        _now: Instant,
        _serial: Serial,
        pending: Pending,
        _inner: &[Payload],
    ) {
        if let Pending::RekeyChild { new, .. } | Pending::CreateChild(new) = pending {
            self.destroy_child(new);
        }
    }

    /// Start rekeying a Child SA.
    pub(crate) fn start_rekey_child(&mut self, now: Instant, ike: Serial, old: Serial) {
        let conn = self
            .ikes
            .get(&ike)
            .map(|i| i.conn.clone())
            .unwrap_or_default();
        self.log(
            Rc::LOG,
            Some(&conn),
            Some(old),
            "Child SA rekey not supported yet".into(),
        );
        self.pump(now, ike);
    }

    /// Start rekeying the IKE SA.
    pub(crate) fn start_rekey_ike(&mut self, now: Instant, ike: Serial) {
        let conn = self
            .ikes
            .get(&ike)
            .map(|i| i.conn.clone())
            .unwrap_or_default();
        self.log(
            Rc::LOG,
            Some(&conn),
            Some(ike),
            "IKE SA rekey not supported yet".into(),
        );
        self.pump(now, ike);
    }
}
