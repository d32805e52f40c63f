//! A byte scan before tree building that cuts what can never hold article text: scripts, styles,
//! inline SVG, `<noscript>`, `<template>`, `<iframe>` and `<textarea>` bodies, and comments.
//!
//! On news pages these are often half the bytes, and html5ever builds nodes for all of them; cutting
//! them first is cheaper than parsing and then ignoring them. JSON-LD scripts stay, because the
//! metadata reader takes them from the tree. The scan steps over ordinary tags attribute by attribute,
//! so a `<script>` written inside a quoted attribute value is not mistaken for a tag.

use memchr::{memchr, memmem};
use std::borrow::Cow;

/// What the scan does with an element whose body the tokenizer reads as raw text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Raw {
    /// Cut the element, its body and its end tag.
    Cut,
    /// Keep it, but step over its body without scanning it (`<title>`, JSON-LD).
    Keep,
}

/// Elements cut whole, with how their end is found.
const CUT: &[&[u8]] = &[
    b"script",
    b"style",
    b"svg",
    b"noscript",
    b"template",
    b"iframe",
    b"textarea",
    b"math",
];

/// Nesting beyond this depth is flattened. html5ever checks scope by walking its stack of open
/// elements, so a page of a hundred thousand nested `<div>`s costs time quadratic in the depth;
/// real pages stay under a few hundred.
const MAX_DEPTH: usize = 512;

/// Attributes kept per tag. html5ever looks for a duplicate among the attributes already read
/// for every new one, so a tag with a hundred thousand attributes costs seconds; real tags have a
/// dozen.
const MAX_ATTRS: usize = 64;

/// The name at the start of a tag, after `<` or `</`.
fn tag_name(rest: &[u8]) -> &[u8] {
    let len = rest
        .iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        .unwrap_or(rest.len());
    &rest[..len]
}

/// True for elements that nest: not void and not closed implicitly by their siblings (`p`, `li`,
/// table parts). Formatting elements count: left open, they nest too, and html5ever re-opens
/// them in every new block.
fn nests(name: &[u8]) -> bool {
    const FLAT: &[&[u8]] = &[
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"keygen",
        b"basefont",
        b"bgsound",
        b"frame",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"option",
        b"optgroup",
        b"tr",
        b"td",
        b"th",
        b"tbody",
        b"thead",
        b"tfoot",
        b"colgroup",
        b"caption",
        b"rb",
        b"rt",
        b"rtc",
        b"rp",
        b"html",
        b"head",
        b"body",
    ];
    !name.is_empty() && !FLAT.iter().any(|f| name.eq_ignore_ascii_case(f))
}

/// `html` without the parts no reader sees. Borrows when there is nothing to cut.
pub fn strip(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    // Open elements that nest, as far as start and end tags tell; and how many start tags were
    // cut for being too deep, whose end tags go too.
    let mut depth = 0usize;
    let mut cut_depth = 0usize;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            let end = comment_end(b, lt);
            cut(&mut out, html, &mut copied, lt, end);
            i = end;
            continue;
        }
        if rest.starts_with(b"/") {
            let end = memchr(b'>', rest).map_or(b.len(), |p| lt + 1 + p + 1);
            let name = tag_name(&rest[1..]);
            if nests(name) {
                if cut_depth > 0 {
                    // The end of a start tag cut for depth.
                    cut(&mut out, html, &mut copied, lt, end);
                    cut_depth -= 1;
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
            i = end;
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            // Doctype or bogus comment: step over to its `>`.
            i = memchr(b'>', rest).map_or(b.len(), |p| lt + 1 + p + 1);
            continue;
        }
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        let name = tag_name(rest);
        let name_len = name.len();
        let (tag_end, self_closing, too_many) = tag_end(b, lt + 1 + name_len);
        if let Some(from) = too_many {
            // Keep the tag and its first attributes, cut the rest up to its `>`.
            cut(&mut out, html, &mut copied, from, tag_end - 1);
        }
        let raw = if name.eq_ignore_ascii_case(b"script") {
            if contains_ignore_case(&b[lt..tag_end], b"ld+json") {
                Some(Raw::Keep)
            } else {
                Some(Raw::Cut)
            }
        } else if name.eq_ignore_ascii_case(b"title") || name.eq_ignore_ascii_case(b"xmp") {
            Some(Raw::Keep)
        } else if CUT.iter().any(|c| name.eq_ignore_ascii_case(c)) {
            Some(Raw::Cut)
        } else if name.eq_ignore_ascii_case(b"plaintext") {
            // Everything after it is text; nothing more to scan.
            break;
        } else {
            None
        };
        match raw {
            None => {
                if nests(name) {
                    if depth >= MAX_DEPTH {
                        // Deeper than any real page: flatten, keeping the text.
                        cut(&mut out, html, &mut copied, lt, tag_end);
                        cut_depth += 1;
                    } else {
                        depth += 1;
                    }
                }
                i = tag_end;
            }
            Some(kind) => {
                let foreign =
                    name.eq_ignore_ascii_case(b"svg") || name.eq_ignore_ascii_case(b"math");
                let end = if self_closing && foreign {
                    tag_end
                } else {
                    close_end(b, tag_end, name)
                };
                if kind == Raw::Cut {
                    cut(&mut out, html, &mut copied, lt, end);
                }
                i = end;
            }
        }
        if i >= b.len() {
            break;
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut s) => {
            s.push_str(&html[copied..]);
            Cow::Owned(s)
        }
    }
}

