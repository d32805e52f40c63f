//! One file per document under a folder, mirroring the inputs' relative paths.

use super::render::render;
use super::{write_atomic, InputGuard, Sink, SinkError, Written};
use crate::config::Format;
use crate::document::Document;
use crate::trail::Trail;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Writes `<dir>/<id>.txt` (`.md` for Markdown, `.json` for JSON records).
#[derive(Debug)]
pub struct TextTreeSink {
    dir: PathBuf,
    format: Format,
    header: bool,
    guard: InputGuard,
    durable: bool,
    /// Paths written in this run, with the source each came from, so two inputs that map to one
    /// name (`a/x.txt` and `b/x.txt` given as files, `x.html` beside `x.txt`) never overwrite
    /// each other.
    written: HashMap<PathBuf, String>,
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
            marked: false,
        }
    }

    /// True when `dir` holds files that unboil did not write (no output marker), which a run
    /// writing into it could replace.
    pub fn holds_foreign_files(dir: &Path) -> bool {
        if !dir.is_dir() || dir.join(OUTPUT_MARKER).exists() {
            return false;
        }
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_type().is_file())
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

    /// The path a document with `id` is written to.
    pub fn path_for(&self, id: &str) -> PathBuf {
        let ext = match self.format {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Jsonl | Format::Json => "json",
        };
        let mut path = self.dir.clone();
        for part in Path::new(id).components() {
            // Ids come from inputs and URLs: never let one climb out of the output folder.
            if let Component::Normal(p) = part {
                path.push(p);
            }
        }
        let name = path
            .file_name()
            .map(|n| format!("{}.{ext}", n.to_string_lossy()))
            .unwrap_or_else(|| format!("index.{ext}"));
        path.set_file_name(name);
        path
    }
}

impl Sink for TextTreeSink {
    fn write(&mut self, doc: &Document, trail: &Trail) -> Result<Written, SinkError> {
        let mut path = self.path_for(&doc.id);
        let mut n = 1;
        while self.written.get(&path).is_some_and(|s| *s != doc.source) {
            n += 1;
            path = self.path_for(&format!("{}~{n}", doc.id));
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
        self.written.insert(path.clone(), doc.source.clone());
        Ok(Written::File(path))
    }
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
}
