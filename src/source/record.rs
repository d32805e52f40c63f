//! What a source hands the pipeline: a page, or a dump's record only framed (its bytes cut out of
//! the stream), whose reading into a page is left to whoever takes it.
//!
//! A dump is read by one thread, since a stream is one sequence; reading a JSONL record (checking
//! the UTF-8, unescaping the page out of its string, finding the id and URL) was most of that
//! thread's work, and a single thread doing it caps a run on many cores at its own speed (for a
//! WARC record, parsing its HTTP message and moving the body out of the block). Handing
//! the framed bytes on lets the pipeline's workers read records side by side, while the reading
//! thread only finds where each record ends.

use super::jsonl::JsonlLine;
use super::warc::WarcResponse;
use super::{Pages, RawPage, SourceError};

/// A page, or a record still to be read into one.
#[derive(Debug)]
pub enum Record {
    /// A page, read already.
    Page(RawPage),
    /// A line of a JSONL dump, framed and not yet parsed.
    Jsonl(JsonlLine),
    /// A WARC response record, framed and its HTTP message not yet parsed.
    Warc(WarcResponse),
}

impl Record {
    /// The page the record holds, or why it holds none (the same page, or the same error, the
    /// dump's [`Pages`] would have given for it).
    pub fn read(self) -> Result<RawPage, SourceError> {
        match self {
            Record::Page(page) => Ok(page),
            Record::Jsonl(line) => line.read(),
            Record::Warc(response) => response.read(),
        }
    }

    /// The bytes it holds: the page's body, or the record's bytes.
    pub fn len(&self) -> usize {
        match self {
            Record::Page(page) => page.body.len(),
            Record::Jsonl(line) => line.len(),
            Record::Warc(response) => response.len(),
        }
    }

    /// True when it holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where it came from, as a user names it (`path:line` for a JSONL record).
    pub fn origin(&self) -> String {
        match self {
            Record::Page(page) => page.origin.to_string(),
            Record::Jsonl(line) => line.origin().to_string(),
            Record::Warc(response) => response.origin().to_string(),
        }
    }
}

impl From<RawPage> for Record {
    fn from(page: RawPage) -> Self {
        Record::Page(page)
    }
}

/// A stream of records, or of the reasons records could not be had.
pub type Records = Box<dyn Iterator<Item = Result<Record, SourceError>> + Send>;

/// `records` read into pages one by one, on the thread that pulls them.
pub fn pages_of(records: Records) -> Pages {
    Box::new(records.map(|r| r.and_then(Record::read)))
}

/// `pages` as records (each a page, read already).
pub fn records_of(pages: Pages) -> Records {
    Box::new(pages.map(|p| p.map(Record::Page)))
}
