//! SA lifetimes: soft limits trigger a rekey, hard limits delete the SA.

/// One set of limits; `None` means no limit of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Limits {
    /// Bytes processed.
    pub bytes: Option<u64>,
    /// Packets processed.
    pub packets: Option<u64>,
    /// Seconds since the SA was added.
    pub seconds: Option<u64>,
}

impl Limits {
    /// No limit at all.
    pub const NONE: Limits = Limits {
        bytes: None,
        packets: None,
        seconds: None,
    };

    /// Only a time limit.
    pub fn seconds(s: u64) -> Self {
        Limits {
            seconds: Some(s),
            ..Limits::NONE
        }
    }
}

/// Soft and hard limits of one SA. The kernel sends an expire event at each: a soft
/// expire asks the daemon to rekey, a hard expire means the SA is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Lifetimes {
    /// Reaching any of these sends a soft expire.
    pub soft: Limits,
    /// Reaching any of these deletes the SA and sends a hard expire.
    pub hard: Limits,
}

impl Lifetimes {
    /// Time-only lifetimes (the common case: `salifetime` with a rekey margin).
    pub fn seconds(soft: u64, hard: u64) -> Self {
        Lifetimes {
            soft: Limits::seconds(soft),
            hard: Limits::seconds(hard),
        }
    }

    /// True if each soft limit set is not above the matching hard limit.
    pub fn is_ordered(&self) -> bool {
        fn le(soft: Option<u64>, hard: Option<u64>) -> bool {
            match (soft, hard) {
                (Some(s), Some(h)) => s <= h,
                _ => true,
            }
        }
        le(self.soft.bytes, self.hard.bytes)
            && le(self.soft.packets, self.hard.packets)
            && le(self.soft.seconds, self.hard.seconds)
    }
}
