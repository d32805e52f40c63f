//! `<noscript>` read as markup, for pages that are empty until their scripts run.
//!
//! A browser with scripts on (and html5ever, which parses as one) reads a `<noscript>` body as
//! raw text; the pre-pass cuts it. For most pages that is right: it holds a tracking pixel or
//! "please enable JavaScript". But pages that build their text with scripts often ship the whole
//! text there for readers and crawlers without them. Renaming the element to a `<div>` makes the
//! parser read its body as the markup it is.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use std::sync::OnceLock;

fn tags() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(["<noscript", "</noscript"])
            .expect("two literal patterns")
    })
}

/// `html` with every `<noscript>` start and end tag renamed to `<div>`, or None when it has none.
pub fn unwrapped(html: &str) -> Option<String> {
    let ac = tags();
    ac.find(html)?;
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for m in ac.find_iter(html) {
        // Only a whole tag name: `<noscripts>` is another element.
        let next = html.as_bytes().get(m.end()).copied();
        if next.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'-') {
            continue;
        }
        out.push_str(&html[last..m.start()]);
        out.push_str(if m.pattern().as_usize() == 0 {
            "<div"
        } else {
            "</div"
        });
        last = m.end();
    }
    out.push_str(&html[last..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noscript_tags_become_divs() {
        let got = unwrapped("<body><NoScript data-x=1><p>Text</p></noscript></body>");
        assert_eq!(
            got.as_deref(),
            Some("<body><div data-x=1><p>Text</p></div></body>")
        );
    }

    #[test]
    fn other_names_and_pages_without_noscript_are_left_alone() {
        assert_eq!(unwrapped("<p>plain</p>"), None);
        assert_eq!(
            unwrapped("<noscripts>a</noscripts>").as_deref(),
            Some("<noscripts>a</noscripts>")
        );
    }
}
