//! Turns what a user names (files, folders, `-`, JSONL dumps, URLs) into one stream of pages.

use super::activity::Activity;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use unboil::config::Format;
use unboil::pipeline::Pipeline;
use unboil::sink::{ErrorsFile, InputGuard, JsonlSink, Sink, StdoutSink, TextTreeSink};
use unboil::source::http::{FetchConfig, HttpSource, Target};
use unboil::source::{
    records_of, DumpOptions, FileSource, FileType, InputConfig, InputFilter, JsonlFields, Pages,
    Records, Shard, SourceError, MAX_LINE_BYTES,
};

/// Where and how clean documents are written (`clean` and `fetch`).
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Write one file per document under this folder, mirroring the inputs' relative paths; a
    /// path ending in .jsonl is one JSONL file that each run appends to. Without it, to stdout.
    #[arg(short, long, value_name = "DIR|FILE.jsonl")]
    pub output: Option<PathBuf>,
    /// Output format [default: jsonl for -o FILE.jsonl, else text]. json is one indented
    /// object per document.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// On stdout, end each document with a NUL byte instead of a `==> source <==` header.
    #[arg(short = '0', long)]
    pub null: bool,
    /// Write a metadata header (title, authors, date, URL) above the text.
    #[arg(long)]
    pub header: bool,
    /// Keep each fetched page's raw HTML (and a .meta.json with its URL) under this folder, to
    /// clean again later without refetching.
    #[arg(long, value_name = "DIR")]
    pub keep_raw: Option<PathBuf>,
    /// Write into an existing output folder that holds files unboil did not write (without
    /// it, such a folder is refused, naming the first file that could be replaced).
    #[arg(long)]
    pub force: bool,
}

impl OutputArgs {
    /// `fetch` with `--keep-raw`, when given, in place of its `keep_raw`.
    pub fn fetch_config(&self, fetch: &FetchConfig) -> FetchConfig {
        let mut fetch = fetch.clone();
        if self.keep_raw.is_some() {
            fetch.keep_raw = self.keep_raw.clone();
        }
        fetch
    }
}

/// How a run works: workers, order, the errors stream, a shard (`clean`, `fetch`, `run`).
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Running")]
pub struct WorkArgs {
    /// Worker threads for extraction and cleaning [default: one per core].
    #[arg(short = 'j', long = "threads", value_name = "N")]
    pub threads: Option<usize>,
    /// Write documents in input order (by default each is written as soon as it is clean).
    #[arg(long)]
    pub ordered: bool,
    /// Write every document that fails or is skipped to FILE, one JSON line each:
    /// {"id", "source", "reason", "kind": "failed"|"skipped"}.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Take only share I of N (0 <= I < N) of the documents, by a stable hash of their id, so N
    /// machines split one run: `--shard $SLURM_ARRAY_TASK_ID/$N`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
}

impl WorkArgs {
    /// The errors file, created afresh, if `--errors` names one.
    pub fn errors_file(&self) -> anyhow::Result<Option<Arc<Mutex<ErrorsFile>>>> {
        self.errors
            .as_deref()
            .map(|p| Ok(Arc::new(Mutex::new(ErrorsFile::create(p)?))))
            .transpose()
    }

    /// `pipeline` with these settings.
    pub fn apply(
        &self,
        mut pipeline: Pipeline,
        errors: Option<&Arc<Mutex<ErrorsFile>>>,
    ) -> Pipeline {
        if let Some(n) = self.threads {
            pipeline = pipeline.with_workers(n);
        }
        if let Some(errors) = errors {
            pipeline = pipeline.with_errors(errors.clone());
        }
        pipeline.ordered(self.ordered).with_shard(self.shard)
    }
}

/// Which inputs are read, and how dumps are read (`clean`).
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Inputs")]
pub struct ReadArgs {
    /// Read only the files of input folders that match GLOB (ripgrep syntax; `!GLOB` leaves
    /// matches out; repeatable). Files named on the command line are always read.
    #[arg(short = 'g', long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Read only files of this type from input folders: html, text, json, jsonl, warc, or all
    /// (every file, also those that are not pages, such as .css or images, which are otherwise
    /// skipped with a note). Repeatable.
    #[arg(short = 't', long = "type", value_name = "TYPE", value_parser = parse_type)]
    pub types: Vec<FileType>,
    /// The JSONL field holding each record's id [default: id].
    #[arg(long, value_name = "FIELD")]
    pub id_field: Option<String>,
    /// The JSONL field holding each record's URL; `a.b` reads b inside a [default: url, else
    /// metadata.url].
    #[arg(long, value_name = "FIELD")]
    pub url_field: Option<String>,
    /// The JSONL field holding each record's page as HTML [default: the first of html,
    /// raw_html, text, content, body; a field holding markup is parsed as HTML].
    #[arg(long, value_name = "FIELD")]
    pub html_field: Option<String>,
    /// The JSONL field holding each record's page as plain text.
    #[arg(long, value_name = "FIELD")]
    pub text_field: Option<String>,
    /// Skip JSONL lines longer than this many bytes, with a note.
    #[arg(long, value_name = "BYTES", default_value_t = MAX_LINE_BYTES)]
    pub max_line_bytes: usize,
    /// Follow symbolic links met in input folders wherever they lead (by default only links to
    /// files inside the folder are read; others are passed over with a note).
    #[arg(long)]
    pub follow: bool,
}

