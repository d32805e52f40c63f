//! One pass over the parsed tree that turns it into flat arrays: the elements (with their parent
//! and the extent of their subtree, in document order) and the raw text blocks, each pointing at the
//! element that holds it.
//!
//! Everything after this pass works on the arrays, so the tree is walked exactly once, without
//! recursion (ego-tree's `traverse` is an iterator of open and close edges), and each text node is
//! copied once, into the block it belongs to. Deep or broken trees cost no stack.

use super::anchor;
use super::hints::Hints;
use super::streamed;
use crate::document::Shape;
use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::{Html, Node};
use std::collections::HashSet;

/// "No element": an index that no element has.
pub const NONE: u32 = u32::MAX;

/// What an element is to the extractor. Names not listed are inline: they neither start a block
/// nor change what kind of block their text goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Inline markup (span, b, em, …).
    Inline,
    /// A generic box that starts a new block (div, section, …).
    Block,
    /// A paragraph.
    P,
    /// A heading, with its level.
    H(u8),
    /// A list (ul, ol, dl).
    List,
    /// A list item or definition.
    Li,
    /// A block quotation.
    Quote,
    /// Preformatted text.
    Pre,
    /// A caption (figcaption, table caption).
    Caption,
    /// A figure: what it holds besides images is caption text.
    Figure,
    /// A table.
    Table,
    /// A table row.
    Tr,
    /// A table cell.
    Cell,
    /// A link.
    A,
    /// A line break.
    Br,
    /// Never text: form controls, media, scripts that survived the pre-pass.
    Skip,
    /// `<nav>`, `<aside>`, `<footer>`, `<header>`: furniture by their very name.
    Furniture,
    /// `<article>`.
    Article,
    /// `<main>`.
    Main,
}

fn tag_of(name: &str) -> Tag {
    match name {
        "p" => Tag::P,
        "ul" | "ol" | "dl" | "menu" | "dir" => Tag::List,
        "div" | "section" | "center" | "details" | "summary" | "fieldset" | "form" | "hgroup"
        | "address" | "hr" | "tbody" | "thead" | "tfoot" | "body" | "html" | "dialog"
        | "legend" | "option" | "frameset" => Tag::Block,
        "h1" => Tag::H(1),
        "h2" => Tag::H(2),
        "h3" => Tag::H(3),
        "h4" => Tag::H(4),
        "h5" => Tag::H(5),
        "h6" => Tag::H(6),
        "li" | "dt" | "dd" => Tag::Li,
        "blockquote" => Tag::Quote,
        "pre" | "listing" | "plaintext" | "xmp" => Tag::Pre,
        "figcaption" | "caption" => Tag::Caption,
        "figure" => Tag::Figure,
        "table" => Tag::Table,
        "tr" => Tag::Tr,
        "td" | "th" => Tag::Cell,
        "a" => Tag::A,
        "br" => Tag::Br,
        "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object"
        | "embed" | "canvas" | "video" | "audio" | "select" | "button" | "input" | "textarea"
        | "label" | "head" | "map" | "datalist" | "output" | "progress" | "meter" => Tag::Skip,
        "nav" | "aside" | "footer" | "header" => Tag::Furniture,
        "article" => Tag::Article,
        "main" => Tag::Main,
        _ => Tag::Inline,
    }
}

/// One element of the page, in document order.
#[derive(Debug, Clone)]
pub struct El {
    /// Index of the parent element, or [`NONE`] for the root.
    pub parent: u32,
    /// One past the index of the last element of its subtree: the subtree is `self..end`.
    pub end: u32,
    /// What the element is.
    pub tag: Tag,
    /// What its own names (or its tag) say against it; not inherited.
    pub neg: Neg,
    /// How much its own markup says "this is the article": 0 for nothing, up to 1.
    pub content: f32,
    /// The names that carried its furniture or comment hint (see [`Hints::names`]).
    pub names: [u64; 2],
    /// Why the element is furniture, as the trail says it (its tag's or its name's reason);
    /// empty when it is not.
    pub label: &'static str,
    /// Its tag name and class list, hashed: boxes of one shape side by side are the records of
    /// a list (products, results, posts).
    pub shape: u64,
}

/// A hash of an element's tag name and class attribute.
fn shape_of(el: &Element) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(el.name().as_bytes());
    h.update(b"\0");
    // The attributes walked by name: `Element::attr` builds an atom for the name at every call.
    if let Some((_, class)) = el.attrs().find(|(name, _)| *name == "class") {
        h.update(class.trim().as_bytes());
    }
    h.digest()
}

