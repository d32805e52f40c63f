//! `unboil schedule`: stay up and run each job at the times its `schedule` names. One run of a job
//! at a time; on SIGINT/SIGTERM the run in hand finishes its documents, saves its state, and the
//! command exits.

use super::job::{run_job, RunOptions};
use super::{ConfigArg, Outcome};
use std::time::Duration;
use unboil::schedule::{shutdown_signal, JobSchedule, RunOutcome, Scheduler, SystemClock};
use unboil::state::RunStatus;

/// Arguments of `unboil schedule`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only these jobs [default: every job with a schedule].
    #[arg(value_name = "JOB")]
    jobs: Vec<String>,
    #[command(flatten)]
    config: ConfigArg,
}

/// Runs `unboil schedule` until a signal stops it.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = args.config.load()?;
    let jobs: Vec<_> = super::run::select_jobs(&config, &args.jobs)?
        .into_iter()
        .filter(|j| j.schedule.is_some())
        .collect();
    if jobs.is_empty() {
        anyhow::bail!(
            "no job has a schedule: add `schedule = \"0 */6 * * *\"` (five crontab fields) to a [[job]]"
        );
    }
    let mut schedules = Vec::new();
    for job in &jobs {
        let expr = job.schedule.as_deref().unwrap_or_default();
        let tz = job.timezone.as_deref().unwrap_or("UTC");
        schedules.push(JobSchedule::new(&job.name, expr, tz)?);
    }
    let scheduler = Scheduler::new(schedules)?;
    for (job, next) in scheduler.next_runs(chrono::Utc::now()) {
        match next {
            Some(t) => tracing::info!(job, next = %t.to_rfc3339(), "scheduled"),
            None => tracing::warn!(job, "never fires"),
        }
    }
    let shutdown = shutdown_signal()?;
    let opts = RunOptions {
        full: false,
        wait: Duration::from_secs(60),
        stop: Some(shutdown.flag()),
        quiet: true,
        work: None,
        errors: None,
        follow: false,
        force: false,
    };
    scheduler.run(&SystemClock, &shutdown, |name| {
        let Some(job) = config.job(name) else {
            return RunOutcome {
                new: 0,
                unchanged: 0,
                failed: 0,
                status: RunStatus::Failed,
            };
        };
        // A job that fails, or panics outside the per-document isolation, is one failed run:
        // the scheduler goes on with the others.
        let result = unboil::pipeline::isolate::isolated(|| run_job(&config, job, &opts))
            .unwrap_or_else(|panic| {
                Err(anyhow::anyhow!(
                    "internal error (a bug in unboil, please report it): {}",
                    panic.message
                ))
            });
        match result {
            Ok(summary) => RunOutcome {
                new: summary.written as u64,
                unchanged: summary.unchanged as u64,
                failed: summary.failed.len() as u64,
                status: if summary.stopped_early {
                    RunStatus::Interrupted
                } else if summary.failed.is_empty() {
                    RunStatus::Ok
                } else {
                    RunStatus::Partial
                },
            },
            Err(e) => {
                tracing::error!(job = name, "run failed: {e:#}");
                RunOutcome {
                    new: 0,
                    unchanged: 0,
                    failed: 0,
                    status: RunStatus::Failed,
                }
            }
        }
    });
    tracing::info!("stopped");
    Ok(Outcome::Clean)
}
