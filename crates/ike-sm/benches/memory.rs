//! (A counting global allocator needs `unsafe impl GlobalAlloc`; bench only.)
#![allow(unsafe_code)]
//! Memory per established IKE SA + Child SA pair, measured with a counting
//! allocator: N handshakes between two endpoints, growth of live heap
//! bytes divided by 2N (each side holds N pairs). Prints the numbers;
//! goal ≤ 8 KiB per pair. `IKE_SM_MEM_N` overrides the sizes (default
//! 10000,100000).
//!
//! With the N pairs up it also times what an event loop asks after every
//! datagram, `poll_timeout()`, and a `handle_timeout()` with nothing due:
//! both should not grow with N (the SA tables index their deadlines).
//! Last, every Child SA reaches its rekey time at once and one side
//! rekeys them all (CREATE_CHILD_SA without PFS, then the Delete of the
//! old Child): the time per rekey should not grow with N either.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

mod common;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        LIVE.fetch_add(n as isize - l.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs a quick check.
    let quick = !std::env::args().any(|a| a == "--bench");
    let sizes: Vec<usize> = match std::env::var("IKE_SM_MEM_N") {
        Ok(s) => s.split(',').filter_map(|x| x.parse().ok()).collect(),
        Err(_) if quick => vec![200],
        Err(_) => vec![10_000, 100_000],
    };
    for n in sizes {
        // The IKE SAs outlive the rekey below; no PFS, so the rekey times
        // the state machine rather than DH.
        let (mut w, mut e) = common::pair_with(
            "aes_gcm256-sha2_256;dh31",
            7,
            ike_sm::EndpointConfig::default(),
            |c| {
                c.ike_lifetime = Duration::from_secs(24 * 3600);
                c.pfs = false;
            },
        );
        let now = Instant::now();
        let before = LIVE.load(Ordering::Relaxed);
        let t0 = Instant::now();
        for _ in 0..n {
            assert_eq!(common::handshake(&mut w, &mut e, now), 2);
        }
        let secs = t0.elapsed().as_secs_f64();
        let after = LIVE.load(Ordering::Relaxed);
        assert_eq!(w.sa_counts(), (n, n));
        assert_eq!(e.sa_counts(), (n, n));
        let per_pair = (after - before) as f64 / (2 * n) as f64;
        println!(
            "memory: {n} IKE+Child SA pairs per side: {per_pair:.0} bytes per pair ({:.2} KiB); {:.0} handshakes/s while filling",
            per_pair / 1024.0,
            n as f64 / secs
        );
        let calls = 2000u32;
        let t = Instant::now();
        for _ in 0..calls {
            std::hint::black_box(w.poll_timeout());
        }
        let poll = t.elapsed().as_nanos() as f64 / f64::from(calls);
        let t = Instant::now();
        for _ in 0..calls {
            w.handle_timeout(now);
        }
        let handle = t.elapsed().as_nanos() as f64 / f64::from(calls);
        assert_eq!(w.sa_counts(), (n, n));
        println!(
            "timers: {n} pairs: poll_timeout {poll:.0} ns, handle_timeout (nothing due) {handle:.0} ns per call"
        );
        // Past every Child's rekey time (lifetime less margin and fuzz, at
        // most 18 minutes early), before its expiry. Only West's timers
        // run, so the rekeys do not collide.
        let later = now + Duration::from_secs(8 * 3600 - 60);
        let t = Instant::now();
        w.handle_timeout(later);
        let rekeyed = common::exchange(&mut w, &mut e, later, 3);
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(rekeyed, 2 * n, "every Child SA rekeyed on both sides");
        assert_eq!(w.sa_counts(), (n, n), "the old Child SAs are gone");
        assert_eq!(e.sa_counts(), (n, n));
        println!(
            "rekey: {n} Child SAs rekeyed at once: {:.2} s, {:.1} us per rekey",
            secs,
            secs * 1e6 / n as f64
        );
    }
}
