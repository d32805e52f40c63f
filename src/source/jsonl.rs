//! JSONL dumps: one page per line, as scrapers and dataset tools save them (plain, `.gz` or
//! `.zst`).
//!
//! Each line is an object with the page in one field and, optionally, an id and a URL. Which
//! fields are read is [`JsonlFields`]: by default the page is the first of `html`, `raw_html`,
//! `text`, `content`, `body`; the URL is `url` or `metadata.url` (the layout of many datasets:
//! `{"id","text","metadata":{"url"}}`); the id is `id`. A field holding markup is parsed as HTML
//! whatever its name. A line without a page field names the fields it has and the ones expected.
//!
//! Reading is bounded: a line longer than [`MAX_LINE_BYTES`] (or the configured bound) is skipped
//! with a note without being held in memory, and a read error (a truncated `.gz`, garbage after
//! the compressed stream) ends that dump with one message.

use super::sparse_record::{sparse_record, Wanted};
use super::{pages_of, Origin, Pages, RawPage, Record, Records, SourceError};
use serde_json::{Map, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Fields that may hold the page, in the order they are looked for when none is named.
pub const BODY_FIELDS: [&str; 5] = ["html", "raw_html", "text", "content", "body"];

/// Fields that may hold the page's URL, when none is named (a dot walks into an object).
const URL_FIELDS: [&str; 2] = ["url", "metadata.url"];

/// The default bound on one JSONL line: far above any real page (the file limit for one page is
/// 256 MB, but a line of 64 MB is already a page no one wrote), low enough that a few of them in
/// the pipeline's channel fit in memory.
pub const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// Which fields of a record hold the page, its id and its URL (`--html-field` and friends).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonlFields {
    /// The id field [default: `id`].
    pub id: Option<String>,
    /// The URL field [default: `url`, else `metadata.url`].
    pub url: Option<String>,
    /// A field holding HTML; when given, only it (or `text`, if also given) is read.
    pub html: Option<String>,
    /// A field holding plain text; when given, only it (or `html`, if also given) is read.
    pub text: Option<String>,
}

impl JsonlFields {
    /// The fields to look for the page in, each with whether it is known to hold HTML (`Some`)
    /// or is to be sniffed (`None`).
    fn body_fields(&self) -> Vec<(&str, Option<bool>)> {
        if self.html.is_none() && self.text.is_none() {
            return BODY_FIELDS
                .iter()
                .map(|f| (*f, f.contains("html").then_some(true)))
                .collect();
        }
        let mut fields = Vec::new();
        if let Some(f) = &self.html {
            fields.push((f.as_str(), Some(true)));
        }
        if let Some(f) = &self.text {
            fields.push((f.as_str(), Some(false)));
        }
        fields
    }

    /// Every name a record's page, URL and id may be under, for [`sparse_record`].
    fn wanted(&self) -> Wanted {
        let urls: Vec<&str> = match &self.url {
            Some(f) => vec![f.as_str()],
            None => URL_FIELDS.to_vec(),
        };
        let body = self.body_fields();
        Wanted::new(
            body.iter()
                .map(|(f, _)| *f)
                .chain(urls)
                .chain([self.id.as_deref().unwrap_or("id")]),
        )
    }
}

/// Reads the pages of one JSONL file.
#[derive(Debug, Clone)]
pub struct JsonlSource {
    path: PathBuf,
    fields: JsonlFields,
    max_line_bytes: usize,
}

