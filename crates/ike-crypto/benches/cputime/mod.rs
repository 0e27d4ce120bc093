//! A criterion measurement of this thread's CPU time instead of wall time.
//!
//! Why: `openssl speed`, which scripts/crypto-vs-openssl.sh compares us
//! with, divides by the process's user CPU time, not wall time. On a shared
//! 2-core machine, wall time also counts the time other processes hold the
//! CPU, which would make our side look slower than the same code is. With
//! CPU time on both sides the comparison is like-for-like (and far less
//! sensitive to load, though caches and SMT siblings are still shared).
//!
//! This is the bench crate's one `unsafe` module: a single
//! `clock_gettime(CLOCK_THREAD_CPUTIME_ID)` call (Linux; elsewhere the wall
//! clock).

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use std::time::Duration;

/// Thread CPU time, formatted like wall time (ns).
pub struct CpuTime;

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod clock {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clk: i32, ts: *mut Timespec) -> i32;
    }
    /// Linux's CLOCK_THREAD_CPUTIME_ID (<linux/time.h>).
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

    pub fn now() -> std::time::Duration {
        let mut ts = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes one timespec (two 64-bit fields on
        // x86_64/aarch64 Linux) into a valid, exclusively borrowed struct.
        let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        if rc != 0 {
            return std::time::Duration::ZERO;
        }
        std::time::Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
    }
}

#[cfg(not(target_os = "linux"))]
mod clock {
    use std::sync::OnceLock;
    use std::time::Instant;
    pub fn now() -> std::time::Duration {
        static T0: OnceLock<Instant> = OnceLock::new();
        T0.get_or_init(Instant::now).elapsed()
    }
}

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
