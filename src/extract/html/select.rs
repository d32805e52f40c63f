//! From the chosen box to the article's blocks: which blocks of the box stay, and of what kind.
//!
//! The box is right about where the article is, not about every block in it: share bars, "related"
//! lists, newsletter prompts and credit lines sit inside article boxes. A block goes when its own
//! names say furniture; when it is mostly link text without being a sentence, a paragraph with
//! words around its link, or a lone linked paragraph between paragraphs of text; when its list is
//! a list of links; or when it is short and worded like furniture. What comes before the headline
//! goes, and the headline itself (the title is metadata); so do a heading left with nothing under
//! it, captions (unless asked for) and the text the page also shows as a caption, and bylines,
//! datelines and short crumbs before the first paragraph or after the last. Tables of data become
//! one block per row; tables that lay out the page are read as boxes.

use super::left_out::Reason;
use super::phrases;
use super::score::{is_prose, Choice};
use super::walk::{Ctx, Flat, RawBlock, Tag, NONE};
use crate::document::{BlockKind, Shape};
use crate::extract::{ExtractOptions, Focus};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// A block on its way out, with what the later checks need to know.
#[derive(Debug)]
pub struct Kept {
    /// The block's kind.
    pub kind: BlockKind,
    /// Its text.
    pub text: String,
    /// True when it reads as prose.
    pub prose: bool,
    /// True when it is short and not prose, or a dateline: a byline, kicker or date when it sits
    /// before the first paragraph or after the last.
    pub crumb: bool,
    /// Its place in a list or table, for Markdown.
    pub shape: Shape,
    /// Index of its first raw block in the page ([`NOWHERE`] for text not read from the markup).
    pub at: usize,
}

/// [`Kept::at`] of a block that does not come from the page's markup.
pub const NOWHERE: usize = usize::MAX;

/// Thresholds that move with `focus`.
struct Limits {
    /// Above this share of link text, a block that is not a sentence goes.
    link_density: f32,
    /// Up to this many words, a block worded like furniture goes.
    furniture_words: u32,
}

fn limits(focus: Focus) -> Limits {
    match focus {
        Focus::Precision => Limits {
            link_density: 0.35,
            furniture_words: 40,
        },
        Focus::Balanced => Limits {
            link_density: 0.5,
            furniture_words: 25,
        },
        Focus::Recall => Limits {
            link_density: 0.7,
            furniture_words: 12,
        },
    }
}

/// What every block's verdict is judged against: the chosen box, the page-wide facts select
/// works out once (layout tables, link lists, caption texts, the headline), and the options.
struct Judge<'a> {
    flat: &'a Flat,
    /// The chosen box's elements: `lo..hi`.
    lo: u32,
    hi: u32,
    stream: bool,
    opts: &'a ExtractOptions,
    lim: Limits,
    /// The `<title>`, folded.
    title: Option<String>,
    /// The heading that says most of the title, and how much of it.
    best_title: Option<(usize, usize)>,
    layout: Vec<bool>,
    link_lists: HashSet<u32>,
    /// Texts that the page shows as captions somewhere: galleries repeat them outside figures.
    captions: HashSet<u64>,
}

