//! Turns what a user names (files, folders, `-`, JSONL dumps, URLs) into one stream of pages.

use std::path::{Path, PathBuf};
use unboil::config::Format;
use unboil::sink::{InputGuard, JsonlSink, Sink, StdoutSink, TextTreeSink};
use unboil::source::http::{FetchConfig, HttpSource, Target};
use unboil::source::{FileSource, Pages, SourceError};

/// Where and how clean documents are written (`clean` and `fetch`).
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Write one file per document under this folder, mirroring the inputs' relative paths
    /// (with --format jsonl and a path ending in .jsonl: append to that one file). Without it, to
    /// stdout.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write a metadata header (title, authors, date, URL) above the text.
    #[arg(long)]
    pub header: bool,
    /// Keep each fetched page's raw HTML (and a .meta.json with its URL) under this folder, to
    /// clean again later without refetching.
    #[arg(long, value_name = "DIR")]
    pub keep_raw: Option<PathBuf>,
}

/// True for an input that names a URL rather than a path.
pub fn is_url(input: &Path) -> bool {
    input
        .to_str()
        .is_some_and(|s| s.starts_with("http://") || s.starts_with("https://"))
}

/// Every page of `inputs`: local files first, then the dumps found among them, then the URLs,
/// fetched politely with `fetch`. `output` is never walked. A missing input is reported as a failed
/// page and the others go on.
pub fn pages(
    inputs: &[PathBuf],
    output: Option<&Path>,
    fetch: &FetchConfig,
    extra_targets: Vec<Target>,
) -> anyhow::Result<Pages> {
    let (urls, paths): (Vec<&PathBuf>, Vec<&PathBuf>) = inputs.iter().partition(|p| is_url(p));
    let (existing, missing): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .into_iter()
        .cloned()
        .partition(|p| p.as_os_str() == "-" || p.exists());
    let missing = missing.into_iter().map(|path| {
        Err(SourceError::Read {
            path,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        })
    });
    let mut files = FileSource::new(existing);
    if let Some(out) = output {
        files = files.exclude(out.to_path_buf());
    }
    let dumps = files.dumps();
    let dump_pages = dumps
        .into_iter()
        .flat_map(|d| unboil::source::dump_pages(d));
    let mut targets: Vec<Target> = urls
        .into_iter()
        .map(|u| Target::Url(u.to_string_lossy().into_owned()))
        .collect();
    targets.extend(extra_targets);
    let fetched: Pages = if targets.is_empty() {
        Box::new(std::iter::empty())
    } else {
        HttpSource::new(fetch.clone(), targets)?.pages()
    };
    Ok(Box::new(
        missing
            .chain(files.pages())
            .chain(dump_pages)
            .chain(fetched),
    ))
}

/// The sink for `-o` (a folder, or a `.jsonl` file with `--format jsonl`), or stdout.
pub fn sink(
    output: Option<&Path>,
    format: Format,
    header: bool,
    inputs: &[PathBuf],
) -> anyhow::Result<Box<dyn Sink>> {
    let local: Vec<PathBuf> = inputs.iter().filter(|p| !is_url(p)).cloned().collect();
    let guard = InputGuard::new(&local, output);
    Ok(match output {
        None => Box::new(StdoutSink::new(format, header)),
        Some(path) if format == Format::Jsonl && path.extension().is_some_and(|e| e == "jsonl") => {
            if guard.is_input(path) {
                anyhow::bail!(
                    "{}: is one of the inputs; choose another output file",
                    path.display()
                );
            }
            // `clean` keeps no state: nothing needs a document durable before the next one.
            Box::new(JsonlSink::open(path)?.buffered())
        }
        Some(dir) => {
            refuse_foreign_output(&guard, dir)?;
            if dir.is_file() {
                anyhow::bail!(
                    "{}: is a file; -o takes a folder (or a .jsonl file with --format jsonl)",
                    dir.display()
                );
            }
            Box::new(TextTreeSink::new(dir.to_path_buf(), format, header, guard))
        }
    })
}

/// Refuses an output folder inside an input folder that already holds files unboil did not write:
/// they are not read as inputs (the output folder is passed over), so writing there could replace
/// a user's file without either guard noticing.
pub fn refuse_foreign_output(guard: &InputGuard, dir: &Path) -> anyhow::Result<()> {
    if let Some(root) = guard.input_root_around(dir) {
        if TextTreeSink::holds_foreign_files(dir) {
            anyhow::bail!(
                "{}: this output folder is inside the input folder {} and already holds files unboil did not write; choose a new or empty output folder",
                dir.display(),
                root.display()
            );
        }
    }
    Ok(())
}