fn parse_type(name: &str) -> Result<FileType, String> {
    FileType::from_name(&name.to_ascii_lowercase())
        .ok_or_else(|| format!("unknown type; one of {}", FileType::NAMES.join(", ")))
}

impl Default for ReadArgs {
    fn default() -> Self {
        ReadArgs {
            globs: Vec::new(),
            types: Vec::new(),
            id_field: None,
            url_field: None,
            html_field: None,
            text_field: None,
            max_line_bytes: MAX_LINE_BYTES,
            follow: false,
        }
    }
}

impl ReadArgs {
    /// How dumps are read.
    pub fn dump_options(&self) -> DumpOptions {
        DumpOptions {
            fields: JsonlFields {
                id: self.id_field.clone(),
                url: self.url_field.clone(),
                html: self.html_field.clone(),
                text: self.text_field.clone(),
            },
            max_line_bytes: self.max_line_bytes,
            ..DumpOptions::default()
        }
    }

    /// The `--glob` / `--type` filter.
    pub fn filter(&self) -> anyhow::Result<InputFilter> {
        InputFilter::new(&self.globs, &self.types).context("--glob")
    }
}

/// True for an input that names a URL rather than a path.
pub fn is_url(input: &Path) -> bool {
    input
        .to_str()
        .is_some_and(|s| s.starts_with("http://") || s.starts_with("https://"))
}

/// What a run reads, as the user named it, and how: local inputs, URLs to fetch, and who
/// watches. Build it with [`PageSources::new`], set what the command adds, then take its
/// [`PageSources::pages`].
pub struct PageSources<'a> {
    /// Files, folders, dumps, `-` and http(s) URLs.
    pub inputs: &'a [PathBuf],
    /// The output folder, never walked.
    pub output: Option<&'a Path>,
    /// Bounds on one local input.
    pub input: &'a InputConfig,
    /// How URLs are fetched.
    pub fetch: &'a FetchConfig,
    /// More to fetch than the URLs among `inputs` (`unboil fetch --sitemap …`).
    pub targets: Vec<Target>,
    /// Filters and dump fields.
    pub read: &'a ReadArgs,
    /// Only this share of the documents.
    pub shard: Option<Shard>,
    /// Told how many documents the sources will hand over and what the fetch waits on.
    pub activity: Option<&'a Arc<Activity>>,
}

impl<'a> PageSources<'a> {
    /// `inputs`, read with `read` and fetched with `fetch`; no output, extra targets, shard or
    /// watcher.
    pub fn new(
        inputs: &'a [PathBuf],
        input: &'a InputConfig,
        fetch: &'a FetchConfig,
        read: &'a ReadArgs,
    ) -> Self {
        PageSources {
            inputs,
            output: None,
            input,
            fetch,
            targets: Vec::new(),
            read,
            shard: None,
            activity: None,
        }
    }

    /// Every page: local files first, then the dumps found among them, then the URLs, fetched
    /// politely. A missing input is reported as a failed page and the others go on.
    pub fn pages(self) -> anyhow::Result<Pages> {
        Ok(unboil::source::pages_of(self.records()?))
    }