/// Appends the text before `start` and skips to `end`. Both are ASCII positions (`<`, `>` or the
/// end), so slicing there never splits a character.
fn cut(out: &mut Option<String>, html: &str, copied: &mut usize, start: usize, end: usize) {
    let s = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
    s.push_str(&html[*copied..start]);
    *copied = end;
}

/// End (exclusive) of the comment opening at `lt`, with the tokenizer's abrupt forms `<!-->` and
/// `<!--->`; an unclosed comment runs to the end, as in a browser.
fn comment_end(b: &[u8], lt: usize) -> usize {
    let body = lt + 4;
    if b[body..].starts_with(b">") {
        return body + 1;
    }
    if b[body..].starts_with(b"->") {
        return body + 2;
    }
    memmem::find(&b[body..], b"-->").map_or(b.len(), |p| body + p + 3)
}

/// End (exclusive) of a start tag whose attributes begin at `i`, whether it ends in `/>`, and
/// where its attributes beyond [`MAX_ATTRS`] begin, if it has that many.
/// Follows the tokenizer's attribute states so that quoted values may hold `>`.
fn tag_end(b: &[u8], mut i: usize) -> (usize, bool, Option<usize>) {
    let n = b.len();
    let mut attrs = 0;
    let mut cap = None;
    loop {
        while i < n && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= n {
            return (n, false, cap);
        }
        if b[i] == b'>' {
            return (i + 1, i > 0 && b[i - 1] == b'/', cap);
        }
        attrs += 1;
        if attrs == MAX_ATTRS + 1 {
            cap = Some(i);
        }
        // Attribute name.
        while i < n && !matches!(b[i], b'>' | b'/' | b'=') && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        while i < n && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < n && b[i] == b'=' {
            i += 1;
            while i < n && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < n && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                i = memchr(q, &b[i + 1..]).map_or(n, |p| i + 1 + p + 1);
            } else {
                while i < n && b[i] != b'>' && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
        }
    }
}

/// End (exclusive) of the end tag `</name>` searched from `from`, or the end of the input when the
/// element is never closed (a truncated page).
fn close_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let finder = memmem::Finder::new(b"</");
    let mut i = from;
    while let Some(p) = finder.find(&b[i..]) {
        let at = i + p + 2;
        let after = at + name.len();
        if after <= b.len()
            && b[at..after].eq_ignore_ascii_case(name)
            && b.get(after)
                .is_none_or(|&c| c == b'>' || c == b'/' || c.is_ascii_whitespace())
        {
            return memchr(b'>', &b[after..]).map_or(b.len(), |q| after + q + 1);
        }
        i = at;
    }
    b.len()
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn scripts_styles_and_comments_go() {
        let html =
            "<p>a<script>var x = '<p>no</p>';</script>b</p><style>p{}</style><!-- c --><p>d</p>";
        assert_eq!(strip(html), "<p>ab</p><p>d</p>");
    }

    #[test]
    fn json_ld_and_title_stay() {
        let html = r#"<title>a <script> b</title><script type="application/ld+json">{"a":"</p>"}</script><p>x</p>"#;
        assert_eq!(strip(html), html);
    }

    #[test]
    fn a_script_tag_inside_an_attribute_is_not_a_tag() {
        let html = r#"<div data-x="<script>" title='>'>keep</div>"#;
        assert_eq!(strip(html), html);
    }

    #[test]
    fn self_closing_svg_cuts_only_itself() {
        assert_eq!(strip("<svg/><p>a</p><svg><path/></svg>b"), "<p>a</p>b");
    }

    #[test]
    fn truncated_inputs_do_not_panic() {
        for html in [
            "<",
            "<!--",
            "<!-",
            "<script",
            "<script>x",
            "<div class=\"a",
            "<svg",
            "</",
            "<a b=",
            "<!-->x",
        ] {
            let _ = strip(html);
        }
        assert_eq!(strip("a<script>b"), "a");
        assert_eq!(strip("a<!-->b"), "ab");
    }

    #[test]
    fn nesting_beyond_the_limit_is_flattened() {
        let depth = super::MAX_DEPTH + 10;
        let html = format!("{}text{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let out = strip(&html);
        assert_eq!(out.matches("<div>").count(), super::MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), super::MAX_DEPTH);
        assert!(out.contains("text"));
        let flat = "<p>x".repeat(depth);
        assert_eq!(strip(&flat), flat);
    }

    #[test]
    fn attributes_beyond_the_limit_are_cut() {
        let attrs: String = (0..100).map(|i| format!(" a{i}=\"{i}\"")).collect();
        let html = format!("<div{attrs}>text</div>");
        let out = strip(&html);
        assert!(out.contains(" a63=\"63\""));
        assert!(!out.contains("a64"));
        assert!(out.ends_with(">text</div>"));
    }

    #[test]
    fn case_does_not_matter() {
        assert_eq!(strip("<SCRIPT>x</ScRiPt >y"), "y");
    }
}
