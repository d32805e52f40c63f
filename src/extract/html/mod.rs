//! HTML main-content extraction.
//!
//! The page goes through four steps, each in its own file:
//! 1. `prepass.rs`: a byte scan cuts scripts, styles, SVG and comments (and flattens absurd
//!    nesting), so html5ever builds a smaller tree;
//! 2. `walk.rs`: one iterative walk flattens the tree into an element array and text blocks,
//!    reading tag names and the class/id hints of `hints.rs` on the way;
//! 3. `score.rs`: one bottom-up pass picks the element that best holds the article;
//! 4. `select.rs`: the blocks of that element are filtered and typed (with the wording of
//!    `phrases.rs`), and `flags.rs` notes paywalls and pages without a clear article.
//!
//! Metadata is read from the same tree by [`metadata`]; its JSON-LD `articleBody` stands in for
//! the markup only when the markup yields next to nothing (`structured.rs`).

mod anchor;
mod flags;
mod hints;
mod left_out;
pub mod metadata;
mod noscript;
mod page;
mod phrases;
mod prepass;
mod score;
mod select;
pub mod site_rules;
mod streamed;
mod structured;
pub mod vocabulary;
mod walk;
mod widen;

use crate::document::{Block, Confidence, Document, Flag};
use crate::extract::ExtractOptions;
use crate::rules::SelectorRule;
use crate::trail::Trail;
pub use page::Page;
use scraper::Html;
use std::borrow::Cow;
use std::cell::OnceCell;
use walk::{Hidden, Names};

/// Extracts the article of `html`, fetched from `url` if known.
pub fn extract(html: &str, url: Option<&str>, opts: &ExtractOptions) -> Document {
    extract_with_rules(html, url, opts, &[], &mut Trail::new())
}

