//! SPIs and SPI allocation requests.

use crate::addr::Family;
use crate::sa::{Mark, Protocol, Reqid};
use std::fmt;
use std::net::IpAddr;

/// A Security Parameter Index (RFC 4303 2.1), in host byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Spi(pub u32);

impl fmt::Display for Spi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:08x}", self.0)
    }
}

/// Lowest SPI pluto allocates: 1–255 are reserved by IANA (RFC 4303 2.1) and the manual
/// keeps 0x100–0xFFF free for manual keying.
pub const MIN_ALLOCATED_SPI: u32 = 0x1000;

/// Error for an SPI range that reaches into the reserved values or is empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpiRangeError {
    /// The range starts below [`MIN_ALLOCATED_SPI`].
    #[error("SPI range starts at {min:#x}, below the first allocatable SPI 0x1000")]
    Reserved {
        /// Requested lower bound.
        min: u32,
    },
    /// `min > max`.
    #[error("SPI range {min:#x}-{max:#x} is empty")]
    Empty {
        /// Requested lower bound.
        min: u32,
        /// Requested upper bound.
        max: u32,
    },
}

/// An inclusive SPI range that never includes 0–0xFFF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpiRange {
    min: u32,
    max: u32,
}

impl SpiRange {
    /// `min..=max`, refused if it reaches below 0x1000 or is empty.
    pub fn new(min: u32, max: u32) -> Result<Self, SpiRangeError> {
        if min < MIN_ALLOCATED_SPI {
            return Err(SpiRangeError::Reserved { min });
        }
        if min > max {
            return Err(SpiRangeError::Empty { min, max });
        }
        Ok(SpiRange { min, max })
    }

    /// The largest allowed range, 0x1000–0xFFFFFFFF.
    pub fn full() -> Self {
        SpiRange {
            min: MIN_ALLOCATED_SPI,
            max: u32::MAX,
        }
    }

    /// Lower bound (inclusive).
    pub fn min(&self) -> u32 {
        self.min
    }

    /// Upper bound (inclusive).
    pub fn max(&self) -> u32 {
        self.max
    }

    /// True if `spi` lies in the range.
    pub fn contains(&self, spi: Spi) -> bool {
        (self.min..=self.max).contains(&spi.0)
    }
}

impl Default for SpiRange {
    fn default() -> Self {
        SpiRange::full()
    }
}

impl fmt::Display for SpiRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:x}-0x{:x}", self.min, self.max)
    }
}

/// Ask the kernel for an unused SPI for an inbound SA `src -> dst` (we are `dst`).
///
/// On XFRM this creates a larval SA holding the SPI; the SA is then completed with
/// [`crate::Kernel::update_sa`] (not `add_sa`, which would find the SPI taken).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpiRequest {
    /// Peer address (the sender of the inbound traffic).
    pub src: IpAddr,
    /// Our address (the SA's destination).
    pub dst: IpAddr,
    /// ESP or AH.
    pub proto: Protocol,
    /// Where to choose from.
    pub range: SpiRange,
    /// The reqid the SA will carry, if already known.
    pub reqid: Reqid,
    /// Mark the SA will carry.
    pub mark: Option<Mark>,
}

impl SpiRequest {
    /// Family of the request, or `None` if `src` and `dst` differ in family.
    pub fn family(&self) -> Option<Family> {
        let f = Family::of(&self.src);
        (f == Family::of(&self.dst)).then_some(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_never_reaches_reserved() {
        assert!(matches!(
            SpiRange::new(0, 0xffff_ffff),
            Err(SpiRangeError::Reserved { min: 0 })
        ));
        assert!(SpiRange::new(0xfff, 0x2000).is_err());
        assert!(matches!(
            SpiRange::new(0x2000, 0x1000),
            Err(SpiRangeError::Empty { .. })
        ));
        let r = SpiRange::new(0x1000, 0x1000).unwrap();
        assert!(r.contains(Spi(0x1000)) && !r.contains(Spi(0x1001)));
        assert_eq!(SpiRange::full().min(), 0x1000);
        assert_eq!(Spi(0x1234).to_string(), "0x00001234");
    }
}