impl JsonlSource {
    /// A source over the dump at `path`, with the default fields.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        JsonlSource {
            path: path.into(),
            fields: JsonlFields::default(),
            max_line_bytes: MAX_LINE_BYTES,
        }
    }

    /// Reads the page, id and URL from these fields.
    pub fn with_fields(mut self, fields: JsonlFields) -> Self {
        self.fields = fields;
        self
    }

    /// Skips lines longer than `bytes`.
    pub fn with_max_line_bytes(mut self, bytes: usize) -> Self {
        self.max_line_bytes = bytes.max(1);
        self
    }

    /// The dump's pages, lazily, one line at a time.
    pub fn pages(&self) -> Pages {
        pages_of(self.records())
    }

    /// The dump's lines, lazily, framed and not parsed: each is read into its page by
    /// [`Record::read`], on whichever thread takes it. A line too long, or a read that fails,
    /// is an error here already.
    pub fn records(&self) -> Records {
        let path = self.path.clone();
        let reader = match super::open_dump(&path) {
            Ok(r) => r,
            Err(e) => return Box::new(std::iter::once(Err(e))),
        };
        let fields = self.fields.clone();
        let reading = Arc::new(LineReading {
            stem: dump_stem(&path),
            wanted: fields.wanted(),
            fields,
            path,
        });
        let max = self.max_line_bytes;
        let mut lines = Lines::new(
            // 64 KB rather than 8: a record of article text (5 KB and more) then seldom spans
            // two reads, and is copied out of the buffer whole.
            BufReader::with_capacity(1 << 16, reader),
            max,
        );
        Box::new(std::iter::from_fn(move || loop {
            let (line_no, line) = lines.next_line()?;
            let origin = || Origin::JsonlLine {
                path: reading.path.clone(),
                line: line_no,
            };
            return Some(match line {
                Err(e) => Err(SourceError::Malformed {
                    origin: origin().to_string(),
                    reason: format!(
                        "cannot read further: {e} (is the file truncated or corrupt?); the lines before were read, the rest of this file is not"
                    ),
                }),
                Ok(Line::TooLong(bytes)) => Err(SourceError::Skipped {
                    origin: origin().to_string(),
                    reason: format!(
                        "line of {bytes} bytes is over the {max}-byte limit for one record (--max-line-bytes raises it)"
                    ),
                }),
                Ok(Line::Text(text)) if text.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(Line::Text(text)) => Ok(Record::Jsonl(JsonlLine {
                    bytes: text.to_vec(),
                    line_no,
                    reading: Arc::clone(&reading),
                })),
            });
        }))
    }
}

/// What reading any line of one dump needs: where it is, and which fields to take.
#[derive(Debug)]
struct LineReading {
    path: PathBuf,
    /// Names the pages that carry no id.
    stem: String,
    fields: JsonlFields,
    wanted: Wanted,
}

/// One line of a JSONL dump, framed (its bytes, newline included) and not yet parsed.
#[derive(Debug)]
pub struct JsonlLine {
    bytes: Vec<u8>,
    line_no: usize,
    reading: Arc<LineReading>,
}

impl JsonlLine {
    /// The page on the line, or what is wrong with it.
    pub fn read(self) -> Result<RawPage, SourceError> {
        let reading = &*self.reading;
        let origin = || Origin::JsonlLine {
            path: reading.path.clone(),
            line: self.line_no,
        };
        parse_line(
            &origin,
            &reading.stem,
            self.line_no,
            &self.bytes,
            &reading.fields,
            &reading.wanted,
        )
    }

    /// The line's length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True for an empty line (never framed: blank lines are passed over).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Where the line is: the dump and the line number.
    pub fn origin(&self) -> Origin {
        Origin::JsonlLine {
            path: self.reading.path.clone(),
            line: self.line_no,
        }
    }
}

/// The largest buffer for lines that span reads kept from one line to the next (most lines fit
/// the read buffer; a page of HTML may not).
const KEPT_LINE_BUFFER: usize = 4 << 20;

/// A line as read: its bytes, or only its length when it was over the bound.
enum Line<'a> {
    Text(&'a [u8]),
    TooLong(usize),
}

