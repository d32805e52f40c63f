//! Sources: where raw pages come from. Each yields [`RawPage`]s; only sources touch the world on the
//! way in.

mod file;
pub mod http;
mod jsonl;
mod warc;

pub use file::{FileSource, MAX_FILE_BYTES};
pub use jsonl::JsonlSource;
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
}

/// A stream of pages, or of the reasons pages could not be had.
pub type Pages = Box<dyn Iterator<Item = Result<RawPage, SourceError>> + Send>;

/// Opens a dump file, decompressing it on the fly when its name ends in `.gz`.
pub(crate) fn open_dump(
    path: &std::path::Path,
) -> Result<Box<dyn std::io::Read + Send>, SourceError> {
    let file = std::fs::File::open(path).map_err(|source| SourceError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(if path.to_string_lossy().ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    })
}

/// The pages of a dump file (JSONL or WARC, plain or gzipped), by its name.
pub fn dump_pages(path: PathBuf) -> Pages {
    let name = path.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        WarcSource::new(path).pages()
    } else {
        JsonlSource::new(path).pages()
    }
}