/// Like [`extract`], applying a site's selector rules to the parsed page first and recording
/// the elements they removed in `trail`. The page is parsed once, after the pre-pass, so the
/// rules see the same bounded tree the extraction does.
pub fn extract_with_rules(
    html: &str,
    url: Option<&str>,
    opts: &ExtractOptions,
    rules: &[SelectorRule<'_>],
    trail: &mut Trail,
) -> Document {
    extract_page(&mut Page::new(html, rules), url, opts, rules, trail)
}

/// Like [`extract_with_rules`], on a [`Page`] whose tree other readings of the same page share
/// (with and without the site's rules). A page read through its `<noscript>` markup gives its
/// tree up first (see [`Page::release`]): two trees of a large shell page never coexist.
pub fn extract_page(
    page: &mut Page<'_>,
    url: Option<&str>,
    opts: &ExtractOptions,
    rules: &[SelectorRule<'_>],
    trail: &mut Trail,
) -> Document {
    let as_served = Reading::of(page, rules);
    let mut removed = Vec::new();
    let (mut doc, hidden_text) = extract_once(
        &as_served,
        url,
        opts,
        (Hidden::Skip, Names::Read),
        &mut removed,
    );
    // A page that says this little may be a shell waiting for its scripts. Two other readings
    // find the text such pages ship: the markup inside `<noscript>` (forum software puts every
    // thread there for readers without scripts), and the boxes hidden until the scripts show
    // them (`visibility:hidden` around the whole body while it loads). The reading with the
    // most text wins; each is tried only while the page still says too little. The hidden
    // boxes are also read when the page shows plenty but none of it reads as content (a
    // confidence under [`UNSURE_BELOW`]); that reading wins only if it is confident.
    let renames = (prose_chars(&doc) < EMPTY_BELOW)
        .then(|| noscript::Renames::find(page.html()))
        .flatten();
    // The unwrapped page, when there is one, serves both of the other readings, and the page as
    // served none: its tree is freed before the unwrapped copy of its HTML is written, and that
    // copy once its own tree is built.
    let (reading, unwrapped) = match renames {
        Some(renames) => {
            drop(as_served);
            page.release();
            (Reading::parsed(&renames.apply(page.html()), rules), true)
        }
        None => (as_served, false),
    };
    let unsure = confidence(&doc) < UNSURE_BELOW;
    for (unwrapped_only, hidden) in [(true, Hidden::Skip), (false, Hidden::Reveal)] {
        if unwrapped_only && !unwrapped {
            continue;
        }
        let short = prose_chars(&doc) < EMPTY_BELOW;
        // The boxes a page hides are also worth a look when nothing it shows reads as its
        // content: a shop app hides the product text until its script has run.
        // Showing the hidden boxes can only help when they hold text, and, for a page that
        // says plenty, more text than came out.
        let worth_a_look = match hidden {
            Hidden::Skip => short,
            Hidden::Reveal => {
                hidden_text > 0 && (short || (unsure && hidden_text > prose_chars(&doc)))
            }
        };
        if !worth_a_look {
            continue;
        }
        let mut removed_again = Vec::new();
        let (again, _) = extract_once(
            &reading,
            url,
            opts,
            (hidden, Names::Read),
            &mut removed_again,
        );
        let better = if short {
            prose_chars(&again) > prose_chars(&doc)
        } else {
            // Only a reading that finds content the page as served did not.
            confidence(&again) >= UNSURE_BELOW
        };
        if better {
            doc = again;
            removed = removed_again;
        }
    }
    // Still (next to) nothing: the page's names may be what left its text out (its only prose
    // in a box named for the footer). Read by its tags alone, a page without names would show
    // that text. The reading is taken only when it finds a page's worth of prose, and at
    // least twice what the names left: a short article with a comment or two under it is
    // not traded for the article and its comments.
    let prose = prose_chars(&doc);
    if prose < EMPTY_BELOW {
        let mut removed_again = Vec::new();
        let (again, _) = extract_once(
            &reading,
            url,
            opts,
            (Hidden::Skip, Names::Ignore),
            &mut removed_again,
        );
        if prose_chars(&again) >= EMPTY_BELOW.max(2 * prose) {
            doc = again;
            removed = removed_again;
        }
    }
    record(trail, removed);
    doc
}

fn record(trail: &mut Trail, removals: Vec<crate::trail::Removal>) {
    for r in removals {
        trail.push(r);
    }
}

/// Below this many characters of kept text, a page is read again another way (see
/// [`extract_with_rules`]): a page that says this little is an empty shell waiting for its
/// scripts.
const EMPTY_BELOW: usize = 200;

/// Below this confidence, the page as served has shown nothing that reads as its content.
const UNSURE_BELOW: f32 = 0.3;

fn confidence(doc: &Document) -> f32 {
    doc.confidence.map_or(0.0, Confidence::value)
}

fn prose_chars(doc: &Document) -> usize {
    doc.blocks.iter().map(|b| b.text.len()).sum()
}

/// One page ready to be read: its pre-passed tree with the site's rules applied (a copy of the
/// page's tree when there are rules, the page's own otherwise, or a tree of its own), what the
/// rules removed, what the page's structured data declares, and the metadata read from that
/// tree, which every reading of it shares.
struct Reading<'p> {
    tree: Cow<'p, Html>,
    rule_removals: Vec<crate::trail::Removal>,
    declares: Declares,
    meta: OnceCell<metadata::PageMeta>,
}

/// What a page says of itself, read once per reading: from its structured data, and from the
/// names of its `<html>` and `<body>`.
#[derive(Clone, Copy)]
struct Declares {
    /// A forum thread: its structured data says so, or its root is named for one.
    thread: bool,
    not_free: bool,
}

impl Declares {
    fn of(html: &str, tree: &Html) -> Self {
        Declares {
            thread: declares_discussion(html) || names_a_thread(tree),
            not_free: declares_not_free(html),
        }
    }
}

impl<'p> Reading<'p> {
    /// A reading of `page`'s shared tree.
    fn of(page: &'p Page<'_>, rules: &[SelectorRule<'_>]) -> Self {
        let (tree, rule_removals) = if rules.is_empty() {
            (Cow::Borrowed(page.tree()), Vec::new())
        } else {
            let mut tree = page.tree().clone();
            let removed = site_rules::apply(&mut tree, rules);
            (Cow::Owned(tree), removed)
        };
        Reading {
            declares: Declares::of(page.html(), &tree),
            tree,
            rule_removals,
            meta: OnceCell::new(),
        }
    }

    /// A reading of `html` with a tree of its own, which the rules change in place: no other
    /// reading shares it, and `html` may be freed once this is built.
    fn parsed(html: &str, rules: &[SelectorRule<'_>]) -> Reading<'static> {
        let mut tree = Page::parse(html, Page::attributes_for(rules));
        let rule_removals = site_rules::apply(&mut tree, rules);
        Reading {
            declares: Declares::of(html, &tree),
            tree: Cow::Owned(tree),
            rule_removals,
            meta: OnceCell::new(),
        }
    }
}

/// One extraction of `reading`, the selector rules' removals added to `removed`.
fn extract_once(
    reading: &Reading<'_>,
    url: Option<&str>,
    opts: &ExtractOptions,
    (hidden, names): (Hidden, Names),
    removed: &mut Vec<crate::trail::Removal>,
) -> (Document, usize) {
    let page = &*reading.tree;
    removed.extend(reading.rule_removals.iter().cloned());
    let page_meta = reading.meta.get_or_init(|| metadata::read(page, url));
    let mut flat = walk::flatten_with(page, opts.links, url, hidden, names);
    score::resolve_hints(&mut flat, reading.declares.thread);
    let choice = widen::content(&flat, score::choose(&flat, opts.focus));
    let title = page_meta.meta.title.as_ref().map(|f| f.value.as_str());
    let mut why = Vec::new();
    let mut kept = select::select(&flat, &choice, title, opts, &mut why);
    let mut from_structured = false;
    if let Some(blocks) = structured::replacement(&kept, page_meta.article_body.as_deref()) {
        kept = blocks;
        from_structured = true;
    } else {
        removed.extend(left_out::regions(&flat, &kept, &why));
    }

    let mut doc = Document::new("", "");
    doc.url = url.map(str::to_string);
    let typed_article = page_meta.types.iter().any(|t| is_article_type(t));
    if flags::paywalled(&flat, &kept, reading.declares.not_free) {
        doc.flags.push(Flag::Paywalled);
    }
    let confidence = if from_structured {
        // The page's own structured data gave the article: its publisher vouches for it.
        0.9
    } else {
        flags::confidence(&flat, &choice, &kept, typed_article)
    };
    doc.confidence = Some(Confidence::new(confidence));
    if confidence < opts.min_confidence {
        doc.flags.push(Flag::LowConfidence);
    }
    doc.meta = page_meta.meta.clone();
    doc.blocks = kept
        .into_iter()
        .enumerate()
        .map(|(i, k)| Block::new(k.kind, k.text, i).with_shape(k.shape))
        .collect();
    (doc, flat.hidden_text)
}

/// JSON-LD types that name an article.
fn is_article_type(t: &str) -> bool {
    t.ends_with("Article") || t == "BlogPosting" || t == "Report" || t == "LiveBlogPosting"
}

/// The page's structured data (JSON-LD or microdata) says it is a forum thread
/// (`DiscussionForumPosting`): its replies are its content, not comments under it. A `QAPage`
/// is not enough: its answers are named as answers, and the comments under them are comments.
fn declares_discussion(html: &str) -> bool {
    memchr::memmem::find(html.as_bytes(), b"DiscussionForumPosting").is_some()
}

/// The page's `<html>` or `<body>` is named for a forum or a thread (`node-type-forum`,
/// `thread-view`): forum software names the whole page for what it shows, as it names each reply
/// a comment, so the replies are the thread's content. Measured on both dev sets: only forum
/// pages' roots carry these words.
fn names_a_thread(page: &Html) -> bool {
    let root = page.root_element();
    let body = root
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .find(|e| e.value().name() == "body");
    std::iter::once(root).chain(body).any(|e| {
        e.value().attrs().any(|(name, value)| {
            matches!(name, "class" | "id") && {
                let v = value.to_ascii_lowercase();
                v.contains("forum") || v.contains("thread")
            }
        })
    })
}

/// The page's structured data says the content is not free (schema.org `isAccessibleForFree`).
fn declares_not_free(html: &str) -> bool {
    let b = html.as_bytes();
    let key = b"isAccessibleForFree";
    memchr::memmem::find_iter(b, key).any(|p| {
        let rest = &b[p + key.len()..b.len().min(p + key.len() + 24)];
        let rest: Vec<u8> = rest
            .iter()
            .filter(|c| !c.is_ascii_whitespace() && !matches!(c, b'"' | b'\'' | b':' | b'='))
            .map(u8::to_ascii_lowercase)
            .collect();
        rest.starts_with(b"false")
    })
}

/// A listing of the page's text blocks with their values and the chosen box, for tuning by eye.
#[doc(hidden)]
pub fn debug_dump(html: &str) -> String {
    use std::fmt::Write;
    let stripped = prepass::strip_with(html, prepass::Attributes::Read);
    if std::env::var_os("UNBOIL_DEBUG_STRIPPED").is_some() {
        return stripped.into_owned();
    }
    let page = Html::parse_document(&stripped);
    let opts = ExtractOptions::default();
    let mut flat = walk::flatten(&page, false, None);
    score::resolve_hints(&mut flat, Declares::of(html, &page).thread);
    let choice = widen::content(&flat, score::choose(&flat, opts.focus));
    let end = flat.els.get(choice.el as usize).map_or(0, |e| e.end);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "chosen el {} ({:?}) score {:.0}; {} els, {} blocks",
        choice.el,
        flat.els.get(choice.el as usize).map(|e| e.tag),
        choice.score,
        flat.els.len(),
        flat.blocks.len()
    );
    for b in &flat.blocks {
        let inside = b.owner >= choice.el && b.owner < end;
        let short: String = b.text.chars().take(90).collect();
        let _ = writeln!(
            out,
            "{} {:>6.0} {:?} c{} l{} w{} p{} b{}{} m{} | {}",
            if inside { "*" } else { " " },
            score::value(b, opts.focus),
            b.ctx,
            b.chars,
            b.link_chars,
            b.words,
            b.puncts,
            if b.boiler == walk::NONE {
                -1
            } else {
                b.boiler as i64
            },
            flat.els
                .get(b.boiler as usize)
                .map_or(String::new(), |e| format!(":{:?}/{}", e.tag, e.label)),
            if b.comment == walk::NONE {
                -1
            } else {
                b.comment as i64
            },
            short
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::BlockKind;

    const PROSE: &str =
        "The council met on Tuesday and agreed, after a long debate, to repair the bridge.";

    fn kinds(html: &str, opts: &ExtractOptions) -> Vec<(BlockKind, String)> {
        extract(html, None, opts)
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn a_body_hidden_while_its_scripts_load_is_read() {
        let html = format!(
            "<body><div style=\"visibility:hidden;min-height:100vh\"><nav style=\"display:none\">\
             <a href=\"/\">Home</a></nav><article><p>{PROSE}</p><p>{PROSE}</p></article></div></body>"
        );
        let got = kinds(&html, &ExtractOptions::default());
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|(_, t)| t == PROSE));
    }

    #[test]
    fn text_a_shop_app_hides_is_read_when_nothing_shown_is_content() {
        let menu: String = (0..12)
            .map(|i| format!("<li><a href=\"/c/{i}\">Category number {i}</a></li>"))
            .collect();
        let html = format!(
            "<body><ul>{menu}</ul><main><div style=\"display:none\"><div class=\"product-description\">\
             <p>First. {PROSE}</p><p>Second. {PROSE}</p><p>Third. {PROSE}</p></div></div></main></body>"
        );
        let got = kinds(&html, &ExtractOptions::default());
        assert!(got.iter().any(|(_, t)| t.ends_with(PROSE)), "{got:?}");
        assert!(
            got.iter().all(|(_, t)| !t.starts_with("Category")),
            "{got:?}"
        );
    }

    #[test]
    fn a_streamed_page_reads_in_the_order_its_scripts_put_it() {
        // The article's middle arrived as a hidden segment after the footer; the script call
        // puts it in place of its loading skeleton.
        let html = format!(
            "<body><article><h1>Index funds</h1><p>First. {PROSE}</p>\
             <!--$?--><template id=\"B:0\"></template><div>Loading paragraph...</div><!--/$-->\
             <p>Last. {PROSE}</p></article><footer><p>Contact us</p></footer>\
             <div hidden id=\"S:0\"><p>Middle. {PROSE}</p></div>\
             <script>$RC(\"B:0\",\"S:0\")</script></body>"
        );
        let texts: Vec<String> = kinds(&html, &ExtractOptions::default())
            .into_iter()
            .map(|(_, t)| t.split('.').next().unwrap_or_default().to_string())
            .collect();
        assert_eq!(texts, ["First", "Middle", "Last"]);
        // Saved without its scripts, a page's segments are still what its reader saw.
        let html = format!(
            "<body><article><p>First. {PROSE}</p><p>Second. {PROSE}</p><p>Third. {PROSE}</p>\
             <div hidden id=\"S:0\"><p>Fourth. {PROSE}</p></div></article></body>"
        );
        let got = kinds(&html, &ExtractOptions::default());
        assert_eq!(got.len(), 4, "{got:?}");
    }

    #[test]
    fn prose_a_page_names_as_furniture_comes_out_when_nothing_else_does() {
        // The shop's only prose is in a box named for the footer, and two asides hold more
        // prose than it: by its names the page says "Free shipping for members." and no more.
        const NOTICE: &str =
            "We use cookies and similar technologies to remember your preferences, \
            measure how our pages are used and show you offers that suit you, and you can change \
            your choice at any time in the settings.";
        let html = format!(
            "<body><nav><ul><li><a href=\"/c/1\">Sale</a></li><li><a href=\"/c/2\">Women</a></li></ul></nav>\
             <main><h1>Classic clogs</h1><p>Free shipping for members.</p>\
             <div class=\"field-seofootercopy\"><p>First. {PROSE}</p><p>Second. {PROSE}</p><p>Third. {PROSE}</p></div></main>\
             <aside><p>{NOTICE}</p></aside><aside><p>{NOTICE}</p></aside>\
             <footer><p>Copyright 2026 Example Shoes. All rights reserved.</p></footer></body>"
        );
        let got = kinds(&html, &ExtractOptions::default());
        let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts.iter().filter(|t| t.ends_with(PROSE)).count(),
            3,
            "{texts:?}"
        );
        // Tags still say what they say: the asides and the footer stay out.
        assert!(
            !texts
                .iter()
                .any(|t| t.starts_with("We use") || t.contains("Copyright")),
            "{texts:?}"
        );
    }

    #[test]
    fn hidden_boxes_stay_out_when_the_page_shows_its_text() {
        let html = format!(
            "<article><p>First. {PROSE}</p><p>Second. {PROSE}</p><p>Third. {PROSE}</p>\
             <div style=\"display:none\"><p>Hidden draft paragraph that nobody sees on screen today.</p></div></article>"
        );
        let got = kinds(&html, &ExtractOptions::default());
        assert!(
            got.iter().all(|(_, t)| !t.contains("Hidden draft")),
            "{got:?}"
        );
    }

    #[test]
    fn a_page_declared_a_forum_thread_keeps_its_replies() {
        let body = format!(
            "<article class=\"post\"><p>Opening {PROSE}</p><p>{PROSE}</p></article>\
             <div class=\"comments\"><div class=\"comment\"><p>Reply {PROSE}</p></div></div>"
        );
        let blog = kinds(&format!("<body>{body}</body>"), &ExtractOptions::default());
        assert!(
            blog.iter().all(|(_, t)| !t.starts_with("Reply")),
            "{blog:?}"
        );
        let thread = format!(
            "<head><script type=\"application/ld+json\">{{\"@type\":\"DiscussionForumPosting\"}}</script></head><body>{body}</body>"
        );
        let got = kinds(&thread, &ExtractOptions::default());
        assert!(got.iter().any(|(_, t)| t.starts_with("Reply")), "{got:?}");
        // Forum software names the whole page instead: the replies are the thread too.
        for root in [
            "<body class=\"node-type-forum page-forums\">",
            "<body id=\"threadview\">",
        ] {
            let got = kinds(&format!("{root}{body}</body>"), &ExtractOptions::default());
            assert!(
                got.iter().any(|(_, t)| t.starts_with("Reply")),
                "{root}: {got:?}"
            );
        }
    }

    #[test]
    fn every_block_kind_comes_out_typed() {
        let html = format!(
            "<article><h2>Sub</h2><p>{PROSE}</p><ul><li>one item</li></ul><blockquote>{PROSE}</blockquote>\
             <pre>a  b</pre><figure><figcaption>A caption</figcaption></figure>\
             <table><tr><td>x</td><td>y</td></tr></table><p>{PROSE}</p></article>"
        );
        let opts = ExtractOptions {
            captions: true,
            ..ExtractOptions::default()
        };
        let got: Vec<BlockKind> = kinds(&html, &opts).into_iter().map(|k| k.0).collect();
        assert_eq!(
            got,
            [
                BlockKind::Heading(2),
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::Quote,
                BlockKind::Preformatted,
                BlockKind::Caption,
                BlockKind::TableRow,
                BlockKind::Paragraph,
            ]
        );
    }

    #[test]
    fn tables_and_captions_follow_the_options() {
        let html = format!(
            "<article><p>{PROSE}</p><figure><figcaption>A caption</figcaption></figure>\
             <table><tr><td>x</td><td>y</td></tr></table><p>{PROSE}</p></article>"
        );
        let opts = ExtractOptions {
            tables: false,
            captions: false,
            ..ExtractOptions::default()
        };
        let got = kinds(&html, &opts);
        assert!(
            got.iter().all(|(k, _)| *k == BlockKind::Paragraph),
            "{got:?}"
        );
    }

    #[test]
    fn a_short_opening_sentence_stays_and_a_byline_goes() {
        let html = format!(
            "<article><p>By Ann Lee</p><p>It was 3 a.m.</p><p>{PROSE}</p><p>{PROSE}</p></article>"
        );
        let got = kinds(&html, &ExtractOptions::default());
        let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["It was 3 a.m.", PROSE, PROSE]);
    }

    #[test]
    fn not_free_is_read_from_json_ld() {
        assert!(declares_not_free(r#"{"isAccessibleForFree": "False"}"#));
        assert!(declares_not_free(r#"{"isAccessibleForFree":false}"#));
        assert!(!declares_not_free(r#"{"isAccessibleForFree": true}"#));
    }
}
