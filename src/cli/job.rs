//! Running one job once, incrementally: the state store says which documents are unchanged since
//! the last run (same input bytes, same effective rules), and records each document only once its
//! output is durable. Shared by `unboil run` and `unboil schedule`.

use super::activity::Activity;
use super::inputs::WorkArgs;
use super::progress::Progress;
use anyhow::Context;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use unboil::config::{Config, JobConfig, SinkConfig, SourceConfig};
use unboil::document::site_host;
use unboil::learn::{Guard, Learner};
use unboil::pipeline::{Cleaned, Hooks, PageInfo, Pipeline, Problem, Summary};
use unboil::sink::{ErrorsFile, InputGuard, JsonlSink, Sink, TextTreeSink, Written};
use unboil::source::http::{HttpSource, Target};
use unboil::source::{
    DumpOptions, FileSource, JsonlFields, JsonlSource, Pages, RawPage, Shard, SourceError,
    Validators, WarcSource,
};
use unboil::state::{self, DocRecord, RunRecord, RunStatus, StateError, StateStore};

/// How a job run treats its state.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Clean everything, ignoring what the state says is unchanged (and record it afresh).
    pub full: bool,
    /// How long to wait for another process that holds the job's state store.
    pub wait: Duration,
    /// Set by a signal: finish the documents in hand, save state, stop.
    pub stop: Option<Arc<AtomicBool>>,
    /// No progress display.
    pub quiet: bool,
    /// Follow symbolic links out of the input folders (`--follow`).
    pub follow: bool,
    /// Write into an output folder that holds files unboil did not write (`--force`).
    pub force: bool,
    /// Workers, order and shard from the command line (`unboil run -j 2 --shard 0/4`).
    pub work: Option<WorkArgs>,
    /// Where every failed or skipped document is listed, shared by the jobs of one command.
    pub errors: Option<Arc<Mutex<ErrorsFile>>>,
}

/// Where a job writes: its output folder or JSONL file.
pub fn output_of(config: &Config, job: &JobConfig) -> PathBuf {
    match &job.output {
        SinkConfig::TextTree { path, .. } | SinkConfig::Jsonl { path } => config.resolve(path),
    }
}

/// Where a job keeps its state: `state = …` in the job, else beside its output.
pub fn state_path(config: &Config, job: &JobConfig) -> PathBuf {
    if let Some(p) = &job.state {
        return config.resolve(p);
    }
    match &job.output {
        SinkConfig::TextTree { path, .. } => state::default_path(&config.resolve(path)),
        SinkConfig::Jsonl { path } => {
            let path = config.resolve(path);
            let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            let stem = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "output".into());
            dir.join(format!(".{stem}.unboil-state.redb"))
        }
    }
}

