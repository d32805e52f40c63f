//! Drops teaser and chrome lines that stand alone as blocks: "No time to read?" / "Get a summary",
//! "Listen to this article", reading-time lines, "Advertisement", share bars, "Follow us",
//! newsletter prompts and photo credits.
//!
//! Only whole blocks are dropped, and only when the whole block is the phrase: a sentence that
//! mentions a newsletter stays.

use super::matcher::BlockMatcher;
use super::phrases::builtin;
use super::Cleaner;
use crate::document::Document;
use crate::trail::Trail;
use serde::Deserialize;

/// Blocks longer than this are prose, whatever they contain.
const MAX_WORDS: usize = 30;

/// Settings of `strip_teasers`.
#[derive(Debug, Clone, Default, Deserialize)]
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
}

impl StripTeasers {
    /// Builds the cleaner from its settings and the built-in phrases.
    pub fn new(config: &StripTeasersConfig) -> Result<Self, regex::Error> {
        let data = &builtin().strip_teasers;
        let credits = if config.keep_credits {
            &[][..]
        } else {
            &data.credits[..]
        };
        let matcher = BlockMatcher::new(
            data.phrases.iter().chain(&config.extra_phrases),
            data.patterns
                .iter()
                .chain(credits)
                .chain(&config.extra_patterns),
        )?;
        Ok(StripTeasers { matcher })
    }
}

impl Cleaner for StripTeasers {
    fn name(&self) -> &str {
        "strip_teasers"
    }

    fn clean(&self, doc: &mut Document, trail: &mut Trail) {
        self.matcher
            .drop_matching(doc, trail, self.name(), MAX_WORDS);
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
        ];
        assert_eq!(clean(&lines), lines);
    }
}
