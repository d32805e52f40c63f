//! Whole-block matching against a phrase list and a pattern list, compiled once per run.

use super::drop_where;
use crate::document::Document;
use crate::text::fold::{fold, word_count};
use crate::trail::Trail;
use regex::RegexSet;
use std::collections::HashSet;

/// Matches a whole block, compared folded, against exact phrases and anchored patterns.
#[derive(Debug, Clone)]
pub(crate) struct BlockMatcher {
    phrases: HashSet<String>,
    patterns: RegexSet,
}

impl BlockMatcher {
    /// Compiles `phrases` (folded here) and `patterns` (anchored here at both ends).
    pub fn new<'a>(
        phrases: impl IntoIterator<Item = &'a String>,
        patterns: impl IntoIterator<Item = &'a String>,
    ) -> Result<Self, regex::Error> {
        let phrases = phrases.into_iter().map(|p| fold(p)).collect();
        let anchored: Vec<String> = patterns.into_iter().map(|p| format!("^(?:{p})$")).collect();
        Ok(BlockMatcher {
            phrases,
            patterns: RegexSet::new(anchored)?,
        })
    }

    /// True when the folded block is one of the phrases or matches one of the patterns.
    /// A final period or exclamation mark does not matter ("Comments are closed.").
    pub fn matches_folded(&self, folded: &str) -> bool {
        let bare = folded.trim_end_matches(['.', '!']).trim_end();
        !bare.is_empty()
            && (self.phrases.contains(folded)
                || self.phrases.contains(bare)
                || self.patterns.is_match(folded)
                || self.patterns.is_match(bare))
    }
}

impl BlockMatcher {
    /// Drops every block of at most `max_words` words that matches, recording it under `by`.
    pub fn drop_matching(&self, doc: &mut Document, trail: &mut Trail, by: &str, max_words: usize) {
        drop_where(doc, trail, by, |b| {
            word_count(&b.text) <= max_words && self.matches_folded(&fold(&b.text))
        });
    }
}
