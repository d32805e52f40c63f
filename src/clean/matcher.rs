//! Whole-block matching against a phrase list and a pattern list, compiled once per run.

use super::pattern_set::PatternSet;
use super::{drop_where, BlockFacts};
use crate::document::{Block, Document};
use crate::text::fold::fold;
use crate::trail::Trail;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, Ordering};

/// Matches a whole block, compared folded, against exact phrases and anchored patterns.
#[derive(Debug, Clone)]
pub(crate) struct BlockMatcher {
    /// Names this matcher's verdicts in [`BlockFacts`].
    id: u32,
    phrases: HashSet<String>,
    patterns: PatternSet,
}

/// Hands out [`BlockMatcher`] ids.
static NEXT_ID: AtomicU32 = AtomicU32::new(0);

impl BlockMatcher {
    /// Compiles `phrases` (folded here) and `patterns` (anchored here at both ends).
    pub fn new<'a>(
        phrases: impl IntoIterator<Item = &'a String>,
        patterns: impl IntoIterator<Item = &'a String>,
    ) -> Result<Self, regex::Error> {
        let phrases = phrases.into_iter().map(|p| fold(p)).collect();
        let anchored: Vec<String> = patterns.into_iter().map(|p| format!("^(?:{p})$")).collect();
        Ok(BlockMatcher {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            phrases,
            patterns: PatternSet::new(&anchored)?,
        })
    }

    /// True when the folded block is one of the phrases or matches one of the patterns.
    /// A final period or exclamation mark does not matter ("Comments are closed.").
    pub fn matches_folded(&self, folded: &str) -> bool {
        let bare = folded.trim_end_matches(['.', '!']).trim_end();
        // Most blocks have no final mark: their bare form is the folded one, asked once.
        let marked = bare.len() != folded.len();
        !bare.is_empty()
            && (self.phrases.contains(folded)
                || marked && self.phrases.contains(bare)
                || self.patterns.is_match(folded)
                || marked && self.patterns.is_match(bare))
    }

    /// [`BlockMatcher::matches_folded`] of a block, asked of `facts` once per text.
    pub fn matches_block(&self, block: &Block, facts: &mut BlockFacts) -> bool {
        facts.verdict(block, self.id, |folded| self.matches_folded(folded))
    }
}

impl BlockMatcher {
    /// Drops every block of at most `max_words` words that matches, recording it under `by`.
    pub fn drop_matching(
        &self,
        doc: &mut Document,
        trail: &mut Trail,
        by: &str,
        max_words: usize,
        facts: &mut BlockFacts,
    ) {
        drop_where(doc, trail, by, |b| {
            facts.words(b) <= max_words && self.matches_block(b, facts)
        });
    }
}
