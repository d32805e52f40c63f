//! Standard output: documents one after another (text separated by a form feed line), or one
//! JSON line each. A closed pipe ends the run quietly.

use super::render::render;
use super::{Sink, SinkError, Written};
use crate::config::Format;
use crate::document::Document;
use crate::trail::Trail;
use std::io::Write;

/// Writes documents to standard output.
#[derive(Debug)]
pub struct StdoutSink {
    format: Format,
    header: bool,
    written: usize,
}

impl StdoutSink {
    /// A sink writing `format` to standard output.
    pub fn new(format: Format, header: bool) -> Self {
        StdoutSink {
            format,
            header,
            written: 0,
        }
    }
}

impl Sink for StdoutSink {
    fn write(&mut self, doc: &Document, trail: &Trail) -> Result<Written, SinkError> {
        let mut out = std::io::stdout().lock();
        let text = render(doc, trail, self.format, self.header);
        let result = (|| {
            if self.written > 0 && self.format != Format::Jsonl {
                out.write_all(b"\n")?;
            }
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
