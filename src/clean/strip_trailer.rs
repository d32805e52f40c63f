//! Drops attribution trailers and copyright footers: "Attribution: …", "Source: …", "Reporting by …;
//! Editing by …" at the end of an article (whole blocks, or glued to the end of the last paragraph),
//! and "© 2024 … All rights reserved" lines anywhere.
//!
//! A trailer is recognised only where trailers live: at the end of the text, starting a sentence,
//! and short. "Sources close to the minister said …" at the top of an article stays.

use super::matcher::BlockMatcher;
use super::phrases::builtin;
use super::screen::{family_id, Family};
use super::{cut_span, drop_blocks, drop_where, BlockFacts, Cleaner};
use crate::document::Document;
use crate::text::fold::{fold, word_count};
use crate::trail::Trail;
use serde::Deserialize;

/// A trailer longer than this is more likely prose.
const MAX_TRAILER_WORDS: usize = 45;
/// Copyright lines longer than this are prose.
const MAX_COPYRIGHT_WORDS: usize = 40;

/// Settings of `strip_trailer`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StripTrailerConfig {
    /// More trailer openers ("Text by:"), on top of the built-in ones.
    pub extra_openers: Vec<String>,
    /// Keep copyright footers.
    pub keep_copyright: bool,
}

/// The `strip_trailer` cleaner.
#[derive(Debug, Clone)]
pub struct StripTrailer {
    /// Folded openers, longest first so "additional reporting by" wins over "reporting by".
    openers: Vec<String>,
    copyright: Option<BlockMatcher>,
    /// Contact and credit lines ("Write to … at …", "… contributed reporting").
    contact: BlockMatcher,
    /// Names, in [`BlockFacts`], whether a block opens a trailer.
    opens_id: u32,
}

impl StripTrailer {
    /// Builds the cleaner from its settings and the built-in phrases.
    pub fn new(config: &StripTrailerConfig) -> Result<Self, regex::Error> {
        let data = &builtin().strip_trailer;
        let mut openers: Vec<String> = data
            .openers
            .iter()
            .chain(&config.extra_openers)
            .map(|o| fold_opener(o))
            .collect();
        openers.sort_by_key(|o| std::cmp::Reverse(o.len()));
        openers.dedup();
        let copyright = if config.keep_copyright {
            None
        } else {
            Some(BlockMatcher::new(&[], &data.copyright)?)
        };
        let contact = BlockMatcher::new(&[], &data.contact)?;
        Ok(StripTrailer {
            openers,
            copyright,
            contact,
            opens_id: family_id(),
        })
    }

    /// Its phrase families, for the chain's screen.
    pub(crate) fn families(&self) -> Vec<Family> {
        self.copyright
            .iter()
            .chain([&self.contact])
            .map(BlockMatcher::family)
            .collect()
    }

    /// True when `text` (the start of a sentence) opens a trailer.
    fn opens_trailer(&self, text: &str) -> bool {
        let head: String = text.chars().take(48).collect();
        let head = head.trim_start_matches(['(', '[', '*', '—', '–', '-', ' ']);
        let folded = fold_opener(head);
        self.openers.iter().any(|o| {
            folded.starts_with(o.as_str())
                && (o.ends_with(':')
                    || folded[o.len()..].starts_with(' ')
                    || folded.len() == o.len())
        })
    }

    /// True when `text` starts with an opener that ends with a colon ("Source:").
    fn opener_with_colon(&self, text: &str) -> bool {
        let head: String = text.chars().take(48).collect();
        let folded = fold_opener(&head);
        self.openers
            .iter()
            .any(|o| o.ends_with(':') && folded.starts_with(o.as_str()))
    }

    /// The byte offset where a trailer glued to the end of `text` starts, if there is one.
    fn glued_trailer(&self, text: &str) -> Option<usize> {
        let mut found = None;
        for (i, c) in text.char_indices() {
            if !matches!(c, '.' | '!' | '?' | '"' | '”' | ')') {
                continue;
            }
            let after = i + c.len_utf8();
            let rest = &text[after..];
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() || trimmed.is_empty() {
                continue;
            }
            // Glued to prose, only an unmistakable trailer is cut: one whose opener ends with a
            // colon ("Attribution: …") or that stands in parentheses ("(Reporting by …)").
            // "… Written by hand in 1854, the letter …" is the article's own sentence.
            let unmistakable = trimmed.starts_with('(') || self.opener_with_colon(trimmed);
            if unmistakable
                && self.opens_trailer(trimmed)
                && word_count(trimmed) <= MAX_TRAILER_WORDS
            {
                found = Some(text.len() - trimmed.len());
                break;
            }
        }
        found
    }
}