    /// [`PageSources::pages`] as records: the dumps' records are framed, and read into pages by
    /// the pipeline's workers.
    pub fn records(self) -> anyhow::Result<Records> {
        let PageSources {
            inputs,
            output,
            input,
            fetch,
            targets: extra_targets,
            read,
            shard,
            activity,
        } = self;
        let (urls, paths): (Vec<&PathBuf>, Vec<&PathBuf>) = inputs.iter().partition(|p| is_url(p));
        let (existing, missing): (Vec<PathBuf>, Vec<PathBuf>) = paths
            .into_iter()
            .cloned()
            .partition(|p| p.as_os_str() == "-" || p.exists());
        let missing_count = missing.len();
        let missing = missing.into_iter().map(|path| {
            Err(SourceError::Read {
                path,
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            })
        });
        let mut dump_options = read.dump_options();
        dump_options.max_warc_record_bytes = input.max_warc_record_bytes;
        let mut files = FileSource::new(existing)
            .with_filter(read.filter()?)
            .with_dump_options(dump_options.clone())
            .with_shard(shard)
            .follow(read.follow)
            .max_stdin_bytes(input.max_stdin_bytes);
        if let Some(out) = output {
            files = files.exclude(out.to_path_buf());
        }
        let dumps = files.dumps();
        if let Some(activity) = activity {
            activity.count_files(&files, missing_count, !dumps.is_empty());
        }
        let dump_pages = dumps
            .into_iter()
            .flat_map(move |d| unboil::source::dump_records(d, &dump_options));
        let mut targets: Vec<Target> = urls
            .into_iter()
            .map(|u| Target::Url(u.to_string_lossy().into_owned()))
            .collect();
        targets.extend(extra_targets);
        let fetched: Pages = if targets.is_empty() {
            Box::new(std::iter::empty())
        } else {
            let source = HttpSource::new(fetch.clone(), targets)?;
            match activity {
                Some(activity) => activity.watch_fetch(source, shard.is_some()),
                None => source,
            }
            .pages()
        };
        Ok(Box::new(
            records_of(Box::new(missing.chain(files.pages())))
                .chain(dump_pages)
                .chain(records_of(fetched)),
        ))
    }
}

/// The sink for `-o` (a folder, or a `.jsonl` file), or stdout; `several` when the run may
/// write more than one document (see [`super::output::several_documents`]).
pub fn sink(out: &OutputArgs, inputs: &[PathBuf], several: bool) -> anyhow::Result<Box<dyn Sink>> {
    let output = out.output.as_deref();
    let (format, header, force) = (out.resolved_format(several)?, out.header, out.force);
    let local: Vec<PathBuf> = inputs.iter().filter(|p| !is_url(p)).cloned().collect();
    let guard = InputGuard::new(&local, output);
    super::output::refuse_output_among_inputs(&guard, output)?;
    Ok(match output {
        None => Box::new(StdoutSink::new(format, header).separated(out.separator(several))),
        Some(path) if format == Format::Jsonl && path.extension().is_some_and(|e| e == "jsonl") => {
            if guard.is_input(path) {
                anyhow::bail!(
                    "{}: is one of the inputs; choose another output file",
                    path.display()
                );
            }
            Box::new(
                JsonlSink::open(path)?
                    .durable(false)
                    .refusing_duplicates()?,
            )
        }
        Some(dir) => {
            if dir.is_file() {
                anyhow::bail!(
                    "{}: is a file; -o takes a folder (or a .jsonl file)",
                    dir.display()
                );
            }
            refuse_foreign_output(&guard, dir, force)?;
            let sink = TextTreeSink::new(dir.to_path_buf(), format, header, guard);
            sweep_stale_temporaries(&sink);
            Box::new(sink)
        }
    })
}

/// Refuses an output folder that already holds files unboil did not write (it has no output
/// marker), naming the first, unless `force`: writing there could replace a user's file. An
/// output folder that is an input folder is let through, since every file in it is an input and
/// the input guard keeps those. One inside an input folder is refused even with `force`: it is
/// not read as input (the output folder is passed over), so neither guard would notice.
pub fn refuse_foreign_output(guard: &InputGuard, dir: &Path, force: bool) -> anyhow::Result<()> {
    if guard.is_input_folder(dir) {
        return Ok(());
    }
    let Some(first) = TextTreeSink::first_foreign_file(dir) else {
        return Ok(());
    };
    if let Some(root) = guard.input_root_around(dir) {
        anyhow::bail!(
            "{}: this output folder is inside the input folder {} and already holds files unboil did not write (such as {}); choose a new or empty output folder",
            dir.display(),
            root.display(),
            first.display()
        );
    }
    if !force {
        anyhow::bail!(
            "{}: already holds files unboil did not write, such as {}, which this run could replace; choose a new or empty output folder, or pass --force to write there anyway",
            dir.display(),
            first.display()
        );
    }
    Ok(())
}

/// Removes the temporary files a killed run left in `dir` (a write is a temporary file renamed
/// into place), logging how many.
pub fn sweep_stale_temporaries(sink: &TextTreeSink) {
    match sink.sweep_stale_temporaries() {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            removed = n,
            "removed temporary files left by an interrupted run"
        ),
        Err(e) => {
            tracing::warn!(error = %e, "could not remove the temporary files of an interrupted run")
        }
    }
}
