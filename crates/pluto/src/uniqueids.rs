//! `--uniqueids`: when a new IKE SA authenticates a peer ID that an older
//! IKE SA of the same connection already has, the older one (and its Child
//! SAs) is deleted: the peer has restarted or moved, and the old SAs dangle.
//!
//! ike-sm's `IkeEstablished` event carries no peer ID, so the ID is read
//! from ike-sm's log line for the same state (`established IKE SA;
//! authenticated peer using authby=... and ID_FQDN '@east' (...)`); an IKE
//! SA rekey (`... rekeyed IKE SA #N ...`) inherits the old SA's ID and is
//! never a duplicate (its predecessor goes by the rekey itself).
#![forbid(unsafe_code)]

use std::collections::BTreeMap;

use ike_sm::event::LogLine;

/// What pluto knows of each IKE SA's authenticated peer.
#[derive(Debug, Default)]
pub struct PeerIds {
    /// IKE SA serial → (connection, peer ID).
    ids: BTreeMap<u64, (String, String)>,
    /// IKE SAs authenticated by IKE_AUTH (not rekeys), not yet established.
    fresh: Vec<u64>,
}

/// The peer ID in ike-sm's "authenticated peer" line.
fn authenticated_id(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("established IKE SA; authenticated peer using ")?;
    let start = rest.find(" '")? + 2;
    let end = rest.rfind("' (")?;
    rest.get(start..end)
}

/// The old IKE SA's serial in ike-sm's IKE rekey line.
fn rekeyed_from(text: &str) -> Option<u64> {
    let at = text.find("rekeyed IKE SA #")? + "rekeyed IKE SA #".len();
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

impl PeerIds {
    /// Learn from one of ike-sm's log lines.
    pub fn observe(&mut self, line: &LogLine) {
        let (Some(conn), Some(serial)) = (&line.connection, line.serial) else {
            return;
        };
        if let Some(id) = authenticated_id(&line.text) {
            self.ids.insert(serial.0, (conn.clone(), id.to_string()));
            self.fresh.push(serial.0);
        } else if let Some(old) = rekeyed_from(&line.text) {
            if let Some(v) = self.ids.get(&old).cloned() {
                self.ids.insert(serial.0, v);
            }
        }
    }

    /// IKE SA `serial` is established: with `uniqueids`, the older IKE SAs
    /// of the same connection and peer ID, which the caller deletes.
    pub fn established(&mut self, serial: u64, uniqueids: bool) -> Vec<(u64, String, String)> {
        let Some(pos) = self.fresh.iter().position(|s| *s == serial) else {
            return Vec::new(); // a rekey, or an ID we could not read
        };
        self.fresh.swap_remove(pos);
        let Some(mine) = self.ids.get(&serial).cloned() else {
            return Vec::new();
        };
        if !uniqueids {
            return Vec::new();
        }
        let old: Vec<u64> = self
            .ids
            .iter()
            .filter(|(s, v)| **s != serial && **v == mine)
            .map(|(s, _)| *s)
            .collect();
        for s in &old {
            self.ids.remove(s);
        }
        old.into_iter()
            .map(|s| (s, mine.0.clone(), mine.1.clone()))
            .collect()
    }

    /// An IKE SA is gone.
    pub fn deleted(&mut self, serial: u64) {
        self.ids.remove(&serial);
        self.fresh.retain(|s| *s != serial);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ike_sm::event::Rc;
    use ike_sm::serial::Serial;

    fn line(conn: &str, serial: u64, text: &str) -> LogLine {
        LogLine {
            rc: Rc::SUCCESS,
            connection: Some(conn.into()),
            serial: Some(Serial(serial)),
            text: text.into(),
        }
    }

    fn auth(conn: &str, serial: u64, id: &str) -> LogLine {
        line(
            conn,
            serial,
            &format!(
                "established IKE SA; authenticated peer using authby=secret and ID_FQDN '{id}' (192.0.2.2:500)"
            ),
        )
    }

    #[test]
    fn reads_the_peer_id_and_the_rekeyed_serial() {
        assert_eq!(
            authenticated_id("established IKE SA; authenticated peer using authby=rsasig and ID_DER_ASN1_DN 'CN=it''s, O=x' ([2001:db8::1]:500)"),
            Some("CN=it''s, O=x")
        );
        assert_eq!(authenticated_id("established Child SA"), None);
        assert_eq!(
            rekeyed_from("initiator rekeyed IKE SA #12 {AES_GCM_16_256}"),
            Some(12)
        );
        assert_eq!(rekeyed_from("rekeyed IKE SA #"), None);
    }

    #[test]
    fn a_second_authentication_of_the_same_peer_replaces_the_first() {
        let mut p = PeerIds::default();
        p.observe(&auth("c", 1, "@east"));
        assert!(p.established(1, true).is_empty());
        // Another peer on another connection is left alone.
        p.observe(&auth("d", 2, "@north"));
        assert!(p.established(2, true).is_empty());
        // The same peer again on c: #1 must go.
        p.observe(&auth("c", 3, "@east"));
        assert_eq!(
            p.established(3, true),
            vec![(1, "c".into(), "@east".into())]
        );
        // A rekey of #3 inherits its ID and deletes nothing...
        p.observe(&line("c", 4, "initiator rekeyed IKE SA #3 {x}"));
        assert!(p.established(4, true).is_empty());
        p.deleted(3);
        // ...but a later fresh authentication replaces the rekeyed SA.
        p.observe(&auth("c", 5, "@east"));
        assert_eq!(
            p.established(5, true),
            vec![(4, "c".into(), "@east".into())]
        );
    }

    #[test]
    fn without_uniqueids_nothing_is_deleted() {
        let mut p = PeerIds::default();
        p.observe(&auth("c", 1, "@east"));
        p.established(1, false);
        p.observe(&auth("c", 2, "@east"));
        assert!(p.established(2, false).is_empty());
    }
}