/// Folds an opener for prefix comparison, keeping its colon (which `fold` would trim).
fn fold_opener(text: &str) -> String {
    let colon = text.trim_end().ends_with(':');
    let mut f = fold(text);
    if colon {
        f.push(':');
    }
    f.replace(" :", ":")
}

impl Cleaner for StripTrailer {
    fn name(&self) -> &str {
        "strip_trailer"
    }

    fn clean(&self, doc: &mut Document, trail: &mut Trail) {
        self.clean_with(doc, trail, &mut BlockFacts::new());
    }

    fn clean_with(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        // Copyright footers, wherever they are.
        if let Some(copyright) = &self.copyright {
            drop_where(doc, trail, self.name(), |b| {
                facts.at_most_words(b, MAX_COPYRIGHT_WORDS) && copyright.matches_block(b, facts)
            });
        }
        // Whole trailer blocks at the end.
        let mut drop = vec![false; doc.blocks.len()];
        for (i, block) in doc.blocks.iter().enumerate().rev() {
            let short = facts.at_most_words(block, MAX_TRAILER_WORDS);
            // Whether a block opens a trailer is a fact of its text, asked again at every pass.
            if short
                && (facts.fact(block, self.opens_id, |text| self.opens_trailer(text))
                    || self.contact.matches_block(block, facts))
            {
                drop[i] = true;
            } else {
                break;
            }
        }
        // Keep at least one block: a document that is only a "Source:" line is left alone.
        if drop.iter().all(|&d| d) {
            return;
        }
        drop_blocks(doc, trail, self.name(), &drop);
        // A trailer glued to the end of the last paragraph.
        if let Some(last) = doc.blocks.len().checked_sub(1) {
            let text = &doc.blocks[last].text;
            if let Some(start) = self.glued_trailer(text) {
                let end = text.len();
                cut_span(doc, trail, self.name(), last, (start, end), facts);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::test_support::{doc_of, texts};

    fn clean(lines: &[&str]) -> Vec<String> {
        let mut doc = doc_of(lines);
        StripTrailer::new(&StripTrailerConfig::default())
            .expect("builtin compiles")
            .clean(&mut doc, &mut Trail::new());
        texts(&doc)
    }

    #[test]
    fn attribution_glued_to_the_last_paragraph_is_cut() {
        let out = clean(&[
            "First paragraph.",
            "The dialogue highlights winter readiness. Attribution: NATO leadership communications, EU diplomacy briefings.",
        ]);
        assert_eq!(
            out,
            [
                "First paragraph.",
                "The dialogue highlights winter readiness."
            ]
        );
    }

    #[test]
    fn reuters_style_credits_go() {
        let out = clean(&[
            "Body text.",
            "Last paragraph ends here. (Reporting by Jane Roe; Editing by John Doe)",
        ]);
        assert_eq!(out, ["Body text.", "Last paragraph ends here."]);
        let out = clean(&[
            "Body text.",
            "Reporting by Jane Roe; Editing by John Doe",
            "Source: Reuters",
        ]);
        assert_eq!(out, ["Body text."]);
    }

    #[test]
    fn contact_lines_at_the_end_go() {
        let out = clean(&[
            "Body text.",
            "Keith Bradsher contributed reporting from Hong Kong.",
            "Write to Al Root at allen.root@example.com",
            "Follow her on Twitter @someone.",
        ]);
        assert_eq!(out, ["Body text."]);
        // The same words in the middle of an article stay.
        let lines = [
            "Write to your representative, the group urged its members on Twitter.",
            "The last paragraph.",
        ];
        assert_eq!(clean(&lines), lines);
    }

    #[test]
    fn copyright_footers_go() {
        let out = clean(&[
            "Body text.",
            "© 2024 Example News. All rights reserved.",
            "Copyright 2019 The Daily Planet",
        ]);
        assert_eq!(out, ["Body text."]);
    }

    #[test]
    fn prose_that_starts_like_a_credit_stays() {
        // Found in review.
        let lines = [
            "Copyright law has not kept up with artificial intelligence, experts say.",
            "Copyright 2021 figures show a rise in disputes, the report said.",
            "The museum bought it last year. Written by hand in 1854, the letter sold for two million dollars.",
            "Contact with the families was maintained through Facebook groups, the school said.",
        ];
        assert_eq!(clean(&lines), lines);
    }

    #[test]
    fn sources_in_prose_stay() {
        let lines = [
            "Sources close to the minister said the plan would change.",
            "The source: a leaked memo, which the ministry has not denied, says otherwise.",
            "It ends here. Sources say more talks are planned for next week, after the holidays, in Brussels, where the ministers will meet again to discuss the details of the package and its financing, which remains unclear to many observers and officials alike.",
        ];
        assert_eq!(clean(&lines), lines);
    }
}
