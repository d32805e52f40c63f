//! Sources: where raw pages come from. Each yields [`RawPage`]s; only sources touch the world on the
//! way in.

mod file;
mod filter;
pub mod http;
mod jsonl;
mod shard;
mod warc;

pub use file::{FileSource, MAX_FILE_BYTES};
pub use filter::{FileType, InputFilter, Verdict};
pub use jsonl::{JsonlFields, JsonlSource, BODY_FIELDS, MAX_LINE_BYTES};
pub use shard::Shard;
pub use warc::WarcSource;

use std::fmt;
use std::path::PathBuf;
use std::time::SystemTime;

/// Where a raw page was read from, as a user would name it in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A local file.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// One line of a JSONL dump.
    JsonlLine {
        /// The dump.
        path: PathBuf,
        /// Line number, from 1.
        line: usize,
    },
    /// One record of a WARC file.
    Warc {
        /// The WARC file.
        path: PathBuf,
        /// Byte offset of the record.
        offset: u64,
    },
    /// A page fetched over HTTP.
    Http(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Stdin => f.write_str("<stdin>"),
            Origin::JsonlLine { path, line } => write!(f, "{}:{line}", path.display()),
            Origin::Warc { path, offset } => write!(f, "{}@{offset}", path.display()),
            Origin::Http(url) => f.write_str(url),
        }
    }
}

/// A page as a source delivers it: bytes and what is known about them, nothing parsed yet.
#[derive(Debug, Clone)]
pub struct RawPage {
    /// The identifier outputs are named after: a path relative to the input root without extension,
    /// a JSONL `id` field, or a name derived from the URL.
    pub id: String,
    /// Where it came from.
    pub origin: Origin,
    /// The page's URL when known (fetched, or given in a JSONL/WARC record).
    pub url: Option<String>,
    /// The raw bytes.
    pub body: Vec<u8>,
    /// The `Content-Type` header or what the file name implies, such as `text/html; charset=utf-8`.
    pub content_type: Option<String>,
    /// When the page was fetched, for fetched pages.
    pub fetched_at: Option<SystemTime>,
    /// The cache validators the server sent with a fetched page, kept so that the next run can ask
    /// "only if changed" (see [`http::HttpSource::with_validators`]).
    pub validators: Option<Validators>,
}

/// What a server said identifies this version of a page: its `ETag` and `Last-Modified` headers.
///
/// It lives here rather than in [`http`] so that a page does not depend on the fetcher; an
/// incremental run stores it per URL and hands it back to the next run's fetcher, which then sends
/// `If-None-Match` / `If-Modified-Since` and gets a cheap 304 for pages that did not change.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// The `ETag` header, verbatim (quotes and `W/` prefix included).
    pub etag: Option<String>,
    /// The `Last-Modified` header, verbatim (an HTTP date).
    pub last_modified: Option<String>,
}

impl Validators {
    /// True when neither validator is known, so a conditional request is impossible.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

impl RawPage {
    /// A page read from `origin` with the given bytes.
    pub fn new(id: impl Into<String>, origin: Origin, body: Vec<u8>) -> Self {
        RawPage {
            id: id.into(),
            origin,
            url: None,
            body,
            content_type: None,
            fetched_at: None,
            validators: None,
        }
    }
}

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
        Some(Compression::Gzip) => Box::new(flate2::read::MultiGzDecoder::new(file)),
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
}

impl Default for DumpOptions {
    fn default() -> Self {
        DumpOptions {
            fields: JsonlFields::default(),
            max_line_bytes: MAX_LINE_BYTES,
        }
    }
}

/// The pages of a dump file (JSONL or WARC; plain, gzipped or zstd-compressed), by its name.
pub fn dump_pages(path: PathBuf, options: &DumpOptions) -> Pages {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".zst"))
        .unwrap_or(&name);
    if name.ends_with(".warc") {
        WarcSource::new(path).pages()
    } else {
        JsonlSource::new(path)
            .with_fields(options.fields.clone())
            .with_max_line_bytes(options.max_line_bytes)
            .pages()
    }
}
