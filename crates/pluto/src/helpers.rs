//! Crypto helper threads (`--nhelpers`): Diffie-Hellman jobs that ike-sm
//! hands out run here, off the main loop, so one slow MODP exponentiation
//! does not hold up every other peer and whack client.
//!
//! As in Libreswan, `--nhelpers 0` computes inline and the default (-1) is
//! the number of CPUs minus one. Jobs go to the threads over one queue; the
//! results come back to the main loop through a tokio channel. A job whose
//! state has gone by the time its result arrives is dropped by ike-sm.
#![forbid(unsafe_code)]

use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use ike_sm::{Job, JobResult};
use tokio::sync::mpsc;

/// How many helper threads `--nhelpers` asks for: `None` (-1, the default)
/// is the number of CPUs minus one.
pub fn helper_count(nhelpers: Option<usize>) -> usize {
    nhelpers.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get().saturating_sub(1))
            .unwrap_or(0)
    })
}

/// The helper threads and the channels to and from them.
#[derive(Debug)]
pub struct CryptoHelpers {
    jobs: Option<std_mpsc::Sender<Job>>,
    /// Taken by the main loop, which selects on it.
    results: Option<mpsc::UnboundedReceiver<JobResult>>,
    threads: Vec<JoinHandle<()>>,
}

impl CryptoHelpers {
    /// Start `n` (at least one) helper threads.
    pub fn start(n: usize) -> std::io::Result<Self> {
        let (job_tx, job_rx) = std_mpsc::channel::<Job>();
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (res_tx, results) = mpsc::unbounded_channel();
        let mut threads = Vec::new();
        for i in 0..n.max(1) {
            let rx = Arc::clone(&job_rx);
            let tx = res_tx.clone();
            let t = std::thread::Builder::new()
                .name(format!("crypto helper {i}"))
                .spawn(move || helper(&rx, &tx))?;
            tracing::info!("started thread for crypto helper {i}");
            threads.push(t);
        }
        Ok(Self {
            jobs: Some(job_tx),
            results: Some(results),
            threads,
        })
    }

    /// Queue a job for the next free helper.
    pub fn submit(&self, job: Job) {
        let Some(tx) = &self.jobs else { return };
        let (id, serial) = (job.id(), job.serial());
        if tx.send(job).is_err() {
            // Only if every helper died, which a job cannot cause (Job::run
            // does not panic); the state then times out as with a lost packet.
            tracing::warn!("#{serial}: no crypto helper took {id}");
        }
    }

    /// The finished jobs, for the main loop to select on (once).
    pub fn take_results(&mut self) -> Option<mpsc::UnboundedReceiver<JobResult>> {
        self.results.take()
    }

    /// Stop the threads after the jobs already queued.
    pub fn stop(&mut self) {
        self.jobs = None;
        for t in self.threads.drain(..) {
            if t.join().is_err() {
                tracing::warn!("a crypto helper thread panicked");
            }
        }
    }
}

impl Drop for CryptoHelpers {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One helper: take jobs until the queue closes, send results back.
fn helper(jobs: &Mutex<std_mpsc::Receiver<Job>>, results: &mpsc::UnboundedSender<JobResult>) {
    loop {
        // The lock is held only while waiting for the next job, so the
        // helpers take turns at the queue and compute in parallel.
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        if results.send(job.run()).is_err() {
            return;
        }
    }
}

/// The next finished job, or never without helpers (for `select!`;
/// cancel-safe).
pub async fn next_result(rx: &mut Option<mpsc::UnboundedReceiver<JobResult>>) -> Option<JobResult> {
    match rx {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_follows_the_manual() {
        assert_eq!(helper_count(Some(0)), 0);
        assert_eq!(helper_count(Some(3)), 3);
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(helper_count(None), cpus - 1);
    }

    #[test]
    fn threads_start_and_stop() {
        let mut h = CryptoHelpers::start(2).unwrap();
        assert_eq!(h.threads.len(), 2);
        assert!(h.take_results().is_some());
        assert!(h.take_results().is_none());
        h.stop();
        assert!(h.threads.is_empty());
    }
}