/// Runs `job` once and records the run in its state store.
pub fn run_job(config: &Config, job: &JobConfig, opts: &RunOptions) -> anyhow::Result<Summary> {
    let _span = tracing::info_span!("job", job = %job.name).entered();
    let started = SystemTime::now();
    let store_path = state_path(config, job);
    let mut store = StateStore::open_wait(&store_path, opts.wait)
        .with_context(|| format!("job {}", job.name))?;
    let mut pipeline = Pipeline::from_config(config)?.with_site(job.site.clone());
    if let Some(stop) = &opts.stop {
        pipeline = pipeline.with_stop(stop.clone());
    }
    let shard = opts.work.as_ref().and_then(|w| w.shard);
    if let Some(work) = &opts.work {
        pipeline = work.apply(pipeline, opts.errors.as_ref());
    }
    let validators = known_validators(&store, opts.full)?;
    let activity = super::progress::activity(opts.quiet);
    let reading = Reading {
        shard,
        follow: opts.follow,
        activity: activity.as_ref(),
    };
    let (inputs, pages) = job_pages(config, job, &store, validators, reading)?;
    let (mut sink, jsonl_path): (Box<dyn Sink>, Option<PathBuf>) = match &job.output {
        SinkConfig::TextTree {
            path,
            format,
            header,
        } => {
            let dir = config.resolve(path);
            let guard = InputGuard::new(&inputs, Some(&dir));
            super::inputs::refuse_foreign_output(&guard, &dir, opts.force)
                .with_context(|| format!("job {}", job.name))?;
            let sink = TextTreeSink::new(dir, *format, *header, guard).durable(true);
            let swept = sink
                .sweep_temporaries()
                .with_context(|| format!("job {}", job.name))?;
            if swept > 0 {
                tracing::info!(swept, "removed temporary files left by an interrupted run");
            }
            (Box::new(sink), None)
        }
        SinkConfig::Jsonl { path } => {
            let path = config.resolve(path);
            let sink = JsonlSink::open(&path).with_context(|| format!("job {}", job.name))?;
            (Box::new(sink), Some(path))
        }
    };
    // Documents already in a JSONL output but not in the state were written by a run that was
    // killed before it could record them: they count as done, so they are not appended twice.
    let already_written: HashSet<String> = match &jsonl_path {
        Some(p) => unrecorded_sources(&store, &job.name, p)?,
        None => HashSet::new(),
    };
    tracing::info!(state = %store_path.display(), full = opts.full, "started");
    let learner = if job.learn {
        let hosts = store
            .learned(&job.name)
            .with_context(|| format!("job {}", job.name))?;
        Some(Learner::new(Guard::default(), hosts))
    } else {
        None
    };
    let hooks = StateHooks {
        learner,
        store: &mut store,
        config,
        job,
        full: opts.full,
        jsonl_path,
        already_written,
        pending: HashMap::new(),
        fingerprints: HashMap::new(),
        unchanged_failed: 0,
        error: None,
    };
    let mut hooks = Progress::new(hooks, &format!("job {}", job.name), opts.quiet, activity);
    let mut summary = pipeline.run(pages, sink.as_mut(), &mut hooks);
    let mut hooks = hooks.into_inner();
    summary.unchanged_failed = hooks.unchanged_failed;
    if let Some(e) = hooks.error.take() {
        tracing::error!("state store: {e}");
    }
    if let Some(learner) = hooks.learner.take() {
        for (host, n) in learner.removed() {
            tracing::info!(host, removed = n, "learned template blocks removed");
        }
        store
            .save_learned(&job.name, learner.hosts())
            .with_context(|| format!("job {}", job.name))?;
    }
    let status = if summary.stopped_early {
        RunStatus::Interrupted
    } else if summary.failed.is_empty() {
        RunStatus::Ok
    } else if summary.written + summary.unchanged > 0 {
        RunStatus::Partial
    } else {
        RunStatus::Failed
    };
    store.record_run(&RunRecord {
        job: job.name.clone(),
        started: state::unix_secs(started),
        duration: summary.elapsed,
        new: summary.written as u64,
        unchanged: summary.unchanged as u64,
        failed: summary.failed.len() as u64,
        status,
    })?;
    store.close()?;
    tracing::info!(
        written = summary.written,
        unchanged = summary.unchanged,
        failed = summary.failed.len(),
        "finished"
    );
    Ok(summary)
}

/// The sources of records in the JSONL output at `path` that the state does not know: written by
/// a run killed before it could record them. Read line by line, keeping only those (a job that
/// recorded its documents keeps none), so a large output costs time, not memory.
fn unrecorded_sources(
    store: &StateStore,
    job: &str,
    path: &Path,
) -> anyhow::Result<HashSet<String>> {
    let mut unrecorded = HashSet::new();
    let mut state_error = None;
    JsonlSink::for_each_source(path, |source| match store.document(job, source) {
        Ok(Some(_)) => {}
        Ok(None) => {
            unrecorded.insert(source.to_string());
        }
        Err(e) => {
            state_error.get_or_insert(e);
        }
    })
    .with_context(|| format!("{}: cannot read", path.display()))?;
    if let Some(e) = state_error {
        return Err(e.into());
    }
    Ok(unrecorded)
}

