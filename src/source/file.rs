//! Local files, folders (walked recursively, in a stable order) and standard input.

use super::filter::{FileType, InputFilter, Verdict};
use super::{Compression, DumpOptions, Origin, Pages, RawPage, Shard, SourceError};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are skipped with a note rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// How many leading bytes are inspected to tell a binary file from text.
const SNIFF_BYTES: usize = 8192;

/// Reads the inputs a user named on the command line: files, folders, or `-` for standard input.
///
/// JSONL and WARC dumps found among them are not read here; [`FileSource::dumps`] lists them so the
/// caller can hand them to their own sources.
#[derive(Debug, Clone)]
pub struct FileSource {
    inputs: Vec<PathBuf>,
    exclude: Vec<PathBuf>,
    filter: InputFilter,
    dump: DumpOptions,
    shard: Option<Shard>,
    follow: bool,
    max_stdin_bytes: u64,
}

impl FileSource {
    /// A source over `inputs`.
    pub fn new(inputs: Vec<PathBuf>) -> Self {
        FileSource {
            inputs,
            exclude: Vec::new(),
            filter: InputFilter::default(),
            dump: DumpOptions::default(),
            shard: None,
            follow: false,
            max_stdin_bytes: MAX_FILE_BYTES,
        }
    }

    /// Reads only the files of input folders that `filter` lets through (files named as inputs
    /// are always read).
    pub fn with_filter(mut self, filter: InputFilter) -> Self {
        self.filter = filter;
        self
    }

    /// Reads `.json` records with these fields.
    pub fn with_dump_options(mut self, dump: DumpOptions) -> Self {
        self.dump = dump;
        self
    }

    /// Reads only the plain files of `shard` (by a hash of their id), without opening the others;
    /// dumps are read whole and split by record later.
    pub fn with_shard(mut self, shard: Option<Shard>) -> Self {
        self.shard = shard;
        self
    }

    /// What to do with a file the inputs yielded: named inputs are always read, files found in
    /// folders go through the filter.
    fn verdict(&self, path: &Path) -> Verdict {
        if self.inputs.iter().any(|i| i == path) {
            return Verdict::Read;
        }
        let rel = self
            .inputs
            .iter()
            .find_map(|root| path.strip_prefix(root).ok())
            .unwrap_or(path);
        self.filter.verdict(rel)
    }

    /// Never descends into `dir` (the output folder, when it lies inside an input folder), so that a
    /// run does not read its own outputs.
    pub fn exclude(mut self, dir: PathBuf) -> Self {
        let dir = dir.canonicalize().unwrap_or(dir);
        self.exclude.push(dir);
        self
    }

    /// Follows symbolic links met while walking a folder wherever they lead (`--follow`). By
    /// default a link is read only when it leads to a file inside the folder being walked; any
    /// other is passed over with a note, so a link to `/etc/passwd` dropped into a crawl folder
    /// does not end up in the output.
    pub fn follow(mut self, follow: bool) -> Self {
        self.follow = follow;
        self
    }

    /// Standard input over `bytes` is skipped with a note instead of read whole.
    pub fn max_stdin_bytes(mut self, bytes: u64) -> Self {
        self.max_stdin_bytes = bytes.max(1);
        self
    }

