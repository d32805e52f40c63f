//! One file per document under a folder, mirroring the inputs' relative paths.

use super::render::render;
use super::{write_atomic, InputGuard, Sink, SinkError, Written};
use crate::config::Format;
use crate::document::Document;
use crate::trail::Trail;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

/// How many written paths the sink remembers by source; a run over millions of documents must not
/// keep one entry per document.
const RECENT_PATHS: usize = 4096;

/// Writes `<dir>/<id>.txt` (`.md` for Markdown, `.json` for JSON records).
#[derive(Debug)]
pub struct TextTreeSink {
    dir: PathBuf,
    format: Format,
    header: bool,
    guard: InputGuard,
    durable: bool,
    /// Paths written lately in this run, with the source each came from, so two inputs that map
    /// to one name (`a/x.txt` and `b/x.txt` given as files, `x.html` beside `x.txt`) never
    /// overwrite each other. Bounded (see [`RECENT_PATHS`]); older writes of this run are found
    /// on disk by their modification time (see [`TextTreeSink::taken`]).
    written: HashMap<PathBuf, String>,
    /// When this sink was made: a file modified since was written by this run.
    started: SystemTime,
    marked: bool,
}

/// The file that marks a folder as unboil's output, so a later run knows the files in it are its
/// own (and may replace them) rather than the user's.
pub const OUTPUT_MARKER: &str = ".unboil-output";

impl TextTreeSink {
    /// A sink writing under `dir`, refusing to replace what `guard` calls an input.
    pub fn new(dir: PathBuf, format: Format, header: bool, guard: InputGuard) -> Self {
        TextTreeSink {
            dir,
            format,
            header,
            guard,
            durable: false,
            written: HashMap::new(),
            started: SystemTime::now(),
            marked: false,
        }
    }