/// Validators of every URL the store knows, for conditional requests (none with `--full`).
fn known_validators(store: &StateStore, full: bool) -> anyhow::Result<HashMap<String, Validators>> {
    if full {
        return Ok(HashMap::new());
    }
    Ok(store
        .fetch_infos()?
        .into_iter()
        .filter(|(_, info)| !info.validators.is_empty())
        .map(|(url, info)| (url, info.validators))
        .collect())
}

/// How a job's sources are read, beside what the job names.
struct Reading<'a> {
    /// Only this share of the documents (`--shard`).
    shard: Option<Shard>,
    /// Follow symbolic links out of input folders (`--follow`).
    follow: bool,
    /// Told how many documents the sources hold and what the fetch waits on.
    activity: Option<&'a Arc<Activity>>,
}

/// The local input paths of a job (for the overwrite guard) and the stream of its pages.
fn job_pages(
    config: &Config,
    job: &JobConfig,
    store: &StateStore,
    validators: HashMap<String, Validators>,
    reading: Reading<'_>,
) -> anyhow::Result<(Vec<PathBuf>, Pages)> {
    let Reading {
        shard,
        follow,
        activity,
    } = reading;
    let mut inputs = Vec::new();
    let mut streams: Vec<Pages> = Vec::new();
    let mut targets = Vec::new();
    let out_dir = match &job.output {
        SinkConfig::TextTree { path, .. } => Some(config.resolve(path)),
        SinkConfig::Jsonl { .. } => None,
    };
    let now = SystemTime::now();
    for source in &job.sources {
        match source {
            SourceConfig::Files { path } => {
                let (paths, passed_over) = expand(config, path, follow)?;
                inputs.extend(paths.iter().cloned());
                let passed_over_count = passed_over.len();
                streams.push(Box::new(passed_over.into_iter().map(Err)));
                let mut files = FileSource::new(paths).with_shard(shard).follow(follow);
                if let Some(out) = &out_dir {
                    files = files.exclude(out.clone());
                }
                let dumps = files.dumps();
                if let Some(activity) = activity {
                    activity.count_files(&files, passed_over_count, !dumps.is_empty());
                }
                streams.push(files.pages());
                for d in dumps {
                    let options = DumpOptions {
                        max_warc_record_bytes: config.input.max_warc_record_bytes,
                        ..DumpOptions::default()
                    };
                    streams.push(unboil::source::dump_pages(d, &options));
                }
            }
            SourceConfig::Jsonl {
                path,
                id_field,
                url_field,
                html_field,
                text_field,
            } => {
                let path = config.resolve(path);
                inputs.push(path.clone());
                let fields = JsonlFields {
                    id: id_field.clone(),
                    url: url_field.clone(),
                    html: html_field.clone(),
                    text: text_field.clone(),
                };
                if let Some(activity) = activity {
                    activity.uncountable();
                }
                streams.push(JsonlSource::new(path).with_fields(fields).pages());
            }
            SourceConfig::Warc { path } => {
                let path = config.resolve(path);
                inputs.push(path.clone());
                if let Some(activity) = activity {
                    activity.uncountable();
                }
                streams.push(
                    WarcSource::new(path)
                        .with_max_record_bytes(config.input.max_warc_record_bytes)
                        .pages(),
                );
            }
            SourceConfig::Url { url } => {
                // A URL that failed recently waits out its backoff instead of being hammered.
                match store.fetch_info(url)? {
                    Some(info) if !info.is_due(now) => {
                        tracing::info!(url, failures = info.failures, "backing off after failures");
                    }
                    _ => targets.push(Target::Url(url.clone())),
                }
            }
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
        let source = match activity {
            Some(activity) => activity.watch_fetch(source, shard.is_some()),
            None => source,
        };
        streams.push(source.pages());
    }
    Ok((inputs, Box::new(streams.into_iter().flatten())))
}

/// A `files` source: a path, or the files a glob matches (sorted), with a note for each match
/// passed over because it leads out of the glob's fixed folder (a symbolic link, or a linked
/// folder on the way) and `follow` is off.
fn expand(
    config: &Config,
    pattern: &str,
    follow: bool,
) -> anyhow::Result<(Vec<PathBuf>, Vec<SourceError>)> {
    if !pattern.contains(['*', '?', '[']) {
        return Ok((vec![config.resolve(pattern)], Vec::new()));
    }
    let full = config.resolve(pattern);
    let base = glob_base(&full);
    let base = base.canonicalize().unwrap_or(base);
    let full = full.to_string_lossy();
    let mut paths: Vec<PathBuf> = glob::glob(&full)
        .with_context(|| format!("glob {pattern:?}"))?
        .filter_map(Result::ok)
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    if follow {
        return Ok((paths, Vec::new()));
    }
    let (inside, outside): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .into_iter()
        .partition(|p| p.canonicalize().is_ok_and(|c| c.starts_with(&base)));
    let notes = outside
        .into_iter()
        .map(|p| {
            let note = SourceError::Skipped {
                reason: format!(
                    "a symbolic link leading out of {}; not followed (pass --follow to read it)",
                    base.display()
                ),
                origin: p.display().to_string(),
            };
            tracing::warn!("{note}");
            note
        })
        .collect();
    Ok((inside, notes))
}

/// The folder a glob's matches lie in: its components up to the first with a wildcard.
fn glob_base(pattern: &Path) -> PathBuf {
    pattern
        .components()
        .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
        .collect()
}

/// Connects a pipeline run to the state store.
struct StateHooks<'a> {
    /// The job's learning, when it has `learn = true`.
    learner: Option<Learner>,
    store: &'a mut StateStore,
    config: &'a Config,
    job: &'a JobConfig,
    full: bool,
    jsonl_path: Option<PathBuf>,
    already_written: HashSet<String>,
    /// Hashes of pages in flight, by source, until their output is durable.
    pending: HashMap<String, (String, String)>,
    /// The configuration fingerprint per site (the rules that apply differ by site).
    fingerprints: HashMap<Option<String>, String>,
    /// Documents passed over because they failed last time from the same input and rules.
    unchanged_failed: usize,
    error: Option<StateError>,
}

