//! Sources: where raw pages come from. Each yields [`RawPage`]s; only sources touch the world on the
//! way in.

mod file;
pub mod http;
mod jsonl;
mod warc;

pub use file::{is_dump, FileSource, MAX_FILE_BYTES};
pub use jsonl::JsonlSource;
pub use warc::WarcSource;

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
