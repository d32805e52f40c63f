//! Per-host politeness: a limit on concurrent requests and a minimum spacing between request starts,
//! plus the host's robots.txt, fetched once.
//!
//! The spacing is our own rather than governor's: governor's keyed limiter applies one quota to
//! every key, while the spacing here differs per host (a host's robots.txt `Crawl-delay` raises it
//! for that host alone) and must be a hard minimum between two requests, with no burst allowance.
//! A "next free slot" instant per host does exactly that in a few lines.

use super::robots::HostRobots;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{OnceCell, Semaphore};
use tokio::time::Instant;

/// One host's state for this run.
pub(crate) struct Host {
    /// Requests in flight to this host (a permit per page, held across its retries).
    pub(crate) slots: Semaphore,
    /// The host's robots.txt, read on first use.
    pub(crate) robots: OnceCell<HostRobots>,
    spacing: Mutex<Spacing>,
}

struct Spacing {
    /// The earliest instant the next request may start.
    next: Instant,
    /// The minimum gap between two request starts.
    delay: Duration,
}

impl Host {
    fn new(concurrency: usize, delay: Duration) -> Self {
        Host {
            slots: Semaphore::new(concurrency),
            robots: OnceCell::new(),
            spacing: Mutex::new(Spacing {
                next: Instant::now(),
                delay,
            }),
        }
    }

    /// Books this host's next turn: concurrent callers get turns one delay apart, in the order
    /// they asked. The caller waits until the turn's start.
    pub(crate) fn book_turn(&self) -> Turn {
        let mut s = self.spacing.lock().unwrap_or_else(PoisonError::into_inner);
        let start = s.next.max(Instant::now());
        s.next = start + s.delay;
        Turn {
            start,
            delay: s.delay,
        }
    }

    /// Raises the spacing to `delay` (a robots.txt crawl delay) if it is larger.
    pub(crate) fn raise_delay(&self, delay: Duration) {
        let mut s = self.spacing.lock().unwrap_or_else(PoisonError::into_inner);
        if delay > s.delay {
            let extra = delay - s.delay;
            s.next += extra;
            s.delay = delay;
        }
    }
}

/// A booked turn: when the request may start, and the spacing that placed it there.
pub(crate) struct Turn {
    /// The earliest instant the request may start.
    pub(crate) start: Instant,
    /// The host's spacing when the turn was booked.
    pub(crate) delay: Duration,
}

/// Every host seen in this run.
pub(crate) struct Hosts {
    hosts: Mutex<HashMap<String, Arc<Host>>>,
    concurrency: usize,
    delay: Duration,
}

impl Hosts {
    /// Hosts that each allow `concurrency` requests at once, `delay` apart.
    pub(crate) fn new(concurrency: usize, delay: Duration) -> Self {
        Hosts {
            hosts: Mutex::new(HashMap::new()),
            concurrency,
            delay,
        }
    }

    /// The state of the host with politeness key `key`, created on first use.
    pub(crate) fn get(&self, key: &str) -> Arc<Host> {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        hosts
            .entry(key.to_string())
            .or_insert_with(|| Arc::new(Host::new(self.concurrency, self.delay)))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn turns_are_spaced_by_the_delay() {
        let host = Host::new(4, Duration::from_millis(100));
        let t0 = Instant::now();
        tokio::time::sleep_until(host.book_turn().start).await;
        tokio::time::sleep_until(host.book_turn().start).await;
        host.raise_delay(Duration::from_millis(300));
        let turn = host.book_turn();
        assert_eq!(turn.delay, Duration::from_millis(300));
        tokio::time::sleep_until(turn.start).await;
        let elapsed = t0.elapsed();
        assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(450), "{elapsed:?}");
    }
}
