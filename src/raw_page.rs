//! A page as a source delivers it, before anything is parsed: the data every source produces and
//! extraction consumes. It lives beside [`crate::Document`] rather than in [`crate::source`] so that
//! the pure stages (extraction, cleaning) depend on data, not on the I/O that produced it.

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
    /// "only if changed" (see [`crate::source::http::HttpSource::with_validators`]).
    pub validators: Option<Validators>,
}

/// What a server said identifies this version of a page: its `ETag` and `Last-Modified` headers.
///
/// It lives here rather than in [`crate::source::http`] so that a page does not depend on the fetcher; an
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