/// What an element's names say against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Neg {
    /// Nothing.
    None,
    /// Furniture.
    Boiler,
    /// A comment section.
    Comment,
    /// Furniture by a weak name only ("widget", "more") or by `aria-hidden` alone: page builders
    /// put such names on every box, the article's too, and carousels hide the slides not in
    /// front, so the box is judged against the prose outside surer furniture.
    Weak,
    /// Furniture by two signs at once (hidden from screen readers and named as furniture: a
    /// closed dialog), whatever it holds.
    Sure,
}

/// What kind of block a run of text is, from its innermost block-level ancestor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// Running text (p, div).
    Para,
    /// A heading.
    Heading(u8),
    /// A list item.
    Item,
    /// A quotation.
    Quote,
    /// Preformatted text.
    Pre,
    /// A caption or credit.
    Caption,
}

/// A run of text between two block boundaries.
#[derive(Debug, Clone)]
pub struct RawBlock {
    /// Its kind.
    pub ctx: Ctx,
    /// The text, whitespace collapsed (kept in preformatted blocks), links as Markdown if asked.
    pub text: String,
    /// Characters of text, not counting Markdown link syntax.
    pub chars: u32,
    /// Characters of text inside links.
    pub link_chars: u32,
    /// Words.
    pub words: u32,
    /// Sentence ends and commas: running prose has them, menus and labels do not.
    pub puncts: u32,
    /// Words that start with a digit: dates, scores, prices.
    pub numbers: u32,
    /// The innermost block-level element holding the text.
    pub owner: u32,
    /// The innermost element named as furniture (or [`NONE`]); set by [`resolve_hints`].
    pub boiler: u32,
    /// The innermost element named as a comment section (or [`NONE`]); set by [`resolve_hints`].
    pub comment: u32,
    /// The table cell holding it (or [`NONE`]).
    pub cell: u32,
    /// The table row holding it (or [`NONE`]).
    pub row: u32,
    /// The table holding it (or [`NONE`]).
    pub table: u32,
    /// The innermost list holding it (or [`NONE`]).
    pub list: u32,
    /// True when the text sits in a `<p>`.
    pub in_p: bool,
    /// True when the text sits in a `<figure>`, a `<figcaption>`/`<caption>` or a box named as a
    /// caption: a caption whatever its length, not only a slide of a carousel.
    pub captioned: bool,
    /// True when the block is part of a teaser card (a linked headline with a line or two of
    /// summary); set by [`resolve_hints`](super::score::resolve_hints).
    pub teaser: bool,
    /// List nesting and numbering, table header cells, code language: for Markdown output.
    pub shape: Shape,
}

/// The page as arrays.
#[derive(Debug, Default)]
pub struct Flat {
    /// Elements in document order.
    pub els: Vec<El>,
    /// Text blocks in document order.
    pub blocks: Vec<RawBlock>,
    /// Bytes of text in the boxes the page hides with a `hidden` attribute or an inline style,
    /// which the walk did not read: whether a reading with them shown ([`Hidden::Reveal`]) can
    /// find anything.
    pub hidden_text: usize,
}

impl Flat {
    /// Per element, the sum of `f` over the blocks of its subtree. Children come after their
    /// parent in document order, so one backward pass over the elements sums every subtree.
    pub fn subtree_sums(&self, f: impl Fn(&RawBlock) -> f32) -> Vec<f32> {
        let n = self.els.len();
        let mut sum = vec![0f32; n];
        for b in &self.blocks {
            if let Some(s) = sum.get_mut(b.owner as usize) {
                *s += f(b);
            }
        }
        for i in (1..n).rev() {
            let p = self.els[i].parent;
            if p != NONE {
                let v = sum[i];
                sum[p as usize] += v;
            }
        }
        sum
    }
}

#[derive(Clone, Copy)]
struct Frame {
    el: u32,
    ctx: Ctx,
    owner: u32,
    cell: u32,
    row: u32,
    table: u32,
    list: u32,
    in_p: bool,
    captioned: bool,
    pre: bool,
    link: bool,
    /// How many lists hold it, whether the innermost is numbered, and the outermost one.
    depth: u8,
    ordered: bool,
    outer_list: u32,
    /// Inside a `<th>` or a `<thead>`.
    head: bool,
    /// Inside a `<section>`, `<aside>` or `<nav>`: a `<header>` here introduces its section,
    /// it is not the page's banner.
    sectioned: bool,
}

