//! IP fragment reassembly across the frames of a capture, so that an IKE
//! message larger than the path MTU (IKE_AUTH with certificates, sent
//! without RFC 7383 fragmentation) is read whole, as Wireshark does.
//!
//! Bounded: a datagram is at most 65,535 octets (the UDP length field), at
//! most [`MAX_PENDING`] datagrams are in progress at once (the oldest is
//! dropped), and overlapping or inconsistent fragments drop their datagram
//! (RFC 5722 for IPv6; the same rule is applied to IPv4 here, since a
//! capture reader has no reason to guess which copy is right).

use super::frame::IpFragment;
use core::net::IpAddr;
use std::collections::{BTreeMap, VecDeque};

/// Datagrams being reassembled at once.
pub const MAX_PENDING: usize = 64;
/// Largest reassembled datagram (the UDP length field's limit).
pub const MAX_DATAGRAM: usize = 65_535;

/// Fragments of one datagram are matched by addresses and identification
/// (RFC 791 3.2; RFC 8200 4.5). Only UDP reaches here, so the protocol is
/// implied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    src: IpAddr,
    dst: IpAddr,
    id: u32,
}

#[derive(Debug, Default)]
struct Pending {
    /// Pieces by offset.
    pieces: BTreeMap<usize, Vec<u8>>,
    /// Total length, known once the last fragment (no M flag) arrived.
    total: Option<usize>,
}

impl Pending {
    /// Add a piece; false when it is inconsistent with what is held.
    fn add(&mut self, offset: usize, more: bool, data: &[u8]) -> bool {
        let Some(end) = offset.checked_add(data.len()) else {
            return false;
        };
        if end > MAX_DATAGRAM || (more && !data.len().is_multiple_of(8)) {
            return false;
        }
        if !more {
            if self.total.is_some_and(|t| t != end) {
                return false;
            }
            self.total = Some(end);
        }
        if self.total.is_some_and(|t| end > t) {
            return false;
        }
        // Overlap with the piece before or after (RFC 5722: drop all).
        let before = self.pieces.range(..=offset).next_back();
        if before.is_some_and(|(o, p)| o + p.len() > offset) {
            return false;
        }
        let after = self.pieces.range(offset..).next();
        if after.is_some_and(|(o, _)| *o < end) {
            return false;
        }
        self.pieces.insert(offset, data.to_vec());
        true
    }

    /// The whole datagram once every octet up to the total is held.
    fn complete(&self) -> Option<Vec<u8>> {
        let total = self.total?;
        let mut at = 0;
        for (o, p) in &self.pieces {
            if *o != at {
                return None;
            }
            at += p.len();
        }
        if at != total {
            return None;
        }
        let mut out = Vec::with_capacity(total);
        for p in self.pieces.values() {
            out.extend_from_slice(p);
        }
        Some(out)
    }
}

/// What feeding a fragment gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reassembled {
    /// Held; more fragments are needed.
    Incomplete,
    /// Dropped: the fragment overlaps or contradicts the others of its
    /// datagram (which is dropped too) or exceeds the size limit.
    Dropped,
    /// The datagram is whole: the UDP header and payload.
    Complete(Vec<u8>),
}

/// Reassembles IP fragments of UDP datagrams across frames.
#[derive(Debug, Default)]
pub struct Reassembler {
    pending: BTreeMap<Key, Pending>,
    /// Keys in arrival order, to drop the oldest when full.
    order: VecDeque<Key>,
}

impl Reassembler {
    /// An empty reassembler.
    pub fn new() -> Self {
        Self::default()
    }

    /// Datagrams in progress.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Add one fragment.
    pub fn push(&mut self, f: &IpFragment<'_>) -> Reassembled {
        let key = Key {
            src: f.src,
            dst: f.dst,
            id: f.id,
        };
        if !self.pending.contains_key(&key) {
            if self.pending.len() >= MAX_PENDING {
                if let Some(old) = self.order.pop_front() {
                    self.pending.remove(&old);
                }
            }
            self.order.push_back(key);
        }
        let entry = self.pending.entry(key).or_default();
        if !entry.add(f.offset, f.more, f.data) {
            self.forget(&key);
            return Reassembled::Dropped;
        }
        match entry.complete() {
            Some(d) => {
                self.forget(&key);
                Reassembled::Complete(d)
            }
            None => Reassembled::Incomplete,
        }
    }

    fn forget(&mut self, key: &Key) {
        self.pending.remove(key);
        self.order.retain(|k| k != key);
    }
}
