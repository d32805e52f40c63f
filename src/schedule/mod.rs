//! The job scheduler behind `unboil schedule`: runs each configured job at the times its crontab
//! expression names, until SIGINT or SIGTERM.
//!
//! # Design: one loop, one run at a time
//!
//! A single loop on the caller's thread finds the job due soonest, sleeps until then (waking at
//! once on shutdown), and runs it by calling `run_job` with the job's name. So a job's runs can
//! never overlap, and `run_job` may be a plain `FnMut` that borrows the caller's state. Jobs do
//! not run concurrently with each other either: a run already spreads its documents over every
//! core, so a second job at the same time would only compete for them. A job that falls due while
//! another runs starts as soon as that run ends.
//!
//! # Missed ticks: coalesced into one catch-up run
//!
//! A run covers every tick up to its start. Ticks that pass *while it runs* (a run that lasts past
//! the next tick, or one delayed by another job's run) are coalesced into one catch-up run that
//! starts as soon as the run ends, never one run per missed tick. For news this is the useful
//! choice: articles published during a long run are picked up at once rather than an interval
//! later, and a job slower than its interval runs back to back instead of piling up.
//!
//! # Shutdown
//!
//! [`shutdown_signal`] turns SIGINT/SIGTERM into a [`Shutdown`] request. The scheduler stops
//! waiting at once; the run in hand (if any) sees the same request through
//! [`Shutdown::flag`], finishes its current document and returns; then [`Scheduler::run`]
//! returns.
//!
//! # Example
//!
//! `unboil schedule` passes [`SystemClock`] and [`shutdown_signal`]; here a [`TestClock`] runs an
//! hour of schedule at once:
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use unboil::schedule::{JobSchedule, RunOutcome, Scheduler, Shutdown, TestClock};
//! use unboil::state::RunStatus;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let scheduler = Scheduler::new(vec![JobSchedule::new("news", "*/15 * * * *", "Europe/Berlin")?])?;
//! let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 30).unwrap();
//! let clock = TestClock::new(start).with_horizon(start + chrono::Duration::hours(1));
//! let runs = scheduler.run(&clock, &Shutdown::new(), |job| {
//!     // Run the pipeline for `job` here, passing it the shutdown flag.
//!     RunOutcome { new: 0, unchanged: 0, failed: 0, status: RunStatus::Ok }
//! });
//! assert_eq!(runs, 4); // 09:15, 09:30, 09:45, 10:00
//! # Ok(())
//! # }
//! ```

mod clock;
mod cron;
mod shutdown;

pub use clock::{Clock, SystemClock, TestClock, Wake};
pub use cron::{JobSchedule, ScheduleError};
pub use shutdown::{shutdown_signal, Shutdown};

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tracing::{info, info_span, warn};

use crate::state::RunStatus;

/// What a run reports back, for the log line and the run history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOutcome {
    /// Documents cleaned and written.
    pub new: u64,
    /// Documents skipped as unchanged.
    pub unchanged: u64,
    /// Documents that failed.
    pub failed: u64,
    /// How the run ended.
    pub status: RunStatus,
}

impl RunOutcome {
    /// The run-history record of this outcome, for [`crate::state::StateStore::record_run`].
    pub fn to_record(
        &self,
        job: &str,
        started: std::time::SystemTime,
        duration: Duration,
    ) -> crate::state::RunRecord {
        crate::state::RunRecord {
            job: job.to_owned(),
            started: crate::state::unix_secs(started),
            duration,
            new: self.new,
            unchanged: self.unchanged,
            failed: self.failed,
            status: self.status,
        }
    }
}

/// A set of validated job schedules.
#[derive(Debug, Clone)]
pub struct Scheduler {
    jobs: Vec<JobSchedule>,
}

/// When a job is next due, and whether that is a catch-up for ticks missed during its last run.
#[derive(Debug, Clone, Copy)]
struct Due {
    at: Option<DateTime<Utc>>,
    catch_up: bool,
}

