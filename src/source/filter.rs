//! Which files found in input folders are read: `--glob` and `--type` as ripgrep has them, and
//! files that are not pages (stylesheets, scripts, tables, images) passed over with a note unless
//! asked for. A file named on the command line is always read, as ripgrep does.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::Path;

/// What a file is, by its name (a `.gz` or `.zst` ending is looked through).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileType {
    /// `.html`, `.htm`, `.xhtml`, `.shtml`.
    Html,
    /// `.txt`, `.text`, `.md`.
    Text,
    /// `.json`: one record (`{"url", "html"}`).
    Json,
    /// `.jsonl`, `.ndjson`: a dump of records.
    Jsonl,
    /// `.warc`: a crawl archive.
    Warc,
    /// Any file, pages or not (`--type all`).
    All,
}

impl FileType {
    /// The names `--type` takes.
    pub const NAMES: [&'static str; 6] = ["html", "text", "json", "jsonl", "warc", "all"];

    /// The type `--type NAME` means.
    pub fn from_name(name: &str) -> Option<FileType> {
        Some(match name {
            "html" => FileType::Html,
            "text" | "txt" => FileType::Text,
            "json" => FileType::Json,
            "jsonl" | "ndjson" => FileType::Jsonl,
            "warc" => FileType::Warc,
            "all" => FileType::All,
            _ => return None,
        })
    }

    /// The type of a file by its name, if it is one unboil reads.
    pub fn of(path: &Path) -> Option<FileType> {
        let ext = page_extension(path)?;
        Some(match ext.as_str() {
            "html" | "htm" | "xhtml" | "shtml" => FileType::Html,
            "txt" | "text" | "md" => FileType::Text,
            "json" => FileType::Json,
            "jsonl" | "ndjson" => FileType::Jsonl,
            "warc" => FileType::Warc,
            _ => return None,
        })
    }
}

/// Extensions of files that are not pages, seen in saved sites and scraper output folders.
const NOT_PAGES: &[&str] = &[
    "css", "js", "mjs", "map", "csv", "tsv", "xls", "xlsx", "png", "jpg", "jpeg", "gif", "webp",
    "avif", "svg", "ico", "bmp", "tif", "tiff", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4",
    "webm", "ogg", "wav", "avi", "mov", "zip", "tar", "7z", "rar", "exe", "dll", "so", "pdf",
    "doc", "docx", "ppt", "pptx", "wasm", "swf",
];

/// A file's extension, lowercase, under any `.gz` / `.zst` ending.
pub(crate) fn page_extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".zst"))
        .unwrap_or(&name);
    let (_, ext) = name.rsplit_once('.')?;
    Some(ext.to_string())
}

/// What to do with one file found in an input folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Read it.
    Read,
    /// Pass it over with a note saying why (counted as skipped).
    Skip(String),
    /// Pass it over quietly: the user's filters leave it out.
    Leave,
}

/// The `--glob` and `--type` filters of a run.
#[derive(Debug, Clone, Default)]
pub struct InputFilter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    types: Vec<FileType>,
}

impl InputFilter {
    /// Filters from `--glob` patterns (`!` in front excludes) and `--type` names.
    pub fn new(globs: &[String], types: &[FileType]) -> Result<InputFilter, globset::Error> {
        let (mut include, mut exclude) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        let (mut any_include, mut any_exclude) = (false, false);
        for g in globs {
            match g.strip_prefix('!') {
                Some(pattern) => {
                    exclude.add(Glob::new(pattern)?);
                    any_exclude = true;
                }
                None => {
                    include.add(Glob::new(g)?);
                    any_include = true;
                }
            }
        }
        Ok(InputFilter {
            include: any_include.then(|| include.build()).transpose()?,
            exclude: any_exclude.then(|| exclude.build()).transpose()?,
            types: types.to_vec(),
        })
    }

    /// What to do with the file at `rel` (its path under the input folder) found by walking.
    pub fn verdict(&self, rel: &Path) -> Verdict {
        let name = rel.file_name().map(Path::new).unwrap_or(rel);
        let matches = |set: &GlobSet| set.is_match(rel) || set.is_match(name);
        if self.exclude.as_ref().is_some_and(matches) {
            return Verdict::Leave;
        }
        let included = match &self.include {
            Some(set) if !matches(set) => return Verdict::Leave,
            Some(_) => true,
            None => false,
        };
        let all = self.types.contains(&FileType::All);
        if !self.types.is_empty() && !all {
            return match FileType::of(rel) {
                Some(t) if self.types.contains(&t) => Verdict::Read,
                _ => Verdict::Leave,
            };
        }
        if !included && !all {
            if let Some(ext) = page_extension(rel).filter(|e| NOT_PAGES.contains(&e.as_str())) {
                return Verdict::Skip(format!(
                    "not a page (a .{ext} file); --type all or --glob '*.{ext}' reads it"
                ));
            }
        }
        Verdict::Read
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheets_scripts_and_images_are_skipped_with_a_note() {
        let f = InputFilter::default();
        assert!(
            matches!(f.verdict(Path::new("site/app.css")), Verdict::Skip(r) if r.contains(".css"))
        );
        assert!(matches!(
            f.verdict(Path::new("a/logo.PNG")),
            Verdict::Skip(_)
        ));
        assert_eq!(f.verdict(Path::new("a/story.html")), Verdict::Read);
        assert_eq!(f.verdict(Path::new("a/story.php")), Verdict::Read);
        assert_eq!(f.verdict(Path::new("a/story.html.gz")), Verdict::Read);
    }

    #[test]
    fn globs_include_and_exclude_as_ripgrep_does() {
        let f = InputFilter::new(&["*.html".into(), "!draft-*".into()], &[]).expect("globs");
        assert_eq!(f.verdict(Path::new("news/a.html")), Verdict::Read);
        assert_eq!(f.verdict(Path::new("news/a.txt")), Verdict::Leave);
        assert_eq!(f.verdict(Path::new("news/draft-1.html")), Verdict::Leave);
        let css = InputFilter::new(&["*.css".into()], &[]).expect("globs");
        assert_eq!(css.verdict(Path::new("x/app.css")), Verdict::Read);
    }

    #[test]
    fn types_pick_files_by_what_they_are() {
        let f = InputFilter::new(&[], &[FileType::Html, FileType::Jsonl]).expect("types");
        assert_eq!(f.verdict(Path::new("a.htm")), Verdict::Read);
        assert_eq!(f.verdict(Path::new("d.jsonl.zst")), Verdict::Read);
        assert_eq!(f.verdict(Path::new("a.txt")), Verdict::Leave);
        let all = InputFilter::new(&[], &[FileType::All]).expect("types");
        assert_eq!(all.verdict(Path::new("app.js")), Verdict::Read);
    }
}
