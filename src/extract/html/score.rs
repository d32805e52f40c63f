//! Which element holds the article.
//!
//! Each text block gets a value: running prose counts for its length, link text and text in boxes
//! named as furniture or comments count against, short labels count a little against. An element's
//! score is the sum over the blocks of its subtree, raised a little when its markup names it the
//! article (`<article>`, `itemprop=articleBody`, an "article-body" class). The article is the element
//! with the highest score: the smallest box that holds the prose while leaving out menus, link lists
//! and comments, because adding those lowers the sum. This is the maximum-subtree reading of
//! "text density minus link density", and it needs one bottom-up pass over the element array.
//!
//! Before that, [`resolve_hints`] decides which furniture and comment names count (not those on a
//! box holding most of the page's prose) and marks teaser cards, whose summaries read like prose
//! but tell other stories.

use super::walk::{Ctx, El, Flat, Neg, RawBlock, Tag, NONE};
use crate::extract::Focus;
use std::collections::HashMap;

/// How strongly link text counts against a box, per focus: precision dislikes link-heavy boxes more.
fn link_weight(focus: Focus) -> f32 {
    match focus {
        Focus::Precision => 1.3,
        Focus::Balanced => 1.0,
        Focus::Recall => 0.7,
    }
}

/// True for a block shaped like running prose: several words, mostly not numbers (a dateline
/// is not prose), and sentence punctuation; or simply long.
pub fn is_prose(b: &RawBlock) -> bool {
    let own = b.chars.saturating_sub(b.link_chars);
    (b.words >= 8 && b.puncts >= 1 && own >= 40 && b.numbers * 3 <= b.words) || own >= 150
}

/// The value of one block for choosing the article box.
pub fn value(b: &RawBlock, focus: Focus) -> f32 {
    value_with(b, focus, true)
}

/// [`value`], with teaser cards counted against a box or, for a page of nothing but cards, as
/// ordinary blocks.
fn value_with(b: &RawBlock, focus: Focus, against_teasers: bool) -> f32 {
    let chars = b.chars as f32;
    let links = b.link_chars as f32;
    let own = chars - links;
    if b.comment != NONE || b.boiler != NONE {
        return -0.5 * chars;
    }
    if b.teaser && against_teasers {
        return -0.3 * chars;
    }
    let lw = link_weight(focus);
    match b.ctx {
        Ctx::Heading(_) => -lw * links,
        Ctx::Caption => -0.2 * chars,
        _ => {
            let base = if is_prose(b) {
                own
            } else if b.chars < 40 {
                -0.3 * own
            } else {
                0.3 * own
            };
            base - lw * links
        }
    }
}

/// A box named as furniture that holds at least this share of the page's prose is not furniture:
/// pages put "ad-margins" or "has-sidebar" on the wrapper of everything.
const BOILER_SHARE: f32 = 0.5;
/// The same for comment sections, which can outweigh a short article with long comments.
const COMMENT_SHARE: f32 = 0.85;

/// A box named only weakly as furniture that holds this much running prose holds an article's
/// worth of text: a header, a widget or a "more" box does not.
const WEAK_HOLDS_ARTICLE: f32 = 1000.0;

/// On a page with this little prose outside its comment boxes, for each character inside them,
/// the comment boxes hold the page's posts (see [`resolve_hints`]).
const THREAD_OUTSIDE: f32 = 0.25;
/// The same when the page has one article box outside its comments: a post with comments under
/// it, unless the post is a few lines over many times as much in replies.
const THREAD_OUTSIDE_ARTICLE: f32 = 0.05;

