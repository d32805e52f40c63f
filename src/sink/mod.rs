//! Sinks: where clean documents go. Only sinks touch the world on the way out, and they write
//! atomically: a reader (or a crash) never sees half a file.

mod errors;
mod guard;
mod html_report;
pub(crate) mod json_string;
mod jsonl;
mod markdown;
pub mod render;
mod stdout;
mod text_tree;

pub use crate::atomic::write_atomic;
pub use errors::ErrorsFile;
pub use guard::InputGuard;
pub use html_report::html_report;
pub use jsonl::JsonlSink;
pub use stdout::{Separator, StdoutSink};
pub use text_tree::{TextTreeSink, OUTPUT_MARKER};

use crate::document::Document;
use crate::trail::Trail;
use std::path::PathBuf;

/// Why a document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    /// Writing failed.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The output would replace one of the run's inputs.
    #[error("{path}: not written: it would overwrite an input file; choose an output folder outside the inputs (-o)")]
    WouldOverwriteInput {
        /// The output path.
        path: PathBuf,
    },
    /// The JSONL file appended to already holds this document (from an earlier run), and
    /// appending it again would duplicate it.
    #[error("{path}: already holds {source_name}; not appended again (remove its line, or write to a new file)")]
    AlreadyWritten {
        /// The file.
        path: PathBuf,
        /// The document's source.
        source_name: String,
    },
    /// The reader of standard output went away (`unboil clean … | head`): not an error, the run
    /// just stops.
    #[error("output closed")]
    Closed,
}

/// Where a written document went, for the state store and the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Its own file.
    File(PathBuf),
    /// A line of a shared file or stream.
    Line,
}

/// A destination for clean documents.
pub trait Sink: Send {
    /// Writes one document. When it returns, the output is complete and durable.
    fn write(&mut self, doc: &Document, trail: &Trail) -> Result<Written, SinkError>;
    /// Flushes whatever is buffered; called once at the end of a run.
    fn finish(&mut self) -> Result<(), SinkError> {
        Ok(())
    }
    /// The sink as one whose documents are lines rendered apart from writing them, if it is one.
    fn as_lines(&mut self) -> Option<&mut dyn LineSink> {
        None
    }
}

/// How a document becomes the bytes of its line, the newline included.
pub type Renderer = fn(&Document, &Trail, &mut Vec<u8>);

/// A sink whose documents are lines that need nothing of the sink to be rendered (JSONL): the
/// pipeline's workers render them with [`LineSink::renderer`] beside the cleaning, so the one
/// writer thread only appends bytes. On a dump of short articles rendering (escaping the text
/// and the removals) and freeing the document were most of the writer's work, and a single
/// writer doing them caps a run on many cores at its own speed.
pub trait LineSink {
    /// How this sink's lines are rendered; the same bytes [`Sink::write`] would write.
    fn renderer(&self) -> Renderer;
    /// Writes the line `renderer` gave for the document read from `source` (its
    /// [`Document::source`]), as [`Sink::write`] would have written that document.
    fn write_line(&mut self, source: &str, line: &[u8]) -> Result<Written, SinkError>;
}
