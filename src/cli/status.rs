//! `unboil status`: the last runs of each job (when, how long, documents new / unchanged /
//! failed) and when it runs next. Reads the state while a run may be writing it.

use super::job::state_path;
use super::{ConfigArg, Outcome};
use chrono::{DateTime, Local, Utc};
use unboil::schedule::JobSchedule;
use unboil::state::StateReader;

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
        println!("job {}", job.name);
        if let Some(expr) = &job.schedule {
            let tz = job.timezone.as_deref().unwrap_or("UTC");
            let next = JobSchedule::new(&job.name, expr, tz)
                .ok()
                .and_then(|s| s.next_after(Utc::now()));
            match next {
                Some(t) => println!("  schedule {expr} ({tz}), next run {}", local(t)),
                None => println!("  schedule {expr} ({tz}), never fires"),
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
        }
        for r in runs {
            let started = DateTime::<Utc>::from_timestamp(r.started as i64, 0)
                .map(local)
                .unwrap_or_else(|| r.started.to_string());
            println!(
                "  {started}  {:>8.2}s  {:>6} new  {:>6} unchanged  {:>4} failed  {:?}",
                r.duration.as_secs_f64(),
                r.new,
                r.unchanged,
                r.failed,
                r.status
            );
        }
    }
    Ok(Outcome::Clean)
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}