/// The blocks of the chosen box that belong to the article, in reading order.
///
/// Step by step: what stands before the headline goes ([`Judge::headline_at`]); each block of
/// the box is then judged on its own ([`Judge::block`]), a data table row by row
/// ([`Judge::table_row`]); comments are added after the text when asked for
/// ([`Judge::comments`]); and the whole is tidied: a second copy of the text
/// ([`drop_repeats`]), crumbs around the text ([`trim_crumbs`]) and headings left with nothing
/// under them ([`drop_orphan_headings`]) go.
///
/// On a page of story cards (`choice.stream`), linked headlines stay: they are what such a page
/// has to say.
/// `why` gets one entry per raw block of the page: why each block that does not come out was
/// left out (see [`Reason`]).
pub fn select(
    flat: &Flat,
    choice: &Choice,
    title: Option<&str>,
    opts: &ExtractOptions,
    why: &mut Vec<Reason>,
) -> Vec<Kept> {
    why.clear();
    why.resize(flat.blocks.len(), Reason::OutsideBox);
    let Some(judge) = Judge::new(flat, choice, title, opts) else {
        return Vec::new();
    };
    let blocks = &flat.blocks;
    let mut out: Vec<Kept> = Vec::new();
    let mut i = judge.headline_at();
    for (w, b) in why.iter_mut().zip(blocks).take(i) {
        if judge.inside(b) {
            *w = Reason::BeforeHeadline;
        }
    }
    while i < blocks.len() {
        let (b, at) = (&blocks[i], i);
        i += 1;
        if !judge.inside(b) {
            continue;
        }
        if !judge.in_aside(b) && judge.in_data_table(b) {
            let (row, next) = judge.table_row(at, why);
            out.extend(row);
            i = next;
            continue;
        }
        match judge.block(at) {
            Ok(kept) => {
                why[at] = Reason::Kept;
                out.push(kept)
            }
            Err(reason) => why[at] = reason,
        }
    }
    if opts.comments {
        judge.comments(&mut out, why);
    }
    drop_repeats(&mut out, why);
    trim_crumbs(&mut out, opts.focus);
    drop_orphan_headings(&mut out, flat, judge.lo, judge.hi);
    // What the last two steps dropped was kept until then.
    let still: HashSet<usize> = out.iter().map(|k| k.at).collect();
    for (at, w) in why.iter_mut().enumerate() {
        if *w == Reason::Kept && !still.contains(&at) {
            *w = Reason::Crumb;
        }
    }
    out
}

impl<'a> Judge<'a> {
    /// None when the chosen box is not an element of the page (nothing to select from).
    fn new(
        flat: &'a Flat,
        choice: &Choice,
        title: Option<&str>,
        opts: &'a ExtractOptions,
    ) -> Option<Self> {
        let root = flat.els.get(choice.el as usize)?;
        let (lo, hi) = (choice.el, root.end);
        let title = title.map(fold);
        let best_title = title.as_deref().and_then(|t| best_title_heading(flat, t));
        Some(Judge {
            flat,
            lo,
            hi,
            stream: choice.stream,
            opts,
            lim: limits(opts.focus),
            title,
            best_title,
            layout: layout_tables(flat),
            link_lists: link_lists(flat, lo, hi, opts.focus),
            captions: flat
                .blocks
                .iter()
                .filter(|b| is_caption(b))
                .map(|b| hash(&b.text))
                .collect(),
        })
    }

    fn inside(&self, b: &RawBlock) -> bool {
        b.owner >= self.lo && b.owner < self.hi
    }

    /// The first block of the article: the headline's when the box holds it, else the first.
    fn headline_at(&self) -> usize {
        self.best_title
            .and_then(|(at, _)| headline(self.flat, self.lo, self.hi, at))
            .unwrap_or(0)
    }

    /// In a comment or a furniture box inside the chosen box (not the box itself, which the
    /// scorer chose knowing its names).
    fn in_aside(&self, b: &RawBlock) -> bool {
        self.in_comment(b) || self.in_furniture(b)
    }

    fn in_comment(&self, b: &RawBlock) -> bool {
        b.comment != NONE && b.comment > self.lo
    }

    fn in_furniture(&self, b: &RawBlock) -> bool {
        b.boiler != NONE
            && b.boiler > self.lo
            && !(self.opts.focus == Focus::Recall && is_prose(b) && low_links(b, 0.2))
    }

    /// In a table of data (not one that lays out the page).
    fn in_data_table(&self, b: &RawBlock) -> bool {
        b.table != NONE && !self.layout.get(b.table as usize).copied().unwrap_or(true)
    }

    /// A data table's row from its block at `start`: one block, cells joined (or the table's
    /// caption), kept only when tables are asked for. Returns it and the index after the row.
    fn table_row(&self, start: usize, why: &mut [Reason]) -> (Option<Kept>, usize) {
        let blocks = &self.flat.blocks;
        let b = &blocks[start];
        let row = b.row;
        let mut text = String::new();
        let mut cell = NONE;
        let mut header = true;
        let mut j = start;
        while j < blocks.len() && blocks[j].table == b.table && blocks[j].row == row && row != NONE
        {
            let c = &blocks[j];
            if !text.is_empty() {
                text.push_str(if c.cell == cell { " " } else { " | " });
            }
            cell = c.cell;
            header &= c.shape.header;
            text.push_str(&c.text);
            j += 1;
        }
        if row == NONE {
            j = start + 1;
            text.push_str(&b.text);
        }
        let tables = self.opts.tables;
        for (k, w) in why[start..j].iter_mut().enumerate() {
            *w = match (tables, k) {
                (false, _) => Reason::Table,
                (true, 0) => Reason::Kept,
                (true, _) => Reason::Joined,
            };
        }
        let kept = (tables && !text.is_empty()).then(|| Kept {
            at: start,
            kind: if row == NONE {
                BlockKind::Caption
            } else {
                BlockKind::TableRow
            },
            text,
            prose: false,
            crumb: false,
            shape: Shape {
                header: header && row != NONE,
                group: b.table + 1,
                ..Shape::default()
            },
        });
        (kept, j)
    }