/// Splits a stream into lines of at most `max` bytes without ever holding a longer one. A line
/// that lies whole in the reader's buffer is handed out from there (and consumed on the next
/// call); one that spans reads is gathered in a buffer kept from line to line, so neither is a
/// new allocation.
struct Lines<R> {
    reader: R,
    max: usize,
    line_no: usize,
    done: bool,
    /// The bytes of the line handed out from the reader's buffer, consumed on the next call.
    lent: usize,
    /// A line that spanned reads.
    gathered: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R, max: usize) -> Self {
        Lines {
            reader,
            max,
            line_no: 0,
            done: false,
            lent: 0,
            gathered: Vec::new(),
        }
    }

    /// The next line and its number (from 1).
    fn next_line(&mut self) -> Option<(usize, std::io::Result<Line<'_>>)> {
        self.reader.consume(std::mem::take(&mut self.lent));
        if self.done {
            return None;
        }
        let mut buf = std::mem::take(&mut self.gathered);
        buf.clear();
        if buf.capacity() > KEPT_LINE_BUFFER {
            // One huge line does not keep its memory for the rest of the run.
            buf = Vec::new();
        }
        let mut total = 0usize;
        let mut too_long = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    // A decoder that failed once fails again at the same place: one message,
                    // and this input ends.
                    self.done = true;
                    self.line_no += 1;
                    return Some((self.line_no, Err(e)));
                }
            };
            if available.is_empty() {
                self.done = true;
                if total == 0 {
                    return None;
                }
                break;
            }
            let (n, found) = match memchr::memchr(b'\n', available) {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            if found && total == 0 && n <= self.max {
                // The whole line is in the buffer: lend it from there.
                self.lent = n;
                self.line_no += 1;
                self.gathered = buf;
                // The same bytes again: a buffer that holds data is not refilled.
                let line = self.reader.fill_buf().map(|b| Line::Text(&b[..n]));
                return Some((self.line_no, line));
            }
            if !too_long {
                if buf.len() + n > self.max {
                    too_long = true;
                    buf.clear();
                } else {
                    buf.extend_from_slice(&available[..n]);
                }
            }
            total += n;
            self.reader.consume(n);
            if found {
                break;
            }
        }
        self.line_no += 1;
        self.gathered = buf;
        Some((
            self.line_no,
            Ok(if too_long {
                Line::TooLong(total)
            } else {
                Line::Text(&self.gathered)
            }),
        ))
    }
}

/// A dump's file name without its `.jsonl[.gz|.zst]` ending, used to name pages that carry no id.
fn dump_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    for ext in [
        ".jsonl.gz",
        ".jsonl.zst",
        ".jsonl",
        ".ndjson.gz",
        ".ndjson.zst",
        ".ndjson",
    ] {
        if lower.ends_with(ext) {
            return name[..name.len() - ext.len()].to_string();
        }
    }
    name
}

/// The page on one line: read for the wanted fields alone when [`sparse_record`] can, else (and
/// for every line that fails) parsed whole by serde_json, whose messages name what is wrong.
fn parse_line(
    origin: &dyn Fn() -> Origin,
    stem: &str,
    line_no: usize,
    line: &[u8],
    fields: &JsonlFields,
    wanted: &Wanted,
) -> Result<RawPage, SourceError> {
    let default_id = || format!("{stem}/{line_no}");
    if let Some(value) = sparse_record(line, wanted) {
        if let Ok(page) = record_page(origin(), value, fields, default_id) {
            return Ok(page);
        }
    }
    let origin = origin();
    let value: Value = serde_json::from_slice(line).map_err(|e| SourceError::Malformed {
        origin: origin.to_string(),
        reason: format!("not a JSON object: {e} (each line must be one object)"),
    })?;
    record_page(origin, value, fields, default_id)
}

