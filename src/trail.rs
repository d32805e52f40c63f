//! The record of what cleaning removed, so a user can always ask *what went, and why*.

use serde::Serialize;
use std::collections::BTreeMap;

/// How much of a block a removal took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "what")]
pub enum Cut {
    /// The whole block was dropped.
    Block,
    /// An HTML element was removed before extraction by a site's selector rule; `block` is 0.
    Element,
    /// A region of the page that extraction left out (a menu, a comment section, a share bar):
    /// it was never part of the article. `by` is `extract:<reason>`, and `block` is the position
    /// of the first kept block that followed it on the page (the number of kept blocks when it
    /// came after all of them), so a report can show it where it stood.
    Region,
    /// Nothing was removed: a site's `keep_only` rule was set aside because the elements it
    /// matched held no or too little text (a stale selector), and the whole page was extracted
    /// as if the rule were not there. `text` says what the rule matched; `block` is 0.
    FellBack,
    /// The whole block was dropped by a job's learning (`by` is `learned:<host>`): its text had
    /// recurred on `pages` distinct pages of the host before this one.
    Learned {
        /// Distinct pages of the host the block had been seen on.
        pages: u64,
    },
    /// A span of the block's text was cut out; the byte range refers to the text as it was just
    /// before this removal.
    Span {
        /// First byte removed.
        start: usize,
        /// One past the last byte removed.
        end: usize,
    },
}

/// One removal: which cleaner or rule, from which block, and the text it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    /// The cleaner, `rule:<site>/<rule>` for a site rule, or `extract:<reason>` for a region that
    /// extraction left out.
    pub by: String,
    /// The block's original position in the extracted document (see [`crate::Block::origin`]).
    pub block: usize,
    /// Whole block or span.
    #[serde(flatten)]
    pub cut: Cut,
    /// The removed text, as it was.
    pub text: String,
}

/// Every removal made on one document, in the order they were made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Trail {
    removals: Vec<Removal>,
}

impl Trail {
    /// An empty trail.
    pub fn new() -> Self {
        Trail::default()
    }

    /// Records a removal.
    pub fn push(&mut self, removal: Removal) {
        self.removals.push(removal);
    }

    /// Records that `by` dropped the whole block at original position `block`.
    pub fn dropped(&mut self, by: &str, block: usize, text: impl Into<String>) {
        self.push(Removal {
            by: by.to_string(),
            block,
            cut: Cut::Block,
            text: text.into(),
        });
    }

    /// Records that `by` cut `start..end` out of the block at original position `block`.
    pub fn cut(
        &mut self,
        by: &str,
        block: usize,
        start: usize,
        end: usize,
        text: impl Into<String>,
    ) {
        self.push(Removal {
            by: by.to_string(),
            block,
            cut: Cut::Span { start, end },
            text: text.into(),
        });
    }

    /// The removals, in order.
    pub fn removals(&self) -> &[Removal] {
        &self.removals
    }

    /// True when nothing was removed.
    pub fn is_empty(&self) -> bool {
        self.removals.is_empty()
    }

    /// How many removals each cleaner or rule made.
    pub fn counts(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for r in &self.removals {
            *counts.entry(r.by.as_str()).or_insert(0) += 1;
        }
        counts
    }
}
