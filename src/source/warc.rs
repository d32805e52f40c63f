//! WARC files (plain or gzipped, as crawlers such as Common Crawl write them): each `response`
//! record with an HTML or text payload becomes a page with its target URI; requests, metadata and
//! other records are not pages and are passed over.
//!
//! Every response record ends up as a page, a skipped input (with its reason: not HTML or text,
//! over the record size bound, an encoding unboil cannot undo) or a failed one. A malformed record
//! (a missing or wrong `Content-Length`, bytes between records that are no record) is reported
//! with its file and offset, and reading goes on at the next line that starts a record
//! (`WARC/1.`), so one bad record costs that record only. Payloads sent with
//! `Content-Encoding: gzip` (or `deflate`) are decoded.

use super::{pages_of, Origin, Pages, RawPage, Record, SourceError};
use memchr::memmem;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Records larger than this are skipped (counted, with the reason) rather than held in memory,
/// unless configured otherwise (`input.max_warc_record_bytes`).
pub const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;

/// Longest header line read whole; a longer one is not a WARC header.
const MAX_HEADER_LINE: u64 = 64 * 1024;

/// Most header lines in one record.
const MAX_HEADERS: usize = 1024;

/// How a line that starts a record begins.
const RECORD_START: &[u8] = b"WARC/1.";

/// Reads the pages of one WARC file.
#[derive(Debug, Clone)]
pub struct WarcSource {
    path: PathBuf,
    max_record_bytes: u64,
}

impl WarcSource {
    /// A source over the WARC file at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        WarcSource {
            path: path.into(),
            max_record_bytes: MAX_RECORD_BYTES,
        }
    }

    /// Records over `bytes` are skipped with a note instead of read.
    pub fn with_max_record_bytes(mut self, bytes: u64) -> Self {
        self.max_record_bytes = bytes.max(1);
        self
    }

    /// The file's response records, lazily.
    pub fn pages(&self) -> Pages {
        pages_of(self.records())
    }

    /// The file's response records, lazily, framed: each record's block is cut out of the
    /// stream (its WARC headers read, its length checked), and read into a page (its HTTP
    /// message parsed) by [`Record::read`], on whichever thread takes it.
    pub fn records(&self) -> super::Records {
        let path = self.path.clone();
        let reader = match super::open_dump(&path) {
            Ok(r) => r,
            Err(e) => return Box::new(std::iter::once(Err(e))),
        };
        let mut records = Records {
            reader: BufReader::with_capacity(1 << 16, reader),
            reading: Arc::new(ResponseReading {
                stem: stem(&path),
                max_record: self.max_record_bytes,
            }),
            path,
            offset: 0,
            max_record: self.max_record_bytes,
            pending: None,
            done: false,
        };
        Box::new(std::iter::from_fn(move || records.next_record()))
    }
}

/// A line as read, with its line end.
struct Line {
    raw: Vec<u8>,
}

