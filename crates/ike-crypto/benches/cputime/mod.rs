//! A criterion measurement of this thread's CPU time instead of wall time.
//!
//! Why: `openssl speed`, which scripts/crypto-vs-openssl.sh compares us
//! with, divides by the process's user CPU time, not wall time. On a shared
//! 2-core machine, wall time also counts the time other processes hold the
//! CPU, which would make our side look slower than the same code is. With
//! CPU time on both sides the comparison is like-for-like (and far less
//! sensitive to load, though caches and SMT siblings are still shared).
//!
//! The clock itself is [`crate::clock`].

use crate::clock;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use std::time::Duration;

/// Thread CPU time, formatted like wall time (ns).
pub struct CpuTime;

static WALL: WallTime = WallTime;

impl Measurement for CpuTime {
    type Intermediate = Duration;
    type Value = Duration;
    fn start(&self) -> Duration {
        clock::now()
    }
    fn end(&self, i: Duration) -> Duration {
        clock::now().saturating_sub(i)
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, v: &Duration) -> f64 {
        v.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL.formatter()
    }
}