/// Emphasis being written as Markdown (`*`, `**`), opened lazily like a link.
struct Mark {
    el: u32,
    marker: &'static str,
    started: bool,
}

/// A link being written as Markdown: `[` goes out with its first character, so an empty link
/// (an image) leaves no trace and nothing is ever inserted into the middle of the buffer.
struct LinkOpen {
    el: u32,
    started: bool,
    href: String,
}

/// State of the walk: what has been flattened, the open elements, and the block being written
/// with its running counts.
struct Walker {
    flat: Flat,
    stack: Vec<Frame>,
    buf: String,
    /// Whitespace seen since the last character: one space goes out before the next one.
    space: bool,
    chars: u32,
    link_chars: u32,
    words: u32,
    puncts: u32,
    numbers: u32,
    links: bool,
    base: Option<url::Url>,
    link: Option<LinkOpen>,
    /// A single `<br>` since the last character, outside paragraphs: the next character starts
    /// a new line of the same block; a second `<br>` ends the block.
    line_break: bool,
    /// Open emphasis, outermost first (only with `links`: Markdown output).
    marks: Vec<Mark>,
    /// The language named by a `<code class="language-…">` inside the open `<pre>`.
    lang: Option<String>,
    /// What to do with boxes a style or the `hidden` attribute hides.
    hidden: Hidden,
    /// Whether class and id names count.
    names: Names,
    /// Set by [`Walker::open`] when it turned an element away for a `hidden` attribute or style.
    hid: bool,
    /// The ids named by `aria-controls` so far: boxes that a control on the page opens.
    controlled: HashSet<String>,
}

/// How a walk treats boxes the page hides with a `hidden` attribute or an inline
/// `display:none` / `visibility:hidden`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hidden {
    /// Not read: menus, dialogs and tabs the reader does not see.
    #[default]
    Skip,
    /// Read as if shown: for a page whose scripts reveal a body that is hidden while it loads
    /// (`<div style="visibility:hidden">` around everything), where skipping leaves nothing.
    Reveal,
}

/// Whether a walk reads what `class` and `id` names say about a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Names {
    /// Read them: a box named as navigation, a footer or an ad is left out as one.
    #[default]
    Read,
    /// Read the page by its tags and roles alone, as a page without names is read: the last
    /// reading of a page whose names leave nothing (its only prose in a box named for the
    /// footer, a shop's category text in an "seo-footer").
    Ignore,
}

/// Flattens `page`. With `links`, link texts are written as Markdown `[text](url)`, resolved
/// against `base`.
pub fn flatten(page: &Html, links: bool, base: Option<&str>) -> Flat {
    flatten_with(page, links, base, Hidden::Skip, Names::Read)
}

/// [`flatten`], with hidden boxes treated as `hidden` says and names as `names` says.
pub fn flatten_with(
    page: &Html,
    links: bool,
    base: Option<&str>,
    hidden: Hidden,
    names: Names,
) -> Flat {
    let mut w = Walker {
        flat: Flat::default(),
        stack: Vec::with_capacity(64),
        buf: String::new(),
        space: false,
        chars: 0,
        link_chars: 0,
        words: 0,
        puncts: 0,
        numbers: 0,
        links,
        base: if links {
            base.and_then(|b| url::Url::parse(b).ok())
        } else {
            None
        },
        link: None,
        line_break: false,
        marks: Vec::new(),
        lang: None,
        hidden,
        names,
        hid: false,
        controlled: HashSet::new(),
    };
    let root = Frame {
        el: NONE,
        ctx: Ctx::Para,
        owner: NONE,
        cell: NONE,
        row: NONE,
        table: NONE,
        list: NONE,
        in_p: false,
        captioned: false,
        pre: false,
        link: false,
        depth: 0,
        ordered: false,
        outer_list: NONE,
        head: false,
        sectioned: false,
    };
    // Depth of a skipped subtree we are inside: its elements are neither recorded nor read.
    let mut skipping = 0usize;
    // Whether that subtree is one the page hides (its text is counted in `hidden_text`).
    let mut skipping_hidden = false;
    for edge in page.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if skipping > 0 {
                        skipping += 1;
                        continue;
                    }
                    let tag = tag_of(el.name());
                    let parent = w.stack.last().copied().unwrap_or(root);
                    w.hid = false;
                    if tag == Tag::Skip {
                        // A `<button>` is not read, but what it opens is.
                        if let Some(ids) = el.attr("aria-controls") {
                            w.note_controls(ids);
                        }
                    }
                    if tag == Tag::Skip || !w.open(el, node, tag, parent) {
                        skipping = 1;
                        skipping_hidden = w.hid;
                    }
                }
                Node::Text(t) if skipping == 0 => {
                    let frame = w.stack.last().copied().unwrap_or(root);
                    w.text(t, &frame);
                }
                Node::Text(t) if skipping_hidden => w.flat.hidden_text += t.trim().len(),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(_) = node.value() {
                    if skipping > 0 {
                        skipping -= 1;
                        continue;
                    }
                    w.close();
                }
            }
        }
    }
    let last = w.stack.last().copied().unwrap_or(root);
    w.flush(&last);
    w.flat
}

