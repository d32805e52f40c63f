//! Time as the scheduler sees it, behind a trait so tests can run a week of schedule in
//! milliseconds.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::Shutdown;

/// Why [`Clock::sleep_until`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The deadline came.
    Due,
    /// A stop was asked for first.
    Shutdown,
}

/// A source of the current time that can also wait for a later one.
pub trait Clock {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;

    /// Waits until `deadline` or until `shutdown` is requested, whichever comes first.
    fn sleep_until(&self, deadline: DateTime<Utc>, shutdown: &Shutdown) -> Wake;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

/// The longest single wait of [`SystemClock`]: it looks at the wall clock again at least this
/// often, so a suspended laptop or a corrected clock does not make a run hours late.
const RECHECK: Duration = Duration::from_secs(30);

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep_until(&self, deadline: DateTime<Utc>, shutdown: &Shutdown) -> Wake {
        loop {
            if shutdown.is_requested() {
                return Wake::Shutdown;
            }
            let left = match (deadline - Utc::now()).to_std() {
                Ok(left) if !left.is_zero() => left,
                _ => return Wake::Due, // negative or zero: due
            };
            if shutdown.wait_timeout(left.min(RECHECK)) {
                return Wake::Shutdown;
            }
        }
    }
}

/// A clock for tests and dry runs that never really sleeps: `sleep_until` jumps straight to the
/// deadline. A run can make time pass with [`TestClock::advance`] to look slow. Once a deadline
/// lies past the clock's horizon, it requests shutdown, so a test's scheduler stops by itself.
#[derive(Debug)]
pub struct TestClock {
    now: Mutex<DateTime<Utc>>,
    horizon: Option<DateTime<Utc>>,
}

impl TestClock {
    /// A clock standing at `start`, without horizon.
    pub fn new(start: DateTime<Utc>) -> TestClock {
        TestClock {
            now: Mutex::new(start),
            horizon: None,
        }
    }

    /// Sleeping past `horizon` requests shutdown instead.
    pub fn with_horizon(mut self, horizon: DateTime<Utc>) -> TestClock {
        self.horizon = Some(horizon);
        self
    }

    /// Moves the clock forward, as a slow run would.
    pub fn advance(&self, by: Duration) {
        let by = chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now = now.checked_add_signed(by).unwrap_or(*now);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn sleep_until(&self, deadline: DateTime<Utc>, shutdown: &Shutdown) -> Wake {
        if shutdown.is_requested() {
            return Wake::Shutdown;
        }
        if self.horizon.is_some_and(|h| deadline > h) {
            shutdown.request();
            return Wake::Shutdown;
        }
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        if deadline > *now {
            *now = deadline;
        }
        Wake::Due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn the_system_clock_wakes_at_the_deadline() {
        let start = Instant::now();
        let deadline = Utc::now() + chrono::Duration::milliseconds(120);
        assert_eq!(
            SystemClock.sleep_until(deadline, &Shutdown::new()),
            Wake::Due
        );
        assert!(start.elapsed() >= Duration::from_millis(100));
        assert!(Utc::now() >= deadline);
    }

    #[test]
    fn a_past_deadline_is_due_at_once() {
        let deadline = Utc::now() - chrono::Duration::hours(1);
        assert_eq!(
            SystemClock.sleep_until(deadline, &Shutdown::new()),
            Wake::Due
        );
    }

    #[test]
    fn the_test_clock_jumps_and_stops_at_its_horizon() {
        let t0 = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let clock = TestClock::new(t0).with_horizon(t0 + chrono::Duration::hours(1));
        let s = Shutdown::new();
        let t1 = t0 + chrono::Duration::minutes(30);
        assert_eq!(clock.sleep_until(t1, &s), Wake::Due);
        assert_eq!(clock.now(), t1);
        clock.advance(Duration::from_secs(60));
        assert_eq!(clock.now(), t1 + chrono::Duration::minutes(1));
        assert_eq!(
            clock.sleep_until(t0 + chrono::Duration::hours(2), &s),
            Wake::Shutdown
        );
        assert!(s.is_requested());
    }
}
