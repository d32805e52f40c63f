//! What an element's `class`, `id` and `role` say about it.
//!
//! Page authors name their boxes for what they hold ("comments", "related-posts", "share-bar",
//! "article-body"); those names are the strongest cheap signal a page gives. The words are generic
//! web vocabulary, never the name of a particular site, kept as data in `vocabulary.toml` (see
//! [`super::vocabulary`]). They are compiled once into one Aho-Corasick automaton and matched
//! case-insensitively against the raw attribute value, without copying it.

use super::vocabulary;
use serde::Deserialize;

/// What a name says about the box it is on (`kind` in `vocabulary.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Page furniture: navigation, sharing, promotion, related links, footers, advertising.
    #[serde(rename = "furniture")]
    Boiler,
    /// Furniture unless the same name also says article: "more-stories" is furniture,
    /// "more-content" (the folded rest of an article) is not; "widget" is a sidebar box, but
    /// page builders call every box a widget ("widget-theme-post-content").
    Weak,
    /// A comment section or one comment.
    Comment,
    /// A caption or photo credit.
    Caption,
    /// A box of slides (a carousel, a slideshow): its short texts are captions, its paragraphs
    /// are text.
    Slides,
    /// The article itself ("article-body", "entry-content", "story").
    Content,
    /// Shown only on hover or to screen readers: tooltips, hover cards, off-screen labels.
    Hidden,
    /// Content embedded from elsewhere (a post, a video): quoted by the article, whatever else
    /// the box is named ("social-embed").
    Embed,
    /// A word that contains a hint word but means something else ("commentary"); it cancels the
    /// shorter match at the same place.
    Neutral,
}

/// The hints found in names: each kind at most once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hints {
    /// Names furniture.
    pub boiler: bool,
    /// Names furniture weakly: only when nothing names the article.
    pub weak: bool,
    /// Names a comment section.
    pub comment: bool,
    /// Names a caption or credit.
    pub caption: bool,
    /// Names a box of slides.
    pub slides: bool,
    /// Names the article.
    pub content: bool,
    /// Names an embedded post.
    pub embed: bool,
    /// Names a box that is not on screen with the text.
    pub hidden: bool,
    /// The class, id or role words that carried a furniture or comment hint (hashes of the whole
    /// whitespace-separated word, such as `elementor-widget`; 0 for none), so that extraction can
    /// judge a name by everything it covers on the page: a name a page puts on most of its prose
    /// is its layout, not its furniture.
    pub names: [u64; 2],
    /// What the first furniture or comment word says the box is, for the trail ("navigation",
    /// "share_bar", …; the word's `reason` in `vocabulary.toml`).
    pub label: Option<&'static str>,
}

/// True when a class word begins by saying what the box has or lacks rather than what it is:
/// `has-comments`, `no-sidebar`, `with-share-bar` are on the article that has them.
fn states_a_feature(prefix: &[u8]) -> bool {
    const STATES: &[&[u8]] = &[
        b"has-",
        b"has_",
        b"no-",
        b"no_",
        b"with-",
        b"with_",
        b"without-",
    ];
    STATES
        .iter()
        .any(|s| prefix.len() >= s.len() && prefix[..s.len()].eq_ignore_ascii_case(s))
}

/// A stable hash of one class, id or role word up to its first digit, case aside: what follows
/// a digit is generated (a post number, a builder's block id), so `comment-1812` and
/// `comment-1813` are one name, given to every post of a thread, and so are
/// `kt-adv-heading2368_1cfd60-13` and `kt-adv-heading356_9c83af-2d`, given to every heading of
/// a page.
fn name_hash(word: &[u8]) -> u64 {
    let stem = word
        .iter()
        .position(u8::is_ascii_digit)
        .map_or(word, |d| &word[..d]);
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for &b in stem {
        h.update(&[b.to_ascii_lowercase()]);
    }
    h.digest().max(1)
}

