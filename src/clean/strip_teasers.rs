//! Drops teaser and chrome lines that stand alone as blocks: "No time to read?" / "Get a summary",
//! "Listen to this article", reading-time lines, "Advertisement", share bars, "Follow us",
//! newsletter prompts and photo credits.
//!
//! Only whole blocks are dropped, and only when the whole block is the phrase: a sentence that
//! mentions a newsletter stays.

use super::matcher::BlockMatcher;
use super::phrases::builtin;
use super::screen::Family;
use super::{drop_where, BlockFacts, Cleaner};
use crate::document::Document;
use crate::trail::Trail;
use serde::Deserialize;

/// Blocks longer than this are prose, whatever they contain.
const MAX_WORDS: usize = 30;

/// Settings of `strip_teasers`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StripTeasersConfig {
    /// More whole-block phrases to drop, on top of the built-in ones.
    pub extra_phrases: Vec<String>,
    /// More whole-block regexes (anchored at both ends, matched on folded text).
    pub extra_patterns: Vec<String>,
    /// Keep photo credits ("Photo: …", "… /Getty Images").
    pub keep_credits: bool,
}

/// The `strip_teasers` cleaner.
#[derive(Debug, Clone)]
pub struct StripTeasers {
    matcher: BlockMatcher,
    /// Photo credits, tried only on blocks that do not end like a sentence: a caption credit is a
    /// label, "… according to Reuters." is prose.
    credits: Option<BlockMatcher>,
}

impl StripTeasers {
    /// Builds the cleaner from its settings and the built-in phrases.
    pub fn new(config: &StripTeasersConfig) -> Result<Self, regex::Error> {
        let data = &builtin().strip_teasers;
        let matcher = BlockMatcher::new(
            data.phrases.iter().chain(&config.extra_phrases),
            data.patterns.iter().chain(&config.extra_patterns),
        )?;
        let credits = if config.keep_credits {
            None
        } else {
            Some(BlockMatcher::new(&[], &data.credits)?)
        };
        Ok(StripTeasers { matcher, credits })
    }

    /// Its phrase families, for the chain's screen.
    pub(crate) fn families(&self) -> Vec<Family> {
        std::iter::once(&self.matcher)
            .chain(&self.credits)
            .map(BlockMatcher::family)
            .collect()
    }
}

impl Cleaner for StripTeasers {
    fn name(&self) -> &str {
        "strip_teasers"
    }

    fn clean(&self, doc: &mut Document, trail: &mut Trail) {
        self.clean_with(doc, trail, &mut BlockFacts::new());
    }

    fn clean_with(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        self.matcher
            .drop_matching(doc, trail, self.name(), MAX_WORDS, facts);
        if let Some(credits) = &self.credits {
            // Trailing whitespace changes neither the count nor the folded form.
            drop_where(doc, trail, self.name(), |b| {
                !b.text.trim_end().ends_with(['.', '!', '?'])
                    && facts.at_most_words(b, MAX_WORDS)
                    && credits.matches_block(b, facts)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::test_support::{doc_of, texts};

    fn clean(lines: &[&str]) -> Vec<String> {
        let mut doc = doc_of(lines);
        StripTeasers::new(&StripTeasersConfig::default())
            .expect("builtin compiles")
            .clean(&mut doc, &mut Trail::new());
        texts(&doc)
    }

    #[test]
    fn summary_prompts_go() {
        assert_eq!(
            clean(&["No time to read?", "Get a summary", "Body text here."]),
            ["Body text here."]
        );
    }

    #[test]
    fn chrome_lines_go_in_any_decoration() {
        let out = clean(&[
            "Advertisement",
            "5 min read",
            "Reading time: 4 minutes",
            "Share: Facebook | Twitter | Email",
            "Listen to this article",
            "Subscribe to our newsletter",
            "Photo: Jane Doe/Getty Images",
            "(AP Photo/Alan Diaz, File)",
            "Реклама",
            "Kept.",
        ]);
        assert_eq!(out, ["Kept."]);
    }

    #[test]
    fn sentences_that_mention_the_words_stay() {
        let lines = [
            "Readers can subscribe to our newsletter to get the summary every morning.",
            "The advertisement ran for 5 minutes on national television.",
            "She said the Reuters report was wrong",
            "Share prices fell sharply on Monday.",
            // Found in review: credits and promos that are prose.
            "Photography has become cheap",
            "Pictures of the flooding were shared widely on social media, according to Reuters.",
            "Get ready: the magazine's final issue hits newsstands on Friday, and its podcast ends too.",
            "Warning",
        ];
        assert_eq!(clean(&lines), lines);
    }
}
