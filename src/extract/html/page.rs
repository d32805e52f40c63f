//! One page's tree, built at most once however many readings ask for it.
//!
//! Parsing is most of the cost of extraction (html5ever's tokenizer alone is half the CPU of a
//! WARC run), and a page with site rules is read several ways: with its rules and without them
//! (to see whether they agree), again with its hidden boxes shown, and by the rules' metadata
//! selectors and the `keep_only` check. Each of those readings used to parse the page anew, the
//! last two without the pre-pass; they now share the one pre-passed tree of a [`Page`], so every
//! site rule sees the page as the extraction does.

use std::cell::OnceCell;

use scraper::Html;

use super::prepass;

/// A page's HTML and the tree built from it on first use.
pub struct Page<'a> {
    html: &'a str,
    tree: OnceCell<Html>,
}

impl<'a> Page<'a> {
    /// A page to be read from `html`; nothing is parsed yet.
    pub fn new(html: &'a str) -> Self {
        Page {
            html,
            tree: OnceCell::new(),
        }
    }

    /// The page's HTML as given.
    pub fn html(&self) -> &'a str {
        self.html
    }

    /// The tree of the page after the pre-pass (scripts, styles and the like cut), which every
    /// reading of the page shares. A reading that changes the tree (site rules) works on a copy.
    pub fn tree(&self) -> &Html {
        self.tree
            .get_or_init(|| Html::parse_document(&prepass::strip(self.html)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Selector;

    #[test]
    fn the_tree_is_the_page_after_the_pre_pass() {
        let page = Page::new("<body><script>var x = 1;</script><p>Text.</p></body>");
        let script = Selector::parse("script").expect("valid");
        assert_eq!(page.tree().select(&script).count(), 0);
        let p = Selector::parse("p").expect("valid");
        assert_eq!(page.tree().select(&p).count(), 1);
        // Built once: the second call hands back the same tree.
        assert!(std::ptr::eq(page.tree(), page.tree()));
    }
}
