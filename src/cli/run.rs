//! `unboil run`: run the jobs of config.toml once and exit — what cron or a systemd timer calls.

use super::{summary, ConfigArg, Outcome};
use anyhow::Context;
use std::collections::HashMap;
use std::path::PathBuf;
use unboil::clean::Chain;
use unboil::config::{Config, JobConfig, SinkConfig, SourceConfig};
use unboil::pipeline::{NoHooks, Pipeline, Summary};
use unboil::sink::{InputGuard, JsonlSink, Sink, TextTreeSink};
use unboil::source::http::{HttpSource, Target};
use unboil::source::{FileSource, JsonlSource, Pages, Validators};

/// Arguments of `unboil run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The jobs to run [default: all].
    #[arg(value_name = "JOB")]
    jobs: Vec<String>,
    #[command(flatten)]
    config: ConfigArg,
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
    let mut failed = false;
    for job in jobs {
        let summary = run_job(&config, job)?;
        if !quiet {
            summary::print(&format!("job {}", job.name), &summary);
        }
        failed |= !summary.failed.is_empty();
    }
    Ok(if failed {
        Outcome::SomeFailed
    } else {
        Outcome::Clean
    })
}

/// The jobs named (all when none are), or an error naming the unknown ones.
pub fn select_jobs<'a>(config: &'a Config, names: &[String]) -> anyhow::Result<Vec<&'a JobConfig>> {
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

/// Runs one job once.
pub fn run_job(config: &Config, job: &JobConfig) -> anyhow::Result<Summary> {
    let _span = tracing::info_span!("job", name = %job.name).entered();
    let chain = Chain::build(&config.chain, &config.rules)?;
    let pipeline = Pipeline::new(config.extract.clone(), chain).with_site(job.site.clone());
    let (inputs, pages) = job_pages(config, job, HashMap::new())?;
    let mut sink: Box<dyn Sink> = match &job.output {
        SinkConfig::TextTree {
            path,
            format,
            header,
        } => {
            let dir = config.resolve(path);
            let guard = InputGuard::new(&inputs, Some(&dir));
            Box::new(TextTreeSink::new(dir, *format, *header, guard))
        }
        SinkConfig::Jsonl { path } => {
            let path = config.resolve(path);
            Box::new(JsonlSink::open(&path).with_context(|| format!("job {}", job.name))?)
        }
    };
    tracing::info!("started");
    let summary = pipeline.run(pages, sink.as_mut(), &mut NoHooks);
    tracing::info!(
        written = summary.written,
        failed = summary.failed.len(),
        "finished"
    );
    Ok(summary)
}

/// The local input paths of a job (for the overwrite guard) and the stream of its pages.
fn job_pages(
    config: &Config,
    job: &JobConfig,
    validators: HashMap<String, Validators>,
) -> anyhow::Result<(Vec<PathBuf>, Pages)> {
    let mut inputs = Vec::new();
    let mut streams: Vec<Pages> = Vec::new();
    let mut targets = Vec::new();
    let out_dir = match &job.output {
        SinkConfig::TextTree { path, .. } => Some(config.resolve(path)),
        SinkConfig::Jsonl { .. } => None,
    };
    for source in &job.sources {
        match source {
            SourceConfig::Files { path } => {
                let paths = expand(config, path)?;
                inputs.extend(paths.iter().cloned());
                let mut files = FileSource::new(paths);
                if let Some(out) = &out_dir {
                    files = files.exclude(out.clone());
                }
                let dumps = files.dumps();
                streams.push(files.pages());
                for d in dumps {
                    streams.push(JsonlSource::new(d).pages());
                }
            }
            SourceConfig::Jsonl { path } => {
                let path = config.resolve(path);
                inputs.push(path.clone());
                streams.push(JsonlSource::new(path).pages());
            }
            SourceConfig::Url { url } => targets.push(Target::Url(url.clone())),
            SourceConfig::Urls { path } => targets.push(Target::UrlList(config.resolve(path))),
            SourceConfig::Sitemap { url } => targets.push(Target::Sitemap(url.clone())),
            SourceConfig::Feed { url } => targets.push(Target::Feed(url.clone())),
        }
    }
    if !targets.is_empty() {
        let mut fetch = config.fetch.clone();
        if let Some(dir) = &job.keep_raw {
            fetch.keep_raw = Some(config.resolve(dir));
        }
        let source = HttpSource::new(fetch, targets)
            .with_context(|| format!("job {}", job.name))?
            .with_validators(validators);
        streams.push(source.pages());
    }
    Ok((inputs, Box::new(streams.into_iter().flatten())))
}

/// A `files` source: a path, or the paths a glob matches (sorted).
fn expand(config: &Config, pattern: &str) -> anyhow::Result<Vec<PathBuf>> {
    if !pattern.contains(['*', '?', '[']) {
        return Ok(vec![config.resolve(pattern)]);
    }
    let full = config.resolve(pattern);
    let full = full.to_string_lossy();
    let mut paths: Vec<PathBuf> = glob::glob(&full)
        .with_context(|| format!("glob {pattern:?}"))?
        .filter_map(Result::ok)
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    Ok(paths)
}
