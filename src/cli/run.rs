//! `unboil run`: run the jobs of config.toml once and exit — what cron or a systemd timer calls.

use super::inputs::WorkArgs;
use super::job::{output_of, run_job, RunOptions};
use super::summary::Context;
use super::{summary, ConfigArg, Outcome};
use std::time::Duration;
use unboil::config::{Config, JobConfig};

/// Arguments of `unboil run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The jobs to run [default: all].
    #[arg(value_name = "JOB")]
    jobs: Vec<String>,
    /// Clean every document, even those unchanged since the last run.
    #[arg(long)]
    full: bool,
    /// If another unboil process holds a job's state, wait up to this many seconds for it
    /// instead of refusing at once.
    #[arg(long, value_name = "SECS", default_value_t = 0)]
    wait: u64,
    /// Follow symbolic links out of the jobs' input folders and globs (by default they are
    /// passed over with a note).
    #[arg(long)]
    follow: bool,
    /// Write into output folders that hold files unboil did not write (by default such a folder
    /// is refused, naming the first file that could be replaced).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    config: ConfigArg,
    #[command(flatten)]
    work: WorkArgs,
}

/// Runs `unboil run`.
pub fn run(args: Args, quiet: bool) -> anyhow::Result<Outcome> {
    if args.config.config.is_none() && !std::path::Path::new("config.toml").exists() {
        anyhow::bail!(
            "no config.toml in this folder: pass --config FILE, or run from the folder that has it"
        );
    }
    let config = args.config.load()?;
    let jobs = select_jobs(&config, &args.jobs)?;
    let shutdown = unboil::schedule::shutdown_signal()?;
    let errors = args.work.errors_file()?;
    let opts = RunOptions {
        full: args.full,
        wait: Duration::from_secs(args.wait),
        stop: Some(shutdown.flag()),
        quiet,
        follow: args.follow,
        force: args.force,
        work: Some(args.work.clone()),
        errors,
    };
    let mut outcome = Outcome::Clean;
    for job in jobs {
        if shutdown.is_requested() {
            outcome = Outcome::Interrupted;
            break;
        }
        let summary = run_job(&config, job, &opts)?;
        if !quiet {
            let out = output_of(&config, job);
            let context = Context {
                to: Some(summary::Destination::Path(&out)),
                errors: args.work.errors.as_deref(),
                incremental: !args.full,
            };
            summary::print(&format!("job {}", job.name), &summary, context);
        }
        outcome = match (outcome, Outcome::of(&summary)) {
            (Outcome::Interrupted, _) | (_, Outcome::Interrupted) => Outcome::Interrupted,
            (Outcome::SomeFailed, _) | (_, Outcome::SomeFailed) => Outcome::SomeFailed,
            _ => Outcome::Clean,
        };
    }
    Ok(outcome)
}

/// The jobs named (all when none are), or an error naming the unknown ones.
pub(crate) fn select_jobs<'a>(
    config: &'a Config,
    names: &[String],
) -> anyhow::Result<Vec<&'a JobConfig>> {
    if config.jobs.is_empty() {
        anyhow::bail!("the configuration defines no [[job]]: add one, or use `unboil clean`");
    }
    if names.is_empty() {
        return Ok(config.jobs.iter().collect());
    }
    let unknown: Vec<&str> = names
        .iter()
        .filter(|n| config.job(n).is_none())
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = config.jobs.iter().map(|j| j.name.as_str()).collect();
        anyhow::bail!(
            "no job named {} (jobs: {})",
            unknown.join(", "),
            known.join(", ")
        );
    }
    Ok(names.iter().filter_map(|n| config.job(n)).collect())
}
