//! A cleaned document as text, Markdown or a JSON record.

use super::json_string;
pub use super::markdown::markdown;
use crate::config::Format;
use crate::document::{Confidence, Document, Field, Flag, MetaSource};
use crate::trail::{Cut, Removal, Trail};
use serde::Serialize;
use std::collections::BTreeMap;

/// The document's text in `format` (JSONL gives one JSON line, JSON one indented object),
/// ending with a newline.
pub fn render(doc: &Document, trail: &Trail, format: Format, header: bool) -> String {
    let mut out = String::new();
    match format {
        Format::Jsonl => {
            let mut line = Vec::new();
            write_jsonl(doc, trail, &mut line);
            out = String::from_utf8(line).expect("JSON written from strings is UTF-8");
        }
        Format::Json => {
            out = serde_json::to_string_pretty(&Record::new(doc, trail))
                .expect("a record of strings and numbers always serialises");
        }
        Format::Text => {
            if header {
                out.push_str(&text_header(doc));
            }
            out.push_str(&doc.text());
        }
        Format::Markdown => {
            if header {
                if let Some(title) = &doc.meta.title {
                    out.push_str(&format!("# {}\n\n", title.value));
                }
                // The other fields as a list under the title.
                let fields: Vec<String> = text_header(doc)
                    .lines()
                    .filter(|l| !l.is_empty() && !l.starts_with("Title: "))
                    .map(|l| format!("- {l}"))
                    .collect();
                if !fields.is_empty() {
                    out.push_str(&fields.join("\n"));
                    out.push_str("\n\n");
                }
            }
            out.push_str(&markdown(doc));
        }
    }
    out.push('\n');
    out
}

/// "Title: …" lines for the fields the document has, then a blank line.
fn text_header(doc: &Document) -> String {
    let m = &doc.meta;
    let mut lines = Vec::new();
    let mut add = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            lines.push(format!("{name}: {v}"));
        }
    };
    add("Title", m.title.as_ref().map(|f| f.value.clone()));
    add("Authors", m.authors.as_ref().map(|f| f.value.join(", ")));
    add("Published", m.published.as_ref().map(|f| f.value.clone()));
    add("Site", m.site_name.as_ref().map(|f| f.value.clone()));
    add(
        "URL",
        m.canonical_url
            .as_ref()
            .map(|f| f.value.clone())
            .or_else(|| doc.url.clone()),
    );
    add("Language", m.language.as_ref().map(|f| f.value.clone()));
    if lines.is_empty() {
        return String::new();
    }
    lines.join("\n") + "\n\n"
}

/// The JSONL record of one document.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    id: &'a str,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    authors: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    canonical_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    /// Where each metadata field came from.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    meta_sources: BTreeMap<&'static str, MetaSource>,
    #[serde(skip_serializing_if = "<[Flag]>::is_empty")]
    flags: &'a [Flag],
    /// How sure extraction was, 0 to 1 (HTML inputs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<Confidence>,
    /// `None` only in [`Record::head`], which [`write_jsonl`] ends itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    removals: Option<&'a [Removal]>,
}

impl<'a> Record<'a> {
    /// The record of `doc` cleaned with `trail`.
    pub fn new(doc: &'a Document, trail: &'a Trail) -> Self {
        Record {
            text: Some(doc.text()),
            removals: Some(trail.removals()),
            ..Record::head(doc)
        }
    }

    /// The record without its last two fields, the text and the removals.
    fn head(doc: &'a Document) -> Self {
        let m = &doc.meta;
        let mut sources = BTreeMap::new();
        fn val<'b, T: ?Sized>(
            name: &'static str,
            f: &'b Option<Field<impl std::borrow::Borrow<T>>>,
            sources: &mut BTreeMap<&'static str, MetaSource>,
        ) -> Option<&'b T> {
            f.as_ref().map(|f| {
                sources.insert(name, f.source);
                f.value.borrow()
            })
        }
        Record {
            id: &doc.id,
            source: &doc.source,
            url: doc.url.as_deref(),
            title: val::<str>("title", &m.title, &mut sources),
            authors: val::<[String]>("authors", &m.authors, &mut sources),
            published: val::<str>("published", &m.published, &mut sources),
            site_name: val::<str>("site_name", &m.site_name, &mut sources),
            canonical_url: val::<str>("canonical_url", &m.canonical_url, &mut sources),
            language: val::<str>("language", &m.language, &mut sources),
            description: val::<str>("description", &m.description, &mut sources),
            meta_sources: sources,
            flags: &doc.flags,
            confidence: doc.confidence,
            text: None,
            removals: None,
        }
    }
}

/// Appends the JSONL line of `doc` (without its newline) to `out`: the bytes of
/// `serde_json::to_writer(out, &Record::new(doc, trail))`, with the text, most of the line,
/// escaped by [`json_string::write_joined`] rather than one byte at a time (a unit test compares the
/// two). The text and the removals are the record's last fields, so the head is serialised as
/// it was and only its closing brace is taken back.
pub fn write_jsonl(doc: &Document, trail: &Trail, out: &mut Vec<u8>) {
    serde_json::to_writer(&mut *out, &Record::head(doc))
        .expect("a record of strings and numbers always serialises");
    // The head always has an id and a source, so it ends `…}` after a field.
    if out.last() == Some(&b'}') {
        out.pop();
    }
    out.extend_from_slice(b",\"text\":");
    // `doc.text()`, escaped block by block instead of joined first.
    let blocks = doc.blocks.iter().map(|b| b.text.as_str());
    json_string::write_joined(blocks, doc.layout.separator(), out);
    out.extend_from_slice(b",\"removals\":");
    write_removals(trail.removals(), out);
    out.push(b'}');
}

