//! Whole-block matching against a phrase list and a pattern list, compiled once per run.

use super::pattern_set::PatternSet;
use super::required_literals::required_literals;
use super::screen::{family_id, Family};
use super::{drop_where, BlockFacts};
use crate::document::{Block, Document};
use crate::text::fold::fold;
use crate::trail::Trail;
use foldhash::HashSet;

/// Matches a whole block, compared folded, against exact phrases and anchored patterns.
#[derive(Debug, Clone)]
pub(crate) struct BlockMatcher {
    /// Names this matcher's verdicts in [`BlockFacts`] and its family in the chain's screen.
    id: u32,
    phrases: HashSet<String>,
    patterns: PatternSet,
    /// One of which every block it matches holds: its phrases and its patterns' required
    /// literals; `None` when a pattern can match without any.
    literals: Option<Vec<Vec<u8>>>,
}

impl BlockMatcher {
    /// Compiles `phrases` (folded here) and `patterns` (anchored here at both ends).
    pub fn new<'a>(
        phrases: impl IntoIterator<Item = &'a String>,
        patterns: impl IntoIterator<Item = &'a String>,
    ) -> Result<Self, regex::Error> {
        let phrases: HashSet<String> = phrases.into_iter().map(|p| fold(p)).collect();
        let anchored: Vec<String> = patterns.into_iter().map(|p| format!("^(?:{p})$")).collect();
        let patterns = PatternSet::new(&anchored)?;
        // A block equal to a phrase (or to a phrase and a final mark) holds the phrase; an empty
        // phrase matches nothing (a block must say something).
        let mut literals: Option<Vec<Vec<u8>>> = Some(
            phrases
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| p.as_bytes().to_vec())
                .collect(),
        );
        for pattern in &anchored {
            match (required_literals(pattern), &mut literals) {
                (Some(l), Some(all)) => all.extend(l),
                _ => literals = None,
            }
        }
        Ok(BlockMatcher {
            id: family_id(),
            phrases,
            patterns,
            literals,
        })
    }

    /// This matcher as the chain's screen sees it.
    pub fn family(&self) -> Family {
        Family {
            id: self.id,
            literals: self.literals.clone(),
        }
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

    /// [`BlockMatcher::matches_folded`] of a block, asked of `facts` once per text (and not at
    /// all where the chain's screen sees none of the matcher's literals).
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
            facts.at_most_words(b, max_words) && self.matches_block(b, facts)
        });
    }
}