impl Line {
    /// The line without its line end.
    fn text(&self) -> &[u8] {
        let mut end = self.raw.len();
        while end > 0 && matches!(self.raw[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        &self.raw[..end]
    }

    /// False when the line was longer than the limit it was read with; the rest follows.
    fn whole(&self) -> bool {
        self.raw.ends_with(b"\n")
    }

    fn is_blank(&self) -> bool {
        self.whole() && self.raw.iter().all(|c| c.is_ascii_whitespace())
    }

    fn starts_record(&self) -> bool {
        self.raw.starts_with(RECORD_START)
    }

    fn lossy(&self) -> String {
        String::from_utf8_lossy(self.text()).trim_end().to_string()
    }
}

/// What the bytes after a record's block say about its framing.
enum Framing {
    /// Blank lines, then the next record or the end of the file.
    Sound,
    /// Something else: the `Content-Length` was wrong. The bytes read while looking.
    Broken(Vec<u8>),
}

struct Records {
    reader: BufReader<Box<dyn Read + Send>>,
    reading: Arc<ResponseReading>,
    path: PathBuf,
    /// Offset in the (decompressed) stream of the next byte to read, for messages.
    offset: u64,
    max_record: u64,
    /// A record's first line, already read (with its offset) while checking the framing before it.
    pending: Option<(u64, String)>,
    done: bool,
}

impl Records {
    fn at(&self, offset: u64) -> String {
        format!("{}@{offset}", self.path.display())
    }

    fn malformed(&self, offset: u64, reason: impl Into<String>) -> SourceError {
        SourceError::Malformed {
            origin: self.at(offset),
            reason: reason.into(),
        }
    }

    /// Ends the file with one last error.
    fn fail(
        &mut self,
        offset: u64,
        reason: impl Into<String>,
    ) -> Option<Result<Record, SourceError>> {
        self.done = true;
        Some(Err(self.malformed(offset, reason)))
    }

    /// The next line, at most `limit` bytes of it; `None` at the end of the file.
    fn read_line(&mut self, limit: u64) -> std::io::Result<Option<Line>> {
        let mut raw = Vec::new();
        let n = (&mut self.reader).take(limit).read_until(b'\n', &mut raw)?;
        self.offset += n as u64;
        Ok((n > 0).then_some(Line { raw }))
    }

    /// Reads on to the next line that starts a record, leaving it pending. Returns whether one
    /// was found before the end of the file.
    fn resync(&mut self) -> std::io::Result<bool> {
        let mut line_start = true;
        loop {
            let at = self.offset;
            let Some(line) = self.read_line(MAX_HEADER_LINE)? else {
                return Ok(false);
            };
            if line_start && line.starts_record() {
                self.pending = Some((at, line.lossy()));
                return Ok(true);
            }
            line_start = line.whole();
        }
    }

    /// Puts `bytes` (read from `from`) back in front of the rest of the file, so that the next
    /// reads see them again.
    fn unread(&mut self, bytes: Vec<u8>, from: u64) {
        let rest = std::mem::replace(&mut self.reader, BufReader::new(Box::new(std::io::empty())));
        self.reader = BufReader::new(Box::new(Cursor::new(bytes).chain(rest)));
        self.offset = from;
    }

    /// Opens the file again and reads up to `offset` (the file may be gzipped: no seeking).
    fn reopen_at(&mut self, offset: u64) -> Result<(), SourceError> {
        let mut reader = super::open_dump(&self.path)?;
        let skipped = std::io::copy(&mut (&mut reader).take(offset), &mut std::io::sink())
            .map_err(|e| self.malformed(offset, format!("cannot read: {e}")))?;
        if skipped < offset {
            return Err(self.malformed(offset, "the file changed while it was read"));
        }
        self.reader = BufReader::with_capacity(1 << 16, reader);
        self.offset = offset;
        Ok(())
    }

    /// After a record's block: its trailer (two line ends), then the next record (left pending),
    /// bytes that are no record (left for [`Records::next_record_line`] to report), or the end.
    /// Anything but a line end right after the block means its `Content-Length` was wrong.
    fn framing(&mut self) -> std::io::Result<Framing> {
        let mut seen = Vec::new();
        for i in 0..2 {
            let at = self.offset;
            let Some(line) = self.read_line(MAX_HEADER_LINE)? else {
                return Ok(Framing::Sound);
            };
            if line.is_blank() {
                seen.extend_from_slice(&line.raw);
                continue;
            }
            if line.whole() && line.text().starts_with(b"WARC/") {
                self.pending = Some((at, line.lossy()));
                return Ok(Framing::Sound);
            }
            if i == 0 {
                seen.extend_from_slice(&line.raw);
                return Ok(Framing::Broken(seen));
            }
            // The record ended as it should; what follows is not this record's to answer for.
            self.unread(line.raw, at);
            return Ok(Framing::Sound);
        }
        Ok(Framing::Sound)
    }

    /// The next record's first line and its offset, passing over blank lines. Bytes that are not
    /// a record are reported once, with their offset, and passed over to the next record.
    fn next_record_line(&mut self) -> Result<Option<(u64, String)>, SourceError> {
        if let Some(p) = self.pending.take() {
            return Ok(Some(p));
        }
        let io = |this: &Self, at: u64, e: std::io::Error| {
            this.malformed(at, format!("cannot read: {e}"))
        };
        loop {
            let at = self.offset;
            let line = match self.read_line(MAX_HEADER_LINE) {
                Ok(Some(l)) => l,
                Ok(None) => return Ok(None),
                Err(e) => return Err(io(self, at, e)),
            };
            if line.is_blank() {
                continue;
            }
            if line.whole() && line.text().starts_with(b"WARC/") {
                return Ok(Some((at, line.lossy())));
            }
            let found = self.resync().map_err(|e| io(self, at, e))?;
            let hint = if at == 0 {
                ": is this a WARC file?"
            } else {
                ""
            };
            let what = format!(
                "expected a WARC record, found {:?}{hint}",
                line.lossy().chars().take(60).collect::<String>()
            );
            return Err(self.malformed(
                at,
                match &self.pending {
                    Some((next, _)) if found => {
                        format!("{what}; {} bytes passed over, reading goes on at the record at offset {next}", next - at)
                    }
                    _ => format!("{what}; no record follows"),
                },
            ));
        }
    }

    /// The next response record, passing over other records.
    fn next_record(&mut self) -> Option<Result<Record, SourceError>> {
        while !self.done {
            let (start, _version) = match self.next_record_line() {
                Ok(Some(l)) => l,
                Ok(None) => return None,
                Err(e) => {
                    if self.pending.is_none() {
                        self.done = true;
                    }
                    return Some(Err(e));
                }
            };
            let mut headers = Vec::new();
            loop {
                let at = self.offset;
                match self.read_line(MAX_HEADER_LINE) {
                    Ok(Some(l)) if l.is_blank() => break,
                    Ok(Some(l)) if l.whole() && headers.len() < MAX_HEADERS => {
                        headers.push(l.lossy())
                    }
                    Ok(Some(_)) => {
                        let resumed = self.resync().unwrap_or(false);
                        return Some(Err(self.malformed(start, format!(
                            "a record whose headers are not WARC headers (over {MAX_HEADERS} lines, or a line over {MAX_HEADER_LINE} bytes at offset {at}){}",
                            if resumed { "; reading goes on at the next record" } else { "" }
                        ))));
                    }
                    Ok(None) => {
                        return self.fail(
                            start,
                            "the file ends inside a record's headers (truncated?)",
                        )
                    }
                    Err(e) => return self.fail(at, format!("cannot read: {e}")),
                }
            }
            let header = |name: &str| {
                headers.iter().find_map(|h| {
                    let (k, v) = h.split_once(':')?;
                    k.trim()
                        .eq_ignore_ascii_case(name)
                        .then(|| v.trim().to_string())
                })
            };
            let kind = header("WARC-Type").unwrap_or_default();
            let uri = header("WARC-Target-URI");
            let Some(length) = header("Content-Length").and_then(|l| l.parse::<u64>().ok()) else {
                let resumed = self.resync().unwrap_or(false);
                return Some(Err(self.malformed(
                    start,
                    format!(
                        "a record without a valid Content-Length{}",
                        if resumed {
                            "; reading goes on at the next record"
                        } else {
                            "; no record follows"
                        }
                    ),
                )));
            };
            let block_start = self.offset;
            if length > self.max_record {
                match self.pass_over(start, block_start, length) {
                    Ok(()) => {}
                    Err(e) => return Some(Err(e)),
                }
                if kind == "response" {
                    return Some(Err(SourceError::Skipped {
                        origin: self.at(start),
                        reason: format!(
                            "a record of {length} bytes, over the {}-byte limit (raise input.max_warc_record_bytes to read it)",
                            self.max_record
                        ),
                    }));
                }
                continue;
            }
            let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
            if let Err(e) = (&mut self.reader).take(length).read_to_end(&mut block) {
                return self.fail(block_start, format!("cannot read: {e}"));
            }
            self.offset += block.len() as u64;
            // A record's header inside the block, after a blank line, means the length ran on
            // into the next record, even when the bytes after the block happen to look right.
            let framing = if (block.len() as u64) < length
                || memmem::find(&block, b"\r\n\r\nWARC/1.").is_some()
            {
                Framing::Broken(Vec::new())
            } else {
                match self.framing() {
                    Ok(f) => f,
                    Err(e) => return self.fail(self.offset, format!("cannot read: {e}")),
                }
            };
            if let Framing::Broken(after) = framing {
                // The length was wrong: look for the next record from the start of this one's
                // block, in the bytes already read and those after them.
                let short = (block.len() as u64) < length;
                block.extend_from_slice(&after);
                self.unread(block, block_start);
                let resumed = self.resync().unwrap_or(false);
                let what = if short {
                    format!("the file ends inside the record (truncated, or its Content-Length {length} is wrong)")
                } else {
                    format!("Content-Length {length} does not end where the record does")
                };
                return Some(Err(self.malformed(
                    start,
                    match (&self.pending, resumed) {
                        (Some((next, _)), true) => format!("{what}; record not read, reading goes on at the record at offset {next}"),
                        _ => format!("{what}; record not read, and no record follows"),
                    },
                )));
            }
            if kind != "response" {
                continue;
            }
            let origin = Origin::Warc {
                path: self.path.clone(),
                offset: start,
            };
            return Some(Ok(Record::Warc(WarcResponse {
                origin,
                start,
                uri,
                block,
                reading: Arc::clone(&self.reading),
            })));
        }
        None
    }

    /// Reads past an oversized record's block without keeping it, noting where the first line
    /// in it that starts a record is; when the block turns out to run past the end of the file,
    /// or not to end where the record does, reading goes on there.
    fn pass_over(&mut self, start: u64, block_start: u64, length: u64) -> Result<(), SourceError> {
        let finder = memmem::Finder::new(b"\nWARC/1.");
        let mut first_record: Option<u64> = None;
        // The block starts a line, as if a line end came just before it.
        let mut carry: Vec<u8> = b"\n".to_vec();
        let mut carry_at = block_start - 1;
        let mut left = length;
        let mut chunk = vec![0u8; 1 << 16];
        while left > 0 {
            let want = chunk.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            let n = match self.reader.read(&mut chunk[..want]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.malformed(self.offset, format!("cannot read: {e}"))),
            };
            if first_record.is_none() {
                let mut window = std::mem::take(&mut carry);
                window.extend_from_slice(&chunk[..n]);
                if let Some(p) = finder.find(&window) {
                    first_record = Some(carry_at + p as u64 + 1);
                }
                let keep = window.len().min(RECORD_START.len());
                carry_at += (window.len() - keep) as u64;
                carry = window[window.len() - keep..].to_vec();
            }
            self.offset += n as u64;
            left -= n as u64;
        }
        let sound = left == 0
            && matches!(
                self.framing()
                    .map_err(|e| self.malformed(self.offset, format!("cannot read: {e}")))?,
                Framing::Sound
            );
        if sound {
            return Ok(());
        }
        let what = if left > 0 {
            format!("the file ends inside the record (truncated, or its Content-Length {length} is wrong)")
        } else {
            format!("Content-Length {length} does not end where the record does")
        };
        match first_record {
            Some(next) => {
                self.pending = None;
                self.reopen_at(next)?;
                Err(self.malformed(
                    start,
                    format!(
                        "{what}; record not read, reading goes on at the record at offset {next}"
                    ),
                ))
            }
            None if left == 0 && self.resync().unwrap_or(false) => Err(self.malformed(
                start,
                format!("{what}; record not read, reading goes on at the next record"),
            )),
            None => {
                self.done = true;
                Err(self.malformed(
                    start,
                    format!("{what}; record not read, and no record follows"),
                ))
            }
        }
    }
}

/// What reading any response record of one file needs.
#[derive(Debug)]
struct ResponseReading {
    /// Names the pages whose record has no target URI.
    stem: String,
    /// The bound on a decoded body.
    max_record: u64,
}

/// A WARC response record, framed (its block cut out, its length checked) and not yet read.
#[derive(Debug)]
pub struct WarcResponse {
    origin: Origin,
    /// The record's offset, which names a page without a target URI.
    start: u64,
    uri: Option<String>,
    /// The record's block: the HTTP message.
    block: Vec<u8>,
    reading: Arc<ResponseReading>,
}

impl WarcResponse {
    /// The record's block as a page, or why it is none (not HTML or text, no readable HTTP
    /// message, a body encoding that cannot be undone).
    pub fn read(self) -> Result<RawPage, SourceError> {
        let WarcResponse {
            origin,
            start,
            uri,
            block,
            reading,
        } = self;
        let skip = |reason: String| SourceError::Skipped {
            origin: origin.to_string(),
            reason,
        };
        let Some(message) = http_payload(block) else {
            return Err(SourceError::Malformed {
                origin: origin.to_string(),
                reason: "a response record without a readable HTTP message; skipped".into(),
            });
        };
        let ct = message
            .content_type
            .clone()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !(ct.is_empty() || ct.contains("html") || ct.starts_with("text/")) {
            return Err(skip(format!("content type {ct:?} is not HTML or text")));
        }
        let body =
            match message.encoding.as_deref() {
                None => message.body,
                Some(encoding) => decode_body(encoding, &message.body, reading.max_record)
                    .map_err(|reason| SourceError::Malformed {
                        origin: origin.to_string(),
                        reason,
                    })?,
            };
        let id = uri
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .map(|u| super::http::page_id(&u))
            .unwrap_or_else(|| format!("{}/{start}", reading.stem));
        let mut page = RawPage::new(id, origin, body);
        page.url = uri;
        page.content_type = message.content_type;
        Ok(page)
    }

