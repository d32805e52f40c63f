//! Notes for the user about what was extracted: a paywall teaser, or no clear article at all.

use super::phrases;
use super::score::{is_prose, Choice};
use super::select::Kept;
use super::walk::{is_cjk, Ctx, Flat};

/// How many words an article cut by a paywall has at most. Longer texts carrying a paywall phrase
/// are whole articles with a subscription box nearby.
const TEASER_WORDS: usize = 450;

/// True when the page reads as a paywall teaser: paywall wording in a short block somewhere on the
/// page (or the page declaring itself not free), and an article too short to be whole.
pub fn paywalled(flat: &Flat, kept: &[Kept], not_free: bool) -> bool {
    let words: usize = kept.iter().map(|k| k.text.split_whitespace().count()).sum();
    if words > TEASER_WORDS {
        return false;
    }
    not_free
        || flat
            .blocks
            .iter()
            .any(|b| b.words <= 40 && phrases::paywall(&b.text))
}

/// True when the page shows no clear article: almost no prose kept, or a box whose linked
/// headlines outweigh its prose (an index page lists stories; an article tells one).
pub fn low_confidence(flat: &Flat, choice: &Choice, kept: &[Kept], typed_article: bool) -> bool {
    if choice.stream {
        return true;
    }
    // CJK characters weigh three, as everywhere in the extractor.
    let prose_chars: usize = kept
        .iter()
        .filter(|k| k.prose)
        .flat_map(|k| k.text.chars())
        .map(|c| if is_cjk(c) { 3 } else { 1 })
        .sum();
    let min_prose = if typed_article { 100 } else { 200 };
    if prose_chars < min_prose {
        return true;
    }
    let Some(root) = flat.els.get(choice.el as usize) else {
        return true;
    };
    let (lo, hi) = (choice.el, root.end);
    let (mut teasers, mut teaser_chars) = (0usize, 0usize);
    for b in flat.blocks.iter().filter(|b| b.owner >= lo && b.owner < hi) {
        let linked = b.link_chars * 2 > b.chars;
        if linked && (matches!(b.ctx, Ctx::Heading(_)) || (b.words >= 5 && !is_prose(b))) {
            teasers += 1;
            teaser_chars += b.link_chars as usize;
        }
    }
    !typed_article && teasers >= 5 && teaser_chars > prose_chars
}
