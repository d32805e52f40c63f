//! `<noscript>` read as markup, for pages that are empty until their scripts run.
//!
//! A browser with scripts on (and html5ever, which parses as one) reads a `<noscript>` body as
//! raw text; the pre-pass cuts it. For most pages that is right: it holds a tracking pixel or
//! "please enable JavaScript". But pages that build their text with scripts often ship the whole
//! text there for readers and crawlers without them. Renaming the element to a `<div>` makes the
//! parser read its body as the markup it is.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use std::sync::OnceLock;

/// Elements whose content is text, never markup: a `<noscript>` written inside one is text
/// and stays as written. (`<plaintext>` has no end: everything after it is text.)
const RAW_TEXT: [&str; 9] = [
    "plaintext",
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
];

/// The start and end tags of `<noscript>`, then the start tags of [`RAW_TEXT`], in that order.
fn tags() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        let raw = RAW_TEXT.iter().map(|name| format!("<{name}"));
        let patterns: Vec<String> = ["<noscript".to_string(), "</noscript".to_string()]
            .into_iter()
            .chain(raw)
            .collect();
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(patterns)
            .expect("literal patterns")
    })
}

/// Where the raw text opened by `<name` at `from` ends: after its end tag, or at the end of
/// `html` (always for `<plaintext>`).
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    if name == "plaintext" {
        return html.len();
    }
    let close = format!("</{name}");
    let finder = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build([close.as_str()]);
    finder
        .ok()
        .and_then(|f| f.find(&html[from..]))
        .map_or(html.len(), |m| from + m.end())
}

/// Where the `<noscript>` start and end tags of a page are (but those written as text inside a
/// [`RAW_TEXT`] element), to be renamed to `<div>`. They are found before the renamed copy is
/// written, so that a caller holding a large tree of the page can free it first.
pub struct Renames {
    /// Each tag name's span, and whether it opens (`<noscript`) or closes (`</noscript`).
    spans: Vec<(usize, usize, bool)>,
}

impl Renames {
    /// The `<noscript>` tags of `html` to rename, or None when it has none.
    pub fn find(html: &str) -> Option<Self> {
        let ac = tags();
        let mut spans = Vec::new();
        let mut at = 0;
        while let Some(m) = ac.find(&html[at..]) {
            let (start, end) = (at + m.start(), at + m.end());
            at = end;
            // Only a whole tag name: `<noscripts>` is another element.
            let next = html.as_bytes().get(end).copied();
            if next.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'-') {
                continue;
            }
            match m.pattern().as_usize() {
                open @ (0 | 1) => spans.push((start, end, open == 0)),
                raw => at = raw_text_end(html, end, RAW_TEXT[raw - 2]),
            }
        }
        // Nothing renamed (no `<noscript>`, or only as text): there is no other reading.
        (!spans.is_empty()).then_some(Renames { spans })
    }

    /// `html` with the tags renamed; `html` must be the page they were found in.
    pub fn apply(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut last = 0;
        for &(start, end, open) in &self.spans {
            out.push_str(&html[last..start]);
            out.push_str(if open { "<div" } else { "</div" });
            last = end;
        }
        out.push_str(&html[last..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `html` with its `<noscript>` tags renamed, or None when it has none.
    fn unwrapped(html: &str) -> Option<String> {
        Renames::find(html).map(|r| r.apply(html))
    }

    #[test]
    fn noscript_tags_become_divs() {
        let got = unwrapped("<body><NoScript data-x=1><p>Text</p></noscript></body>");
        assert_eq!(
            got.as_deref(),
            Some("<body><div data-x=1><p>Text</p></div></body>")
        );
    }

    /// Found by the tag-soup property (the output must hold no text the input lacks):
    /// `<plaintext><noscript>` came out as the text `<div>`.
    #[test]
    fn noscript_written_as_text_stays_as_written() {
        assert_eq!(
            unwrapped("<noscript><plaintext><noscript>x").as_deref(),
            Some("<div><plaintext><noscript>x")
        );
        assert_eq!(
            unwrapped("<noscript><TEXTAREA><noscript></textarea></noscript>").as_deref(),
            Some("<div><TEXTAREA><noscript></textarea></div>")
        );
    }

    #[test]
    fn other_names_and_pages_without_noscript_are_left_alone() {
        assert_eq!(unwrapped("<p>plain</p>"), None);
        assert_eq!(unwrapped("<title>t</title><p>plain</p>"), None);
        assert_eq!(unwrapped("<textarea><noscript></textarea>"), None);
        // Another element's name: nothing to rename, so no second reading of the same page.
        assert_eq!(unwrapped("<noscripts>a</noscripts>"), None);
    }
}
