//! WARC files (plain or gzipped, as crawlers such as Common Crawl write them): each `response`
//! record with an HTML or text payload becomes a page with its target URI; requests, metadata and
//! other records are passed over. A malformed record is reported with its file and offset, and
//! reading stops there (the framing after it cannot be trusted).

use super::{Origin, Pages, RawPage, SourceError};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Records larger than this are skipped unread rather than held in memory.
const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;

/// Reads the pages of one WARC file.
#[derive(Debug, Clone)]
pub struct WarcSource {
    path: PathBuf,
}

impl WarcSource {
    /// A source over the WARC file at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        WarcSource { path: path.into() }
    }

    /// The file's response records, lazily.
    pub fn pages(&self) -> Pages {
        let path = self.path.clone();
        let reader = match super::open_dump(&path) {
            Ok(r) => r,
            Err(e) => return Box::new(std::iter::once(Err(e))),
        };
        let mut records = Records {
            reader: BufReader::new(reader),
            path,
            offset: 0,
            done: false,
        };
        Box::new(std::iter::from_fn(move || records.next_page()))
    }
}

struct Records {
    reader: BufReader<Box<dyn Read + Send>>,
    path: PathBuf,
    /// Offset in the (decompressed) stream, for messages.
    offset: u64,
    done: bool,
}

impl Records {
    fn fail(&mut self, reason: impl Into<String>) -> Option<Result<RawPage, SourceError>> {
        self.done = true;
        Some(Err(SourceError::Malformed {
            origin: format!("{}@{}", self.path.display(), self.offset),
            reason: reason.into(),
        }))
    }

    fn read_line(&mut self) -> std::io::Result<Option<String>> {
        let mut line = Vec::new();
        let n = self.reader.read_until(b'\n', &mut line)?;
        self.offset += n as u64;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(String::from_utf8_lossy(&line).trim_end().to_string()))
    }

    /// The next response page, skipping other records.
    fn next_page(&mut self) -> Option<Result<RawPage, SourceError>> {
        while !self.done {
            let start = self.offset;
            // Skip the blank lines between records.
            let version = loop {
                match self.read_line() {
                    Ok(None) => return None,
                    Ok(Some(l)) if l.is_empty() => continue,
                    Ok(Some(l)) => break l,
                    Err(e) => return self.fail(format!("cannot read: {e}")),
                }
            };
            if !version.starts_with("WARC/") {
                return self.fail(format!(
                    "expected a WARC record, found {version:?}: is this a WARC file?"
                ));
            }
            let mut headers = Vec::new();
            loop {
                match self.read_line() {
                    Ok(Some(l)) if l.is_empty() => break,
                    Ok(Some(l)) => headers.push(l),
                    Ok(None) => {
                        return self.fail("the file ends inside a record's headers (truncated?)")
                    }
                    Err(e) => return self.fail(format!("cannot read: {e}")),
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
            let Some(length) = header("Content-Length").and_then(|l| l.parse::<u64>().ok()) else {
                return self.fail("a record without a valid Content-Length");
            };
            let kind = header("WARC-Type").unwrap_or_default();
            let uri = header("WARC-Target-URI");
            if kind != "response" || length > MAX_RECORD_BYTES {
                if let Err(e) =
                    std::io::copy(&mut (&mut self.reader).take(length), &mut std::io::sink())
                {
                    return self.fail(format!("cannot read: {e}"));
                }
                self.offset += length;
                continue;
            }
            let mut block = Vec::with_capacity(length as usize);
            match (&mut self.reader).take(length).read_to_end(&mut block) {
                Ok(n) if n as u64 == length => self.offset += length,
                Ok(_) => return self.fail("the file ends inside a record (truncated?)"),
                Err(e) => return self.fail(format!("cannot read: {e}")),
            }
            let origin = Origin::Warc {
                path: self.path.clone(),
                offset: start,
            };
            match http_payload(&block) {
                Some((content_type, body)) => {
                    let ct = content_type
                        .clone()
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    if !(ct.is_empty() || ct.contains("html") || ct.starts_with("text/")) {
                        continue;
                    }
                    let id = uri
                        .as_deref()
                        .and_then(|u| url::Url::parse(u).ok())
                        .map(|u| super::http::page_id(&u))
                        .unwrap_or_else(|| format!("{}/{start}", stem(&self.path)));
                    let mut page = RawPage::new(id, origin, body);
                    page.url = uri;
                    page.content_type = content_type;
                    return Some(Ok(page));
                }
                None => {
                    return Some(Err(SourceError::Malformed {
                        origin: origin.to_string(),
                        reason: "a response record without a readable HTTP message; skipped".into(),
                    }))
                }
            }
        }
        None
    }
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

/// The content type and body of an HTTP response message, de-chunked when needed.
fn http_payload(block: &[u8]) -> Option<(Option<String>, Vec<u8>)> {
    let split = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| {
            block
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|i| (i, i + 2))
        })?;
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    if !lines.next()?.starts_with("HTTP/") {
        return None;
    }
    let mut content_type = None;
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
        }
    }
    let body = &block[split.1..];
    let body = if chunked {
        dechunk(body).unwrap_or_else(|| body.to_vec())
    } else {
        body.to_vec()
    };
    Some((content_type, body))
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
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
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
        let pages: Vec<RawPage> = pages_of(warc.as_bytes(), "crawl.warc")
            .into_iter()
            .map(|p| p.expect("a page"))
            .collect();
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
}
