//! Cleaning: a chain of small cleaners, each removing one family of boilerplate from a
//! [`Document`]'s blocks and recording what it removed in a [`Trail`].
//!
//! Principle: precision first. A cleaner that is not sure leaves the text alone. Cleaning only
//! removes (the output's words are a subsequence of the input's) and is idempotent.

mod chain;
mod facts;
mod matcher;
mod normalize_whitespace;
mod pattern_set;
mod phrases;
mod required_literals;
mod screen;
mod site_rules;
mod strip_agency_tags;
mod strip_bylines;
mod strip_comment_prompts;
mod strip_duplicate_headline;
mod strip_page_chrome;
mod strip_teasers;
mod strip_trailer;
mod strip_widgets;

pub use crate::text::{fold, word_count};
pub use chain::{Chain, ChainError, CleanConfig, CleanerConfig, MAX_PASSES};
pub use facts::BlockFacts;
pub use normalize_whitespace::NormalizeWhitespace;
pub use strip_agency_tags::{StripAgencyTags, StripAgencyTagsConfig};
pub use strip_bylines::{StripBylines, StripBylinesConfig};
pub use strip_comment_prompts::{StripCommentPrompts, StripCommentPromptsConfig};
pub use strip_duplicate_headline::StripDuplicateHeadline;
pub use strip_page_chrome::{StripPageChrome, StripPageChromeConfig};
pub use strip_teasers::{StripTeasers, StripTeasersConfig};
pub use strip_trailer::{StripTrailer, StripTrailerConfig};
pub use strip_widgets::{StripWidgets, StripWidgetsConfig};

use crate::document::Document;
use crate::trail::Trail;

/// One step of the chain. Implementations are small, pure and deterministic: the same document
/// always loses the same text.
pub trait Cleaner: Send + Sync {
    /// The name removals are recorded under, such as `strip_widgets`.
    fn name(&self) -> &str;
    /// Removes what this cleaner is sure of from `doc`, recording each removal in `trail`.
    fn clean(&self, doc: &mut Document, trail: &mut Trail);
    /// Like [`Cleaner::clean`], asking `facts` for folded texts and word counts instead of working
    /// them out again: the chain shares one [`BlockFacts`] across its cleaners and passes. The
    /// result must be the same as `clean`'s; a cleaner that asks nothing needs not override it.
    fn clean_with(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        let _ = facts;
        self.clean(doc, trail);
    }
}

/// Drops the blocks at the given positions (indices into `doc.blocks`, any order), recording each
/// under `by`.
pub(crate) fn drop_blocks(doc: &mut Document, trail: &mut Trail, by: &str, drop: &[bool]) {
    if !drop.iter().any(|&d| d) {
        return;
    }
    let mut i = 0;
    doc.blocks.retain(|block| {
        let gone = drop.get(i).copied().unwrap_or(false);
        i += 1;
        if gone {
            trail.dropped(by, block.origin, block.text.clone());
        }
        !gone
    });
}

/// Drops every block for which `doomed` is true, recording each under `by`.
pub(crate) fn drop_where(
    doc: &mut Document,
    trail: &mut Trail,
    by: &str,
    mut doomed: impl FnMut(&crate::document::Block) -> bool,
) {
    let drop: Vec<bool> = doc.blocks.iter().map(&mut doomed).collect();
    drop_blocks(doc, trail, by, &drop);
}

/// Cuts `start..end` (a char-boundary byte range) out of block `index`, recording it under `by`,
/// and trims the whitespace the cut leaves at the seam. A block left empty is dropped. `facts`
/// forgets what it knew of the block's text.
pub(crate) fn cut_span(
    doc: &mut Document,
    trail: &mut Trail,
    by: &str,
    index: usize,
    (start, end): (usize, usize),
    facts: &mut BlockFacts,
) {
    let block = &mut doc.blocks[index];
    facts.forget(block);
    let removed = block.text[start..end].to_string();
    trail.cut(by, block.origin, start, end, removed);
    let mut text = String::with_capacity(block.text.len() - (end - start));
    text.push_str(block.text[..start].trim_end());
    let rest = block.text[end..].trim_start();
    if !text.is_empty() && !rest.is_empty() {
        text.push(' ');
    }
    text.push_str(rest);
    block.text = text;
    if block.text.is_empty() {
        doc.blocks.remove(index);
    }
}

/// Cuts every one of `spans` (sorted, non-overlapping, char-boundary byte ranges of the block's
/// text) out of block `index` in one pass, recording each under `by` with its range in the text
/// as it was, and joining what is left with one space at each seam, as [`cut_span`] does for
/// one. One pass keeps a rule that matches a thousand times in a block linear in the block, and
/// the seams cannot shift an offset not yet cut. A block left empty is dropped. `facts` forgets
/// what it knew of the block's text.
pub(crate) fn cut_spans(
    doc: &mut Document,
    trail: &mut Trail,
    by: &str,
    index: usize,
    spans: &[(usize, usize)],
    facts: &mut BlockFacts,
) {
    if spans.is_empty() {
        return;
    }
    let block = &mut doc.blocks[index];
    facts.forget(block);
    let old = std::mem::take(&mut block.text);
    // Recorded right to left, the order one cut at a time would record them.
    for &(start, end) in spans.iter().rev() {
        trail.cut(by, block.origin, start, end, &old[start..end]);
    }
    let mut text = String::with_capacity(old.len());
    let mut from = 0;
    for (k, &(start, end)) in spans.iter().chain([&(old.len(), old.len())]).enumerate() {
        let mut piece = &old[from..start];
        if k > 0 {
            piece = piece.trim_start();
        }
        if k < spans.len() {
            piece = piece.trim_end();
        }
        if !piece.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(piece);
        }
        from = end;
    }
    block.text = text;
    if block.text.is_empty() {
        doc.blocks.remove(index);
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::document::{Block, BlockKind, Document, Layout};

    /// A document with one paragraph block per line.
    pub fn doc_of(lines: &[&str]) -> Document {
        let mut doc = Document::new("test", "test");
        doc.layout = Layout::Lines;
        doc.blocks = lines
            .iter()
            .enumerate()
            .map(|(i, l)| Block::new(BlockKind::Paragraph, *l, i))
            .collect();
        doc
    }

    /// The texts of the document's blocks.
    pub fn texts(doc: &Document) -> Vec<String> {
        doc.blocks.iter().map(|b| b.text.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{doc_of, texts};
    use super::*;

    /// Found by fuzzing (issue 9): cut one at a time from the right, a match ending in
    /// whitespace had that whitespace trimmed by the next cut's seam, so the next offset was
    /// off: "Keep this" lost its "K", and with a no-break space the cut split a character.
    #[test]
    fn strip_text_matches_ending_in_whitespace_keep_the_text_whole() {
        for space in [" ", "\u{a0}", "\u{3000}"] {
            let ad = format!("AD{space}");
            let line = format!("{ad}{ad}Keep this{space}{ad}sentence.");
            let spans: Vec<(usize, usize)> = line
                .match_indices(&ad)
                .map(|(i, m)| (i, i + m.len()))
                .collect();
            let mut doc = doc_of(&[&line]);
            let mut trail = Trail::new();
            cut_spans(&mut doc, &mut trail, "t", 0, &spans, &mut BlockFacts::new());
            assert_eq!(texts(&doc), ["Keep this sentence."], "{space:?}");
            assert_eq!(trail.removals().len(), 3);
            assert!(trail.removals().iter().all(|r| r.text == ad));
        }
    }
}
