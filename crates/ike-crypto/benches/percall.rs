//! Per-call CPU time of the operations compared with OpenSSL, as the
//! minimum and the median over many short batches, for
//! scripts/percall-vs-openssl.sh (scripts/ossl-percall.c measures OpenSSL
//! the same way).
//!
//! Why besides the criterion bench: this machine is a VM whose speed
//! changes from one second to the next (co-tenants, steal time that the
//! guest counts as our CPU time). A mean or median over a second mixes in
//! those disturbances, differently for each side; the fastest of many
//! short batches is the undisturbed cost of the code, which is what the
//! comparison is about. Both statistics are printed.
//!
//! `cargo bench -p ike-crypto --features aws-lc --bench percall -- [REGEX]`
//! prints one line per operation whose name matches REGEX:
//! `percall <name> <min ns> <median ns> <batches> <calls per batch>`.

mod clock;
mod ops;

use std::time::Duration;

/// Each batch runs at least this much CPU time (and at least one call):
/// long enough for the clock's resolution, short enough that many batches
/// see no disturbance at all.
const BATCH: Duration = Duration::from_millis(2);
/// Batches per operation (at most; see [`BUDGET`]).
const BATCHES: usize = 60;
/// CPU time per operation, after which fewer batches are taken (the
/// 8192-bit groups run ~10 ms per call).
const BUDGET: Duration = Duration::from_millis(400);

/// Calls per batch: enough for [`BATCH`], from a timed calibration run.
fn calls_per_batch(run: &mut dyn FnMut()) -> u64 {
    let mut n = 1u64;
    loop {
        let t = clock::now();
        for _ in 0..n {
            run();
        }
        let spent = clock::now().saturating_sub(t);
        if spent >= BATCH || n >= 1 << 20 {
            return n;
        }
        // Aim a little past the batch length: it is a lower bound.
        let per = spent.as_nanos().max(1) / u128::from(n);
        let want = (BATCH.as_nanos() * 5 / 4 / per).max(2 * u128::from(n));
        n = u64::try_from(want).unwrap_or(1 << 20).min(1 << 20);
    }
}

/// (min, median) ns per call, the batches taken and the calls per batch.
fn measure(run: &mut dyn FnMut()) -> (f64, f64, usize, u64) {
    let n = calls_per_batch(run);
    let mut per_call = Vec::with_capacity(BATCHES);
    let start = clock::now();
    while per_call.len() < BATCHES
        && (per_call.len() < 5 || clock::now().saturating_sub(start) < BUDGET)
    {
        let t = clock::now();
        for _ in 0..n {
            run();
        }
        let spent = clock::now().saturating_sub(t);
        per_call.push(spent.as_nanos() as f64 / n as f64);
    }
    per_call.sort_by(f64::total_cmp);
    (per_call[0], per_call[per_call.len() / 2], per_call.len(), n)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this
    // once unoptimised: then only prove that every operation runs.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benching = args.iter().any(|a| a == "--bench");
    let pattern = args.iter().find(|a| !a.starts_with("--")).cloned();
    let pattern = match pattern.as_deref().map(regex::Regex::new) {
        None => None,
        Some(Ok(re)) => Some(re),
        Some(Err(e)) => {
            eprintln!("percall: bad filter: {e}");
            std::process::exit(2);
        }
    };
    for mut op in ops::dhderive().into_iter().chain(ops::prf_per_call()) {
        if pattern.as_ref().is_some_and(|re| !re.is_match(&op.name)) {
            continue;
        }
        if !benching {
            (op.run)();
            continue;
        }
        let (min, median, batches, n) = measure(&mut op.run);
        println!("percall {} {:.0} {:.0} {batches} {n}", op.name, min, median);
    }
}
