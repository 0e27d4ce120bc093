//! Events for the caller: SA life cycle and log lines carrying the RC code
//! whack prints (Libreswan's `enum rc_type`).

use std::fmt;

use crate::config::Identity;
use crate::endpoint::Endpoint;
use crate::serial::Serial;

/// A whack reply code (the `NNN` prefix of a whack output line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rc(pub u16);

impl Rc {
    /// Non-committal utterance.
    pub const COMMENT: Rc = Rc(0);
    /// Log line (does not affect exit status).
    pub const LOG: Rc = Rc(2);
    /// Serious log line.
    pub const LOG_SERIOUS: Rc = Rc(3);
    /// Success.
    pub const SUCCESS: Rc = Rc(4);
    /// Informational.
    pub const INFORMATIONAL: Rc = Rc(5);
    /// Retransmission (not definitive failure).
    pub const RETRANSMISSION: Rc = Rc(10);
    /// Connection name or state unknown.
    pub const UNKNOWN_NAME: Rc = Rc(21);
    /// Permanent failure.
    pub const FATAL: Rc = Rc(36);
    /// Start of the range for IKE notifications (200 + notify type).
    pub const NOTIFICATION: Rc = Rc(200);

    /// RC for a received/sent error notification.
    pub fn notification(notify_type: u16) -> Rc {
        Rc(200u16.saturating_add(notify_type))
    }
}

impl fmt::Display for Rc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

/// A log line, formatted as pluto does: `"conn" #N: text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// whack RC code.
    pub rc: Rc,
    /// Connection name, if any.
    pub connection: Option<String>,
    /// State serial, if any.
    pub serial: Option<Serial>,
    /// The message.
    pub text: String,
}

impl fmt::Display for LogLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.connection, self.serial) {
            (Some(c), Some(s)) => write!(f, "\"{c}\" {s}: {}", self.text),
            (Some(c), None) => write!(f, "\"{c}\": {}", self.text),
            (None, Some(s)) => write!(f, "{s}: {}", self.text),
            (None, None) => f.write_str(&self.text),
        }
    }
}

/// Something the caller should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// An IKE SA is established: authenticated by IKE_AUTH, or created by
    /// rekeying an established one (RFC 7296 2.18).
    IkeEstablished {
        /// The IKE SA.
        serial: Serial,
        /// Its connection.
        connection: String,
        /// The peer's authenticated identity (its Display is what pluto
        /// prints: `@east`, `192.0.2.1`, `CN=...`). A rekeyed IKE SA
        /// inherits its predecessor's; `None` only if the peer's ID was
        /// never recorded.
        peer_id: Option<Identity>,
        /// The IKE SA this one replaces by rekey (RFC 7296 2.18); `None` for
        /// a fresh IKE_AUTH. The old SA goes with its own Delete, so a rekey
        /// is never a duplicate authentication (`uniqueids`).
        rekey_of: Option<Serial>,
    },
    /// A Child SA is established and installed.
    ChildEstablished {
        /// The Child SA.
        serial: Serial,
        /// Its IKE SA.
        ike: Serial,
        /// Its connection.
        connection: String,
    },
    /// Negotiation failed for good (after retries / keyingtries).
    Failed {
        /// The state that failed, if one existed.
        serial: Option<Serial>,
        /// Its connection.
        connection: String,
        /// Why.
        reason: String,
    },
    /// A state was deleted.
    Deleted {
        /// The state.
        serial: Serial,
        /// Its connection.
        connection: String,
        /// IKE SA (true) or Child SA.
        ike: bool,
    },
    /// The peer was declared dead by liveness checks.
    PeerDead {
        /// The IKE SA.
        serial: Serial,
        /// Its connection.
        connection: String,
    },
    /// A log line for whack / the log file.
    Log(LogLine),
}

impl Endpoint {
    /// Queue [`Event::IkeEstablished`] for IKE SA `serial`, which must be
    /// marked established already. Its peer ID and rekey predecessor come
    /// from the SA table, so the IKE_AUTH and the IKE rekey paths report
    /// the same thing the same way.
    /// `predecessor`: the IKE SA this one rekeyed (RFC 7296 2.18), reported
    /// as `rekey_of` while it is still marked replaced by this one. A lookup,
    /// not a scan of every IKE SA: this runs for every SA established.
    pub(crate) fn push_ike_established(&mut self, serial: Serial, predecessor: Option<Serial>) {
        let Some(ike) = self.ikes.get(&serial) else {
            return;
        };
        let rekey_of = predecessor.filter(|o| {
            self.ikes
                .get(o)
                .is_some_and(|o| o.replaced_by == Some(serial))
        });
        self.events.push_back(Event::IkeEstablished {
            serial,
            connection: ike.conn.clone(),
            peer_id: ike.peer_id.clone(),
            rekey_of,
        });
    }
}
