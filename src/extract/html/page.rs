//! One page's tree, built at most once however many readings ask for it.
//!
//! Parsing is most of the cost of extraction (html5ever's tokenizer alone is half the CPU of a
//! WARC run), and a page with site rules is read several ways: with its rules and without them
//! (to see whether they agree), again with its hidden boxes shown, and by the rules' metadata
//! selectors and the `keep_only` check. Each of those readings used to parse the page anew, the
//! last two without the pre-pass; they now share the one pre-passed tree of a [`Page`], so every
//! site rule sees the page as the extraction does.

use std::cell::OnceCell;

use ego_tree::Tree;
use html5ever::tendril::TendrilSink;
use scraper::{Html, HtmlTreeSink, Node, StrTendril};

use super::prepass::{self, Attributes};
use super::streamed;
use crate::rules::SelectorRule;

/// A page's HTML and the tree built from it on first use.
pub struct Page<'a> {
    html: &'a str,
    attrs: Attributes,
    tree: OnceCell<Html>,
}

impl<'a> Page<'a> {
    /// A page to be read from `html` with the site's `rules` (of any stage); nothing is parsed
    /// yet. Its tree keeps every attribute when there are rules, whose selectors may name any,
    /// and otherwise only those the extraction reads.
    pub fn new(html: &'a str, rules: &[SelectorRule<'_>]) -> Self {
        Page {
            html,
            attrs: Page::attributes_for(rules),
            tree: OnceCell::new(),
        }
    }

    /// The attributes a tree read with `rules` keeps.
    pub fn attributes_for(rules: &[SelectorRule<'_>]) -> Attributes {
        if rules.is_empty() {
            Attributes::Read
        } else {
            Attributes::All
        }
    }

    /// The page's HTML as given.
    pub fn html(&self) -> &'a str {
        self.html
    }

    /// The tree of the page after the pre-pass (scripts, styles and the like cut), which every
    /// reading of the page shares. A reading that changes the tree (site rules) works on a copy.
    pub fn tree(&self) -> &Html {
        self.tree.get_or_init(|| Page::parse(self.html, self.attrs))
    }

    /// Frees the tree, for a caller about to build another large one; the next [`Page::tree`]
    /// builds it again. A page's tree and the parser's copy of its HTML are three to four times
    /// the size of the pre-passed HTML, and the `<noscript>` reading of a shell page builds a
    /// second pair.
    pub fn release(&mut self) {
        self.tree.take();
    }

    /// The tree of `html` after the pre-pass, built for the caller alone. The parser reads a
    /// buffer of its own (its text nodes point into it), so the pre-passed copy of the HTML is
    /// freed before the tree is built, not after: one copy of the page fewer at the peak.
    pub fn parse(html: &str, attrs: Attributes) -> Html {
        // The streaming renderer's calls are in the scripts, which the pre-pass cuts.
        let moves = streamed::moves_in(html);
        let stripped = prepass::strip_with(html, attrs);
        let mut doc = Html::new_document();
        doc.tree = Tree::with_capacity(Node::Document, node_estimate(&stripped));
        let input = StrTendril::from_slice(&stripped);
        drop(stripped);
        let mut doc = html5ever::driver::parse_document(HtmlTreeSink::new(doc), Default::default())
            .one(input);
        streamed::relocate(&mut doc, &moves);
        doc
    }
}

/// About as many nodes as the tree of `html` will have, so that its arena is allocated once and
/// not grown by doubling (each step copies it, and the copies leave holes as large as the last
/// arena): every tag starts or ends an element and most are followed by a text, which comes to
/// one node per `<` and a bit more on the benchmark pages (1.14 on average).
fn node_estimate(html: &str) -> usize {
    let tags = memchr::memchr_iter(b'<', html.as_bytes()).count();
    tags + tags / 4 + 16
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Selector;

    #[test]
    fn the_tree_is_the_page_after_the_pre_pass() {
        let page = Page::new("<body><script>var x = 1;</script><p>Text.</p></body>", &[]);
        let script = Selector::parse("script").expect("valid");
        assert_eq!(page.tree().select(&script).count(), 0);
        let p = Selector::parse("p").expect("valid");
        assert_eq!(page.tree().select(&p).count(), 1);
        // Built once: the second call hands back the same tree.
        assert!(std::ptr::eq(page.tree(), page.tree()));
    }

    #[test]
    fn a_released_tree_is_built_again_the_same() {
        let mut page = Page::new("<body><p>One.</p><p>Two.</p></body>", &[]);
        let before = page.tree().html();
        page.release();
        assert_eq!(page.tree().html(), before);
    }
}
