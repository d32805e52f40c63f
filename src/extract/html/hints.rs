//! What an element's `class`, `id` and `role` say about it.
//!
//! Page authors name their boxes for what they hold ("comments", "related-posts", "share-bar",
//! "article-body"); those names are the strongest cheap signal a page gives. The words are generic
//! web vocabulary, never the name of a particular site. They are compiled once into one
//! Aho-Corasick automaton and matched case-insensitively against the raw attribute value, without
//! copying it.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::OnceLock;

/// What a name says about the box it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Page furniture: navigation, sharing, promotion, related links, footers, advertising.
    Boiler,
    /// Furniture unless the same name also says article: "more-stories" is furniture,
    /// "more-content" (the folded rest of an article) is not; "widget" is a sidebar box, but
    /// page builders call every box a widget ("widget-theme-post-content").
    Weak,
    /// A comment section or one comment.
    Comment,
    /// A caption or photo credit.
    Caption,
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

/// Hint words, each with its meaning and whether it must stand alone as a word (short words such
/// as "ad" or "nav" occur inside unrelated names like "header" or "canvas").
const WORDS: &[(&str, Kind, bool)] = &[
    // furniture
    ("sidebar", Kind::Boiler, false),
    ("side-bar", Kind::Boiler, false),
    ("footer", Kind::Boiler, false),
    ("masthead", Kind::Boiler, false),
    ("breadcrumb", Kind::Boiler, false),
    ("related", Kind::Boiler, false),
    ("recommend", Kind::Boiler, false),
    ("newsletter", Kind::Boiler, false),
    ("subscribe", Kind::Boiler, false),
    ("subscription", Kind::Boiler, false),
    ("signup", Kind::Boiler, false),
    ("sign-up", Kind::Boiler, false),
    ("social", Kind::Boiler, false),
    ("share", Kind::Boiler, false),
    ("sharing", Kind::Boiler, false),
    ("promo", Kind::Boiler, false),
    ("advert", Kind::Boiler, false),
    ("sponsor", Kind::Boiler, false),
    ("cookie", Kind::Boiler, false),
    ("consent", Kind::Boiler, false),
    ("gdpr", Kind::Boiler, false),
    ("popup", Kind::Boiler, false),
    ("modal", Kind::Boiler, false),
    ("widget", Kind::Weak, false),
    ("outbrain", Kind::Boiler, false),
    ("taboola", Kind::Boiler, false),
    ("popular", Kind::Boiler, false),
    ("trending", Kind::Boiler, false),
    ("most-read", Kind::Boiler, false),
    ("mostread", Kind::Boiler, false),
    ("pagination", Kind::Boiler, false),
    ("pager", Kind::Boiler, true),
    ("toolbar", Kind::Boiler, false),
    ("byline", Kind::Boiler, false),
    ("author", Kind::Boiler, false),
    ("dateline", Kind::Boiler, false),
    ("timestamp", Kind::Boiler, false),
    ("meta", Kind::Boiler, true),
    ("tags", Kind::Boiler, true),
    ("tag-list", Kind::Boiler, false),
    ("taglist", Kind::Boiler, false),
    ("tagcloud", Kind::Boiler, false),
    ("keywords", Kind::Boiler, true),
    ("nav", Kind::Boiler, true),
    ("navbar", Kind::Boiler, false),
    ("navigation", Kind::Boiler, false),
    ("menu", Kind::Boiler, true),
    ("login", Kind::Boiler, false),
    ("signin", Kind::Boiler, false),
    ("rating", Kind::Boiler, true),
    ("feedback", Kind::Boiler, false),
    ("ad", Kind::Boiler, true),
    ("ads", Kind::Boiler, true),
    ("adv", Kind::Boiler, true),
    ("dfp", Kind::Boiler, true),
    ("read-more", Kind::Weak, false),
    ("readmore", Kind::Weak, false),
    ("more-from", Kind::Boiler, false),
    ("rail", Kind::Boiler, true),
    ("header", Kind::Weak, true),
    ("site-header", Kind::Boiler, false),
    ("banner", Kind::Boiler, true),
    ("complementary", Kind::Boiler, true),
    ("contentinfo", Kind::Boiler, true),
    ("search", Kind::Boiler, true),
    ("dialog", Kind::Boiler, true),
    ("print", Kind::Boiler, true),
    ("follow", Kind::Boiler, true),
    ("more", Kind::Weak, true),
    ("excerpt", Kind::Boiler, false),
    ("teaser", Kind::Boiler, false),
    ("archive", Kind::Boiler, true),
    // comments
    ("comment", Kind::Comment, false),
    ("disqus", Kind::Comment, false),
    ("respond", Kind::Comment, true),
    ("reply", Kind::Comment, true),
    ("replies", Kind::Comment, true),
    ("discussion", Kind::Comment, false),
    // captions
    ("caption", Kind::Caption, false),
    ("credit", Kind::Caption, false),
    ("gallery", Kind::Caption, false),
    ("slideshow", Kind::Caption, false),
    ("carousel", Kind::Caption, false),
    // the article
    ("article", Kind::Content, false),
    ("content", Kind::Content, false),
    ("story", Kind::Content, false),
    ("entry", Kind::Content, false),
    ("post-body", Kind::Content, false),
    ("postbody", Kind::Content, false),
    ("post-content", Kind::Content, false),
    ("body", Kind::Content, true),
    ("main", Kind::Content, true),
    ("text", Kind::Content, true),
    ("prose", Kind::Content, false),
    // never on screen with the text
    ("sr-only", Kind::Hidden, false),
    ("screen-reader", Kind::Hidden, false),
    ("visually-hidden", Kind::Hidden, false),
    ("visuallyhidden", Kind::Hidden, false),
    ("offscreen", Kind::Hidden, false),
    ("tooltip", Kind::Hidden, false),
    ("popover", Kind::Hidden, false),
    ("hovercard", Kind::Hidden, false),
    ("rollover", Kind::Hidden, false),
    // embedded posts the article quotes
    ("embed", Kind::Embed, false),
    ("tweet", Kind::Embed, false),
    // look-alikes that cancel a shorter match
    ("commentary", Kind::Neutral, false),
    ("commentator", Kind::Neutral, false),
    ("shared-", Kind::Neutral, false),
    ("headerless", Kind::Neutral, false),
    ("loading", Kind::Neutral, false),
    ("search-result", Kind::Neutral, false),
    ("searchresult", Kind::Neutral, false),
    ("search-page", Kind::Neutral, false),
];