/// Decides which names count and gives each block its innermost furniture and comment boxes.
/// Top-down in document order, so each element is looked at once.
pub fn resolve_hints(flat: &mut Flat, discussion: bool) {
    let n = flat.els.len();
    let own_prose = |b: &RawBlock| {
        if is_prose(b) {
            b.chars.saturating_sub(b.link_chars) as f32
        } else {
            0.0
        }
    };
    let prose = flat.subtree_sums(own_prose);
    let total: f32 = flat.blocks.iter().map(own_prose).sum();
    let layout_names = layout_names(flat, &prose, total);
    let one_article = one_article_outside_comments(flat, &prose);
    let is_layout = |i: usize, share: f32| {
        let names = &flat.els[i].names;
        names[0] != 0
            && names
                .iter()
                .all(|n| *n == 0 || layout_names.get(n).is_some_and(|s| *s >= share))
    };
    let furniture_at = |i: usize| match flat.els[i].neg {
        Neg::Boiler => prose[i] < BOILER_SHARE * total && !is_layout(i, BOILER_SHARE),
        Neg::Sure => true,
        Neg::Comment => {
            prose[i] < COMMENT_SHARE * total && (one_article || !is_layout(i, COMMENT_SHARE))
        }
        Neg::Weak | Neg::None => false,
    };
    let furniture: Vec<bool> = (0..n).map(furniture_at).collect();
    // The prose outside furniture named by a strong word, a tag or a comment name: what a box
    // with only a weak name is weighed against.
    let (mut sure_furniture, mut in_comments) = (0.0, 0.0);
    let mut until = 0u32;
    for (i, p) in prose.iter().enumerate() {
        if i as u32 >= until && furniture[i] {
            if flat.els[i].neg == Neg::Comment {
                in_comments += p;
            } else {
                sure_furniture += p;
            }
            until = flat.els[i].end;
        }
    }
    // A page whose prose is nearly all in boxes named as comments is a thread: its posts are
    // what it says (forum software names the opening post "discussion" and every reply
    // "comment"). An article with comments has its own prose outside them.
    // A page that declares itself a forum thread (schema.org's DiscussionForumPosting) is one
    // whatever its markup.
    // A single article box with a few lines of its own above a long run of replies is a
    // thread's opening post too, so the article box only makes the bar stricter.
    let outside = if one_article {
        THREAD_OUTSIDE_ARTICLE
    } else {
        THREAD_OUTSIDE
    };
    let thread = discussion || total - sure_furniture - in_comments < outside * in_comments;
    let free = total - sure_furniture - if thread { 0.0 } else { in_comments };
    // Boxes with only a weak name of one kind ("widget") that hold most of the page's prose
    // between them: that is how this page's builder calls every box, not a sidebar. Each kind
    // on its own: a page of widgets still has "more stories" boxes.
    let weak_cover = covered_by(flat, &prose, |el| {
        (el.neg == Neg::Weak).then_some(el.label).into_iter()
    });
    let weak_is_layout = |label: &str| {
        weak_cover
            .get(label)
            .is_some_and(|p| *p >= BOILER_SHARE * free)
    };
    let mut boiler = vec![NONE; n];
    let mut comment = vec![NONE; n];
    for i in 0..n {
        let p = flat.els[i].parent;
        let (mut b, mut c) = if p == NONE {
            (NONE, NONE)
        } else {
            (boiler[p as usize], comment[p as usize])
        };
        match flat.els[i].neg {
            Neg::Boiler | Neg::Sure if furniture[i] => b = i as u32,
            Neg::Weak
                if !weak_is_layout(flat.els[i].label)
                    && prose[i] < BOILER_SHARE * free
                    && prose[i] < WEAK_HOLDS_ARTICLE
                    && !is_layout(i, BOILER_SHARE) =>
            {
                b = i as u32
            }
            Neg::Comment if furniture[i] && !thread => c = i as u32,
            _ => {}
        }
        boiler[i] = b;
        comment[i] = c;
    }
    mark_teasers(flat);
    for blk in &mut flat.blocks {
        if let (Some(&b), Some(&c)) = (
            boiler.get(blk.owner as usize),
            comment.get(blk.owner as usize),
        ) {
            blk.boiler = b;
            blk.comment = c;
        }
    }
}

/// True when the page has exactly one article box (`<article>`, or a box marked as the article
/// body) with prose outside every comment box: a post with comments under it. A thread, whose
/// posts are all comments or all articles, has none or many; only there may the comments be the
/// content.
fn one_article_outside_comments(flat: &Flat, prose: &[f32]) -> bool {
    let n = flat.els.len();
    let mut in_comment = vec![false; n];
    let mut articles = 0;
    let mut counted_until = 0u32;
    for i in 0..n {
        let el = &flat.els[i];
        let inherited = el.parent != NONE && in_comment[el.parent as usize];
        in_comment[i] = inherited || el.neg == Neg::Comment;
        let article = el.tag == Tag::Article || el.content >= 1.0;
        // Count an article box once, not again for a marked body inside it.
        if article && !in_comment[i] && prose[i] > 0.0 && i as u32 >= counted_until {
            articles += 1;
            counted_until = el.end;
        }
    }
    articles == 1
}

