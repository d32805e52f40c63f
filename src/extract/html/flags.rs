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

/// Prose characters at which confidence reaches one half: a few sentences. Checked on both dev
/// sets: short briefs sit just above it, shells with a line of text far below.
const HALF_AT: f32 = 300.0;

/// How sure extraction is, from 0 to 1, that what it kept is the page's main content: grows with
/// the running text kept (a brief of a few sentences is about one half, a full article close to
/// one; a page typed as an article by its structured data needs half as much), and drops on a
/// page read as a stream of entries or a box whose linked headlines outweigh its prose (an index
/// page lists stories; an article tells one).
pub fn confidence(flat: &Flat, choice: &Choice, kept: &[Kept], typed_article: bool) -> f32 {
    // CJK characters weigh three, as everywhere in the extractor.
    let prose_chars = kept
        .iter()
        .filter(|k| k.prose)
        .flat_map(|k| k.text.chars())
        .map(|c| if is_cjk(c) { 3.0 } else { 1.0 })
        .sum::<f32>();
    let half = if typed_article {
        HALF_AT / 2.0
    } else {
        HALF_AT
    };
    let mut c = prose_chars / (prose_chars + half);
    if choice.stream
        || (!typed_article
            && (teaser_heavy(flat, choice, prose_chars) || mostly_teasers(flat, choice)))
    {
        c *= STREAM_FACTOR;
    }
    c
}

/// What a page of entries keeps of its confidence: its text is what the page has, but it is no
/// article, so it stays below the default `min_confidence` however long its summaries are.
const STREAM_FACTOR: f32 = 0.3;

/// True when most of the chosen box's prose sits in teaser cards: summaries of stories told on
/// other pages.
fn mostly_teasers(flat: &Flat, choice: &Choice) -> bool {
    let Some(root) = flat.els.get(choice.el as usize) else {
        return false;
    };
    let (lo, hi) = (choice.el, root.end);
    let (mut cards, mut all) = (0u32, 0u32);
    for b in flat
        .blocks
        .iter()
        .filter(|b| b.owner >= lo && b.owner < hi && is_prose(b))
    {
        all += b.chars;
        if b.teaser {
            cards += b.chars;
        }
    }
    cards * 2 > all
}

/// True when the chosen box's linked headlines outweigh its prose.
fn teaser_heavy(flat: &Flat, choice: &Choice, prose_chars: f32) -> bool {
    let Some(root) = flat.els.get(choice.el as usize) else {
        return false;
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
    teasers >= 5 && teaser_chars as f32 > prose_chars
}
