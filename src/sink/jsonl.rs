//! One JSONL file that each run appends to.
//!
//! Every document is one line, written with a single `write` and flushed to disk before the
//! document counts as written. On opening, a partial last line (left by a run killed mid-write) is
//! cut off, so the file is always whole lines.
//!
//! A run that keeps no state (`unboil clean`) needs no document to be durable on its own: a
//! [`JsonlSink::buffered`] sink gathers lines in memory and writes them in large chunks, and
//! syncs once at the end. On a dump of short articles the per-document sync is most of the run's
//! wall time (a sync costs milliseconds; cleaning a document, tens of microseconds).

use super::render::Record;
use super::{Sink, SinkError, Written};
use crate::document::Document;
use crate::trail::Trail;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// How much a buffered sink gathers before writing.
const BUFFER_BYTES: usize = 1 << 20;

/// Appends one JSON line per document to a file.
#[derive(Debug)]
pub struct JsonlSink {
    path: PathBuf,
    out: Out,
    /// The line being serialised, reused from document to document.
    line: Vec<u8>,
}

/// Where lines go: straight to the file and synced (each document durable when written), or
/// through a buffer synced at the end.
#[derive(Debug)]
enum Out {
    Durable(File),
    Buffered(BufWriter<File>),
}

impl JsonlSink {
    /// Opens (or creates) `path` for appending, repairing a torn last line.
    pub fn open(path: &Path) -> Result<Self, SinkError> {
        let err = |source| SinkError::Write {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .create(true)
            .append(true)
            .open(path)
            .map_err(err)?;
        repair_torn_tail(&mut file).map_err(err)?;
        Ok(JsonlSink {
            path: path.to_path_buf(),
            out: Out::Durable(file),
            line: Vec::new(),
        })
    }

    /// The same sink, buffering its writes and syncing once in [`Sink::finish`]: for runs that
    /// record no state, where a document need not be durable the moment it is written. Lines are
    /// still whole: a run killed mid-write leaves a torn last line, cut on the next open.
    pub fn buffered(self) -> Self {
        let out = match self.out {
            Out::Durable(file) => Out::Buffered(BufWriter::with_capacity(BUFFER_BYTES, file)),
            buffered => buffered,
        };
        JsonlSink { out, ..self }
    }

    /// The `source` of every record already in the file at `path`, for reconciling incremental
    /// state after a crash.
    pub fn sources_in(path: &Path) -> std::io::Result<Vec<String>> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        Ok(text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("source").and_then(|s| s.as_str()).map(str::to_string))
            .collect())
    }
}

/// Truncates the file after its last newline.
fn repair_torn_tail(file: &mut File) -> std::io::Result<()> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(());
    }
    let window = len.min(1 << 20);
    file.seek(SeekFrom::Start(len - window))?;
    let mut tail = Vec::with_capacity(window as usize);
    file.read_to_end(&mut tail)?;
    if tail.last() == Some(&b'\n') {
        return Ok(());
    }
    let keep = match tail.iter().rposition(|&b| b == b'\n') {
        Some(i) => len - window + i as u64 + 1,
        None if window == len => 0,
        None => return Ok(()), // a line longer than the window: leave it to the reader
    };
    tracing::warn!(
        kept = keep,
        dropped = len - keep,
        "cut a partial last line left by an interrupted run"
    );
    file.set_len(keep)?;
    file.sync_data()
}

impl Sink for JsonlSink {
    fn write(&mut self, doc: &Document, trail: &Trail) -> Result<Written, SinkError> {
        // The same bytes as `render(…, Format::Jsonl, …)`, serialised into a reused buffer.
        self.line.clear();
        serde_json::to_writer(&mut self.line, &Record::new(doc, trail))
            .expect("a record of strings and numbers always serialises");
        self.line.push(b'\n');
        let err = |source| SinkError::Write {
            path: self.path.clone(),
            source,
        };
        match &mut self.out {
            Out::Durable(file) => {
                file.write_all(&self.line).map_err(err)?;
                file.sync_data().map_err(err)?;
            }
            Out::Buffered(buf) => buf.write_all(&self.line).map_err(err)?,
        }
        Ok(Written::Line)
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        if let Out::Buffered(buf) = &mut self.out {
            let err = |source| SinkError::Write {
                path: self.path.clone(),
                source,
            };
            buf.flush().map_err(err)?;
            buf.get_ref().sync_data().map_err(err)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_torn_last_line_is_cut_on_open() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.jsonl");
        std::fs::write(&path, "{\"source\":\"a\"}\n{\"source\":\"b\",\"te").expect("write");
        let mut sink = JsonlSink::open(&path).expect("open");
        let doc = Document::new("c", "c");
        sink.write(&doc, &Trail::new()).expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text.lines().count(), 2, "{text}");
        assert_eq!(JsonlSink::sources_in(&path).expect("read"), ["a", "c"]);
    }

    #[test]
    fn a_buffered_sink_writes_the_same_lines_as_render() {
        use crate::config::Format;
        use crate::document::{Block, BlockKind};
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.jsonl");
        let mut sink = JsonlSink::open(&path).expect("open").buffered();
        let mut expected = String::new();
        for id in ["a", "b"] {
            let mut doc = Document::new(id, id);
            doc.blocks
                .push(Block::new(BlockKind::Paragraph, "Text \"quoted\" é", 0));
            sink.write(&doc, &Trail::new()).expect("write");
            expected.push_str(&super::super::render::render(
                &doc,
                &Trail::new(),
                Format::Jsonl,
                false,
            ));
        }
        sink.finish().expect("finish");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), expected);
    }
}
