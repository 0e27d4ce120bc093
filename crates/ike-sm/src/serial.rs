//! State serial numbers, printed `#N` as pluto does.

use std::fmt;

/// A state's serial number: unique for the endpoint's life, never reused,
/// starting at 1 (pluto's `#1`, `#2`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Serial(pub u64);

impl fmt::Display for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Hands out serial numbers in order.
#[derive(Debug, Clone, Default)]
pub struct SerialAllocator {
    last: u64,
}

impl SerialAllocator {
    /// The next serial (first is `#1`).
    pub fn next_serial(&mut self) -> Serial {
        self.last += 1;
        Serial(self.last)
    }
}