fn matcher() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(WORDS.iter().map(|w| w.0))
            .expect("static hint table")
    })
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
    /// "share_bar", …; see [`label_of`]).
    pub label: Option<&'static str>,
}

/// The reason a furniture or comment word gives, as the trail names it.
fn label_of(word: &str, kind: Kind) -> &'static str {
    if kind == Kind::Comment {
        return "comments";
    }
    match word {
        "nav" | "navbar" | "navigation" | "menu" | "breadcrumb" | "pagination" | "pager"
        | "toolbar" | "search" => "navigation",
        "sidebar" | "side-bar" | "rail" | "complementary" | "widget" => "sidebar",
        "footer" | "masthead" | "site-header" | "header" | "banner" | "contentinfo" => {
            "header_footer"
        }
        "related" | "recommend" | "popular" | "trending" | "most-read" | "mostread"
        | "more-from" | "outbrain" | "taboola" | "read-more" | "readmore" | "more" | "archive"
        | "excerpt" | "teaser" => "related_links",
        "social" | "share" | "sharing" | "follow" | "print" => "share_bar",
        "cookie" | "consent" | "gdpr" | "popup" | "modal" | "dialog" => "cookie_banner",
        "promo" | "advert" | "sponsor" | "ad" | "ads" | "adv" | "dfp" => "advertising",
        "newsletter" | "subscribe" | "subscription" | "signup" | "sign-up" | "login" | "signin" => {
            "newsletter_or_login"
        }
        "byline" | "author" | "dateline" | "timestamp" | "meta" | "tags" | "tag-list"
        | "taglist" | "tagcloud" | "keywords" | "rating" | "feedback" => "article_meta",
        _ => "page_furniture",
    }
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
        for m in matcher().find_iter(value) {
            let (word, kind, whole) = WORDS[m.pattern().as_usize()];
            debug_assert!(!word.is_empty());
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
                self.label = Some(label_of(word, kind));
            }
            match kind {
                Kind::Boiler => self.boiler = true,
                Kind::Weak => self.weak = true,
                Kind::Comment => self.comment = true,
                Kind::Caption => self.caption = true,
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