    /// Every file the inputs name, in order, with the id its output is named after. Folders are
    /// walked recursively and sorted by name; hidden files are passed over. Ids are unique: a
    /// file whose id another file already took (`x.txt` beside `x.html`, or two names that read
    /// the same once their invalid UTF-8 is replaced) keeps its extension in the id, or failing
    /// that gets a number. The order is stable, so each file keeps its id from run to run while
    /// the set of files stays the same, whichever of them changed.
    pub fn files(&self) -> impl Iterator<Item = Result<(PathBuf, String), SourceError>> + Send {
        let inputs = self.inputs.clone();
        let exclude = self.exclude.clone();
        let follow = self.follow;
        // With several inputs, a folder's files are named under the folder's own name, so
        // `d1/x.txt` and `d2/x.txt` do not both become `x`.
        let several = inputs.len() > 1;
        let mut taken = std::collections::HashSet::new();
        inputs
            .into_iter()
            .flat_map(move |input| -> Box<dyn Iterator<Item = _> + Send> {
                if input.as_os_str() == "-" {
                    return Box::new(std::iter::once(Ok((input, "stdin".to_string()))));
                }
                if input.is_dir() {
                    let root = input.clone();
                    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
                    let exclude = exclude.clone();
                    let walk = walkdir::WalkDir::new(&input)
                        .follow_links(follow)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_entry(move |e| {
                            let hidden = e.depth() > 0
                                && e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
                            // The output folder is passed over inside an input, but an output folder
                            // that *is* the input root still has its inputs read.
                            let excluded = e.depth() > 0
                                && e.file_type().is_dir()
                                && e.path().canonicalize().is_ok_and(|p| exclude.contains(&p));
                            !hidden && !excluded
                        });
                    let prefix = several
                        .then_some(&canonical_root)
                        .and_then(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()));
                    Box::new(walk.filter_map(move |entry| {
                        let e = match entry {
                            Ok(e) => e,
                            Err(err) => {
                                let path = err.path().unwrap_or(&root).to_path_buf();
                                return Some(Err(SourceError::Read {
                                    path,
                                    source: err.into(),
                                }));
                            }
                        };
                        if e.file_type().is_symlink() {
                            if let Err(skip) = link_inside(e.path(), &canonical_root) {
                                // Shown without -v: a link left alone may be a page missed.
                                tracing::warn!("{skip}");
                                return Some(Err(skip));
                            }
                        } else if !e.file_type().is_file() {
                            return None;
                        }
                        let rel = e.path().strip_prefix(&root).unwrap_or(e.path());
                        let id = match &prefix {
                            Some(p) => format!("{p}/{}", id_of(rel)),
                            None => id_of(rel),
                        };
                        Some(Ok((e.path().to_path_buf(), id)))
                    }))
                } else {
                    let id = id_of(Path::new(input.file_name().unwrap_or(input.as_os_str())));
                    Box::new(std::iter::once(Ok((input, id))))
                }
            })
            .map(move |item| {
                item.map(|(path, id)| {
                    let id = unique_id(&mut taken, id, &path);
                    (path, id)
                })
            })
    }

    /// What [`FileSource::pages`] will yield, in order, without reading any file: a plain file
    /// to read (path and id), or the reason one cannot be.
    fn entries(&self) -> impl Iterator<Item = Result<(PathBuf, String), SourceError>> + Send {
        let this = self.clone();
        self.files().filter_map(move |item| match item {
            Ok((path, _)) if is_dump(&path) || super::http::is_sidecar(&path) => None,
            Ok((path, id)) => match this.verdict(&path) {
                Verdict::Leave => None,
                Verdict::Skip(reason) => Some(Err(SourceError::Skipped {
                    origin: path.display().to_string(),
                    reason,
                })),
                Verdict::Read if this.shard.is_some_and(|s| !s.takes(&id)) => None,
                Verdict::Read => Some(Ok((path, id))),
            },
            Err(e) => Some(Err(e)),
        })
    }

    /// How many items [`FileSource::pages`] will yield (pages, skips and failures), by walking
    /// the folders again without reading a file: the total a progress display counts to.
    pub fn count(&self) -> usize {
        self.entries().count()
    }

    /// The pages of every plain file (HTML or text); dump files are left to their own sources, and
    /// the `.meta.json` sidecars of kept raw pages are read with their page, not as pages.
    pub fn pages(&self) -> Pages {
        let this = self.clone();
        Box::new(self.entries().map(move |entry| {
            let (path, id) = entry?;
            if path.as_os_str() == "-" {
                return read_stdin(std::io::stdin().lock(), this.max_stdin_bytes, id);
            }
            match read_page(&path, id, &this.dump) {
                // A `.json` met in a folder that is not a page record (a manifest, a data
                // file) is passed over; one named as an input and broken fails.
                Err(SourceError::Malformed { origin, reason })
                    if FileType::of(&path) == Some(FileType::Json)
                        && !this.inputs.contains(&path) =>
                {
                    Err(SourceError::Skipped {
                        origin,
                        reason: format!("not a page record: {reason}"),
                    })
                }
                page => page,
            }
        }))
    }

    /// The JSONL and WARC dumps among the inputs.
    pub fn dumps(&self) -> Vec<PathBuf> {
        self.files()
            .filter_map(|f| f.ok())
            .map(|(p, _)| p)
            .filter(|p| is_dump(p) && self.verdict(p) == Verdict::Read)
            .collect()
    }
}

