//! This thread's CPU time, for the benches that compare us with OpenSSL
//! (`openssl speed` divides by user CPU time; see benches/cputime for
//! why CPU time and not wall time).
//!
//! This is the bench crates' one `unsafe` module: a single
//! `clock_gettime(CLOCK_THREAD_CPUTIME_ID)` call (Linux; elsewhere the wall
//! clock).

pub use imp::now;

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod imp {
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
mod imp {
    use std::sync::OnceLock;
    use std::time::Instant;
    pub fn now() -> std::time::Duration {
        static T0: OnceLock<Instant> = OnceLock::new();
        T0.get_or_init(Instant::now).elapsed()
    }
}