impl StateHooks<'_> {
    /// A hash of everything that decides how a document from `host` is cleaned: unboil's version,
    /// the extraction settings, the chain, and the rule files that apply to the host. Editing a
    /// rule file re-cleans exactly the documents of the sites it covers.
    fn fingerprint(&mut self, host: Option<String>) -> String {
        if let Some(f) = self.fingerprints.get(&host) {
            return f.clone();
        }
        let mut parts: Vec<Vec<u8>> = vec![
            env!("CARGO_PKG_VERSION").as_bytes().to_vec(),
            format!("{:?}", self.config.extract).into_bytes(),
            format!("{:?}", self.config.chain).into_bytes(),
        ];
        for file in self.config.rules.for_host(host.as_deref()) {
            if let Some((_, text)) = self.config.texts.iter().find(|(p, _)| *p == file.path) {
                parts.push(text.as_bytes().to_vec());
            }
        }
        let f = state::hash_parts(parts.iter().map(Vec::as_slice));
        self.fingerprints.insert(host, f.clone());
        f
    }

    /// Records that the document from `source_key` is cleaned into `output` (which exists).
    fn record_done(&mut self, source_key: String, hashes: (String, String), output: PathBuf) {
        let (input_hash, config_hash) = hashes;
        let result = self.store.record_done(DocRecord {
            job: self.job.name.clone(),
            source_key,
            input_hash,
            config_hash,
            output,
            cleaned_at: state::unix_secs(SystemTime::now()),
        });
        self.keep_error(result);
    }

    fn keep_error(&mut self, result: Result<(), StateError>) {
        if let Err(e) = result {
            tracing::warn!("state store: {e}");
            self.error.get_or_insert(e);
        }
    }
}

