//! Standard output: documents one after another, or one JSON line each. When a run may write
//! several documents, each is introduced by a `==> source <==` line, as `head` and `tail` do
//! with several files, or ended by a NUL byte for `xargs -0` and friends. A closed pipe ends the
//! run quietly.

use super::render::render;
use super::{Sink, SinkError, Written};
use crate::config::Format;
use crate::document::Document;
use crate::trail::Trail;
use std::io::Write;

/// How documents written to standard output are told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Separator {
    /// A blank line between documents: for a run of one document.
    #[default]
    BlankLine,
    /// `==> source <==` above each document, a blank line between them.
    Headers,
    /// A NUL byte after each document.
    Nul,
}

/// Writes documents to standard output.
#[derive(Debug)]
pub struct StdoutSink {
    format: Format,
    header: bool,
    separator: Separator,
    written: usize,
}

impl StdoutSink {
    /// A sink writing `format` to standard output.
    pub fn new(format: Format, header: bool) -> Self {
        StdoutSink {
            format,
            header,
            separator: Separator::BlankLine,
            written: 0,
        }
    }

    /// The sink with documents told apart by `separator` (JSON lines need none, and get a NUL
    /// only when asked for one).
    pub fn separated(mut self, separator: Separator) -> Self {
        self.separator = separator;
        self
    }

    /// What goes before a document's text.
    fn before(&self, doc: &Document) -> String {
        let first = self.written == 0;
        match (self.separator, self.format) {
            (Separator::Nul, _) => String::new(),
            (_, Format::Jsonl) => String::new(),
            (Separator::Headers, _) => {
                let gap = if first { "" } else { "\n" };
                format!("{gap}==> {} <==\n", doc.source)
            }
            (Separator::BlankLine, _) if first => String::new(),
            (Separator::BlankLine, _) => "\n".to_string(),
        }
    }
}

impl Sink for StdoutSink {
    fn write(&mut self, doc: &Document, trail: &Trail) -> Result<Written, SinkError> {
        let mut out = std::io::stdout().lock();
        let mut text = self.before(doc);
        text.push_str(&render(doc, trail, self.format, self.header));
        if self.separator == Separator::Nul {
            text.push('\0');
        }
        let result = (|| {
            out.write_all(text.as_bytes())?;
            out.flush()
        })();
        self.written += 1;
        match result {
            Ok(()) => Ok(Written::Line),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(SinkError::Closed),
            Err(source) => Err(SinkError::Write {
                path: "<stdout>".into(),
                source,
            }),
        }
    }
}
