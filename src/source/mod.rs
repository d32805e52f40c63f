//! Sources: where raw pages come from. Each yields [`RawPage`]s; only sources touch the world on the
//! way in.

mod file;
mod filter;
mod gzip;
pub mod http;
mod jsonl;
mod record;
mod shard;
mod sparse_record;
mod warc;

pub use file::{is_dump, FileSource, MAX_FILE_BYTES};
pub use filter::{FileType, InputFilter, Verdict};
pub use jsonl::{JsonlFields, JsonlLine, JsonlSource, BODY_FIELDS, MAX_LINE_BYTES};
pub use record::{pages_of, records_of, Record, Records};
pub use shard::Shard;
pub use warc::{WarcResponse, WarcSource};

pub use crate::raw_page::{Origin, RawPage, Validators};
use std::path::PathBuf;

/// A page a source could not deliver. The run reports it and goes on.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A file or folder could not be read.
    #[error("{path}: cannot read: {source} (check that it exists and is readable)")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An input was passed over on purpose (binary, empty, too large); not a failure.
    #[error("{origin}: skipped: {reason}")]
    Skipped {
        /// Which input.
        origin: String,
        /// Why it was skipped.
        reason: String,
    },
    /// A record in a dump is malformed.
    #[error("{origin}: {reason}")]
    Malformed {
        /// Where (file and line or offset).
        origin: String,
        /// What is wrong and what to do.
        reason: String,
    },
    /// A fetch failed.
    #[error("{url}: {reason}")]
    Fetch {
        /// The URL.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// The server answered a conditional request with 304: the page has not changed since the
    /// validators given to the fetcher, so there is nothing new to clean. Not a failure.
    #[error("{url}: unchanged since the last run (HTTP 304 Not Modified)")]
    Unchanged {
        /// The URL.
        url: String,
    },
}

impl SourceError {
    /// True for inputs passed over on purpose (empty or binary files, pages unchanged since the
    /// last run), which do not fail a run.
    pub fn is_skip(&self) -> bool {
        matches!(
            self,
            SourceError::Skipped { .. } | SourceError::Unchanged { .. }
        )
    }

    /// Where the problem is, as a user names it (a path, `path:line`, `path@offset`, a URL), and
    /// what it is, apart: the two fields of an errors-stream line.
    pub fn origin_and_reason(&self) -> (String, String) {
        match self {
            SourceError::Read { path, source } => (
                path.display().to_string(),
                format!("cannot read: {source} (check that it exists and is readable)"),
            ),
            SourceError::Skipped { origin, reason } => {
                (origin.clone(), format!("skipped: {reason}"))
            }
            SourceError::Malformed { origin, reason } => (origin.clone(), reason.clone()),
            SourceError::Fetch { url, reason } => (url.clone(), reason.clone()),
            SourceError::Unchanged { url } => (url.clone(), "unchanged since the last run".into()),
        }
    }
}

/// Bounds on what one local input may hold (`[input]` in config.toml), so that no input can
/// make a run hold unbounded memory. Every field has a default, so an empty table is fine.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputConfig {
    /// Most bytes read from standard input (`unboil clean -`) as one page; more is skipped with
    /// a note. Default 268435456 (256 MiB), the bound on one file.
    pub max_stdin_bytes: u64,
    /// Largest WARC record read; a larger response record is skipped and counted, with its
    /// offset and size, rather than held in memory. Default 67108864 (64 MiB).
    pub max_warc_record_bytes: u64,
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            max_stdin_bytes: MAX_FILE_BYTES,
            max_warc_record_bytes: warc::MAX_RECORD_BYTES,
        }
    }
}

impl InputConfig {
    /// Every problem with these settings, each saying which field and what to do.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (name, value, example) in [
            ("max_stdin_bytes", self.max_stdin_bytes, MAX_FILE_BYTES),
            (
                "max_warc_record_bytes",
                self.max_warc_record_bytes,
                warc::MAX_RECORD_BYTES,
            ),
        ] {
            if value == 0 {
                problems.push(format!(
                    "input.{name} = 0 would refuse every page: give a byte count such as {example}"
                ));
            }
        }
        problems
    }
}

/// A stream of pages, or of the reasons pages could not be had.
pub type Pages = Box<dyn Iterator<Item = Result<RawPage, SourceError>> + Send>;

/// How a compressed file is compressed, by its name: `.gz` or `.zst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compression {
    Gzip,
    Zstd,
}

impl Compression {
    /// The compression a file name ends with, if any.
    pub(crate) fn of(path: &std::path::Path) -> Option<Compression> {
        let name = path.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".gz") {
            Some(Compression::Gzip)
        } else if name.ends_with(".zst") {
            Some(Compression::Zstd)
        } else {
            None
        }
    }
}

/// Opens a file, decompressing it on the fly when its name ends in `.gz` or `.zst`.
pub(crate) fn open_dump(
    path: &std::path::Path,
) -> Result<Box<dyn std::io::Read + Send>, SourceError> {
    let read_err = |source| SourceError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    Ok(match Compression::of(path) {
        Some(Compression::Gzip) => Box::new(gzip::GzipMembers::new(
            std::io::BufReader::with_capacity(1 << 16, file),
        )),
        Some(Compression::Zstd) => {
            Box::new(zstd::stream::read::Decoder::new(file).map_err(read_err)?)
        }
        None => Box::new(file),
    })
}

/// How dumps are read: which JSONL fields hold what, and the bound on one line.
#[derive(Debug, Clone)]
pub struct DumpOptions {
    /// The fields of a JSONL record (or a `.json` file).
    pub fields: JsonlFields,
    /// Longer JSONL lines are skipped with a note.
    pub max_line_bytes: usize,
    /// Larger WARC records are skipped with a note (`input.max_warc_record_bytes`).
    pub max_warc_record_bytes: u64,
}

impl Default for DumpOptions {
    fn default() -> Self {
        DumpOptions {
            fields: JsonlFields::default(),
            max_line_bytes: MAX_LINE_BYTES,
            max_warc_record_bytes: warc::MAX_RECORD_BYTES,
        }
    }
}

/// The pages of a dump file (JSONL or WARC; plain, gzipped or zstd-compressed), by its name.
pub fn dump_pages(path: PathBuf, options: &DumpOptions) -> Pages {
    pages_of(dump_records(path, options))
}

/// [`dump_pages`] as records: a JSONL dump's lines and a WARC file's response records are framed
/// and left to be read by whoever takes them (see [`Record`]).
pub fn dump_records(path: PathBuf, options: &DumpOptions) -> Records {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".zst"))
        .unwrap_or(&name);
    if name.ends_with(".warc") {
        WarcSource::new(path)
            .with_max_record_bytes(options.max_warc_record_bytes)
            .records()
    } else {
        JsonlSource::new(path)
            .with_fields(options.fields.clone())
            .with_max_line_bytes(options.max_line_bytes)
            .records()
    }
}
