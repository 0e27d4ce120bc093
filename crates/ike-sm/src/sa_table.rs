//! The endpoint's IKE SAs or Child SAs by serial, with an index of their
//! earliest timer deadlines, so that [`crate::endpoint::Endpoint::poll_timeout`]
//! and `handle_timeout` cost O(log n) and O(due · log n) instead of a scan
//! of every SA (a gateway with 100,000 SAs asked for its next deadline
//! after every datagram).
//!
//! How the index stays true without every timer change going through the
//! table: an SA's timers can only change while the SA is borrowed mutably,
//! and the table hands out those borrows ([`SaTable::get_mut`],
//! [`SaTable::insert`]). It notes the serial it lends (`lent`) and, at the
//! next mutable access or due-query, re-files that SA under its current
//! earliest deadline before lending another: at most one SA is ever out
//! of date. Until it is re-filed, readers of the index treat its entry as
//! unknown and read its timers directly.

use std::collections::{btree_map, BTreeMap, BTreeSet};
use std::time::Instant;

use crate::serial::Serial;
use crate::timer::TimerTable;

/// An SA with a timer table.
pub(crate) trait Timed {
    fn timers(&self) -> &TimerTable;
}

/// One SA and the deadline it is filed under in the index.
#[derive(Debug)]
pub(crate) struct Entry<T> {
    sa: T,
    filed: Option<Instant>,
}

/// SAs by serial (ordered, as the status listing wants them) with their
/// earliest deadlines indexed.
#[derive(Debug)]
pub(crate) struct SaTable<T> {
    map: BTreeMap<Serial, Entry<T>>,
    /// (earliest deadline, serial) of every SA with an armed timer, as of
    /// its last re-filing.
    index: BTreeSet<(Instant, Serial)>,
    /// The SA lent mutably (or inserted) since it was last re-filed.
    lent: Option<Serial>,
}

impl<T> Default for SaTable<T> {
    fn default() -> Self {
        SaTable {
            map: BTreeMap::new(),
            index: BTreeSet::new(),
            lent: None,
        }
    }
}

fn sa_of<T>(e: &Entry<T>) -> &T {
    &e.sa
}

pub(crate) type Values<'a, T> =
    std::iter::Map<btree_map::Values<'a, Serial, Entry<T>>, fn(&Entry<T>) -> &T>;

impl<T: Timed> SaTable<T> {
    /// Re-files the lent SA under its current earliest deadline (or
    /// removes it from the index: disarmed or gone).
    fn sync(&mut self) {
        let Some(s) = self.lent.take() else {
            return;
        };
        let Some(e) = self.map.get_mut(&s) else {
            return; // removed: its entry left the index then
        };
        let now_due = e.sa.timers().next_deadline();
        if now_due == e.filed {
            return;
        }
        if let Some(t) = e.filed.take() {
            self.index.remove(&(t, s));
        }
        if let Some(t) = now_due {
            self.index.insert((t, s));
        }
        e.filed = now_due;
    }

    pub(crate) fn get(&self, s: &Serial) -> Option<&T> {
        self.map.get(s).map(|e| &e.sa)
    }

    /// The SA, lent mutably: its timers are re-filed at the next mutable
    /// access to the table.
    pub(crate) fn get_mut(&mut self, s: &Serial) -> Option<&mut T> {
        self.sync();
        let e = self.map.get_mut(s)?;
        self.lent = Some(*s);
        Some(&mut e.sa)
    }

    pub(crate) fn insert(&mut self, s: Serial, sa: T) {
        self.sync();
        if let Some(old) = self.map.insert(s, Entry { sa, filed: None }) {
            // Serials are never reused; should one be, drop the old SA's
            // index entry with it.
            if let Some(t) = old.filed {
                self.index.remove(&(t, s));
            }
        }
        self.lent = Some(s);
    }

    pub(crate) fn remove(&mut self, s: &Serial) -> Option<T> {
        self.sync();
        let e = self.map.remove(s)?;
        if let Some(t) = e.filed {
            self.index.remove(&(t, *s));
        }
        Some(e.sa)
    }

    pub(crate) fn contains_key(&self, s: &Serial) -> bool {
        self.map.contains_key(s)
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    // A concrete iterator type, not `impl Iterator`: callers match on
    // `values().find(..)` and then mutate the endpoint in the arms, which
    // borrowck allows only for a type it knows has no destructor.
    pub(crate) fn values(&self) -> Values<'_, T> {
        self.map.values().map(sa_of)
    }

