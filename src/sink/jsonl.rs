//! One JSONL file that each run appends to.
//!
//! Every document is one line, written with a single `write` and flushed to disk before the
//! document counts as written. On opening, a partial last line (left by a run killed mid-write) is
//! cut off, so the file is always whole lines.
//!
//! A sink that need not be [durable](JsonlSink::durable) (`unboil clean`) gathers lines in a
//! buffer and writes them in large chunks, syncing once at the end: on a dump of short articles a
//! write per document is a system call per 10 KB, and a sync per document most of the run.

use super::render::write_jsonl;
use super::{LineSink, Renderer, Sink, SinkError, Written};
use crate::document::Document;
use crate::trail::Trail;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// How much a non-durable sink gathers before writing.
const BUFFER_BYTES: usize = 1 << 20;

/// Appends one JSON line per document to a file.
#[derive(Debug)]
pub struct JsonlSink {
    path: PathBuf,
    /// A durable sink flushes it after every line (one write) and syncs; a non-durable one lets
    /// it fill.
    out: BufWriter<File>,
    durable: bool,
    /// With [`JsonlSink::refusing_duplicates`]: the sources the file holds, which are not
    /// appended again.
    held: Option<std::collections::HashSet<String>>,
    /// The line being serialised, reused from document to document.
    line: Vec<u8>,
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
            out: BufWriter::with_capacity(BUFFER_BYTES, file),
            held: None,
            durable: true,
            line: Vec::new(),
        })
    }

    /// Whether each line is flushed to disk before it counts as written (the default, which
    /// incremental jobs need: their state must never claim a line a power cut could lose). A
    /// one-off `clean` turns it off and flushes once at the end: an fsync per document made
    /// writing, not cleaning, the cost of a run. Lines are still whole: a run killed mid-write
    /// leaves a torn last line, cut on the next open.
    pub fn durable(mut self, durable: bool) -> Self {
        self.durable = durable;
        self
    }

    /// The sink, refusing to append a document whose source the file already holds: a one-off
    /// `clean -o out.jsonl` run twice says so rather than writing every document twice. (A job
    /// appends a changed document again on purpose: its file is the history of its documents.)
    pub fn refusing_duplicates(mut self) -> Result<Self, SinkError> {
        let mut held = std::collections::HashSet::new();
        Self::for_each_source(&self.path, |s| {
            held.insert(s.to_string());
        })
        .map_err(|source| SinkError::Write {
            path: self.path.clone(),
            source,
        })?;
        self.held = Some(held);
        Ok(self)
    }

    /// The `source` of every record already in the file at `path`, for reconciling incremental
    /// state after a crash. Holds them all: for a large output use [`JsonlSink::for_each_source`].
    pub fn sources_in(path: &Path) -> std::io::Result<Vec<String>> {
        let mut sources = Vec::new();
        JsonlSink::for_each_source(path, |s| sources.push(s.to_string()))?;
        Ok(sources)
    }

    /// Calls `f` with the `source` of each record in the file at `path` (none if it does not
    /// exist), reading one line at a time: a 20 GB output is streamed, never held.
    pub fn for_each_source(path: &Path, mut f: impl FnMut(&str)) -> std::io::Result<()> {
        /// Only the field wanted is parsed; the text and trail of each record are skipped.
        #[derive(serde::Deserialize)]
        struct Source<'a> {
            #[serde(borrow)]
            source: Option<std::borrow::Cow<'a, str>>,
        }
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        let mut reader = std::io::BufReader::new(file);
        let mut line = Vec::new();
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                return Ok(());
            }
            if let Ok(Source {
                source: Some(source),
            }) = serde_json::from_slice::<Source>(&line)
            {
                f(&source);
            }
        }
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
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        jsonl_line(doc, trail, &mut line);
        let written = self.write_line(&doc.source, &line);
        self.line = line;
        written
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        let err = |source| SinkError::Write {
            path: self.path.clone(),
            source,
        };
        self.out.flush().map_err(err)?;
        self.out.get_ref().sync_data().map_err(err)
    }

    fn as_lines(&mut self) -> Option<&mut dyn LineSink> {
        Some(self)
    }
}

/// A document's JSONL line: the same bytes as `render(…, Format::Jsonl, …)`.
fn jsonl_line(doc: &Document, trail: &Trail, out: &mut Vec<u8>) {
    write_jsonl(doc, trail, out);
    out.push(b'\n');
}

impl LineSink for JsonlSink {
    fn renderer(&self) -> Renderer {
        jsonl_line
    }

    fn write_line(&mut self, source: &str, line: &[u8]) -> Result<Written, SinkError> {
        if self.held.as_ref().is_some_and(|h| h.contains(source)) {
            return Err(SinkError::AlreadyWritten {
                path: self.path.clone(),
                source_name: source.to_string(),
            });
        }
        let err = |source| SinkError::Write {
            path: self.path.clone(),
            source,
        };
        // One write of the whole line, newline included.
        self.out.write_all(line).map_err(err)?;
        if self.durable {
            self.out.flush().map_err(err)?;
            self.out.get_ref().sync_data().map_err(err)?;
        }
        if let Some(held) = self.held.as_mut() {
            held.insert(source.to_string());
        }
        Ok(Written::Line)
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
    fn both_kinds_of_sink_write_the_lines_render_gives() {
        use crate::config::Format;
        use crate::document::{Block, BlockKind};
        for durable in [true, false] {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("out.jsonl");
            let mut sink = JsonlSink::open(&path).expect("open").durable(durable);
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
                if durable {
                    // Durable: each line is in the file once written.
                    let now = std::fs::read_to_string(&path).expect("read");
                    assert_eq!(now, expected);
                }
            }
            sink.finish().expect("finish");
            assert_eq!(std::fs::read_to_string(&path).expect("read"), expected);
        }
    }
}