/// The page a JSON record holds: a line of a dump, or a whole `.json` file. `default_id` names it
/// when it has no id field. The record is taken whole so that the page's text is moved out of
/// it, not copied (on a dump of articles that copy was most of the reader's work).
pub(crate) fn record_page(
    origin: Origin,
    mut value: Value,
    fields: &JsonlFields,
    default_id: impl FnOnce() -> String,
) -> Result<RawPage, SourceError> {
    let malformed = |reason: String| SourceError::Malformed {
        origin: origin.to_string(),
        reason,
    };
    let obj = value
        .as_object()
        .ok_or_else(|| malformed("not a JSON object (each record must be one object)".into()))?;
    let wanted = fields.body_fields();
    let Some((field, body, html)) = wanted.iter().find_map(|(f, html)| {
        lookup(obj, f)
            .and_then(Value::as_str)
            .map(|s| (*f, s, *html))
    }) else {
        let found: Vec<&str> = obj.keys().map(String::as_str).collect();
        let expected: Vec<&str> = wanted.iter().map(|(f, _)| *f).collect();
        return Err(malformed(format!(
            "no page field: found {}; expected a string field named {} (name yours with --html-field or --text-field)",
            if found.is_empty() { "no fields".to_string() } else { found.join(", ") },
            expected.join(" or ")
        )));
    };
    let url = match &fields.url {
        Some(f) => lookup(obj, f).and_then(Value::as_str),
        None => URL_FIELDS
            .iter()
            .find_map(|f| lookup(obj, f).and_then(Value::as_str)),
    }
    .map(str::to_string);
    let id = match lookup(obj, fields.id.as_deref().unwrap_or("id")) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => default_id(),
    };
    if body.trim().is_empty() {
        return Err(SourceError::Skipped {
            origin: origin.to_string(),
            reason: format!("empty `{field}` field"),
        });
    }
    let html = html.unwrap_or_else(|| looks_like_markup(body));
    let body = match lookup_mut(&mut value, field) {
        Some(Value::String(body)) => std::mem::take(body),
        _ => unreachable!("the field was found holding a string above"),
    };
    let mut page = RawPage::new(id, origin, body.into_bytes());
    page.url = url;
    page.content_type = Some(
        if html {
            "text/html; charset=utf-8"
        } else {
            "text/plain; charset=utf-8"
        }
        .to_string(),
    );
    Ok(page)
}

/// A field of `obj` by name; `a.b` walks into the object under `a`. A field whose name itself has
/// a dot is found too.
fn lookup<'v>(obj: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    if let Some(v) = obj.get(name) {
        return Some(v);
    }
    let (head, rest) = name.split_once('.')?;
    lookup(obj.get(head)?.as_object()?, rest)
}

/// [`lookup`] of the record `value`, for changing the field.
fn lookup_mut<'v>(value: &'v mut Value, name: &str) -> Option<&'v mut Value> {
    let obj = value.as_object_mut()?;
    if obj.contains_key(name) {
        return obj.get_mut(name);
    }
    let (head, rest) = name.split_once('.')?;
    lookup_mut(obj.get_mut(head)?, rest)
}