/// True for files that hold many pages (JSONL, WARC; plain, `.gz` or `.zst`), by their name.
pub fn is_dump(path: &Path) -> bool {
    matches!(FileType::of(path), Some(FileType::Jsonl | FileType::Warc))
}

/// `id` if no earlier file took it, else `id.ext` (the file's extension), else `id~2`, `id~3`…
fn unique_id(taken: &mut std::collections::HashSet<String>, id: String, path: &Path) -> String {
    if taken.insert(id.clone()) {
        return id;
    }
    if let Some(ext) = path.extension() {
        let with_ext = format!("{id}.{}", ext.to_string_lossy());
        if taken.insert(with_ext.clone()) {
            return with_ext;
        }
    }
    let mut n = 2;
    loop {
        let numbered = format!("{id}~{n}");
        if taken.insert(numbered.clone()) {
            return numbered;
        }
        n += 1;
    }
}

/// Checks a symbolic link met while walking: `Ok` when it leads to a file inside the folder
/// walked (`root`, canonical), else the note that it was passed over.
fn link_inside(link: &Path, root: &Path) -> Result<(), SourceError> {
    let skip = |reason: String| SourceError::Skipped {
        origin: link.display().to_string(),
        reason,
    };
    let target = link
        .canonicalize()
        .map_err(|e| skip(format!("broken symbolic link ({e})")))?;
    if !target.starts_with(root) {
        return Err(skip(format!(
            "symbolic link to {}, outside the input folder; not followed (pass --follow to read it)",
            target.display()
        )));
    }
    if !target.is_file() {
        return Err(skip(
            "symbolic link to a folder; not followed (pass --follow to walk it)".into(),
        ));
    }
    Ok(())
}

/// The output id of a file: its path relative to the input root, without the extension (and
/// without a `.gz` / `.zst` ending before it), with `/` separators on every platform.
fn id_of(rel: &Path) -> String {
    let rel = match Compression::of(rel) {
        Some(_) => rel.with_extension(""),
        None => rel.to_path_buf(),
    };
    let stem = rel.with_extension("");
    let parts: Vec<_> = stem
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Reads one file into a [`RawPage`], skipping empty, binary and over-large files;
/// a `.gz` / `.zst` file is decompressed (up to the same size limit), and a `.json` file is read
/// as one record (`{"url", "html"}`).
fn read_page(path: &Path, id: String, dump: &DumpOptions) -> Result<RawPage, SourceError> {
    let (origin, body) = {
        let len = std::fs::metadata(path)
            .map_err(|source| SourceError::Read {
                path: path.to_path_buf(),
                source,
            })?
            .len();
        if len > MAX_FILE_BYTES {
            return Err(SourceError::Skipped {
                origin: path.display().to_string(),
                reason: format!(
                    "file is {len} bytes, over the {MAX_FILE_BYTES}-byte limit for one page"
                ),
            });
        }
        let body = match Compression::of(path) {
            None => std::fs::read(path).map_err(|source| SourceError::Read {
                path: path.to_path_buf(),
                source,
            })?,
            Some(_) => read_compressed(path)?,
        };
        (Origin::File(path.to_path_buf()), body)
    };
    if FileType::of(path) == Some(FileType::Json) {
        return json_record(path, id, &body, dump);
    }
    page_of(path, id, origin, body)
}

/// Reads standard input (`stdin`) as one page, up to `max` bytes: more is skipped with a note,
/// as a file over [`MAX_FILE_BYTES`] is, rather than read into memory without end.
fn read_stdin(stdin: impl Read, max: u64, id: String) -> Result<RawPage, SourceError> {
    let mut body = Vec::new();
    stdin
        .take(max.saturating_add(1))
        .read_to_end(&mut body)
        .map_err(|source| SourceError::Read {
            path: PathBuf::from("-"),
            source,
        })?;
    if body.len() as u64 > max {
        return Err(SourceError::Skipped {
            origin: Origin::Stdin.to_string(),
            reason: format!(
                "standard input is over the {max}-byte limit for one page (raise input.max_stdin_bytes to read it)"
            ),
        });
    }
    page_of(Path::new("-"), id, Origin::Stdin, body)
}

/// A page of bytes read from `path`, unless they are empty or binary.
fn page_of(path: &Path, id: String, origin: Origin, body: Vec<u8>) -> Result<RawPage, SourceError> {
    let origin_name = origin.to_string();
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SourceError::Skipped {
            origin: origin_name,
            reason: "empty file".into(),
        });
    }
    if looks_binary(&body) {
        return Err(SourceError::Skipped {
            origin: origin_name,
            reason: "binary file (not HTML or text)".into(),
        });
    }
    let mut page = RawPage::new(id, origin, body);
    page.content_type = content_type_of(path).map(str::to_string);
    // A page kept by the fetcher (`keep_raw`) has a sidecar with its URL, which site rules go by,
    // and its content type, which carries the charset.
    if let Some(meta) = super::http::read_sidecar(path) {
        page.url = Some(meta.url).filter(|u| !u.is_empty());
        page.content_type = meta.content_type.or(page.content_type);
        page.fetched_at = meta
            .fetched_at
            .and_then(|t| httpdate::parse_http_date(&t).ok());
    }
    Ok(page)
}