    /// The earliest armed deadline of any SA.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        // The lent SA's index entry may be stale: skip it (at most one
        // entry), and read its timers instead.
        let filed = self
            .index
            .iter()
            .find(|(_, s)| Some(*s) != self.lent)
            .map(|(t, _)| *t);
        let lent = self
            .lent
            .and_then(|s| self.get(&s))
            .and_then(|sa| sa.timers().next_deadline());
        filed.into_iter().chain(lent).min()
    }

    /// The SAs with a timer due at `now`, earliest deadline first.
    pub(crate) fn due(&mut self, now: Instant) -> Vec<Serial> {
        self.sync();
        self.index
            .iter()
            .take_while(|(t, _)| *t <= now)
            .map(|(_, s)| *s)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timer::TimerKind;
    use proptest::prelude::*;
    use std::time::Duration;

    #[derive(Debug, Default)]
    struct Sa {
        timers: TimerTable,
    }
    impl Timed for Sa {
        fn timers(&self) -> &TimerTable {
            &self.timers
        }
    }

    /// What the index must agree with: a scan of every SA.
    fn scan_next(t: &SaTable<Sa>) -> Option<Instant> {
        t.values().filter_map(|sa| sa.timers.next_deadline()).min()
    }
    fn scan_due(t: &SaTable<Sa>, now: Instant) -> BTreeSet<Serial> {
        t.map
            .iter()
            .filter(|(_, e)| e.sa.timers.next_deadline().is_some_and(|d| d <= now))
            .map(|(s, _)| *s)
            .collect()
    }

    const KINDS: [TimerKind; 3] = [TimerKind::Retransmit, TimerKind::Rekey, TimerKind::Expire];

    #[derive(Debug, Clone)]
    enum Step {
        Insert,
        Set(u64, usize, u64),
        Stop(u64, usize),
        Remove(u64),
        Expire(u64, u64),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            Just(Step::Insert),
            (0..8u64, 0..3usize, 0..100u64).prop_map(|(s, k, t)| Step::Set(s, k, t)),
            (0..8u64, 0..3usize).prop_map(|(s, k)| Step::Stop(s, k)),
            (0..8u64).prop_map(Step::Remove),
            (0..8u64, 0..100u64).prop_map(|(s, t)| Step::Expire(s, t)),
        ]
    }

    proptest! {
        /// After any sequence of inserts, timer changes through get_mut,
        /// expiries and removals, the index answers as a full scan does.
        #[test]
        fn index_matches_scan(steps in proptest::collection::vec(step(), 1..60)) {
            let t0 = Instant::now();
            let at = |x: u64| t0 + Duration::from_secs(x);
            let mut t: SaTable<Sa> = SaTable::default();
            let mut serials = 100;
            for st in steps {
                match st {
                    Step::Insert => {
                        serials += 1;
                        t.insert(Serial(serials), Sa::default());
                    }
                    Step::Set(s, k, x) => {
                        if let Some(sa) = t.get_mut(&Serial(101 + s)) {
                            sa.timers.set(KINDS[k], at(x));
                        }
                    }
                    Step::Stop(s, k) => {
                        if let Some(sa) = t.get_mut(&Serial(101 + s)) {
                            sa.timers.stop(KINDS[k]);
                        }
                    }
                    Step::Remove(s) => {
                        t.remove(&Serial(101 + s));
                    }
                    Step::Expire(s, x) => {
                        if let Some(sa) = t.get_mut(&Serial(101 + s)) {
                            sa.timers.take_expired(at(x));
                        }
                    }
                }
                prop_assert_eq!(t.next_deadline(), scan_next(&t));
                let now = at(50);
                let want = scan_due(&t, now);
                let got = t.due(now);
                prop_assert_eq!(got.iter().copied().collect::<BTreeSet<_>>(), want);
                prop_assert_eq!(t.next_deadline(), scan_next(&t));
            }
        }
    }

    #[test]
    fn due_is_earliest_first() {
        let t0 = Instant::now();
        let mut t: SaTable<Sa> = SaTable::default();
        for (s, secs) in [(1, 30), (2, 10), (3, 20)] {
            let mut sa = Sa::default();
            sa.timers
                .set(TimerKind::Rekey, t0 + Duration::from_secs(secs));
            t.insert(Serial(s), sa);
        }
        assert_eq!(t.next_deadline(), Some(t0 + Duration::from_secs(10)));
        assert_eq!(
            t.due(t0 + Duration::from_secs(25)),
            vec![Serial(2), Serial(3)]
        );
        t.remove(&Serial(2));
        assert_eq!(t.next_deadline(), Some(t0 + Duration::from_secs(20)));
    }
}