    /// One block of the box outside data tables: kept (with its kind, and whether it is a crumb)
    /// or the reason it goes.
    fn block(&self, at: usize) -> Result<Kept, Reason> {
        let (flat, opts) = (self.flat, self.opts);
        let b = &flat.blocks[at];
        if self.in_comment(b) {
            // Comments are added after the article when asked for, never inside it.
            return Err(Reason::Furniture(flat.els[b.comment as usize].label));
        }
        if self.in_furniture(b) {
            return Err(Reason::Furniture(flat.els[b.boiler as usize].label));
        }
        if b.list != NONE && !self.stream && self.link_lists.contains(&b.list) {
            return Err(Reason::LinkList);
        }
        let kind = kind_of(b);
        if kind == BlockKind::Caption && !opts.captions {
            return Err(Reason::Caption);
        }
        let prose = is_prose(b);
        let headline = self.stream && (matches!(kind, BlockKind::Heading(_)) || b.words >= 2);
        if !self.linked_text(at, kind, prose, headline) && !low_links(b, self.lim.link_density) {
            return Err(Reason::LinkDense);
        }
        if !opts.captions && self.captions.contains(&hash(&b.text)) {
            return Err(Reason::Caption);
        }
        if kind != BlockKind::Caption
            && b.words <= self.lim.furniture_words
            && (phrases::furniture(&b.text, prose) || phrases::lead(&b.text, prose))
        {
            return Err(Reason::FurnitureWording);
        }
        let title = self.title.as_deref();
        if let (BlockKind::Heading(_), Some(t), Some((_, most))) = (kind, title, self.best_title) {
            // A heading that says the title as fully as the headline does is the title again.
            if title_match(&b.text, t).is_some_and(|n| n >= most) {
                return Err(Reason::Title);
            }
        }
        // Old pages set their headline in `<font>` or `<b>` and break the line after it: the
        // first line of such a block is the title, and what follows it a block of its own.
        let (text, crumb) = match (kind, title, b.text.split_once('\n')) {
            (BlockKind::Paragraph, Some(t), Some((first, rest)))
                if title_match(first, t).is_some() =>
            {
                let rest = rest.trim().to_string();
                let words = rest.split_whitespace().count();
                let crumb = words < 8 && !ends_sentence(&rest);
                (rest, crumb)
            }
            // A linked title on a page of entries is an entry, not a crumb around the text.
            _ => (
                b.text.clone(),
                is_crumb(b, prose) && (!headline || low_links(b, 0.5)),
            ),
        };
        if text.is_empty() {
            return Err(Reason::Title);
        }
        Ok(Kept {
            kind,
            text,
            prose,
            crumb,
            shape: b.shape.clone(),
            at,
        })
    }

    /// Link text that is text all the same, so link density does not drop it: a sentence that is
    /// all link, a paragraph with words around its link, a lone linked paragraph between
    /// paragraphs of text, an entry's linked title on a page of entries, a quotation.
    fn linked_text(&self, at: usize, kind: BlockKind, prose: bool, headline: bool) -> bool {
        let blocks = &self.flat.blocks;
        let b = &blocks[at];
        let precise = self.opts.focus == Focus::Precision;
        // Quotations (embedded posts) carry their links as part of what they quote.
        let sentence =
            prose && b.words >= 10 && matches!(kind, BlockKind::Paragraph | BlockKind::ListItem);
        // A paragraph whose author wrote words around the link ("Pro tip: get more ideas here").
        let framed = !precise && b.in_p && b.chars - b.link_chars >= 10;
        // A linked paragraph between paragraphs of text is part of the text; menus and link lists
        // come in runs. Unless it shouts: a linked headline in capitals is a promotion of another
        // story.
        let isolated = !precise
            && b.in_p
            && !shouts(&b.text)
            && [at.checked_sub(1), Some(at + 1)].iter().all(|n| {
                n.and_then(|n| blocks.get(n))
                    .is_some_and(|nb| low_links(nb, 0.5))
            });
        sentence || framed || isolated || headline || kind == BlockKind::Quote
    }

