//! `unboil status`: the last runs of each job (when, in the job's time zone; how long; documents
//! written / unchanged / failed, as `run` counts them) and when it runs next. Reads the state
//! while a run may be writing it.

use super::job::state_path;
use super::{ConfigArg, Outcome};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use unboil::schedule::JobSchedule;
use unboil::state::{RunStatus, StateReader};

/// Arguments of `unboil status`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only these jobs [default: all].
    #[arg(value_name = "JOB")]
    jobs: Vec<String>,
    /// How many past runs to show per job.
    #[arg(short = 'n', long, default_value_t = 5)]
    runs: usize,
    #[command(flatten)]
    config: ConfigArg,
}

/// Runs `unboil status`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = args.config.load()?;
    for job in super::run::select_jobs(&config, &args.jobs)? {
        // Times are shown in the job's own time zone, the one its schedule is read in.
        let tz_name = job.timezone.as_deref().unwrap_or("UTC");
        let tz: Tz = tz_name.parse().unwrap_or(Tz::UTC);
        println!("job {}", job.name);
        if let Some(expr) = &job.schedule {
            let next = JobSchedule::new(&job.name, expr, tz_name)
                .ok()
                .and_then(|s| s.next_after(Utc::now()));
            match next {
                Some(t) => println!("  schedule {expr} ({tz_name}), next run {}", at(t, tz)),
                None => println!("  schedule {expr} ({tz_name}), never fires"),
            }
        }
        let path = state_path(&config, job);
        if !path.exists() {
            println!("  no runs yet");
            continue;
        }
        let (runs, learned) = match StateReader::open(&path) {
            Ok(reader) => (
                reader.last_runs(&job.name, args.runs)?,
                reader.learned(&job.name)?,
            ),
            Err(e) => {
                println!("  cannot read its state: {e}");
                continue;
            }
        };
        super::learn::print_learned(&learned);
        if runs.is_empty() {
            println!("  no runs yet");
            continue;
        }
        println!(
            "  {:<23}  {:>9}  {:>7}  {:>9}  {:>6}  ended",
            format!("started ({tz_name})"),
            "took",
            "written",
            "unchanged",
            "failed"
        );
        for r in runs {
            let started = DateTime::<Utc>::from_timestamp(r.started as i64, 0)
                .map(|t| at(t, tz))
                .unwrap_or_else(|| r.started.to_string());
            println!(
                "  {started:<23}  {:>8.2}s  {:>7}  {:>9}  {:>6}  {}",
                r.duration.as_secs_f64(),
                r.new,
                r.unchanged,
                r.failed,
                ended(r.status)
            );
        }
    }
    Ok(Outcome::Clean)
}

/// How a run ended, in the words the run's own summary uses.
fn ended(status: RunStatus) -> &'static str {
    match status {
        RunStatus::Ok => "ok",
        RunStatus::Partial => "some failed",
        RunStatus::Failed => "could not run",
        RunStatus::Interrupted => "stopped early",
    }
}

fn at(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .format("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}
