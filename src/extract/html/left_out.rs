//! What extraction left out, and why: every block of the page that does not come out is in the
//! trail under `extract:<reason>`, grouped into regions, so `unboil explain` tells the whole story
//! (the cleaners' removals come after).

use super::select::Kept;
use super::walk::{Flat, RawBlock, NONE};
use crate::trail::{Cut, Removal};

/// Why a raw block of the page did not come out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// It came out.
    Kept,
    /// It came out as part of another block (a table cell of a kept row).
    Joined,
    /// It lies outside the box of the main content; [`regions`] says what it was.
    OutsideBox,
    /// A box named or tagged as furniture or comments, with the reason its name gives.
    Furniture(&'static str),
    /// Before the article's headline in its box: tickers, breadcrumbs, section teasers.
    BeforeHeadline,
    /// A list of links ("more stories", a menu inside the article box).
    LinkList,
    /// Mostly link text without being a sentence.
    LinkDense,
    /// An image caption or credit (captions are off), or text the page shows as one.
    Caption,
    /// A short block worded like furniture ("Share this", "© 2024 …").
    FurnitureWording,
    /// The headline itself: the title is metadata.
    Title,
    /// A table, with tables off.
    Table,
    /// A byline, dateline or short crumb before the first paragraph or after the last, or a
    /// heading whose section was removed.
    Crumb,
    /// A block of several words that already came out earlier: pages that render their text
    /// twice (one copy for small screens, one for large) or repeat a paragraph as a pull quote.
    Repeated,
}

impl Reason {
    /// The name the trail records, after `extract:`.
    fn name(self, b: &RawBlock, flat: &Flat) -> &'static str {
        match self {
            Reason::Kept | Reason::Joined => "kept",
            Reason::OutsideBox => outside(b, flat),
            Reason::Furniture("") => "page_furniture",
            Reason::Furniture(label) => label,
            Reason::BeforeHeadline => "before_headline",
            Reason::LinkList => "link_list",
            Reason::LinkDense => "low_text_density",
            Reason::Caption => "caption",
            Reason::FurnitureWording => "furniture_wording",
            Reason::Title => "title",
            Reason::Table => "table",
            Reason::Crumb => "byline_or_crumb",
            Reason::Repeated => "repeated",
        }
    }
}

/// What a block outside the content box was.
fn outside(b: &RawBlock, flat: &Flat) -> &'static str {
    let label = |el: u32| match flat.els.get(el as usize).map(|e| e.label) {
        Some("") | None => "page_furniture",
        Some(l) => l,
    };
    if b.comment != NONE {
        label(b.comment)
    } else if b.boiler != NONE {
        label(b.boiler)
    } else if b.teaser {
        "teasers"
    } else {
        "outside_main_content"
    }
}

/// The regions extraction left out, in page order: runs of raw blocks with one reason, each
/// recorded before the kept block it preceded (see [`Cut::Region`]).
pub fn regions(flat: &Flat, kept: &[Kept], why: &[Reason]) -> Vec<Removal> {
    let mut kept_at: Vec<usize> = kept.iter().map(|k| k.at).collect();
    kept_at.sort_unstable();
    let mut out: Vec<Removal> = Vec::new();
    let mut last: Option<(&'static str, usize)> = None;
    for (at, (b, &w)) in flat.blocks.iter().zip(why).enumerate() {
        if matches!(w, Reason::Kept | Reason::Joined) {
            last = None;
            continue;
        }
        let name = w.name(b, flat);
        let before = kept_at.partition_point(|&k| k < at);
        match (last, out.last_mut()) {
            (Some((n, k)), Some(r)) if n == name && k == before => {
                r.text.push('\n');
                r.text.push_str(&b.text);
            }
            _ => out.push(Removal {
                by: format!("extract:{name}"),
                block: before,
                cut: Cut::Region,
                text: b.text.clone(),
            }),
        }
        last = Some((name, before));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{extract_with_rules, ExtractOptions};
    use crate::trail::Trail;

    const PROSE: &str =
        "The council met on Tuesday and agreed, after a long debate, to repair the old bridge.";

    #[test]
    fn every_region_left_out_is_in_the_trail_with_its_reason() {
        let html = format!(
            r#"<html><body><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
            <article><p>{PROSE}</p><div class="share-bar"><a href="/s">Share on Facebook</a></div><p>{PROSE}</p></article>
            <div class="comments"><p>{PROSE} A comment.</p></div>
            <footer><p>About us. Contact.</p></footer></body></html>"#
        );
        let mut trail = Trail::new();
        let doc = extract_with_rules(&html, None, &ExtractOptions::default(), &[], &mut trail);
        assert_eq!(doc.blocks.len(), 2);
        let by: Vec<(&str, &str)> = trail
            .removals()
            .iter()
            .map(|r| (r.by.as_str(), r.text.as_str()))
            .collect();
        assert!(
            by.contains(&("extract:navigation", "Home\nWorld")),
            "{by:?}"
        );
        assert!(
            by.iter()
                .any(|(b, t)| *b == "extract:share_bar" && t.contains("Share on")),
            "{by:?}"
        );
        assert!(
            by.iter()
                .any(|(b, t)| *b == "extract:comments" && t.contains("A comment")),
            "{by:?}"
        );
        assert!(
            by.iter().any(|(b, _)| *b == "extract:header_footer"),
            "{by:?}"
        );
        // Every text block of the page (two menu items, two paragraphs, the share link, the
        // comment, the footer) is either kept or in the trail.
        let left: usize = trail
            .removals()
            .iter()
            .map(|r| r.text.lines().count())
            .sum();
        assert_eq!(left + doc.blocks.len(), 7, "{by:?}");
    }

    #[test]
    fn a_region_is_placed_before_the_kept_block_it_preceded() {
        let html = format!(
            r#"<body><article><p>{PROSE}</p><ul class="related"><li><a href="/a">Another story about the bridge</a></li><li><a href="/b">And one more story</a></li></ul><p>{PROSE}</p></article></body>"#
        );
        let mut trail = Trail::new();
        extract_with_rules(&html, None, &ExtractOptions::default(), &[], &mut trail);
        let related = trail
            .removals()
            .iter()
            .find(|r| r.by == "extract:related_links")
            .expect("the related box is in the trail");
        assert_eq!(related.block, 1);
    }
}
