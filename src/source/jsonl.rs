//! JSONL dumps: one page per line, as scrapers commonly save them.
//!
//! Each line is an object with the page under `html`, `text`, `content` or `body`, and optionally
//! `id` and `url`. A malformed line is reported with its file and line number and the rest is read.

use super::{Origin, Pages, RawPage, SourceError};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// Fields that may hold the page, in the order they are looked for.
const BODY_FIELDS: [&str; 5] = ["html", "raw_html", "text", "content", "body"];

/// Reads the pages of one JSONL (optionally gzipped) file.
#[derive(Debug, Clone)]
pub struct JsonlSource {
    path: PathBuf,
}

impl JsonlSource {
    /// A source over the dump at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        JsonlSource { path: path.into() }
    }

    /// The dump's pages, lazily, one line at a time.
    pub fn pages(&self) -> Pages {
        let path = self.path.clone();
        let reader = match super::open_dump(&path) {
            Ok(r) => r,
            Err(e) => return Box::new(std::iter::once(Err(e))),
        };
        let stem = dump_stem(&path);
        let lines = BufReader::new(reader).lines().enumerate();
        Box::new(lines.filter_map(move |(i, line)| {
            let line_no = i + 1;
            match line {
                Err(source) => Some(Err(SourceError::Read {
                    path: path.clone(),
                    source,
                })),
                Ok(line) if line.trim().is_empty() => None,
                Ok(line) => Some(parse_line(&path, &stem, line_no, &line)),
            }
        }))
    }
}

/// A dump's file name without its `.jsonl[.gz]` ending, used to name pages that carry no id.
fn dump_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    for ext in [".jsonl.gz", ".jsonl", ".ndjson"] {
        if lower.ends_with(ext) {
            return name[..name.len() - ext.len()].to_string();
        }
    }
    name
}

fn parse_line(path: &Path, stem: &str, line_no: usize, line: &str) -> Result<RawPage, SourceError> {
    let origin = Origin::JsonlLine {
        path: path.to_path_buf(),
        line: line_no,
    };
    let malformed = |reason: String| SourceError::Malformed {
        origin: origin.to_string(),
        reason,
    };
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
        malformed(format!(
            "not a JSON object: {e} (each line must be one object)"
        ))
    })?;
    let obj = value
        .as_object()
        .ok_or_else(|| malformed("not a JSON object (each line must be one object)".into()))?;
    let (field, body) = BODY_FIELDS
        .iter()
        .find_map(|f| obj.get(*f).and_then(|v| v.as_str()).map(|s| (*f, s)))
        .ok_or_else(|| {
            malformed(format!(
                "no page text: expected a string field named one of {}",
                BODY_FIELDS.join(", ")
            ))
        })?;
    let url = obj.get("url").and_then(|v| v.as_str()).map(str::to_string);
    let id = match obj.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{stem}/{line_no}"),
    };
    if body.trim().is_empty() {
        return Err(SourceError::Skipped {
            origin: origin.to_string(),
            reason: format!("empty `{field}` field"),
        });
    }
    let mut page = RawPage::new(id, origin, body.as_bytes().to_vec());
    page.url = url;
    page.content_type = Some(
        if field.contains("html") {
            "text/html; charset=utf-8"
        } else {
            "text/plain; charset=utf-8"
        }
        .to_string(),
    );
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_with_html_and_url_becomes_a_page() {
        let page = parse_line(
            Path::new("d.jsonl"),
            "d",
            3,
            r#"{"id":"a1","url":"https://x.org/a","html":"<p>Hi</p>"}"#,
        )
        .expect("valid line");
        assert_eq!(page.id, "a1");
        assert_eq!(page.url.as_deref(), Some("https://x.org/a"));
        assert_eq!(page.body, b"<p>Hi</p>");
    }

    #[test]
    fn a_line_without_id_is_named_after_the_dump_and_line() {
        let page = parse_line(Path::new("d.jsonl"), "d", 7, r#"{"text":"Hello"}"#).expect("valid");
        assert_eq!(page.id, "d/7");
    }

    #[test]
    fn a_broken_line_names_its_file_and_line() {
        let err = parse_line(Path::new("d.jsonl"), "d", 9, "{oops").unwrap_err();
        assert!(err.to_string().starts_with("d.jsonl:9:"), "{err}");
    }
}
