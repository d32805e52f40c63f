//! The article as every stage sees it: metadata plus an ordered list of blocks.
//!
//! Cleaners work on blocks rather than on one long string so that paragraph structure survives to the
//! output, and so that a removal can name the block it came from.

use serde::Serialize;

/// What kind of text a block holds. Sinks use it to lay the text out (Markdown headings, list bullets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "level")]
pub enum BlockKind {
    /// A heading, with its level (1 to 6).
    Heading(u8),
    /// A paragraph of running text.
    Paragraph,
    /// One item of a list.
    ListItem,
    /// A block quotation.
    Quote,
    /// Preformatted text (code, poems) whose line breaks matter.
    Preformatted,
    /// An image or figure caption.
    Caption,
    /// One row of a table, its cells joined by " | ".
    TableRow,
}

/// One unit of article text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// What the block is.
    #[serde(flatten)]
    pub kind: BlockKind,
    /// The block's text, without leading or trailing whitespace.
    pub text: String,
    /// Position of the block in the document as extracted, before any cleaner ran. Removals refer to
    /// blocks by this number, which stays stable while earlier blocks are dropped.
    #[serde(skip)]
    pub origin: usize,
    /// Where the block sits among its neighbours (list nesting, table header, code language).
    #[serde(flatten)]
    pub shape: Shape,
}

/// What a block's kind alone does not say about its layout, so that Markdown can number lists,
/// nest them, give tables their header row and code blocks their language. Every field has an
/// "unknown" value (its default), which is what text dumps and older producers give; serialised
/// only when known, so the JSON of a block without shape is what it always was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Shape {
    /// For a list item: its list is numbered (`<ol>`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ordered: bool,
    /// For a list item: how deep its list is nested, 1 for a list in running text; 0 when unknown.
    #[serde(skip_serializing_if = "is_zero")]
    pub depth: u8,
    /// For a table row: it is the table's header row (`<th>` cells, or a row in `<thead>`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub header: bool,
    /// For preformatted text: the language the page names for its code (`class="language-rust"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Blocks of one list (however nested) or one table share this number, so two lists or
    /// tables that follow each other stay two; 0 when unknown.
    #[serde(skip)]
    pub group: u32,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

impl Block {
    /// A block of `kind` holding `text` at original position `origin`.
    pub fn new(kind: BlockKind, text: impl Into<String>, origin: usize) -> Self {
        Block {
            kind,
            text: text.into(),
            origin,
            shape: Shape::default(),
        }
    }

    /// The block with `shape`.
    pub fn with_shape(mut self, shape: Shape) -> Self {
        self.shape = shape;
        self
    }
}

/// Where a metadata value was read from, so a user can tell a JSON-LD date from a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetaSource {
    /// A `<script type="application/ld+json">` object.
    JsonLd,
    /// An OpenGraph `<meta property="og:…">` tag.
    OpenGraph,
    /// Another `<meta>` tag (name=author, article:published_time, citation_*, …).
    Meta,
    /// A microdata `itemprop` attribute.
    Microdata,
    /// The page itself: `<title>`, `<h1>`, `<time>`, `<html lang>`, `<link rel=canonical>`.
    Page,
    /// The URL of the page.
    Url,
    /// The first line of a text dump.
    Text,
    /// Given by the user or by the source (a JSONL field, a fetch).
    Input,
    /// A site rule's `title` / `author` / `date` selector.
    SiteRule,
}

/// A metadata value with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub source: MetaSource,
}

impl<T> Field<T> {
    /// A value read from `source`.
    pub fn new(value: T, source: MetaSource) -> Self {
        Field { value, source }
    }
}

/// What is known about a document besides its text. Every field is optional: a text dump has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// The article's headline, without a site-name suffix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Field<String>>,
    /// Every author named by the page, in page order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authors: Option<Field<Vec<String>>>,
    /// Publication date in ISO 8601 (a date, or a date and time with offset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Field<String>>,
    /// The publication's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<Field<String>>,
    /// The canonical URL the page names for itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<Field<String>>,
    /// Language tag, such as `en` or `pt-BR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Field<String>>,
    /// The page's own summary of itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Field<String>>,
}

/// Something a user should know about a document that is not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The page looks like a paywall teaser: the text is likely not the whole article.
    Paywalled,
    /// The extractor found no clear article; the text is its best guess.
    LowConfidence,
    /// The input was not valid in its declared charset and was decoded with replacement characters.
    DecodedWithErrors,
}

/// A confidence from 0 to 1, kept in hundredths so that documents stay comparable with `==`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Confidence(u8);

impl Confidence {
    /// `value` clamped to 0..=1 and rounded to hundredths.
    pub fn new(value: f32) -> Self {
        Confidence((value.clamp(0.0, 1.0) * 100.0).round() as u8)
    }

    /// The value, from 0 to 1.
    pub fn value(self) -> f32 {
        f32::from(self.0) / 100.0
    }
}

impl Serialize for Confidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from(self.0) / 100.0)
    }
}

/// One article on its way from a source to a sink.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// A stable identifier: the input's relative path without extension, or a URL.
    pub id: String,
    /// Where the document was read from, as a user would name it (a path, a URL, `file.jsonl:12`).
    pub source: String,
    /// The page's URL when known; it selects the site rules that apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Title, authors, date and the rest.
    #[serde(flatten)]
    pub meta: Metadata,
    /// The article text, block by block, in reading order.
    pub blocks: Vec<Block>,
    /// Notes about the document (paywall, low confidence, decoding problems).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Flag>,
    /// How sure extraction is that the blocks are the page's main content, from 0 to 1; None for
    /// text inputs, which are taken as they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// How the input separated paragraphs: text dumps keep their own layout on output.
    #[serde(skip)]
    pub layout: Layout,
    /// The site a document without a URL is treated as coming from (`--site`), for site rules.
    #[serde(skip)]
    pub site: Option<String>,
}