    /// The comments' blocks, after the text (`--comments`): those with few links that are not
    /// captions or furniture wording.
    fn comments(&self, out: &mut Vec<Kept>, why: &mut [Reason]) {
        for (at, b) in self.flat.blocks.iter().enumerate() {
            let furniture =
                b.words <= self.lim.furniture_words && phrases::furniture(&b.text, is_prose(b));
            if b.comment != NONE && low_links(b, 0.5) && b.ctx != Ctx::Caption && !furniture {
                let prose = is_prose(b);
                out.push(Kept {
                    kind: BlockKind::Paragraph,
                    text: b.text.clone(),
                    prose,
                    crumb: is_crumb(b, prose),
                    shape: Shape::default(),
                    at,
                });
                why[at] = Reason::Kept;
            }
        }
    }
}

/// A block's kind from where it stands: a paragraph, heading, list item, quotation,
/// preformatted text or caption.
fn kind_of(b: &RawBlock) -> BlockKind {
    match b.ctx {
        Ctx::Para => BlockKind::Paragraph,
        Ctx::Heading(n) => BlockKind::Heading(n),
        Ctx::Item => BlockKind::ListItem,
        Ctx::Quote => BlockKind::Quote,
        Ctx::Pre => BlockKind::Preformatted,
        Ctx::Caption if is_caption(b) => BlockKind::Caption,
        Ctx::Caption => BlockKind::Paragraph,
    }
}

/// Words from which running prose on a slide reads as a paragraph: a slide's caption says who
/// and where in a sentence or two.
const LONG_CAPTION_WORDS: u32 = 40;

/// A block in a caption that reads as one: any block of a figure's caption or of a box named
/// as one (news photos carry captions of a hundred words), and a block of a carousel or slideshow
/// unless it is running prose of a paragraph's length (reviews, features, a slide's story).
fn is_caption(b: &RawBlock) -> bool {
    b.ctx == Ctx::Caption && (b.captioned || !(is_prose(b) && b.words >= LONG_CAPTION_WORDS))
}

/// A run of blocks, each already said earlier, that repeats at least this many paragraphs of
/// running prose is a second copy of the text. Short lines repeat in order in plans, schedules
/// and lists of entries; paragraphs do not.
const REPEAT_PARAGRAPHS: usize = 2;
/// What counts as a paragraph for that: prose of at least this many words, ending a sentence.
const PARAGRAPH_WORDS: usize = 15;

/// Drops the second copy of text a page renders twice (one for small screens, one for large):
/// runs of consecutive blocks that each came out before and hold at least
/// [`REPEAT_PARAGRAPHS`] paragraphs, and says so in `why`. Lines repeated on their own or in
/// short runs (a day's portions in a meal plan, a credit under each webcam) are part of the text
/// and stay; so do table rows, since data repeats.
fn drop_repeats(out: &mut Vec<Kept>, why: &mut [Reason]) {
    let hashes: Vec<u64> = out.iter().map(|k| hash(&k.text)).collect();
    let mut seen: HashSet<u64> = HashSet::new();
    let repeated: Vec<bool> = out
        .iter()
        .zip(&hashes)
        .map(|(k, h)| k.kind != BlockKind::TableRow && !seen.insert(*h))
        .collect();
    let mut drop = vec![false; out.len()];
    let mut i = 0;
    while i < out.len() {
        if !repeated[i] {
            i += 1;
            continue;
        }
        let run = repeated[i..].iter().take_while(|r| **r).count();
        // Different paragraphs: one paragraph said over and over is not a copy of the text.
        let paragraphs = out[i..i + run]
            .iter()
            .zip(&hashes[i..i + run])
            .filter(|(k, _)| {
                k.prose
                    && ends_sentence(&k.text)
                    && k.text.split_whitespace().count() >= PARAGRAPH_WORDS
            })
            .map(|(_, h)| *h)
            .collect::<HashSet<u64>>()
            .len();
        if paragraphs >= REPEAT_PARAGRAPHS {
            drop[i..i + run].iter_mut().for_each(|d| *d = true);
        }
        i += run;
    }
    let mut n = 0;
    out.retain(|k| {
        let gone = drop[n];
        n += 1;
        if gone {
            if let Some(w) = why.get_mut(k.at) {
                *w = Reason::Repeated;
            }
        }
        !gone
    });
}