/// Han, kana and fullwidth forms: scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F)
}

/// `display:none` or `visibility:hidden` in a style attribute, spaces and case aside.
fn has_none_display(style: &[u8]) -> bool {
    let find = |key: &[u8], val: &[u8]| -> bool {
        let mut i = 0;
        while i + key.len() <= style.len() {
            if style[i..i + key.len()].eq_ignore_ascii_case(key) {
                let mut j = i + key.len();
                while j < style.len() && style[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < style.len() && style[j] == b':' {
                    j += 1;
                    while j < style.len() && style[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if style.len() >= j + val.len()
                        && style[j..j + val.len()].eq_ignore_ascii_case(val)
                    {
                        return true;
                    }
                }
            }
            i += 1;
        }
        false
    };
    find(b"display", b"none") || find(b"visibility", b"hidden")
}

impl Walker {
    /// Remembers the ids an `aria-controls` value names (a space-separated list): boxes a
    /// control on the page opens.
    fn note_controls(&mut self, ids: &str) {
        self.controlled
            .extend(ids.split_ascii_whitespace().map(str::to_owned));
    }

    /// Records an element and enters it; false (and nothing recorded) when the page hides it,
    /// so that the caller skips its subtree.
    fn open(&mut self, el: &Element, node: NodeRef<'_, Node>, tag: Tag, parent: Frame) -> bool {
        let idx = self.flat.els.len() as u32;
        // Pages hide `<html>` or `<body>` until their scripts run, and name them after the page
        // type; neither says anything about a part of the page.
        let root_box = matches!(el.name(), "html" | "body");
        let mut hints = Hints::default();
        let mut content = 0.0f32;
        let mut href = None;
        let mut aria_hidden = false;
        let mut modal = false;
        let mut hidden = false;
        let mut id = None;
        if !root_box {
            for (name, value) in el.attrs() {
                match name {
                    "role"
                        if value.eq_ignore_ascii_case("dialog")
                            || value.eq_ignore_ascii_case("alertdialog") =>
                    {
                        modal = true;
                        hints.add(value)
                    }
                    "aria-modal" if value.eq_ignore_ascii_case("true") => modal = true,
                    "id" => {
                        id = Some(value);
                        // An id made of the box's heading is a link target, not a name.
                        if self.names == Names::Read && !anchor::is_heading_anchor(value, node) {
                            hints.add(value)
                        }
                    }
                    "class" if self.names == Names::Read => hints.add(value),
                    "role" => hints.add(value),
                    "aria-controls" => self.note_controls(value),
                    "itemprop" if value.eq_ignore_ascii_case("articlebody") => content = 1.0,
                    "itemprop" if value.eq_ignore_ascii_case("text") => content = content.max(0.5),
                    "href" if tag == Tag::A => href = Some(value),
                    // `until-found`: hidden until the reader searches the page for its words.
                    "hidden" if !value.eq_ignore_ascii_case("until-found") => hidden = true,
                    "aria-hidden" if value.eq_ignore_ascii_case("true") => aria_hidden = true,
                    "style" if has_none_display(value.as_bytes()) => hidden = true,
                    _ => {}
                }
            }
            // A box a button on the page opens (`aria-controls` names it: an accordion's panel,
            // a tab, a "read more") is part of the page that the reader unfolds, not a box the
            // page keeps from view or from screen readers. Controls stand before what they open.
            let disclosed =
                id.is_some_and(|id| self.controlled.contains(id) || streamed::is_segment(id));
            if hidden && self.hidden == Hidden::Skip && !disclosed {
                self.hid = true;
                return false;
            }
            aria_hidden &= !disclosed;
            if hints.hidden {
                return false;
            }
        }
        let starts_block = !matches!(tag, Tag::Inline | Tag::A | Tag::Br);
        // `aria-hidden` hides from screen readers, not from the eye. Inside a line it marks
        // icons and duplicated labels: skip them. On a box it is weak furniture: closed menus
        // wear it, but so do a carousel's slides that are not in front, and pages put it on
        // their whole wrapper while a consent dialog is open.
        if aria_hidden && !starts_block {
            return false;
        }
        // After the HTML standard: a `<header>` inside a `<section>` is that section's heading
        // and lead (a landing page's feature blocks), not the page's banner. One inside only an
        // `<article>` or `<main>` stays furniture: it holds the story's dek and byline, which
        // are not its text.
        let section_header = el.name() == "header" && parent.sectioned;
        let furniture = tag == Tag::Furniture && !section_header;
        // An `<article>` is what its tag says: blog engines put the post's taxonomy in its class
        // ("author-ann-lee", "category-sidebar-news"), which reads like furniture but names the
        // post. Only a comment name, or its text (teaser cards), says otherwise.
        if tag == Tag::Article {
            hints.boiler = false;
            hints.weak = false;
            hints.label = hints.comment.then_some("comments");
        }
        // A heading named "header" ("section-header", "module_header") is a heading: the name
        // says what it is to its section, and a heading is never the page's header box. A table
        // so named ("sticky-header") has a header row: a table is never the page's header box.
        if matches!(tag, Tag::H(_) | Tag::Table)
            && hints.weak
            && !hints.boiler
            && hints.label == Some("header_footer")
        {
            hints.weak = false;
            hints.label = None;
        }
        // A name that says both ("comment-body") is the specific kind, not the article.
        let negative = hints.negative() || furniture;
        if !negative {
            if hints.content {
                content = content.max(0.3);
            }
            match tag {
                Tag::Article => content = content.max(0.4),
                Tag::Main => content = content.max(0.2),
                _ => {}
            }
        }
        self.flat.els.push(El {
            parent: parent.el,
            end: idx + 1,
            tag,
            // A dialog is over the page, never the page: whatever it holds (a consent form
            // can outweigh a page of short entries), it is furniture.
            neg: if (aria_hidden && hints.negative()) || modal {
                Neg::Sure
            } else if hints.comment {
                Neg::Comment
            } else if (negative && !hints.boiler && !furniture) || (aria_hidden && !negative) {
                Neg::Weak
            } else if negative {
                Neg::Boiler
            } else {
                Neg::None
            },
            content,
            names: hints.names,
            shape: shape_of(el),
            label: match el.name() {
                "nav" => "navigation",
                "aside" => "sidebar",
                "header" | "footer" if furniture => "header_footer",
                _ if modal && hints.label.is_none() => "cookie_banner",
                _ if aria_hidden => "hidden_from_readers",
                _ => hints.label.unwrap_or(""),
            },
        });
        if starts_block {
            self.flush(&parent);
        }
        let mut f = parent;
        f.el = idx;
        if starts_block {
            f.owner = idx;
        }
        if matches!(el.name(), "section" | "aside" | "nav") {
            f.sectioned = true;
        }
        match tag {
            Tag::P => f.in_p = true,
            Tag::H(n) => f.ctx = Ctx::Heading(n),
            Tag::Li => f.ctx = Ctx::Item,
            Tag::Quote => f.ctx = Ctx::Quote,
            Tag::Pre => {
                f.ctx = Ctx::Pre;
                f.pre = true;
            }
            Tag::Caption | Tag::Figure => {
                f.ctx = Ctx::Caption;
                f.captioned = true;
            }
            Tag::Table => {
                f.table = idx;
                f.list = NONE;
                f.depth = 0;
                f.outer_list = NONE;
                f.head = false;
                f.row = NONE;
                f.cell = NONE;
            }
            Tag::Tr => f.row = idx,
            Tag::List => {
                f.list = idx;
                f.depth = f.depth.saturating_add(1);
                f.ordered = el.name() == "ol";
                if f.outer_list == NONE {
                    f.outer_list = idx;
                }
            }
            Tag::Cell => {
                f.cell = idx;
                f.head |= el.name() == "th";
            }
            Tag::Block => f.head |= el.name() == "thead",
            _ => {}
        }
        self.open_mark(el, idx, parent.pre);
        if (hints.caption || hints.slides) && !hints.content && f.ctx == Ctx::Para {
            f.ctx = Ctx::Caption;
            f.captioned |= hints.caption;
        }
        if tag == Tag::A {
            if let Some(h) = href {
                let h = h.trim();
                if !h.is_empty()
                    && !h.starts_with('#')
                    && !h
                        .get(..11)
                        .is_some_and(|p| p.eq_ignore_ascii_case("javascript:"))
                {
                    f.link = true;
                    if self.links && self.link.is_none() {
                        self.link = Some(LinkOpen {
                            el: idx,
                            started: false,
                            href: self.resolve(h),
                        });
                    }
                }
            }
        }
        if tag == Tag::Br {
            if parent.pre {
                self.buf.push('\n');
            } else if parent.in_p
                || matches!(parent.ctx, Ctx::Heading(_) | Ctx::Item | Ctx::Caption)
            {
                self.space = true;
            } else if self.line_break || self.chars == 0 {
                // `<br><br>`: the old web's paragraph break.
                self.flush(&parent);
            } else {
                // One `<br>` breaks a line, not a paragraph: hard-wrapped text stays one block.
                self.line_break = true;
                self.space = true;
            }
        }
        self.stack.push(f);
        true
    }

    fn close(&mut self) {
        let Some(f) = self.stack.pop() else { return };
        let el = f.el as usize;
        let end = self.flat.els.len() as u32;
        let tag = match self.flat.els.get_mut(el) {
            Some(e) => {
                e.end = end;
                e.tag
            }
            None => return,
        };
        if self.marks.last().is_some_and(|m| m.el == f.el) {
            if let Some(m) = self.marks.pop() {
                if m.started {
                    self.buf.push_str(m.marker);
                }
            }
        }
        if tag == Tag::A {
            if self.link.as_ref().is_some_and(|l| l.el == f.el) {
                self.close_link();
                self.link = None;
            }
        } else if !matches!(tag, Tag::Inline | Tag::Br) {
            self.flush(&f);
        }
    }

    fn resolve(&self, href: &str) -> String {
        match &self.base {
            Some(b) => b
                .join(href)
                .map(|u| u.to_string())
                .unwrap_or_else(|_| href.to_string()),
            None => href.to_string(),
        }
    }

    /// Opens Markdown emphasis for `<em>`/`<i>` (`*`) and `<strong>`/`<b>` (`**`) outside
    /// preformatted text when links are kept (Markdown is asked for), unless the same emphasis is
    /// already open; and notes the language of
    /// `<code class="language-…">` inside `<pre>`.
    fn open_mark(&mut self, el: &Element, idx: u32, in_pre: bool) {
        if in_pre {
            if el.name() == "code" && self.lang.is_none() {
                self.lang = el.classes().find_map(|c| {
                    c.strip_prefix("language-")
                        .or_else(|| c.strip_prefix("lang-"))
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                });
            }
            return;
        }
        if !self.links {
            return;
        }
        let marker = match el.name() {
            "em" | "i" => "*",
            "strong" | "b" => "**",
            _ => return,
        };
        if self.marks.iter().any(|m| m.marker == marker) {
            return;
        }
        self.marks.push(Mark {
            el: idx,
            marker,
            started: false,
        });
    }

    /// Writes the openers of emphasis and link not yet written, in the order they were opened.
    fn start_marks(&mut self) {
        let link_el = self
            .link
            .as_ref()
            .filter(|l| !l.started)
            .map_or(NONE, |l| l.el);
        for m in self
            .marks
            .iter_mut()
            .filter(|m| !m.started && m.el < link_el)
        {
            self.buf.push_str(m.marker);
            m.started = true;
        }
        if let Some(l) = self.link.as_mut() {
            if !l.started {
                self.buf.push('[');
                l.started = true;
            }
        }
        for m in self.marks.iter_mut().filter(|m| !m.started) {
            self.buf.push_str(m.marker);
            m.started = true;
        }
    }

    /// Closes, at a block's end, the emphasis and link written so far: they open again with the
    /// next block's text.
    fn close_marks(&mut self) {
        let link_el = self.link.as_ref().map_or(NONE, |l| l.el);
        let mut linked = true;
        for i in (0..self.marks.len()).rev() {
            if linked && self.marks[i].el < link_el {
                self.close_link();
                linked = false;
            }
            if self.marks[i].started {
                self.buf.push_str(self.marks[i].marker);
                self.marks[i].started = false;
            }
        }
        if linked {
            self.close_link();
        }
    }

    /// Closes the Markdown of the link text written so far.
    fn close_link(&mut self) {
        if let Some(l) = self.link.as_mut() {
            if l.started {
                l.started = false;
                self.buf.push_str("](");
                self.buf.push_str(&l.href);
                self.buf.push(')');
            }
        }
    }

    fn text(&mut self, text: &str, f: &Frame) {
        let in_link = f.link;
        if f.pre {
            for c in text.chars() {
                if c == '\r' || (self.buf.is_empty() && c.is_whitespace()) {
                    continue;
                }
                self.buf.push(c);
                if !c.is_whitespace() {
                    self.chars += 1;
                    if in_link {
                        self.link_chars += 1;
                    }
                }
            }
            self.words += text.split_whitespace().count() as u32;
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            if matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
            ) {
                continue;
            }
            if self.space || self.buf.is_empty() {
                if !self.buf.is_empty() {
                    self.buf.push(if self.line_break { '\n' } else { ' ' });
                }
                self.line_break = false;
                self.words += 1;
                self.space = false;
                if c.is_ascii_digit() {
                    self.numbers += 1;
                }
            }
            if self.links {
                self.start_marks();
            }
            self.buf.push(c);
            // A CJK character carries about what a short word does: weigh it so that lengths and
            // word counts mean the same in every script.
            let (w, words) = if is_cjk(c) { (3, 1) } else { (1, 0) };
            self.chars += w;
            self.words += words;
            if in_link {
                self.link_chars += w;
            }
            if matches!(
                c,
                '.' | '!' | '?' | ',' | ';' | '。' | '、' | '，' | '！' | '？' | '؟' | '،' | '।'
            ) {
                self.puncts += 1;
            }
        }
    }

    /// Ends the current run of text as a block of the kind `f` gives it.
    fn flush(&mut self, f: &Frame) {
        self.line_break = false;
        self.close_marks();
        self.space = false;
        let lang = if f.pre { self.lang.take() } else { None };
        if self.chars == 0 {
            self.buf.clear();
            self.words = 0;
            self.puncts = 0;
            self.numbers = 0;
            self.link_chars = 0;
            return;
        }
        let mut text = std::mem::take(&mut self.buf);
        if f.pre {
            let trimmed = text.trim_end().len();
            text.truncate(trimmed);
        }
        self.flat.blocks.push(RawBlock {
            ctx: f.ctx,
            text,
            chars: self.chars,
            link_chars: self.link_chars,
            words: self.words,
            puncts: self.puncts,
            numbers: self.numbers,
            owner: f.owner,
            boiler: NONE,
            comment: NONE,
            cell: f.cell,
            row: f.row,
            table: f.table,
            list: f.list,
            in_p: f.in_p,
            captioned: f.captioned,
            teaser: false,
            shape: Shape {
                ordered: f.ordered && f.ctx == Ctx::Item,
                depth: if f.ctx == Ctx::Item { f.depth } else { 0 },
                header: f.head,
                lang,
                group: if f.ctx == Ctx::Item && f.outer_list != NONE {
                    f.outer_list + 1
                } else if f.table != NONE {
                    f.table + 1
                } else {
                    0
                },
            },
        });
        self.chars = 0;
        self.link_chars = 0;
        self.words = 0;
        self.puncts = 0;
        self.numbers = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(html: &str) -> Flat {
        flatten(&Html::parse_document(html), false, None)
    }

    #[test]
    fn inline_markup_joins_and_blocks_split() {
        let f = flat("<div>One <b>two</b>three<p>Four\n five</p>six</div>");
        let texts: Vec<_> = f.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["One twothree", "Four five", "six"]);
    }

    #[test]
    fn a_walk_that_ignores_names_reads_a_named_box_by_its_tag_alone() {
        let page = Html::parse_document(
            r#"<div class="seo-footer-copy" id="site-footer"><p>Shop the classics.</p></div><footer><p>Contact</p></footer>"#,
        );
        let labels = |names| {
            let f = flatten_with(&page, false, None, Hidden::Skip, names);
            f.els
                .iter()
                .map(|e| e.label)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
        };
        // Named for the footer, the box is furniture; read by its tag, it is a plain box.
        // The `<footer>` is furniture either way.
        assert_eq!(labels(Names::Read), ["header_footer", "header_footer"]);
        assert_eq!(labels(Names::Ignore), ["header_footer"]);
    }

    #[test]
    fn link_characters_are_counted() {
        let f = flat(r#"<p>Read <a href="/x">this story</a>.</p>"#);
        assert_eq!(f.blocks[0].chars, 14);
        assert_eq!(f.blocks[0].link_chars, 9);
    }

    #[test]
    fn links_as_markdown() {
        let page = Html::parse_document(
            r#"<p>Read <a href="/x">this <i>story</i></a>.<a href="/y"><img></a></p>"#,
        );
        let f = flatten(&page, true, Some("https://example.com/a/b"));
        assert_eq!(
            f.blocks[0].text,
            "Read [this *story*](https://example.com/x)."
        );
    }

    #[test]
    fn hidden_boxes_are_not_read() {
        let f = flat(
            r#"<p>a</p><div style="DISPLAY : none">b</div><p hidden>c</p><p>d<span aria-hidden="true">e</span></p>"#,
        );
        let texts: Vec<_> = f.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["a", "d"]);
    }

    #[test]
    fn a_panel_a_button_opens_is_read_though_hidden() {
        let f = flat(
            r#"<a role="button" aria-controls="menu q1">1. Understand your bill</a>
            <div id="q1" style="display:none"><p>Look at a year of bills.</p></div>
            <button aria-controls="q3">2. Compare quotes</button>
            <div id="q2" style="display:none"><p>Nothing opens this.</p></div>
            <div id="q3" hidden><p>Ask three installers.</p></div>
            <p hidden="until-found">Found by search.</p>"#,
        );
        let texts: Vec<_> = f.blocks.iter().map(|b| b.text.as_str()).collect();
        // A `<button>`'s own label is a control, not text; what it opens is.
        assert_eq!(
            texts,
            [
                "1. Understand your bill",
                "Look at a year of bills.",
                "Ask three installers.",
                "Found by search."
            ]
        );
    }

    #[test]
    fn a_panel_a_button_opens_is_not_hidden_from_readers() {
        let f = flat(
            r#"<button aria-controls="a2">Can I use my own vet?</button>
            <div id="a2" aria-hidden="true"><p>Yes, any licensed vet.</p></div>
            <div id="a3" aria-hidden="true"><p>A closed menu.</p></div>"#,
        );
        let neg = |text: &str| {
            let b = f.blocks.iter().find(|b| b.text == text).expect("block");
            // The panel: the paragraph's parent.
            f.els[f.els[b.owner as usize].parent as usize].neg
        };
        assert_eq!(neg("Yes, any licensed vet."), Neg::None);
        assert_eq!(neg("A closed menu."), Neg::Weak);
    }

    #[test]
    fn the_text_of_boxes_the_page_hides_is_counted_not_read() {
        let f = flat(
            r#"<p>shown</p><div style="display:none"><p>twelve bytes</p></div><p hidden>four</p><script>var x;</script><span aria-hidden="true">icon</span>"#,
        );
        assert_eq!(f.hidden_text, "twelve bytes".len() + "four".len());
        assert_eq!(f.blocks.len(), 1);
    }

    #[test]
    fn a_dialog_is_furniture_whatever_it_holds() {
        let f = flat(
            r#"<div role="dialog"><p>a</p></div><div aria-modal="true"><p>b</p></div><div role="main"><p>c</p></div>"#,
        );
        let sure = f.els.iter().filter(|e| e.neg == Neg::Sure).count();
        assert_eq!(sure, 2);
        assert!(f
            .els
            .iter()
            .all(|e| e.neg != Neg::Sure || e.label == "cookie_banner"));
    }

    #[test]
    fn aria_hidden_boxes_are_weak_furniture_not_invisible() {
        let f = flat(r#"<div aria-hidden="true"><p>a</p></div>"#);
        assert_eq!(f.blocks.len(), 1);
        assert!(f.els.iter().any(|e| e.neg == Neg::Weak));
        // Hidden from readers and named as furniture: a closed dialog.
        let f = flat(r#"<div aria-hidden="true" class="modal"><p>a</p></div>"#);
        assert!(f.els.iter().any(|e| e.neg == Neg::Sure));
    }

    #[test]
    fn one_br_breaks_a_line_and_two_break_a_paragraph() {
        let f = flat("<div>a<br>b<br><br>c <br> <br>d</div><p>e<br>f</p>");
        let texts: Vec<_> = f.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["a\nb", "c", "d", "e f"]);
    }

    #[test]
    fn preformatted_keeps_lines() {
        let f = flat("<pre>\n  a\n  b  \n</pre>");
        assert_eq!(f.blocks[0].text, "a\n  b");
        assert_eq!(f.blocks[0].ctx, Ctx::Pre);
    }
}