/// How blocks are separated when a document is written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// One block per line: the input had no blank lines between paragraphs.
    Lines,
    /// A blank line between blocks.
    #[default]
    Paragraphs,
}

impl Layout {
    /// What goes between two blocks of the document's text.
    pub fn separator(self) -> &'static str {
        match self {
            Layout::Lines => "\n",
            Layout::Paragraphs => "\n\n",
        }
    }
}

impl Document {
    /// An empty document named `id`, read from `source`.
    pub fn new(id: impl Into<String>, source: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            source: source.into(),
            url: None,
            meta: Metadata::default(),
            blocks: Vec::new(),
            flags: Vec::new(),
            confidence: None,
            layout: Layout::default(),
            site: None,
        }
    }

    /// The host part of the document's URL (or the site it was assigned), lowercased, used to
    /// pick site rules.
    pub fn host(&self) -> Option<String> {
        site_host(self.url.as_deref(), self.site.as_deref())
    }

    /// The article as plain text, blocks separated as the input laid them out.
    pub fn text(&self) -> String {
        let sep = self.layout.separator();
        // Sized once: a run that keeps its documents' texts would otherwise hold up to twice
        // their length in spare capacity.
        let len = self.blocks.iter().map(|b| b.text.len()).sum::<usize>()
            + sep.len() * self.blocks.len().saturating_sub(1);
        let mut out = String::with_capacity(len);
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(&block.text);
        }
        out
    }

    /// True when the document holds no text at all.
    pub fn is_empty(&self) -> bool {
        self.blocks.iter().all(|b| b.text.trim().is_empty())
    }
}

/// The host that picks a document's site rules: the host of `url` when it has one, else `site`
/// (given by the user for inputs without a URL), lowercased and without a leading `www.`.
pub fn site_host(url: Option<&str>, site: Option<&str>) -> Option<String> {
    let from_url = url.and_then(|u| match plain_http_host(u) {
        Some(host) => Some(host.to_string()),
        None => url::Url::parse(u)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string)),
    });
    from_url
        .or_else(|| site.map(str::to_string))
        .map(|h| h.trim_start_matches("www.").to_ascii_lowercase())
}

/// The host of `url` read straight from its text, when the URL is one whose host
/// `url::Url::parse` would return as written: `http://` or `https://`, then a host of lowercase
/// ASCII letters, digits, dots and hyphens in labels of 1 to 63 characters (no `xn--` label,
/// which IDNA would check, and a last label that opens with a letter, so it is no IPv4
/// address), then the end or a `/`, `?`, `#` or `\`. Such a URL always parses (its path, query
/// and fragment are only ever escaped), and its host needs no mapping. Any other URL (a port,
/// user info, capitals, IDNA, whitespace) is `None`, for the parser to read. Parsing a URL was
/// a twentieth of cleaning a text dump's document, where most URLs are of this kind.
fn plain_http_host(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let host = &rest[..end];
    // The parser refuses URLs over 4 GB.
    if url.len() > u32::MAX as usize || host.is_empty() {
        return None;
    }
    let mut last = "";
    for label in host.split('.') {
        let plain = (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
            && !label.starts_with("xn--");
        if !plain {
            return None;
        }
        last = label;
    }
    last.starts_with(|c: char| c.is_ascii_lowercase())
        .then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The host as the URL parser gives it: what [`plain_http_host`] must agree with.
    fn parsed_host(url: &str) -> Option<String> {
        url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
    }

    #[test]
    fn plain_urls_are_read_without_the_parser() {
        assert_eq!(
            plain_http_host("https://www.example.org/news/a?b#c"),
            Some("www.example.org")
        );
        assert_eq!(plain_http_host("http://a-b.c9.com"), Some("a-b.c9.com"));
        assert_eq!(
            plain_http_host("https://example.org\\path"),
            Some("example.org")
        );
        for other in [
            "https://Example.org/",
            "https://example.org:8080/",
            "https://user@example.org/",
            "https://127.0.0.1/",
            "https://example.0x1f/",
            "https://xn--nxasmq6b.com/",
            "https://exa mple.org/",
            "https:///example.org",
            " https://example.org/",
            "ftp://example.org/",
            "https://bücher.de/",
        ] {
            assert_eq!(plain_http_host(other), None, "{other}");
        }
        assert_eq!(
            site_host(Some("https://WWW.Example.org:8080/a"), None).as_deref(),
            Some("example.org")
        );
    }

    proptest! {
        /// Where the host is read straight from the text, it is the parser's.
        #[test]
        fn a_plain_host_is_the_parsed_host(
            scheme in "(https?|HTTP|ftp)://",
            host in "[a-z0-9A-Z.\\-:@_ é]{0,24}",
            rest in "([/?#\\\\][a-z/%. \t]{0,10})?",
        ) {
            let url = format!("{scheme}{host}{rest}");
            if let Some(plain) = plain_http_host(&url) {
                prop_assert_eq!(Some(plain.to_string()), parsed_host(&url), "{:?}", url);
            }
        }

        /// And on hosts of the plain kind, it is read straight (the property above is not
        /// met by reading none).
        #[test]
        fn plain_hosts_are_read(
            labels in proptest::collection::vec("[a-z0-9]{1,8}(-[a-z0-9]{1,4})?", 1..4),
            tld in "[a-z]{2,6}",
            rest in "([/?#][a-z/%. ]{0,10})?",
        ) {
            let url = format!("https://{}.{tld}{rest}", labels.join("."));
            prop_assert_eq!(plain_http_host(&url).map(str::to_string), parsed_host(&url));
        }
    }
}