    /// The block's length in bytes.
    pub fn len(&self) -> usize {
        self.block.len()
    }

    /// True for an empty block.
    pub fn is_empty(&self) -> bool {
        self.block.is_empty()
    }

    /// Where the record is: the file and its offset.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }
}

/// An HTTP response message in a WARC record.
struct Message {
    content_type: Option<String>,
    /// `Content-Encoding`, lower-cased, when it is not `identity`.
    encoding: Option<String>,
    body: Vec<u8>,
}

/// Undoes a `Content-Encoding`, reading at most `limit` decoded bytes.
fn decode_body(encoding: &str, body: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let read = match encoding {
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(body)
            .take(limit.saturating_add(1))
            .read_to_end(&mut out),
        "deflate" => {
            // Servers send zlib-wrapped or raw deflate under this name; try the former first.
            let zlib = flate2::read::ZlibDecoder::new(body)
                .take(limit.saturating_add(1))
                .read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                flate2::read::DeflateDecoder::new(body)
                    .take(limit.saturating_add(1))
                    .read_to_end(&mut out)
            } else {
                zlib
            }
        }
        other => {
            return Err(format!(
                "a payload with Content-Encoding {other:?}, which unboil cannot decode; skipped"
            ))
        }
    };
    read.map_err(|e| {
        format!("a payload with Content-Encoding {encoding} that does not decode: {e}")
    })?;
    if out.len() as u64 > limit {
        return Err(format!(
            "a payload over the {limit}-byte limit once decoded (raise input.max_warc_record_bytes to read it)"
        ));
    }
    Ok(out)
}

fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.trim_end_matches(".gz")
        .trim_end_matches(".warc")
        .to_string()
}

/// The content type, content encoding and body of an HTTP response message, de-chunked when
/// needed. The body is the block's own buffer with the head taken off the front, not a copy of
/// it in a new one.
fn http_payload(mut block: Vec<u8>) -> Option<Message> {
    let split = memmem::find(&block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| memmem::find(&block, b"\n\n").map(|i| (i, i + 2)))?;
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    if !lines.next()?.starts_with("HTTP/") {
        return None;
    }
    let mut content_type = None;
    let mut encoding = None;
    let mut chunked = false;
    for line in lines {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim(), v.trim());
        if k.eq_ignore_ascii_case("content-type") {
            content_type = Some(v.to_string());
        } else if k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked") {
            chunked = true;
        } else if k.eq_ignore_ascii_case("content-encoding") {
            let v = v.to_ascii_lowercase();
            encoding = (!v.is_empty() && v != "identity").then_some(v);
        }
    }
    let body = match chunked.then(|| dechunk(&block[split.1..])).flatten() {
        Some(joined) => joined,
        None => {
            block.drain(..split.1);
            block
        }
    };
    Some(Message {
        content_type,
        encoding,
        body,
    })
}

/// Joins the chunks of a chunked transfer encoding.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &str) -> String {
        record_claiming(kind, uri, block, &block.len().to_string())
    }

    /// A record whose Content-Length says `length`, whatever its block's size.
    fn record_claiming(kind: &str, uri: &str, block: &str, length: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Length: {length}\r\n\r\n{block}\r\n\r\n"
        )
    }

    fn pages_of(bytes: &[u8], name: &str) -> Vec<Result<RawPage, SourceError>> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        WarcSource::new(&path).pages().collect()
    }

    #[test]
    fn response_records_become_pages_and_others_are_passed_over() {
        let warc = record("request", "https://a.org/x", "GET /x HTTP/1.1\r\n\r\n")
            + &record(
                "response",
                "https://a.org/x",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hello</p>",
            )
            + &record("response", "https://a.org/i.png", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG")
            + &record(
                "response",
                "https://a.org/c",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>Hi\r\n4\r\n!</p\r\n1\r\n>\r\n0\r\n\r\n",
            );
        let all = pages_of(warc.as_bytes(), "crawl.warc");
        assert_eq!(all.len(), 3, "two pages and the image, skipped");
        let skipped = all[1].as_ref().expect_err("the image");
        assert!(
            skipped.is_skip() && skipped.to_string().contains("image/png"),
            "{skipped}"
        );
        let pages: Vec<RawPage> = all.into_iter().filter_map(Result::ok).collect();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].url.as_deref(), Some("https://a.org/x"));
        assert_eq!(pages[0].body, b"<p>Hello</p>");
        assert_eq!(pages[1].body, b"<p>Hi!</p>");
    }

    #[test]
    fn gzipped_files_are_read() {
        use std::io::Write;
        let warc = record(
            "response",
            "https://a.org/x",
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>",
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(warc.as_bytes()).expect("gzip");
        let bytes = gz.finish().expect("gzip");
        let pages = pages_of(&bytes, "crawl.warc.gz");
        assert_eq!(pages.len(), 1);
        assert!(pages[0].is_ok());
    }

    #[test]
    fn a_truncated_record_is_reported_with_its_offset() {
        let warc =
            "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nHTTP/1.1 200 OK\r\n";
        let pages = pages_of(warc.as_bytes(), "bad.warc");
        let err = pages[0].as_ref().unwrap_err().to_string();
        assert!(
            err.contains("bad.warc@") && err.contains("truncated"),
            "{err}"
        );
    }

    #[test]
    fn a_file_that_is_not_warc_says_so() {
        let pages = pages_of(b"{\"not\": \"warc\"}\n", "x.warc");
        let err = pages[0].as_ref().unwrap_err().to_string();
        assert!(err.contains("is this a WARC file?"), "{err}");
    }

    fn html_block(text: &str) -> String {
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>{text}</p>")
    }

    fn html_record(uri: &str, text: &str) -> String {
        record("response", uri, &html_block(text))
    }

    /// The pages read and the errors met, as (url or error text).
    fn outcome(bytes: &[u8], name: &str) -> (Vec<String>, Vec<String>) {
        let mut pages = Vec::new();
        let mut errors = Vec::new();
        for p in pages_of(bytes, name) {
            match p {
                Ok(p) => pages.push(p.url.unwrap_or_default()),
                Err(e) => errors.push(e.to_string()),
            }
        }
        (pages, errors)
    }

    /// Found probing dumps (issue 9): one record with a Content-Length shorter than its block
    /// dropped every record after it.
    #[test]
    fn a_short_content_length_costs_that_record_only() {
        let block = html_block("cut short");
        let bad = record_claiming(
            "response",
            "https://a.org/bad",
            &block,
            &(block.len() - 9).to_string(),
        );
        let warc =
            html_record("https://a.org/1", "one") + &bad + &html_record("https://a.org/2", "two");
        let (pages, errors) = outcome(warc.as_bytes(), "c.warc");
        assert_eq!(pages, ["https://a.org/1", "https://a.org/2"]);
        assert_eq!(errors.len(), 1);
        let offset = html_record("https://a.org/1", "one").len();
        assert!(
            errors[0].contains(&format!("c.warc@{offset}")),
            "{}",
            errors[0]
        );
        assert!(errors[0].contains("reading goes on"), "{}", errors[0]);
    }

    /// Found probing dumps (issue 9): a record without a Content-Length, and bytes between
    /// records that are no record, each ended the file.
    #[test]
    fn a_missing_content_length_and_garbage_between_records_are_passed_over() {
        let no_length = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.org/x\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>\r\n\r\n";
        let warc = html_record("https://a.org/1", "one")
            + no_length
            + &html_record("https://a.org/2", "two")
            + "garbage\nmore garbage WARC/1.0 not at a line start\n"
            + &html_record("https://a.org/3", "three");
        let (pages, errors) = outcome(warc.as_bytes(), "g.warc");
        assert_eq!(
            pages,
            ["https://a.org/1", "https://a.org/2", "https://a.org/3"]
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].contains("without a valid Content-Length"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].contains("expected a WARC record"),
            "{}",
            errors[1]
        );
    }

    /// Found probing dumps (issue 9): a Content-Length of 2^64-1 swallowed the rest of the file
    /// and the run ended with exit 0. The records after it are read, plain or gzipped.
    #[test]
    fn a_content_length_of_2_to_the_64_swallows_nothing() {
        use std::io::Write;
        let huge = record_claiming(
            "response",
            "https://a.org/huge",
            &html_block("huge"),
            &u64::MAX.to_string(),
        );
        let warc =
            html_record("https://a.org/1", "one") + &huge + &html_record("https://a.org/2", "two");
        let (pages, errors) = outcome(warc.as_bytes(), "h.warc");
        assert_eq!(pages, ["https://a.org/1", "https://a.org/2"]);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("reading goes on at the record at offset"),
            "{}",
            errors[0]
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(warc.as_bytes()).expect("gzip");
        let (pages, _) = outcome(&gz.finish().expect("gzip"), "h.warc.gz");
        assert_eq!(pages, ["https://a.org/1", "https://a.org/2"]);
    }

    /// Found probing dumps (issue 9): a response over 64 MB was skipped and counted nowhere.
    #[test]
    fn an_oversized_record_is_skipped_with_its_reason() {
        let big = format!("<p>{}</p>", "x".repeat(5000));
        let warc = html_record("https://a.org/1", "one")
            + &record(
                "response",
                "https://a.org/big",
                &format!("HTTP/1.1 200 OK\r\n\r\n{big}"),
            )
            + &html_record("https://a.org/2", "two");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("o.warc");
        std::fs::write(&path, warc).expect("write");
        let all: Vec<_> = WarcSource::new(&path)
            .with_max_record_bytes(1000)
            .pages()
            .collect();
        assert_eq!(all.len(), 3);
        let skipped = all[1].as_ref().expect_err("skipped");
        assert!(skipped.is_skip(), "{skipped}");
        assert!(
            skipped.to_string().contains("max_warc_record_bytes"),
            "{skipped}"
        );
        assert!(all[0].is_ok() && all[2].is_ok());
    }

    /// Found probing dumps (issue 9): a `Content-Encoding: gzip` payload was written out as
    /// compressed bytes.
    #[test]
    fn gzip_encoded_payloads_are_decoded() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>Decoded text.</p>").expect("gzip");
        let body = gz.finish().expect("gzip");
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        block.extend_from_slice(&body);
        let mut warc = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.org/z\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        warc.extend_from_slice(&block);
        warc.extend_from_slice(b"\r\n\r\n");
        let pages = pages_of(&warc, "z.warc");
        assert_eq!(
            pages[0].as_ref().expect("a page").body,
            b"<p>Decoded text.</p>"
        );
    }

    /// How a generated record is damaged, if at all.
    #[derive(Debug, Clone, Copy)]
    enum Damage {
        None,
        Shorter(usize),
        Longer(usize),
        NoLength,
        HugeLength,
        GarbageAfter,
        NotHttp,
    }

    fn damage() -> impl proptest::strategy::Strategy<Value = Damage> {
        use proptest::prelude::*;
        prop_oneof![
            6 => Just(Damage::None),
            1 => (1..40usize).prop_map(Damage::Shorter),
            1 => (1..200usize).prop_map(Damage::Longer),
            1 => Just(Damage::NoLength),
            1 => Just(Damage::HugeLength),
            1 => Just(Damage::GarbageAfter),
            1 => Just(Damage::NotHttp),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(150))]

        /// Damaged records anywhere in a file: nothing panics, every undamaged record is read,
        /// in order, plain or gzipped, and every record is read or reported.
        #[test]
        fn damaged_records_cost_only_themselves(
            damages in proptest::collection::vec(damage(), 1..12),
            text in "[a-z ]{0,80}",
            gzip in proptest::prelude::any::<bool>(),
        ) {
            use std::io::Write;
            let mut warc = String::new();
            let mut intact = Vec::new();
            for (i, d) in damages.iter().enumerate() {
                let uri = format!("https://a.org/{i}");
                let block = html_block(&format!("{text} {i}"));
                let n = block.len();
                warc += &match d {
                    Damage::None => {
                        intact.push(uri.clone());
                        record("response", &uri, &block)
                    }
                    Damage::Shorter(k) => record_claiming("response", &uri, &block, &n.saturating_sub(*k).max(1).to_string()),
                    Damage::Longer(k) => record_claiming("response", &uri, &block, &(n + k).to_string()),
                    Damage::NoLength => record_claiming("response", &uri, &block, "lots"),
                    Damage::HugeLength => record_claiming("response", &uri, &block, &u64::MAX.to_string()),
                    Damage::GarbageAfter => {
                        intact.push(uri.clone());
                        record("response", &uri, &block) + "some bytes that are no record\r\n"
                    }
                    Damage::NotHttp => record("response", &uri, "no http here"),
                };
            }
            let bytes = if gzip {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                gz.write_all(warc.as_bytes()).expect("gzip");
                gz.finish().expect("gzip")
            } else {
                warc.into_bytes()
            };
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join(if gzip { "f.warc.gz" } else { "f.warc" });
            std::fs::write(&path, bytes).expect("write");
            let all: Vec<_> = WarcSource::new(&path).with_max_record_bytes(100_000).pages().take(1000).collect();
            let pages: Vec<String> = all.iter().filter_map(|p| p.as_ref().ok()).filter_map(|p| p.url.clone()).collect();
            let mut it = pages.iter();
            for uri in &intact {
                proptest::prop_assert!(it.any(|p| p == uri), "{} lost; read {:?} of {:?}", uri, pages, damages);
            }
            // Every record is accounted for: read, or reported (a length one byte long at the
            // end of the file is harmless, and such a record is simply read).
            proptest::prop_assert!(all.len() >= damages.len(), "{} results for {} records: {:?}", all.len(), damages.len(), all);
            proptest::prop_assert!(all.len() <= 2 * damages.len(), "{} results for {} records", all.len(), damages.len());
        }

        /// Any bytes at all: nothing panics and reading ends.
        #[test]
        fn arbitrary_bytes_do_not_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000), prefix in proptest::prelude::any::<bool>()) {
            let mut data = if prefix { b"WARC/1.0\r\nContent-Length: 10\r\n\r\n".to_vec() } else { Vec::new() };
            data.extend_from_slice(&bytes);
            let n = pages_of(&data, "r.warc").len();
            proptest::prop_assert!(n <= data.len() + 1);
        }
    }
}
