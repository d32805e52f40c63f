//! A byte scan before tree building that cuts what can never hold article text: scripts, styles,
//! inline SVG, `<noscript>`, `<template>`, `<iframe>` and `<textarea>` bodies, and comments.
//!
//! On news pages these are often half the bytes, and html5ever builds nodes for all of them; cutting
//! them first is cheaper than parsing and then ignoring them. JSON-LD scripts stay, because the
//! metadata reader takes them from the tree. The scan steps over ordinary tags attribute by attribute,
//! so a `<script>` written inside a quoted attribute value is not mistaken for a tag.

use super::streamed;
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

/// Which attributes of the kept tags the scan keeps.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Attributes {
    /// All of them (up to [`MAX_ATTRS`]): a site rule's selector may name any.
    All,
    /// Those a reader of the tree reads (all but [`unread`] ones). A third of a modern page's
    /// markup is image sources, sizes and `data-*` values, which html5ever reads character by
    /// character and stores, and which no step of the extraction looks at.
    Read,
}

/// True for an attribute that no reader of the tree reads and that does not change how the tree
/// is built. The readers are walk.rs (`class`, `id`, `role`, `style`, `hidden`, `href`,
/// `itemprop`, `aria-controls`, `aria-modal`, `aria-hidden`) and metadata (`content`, `name`,
/// `property`, `http-equiv`, `type`, `rel`, `href`, `itemprop`, `itemscope`, `itemtype`,
/// `datetime`, `pubdate`, `lang`, `class`): a reader of another attribute must take it out of
/// this list. The tree builder looks at `type` (`<input type=hidden>` in tables), `color`,
/// `face` and `size` (`<font>` in foreign content) and `encoding` (`<annotation-xml>`).
fn unread(name: &[u8]) -> bool {
    const UNREAD: &[&[u8]] = &[
        b"src",
        b"srcset",
        b"sizes",
        b"imagesrcset",
        b"imagesizes",
        b"loading",
        b"decoding",
        b"fetchpriority",
        b"alt",
        b"title",
        b"width",
        b"height",
        b"tabindex",
        b"target",
    ];
    let starts = |p: &[u8]| name.len() > p.len() && name[..p.len()].eq_ignore_ascii_case(p);
    starts(b"data-") || UNREAD.iter().any(|u| name.eq_ignore_ascii_case(u))
}

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

/// `html` without the parts no reader sees, every attribute of the kept tags kept. Borrows when
/// there is nothing to cut.
#[cfg(test)]
pub fn strip(html: &str) -> Cow<'_, str> {
    strip_with(html, Attributes::All)
}

