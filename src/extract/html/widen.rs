//! When one box is not the whole story: pages whose main content is several sections, or a list.
//!
//! The scorer picks the single box that best holds prose. On an article that box is the article.
//! On a service page with five sections, a documentation page with a sidebar beside each part, or
//! a forum thread, it is one section of several: the rest of what a reader came for sits in
//! sibling boxes. And on a listing (products, search results, a schedule) no box holds prose at
//! all, so the best score is below zero and the "box" is an empty element.
//!
//! Two named steps correct that, each judged from the whole page rather than from one box:
//! - [`widen`]: when the chosen box holds too little of the page's readable prose (prose outside
//!   furniture, comments and teaser cards), the smallest ancestor that holds most of it is chosen
//!   instead; select's own filters still drop menus and link lists inside it;
//! - [`listing`]: when no box scores above zero, the smallest box that holds most of the page's
//!   text outside furniture is chosen and read as a stream of entries.

use super::score::{is_prose, Choice};
use super::walk::{Flat, RawBlock, NONE};

/// A chosen box that holds at least this share of the page's readable prose is the content: the
/// rest is asides (an author box, a pull quote), not missing sections. Checked on both dev sets:
/// articles' boxes hold well above it, multi-section pages' best section well below.
const ENOUGH_SHARE: f32 = 0.6;
/// The widened box must hold this share of the readable prose: most of it, but not every crumb
/// of prose in a footer, which would widen to the whole body.
const WIDEN_SHARE: f32 = 0.8;
/// A widened box may add at most this many characters of link text and furniture per character
/// of prose it adds: more, and the "sections" it gains are menus and link farms.
const MAX_ADDED_CLUTTER: f32 = 1.5;

/// Readable prose: a prose block outside furniture, comments and teaser cards.
fn readable(b: &RawBlock) -> f32 {
    if b.boiler != NONE || b.comment != NONE || b.teaser || !is_prose(b) {
        0.0
    } else {
        b.chars.saturating_sub(b.link_chars) as f32
    }
}

/// Link text, and text in furniture or comment boxes.
fn clutter(b: &RawBlock) -> f32 {
    if b.boiler != NONE || b.comment != NONE {
        b.chars as f32
    } else {
        b.link_chars as f32
    }
}

/// Per element, the sum of `f` over the blocks of its subtree.
fn subtree_sums(flat: &Flat, f: impl Fn(&RawBlock) -> f32) -> Vec<f32> {
    let n = flat.els.len();
    let mut sum = vec![0f32; n];
    for b in &flat.blocks {
        if let Some(s) = sum.get_mut(b.owner as usize) {
            *s += f(b);
        }
    }
    for i in (1..n).rev() {
        let p = flat.els[i].parent;
        if p != NONE {
            let v = sum[i];
            sum[p as usize] += v;
        }
    }
    sum
}

/// The chosen box, or the smallest ancestor of it that holds most of the page's readable prose
/// when the box holds too little of it.
pub fn widen(flat: &Flat, choice: Choice) -> Choice {
    let Some(_) = flat.els.get(choice.el as usize) else {
        return choice;
    };
    if choice.stream {
        return choice;
    }
    let prose = subtree_sums(flat, readable);
    let total: f32 = flat.blocks.iter().map(readable).sum();
    let own = prose[choice.el as usize];
    if total <= 0.0 || own >= ENOUGH_SHARE * total {
        return choice;
    }
    let clutter = subtree_sums(flat, clutter);
    let mut at = choice.el;
    while at != NONE {
        let i = at as usize;
        if prose[i] >= WIDEN_SHARE * total {
            let added_prose = prose[i] - own;
            let added_clutter = clutter[i] - clutter[choice.el as usize];
            if added_clutter > MAX_ADDED_CLUTTER * added_prose {
                return choice;
            }
            return Choice { el: at, ..choice };
        }
        at = flat.els[i].parent;
    }
    choice
}

/// Share of the page's text outside furniture that the box of a listing must hold.
const LISTING_SHARE: f32 = 0.8;

/// For a page where no box scores above zero: the smallest box holding most of the text outside
/// furniture and comments, read as a stream of entries (linked titles stay).
pub fn listing(flat: &Flat, choice: Choice) -> Choice {
    if choice.score > 0.0 && !choice.stream {
        return choice;
    }
    let text = |b: &RawBlock| {
        if b.boiler != NONE || b.comment != NONE {
            0.0
        } else {
            b.chars as f32
        }
    };
    let sums = subtree_sums(flat, text);
    let total: f32 = flat.blocks.iter().map(text).sum();
    if total <= 0.0 {
        return choice;
    }
    // The deepest element (last in document order among those that qualify, since a box comes
    // before everything inside it) holding the share.
    let best = (0..flat.els.len())
        .rev()
        .find(|&i| sums[i] >= LISTING_SHARE * total);
    match best {
        Some(i) => Choice {
            el: i as u32,
            score: choice.score,
            stream: true,
        },
        None => choice,
    }
}
