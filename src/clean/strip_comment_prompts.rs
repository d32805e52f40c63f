//! Drops comment-section prompts that stand alone as blocks: "Leave a Comment", "Write a Comment",
//! "Leave a Reply", "12 Comments", "Comments are closed", "Your email address will not be
//! published", in several languages.
//!
//! Whole blocks only: "Comments from the minister drew criticism." is article text.

use super::matcher::BlockMatcher;
use super::phrases::builtin;
use super::screen::Family;
use super::{BlockFacts, Cleaner};
use crate::document::Document;
use crate::trail::Trail;
use serde::Deserialize;

/// Blocks longer than this are prose, whatever they contain.
const MAX_WORDS: usize = 25;

/// Settings of `strip_comment_prompts`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StripCommentPromptsConfig {
    /// More whole-block phrases to drop, on top of the built-in ones.
    pub extra_phrases: Vec<String>,
    /// More whole-block regexes (anchored at both ends, matched on folded text).
    pub extra_patterns: Vec<String>,
}

/// The `strip_comment_prompts` cleaner.
#[derive(Debug, Clone)]
pub struct StripCommentPrompts {
    matcher: BlockMatcher,
}

impl StripCommentPrompts {
    /// Builds the cleaner from its settings and the built-in phrases.
    pub fn new(config: &StripCommentPromptsConfig) -> Result<Self, regex::Error> {
        let data = &builtin().strip_comment_prompts;
        let matcher = BlockMatcher::new(
            data.phrases.iter().chain(&config.extra_phrases),
            data.patterns.iter().chain(&config.extra_patterns),
        )?;
        Ok(StripCommentPrompts { matcher })
    }

    /// Its phrase families, for the chain's screen.
    pub(crate) fn families(&self) -> Vec<Family> {
        vec![self.matcher.family()]
    }
}

impl Cleaner for StripCommentPrompts {
    fn name(&self) -> &str {
        "strip_comment_prompts"
    }

    fn clean(&self, doc: &mut Document, trail: &mut Trail) {
        self.clean_with(doc, trail, &mut BlockFacts::new());
    }

    fn clean_with(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        self.matcher
            .drop_matching(doc, trail, self.name(), MAX_WORDS, facts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::test_support::{doc_of, texts};

    fn clean(lines: &[&str]) -> Vec<String> {
        let mut doc = doc_of(lines);
        StripCommentPrompts::new(&StripCommentPromptsConfig::default())
            .expect("builtin compiles")
            .clean(&mut doc, &mut Trail::new());
        texts(&doc)
    }

    #[test]
    fn prompts_in_many_forms_go() {
        let out = clean(&[
            "Body.",
            "Write a Comment",
            "Leave a Comment",
            "Leave a Reply",
            "12 Comments",
            "Comments (3)",
            "Comments are closed.",
            "Your email address will not be published. Required fields are marked *",
            "Залишити коментар",
            "Оставить комментарий",
        ]);
        assert_eq!(out, ["Body."]);
    }

    #[test]
    fn sentences_about_comments_stay() {
        let lines = [
            "Comments from the minister drew criticism.",
            "He declined to leave a comment on the record.",
            "In a previous article we covered the comments of 12 experts.",
        ];
        assert_eq!(clean(&lines), lines);
    }
}