/// `html` without the parts no reader sees, and with the `attrs` of the kept tags. Borrows when
/// there is nothing to cut.
pub fn strip_with(html: &str, attrs: Attributes) -> Cow<'_, str> {
    let b = html.as_bytes();
    // The unread attributes of the current start tag, as spans to cut (reused tag after tag).
    let mut unread = Vec::new();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    let mut open = OpenElements::default();
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            let end = comment_end(b, lt);
            if b[lt..end] == *streamed::BOUNDARY_END {
                // Where a streamed segment's loading fallback ends (see streamed.rs).
                i = end;
                continue;
            }
            cut(&mut out, html, &mut copied, lt, end);
            i = end;
            continue;
        }
        if rest.starts_with(b"/") {
            if !rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
                // `</>` or a bogus comment such as `</3`: over to its `>`.
                i = memchr(b'>', rest).map_or(b.len(), |p| lt + 1 + p + 1);
                continue;
            }
            let name = tag_name(&rest[1..]);
            let attrs_at = lt + 2 + name.len();
            // End tags follow the same attribute states as start tags, so a quoted `>` does
            // not end them.
            let (end, _, _) = tag_end(b, attrs_at, Attributes::All, &mut unread);
            if nests(name) && open.close(name) == Closed::CutForDepth {
                // The end of a start tag cut for depth.
                cut(&mut out, html, &mut copied, lt, end);
            } else {
                // Attributes on an end tag mean nothing, but html5ever still reads each and
                // compares it with the others: a flood of them costs quadratic time.
                let to = if b[end - 1] == b'>' { end - 1 } else { end };
                if to > attrs_at {
                    cut(&mut out, html, &mut copied, attrs_at, to);
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
        let (tag_end, self_closing, too_many) = tag_end(b, lt + 1 + name_len, attrs, &mut unread);
        let raw = if name.eq_ignore_ascii_case(b"script") {
            if contains_ignore_case(&b[lt..tag_end], b"ld+json") {
                Some(Raw::Keep)
            } else {
                Some(Raw::Cut)
            }
        } else if name.eq_ignore_ascii_case(b"title") || name.eq_ignore_ascii_case(b"xmp") {
            Some(Raw::Keep)
        } else if name.eq_ignore_ascii_case(b"template") && streamed::is_anchor(&b[lt..tag_end]) {
            // The empty template a streamed segment takes the place of (see streamed.rs).
            Some(Raw::Keep)
        } else if CUT.iter().any(|c| name.eq_ignore_ascii_case(c)) {
            Some(Raw::Cut)
        } else if name.eq_ignore_ascii_case(b"plaintext") {
            // Everything after it is text; nothing more to scan.
            cut_attributes(&mut out, html, &mut copied, &unread, too_many, tag_end);
            break;
        } else {
            None
        };
        match raw {
            None => {
                if nests(name) {
                    if open.len() >= MAX_DEPTH {
                        // Deeper than any real page: flatten, keeping the text.
                        cut(&mut out, html, &mut copied, lt, tag_end);
                        open.push(name, true);
                    } else {
                        cut_attributes(&mut out, html, &mut copied, &unread, too_many, tag_end);
                        open.push(name, false);
                    }
                } else {
                    cut_attributes(&mut out, html, &mut copied, &unread, too_many, tag_end);
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
                if foreign && breaks_out(&b[tag_end..end]) {
                    // An unclosed `<svg>` ends where the page's markup resumes; the tree
                    // builder knows where, so the element is left to it.
                    cut_attributes(&mut out, html, &mut copied, &unread, too_many, tag_end);
                    i = tag_end;
                    if i >= b.len() {
                        break;
                    }
                    continue;
                }
                if kind == Raw::Cut {
                    cut(&mut out, html, &mut copied, lt, end);
                } else {
                    cut_attributes(&mut out, html, &mut copied, &unread, too_many, tag_end);
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

/// Cuts the attributes of a kept start tag that [`tag_end`] found unread (`unread`, in page
/// order), then those beyond [`MAX_ATTRS`] (from `from`) up to its `>`; a tag left unclosed at
/// the end of the input loses them up to the end, so that no cut ends inside a character.
fn cut_attributes(
    out: &mut Option<String>,
    html: &str,
    copied: &mut usize,
    unread: &[(usize, usize)],
    from: Option<usize>,
    tag_end: usize,
) {
    for &(start, end) in unread {
        cut(out, html, copied, start, end);
    }
    let Some(from) = from else {
        return;
    };
    let b = html.as_bytes();
    let to = if b.get(tag_end.wrapping_sub(1)) == Some(&b'>') {
        tag_end - 1
    } else {
        tag_end
    };
    if from < to {
        cut(out, html, copied, from, to);
    }
}

/// What closing an element found.
#[derive(PartialEq, Eq)]
enum Closed {
    /// The element was open and kept.
    Kept,
    /// The element was open but its start tag was cut for depth, so its end tag goes too.
    CutForDepth,
    /// No element of that name is open: the tree builder ignores the end tag.
    NotOpen,
}

/// The elements open at the scan's position, as far as start and end tags tell (html5ever's
/// implied closings aside). An end tag closes the innermost open element of its name and every
/// element opened inside it, as the tree builder does; an end tag that matches nothing open
/// closes nothing, so `<div></span>` repeated still counts its `<div>`s towards the depth limit.
#[derive(Default)]
struct OpenElements {
    /// Each open element: a hash of its lower-cased name, and whether its start tag was cut.
    stack: Vec<(u64, bool)>,
    /// How many elements of each name hash are open, so an end tag that matches nothing is
    /// known without walking the stack.
    count: std::collections::HashMap<u64, usize>,
    /// Open elements whose start tag was kept.
    kept: usize,
}

impl OpenElements {
    /// Kept open elements: the depth html5ever sees.
    fn len(&self) -> usize {
        self.kept
    }

    fn push(&mut self, name: &[u8], cut: bool) {
        let h = name_hash(name);
        self.stack.push((h, cut));
        *self.count.entry(h).or_default() += 1;
        if !cut {
            self.kept += 1;
        }
    }

    fn close(&mut self, name: &[u8]) -> Closed {
        let h = name_hash(name);
        if self.count.get(&h).copied().unwrap_or(0) == 0 {
            return Closed::NotOpen;
        }
        // Each element is pushed once and popped once, so the scan stays linear.
        while let Some((top, cut)) = self.stack.pop() {
            if let Some(c) = self.count.get_mut(&top) {
                *c -= 1;
            }
            if !cut {
                self.kept -= 1;
            }
            if top == h {
                return if cut {
                    Closed::CutForDepth
                } else {
                    Closed::Kept
                };
            }
        }
        Closed::NotOpen
    }
}

/// FNV-1a of the ASCII-lower-cased name.
fn name_hash(name: &[u8]) -> u64 {
    name.iter().fold(0xcbf2_9ce4_8422_2325, |h, &c| {
        (h ^ u64::from(c.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
    })
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
/// where its attributes beyond [`MAX_ATTRS`] begin, if it has that many. With
/// [`Attributes::Read`], the spans of its [`unread`] attributes among the first [`MAX_ATTRS`]
/// (name to end of value) are left in `unread`, which is cleared first.
/// Follows the tokenizer's attribute states so that quoted values may hold `>`.
fn tag_end(
    b: &[u8],
    mut i: usize,
    attrs: Attributes,
    unread_spans: &mut Vec<(usize, usize)>,
) -> (usize, bool, Option<usize>) {
    let n = b.len();
    let mut count = 0;
    let mut cap = None;
    let mut synced = true;
    unread_spans.clear();
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
        count += 1;
        if count == MAX_ATTRS + 1 {
            cap = Some(i);
        }
        // Attribute name.
        let name_at = i;
        while i < n && !matches!(b[i], b'>' | b'/' | b'=') && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let name_end = i;
        while i < n && b[i].is_ascii_whitespace() {
            i += 1;
        }
        // A name that starts with `=` or holds a quote, or an unquoted value holding one, is
        // read by the tokenizer in ways this scan does not follow (`<p =a="x b=1">` is one
        // attribute there): nothing more of such a tag is cut, so that no cut can move a quote.
        let mut odd = name_at == name_end || has_quote(&b[name_at..name_end]);
        if i < n && b[i] == b'=' {
            i += 1;
            while i < n && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < n && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                i = memchr(q, &b[i + 1..]).map_or(n, |p| i + 1 + p + 1);
            } else {
                let value_at = i;
                while i < n && b[i] != b'>' && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                odd |= has_quote(&b[value_at..i]);
            }
        } else {
            // No value: what follows the name's whitespace is the next attribute.
            i = name_end;
        }
        synced &= !odd;
        if attrs == Attributes::Read && synced && cap.is_none() && unread(&b[name_at..name_end]) {
            unread_spans.push((name_at, i));
        }
    }
}

/// True when `s` holds a quote or a `<` (a parse error inside an attribute's name or unquoted
/// value).
fn has_quote(s: &[u8]) -> bool {
    s.iter().any(|c| matches!(c, b'"' | b'\'' | b'<' | b'`'))
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

/// True when `body` (what follows an `<svg>` or `<math>` start tag, up to its end tag or the end
/// of the input) holds a start tag that HTML does not allow in foreign content, such as `<p>`,
/// `<div>` or `<ul>`: the tree builder closes the foreign element there, and what follows is
/// the page's text. A page that leaves an icon's `<svg>` open would otherwise lose the rest.
fn breaks_out(body: &[u8]) -> bool {
    /// The HTML start tags that end foreign content (the HTML standard's "in foreign content"
    /// rules), except `<font>`, which does only with some attributes.
    const BREAKOUT: &[&[u8]] = &[
        b"b",
        b"big",
        b"blockquote",
        b"body",
        b"br",
        b"center",
        b"code",
        b"dd",
        b"div",
        b"dl",
        b"dt",
        b"em",
        b"embed",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"head",
        b"hr",
        b"i",
        b"img",
        b"li",
        b"listing",
        b"menu",
        b"meta",
        b"nobr",
        b"ol",
        b"p",
        b"pre",
        b"ruby",
        b"s",
        b"small",
        b"span",
        b"strong",
        b"strike",
        b"sub",
        b"sup",
        b"table",
        b"tt",
        b"u",
        b"ul",
        b"var",
    ];
    let mut i = 0;
    let mut integration = false;
    while let Some(off) = memchr(b'<', &body[i..]) {
        let rest = &body[i + off + 1..];
        i += off + 1;
        let name = tag_name(rest);
        // HTML inside `<foreignObject>` is where it belongs, not a way out.
        if name.eq_ignore_ascii_case(b"foreignobject") {
            integration = true;
        } else if name.eq_ignore_ascii_case(b"/foreignobject") {
            integration = false;
        } else if !integration && BREAKOUT.iter().any(|t| name.eq_ignore_ascii_case(t)) {
            return true;
        }
    }
    false
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::{strip, strip_with, Attributes, MAX_ATTRS};

    #[test]
    fn scripts_styles_and_comments_go() {
        let html =
            "<p>a<script>var x = '<p>no</p>';</script>b</p><style>p{}</style><!-- c --><p>d</p>";
        assert_eq!(strip(html), "<p>ab</p><p>d</p>");
    }

    #[test]
    fn an_unclosed_svg_ends_where_the_markup_resumes() {
        let html = r#"<a href="/"><svg width="18"></a><ul><li>Menu</li></ul><main><p>Story text.</p></main>"#;
        let out = strip(html);
        assert!(out.contains("<p>Story text.</p>"), "{out}");
        let page = scraper::Html::parse_document(&out);
        let text: String = page.root_element().text().collect();
        assert!(text.contains("Story text."), "{text}");
    }

    #[test]
    fn a_closed_svg_goes_even_with_html_in_its_foreign_object() {
        let html = r#"<p>a</p><svg><foreignObject><div>label</div></foreignObject><path d="M0"/></svg><p>b</p>"#;
        assert_eq!(strip(html), "<p>a</p><p>b</p>");
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
            // Only cuts: what is left is the input with parts taken out.
            let stripped = strip(html);
            let mut rest = html.chars();
            assert!(
                stripped.chars().all(|c| rest.any(|d| d == c)),
                "{html:?} gave {stripped:?}"
            );
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

    /// Found by fuzzing (issue 9): the attribute cut moved the copy position past the start of
    /// a tag that was then cut whole, and slicing panicked with "begin > end".
    #[test]
    fn raw_text_tags_with_more_than_64_attributes_do_not_panic() {
        let attrs: String = (0..super::MAX_ATTRS + 6)
            .map(|i| format!(" a{i}=x"))
            .collect();
        for tag in super::CUT.iter().chain([&b"title"[..], b"xmp"].iter()) {
            let tag = std::str::from_utf8(tag).expect("ASCII");
            let html = format!("<p>before</p><{tag}{attrs}>body</{tag}><p>after</p>");
            let out = strip(&html);
            assert!(out.starts_with("<p>before</p>"), "{tag}: {out}");
            assert!(out.ends_with("<p>after</p>"), "{tag}: {out}");
        }
    }

    /// Found by fuzzing (issue 9): a tag past the depth limit with too many attributes.
    #[test]
    fn deep_tags_with_more_than_64_attributes_do_not_panic() {
        let attrs: String = (0..super::MAX_ATTRS + 6)
            .map(|i| format!(" a{i}=x"))
            .collect();
        let depth = super::MAX_DEPTH + 4;
        let html = format!(
            "{}<div{attrs}>deep text</div>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let out = strip(&html);
        assert!(out.contains("deep text"));
        assert!(
            !out.contains("a0=x"),
            "a tag cut for depth loses its attributes too"
        );
    }

    /// Found in a real news page cut short (issue 9): an unclosed quote in `<script type="…`
    /// makes the rest of the page the script's attributes.
    #[test]
    fn an_unclosed_quote_in_a_script_type_does_not_panic() {
        let words: String = (0..200).map(|i| format!(" word{i} \"q\" ")).collect();
        let html = format!("<p>kept</p><script type=\"text/javascript{words}");
        assert_eq!(strip(&html), "<p>kept</p>");
    }

    /// Found by fuzzing (issue 9): an unclosed tag with too many attributes whose last byte is
    /// inside a multibyte character was cut one byte before the end, inside the character.
    #[test]
    fn an_unclosed_tag_with_many_attributes_ending_in_a_multibyte_char_does_not_panic() {
        let attrs: String = (0..super::MAX_ATTRS + 2)
            .map(|i| format!(" a{i}=x"))
            .collect();
        for tail in ["é", "日本", "🦀"] {
            let html = format!("<p>x</p><div{attrs} b={tail}");
            let out = strip(&html);
            assert!(out.contains(" a63=x") && !out.contains("a64"), "{out}");
        }
    }

    /// Found by fuzzing (issue 9): `</span>` with no `<span>` open counted as closing a `<div>`,
    /// so `<div></span>` repeated nested without limit and html5ever took quadratic time.
    #[test]
    fn stray_end_tags_do_not_hide_nesting() {
        let n = super::MAX_DEPTH * 3;
        let html = format!("{}text", "<div></span>".repeat(n));
        let out = strip(&html);
        assert_eq!(out.matches("<div>").count(), super::MAX_DEPTH);
        assert!(out.ends_with("text"));
    }

    /// Found by fuzzing (issue 9): one end tag with 320,000 attributes took html5ever 68 s.
    #[test]
    fn attributes_of_end_tags_are_cut() {
        let attrs: String = (0..1000).map(|i| format!(" a{i}=\">\"")).collect();
        let html = format!("<div><p>text</p></div{attrs}><p>after</p>");
        assert_eq!(strip(&html), "<div><p>text</p></div><p>after</p>");
        assert_eq!(strip("<b>x</b >y</3>z"), "<b>x</b>y</3>z");
    }

    #[test]
    fn case_does_not_matter() {
        assert_eq!(strip("<SCRIPT>x</ScRiPt >y"), "y");
    }

    #[test]
    fn attributes_nothing_reads_are_cut_and_the_read_ones_kept() {
        let read = |h: &str| strip_with(h, Attributes::Read).into_owned();
        assert_eq!(
            read(
                r#"<img src="a.jpg" srcset='a 1x, b 2x' class=pic data-id=7 alt="A cat"><p>x</p>"#
            ),
            "<img   class=pic  ><p>x</p>"
        );
        assert_eq!(
            read(r#"<a href="/x" data-track title="More">More</a>"#),
            r#"<a href="/x"  >More</a>"#
        );
        // What the walk and the metadata read stays, whatever its case.
        let kept = r#"<div ID=a class="b" role=main style="display:none" hidden itemprop=articleBody aria-hidden=true>t</div>"#;
        assert_eq!(read(kept), kept);
        assert_eq!(read(r#"<DIV DATA-X="1">t</DIV>"#), "<DIV >t</DIV>");
        // A `data-` alone is not a data attribute; a self-closing slash stays (an unquoted
        // value takes the slash, as in the tokenizer).
        assert_eq!(
            read(r#"<br data- /><x width="1"/><y height=1/>"#),
            "<br data- /><x /><y >"
        );
        // Every attribute is kept when the rules may name any.
        let page = r#"<img src="a.jpg" data-id=7>"#;
        assert_eq!(strip_with(page, Attributes::All), page);
    }

    #[test]
    fn a_tag_the_scan_cannot_follow_keeps_its_attributes() {
        let read = |h: &str| strip_with(h, Attributes::Read).into_owned();
        // The tokenizer reads `=a` as a name and the quoted rest as its value.
        let odd = r#"<p =a="x data-y=1" class=b>t</p>"#;
        assert_eq!(read(odd), odd);
        let quoted = r#"<p data-a=x" data-b="y">t</p>"#;
        assert_eq!(read(quoted), quoted);
        // Before the odd attribute, the scan still follows the tag.
        assert_eq!(
            read(r#"<p data-a=1 b"=c data-d=2>t</p>"#),
            r#"<p  b"=c data-d=2>t</p>"#
        );
    }

    #[test]
    fn attributes_past_the_limit_are_cut_whatever_their_names() {
        let many: String = (0..MAX_ATTRS)
            .map(|i| format!(" a{i}=1 data-{i}=2"))
            .collect();
        let html = format!("<div{many}>t</div>");
        let out = strip_with(&html, Attributes::Read);
        // The first half of the limit's names are kept, the unread among them cut, and the
        // rest cut at the limit as before.
        let all = strip_with(&html, Attributes::All);
        assert!(out.len() < all.len());
        assert!(out.contains(" a31=1") && !out.contains(" a32=1") && !out.contains("data-"));
    }
}