impl Scheduler {
    /// A scheduler for `jobs`; fails if two jobs share a name, since the logs and run history
    /// could not tell them apart.
    pub fn new(jobs: Vec<JobSchedule>) -> Result<Scheduler, ScheduleError> {
        let mut seen = HashSet::new();
        for j in &jobs {
            if !seen.insert(j.job()) {
                return Err(ScheduleError::DuplicateJob {
                    job: j.job().to_owned(),
                });
            }
        }
        Ok(Scheduler { jobs })
    }

    /// The jobs, in the order given.
    pub fn jobs(&self) -> &[JobSchedule] {
        &self.jobs
    }

    /// Each job's next time strictly after `now`, for `unboil schedule` to print at start-up.
    pub fn next_runs(&self, now: DateTime<Utc>) -> Vec<(&str, Option<DateTime<Utc>>)> {
        self.jobs
            .iter()
            .map(|j| (j.job(), j.next_after(now)))
            .collect()
    }

    /// Runs the jobs at their times until `shutdown` is requested (or no job has a time left),
    /// then returns the number of runs made. See the module docs for the guarantees.
    pub fn run(
        &self,
        clock: &dyn Clock,
        shutdown: &Shutdown,
        mut run_job: impl FnMut(&str) -> RunOutcome,
    ) -> u64 {
        let start = clock.now();
        let mut due: Vec<Due> = self
            .jobs
            .iter()
            .map(|j| Due {
                at: j.next_after(start),
                catch_up: false,
            })
            .collect();
        for (job, d) in self.jobs.iter().zip(&due) {
            if let Some(at) = d.at {
                info!(job = job.job(), schedule = job.expression(), tz = %job.time_zone(),
                      next = %at.with_timezone(&job.time_zone()), "scheduled");
            }
        }
        let mut runs = 0;
        loop {
            if shutdown.is_requested() {
                break;
            }
            // Earliest due first; on a tie, the job listed first.
            let Some((i, at)) = due
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.at.map(|at| (i, at)))
                .min_by_key(|&(i, at)| (at, i))
            else {
                warn!("no job has a future run time; the scheduler stops");
                break;
            };
            if clock.sleep_until(at, shutdown) == Wake::Shutdown {
                break;
            }
            let job = &self.jobs[i];
            let catch_up = due[i].catch_up;
            let started = clock.now();
            {
                let _span = info_span!("run", job = job.job()).entered();
                let late = elapsed(at, started);
                info!(scheduled = %at, late_ms = millis(late), catch_up, "run started");
                let outcome = run_job(job.job());
                let took = elapsed(started, clock.now());
                info!(
                    duration_ms = millis(took),
                    new = outcome.new,
                    unchanged = outcome.unchanged,
                    failed = outcome.failed,
                    status = ?outcome.status,
                    "run finished in {:.1}s",
                    took.as_secs_f64()
                );
            }
            runs += 1;
            due[i] = self.after_run(i, started, clock.now());
        }
        info!(runs, "scheduler stopped");
        runs
    }

    /// When job `i` is due after a run that started at `started` and ended at `ended`.
    fn after_run(&self, i: usize, started: DateTime<Utc>, ended: DateTime<Utc>) -> Due {
        let job = &self.jobs[i];
        match job.next_after(started) {
            Some(next) if next <= ended => {
                let missed = missed_ticks(job, started, ended);
                info!(
                    job = job.job(),
                    missed, "ticks passed during the run: one catch-up run now"
                );
                Due {
                    at: Some(ended),
                    catch_up: true,
                }
            }
            next => {
                if let Some(at) = next {
                    info!(job = job.job(), next = %at.with_timezone(&job.time_zone()), "next run");
                }
                Due {
                    at: next,
                    catch_up: false,
                }
            }
        }
    }
}

/// Ticks of `job` in `(from, to]`, counted up to a bound (only logged).
fn missed_ticks(job: &JobSchedule, from: DateTime<Utc>, to: DateTime<Utc>) -> u32 {
    let mut n = 0;
    let mut t = from;
    while let Some(next) = job.next_after(t) {
        if next > to || n == 10_000 {
            break;
        }
        n += 1;
        t = next;
    }
    n
}

fn elapsed(from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
    (to - from).to_std().unwrap_or_default()
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