/// A compressed page, decompressed up to [`MAX_FILE_BYTES`] (a small file that inflates past it is
/// skipped, as a large one is).
fn read_compressed(path: &Path) -> Result<Vec<u8>, SourceError> {
    let reader = super::open_dump(path)?;
    let mut body = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut body)
        .map_err(|source| SourceError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if body.len() as u64 > MAX_FILE_BYTES {
        return Err(SourceError::Skipped {
            origin: path.display().to_string(),
            reason: format!("decompresses to over the {MAX_FILE_BYTES}-byte limit for one page"),
        });
    }
    Ok(body)
}

/// A `.json` file holding one record, read as a line of a JSONL dump would be.
fn json_record(
    path: &Path,
    id: String,
    body: &[u8],
    dump: &DumpOptions,
) -> Result<RawPage, SourceError> {
    let origin = Origin::File(path.to_path_buf());
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| SourceError::Malformed {
            origin: origin.to_string(),
            reason: format!(
                "not valid JSON: {e} (a .json input is one record such as {{\"url\": …, \"html\": …}})"
            ),
        })?;
    // Named after the file, as every other file input is, so outputs mirror the input folders.
    let mut page = super::jsonl::record_page(origin, value, &dump.fields, || id.clone())?;
    page.id = id;
    Ok(page)
}

/// A NUL byte among the first bytes marks a binary file, as git and ripgrep decide. UTF-16 text
/// (which has NULs) is recognised by its byte-order mark and let through.
pub(crate) fn looks_binary(body: &[u8]) -> bool {
    if body.starts_with(&[0xFF, 0xFE]) || body.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    body[..body.len().min(SNIFF_BYTES)].contains(&0)
}