    /// The first file (by name, walking down) in `dir` when `dir` holds files that unboil did
    /// not write (it has no output marker), which a run writing into it could replace.
    pub fn first_foreign_file(dir: &Path) -> Option<PathBuf> {
        if !dir.is_dir() || dir.join(OUTPUT_MARKER).exists() {
            return None;
        }
        // unboil's own files (a job's state opened before its first write, temporaries) are
        // not the user's.
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| {
                e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with(".unboil")
            })
            .map(|e| e.into_path())
    }

    /// Flushes each file to disk before it counts as written (for incremental jobs, whose state
    /// must never claim an output that a power cut could lose).
    pub fn durable(mut self, durable: bool) -> Self {
        self.durable = durable;
        self
    }

    /// Removes temporary files that a killed run left under the output folder (a write is a
    /// temporary file renamed into place; SIGKILL between the two leaves the temporary behind).
    /// Call it only while holding the job's lock, so no other run's writes are in flight.
    pub fn sweep_temporaries(&self) -> std::io::Result<usize> {
        if !self.dir.exists() {
            return Ok(0);
        }
        let mut removed = 0;
        for entry in walkdir::WalkDir::new(&self.dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && name.starts_with(".unboil-") && name.ends_with(".tmp")
            {
                std::fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Removes the temporary files of runs that are gone (killed between writing a temporary
    /// file and renaming it), leaving those of a run still writing; for runs that hold no lock,
    /// such as `unboil clean -o`.
    pub fn sweep_stale_temporaries(&self) -> std::io::Result<usize> {
        if !self.dir.exists() {
            return Ok(0);
        }
        let mut removed = 0;
        for entry in walkdir::WalkDir::new(&self.dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.file_type().is_file() && crate::atomic::stale_temporary(entry.path()) {
                std::fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The path a document with `id` is written to.
    pub fn path_for(&self, id: &str) -> PathBuf {
        let ext = match self.format {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Jsonl | Format::Json => "json",
        };
        let mut path = self.dir.clone();
        let mut named = false;
        for part in Path::new(id).components() {
            // Ids come from inputs and URLs: never let one climb out of the output folder.
            if let Component::Normal(p) = part {
                path.push(p);
                named = true;
            }
        }
        // An id with no name in it (`""`, `"."`, `".."`, `"/"`) is the output folder's index,
        // never a file named after the folder beside it.
        if !named {
            path.push("index");
        }
        let name = path
            .file_name()
            .map(|n| format!("{}.{ext}", n.to_string_lossy()))
            .unwrap_or_else(|| format!("index.{ext}"));
        path.set_file_name(name);
        path
    }
}

impl TextTreeSink {
    /// True when `path` was written in this run for another source than `source`: by one seen
    /// lately, or (once forgotten) a file modified since the run began. Files of earlier runs are
    /// older, and are replaced.
    fn taken(&self, path: &Path, source: &str) -> bool {
        if let Some(s) = self.written.get(path) {
            return s != source;
        }
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= self.started)
    }
}

impl Sink for TextTreeSink {
    fn write(&mut self, doc: &Document, trail: &Trail) -> Result<Written, SinkError> {
        let first = self.path_for(&doc.id);
        let mut path = first.clone();
        let mut n = 1;
        while self.taken(&path, &doc.source) {
            n += 1;
            path = numbered(&first, n);
        }
        if n > 1 {
            tracing::warn!(
                source = %doc.source,
                output = %path.display(),
                "another input of this run has the same output name; writing this one beside it"
            );
        }
        if !self.marked {
            let marker = self.dir.join(OUTPUT_MARKER);
            if !marker.exists() {
                let _ = std::fs::create_dir_all(&self.dir);
                std::fs::write(&marker, b"").map_err(|source| SinkError::Write {
                    path: marker.clone(),
                    source,
                })?;
            }
            self.marked = true;
        }
        if self.guard.is_input(&path) {
            return Err(SinkError::WouldOverwriteInput { path });
        }
        let text = render(doc, trail, self.format, self.header);
        write_atomic(&path, text.as_bytes(), self.durable).map_err(|source| SinkError::Write {
            path: path.clone(),
            source,
        })?;
        if self.written.len() >= RECENT_PATHS {
            self.written.clear();
        }
        self.written.insert(path.clone(), doc.source.clone());
        Ok(Written::File(path))
    }
}

/// `dir/name~n.ext` for `dir/name.ext`.
fn numbered(path: &Path, n: usize) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = match path.extension() {
        Some(ext) => format!("{stem}~{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}~{n}"),
    };
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_escape_the_output_folder() {
        let sink = TextTreeSink::new("out".into(), Format::Text, false, InputGuard::default());
        assert_eq!(sink.path_for("a/b"), Path::new("out/a/b.txt"));
        assert_eq!(
            sink.path_for("../../etc/passwd"),
            Path::new("out/etc/passwd.txt")
        );
        assert_eq!(sink.path_for("/abs"), Path::new("out/abs.txt"));
    }

    /// Found probing odd JSONL ids (issue 9): an id with no name in it wrote `<parent>/out.txt`,
    /// beside the output folder, replacing a file there.
    #[test]
    fn ids_without_a_name_are_written_inside_the_output_folder() {
        let sink = TextTreeSink::new("w/out".into(), Format::Text, false, InputGuard::default());
        for id in ["", ".", "..", "/", "//", "./..", "../../", "\\"] {
            let path = sink.path_for(id);
            assert!(path.starts_with("w/out"), "{id:?} -> {}", path.display());
            assert_ne!(path, Path::new("w/out.txt"), "{id:?}");
        }
        assert_eq!(sink.path_for(".."), Path::new("w/out/index.txt"));
    }

    #[test]
    fn same_named_outputs_stay_side_by_side_after_the_sink_forgot_the_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).expect("mkdir");
        std::fs::write(out.join("old.txt"), "an earlier run's output").expect("write");
        let mut sink = TextTreeSink::new(out.clone(), Format::Text, false, InputGuard::default());
        let doc = |id: &str, source: &str| {
            let mut d = Document::new(id, source);
            d.blocks.push(crate::Block::new(
                crate::BlockKind::Paragraph,
                format!("from {source}"),
                0,
            ));
            d
        };
        sink.write(&doc("x", "a/x.html"), &Trail::new())
            .expect("write");
        for i in 0..RECENT_PATHS + 10 {
            sink.write(&doc(&format!("p{i}"), &format!("p{i}.html")), &Trail::new())
                .expect("write");
        }
        assert!(
            sink.written.len() < RECENT_PATHS,
            "the memory of paths is bounded"
        );
        let second = sink
            .write(&doc("x", "b/x.html"), &Trail::new())
            .expect("write");
        assert_eq!(second, Written::File(out.join("x~2.txt")));
        let first = std::fs::read_to_string(out.join("x.txt")).expect("read");
        assert!(first.contains("from a/x.html"), "{first}");
        // A file of an earlier run is replaced, not written beside.
        let old = sink
            .write(&doc("old", "old.html"), &Trail::new())
            .expect("write");
        assert_eq!(old, Written::File(out.join("old.txt")));
    }
}