/// The furniture and comment names that this page puts on most of its prose (the share a box needs),
/// summed over every box that bears them: page builders name each of their boxes "widget" or
/// "module-sidebar-aware", and a name that covers most of what a page says is its layout, not
/// its furniture. The same rule as for one box holding most of the prose, applied to a name.
/// Returns each name with the share of the page's prose it covers.
fn layout_names(flat: &Flat, prose: &[f32], total: f32) -> HashMap<u64, f32> {
    covered_by(flat, prose, |el| el.names.into_iter().filter(|n| *n != 0))
        .into_iter()
        .filter(|_| total > 0.0)
        .map(|(name, p)| (name, p / total))
        .collect()
}

/// The prose each key covers, summed over the boxes that bear it, each box counted once: a box
/// inside another box with the same key is already inside it.
fn covered_by<K, I>(flat: &Flat, prose: &[f32], keys: impl Fn(&El) -> I) -> HashMap<K, f32>
where
    K: std::hash::Hash + Eq,
    I: Iterator<Item = K>,
{
    let mut covered: HashMap<K, (f32, u32)> = HashMap::new();
    for (i, el) in flat.els.iter().enumerate() {
        for key in keys(el) {
            let entry = covered.entry(key).or_insert((0.0, 0));
            if (i as u32) < entry.1 {
                continue;
            }
            entry.0 += prose[i];
            entry.1 = el.end;
        }
    }
    covered.into_iter().map(|(k, (p, _))| (k, p)).collect()
}

/// How far up from a linked headline a teaser card may reach.
const CARD_LEVELS: usize = 4;

/// A linked headline that shares its box with a line or two of prose and nothing else is a
/// teaser card: a story listed on this page, told elsewhere. Index pages and the story streams
/// under articles are made of them, and their summaries read like prose. The card is the smallest
/// box around the headline that holds prose, provided that box holds no other headline and at
/// most two prose blocks; a box with more is the stream or the article, not a card.
fn mark_teasers(flat: &mut Flat) {
    let n = flat.els.len();
    let mut prose = vec![0u16; n];
    let mut heads = vec![0u16; n];
    for b in &flat.blocks {
        let o = b.owner as usize;
        if o < n {
            if matches!(b.ctx, Ctx::Heading(_)) {
                heads[o] = heads[o].saturating_add(1);
            } else if is_prose(b) {
                prose[o] = prose[o].saturating_add(1);
            }
        }
    }
    for i in (1..n).rev() {
        let p = flat.els[i].parent;
        if p != NONE {
            let (pr, hd) = (prose[i], heads[i]);
            prose[p as usize] = prose[p as usize].saturating_add(pr);
            heads[p as usize] = heads[p as usize].saturating_add(hd);
        }
    }
    let mut card = vec![false; n];
    let mut any = false;
    for b in &flat.blocks {
        let linked_head =
            matches!(b.ctx, Ctx::Heading(_)) && b.chars >= 15 && b.link_chars * 2 > b.chars;
        if !linked_head {
            continue;
        }
        let mut at = b.owner;
        for _ in 0..CARD_LEVELS {
            let Some(el) = flat.els.get(at as usize) else {
                break;
            };
            let i = at as usize;
            if heads[i] > 1 || prose[i] > 2 {
                break;
            }
            if prose[i] > 0 {
                card[i] = true;
                any = true;
                break;
            }
            at = el.parent;
        }
    }
    if !any {
        return;
    }
    // Inherit downwards: a block is in a card when its owner or an ancestor is one.
    for i in 0..n {
        let p = flat.els[i].parent;
        if p != NONE && card[p as usize] {
            card[i] = true;
        }
    }
    for b in &mut flat.blocks {
        b.teaser = card.get(b.owner as usize).copied().unwrap_or(false);
    }
}

/// The chosen box: its element index and score.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    /// The element holding the article ([`NONE`] when the page has no element with text).
    pub el: u32,
    /// Its score.
    pub score: f32,
    /// True when no box scored above zero with teaser cards counted against it, so the box is
    /// the best list of stories: an index page, not an article.
    pub stream: bool,
}

/// Picks the element whose subtree best holds the article.
pub fn choose(flat: &Flat, focus: Focus) -> Choice {
    let best = pick(flat, focus, true);
    if best.score > 0.0 || !flat.blocks.iter().any(|b| b.teaser) {
        return best;
    }
    Choice {
        stream: true,
        ..pick(flat, focus, false)
    }
}

