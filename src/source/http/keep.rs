//! Raw copies of fetched pages (`keep_raw`), so that unboil can clean them again later without
//! fetching them again: `<dir>/<id>.html` (or `.txt`) and a sidecar `<dir>/<id>.meta.json`.
//!
//! The file source reads such a folder like any other and picks up each sidecar, so the page keeps
//! its URL (which drives site rules) and content type (which carries the charset).

use crate::atomic::write_atomic;
use crate::source::RawPage;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What is known of a kept raw page besides its bytes: the sidecar `<id>.meta.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawMeta {
    /// The URL the page was fetched from (after redirects).
    pub url: String,
    /// The `Content-Type` header it came with.
    #[serde(default)]
    pub content_type: Option<String>,
    /// When it was fetched, as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
    #[serde(default)]
    pub fetched_at: Option<String>,
    /// The `ETag` header it came with.
    #[serde(default)]
    pub etag: Option<String>,
    /// The `Last-Modified` header it came with.
    #[serde(default)]
    pub last_modified: Option<String>,
}

/// The sidecar file of a kept page file: `story.html` → `story.meta.json`.
pub fn sidecar_path(page_file: &Path) -> PathBuf {
    page_file.with_extension("meta.json")
}

/// True for sidecar files, which are metadata and not pages.
pub fn is_sidecar(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".meta.json"))
}

/// Writes `page` and its sidecar under `dir`, each atomically (a temporary file in the same folder,
/// then renamed), so that a reader never sees half a page. Returns the page file's path.
pub(crate) fn keep(dir: &Path, page: &RawPage) -> std::io::Result<PathBuf> {
    let is_plain = page.content_type.as_deref().is_some_and(|ct| {
        ct.trim_start()
            .to_ascii_lowercase()
            .starts_with("text/plain")
    });
    let ext = if is_plain { "txt" } else { "html" };
    let file = dir.join(kept_name(&page.id, ext));
    let meta = RawMeta {
        url: page.url.clone().unwrap_or_default(),
        content_type: page.content_type.clone(),
        fetched_at: page.fetched_at.map(httpdate::fmt_http_date),
        etag: page.validators.as_ref().and_then(|v| v.etag.clone()),
        last_modified: page
            .validators
            .as_ref()
            .and_then(|v| v.last_modified.clone()),
    };
    let json = serde_json::to_vec_pretty(&meta).map_err(std::io::Error::other)?;
    write_atomic(&file, &page.body, false)?;
    write_atomic(&sidecar_path(&file), &json, false)?;
    Ok(file)
}

/// The file name of a kept page with `id`: the id with `ext` added, unless the URL already
/// ended in it (`story.html`, not `story.html.html`).
fn kept_name(id: &str, ext: &str) -> String {
    let last = id.rsplit('/').next().unwrap_or(id);
    let has = Path::new(last)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            e.eq_ignore_ascii_case(ext) || (ext == "html" && e.eq_ignore_ascii_case("htm"))
        });
    if has {
        id.to_string()
    } else {
        format!("{id}.{ext}")
    }
}

/// Reads the sidecar of a page file, if there is one. A sidecar that cannot be read or parsed is
/// reported as a warning and ignored: the page itself is still good.
pub fn read_sidecar(page_file: &Path) -> Option<RawMeta> {
    let path = sidecar_path(page_file);
    let bytes = std::fs::read(&path).ok()?;
    match serde_json::from_slice(&bytes) {
        Ok(meta) => Some(meta),
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "ignoring a sidecar that is not valid page metadata");
            None
        }
    }
}