impl Hints {
    /// Adds the hints found in one attribute value (a class list, an id or a role).
    pub fn add(&mut self, value: &str) {
        let bytes = value.as_bytes();
        let words = vocabulary::active();
        for m in words.names().find_iter(value) {
            let w = words.name(m.pattern().as_usize());
            let (kind, whole) = (w.kind, w.whole);
            if whole {
                let before = m.start().checked_sub(1).map(|i| bytes[i]);
                let after = bytes.get(m.end()).copied();
                if before.is_some_and(|c| c.is_ascii_alphanumeric())
                    || after.is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    continue;
                }
            }
            let start = bytes[..m.start()]
                .iter()
                .rposition(u8::is_ascii_whitespace)
                .map_or(0, |i| i + 1);
            if states_a_feature(&bytes[start..m.start()]) {
                continue;
            }
            if matches!(kind, Kind::Boiler | Kind::Weak | Kind::Comment) {
                let end = bytes[m.end()..]
                    .iter()
                    .position(u8::is_ascii_whitespace)
                    .map_or(bytes.len(), |i| m.end() + i);
                let h = name_hash(&bytes[start..end]);
                if let Some(slot) = self.names.iter_mut().find(|n| **n == 0 || **n == h) {
                    *slot = h;
                }
            }
            if matches!(kind, Kind::Boiler | Kind::Weak | Kind::Comment) && self.label.is_none() {
                self.label = Some(w.label);
            }
            match kind {
                Kind::Boiler => self.boiler = true,
                Kind::Weak => self.weak = true,
                Kind::Comment => self.comment = true,
                Kind::Caption => self.caption = true,
                Kind::Slides => self.slides = true,
                Kind::Content => self.content = true,
                Kind::Embed => self.embed = true,
                Kind::Hidden => self.hidden = true,
                Kind::Neutral => {}
            }
        }
    }

    /// True when the names mark the box as not part of the article. A box named both ways
    /// ("comment-body", "article-related") is not: the specific word beats the generic one.
    pub fn negative(&self) -> bool {
        ((self.boiler || (self.weak && !self.content)) && !self.embed) || self.comment
    }
}

#[cfg(test)]
mod tests {
    use super::Hints;

    fn of(v: &str) -> Hints {
        let mut h = Hints::default();
        h.add(v);
        h
    }

    #[test]
    fn short_words_must_stand_alone() {
        assert!(of("ad-slot").boiler);
        assert!(of("top ads").boiler);
        assert!(of("page-header").negative());
        assert!(!of("canvas").boiler);
        assert!(!of("headroom").boiler);
        assert!(of("main-nav").boiler);
    }

    #[test]
    fn words_that_say_what_a_box_has_name_no_furniture() {
        assert!(!of("has-comments").negative());
        assert!(!of("post no-sidebar").negative());
        assert!(of("comments").negative());
        assert!(of("sidebar-left").negative());
    }

    #[test]
    fn page_builders_widget_boxes_yield_to_content_words() {
        assert!(of("widget").negative());
        assert!(!of("elementor-widget-theme-post-content").negative());
    }

    #[test]
    fn a_search_box_is_furniture_but_search_results_are_not() {
        assert!(of("search-form").negative());
        assert!(of("header-search").negative());
        assert!(!of("search-results").negative());
        assert!(!of("search-page-wrapper").negative());
    }

    #[test]
    fn generated_suffixes_do_not_make_names_differ() {
        assert_eq!(of("comment-1812").names, of("comment-1813").names);
        assert_eq!(
            of("kt-adv-heading2368_1cfd60-13").names,
            of("kt-adv-heading356_9c83af-2d").names
        );
        assert_ne!(of("comment-list").names, of("comment-form").names);
    }

    #[test]
    fn comments_are_named_but_commentary_is_not() {
        assert!(of("comments-area").comment);
        assert!(of("CommentList").comment);
        assert!(!of("opinion-commentary").comment);
    }

    #[test]
    fn hidden_means_hidden_everywhere_only() {
        assert!(of("rollover-card").hidden);
        assert!(!of("hidden-xs field-label-hidden").hidden);
    }

    #[test]
    fn weak_words_yield_to_content_words() {
        assert!(of("more-stories").negative());
        assert!(!of("read-more-content").negative());
        assert!(of("page-header").negative());
        assert!(!of("article-header").negative());
    }

    #[test]
    fn content_names_are_positive() {
        let h = of("article-body entry-content");
        assert!(h.content && !h.negative());
        let h = of("article-related");
        assert!(h.content && h.negative());
    }
}
