//! Drops the page chrome that surrounds the article in a text dump with no markup left: a run of
//! short, sentence-less lines (menus, section links, footers, lists of other headlines) before the
//! first paragraph of prose or after the last one.
//!
//! Not in the default chain: on text that is already the article, a list at its end (tour dates,
//! results) looks the same as a footer. Measured on the AEB text dumps, it lifts whole-page dumps
//! from F1 0.673 to 0.722 and costs already-extracted dumps 0.005 (BENCHMARKS.md).
//!
//! Only documents made of plain paragraphs are touched (text dumps); a document whose blocks carry
//! structure came through HTML extraction, which already cut the page chrome, and whose short
//! blocks (list items, headings) are the article's own. A run shorter than `min_run` lines is left
//! alone, and the one or two headline-like lines just before the first paragraph are kept as the
//! title.

use super::{drop_blocks, Cleaner};
use crate::document::{BlockKind, Document};
use crate::text::fold::word_count;
use crate::text::title::looks_like_title;
use crate::trail::Trail;
use serde::Deserialize;

/// Settings of `strip_page_chrome`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StripPageChromeConfig {
    /// The fewest sentence-less lines that make a run of chrome worth dropping.
    pub min_run: usize,
    /// How many headline-like lines before the first paragraph are kept as the title.
    pub keep_title_lines: usize,
}

impl Default for StripPageChromeConfig {
    fn default() -> Self {
        StripPageChromeConfig {
            min_run: 3,
            keep_title_lines: 2,
        }
    }
}

/// The `strip_page_chrome` cleaner.
#[derive(Debug, Clone)]
pub struct StripPageChrome {
    config: StripPageChromeConfig,
}

impl StripPageChrome {
    /// Builds the cleaner from its settings.
    pub fn new(config: &StripPageChromeConfig) -> Self {
        StripPageChrome {
            config: config.clone(),
        }
    }
}

/// A line of running text: long enough, and with a sentence ending somewhere.
fn is_prose(text: &str) -> bool {
    let words = word_count(text);
    words >= 25
        || (words >= 10
            && text.contains(['.', '!', '?', '。', '！', '？'])
            && !text.trim_end().ends_with(':'))
}

impl Cleaner for StripPageChrome {
    fn name(&self) -> &str {
        "strip_page_chrome"
    }

    fn clean(&self, doc: &mut Document, trail: &mut Trail) {
        if doc.blocks.iter().any(|b| b.kind != BlockKind::Paragraph) {
            return;
        }
        let prose: Vec<usize> = doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| is_prose(&b.text))
            .map(|(i, _)| i)
            .collect();
        let (Some(&first), Some(&last)) = (prose.first(), prose.last()) else {
            return;
        };
        if prose.len() < 2 {
            return;
        }
        let mut drop = vec![false; doc.blocks.len()];
        // Before the article: keep the headline (and a subtitle) right above the first paragraph;
        // menu items are one or two words, headlines more.
        let title_lines = doc.blocks[..first]
            .iter()
            .rev()
            .take(self.config.keep_title_lines)
            .take_while(|b| word_count(&b.text) >= 3 && looks_like_title(&b.text, 30))
            .count();
        let lead_end = first - title_lines;
        if lead_end >= self.config.min_run {
            for d in &mut drop[..lead_end] {
                *d = true;
            }
        }
        // After the article: only a run of headline-like lines (other articles' titles, footer
        // links); short lines of other shapes may be the article's own (a list, prices, credits).
        let tail_start = last + 1;
        let tail = &doc.blocks[tail_start..];
        if tail.len() >= self.config.min_run && tail.iter().all(|b| looks_like_title(&b.text, 16)) {
            for d in &mut drop[tail_start..] {
                *d = true;
            }
        }
        drop_blocks(doc, trail, self.name(), &drop);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::test_support::{doc_of, texts};

    fn clean(lines: &[&str]) -> Vec<String> {
        let mut doc = doc_of(lines);
        StripPageChrome::new(&StripPageChromeConfig::default()).clean(&mut doc, &mut Trail::new());
        texts(&doc)
    }

    const P1: &str = "The council met on Monday and approved the budget after a long debate.";
    const P2: &str = "The vote was close, and the opposition promised to fight the plan next year.";

    #[test]
    fn menus_and_footers_around_the_article_go_and_the_headline_stays() {
        let out = clean(&[
            "Home",
            "News",
            "Sport",
            "Weather",
            "Council Approves Budget",
            P1,
            P2,
            "About us",
            "Contact",
            "Privacy policy",
            "Terms",
        ]);
        assert_eq!(out, ["Council Approves Budget", P1, P2]);
    }

    #[test]
    fn short_runs_stay() {
        let lines = [
            "Council Approves Budget",
            "A subtitle here",
            P1,
            P2,
            "Photo credits",
        ];
        assert_eq!(clean(&lines), lines);
    }

    #[test]
    fn lines_between_paragraphs_stay() {
        let lines = ["Home", "News", "Sport", P1, "A", "B", "C", "D", P2];
        assert_eq!(clean(&lines), [P1, "A", "B", "C", "D", P2]);
    }

    #[test]
    fn structured_documents_are_left_alone() {
        let mut doc = doc_of(&["Home", "News", "Sport", P1, P2]);
        doc.blocks[0].kind = BlockKind::ListItem;
        StripPageChrome::new(&StripPageChromeConfig::default()).clean(&mut doc, &mut Trail::new());
        assert_eq!(doc.blocks.len(), 5);
    }
}
