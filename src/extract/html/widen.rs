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
/// A widened box may add at most this many characters of link text per character of readable
/// text it adds: more, and the "sections" it gains are menus and link farms.
const MAX_ADDED_CLUTTER: f32 = 1.5;

/// The box of the main content, from the scorer's choice: the list of records the box is part of,
/// a list of records that outweighs it, the widened box of a multi-section page, or a listing,
/// whichever applies first.
pub fn content(flat: &Flat, choice: Choice) -> Choice {
    let listed = records(flat, choice);
    if listed.el != choice.el {
        return listed;
    }
    let listed = list_page(flat, choice);
    if listed.el != choice.el {
        return listed;
    }
    listing(flat, widen(flat, choice))
}

/// Readable text: text outside links, furniture, comments and teaser cards; running prose counts
/// whole, headings and short lines half (a service page says much of what it says in them).
fn readable(b: &RawBlock) -> f32 {
    if b.boiler != NONE || b.comment != NONE || b.teaser {
        return 0.0;
    }
    let own = b.chars.saturating_sub(b.link_chars) as f32;
    if is_prose(b) {
        own
    } else {
        0.5 * own
    }
}

/// Link text outside furniture and comment boxes: what a wider box would bring in that select
/// may keep (furniture and comments it drops whatever box it reads).
fn clutter(b: &RawBlock) -> f32 {
    if b.boiler != NONE || b.comment != NONE {
        0.0
    } else {
        b.link_chars as f32
    }
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
    let prose = flat.subtree_sums(readable);
    let total: f32 = flat.blocks.iter().map(readable).sum();
    let own = prose[choice.el as usize];
    if total <= 0.0 || own >= ENOUGH_SHARE * total {
        return choice;
    }
    let clutter = flat.subtree_sums(clutter);
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

/// How many boxes of one shape side by side make a list of records.
const MIN_RECORDS: usize = 3;
/// How far up from the chosen box a record may start: the scorer often picks a part of one
/// record (its summary) rather than the record.
const RECORD_LEVELS: usize = 3;
/// The records beside the chosen one must hold at least this many times its text: a list whose
/// other entries are stubs is a box with a few empty siblings.
const RECORDS_OUTWEIGH: f32 = 2.0;

/// Text outside furniture and comments, teaser cards included: what a list's records hold.
fn record_text(b: &RawBlock) -> f32 {
    if b.boiler != NONE || b.comment != NONE {
        0.0
    } else {
        b.chars as f32
    }
}

/// When the chosen box is (in) one record of a list, the list: the box's parent when it holds at
/// least [`MIN_RECORDS`] children of the box's shape (tag and classes) that carry text and
/// together outweigh the box. The list is read as a stream of entries, linked titles kept.
pub fn records(flat: &Flat, choice: Choice) -> Choice {
    if flat.els.get(choice.el as usize).is_none() {
        return choice;
    }
    let text = flat.subtree_sums(record_text);
    let blocks = flat.subtree_sums(|b| if record_text(b) > 0.0 { 1.0 } else { 0.0 });
    let mut at = choice.el;
    for _ in 0..RECORD_LEVELS {
        let el = &flat.els[at as usize];
        let parent = el.parent;
        let Some(p) = flat.els.get(parent as usize) else {
            break;
        };
        let (mut same, mut same_text) = (0usize, 0f32);
        let mut c = parent as usize + 1;
        while c < p.end as usize {
            let child = &flat.els[c];
            // A record holds a title and some text: two blocks at least.
            if child.shape == el.shape && blocks[c] >= 2.0 {
                same += 1;
                same_text += text[c];
            }
            c = child.end as usize;
        }
        if same >= MIN_RECORDS
            && same_text - text[at as usize] >= RECORDS_OUTWEIGH * text[at as usize]
        {
            return Choice {
                el: parent,
                score: choice.score,
                stream: true,
            };
        }
        at = parent;
    }
    choice
}

/// A list of records outweighs the chosen box when its text is this many times the box's
/// readable text: a product grid beside a line of description, not related links under an
/// article (which are furniture by name, or teasers, or much shorter than the article).
const LIST_OUTWEIGHS: f32 = 3.0;

/// The page's biggest list of records: the element with the most text in children of one shape
/// (each with two blocks or more, [`MIN_RECORDS`] of them at least), with that text.
fn biggest_list(flat: &Flat, text: &[f32], blocks: &[f32], min_blocks: f32) -> Option<(u32, f32)> {
    use std::collections::HashMap;
    let mut best: Option<(u32, f32)> = None;
    let mut groups: HashMap<u64, (usize, f32)> = HashMap::new();
    for (p, el) in flat.els.iter().enumerate() {
        if el.end as usize <= p + 1 {
            continue;
        }
        groups.clear();
        let mut c = p + 1;
        while c < el.end as usize {
            let child = &flat.els[c];
            if blocks[c] >= min_blocks && text[c] > 0.0 {
                let g = groups.entry(child.shape).or_insert((0, 0.0));
                g.0 += 1;
                g.1 += text[c];
            }
            c = (child.end as usize).max(c + 1);
        }
        for &(n, t) in groups.values() {
            if n >= MIN_RECORDS && best.is_none_or(|(_, b)| t > b) {
                best = Some((p as u32, t));
            }
        }
    }
    best
}

/// On a page whose biggest list of records outweighs the chosen box, the list.
pub fn list_page(flat: &Flat, choice: Choice) -> Choice {
    let text = flat.subtree_sums(record_text);
    let blocks = flat.subtree_sums(|b| if record_text(b) > 0.0 { 1.0 } else { 0.0 });
    let own = flat
        .els
        .get(choice.el as usize)
        .map_or(0.0, |_| flat.subtree_sums(readable)[choice.el as usize]);
    let outweighs = |list: Option<(u32, f32)>| list.filter(|&(_, t)| t > LIST_OUTWEIGHS * own);
    let list = outweighs(biggest_list(flat, &text, &blocks, 2.0));
    if list.is_none() && own < BRIEF && !declares_body(flat) {
        // A page that says a paragraph or two of its own and lists the rest (recipes, books,
        // parts): its entries may be one linked title each. Not when the page marks its
        // article's body: then the paragraph or two is a brief, and the titles are other
        // stories.
        if let Some((el, t)) = outweighs(biggest_list(flat, &text, &blocks, 1.0)) {
            // The introduction is part of such a page: the box that holds it and the list, when
            // that box holds little else.
            let el = common_box(flat, choice.el, el)
                .filter(|&b| text[b as usize] <= INTRO_AND_LIST * (t + own))
                .unwrap_or(el);
            return Choice {
                el,
                score: choice.score,
                stream: true,
            };
        }
    }
    match list {
        Some((el, _)) => Choice {
            el,
            score: choice.score,
            stream: true,
        },
        None => choice,
    }
}

/// The box that holds an introduction and its list may hold this many times their text: more,
/// and it is the page around them.
const INTRO_AND_LIST: f32 = 1.3;

/// The smallest box holding both `a` and `b`.
fn common_box(flat: &Flat, a: u32, b: u32) -> Option<u32> {
    let mut at = a;
    while let Some(e) = flat.els.get(at as usize) {
        if b >= at && b < e.end {
            return Some(at);
        }
        at = e.parent;
    }
    None
}

/// True when the page marks a box as its article's body (`itemprop="articleBody"`).
fn declares_body(flat: &Flat) -> bool {
    flat.els.iter().any(|e| e.content >= 1.0)
}

/// Readable text under which the chosen box is a brief, not an article: an introduction of a
/// paragraph or two.
const BRIEF: f32 = 600.0;

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
    let sums = flat.subtree_sums(text);
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

#[cfg(test)]
mod tests {
    use crate::extract::ExtractOptions;

    fn text_of(html: &str) -> String {
        crate::extract::html::extract(html, None, &ExtractOptions::default()).text()
    }

    const INTRO: &str = "Our collection of tomato sauce recipes has something for every dish, \
        from a big plate of pasta to a vegetable tian.";

    fn entries() -> String {
        [
            "Easy Slow-Cooker Pork Ragu",
            "Spaghetti and Meatballs",
            "Sweet and Spicy Tomato Chutney",
            "Penne alla Vodka",
            "New York-Style Pizza Sauce",
            "The Best Slow-Cooked Bolognese Sauce",
            "All-Day Meat Lasagna",
            "Bucatini all'Amatriciana",
            "Filipino Spaghetti Sauce",
            "The Best Fresh Tomato Sauce",
        ]
        .iter()
        .flat_map(|t| {
            [
                t.to_string(),
                format!("Quick {t}"),
                format!("{t} for a Crowd"),
            ]
        })
        .enumerate()
        .map(|(i, t)| format!(r#"<div class="card"><a href="/r/{i}">{t}</a></div>"#))
        .collect()
    }

    #[test]
    fn a_page_that_introduces_a_list_of_titles_is_the_introduction_and_the_list() {
        let html = format!(
            r#"<html><body><nav><a href="/">Home</a> <a href="/x">Recipes</a></nav>
            <main><p>{INTRO}</p><div class="grid">{}</div></main></body></html>"#,
            entries()
        );
        let text = text_of(&html);
        assert!(text.starts_with("Our collection"), "{text}");
        assert!(text.contains("Spaghetti and Meatballs"), "{text}");
        assert!(text.contains("The Best Fresh Tomato Sauce"), "{text}");
        assert!(!text.contains("Home"), "{text}");
    }

    #[test]
    fn a_brief_the_page_marks_as_its_body_is_not_traded_for_other_headlines() {
        let html = format!(
            r#"<html><body><main><div itemprop="articleBody"><p>{INTRO}</p></div>
            <div class="grid">{}</div></main></body></html>"#,
            entries()
        );
        assert_eq!(text_of(&html), INTRO);
    }
}