impl Hooks for StateHooks<'_> {
    fn cleaned(&mut self, _page: &PageInfo, cleaned: &mut Cleaned) {
        if let Some(learner) = &mut self.learner {
            if let Some(host) = cleaned.doc.host() {
                learner.clean(&host, &mut cleaned.doc, &mut cleaned.trail);
            }
        }
    }

    fn is_unchanged(&mut self, page: &RawPage) -> bool {
        let key = page.origin.to_string();
        let input_hash = state::content_hash(&page.body);
        let declared = match (&page.url, &self.job.site) {
            (None, None) => unboil::extract::declared_url(&page.body),
            _ => None,
        };
        let host = site_host(
            page.url.as_deref().or(declared.as_deref()),
            self.job.site.as_deref(),
        );
        let config_hash = self.fingerprint(host);
        if !self.full {
            match self
                .store
                .is_unchanged(&self.job.name, &key, &input_hash, &config_hash)
            {
                Ok(true) => return true,
                Ok(false) => {}
                Err(e) => self.keep_error(Err(e)),
            }
            match self
                .store
                .failed_unchanged(&self.job.name, &key, &input_hash, &config_hash)
            {
                Ok(Some(reason)) => {
                    tracing::info!(source = %key, reason, "failed last time from the same input and rules; not tried again");
                    self.unchanged_failed += 1;
                    return true;
                }
                Ok(None) => {}
                Err(e) => self.keep_error(Err(e)),
            }
            if self.already_written.contains(&key)
                && matches!(self.store.document(&self.job.name, &key), Ok(None))
            {
                if let Some(output) = self.jsonl_path.clone() {
                    self.record_done(key, (input_hash, config_hash), output);
                    return true;
                }
            }
        }
        self.pending.insert(key, (input_hash, config_hash));
        false
    }

    fn written(&mut self, page: &PageInfo, written: &Written) {
        let Some((input_hash, config_hash)) = self.pending.remove(&page.source) else {
            return;
        };
        let output = match written {
            Written::File(p) => p.clone(),
            Written::Line => self.jsonl_path.clone().unwrap_or_default(),
        };
        self.record_done(page.source.clone(), (input_hash, config_hash), output);
        if let (Some(url), Some(validators)) = (&page.url, &page.validators) {
            let result = self
                .store
                .record_fetch_ok(url, validators.clone(), SystemTime::now());
            self.keep_error(result);
        }
    }

    fn failed(&mut self, page: &PageInfo, problem: &Problem, lasting: bool) {
        let Some(hashes) = self.pending.remove(&page.source) else {
            return;
        };
        // Remembered only when the same input under the same rules would fail again (a panic,
        // no article): retrying those every run would never end. A write that failed is tried
        // again next run.
        if lasting {
            let result = self.store.record_failed(
                &self.job.name,
                &page.source,
                hashes,
                &problem.reason,
                SystemTime::now(),
            );
            self.keep_error(result);
        }
    }

    fn source_error(&mut self, error: &SourceError) {
        let now = SystemTime::now();
        let result = match error {
            SourceError::Fetch { url, .. } => self.store.record_fetch_failure(url, now).map(|_| ()),
            SourceError::Unchanged { url } => {
                let validators = self
                    .store
                    .fetch_info(url)
                    .ok()
                    .flatten()
                    .map(|i| i.validators)
                    .unwrap_or_default();
                self.store.record_fetch_ok(url, validators, now)
            }
            _ => Ok(()),
        };
        self.keep_error(result);
    }
}