fn pick(flat: &Flat, focus: Focus, against_teasers: bool) -> Choice {
    let sum = flat.subtree_sums(|b| value_with(b, focus, against_teasers));
    let mut best = Choice {
        el: NONE,
        score: f32::MIN,
        stream: false,
    };
    for (i, (el, &s)) in flat.els.iter().zip(&sum).enumerate() {
        let adjusted = if s > 0.0 { s * (1.0 + el.content) } else { s };
        // `>=` prefers the inner box when a wrapper adds nothing.
        if adjusted >= best.score {
            best.el = i as u32;
            best.score = adjusted;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn pick(html: &str) -> String {
        let mut flat = super::super::walk::flatten(&Html::parse_document(html), false, None);
        resolve_hints(&mut flat, false);
        let c = choose(&flat, Focus::Balanced);
        flat.blocks
            .iter()
            .filter(|b| b.owner >= c.el && b.owner < flat.els[c.el as usize].end)
            .map(|b| b.text.clone())
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn the_prose_box_wins_over_menus_and_comments() {
        let para = "This is a sentence of real prose, long enough to count as such.";
        let html = format!(
            r#"<body><ul><li><a href="/a">Home</a></li><li><a href="/b">World news</a></li></ul>
            <div id="story"><p>{para}</p><p>{para}</p></div>
            <div class="comments"><p>{para}</p><p>{para}</p><p>{para}</p></div></body>"#
        );
        assert_eq!(pick(&html), format!("{para}|{para}"));
    }

    fn furniture_of(html: &str, text: &str) -> Option<&'static str> {
        let mut flat = super::super::walk::flatten(&Html::parse_document(html), false, None);
        resolve_hints(&mut flat, false);
        let b = flat.blocks.iter().find(|b| b.text.starts_with(text))?;
        (b.boiler != NONE).then(|| flat.els[b.boiler as usize].label)
    }

    #[test]
    fn a_page_builders_widget_holding_the_article_is_not_a_sidebar() {
        let para = "This is a sentence of real prose, long enough to count as such.";
        let legal = "Copyright and legal notice text that runs on and on for a long while.";
        // The article box holds under half of the page's prose: the footer and the cookie
        // dialog say more. Among what is not surely furniture, it holds nearly everything.
        let html = format!(
            r#"<body><div class="widget widget-post"><p>Story {para}</p><p>{para}</p></div>
            <div id="sidebar"><div class="widget widget-box"><p>Aside {para}</p></div></div>
            <footer><p>{legal}</p><p>{legal}</p></footer>
            <div class="cookie-consent"><p>{legal}</p><p>{legal}</p></div></body>"#
        );
        assert_eq!(furniture_of(&html, "Story"), None);
        assert_eq!(furniture_of(&html, "Aside"), Some("sidebar"));
        assert_eq!(furniture_of(&html, "Copyright"), Some("header_footer"));
    }

    #[test]
    fn a_sections_header_introduces_the_section_and_the_pages_header_is_its_banner() {
        let para = "This is a sentence of real prose, long enough to count as such.";
        let html = format!(
            r#"<body><header><p>Site banner {para}</p></header>
            <section><header><h2>Share anywhere</h2><p>Lead {para}</p></header><p>{para}</p></section>
            <article><footer><p>Filed under {para}</p></footer></article></body>"#
        );
        assert_eq!(furniture_of(&html, "Site banner"), Some("header_footer"));
        assert_eq!(furniture_of(&html, "Share anywhere"), None);
        assert_eq!(furniture_of(&html, "Lead"), None);
        // A footer says who wrote it and where it is filed, in a section or out.
        assert_eq!(furniture_of(&html, "Filed under"), Some("header_footer"));
    }

    #[test]
    fn a_heading_or_a_table_named_header_is_not_the_pages_header() {
        let para = "This is a sentence of real prose, long enough to count as such.";
        let html = format!(
            r#"<body><div class="header"><p>Top strip {para}</p></div>
            <div><h2 class="module_header">Built for teams</h2><p>{para}</p><p>{para}</p><p>{para}</p></div></body>"#
        );
        assert_eq!(furniture_of(&html, "Built for teams"), None);
        assert_eq!(furniture_of(&html, "Top strip"), Some("header_footer"));
        let table = format!(
            r#"<body><div class="header"><p>Top strip {para}</p></div><p>{para}</p><p>{para}</p>
            <table class="wikitable sticky-header"><tr><td>1901</td><td>Wilhelm Röntgen</td></tr></table></body>"#
        );
        assert_eq!(furniture_of(&table, "Wilhelm"), None);
        assert_eq!(furniture_of(&table, "Top strip"), Some("header_footer"));
    }

    #[test]
    fn a_posts_user_panel_is_about_the_poster_not_the_post() {
        let para = "This is a sentence of real prose, long enough to count as such.";
        let html = format!(
            r#"<body><article><div class="message-userDetails"><p>Member since 2019</p></div>
            <div class="postprofile"><p>Posts: 12,000</p></div><p>Post {para}</p></article></body>"#
        );
        assert_eq!(furniture_of(&html, "Member since"), Some("article_meta"));
        assert_eq!(furniture_of(&html, "Posts:"), Some("article_meta"));
        assert_eq!(furniture_of(&html, "Post "), None);
    }

    fn in_comments(html: &str, text: &str) -> bool {
        let mut flat = super::super::walk::flatten(&Html::parse_document(html), false, None);
        resolve_hints(&mut flat, false);
        flat.blocks
            .iter()
            .find(|b| b.text.starts_with(text))
            .is_some_and(|b| b.comment != NONE)
    }

    #[test]
    fn a_threads_posts_are_its_content_but_an_articles_comments_are_not() {
        let para = "This is a sentence of real prose, long enough to count as such.";
        let thread = format!(
            r#"<body><h1>Topic</h1><div class="discussion"><p>Opening {para}</p></div>
            <div class="comment"><p>Reply {para}</p></div><div class="comment"><p>{para}</p></div></body>"#
        );
        assert!(!in_comments(&thread, "Opening"));
        assert!(!in_comments(&thread, "Reply"));
        let article = format!(
            r#"<body><div class="story"><p>Story {para}</p><p>{para}</p></div>
            <div class="comment"><p>Reply {para}</p></div><div class="comment"><p>{para}</p></div></body>"#
        );
        assert!(in_comments(&article, "Reply"));
    }

    #[test]
    fn a_few_lines_in_an_article_box_over_many_replies_are_an_opening_post() {
        let para = "This is a sentence of real prose, long enough to count as such.";
        let replies = |n: usize| -> String {
            (0..n)
                .map(|i| {
                    format!(r#"<div class="reply"><p>Reply {i} {para} {para} {para}</p></div>"#)
                })
                .collect()
        };
        // Forum software wraps the whole thread in one `<article>`.
        let thread = format!(
            r#"<body><article><p>Hey there,</p><p>Opening {para}</p>{}</article></body>"#,
            replies(12)
        );
        assert!(!in_comments(&thread, "Opening"));
        assert!(!in_comments(&thread, "Reply 3"));
        // A post of its own length with comments under it keeps them out.
        let post = format!(
            r#"<body><article><p>Story {para}</p><p>{para}</p><p>{para}</p>{}</article></body>"#,
            replies(4)
        );
        assert!(in_comments(&post, "Reply 3"));
    }

    #[test]
    fn a_weakly_named_box_holding_an_articles_worth_of_prose_is_not_furniture() {
        let para = "This is a sentence of real prose, long enough to count as such.";
        let long: String = (0..18).map(|_| format!("<p>Lists {para}</p>")).collect();
        let short = format!("<p>Tuples {para}</p>");
        // Documentation generators name a section after its heading: "More on Lists".
        let html = format!(
            r#"<body><div class="body"><section id="more-on-lists">{long}</section>
            <section id="more-on-tuples">{short}</section>
            {long}{long}{long}</div></body>"#
        );
        assert_eq!(furniture_of(&html, "Lists"), None);
        assert_eq!(furniture_of(&html, "Tuples"), Some("related_links"));
    }

    #[test]
    fn widgets_that_hold_most_of_the_page_are_its_layout() {
        let para = "This is a sentence of real prose, long enough to count as such.";
        let widget = |t: &str| format!(r#"<div class="widget"><p>{t} {para}</p></div>"#);
        let html = format!(
            "<body>{}{}{}{}<div class=\"more-stories\"><p>Teaser {para}</p></div></body>",
            widget("First"),
            widget("Second"),
            widget("Third"),
            widget("Fourth"),
        );
        assert_eq!(furniture_of(&html, "First"), None);
        assert_eq!(furniture_of(&html, "Fourth"), None);
        assert_eq!(furniture_of(&html, "Teaser"), Some("related_links"));
    }
}
