//! The per-SA timer table: a few named deadlines, the earliest of which
//! drives `poll_timeout()`.

use std::time::Instant;

/// What a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimerKind {
    /// Retransmit the outstanding request (RFC 7296 2.1).
    Retransmit,
    /// Start a rekey (lifetime − margin − fuzz).
    Rekey,
    /// Hard expiry: delete the SA.
    Expire,
    /// Send a liveness check (RFC 7296 2.4) after `dpddelay` of silence.
    Liveness,
    /// Discard a half-open or failed state.
    Discard,
    /// Reassembly of fragments gave up (RFC 7383 2.6).
    Fragments,
}

const KINDS: [TimerKind; 6] = [
    TimerKind::Retransmit,
    TimerKind::Rekey,
    TimerKind::Expire,
    TimerKind::Liveness,
    TimerKind::Discard,
    TimerKind::Fragments,
];

/// A small fixed table: one optional deadline per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimerTable {
    slots: [Option<Instant>; 6],
}

fn index(k: TimerKind) -> usize {
    match k {
        TimerKind::Retransmit => 0,
        TimerKind::Rekey => 1,
        TimerKind::Expire => 2,
        TimerKind::Liveness => 3,
        TimerKind::Discard => 4,
        TimerKind::Fragments => 5,
    }
}

impl TimerTable {
    /// Arm (or re-arm) a timer.
    pub fn set(&mut self, k: TimerKind, at: Instant) {
        self.slots[index(k)] = Some(at);
    }

    /// Disarm a timer.
    pub fn stop(&mut self, k: TimerKind) {
        self.slots[index(k)] = None;
    }

    /// The deadline of a timer, if armed.
    pub fn get(&self, k: TimerKind) -> Option<Instant> {
        self.slots[index(k)]
    }

    /// The earliest armed deadline.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.slots.iter().flatten().min().copied()
    }

    /// Disarm and return every timer due at `now`, earliest first.
    pub fn take_expired(&mut self, now: Instant) -> Vec<TimerKind> {
        let mut due: Vec<(Instant, TimerKind)> = KINDS
            .iter()
            .filter_map(|&k| self.get(k).filter(|&t| t <= now).map(|t| (t, k)))
            .collect();
        due.sort();
        for (_, k) in &due {
            self.stop(*k);
        }
        due.into_iter().map(|(_, k)| k).collect()
    }

    /// Are any timers armed?
    pub fn is_empty(&self) -> bool {
        self.slots.iter().all(Option::is_none)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn earliest_and_expired() {
        let t0 = Instant::now();
        let mut t = TimerTable::default();
        assert_eq!(t.next_deadline(), None);
        t.set(TimerKind::Rekey, t0 + Duration::from_secs(10));
        t.set(TimerKind::Retransmit, t0 + Duration::from_secs(1));
        assert_eq!(t.next_deadline(), Some(t0 + Duration::from_secs(1)));
        assert!(t.take_expired(t0).is_empty());
        assert_eq!(
            t.take_expired(t0 + Duration::from_secs(11)),
            vec![TimerKind::Retransmit, TimerKind::Rekey]
        );
        assert!(t.is_empty());
    }
}