/// The content type a file's extension implies, if any.
fn content_type_of(path: &Path) -> Option<&'static str> {
    let ext = super::filter::page_extension(path)?;
    match ext.as_str() {
        "html" | "htm" | "xhtml" | "shtml" => Some("text/html"),
        "txt" | "text" | "md" => Some("text/plain"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_mirror_relative_paths_without_extension() {
        assert_eq!(id_of(Path::new("a/b/c.html")), "a/b/c");
        assert_eq!(id_of(Path::new("x.txt")), "x");
    }

    #[test]
    fn nul_bytes_mean_binary_but_utf16_is_text() {
        assert!(looks_binary(b"%PDF\0\x01"));
        assert!(!looks_binary(b"plain text"));
        assert!(!looks_binary(&[0xFF, 0xFE, b'a', 0]));
    }

    #[test]
    fn dumps_are_recognised_by_name() {
        assert!(is_dump(Path::new("crawl.jsonl")));
        assert!(is_dump(Path::new("CC-MAIN.warc.gz")));
        assert!(!is_dump(Path::new("page.html")));
    }

    fn ids(source: &FileSource) -> Vec<Result<String, String>> {
        source
            .files()
            .map(|f| f.map(|(_, id)| id).map_err(|e| e.to_string()))
            .collect()
    }

    /// The progress display counts to this number: it must be what the run will see.
    #[test]
    fn the_count_is_what_pages_yields_without_reading_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        for (name, body) in [
            ("a.html", "<p>a</p>"),
            ("sub/b.txt", "b"),
            ("empty.txt", ""),
            ("style.css", "p {}"),
            ("crawl.jsonl", "{}"),
            (".hidden.html", "<p>h</p>"),
        ] {
            std::fs::write(dir.path().join(name), body).expect("write");
        }
        let source = FileSource::new(vec![dir.path().to_path_buf()]);
        // a.html, sub/b.txt, the empty file (skipped), style.css (skipped); not the dump or
        // the hidden file.
        assert_eq!(source.count(), 4);
        assert_eq!(source.pages().count(), source.count());
        let half = source.with_shard(Some("0/2".parse().expect("shard")));
        assert_eq!(half.pages().count(), half.count());
    }

    /// Found probing jobs (issue 9): `x.html` and `x.txt` both had the id `x`, so whichever
    /// changed last overwrote the other's output. The id now depends only on the set of files.
    #[test]
    fn siblings_that_share_a_stem_keep_distinct_stable_ids() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("x.html"), "<p>a</p>").expect("write");
        std::fs::write(dir.path().join("x.txt"), "b").expect("write");
        let source = FileSource::new(vec![dir.path().to_path_buf()]);
        assert_eq!(ids(&source), [Ok("x".into()), Ok("x.txt".into())]);
        std::fs::write(dir.path().join("x.txt"), "changed").expect("write");
        assert_eq!(ids(&source), [Ok("x".into()), Ok("x.txt".into())]);
    }

    /// Found probing odd paths (issue 9): two names that differ only in invalid UTF-8 became
    /// one id after replacement, "2 written" and one output.
    #[cfg(unix)]
    #[test]
    fn names_equal_after_lossy_conversion_keep_distinct_ids() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().expect("temp dir");
        for bytes in [&b"a\xff.txt"[..], b"a\xfe.txt"] {
            let name = std::ffi::OsStr::from_bytes(bytes);
            std::fs::write(dir.path().join(name), "text").expect("write");
        }
        let got = ids(&FileSource::new(vec![dir.path().to_path_buf()]));
        assert_eq!(got.len(), 2);
        assert_ne!(got[0], got[1], "{got:?}");
    }

    /// Found probing odd paths (issue 9): a link out of the input folder was read (a link to
    /// `/etc/passwd` had its text written); links inside it were passed over without a note.
    #[cfg(unix)]
    #[test]
    fn links_out_of_the_input_folder_are_noted_not_followed() {
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::write(outside.path().join("secret.txt"), "secret").expect("write");
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.txt"), "a").expect("write");
        std::os::unix::fs::symlink(dir.path().join("a.txt"), dir.path().join("b.txt"))
            .expect("link");
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("c.txt"))
            .expect("link");
        let got = ids(&FileSource::new(vec![dir.path().to_path_buf()]));
        assert_eq!(got[0], Ok("a".into()));
        assert_eq!(got[1], Ok("b".into()));
        let note = got[2].as_ref().expect_err("skipped");
        assert!(
            note.contains("c.txt") && note.contains("--follow"),
            "{note}"
        );
        let followed = ids(&FileSource::new(vec![dir.path().to_path_buf()]).follow(true));
        assert_eq!(followed, [Ok("a".into()), Ok("b".into()), Ok("c".into())]);
    }

    /// Found probing inputs (issue 9): standard input had no size bound (files have 256 MB).
    #[test]
    fn standard_input_over_its_bound_is_skipped_with_a_note() {
        let big = vec![b'a'; 1001];
        let err = read_stdin(big.as_slice(), 1000, "stdin".into()).expect_err("over");
        assert!(
            err.is_skip() && err.to_string().contains("max_stdin_bytes"),
            "{err}"
        );
        let page = read_stdin(&big[..1000], 1000, "stdin".into()).expect("within");
        assert_eq!(page.body.len(), 1000);
    }
}