/// How much of the page title `title` (folded) heading `text` says: the length of the heading's
/// folded text when it is the title, or the title with a site name around it; `None` when it is
/// not.
fn title_match(text: &str, title: &str) -> Option<usize> {
    let h = fold(text);
    let n = h.chars().count();
    // Under 12 letters a heading inside the title is a word the title happens to use.
    (!h.is_empty() && (title == h || (n >= 12 && title.contains(&h)))).then_some(n)
}

/// The heading that says most of the page title (folded), anywhere on the page, with how much of
/// it it says: the page's headline. A section heading that names the article's subject
/// ("rustc_codegen_gcc" under the title "rustc_codegen_gcc: Progress Report #39") says part of
/// the title too, so the first heading inside the title is not enough.
fn best_title_heading(flat: &Flat, title: &str) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, b) in flat.blocks.iter().enumerate() {
        if !matches!(b.ctx, Ctx::Heading(_)) {
            continue;
        }
        if let Some(n) = title_match(&b.text, title) {
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((i, n));
            }
        }
    }
    best
}

/// `at`, the page's headline, when the box holds it with most of the box's prose after it. What
/// comes before the headline (tickers, section teasers, breadcrumbs) is not the article. When the
/// headline stands above the box, the box starts after it already and nothing in it is cut.
fn headline(flat: &Flat, lo: u32, hi: u32, at: usize) -> Option<usize> {
    let inside = |b: &RawBlock| b.owner >= lo && b.owner < hi;
    if !inside(&flat.blocks[at]) {
        return None;
    }
    let prose = |b: &RawBlock| {
        if inside(b) && is_prose(b) {
            b.chars - b.link_chars
        } else {
            0
        }
    };
    let before: u32 = flat.blocks[..at].iter().map(prose).sum();
    let after: u32 = flat.blocks[at..].iter().map(prose).sum();
    (2 * after >= before).then_some(at)
}

fn hash(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Short and not prose, or a dateline (mostly numbers).
fn is_crumb(b: &RawBlock, prose: bool) -> bool {
    // A short sentence ("It was 3 a.m.") ends like one; bylines and kickers do not.
    let short = b.words < 8 && !ends_sentence(&b.text);
    !prose && (short || (b.words < 14 && b.numbers * 3 > b.words))
}

/// True when the text ends with sentence punctuation, closing quotes and brackets aside.
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ' '])
        .ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// True when the text has letters and none of them is lowercase.
fn shouts(text: &str) -> bool {
    let mut letters = false;
    for c in text.chars() {
        if c.is_lowercase() {
            return false;
        }
        letters |= c.is_uppercase();
    }
    letters
}

fn low_links(b: &RawBlock, limit: f32) -> bool {
    b.link_chars as f32 <= limit * b.chars as f32
}

/// Lowercase letters and digits only, for comparing a heading with the title.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// For each element, true when it is a table used for layout rather than for data: it holds
/// another table, a heading, or a cell of running prose (a column of the page). One pass over the
/// elements and one over the blocks, however many tables the page has.
fn layout_tables(flat: &Flat) -> Vec<bool> {
    let n = flat.els.len();
    let mut layout = vec![false; n];
    // The nearest table above each element.
    let mut above = vec![NONE; n];
    for i in 0..n {
        let p = flat.els[i].parent;
        if p == NONE {
            continue;
        }
        let pi = p as usize;
        above[i] = if flat.els[pi].tag == Tag::Table {
            p
        } else {
            above[pi]
        };
        if flat.els[i].tag == Tag::Table && above[i] != NONE {
            layout[above[i] as usize] = true;
        }
    }
    for b in &flat.blocks {
        // A cell of running prose (a paragraph, or lines broken with `<br>`) is a column of the
        // page: data cells hold values and short labels.
        let prose_cell = is_prose(b) && b.chars >= 150;
        if b.table != NONE && (prose_cell || b.chars > 400 || matches!(b.ctx, Ctx::Heading(_))) {
            if let Some(l) = layout.get_mut(b.table as usize) {
                *l = true;
            }
        }
    }
    layout
}