/// Appends `removals` as the JSON array serde_json writes of them (`by`, `block`, the cut's
/// `what` and its fields, `text`), their strings escaped by [`json_string::write_joined`]: on
/// a dump of articles the removed text is the second largest part of a line, and serde_json's
/// flattened enum went through a map serialiser for every removal.
fn write_removals(removals: &[Removal], out: &mut Vec<u8>) {
    use std::io::Write as _;
    let string = |s: &str, out: &mut Vec<u8>| json_string::write_joined([s].into_iter(), "", out);
    out.push(b'[');
    for (i, r) in removals.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"by\":");
        string(&r.by, out);
        let what = match r.cut {
            Cut::Block => "block",
            Cut::Element => "element",
            Cut::Region => "region",
            Cut::FellBack => "fell_back",
            Cut::Learned { .. } => "learned",
            Cut::Span { .. } => "span",
        };
        // Writing into a Vec cannot fail.
        let _ = write!(out, ",\"block\":{},\"what\":\"{what}\"", r.block);
        let _ = match r.cut {
            Cut::Learned { pages } => write!(out, ",\"pages\":{pages}"),
            Cut::Span { start, end } => write!(out, ",\"start\":{start},\"end\":{end}"),
            Cut::Block | Cut::Element | Cut::Region | Cut::FellBack => Ok(()),
        };
        out.extend_from_slice(b",\"text\":");
        string(&r.text, out);
        out.push(b'}');
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, BlockKind};

    fn doc() -> Document {
        let mut d = Document::new("a", "a.html");
        d.meta.title = Some(Field::new("T".into(), MetaSource::JsonLd));
        d.blocks = vec![
            Block::new(BlockKind::Heading(2), "Part", 0),
            Block::new(BlockKind::ListItem, "one", 1),
            Block::new(BlockKind::Paragraph, "Text.", 2),
        ];
        d
    }

    #[test]
    fn markdown_marks_up_blocks() {
        assert_eq!(markdown(&doc()), "## Part\n\n- one\n\nText.");
    }

    #[test]
    fn jsonl_carries_metadata_sources_and_removals() {
        let mut trail = Trail::new();
        trail.dropped("strip_teasers", 3, "Advertisement");
        let line = render(&doc(), &trail, Format::Jsonl, false);
        let v: serde_json::Value = serde_json::from_str(&line).expect("valid json");
        assert_eq!(v["title"], "T");
        assert_eq!(v["meta_sources"]["title"], "json_ld");
        assert_eq!(v["removals"][0]["by"], "strip_teasers");
        assert_eq!(v["removals"][0]["text"], "Advertisement");
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
    }

    proptest::proptest! {
        /// The line written with the fast escaping is the line serde_json writes, whatever the
        /// text holds (quotes, backslashes, controls, non-ASCII) and whatever fields are set.
        #[test]
        fn the_jsonl_line_is_serde_jsons(
            lines in proptest::collection::vec("[a-z \"\\\\\u{0}-\u{1f}\u{7f}é’😀/]{1,40}", 1..6),
            title in proptest::option::of("[A-Za-z \"]{0,12}"),
            removed in proptest::option::of("[a-z\n\"]{0,12}"),
        ) {
            let mut d = Document::new("id \"1\"", "dump.jsonl:3");
            d.url = Some("https://example.org/a?b=\"c\"".into());
            d.meta.title = title.map(|t| Field::new(t, MetaSource::Text));
            d.blocks = lines
                .iter()
                .enumerate()
                .map(|(i, l)| Block::new(BlockKind::Paragraph, l.as_str(), i))
                .collect();
            let mut trail = Trail::new();
            if let Some(r) = removed {
                trail.dropped("strip_teasers", 0, r.clone());
                for (n, cut) in [
                    Cut::Element,
                    Cut::Region,
                    Cut::FellBack,
                    Cut::Learned { pages: 7 },
                    Cut::Span { start: 3, end: 12 },
                ]
                .into_iter()
                .enumerate()
                {
                    trail.push(Removal {
                        by: format!("rule:x.org/r\"{n}"),
                        block: n * 1000,
                        cut,
                        text: r.clone(),
                    });
                }
            }
            let mut ours = Vec::new();
            write_jsonl(&d, &trail, &mut ours);
            let theirs = serde_json::to_vec(&Record::new(&d, &trail)).expect("serialises");
            proptest::prop_assert_eq!(String::from_utf8(ours).expect("utf-8"), String::from_utf8(theirs).expect("utf-8"));
        }
    }

    #[test]
    fn text_header_lists_known_fields() {
        let out = render(&doc(), &Trail::new(), Format::Text, true);
        assert!(
            out.starts_with("Title: T\n\nPart\n\none\n\nText.\n"),
            "{out}"
        );
    }
}