/// True for a field value that is markup rather than text: it opens with a tag and has more of
/// them. Text with a stray `<` (a formula, a quote) does not start with one.
fn looks_like_markup(body: &str) -> bool {
    let head = body.trim_start_matches('\u{feff}').trim_start();
    head.starts_with('<')
        && head
            .get(..head.len().min(4096))
            .or(Some(head))
            .is_some_and(|h| h.matches('>').count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str, fields: &JsonlFields) -> Result<RawPage, SourceError> {
        let origin = Origin::JsonlLine {
            path: "d.jsonl".into(),
            line: 3,
        };
        let wanted = fields.wanted();
        let sparse = parse_line(&|| origin.clone(), "d", 3, line.as_bytes(), fields, &wanted);
        // The same page or the same message as serde_json's whole reading of the line (a
        // wanted name no record has sends every line there).
        let full = parse_line(
            &|| origin.clone(),
            "d",
            3,
            line.as_bytes(),
            fields,
            &Wanted::new(["\u{0}never"]),
        );
        assert_eq!(format!("{sparse:?}"), format!("{full:?}"));
        sparse
    }

    #[test]
    fn a_line_with_html_and_url_becomes_a_page() {
        let page = parse(
            r#"{"id":"a1","url":"https://x.org/a","html":"<p>Hi</p>"}"#,
            &JsonlFields::default(),
        )
        .expect("valid line");
        assert_eq!(page.id, "a1");
        assert_eq!(page.url.as_deref(), Some("https://x.org/a"));
        assert_eq!(page.body, b"<p>Hi</p>");
    }

    #[test]
    fn a_line_without_id_is_named_after_the_dump_and_line() {
        let page = parse(r#"{"text":"Hello"}"#, &JsonlFields::default()).expect("valid");
        assert_eq!(page.id, "d/3");
    }

    #[test]
    fn a_broken_line_names_its_file_and_line() {
        let err = parse("{oops", &JsonlFields::default()).unwrap_err();
        assert!(err.to_string().starts_with("d.jsonl:3:"), "{err}");
    }

    #[test]
    fn the_dataset_layout_with_the_url_under_metadata_is_read() {
        let page = parse(
            r#"{"id":"x","text":"Body.","metadata":{"url":"https://x.org/n"}}"#,
            &JsonlFields::default(),
        )
        .expect("valid");
        assert_eq!(page.url.as_deref(), Some("https://x.org/n"));
        assert_eq!(
            page.content_type.as_deref(),
            Some("text/plain; charset=utf-8")
        );
    }

    #[test]
    fn html_in_a_field_not_named_html_is_parsed_as_html() {
        let page = parse(
            r#"{"content":"<div><p>Story</p></div>"}"#,
            &JsonlFields::default(),
        )
        .expect("valid");
        assert_eq!(
            page.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
    }

    #[test]
    fn named_fields_are_read_and_nothing_else() {
        let fields = JsonlFields {
            id: Some("doc_id".into()),
            url: Some("meta.link".into()),
            html: Some("page".into()),
            text: None,
        };
        let page = parse(
            r#"{"doc_id":7,"meta":{"link":"https://x.org/7"},"page":"<p>a</p><p>b</p>","text":"no"}"#,
            &fields,
        )
        .expect("valid");
        assert_eq!(
            (page.id.as_str(), page.url.as_deref()),
            ("7", Some("https://x.org/7"))
        );
        assert_eq!(page.body, b"<p>a</p><p>b</p>");
    }

    #[test]
    fn a_line_without_a_page_field_says_which_fields_it_found_and_expected() {
        let err = parse(r#"{"id":"a","markup":"<p>x</p>"}"#, &JsonlFields::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("found id, markup"), "{err}");
        assert!(err.contains("html or raw_html or text"), "{err}");
    }

    #[test]
    fn a_line_over_the_bound_is_skipped_without_being_held_and_the_next_is_read() {
        let data = format!("{}\n{{\"text\":\"ok\"}}\n", "x".repeat(10_000));
        let mut lines = Lines::new(BufReader::with_capacity(64, data.as_bytes()), 1000);
        assert!(matches!(
            lines.next_line(),
            Some((1, Ok(Line::TooLong(10_001))))
        ));
        match lines.next_line() {
            Some((2, Ok(Line::Text(t)))) => assert_eq!(t, b"{\"text\":\"ok\"}\n"),
            _ => panic!("the second line is read"),
        }
        assert!(lines.next_line().is_none());
    }

    /// Found by fuzzing (issue 9): a truncated `.jsonl.gz` repeated the same read error forever,
    /// 8 million warning lines and 1.4 GB in 20 s.
    #[test]
    fn a_truncated_gzip_dump_reports_one_read_error_and_ends() {
        use std::io::Write;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("d.jsonl.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        for i in 0..200 {
            writeln!(
                gz,
                "{{\"id\":\"{i}\",\"text\":\"Line number {i} of the dump.\"}}"
            )
            .expect("write");
        }
        let bytes = gz.finish().expect("gzip");
        let mut cut = bytes[..bytes.len() / 2].to_vec();
        cut.extend_from_slice(b"garbage after the cut");
        std::fs::write(&path, &cut).expect("write");
        let items: Vec<_> = JsonlSource::new(&path).pages().take(10_000).collect();
        assert!(items.len() < 10_000, "the input ends");
        let read_errors = items
            .iter()
            .filter_map(|i| i.as_ref().err())
            .filter(|e| e.to_string().contains("cannot read further"))
            .count();
        assert_eq!(read_errors, 1, "{items:?}");
        assert!(items.iter().filter(|i| i.is_ok()).count() > 10, "{items:?}");
    }
}