/// Lists inside the box that are lists of links ("more stories", "read next", sources of
/// nothing but headlines): most items carry a link and links make up a good share of the list's
/// text, and most items are not sentences. Judged per list rather than per item, because a headline with a few unlinked words
/// ("Opinion: …", a date) passes the per-block test on its own.
fn link_lists(flat: &Flat, lo: u32, hi: u32, focus: Focus) -> HashSet<u32> {
    let share = match focus {
        Focus::Precision => 0.2,
        Focus::Balanced => 0.3,
        Focus::Recall => 0.5,
    };
    #[derive(Default)]
    struct Stat {
        items: u32,
        linked: u32,
        prose: u32,
        chars: u32,
        links: u32,
    }
    let mut stats: std::collections::HashMap<u32, Stat> = Default::default();
    for b in flat
        .blocks
        .iter()
        .filter(|b| b.owner >= lo && b.owner < hi && b.list != NONE)
    {
        let s = stats.entry(b.list).or_default();
        s.items += 1;
        s.linked += u32::from(b.link_chars > 0);
        // Items that are sentences of their own (a news digest) make a list of text, linked or not.
        s.prose += u32::from(is_prose(b) && b.words >= 15);
        s.chars += b.chars;
        s.links += b.link_chars;
    }
    stats
        .into_iter()
        .filter(|(_, s)| {
            s.items >= 3
                && s.linked * 4 >= s.items * 3
                && s.prose * 2 < s.items
                && s.links as f32 >= share * s.chars as f32
        })
        .map(|(list, _)| list)
        .collect()
}

/// Short lines that are not prose before the first paragraph and after the last one are bylines,
/// datelines, kickers, tag lists and share prompts far more often than article text.
fn trim_crumbs(out: &mut Vec<Kept>, focus: Focus) {
    if focus == Focus::Recall {
        return;
    }
    let crumb = |k: &Kept| k.kind == BlockKind::Paragraph && k.crumb;
    let Some(first) = out.iter().position(|k| k.prose) else {
        return;
    };
    let last = out.iter().rposition(|k| k.prose).unwrap_or(first);
    let mut idx = 0;
    out.retain(|k| {
        let keep = !((idx < first || idx > last) && crumb(k));
        idx += 1;
        keep
    });
}

