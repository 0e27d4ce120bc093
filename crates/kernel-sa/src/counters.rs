//! Traffic counters of one SA (`ipsec trafficstatus`, dontrekey decisions).

/// What the kernel counted for an SA (`xfrm_lifetime_cur`). Counters only grow while the
/// SA exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SaCounters {
    /// Bytes processed.
    pub bytes: u64,
    /// Packets processed.
    pub packets: u64,
    /// When the SA was added, in seconds since the Unix epoch.
    pub add_time: u64,
    /// When a packet last used the SA (seconds since the Unix epoch), `None` if never.
    pub last_use: Option<u64>,
}
