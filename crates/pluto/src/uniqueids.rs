//! `--uniqueids`: when a new IKE SA authenticates a peer ID that an older
//! IKE SA of the same connection already has, the older one (and its Child
//! SAs) is deleted: the peer has restarted or moved, and the old SAs dangle.
//!
//! ike-sm's [`Event::IkeEstablished`](ike_sm::Event::IkeEstablished) says
//! which peer ID authenticated and whether the SA replaces another by an
//! IKE rekey (RFC 7296 2.18). A rekeyed SA inherits its predecessor's ID and
//! is never a duplicate: its predecessor goes by the rekey's own Delete.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;

use ike_sm::config::Identity;
use ike_sm::serial::Serial;

/// What pluto knows of each IKE SA's authenticated peer.
#[derive(Debug, Default)]
pub struct PeerIds {
    /// IKE SA serial → (connection, peer ID).
    ids: BTreeMap<u64, (String, Identity)>,
}

/// An older IKE SA that `--uniqueids` deletes: (serial, connection, the
/// peer ID as pluto prints it).
pub type Duplicate = (u64, String, String);

impl PeerIds {
    /// IKE SA `serial` of `connection` is established with `peer_id`,
    /// replacing `rekey_of` if it came from an IKE rekey. With
    /// `uniqueids`, returns the older IKE SAs of the same connection and
    /// peer ID, which the caller deletes (and forgets here).
    pub fn established(
        &mut self,
        serial: u64,
        connection: &str,
        peer_id: Option<&Identity>,
        rekey_of: Option<Serial>,
        uniqueids: bool,
    ) -> Vec<Duplicate> {
        let Some(id) = peer_id else {
            return Vec::new(); // nothing to compare against
        };
        let mine = (connection.to_string(), id.clone());
        self.ids.insert(serial, mine.clone());
        // ID_NULL (RFC 7619) authenticates no one: every such peer looks
        // the same, so two of them are not one peer come back (Libreswan
        // skips them too).
        if rekey_of.is_some() || !uniqueids || *id == Identity::Any {
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
        let shown = id.to_string();
        old.into_iter()
            .map(|s| (s, mine.0.clone(), shown.clone()))
            .collect()
    }

    /// An IKE SA is gone.
    pub fn deleted(&mut self, serial: u64) {
        self.ids.remove(&serial);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> Identity {
        Identity::parse(s).unwrap()
    }

    #[test]
    fn a_second_authentication_of_the_same_peer_replaces_the_first() {
        let mut p = PeerIds::default();
        let east = id("@east");
        assert!(p.established(1, "c", Some(&east), None, true).is_empty());
        // Another peer on another connection is left alone.
        assert!(p
            .established(2, "d", Some(&id("@north")), None, true)
            .is_empty());
        // The same ID on another connection is another peer.
        assert!(p.established(6, "d", Some(&east), None, true).is_empty());
        // The same peer again on c: #1 must go.
        assert_eq!(
            p.established(3, "c", Some(&east), None, true),
            vec![(1, "c".into(), "@east".into())]
        );
        // A rekey of #3 inherits its ID and deletes nothing...
        assert!(p
            .established(4, "c", Some(&east), Some(Serial(3)), true)
            .is_empty());
        p.deleted(3);
        // ...but a later fresh authentication replaces the rekeyed SA.
        assert_eq!(
            p.established(5, "c", Some(&east), None, true),
            vec![(4, "c".into(), "@east".into())]
        );
    }

    #[test]
    fn addresses_compare_as_addresses() {
        let mut p = PeerIds::default();
        p.established(1, "c", Some(&id("192.0.2.1")), None, true);
        assert_eq!(
            p.established(2, "c", Some(&id("192.0.2.1")), None, true),
            vec![(1, "c".into(), "192.0.2.1".into())]
        );
    }

    #[test]
    fn without_uniqueids_or_with_null_ids_nothing_is_deleted() {
        let mut p = PeerIds::default();
        let east = id("@east");
        p.established(1, "c", Some(&east), None, false);
        assert!(p.established(2, "c", Some(&east), None, false).is_empty());
        p.established(3, "n", Some(&Identity::Any), None, true);
        assert!(p
            .established(4, "n", Some(&Identity::Any), None, true)
            .is_empty());
        assert!(p.established(5, "c", None, None, true).is_empty());
    }
}
