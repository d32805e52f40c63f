//! Turns what a user names (files, folders, `-`, JSONL dumps) into one stream of pages.

use std::path::{Path, PathBuf};
use unboil::source::{FileSource, JsonlSource, Pages, SourceError};

/// Every page of `inputs`, files first, then the dumps found among them. `output` is never walked.
/// A missing input is reported as a failed page and the others go on.
pub fn pages(inputs: &[PathBuf], output: Option<&Path>) -> Pages {
    let (existing, missing): (Vec<PathBuf>, Vec<PathBuf>) = inputs
        .iter()
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
    let dump_pages = dumps.into_iter().flat_map(|d| JsonlSource::new(d).pages());
    Box::new(missing.chain(files.pages()).chain(dump_pages))
}