/// A heading whose section was removed: nothing kept under it (before the next heading of the
/// same or a higher level), though the page had a section there (a list, or a block of some
/// length). A heading directly followed by another on the page is a run of titles (a service
/// page's feature list), and stays.
fn drop_orphan_headings(out: &mut Vec<Kept>, flat: &Flat, lo: u32, hi: u32) {
    let mut keep = vec![true; out.len()];
    for i in 0..out.len() {
        if let BlockKind::Heading(level) = out[i].kind {
            let has_body = match out.get(i + 1) {
                None => false,
                Some(next) => match next.kind {
                    BlockKind::Heading(l) => l > level,
                    _ => true,
                },
            };
            if has_body {
                continue;
            }
            // What the page had between this heading and the next kept block.
            let from = out[i].at.saturating_add(1);
            let to = out.get(i + 1).map_or(flat.blocks.len(), |n| n.at);
            // A section is a list, or a block of some length: a lone button ("View plans") or
            // an image caption under a feature title is no section.
            let removed: Vec<&RawBlock> = if from < to && to <= flat.blocks.len() {
                flat.blocks[from..to]
                    .iter()
                    .filter(|b| {
                        b.owner >= lo
                            && b.owner < hi
                            && !matches!(b.ctx, Ctx::Heading(_) | Ctx::Caption)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let had_section = removed.len() >= 2 || removed.iter().any(|b| b.words >= 10);
            keep[i] = !had_section && out.get(i + 1).is_some();
        }
    }
    let mut idx = 0;
    out.retain(|_| {
        let k = keep[idx];
        idx += 1;
        k
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str, at: usize) -> Kept {
        Kept {
            kind: BlockKind::Paragraph,
            text: text.to_string(),
            prose: true,
            crumb: false,
            shape: Shape::default(),
            at,
        }
    }

    const P1: &str =
        "The council met on Tuesday and agreed, after a long debate, to repair the old bridge.";
    const P2: &str =
        "Work starts in spring, and the road will be closed for six weeks while crews replace it.";

    #[test]
    fn a_second_copy_of_the_text_goes_and_is_explained() {
        let mut out = vec![
            kept(P1, 0),
            kept(P2, 1),
            kept("Photo", 2),
            kept(P1, 3),
            kept(P2, 4),
        ];
        let mut why = vec![Reason::Kept; 5];
        drop_repeats(&mut out, &mut why);
        let texts: Vec<&str> = out.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(texts, [P1, P2, "Photo"]);
        assert_eq!(why[3], Reason::Repeated);
        assert_eq!(why[4], Reason::Repeated);
    }

    #[test]
    fn lines_a_plan_repeats_day_after_day_stay() {
        let line = "Portion Fix Containers: 1 Green, 1 Red, 1 Yellow, 1 tsp";
        let mut out = vec![
            kept("Monday", 0),
            kept(line, 1),
            kept("Drink during your workout", 2),
            kept("Tuesday", 3),
            kept(line, 4),
            kept("Drink during your workout", 5),
            kept(P1, 6),
        ];
        let mut why = vec![Reason::Kept; 7];
        drop_repeats(&mut out, &mut why);
        assert_eq!(out.len(), 7);
        // One paragraph said over and over is not a copy of the text.
        let mut out: Vec<Kept> = (0..5).map(|i| kept(P1, i)).collect();
        drop_repeats(&mut out, &mut why);
        assert_eq!(out.len(), 5);
    }

    fn article_text(html: &str) -> String {
        crate::extract::html::extract(html, None, &ExtractOptions::default()).text()
    }

    #[test]
    fn a_section_heading_that_names_the_subject_is_not_the_headline() {
        let para = |n: &str| {
            format!("<p>The {n} part of this report says what changed, and why it matters to users.</p>")
        };
        let html = format!(
            r#"<html><head><title>rustc_codegen_gcc: Progress Report #39</title></head><body>
            <h2>rustc_codegen_gcc: Progress Report #39</h2>
            <div><h2>What is it?</h2>{}{}<h2>How to contribute</h2>
            <h3>rustc_codegen_gcc</h3>{}</div></body></html>"#,
            para("first"),
            para("second"),
            para("third")
        );
        let text = article_text(&html);
        assert!(text.starts_with("What is it?"), "{text}");
        assert!(
            text.contains("The first part") && text.contains("The third part"),
            "{text}"
        );
        // The section heading stays; the headline, the title again, does not.
        assert!(text.contains("\n\nrustc_codegen_gcc\n\n"), "{text}");
        assert!(!text.contains("Progress Report"), "{text}");
    }

    #[test]
    fn what_stands_before_the_headline_in_the_box_goes() {
        let html = r#"<html><head><title>Bridge to close for repairs - Town News</title></head>
            <body><div><p><a href="/x">Other story one</a> and <a href="/y">Other story two</a></p>
            <h1>Bridge to close for repairs</h1>
            <p>The council met on Tuesday and agreed, after a long debate, to repair the old bridge.</p>
            <p>Work starts in spring, and the road will be closed for six weeks while crews replace it.</p>
            </div></body></html>"#;
        let text = article_text(html);
        assert!(text.starts_with("The council met"), "{text}");
    }

    #[test]
    fn a_slides_paragraph_is_text_but_a_long_photo_caption_is_a_caption() {
        let long = "I did a lot of research looking for a mat to go under our new treadmill, and \
            this one is thick, it does not smell, it lies flat, it cleans up with a damp cloth, \
            and after three months of daily running it still looks new, so I bought another.";
        let caption = "The defense secretary, left, and his counterpart shake hands in Hanoi on \
            Wednesday, Nov. 20, 2019, during a visit meant to strengthen the military ties \
            between the two countries as tensions grow in the region over the disputed sea.";
        let html = format!(
            r#"<html><body><div class="story">
            <p>The council met on Tuesday and agreed, after a long debate, to repair the bridge.</p>
            <figure><img src="a.jpg"><figcaption>{caption}</figcaption></figure>
            <p>Work starts in spring, and the road will be closed for six weeks while crews work.</p>
            <div class="carousel"><div class="slide"><p>{long}</p><p>Amanda H.</p></div></div>
            </div></body></html>"#
        );
        let text = article_text(&html);
        assert!(text.contains("I did a lot of research"), "{text}");
        assert!(!text.contains("Amanda H."), "{text}");
        assert!(!text.contains("shake hands"), "{text}");
    }
}
