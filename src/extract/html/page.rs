//! One page's trees, each built at most once however many readings ask for it.
//!
//! Parsing is most of the cost of extraction (html5ever's tokenizer alone is half the CPU of a
//! WARC run), and a page with site rules is read several ways: with its rules and without them
//! (to see whether they agree), again with its hidden boxes shown, and, for the rules' metadata
//! selectors and the `keep_only` check, as served without the pre-pass. Each of those readings
//! used to parse the page anew; they now share the trees of a [`Page`].

use std::cell::OnceCell;

use scraper::Html;

use super::prepass;

/// A page's HTML and the trees built from it on first use.
pub struct Page<'a> {
    html: &'a str,
    stripped: OnceCell<Html>,
    served: OnceCell<Html>,
}

impl<'a> Page<'a> {
    /// A page to be read from `html`; nothing is parsed yet.
    pub fn new(html: &'a str) -> Self {
        Page {
            html,
            stripped: OnceCell::new(),
            served: OnceCell::new(),
        }
    }

    /// The page's HTML as given.
    pub fn html(&self) -> &'a str {
        self.html
    }

    /// The tree of the page after the pre-pass (scripts, styles and the like cut), which every
    /// extraction reads. A reading that changes the tree (site rules) works on a copy.
    pub fn stripped(&self) -> &Html {
        self.stripped
            .get_or_init(|| Html::parse_document(&prepass::strip(self.html)))
    }

    /// The tree of the page as served, without the pre-pass: what a site rule's selector was
    /// written against (its metadata selectors, and whether a `keep_only` matches at all).
    pub fn served(&self) -> &Html {
        self.served.get_or_init(|| Html::parse_document(self.html))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Selector;

    #[test]
    fn the_served_tree_keeps_what_the_stripped_tree_cuts() {
        let page = Page::new("<body><script>var x = 1;</script><p>Text.</p></body>");
        let script = Selector::parse("script").expect("valid");
        assert_eq!(page.stripped().select(&script).count(), 0);
        assert_eq!(page.served().select(&script).count(), 1);
        let p = Selector::parse("p").expect("valid");
        assert_eq!(page.stripped().select(&p).count(), 1);
    }
}
