//! Drops an agency tag that a scraper glued to the end of paragraph after paragraph, such as
//! "(DEA News)" or "[UNIAN]".
//!
//! A tag is only taken when the same one ends several paragraphs: a single parenthesis at the end
//! of one paragraph ("(in Russian)", "(2019)") is the article's own.

use super::{cut_span, BlockFacts, Cleaner};
use crate::document::Document;
use crate::text::fold::{fold, word_count};
use crate::trail::Trail;
use foldhash::{HashMap, HashMapExt};
use regex::Regex;
use serde::Deserialize;
use std::sync::OnceLock;

/// Settings of `strip_agency_tags`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StripAgencyTagsConfig {
    /// How many paragraphs must end with the same tag before it is taken for an agency tag.
    pub min_repeats: usize,
    /// The share of the document's paragraphs (of 8 words or more) the tag must end.
    pub min_share: f64,
}

impl Default for StripAgencyTagsConfig {
    fn default() -> Self {
        StripAgencyTagsConfig {
            min_repeats: 2,
            min_share: 0.5,
        }
    }
}

/// The `strip_agency_tags` cleaner.
#[derive(Debug, Clone)]
pub struct StripAgencyTags {
    config: StripAgencyTagsConfig,
}

impl StripAgencyTags {
    /// Builds the cleaner from its settings.
    pub fn new(config: &StripAgencyTagsConfig) -> Self {
        StripAgencyTags {
            config: config.clone(),
        }
    }
}

/// Stage directions and editorial notes that end paragraph after paragraph of a transcript: the
/// article's own, never an agency.
const NOT_TAGS: [&str; 12] = [
    "applause",
    "laughter",
    "laughs",
    "crosstalk",
    "inaudible",
    "cheers",
    "music",
    "silence",
    "sic",
    "pause",
    "unintelligible",
    "booing",
];

/// A bracketed tag of up to five words at the very end of a block.
fn tag_at_end() -> &'static Regex {
    static TAG: OnceLock<Regex> = OnceLock::new();
    TAG.get_or_init(|| {
        Regex::new(r"\s*(?:\(([^()\[\]]{2,48})\)|\[([^()\[\]]{2,48})\])\s*$").expect("static regex")
    })
}

/// True when `text` ends with a closing bracket (whitespace aside), as every tag does.
fn ends_with_bracket(text: &str) -> bool {
    text.trim_end().ends_with([')', ']'])
}

/// The tag ending `text` and where it starts, if it could be an agency's name.
fn trailing_tag(text: &str) -> Option<(usize, String)> {
    // The pattern ends with a closing bracket and whitespace: most paragraphs are turned away
    // here without running it (`\s` and `trim_end` agree on what whitespace is).
    if !ends_with_bracket(text) {
        return None;
    }
    let caps = tag_at_end().captures(text)?;
    let whole = caps.get(0)?;
    let inner = caps.get(1).or_else(|| caps.get(2))?.as_str();
    let words = word_count(inner);
    let has_upper = inner.chars().any(char::is_uppercase);
    let all_digits = inner.chars().all(|c| !c.is_alphabetic());
    if words == 0 || words > 5 || !has_upper || all_digits || whole.start() == 0 {
        return None;
    }
    let folded = fold(inner);
    if NOT_TAGS.iter().any(|n| folded.starts_with(n)) {
        return None;
    }
    Some((whole.start(), folded))
}

impl Cleaner for StripAgencyTags {
    fn name(&self) -> &str {
        "strip_agency_tags"
    }

    fn clean(&self, doc: &mut Document, trail: &mut Trail) {
        self.clean_with(doc, trail, &mut BlockFacts::new());
    }

    fn clean_with(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        // Without a block ending in a bracket there is no tag to count, and the paragraphs need
        // not be counted either (most documents end here).
        if !doc.blocks.iter().any(|b| ends_with_bracket(&b.text)) {
            return;
        }
        let mut counts: HashMap<String, usize> = HashMap::new();
        // Counted on paragraphs only, the same blocks the share is taken of.
        let mut paragraphs = 0;
        for block in &doc.blocks {
            if facts.at_most_words(block, 7) {
                continue;
            }
            paragraphs += 1;
            if let Some((_, tag)) = trailing_tag(&block.text) {
                *counts.entry(tag).or_insert(0) += 1;
            }
        }
        let paragraphs = paragraphs.max(1);
        let agency: Vec<String> = counts
            .into_iter()
            .filter(|&(_, n)| {
                n >= self.config.min_repeats
                    && n as f64 >= self.config.min_share * paragraphs as f64
            })
            .map(|(tag, _)| tag)
            .collect();
        if agency.is_empty() {
            return;
        }
        for i in 0..doc.blocks.len() {
            if let Some((start, tag)) = trailing_tag(&doc.blocks[i].text) {
                if agency.contains(&tag) {
                    let end = doc.blocks[i].text.len();
                    cut_span(doc, trail, self.name(), i, (start, end), facts);
                }
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
        StripAgencyTags::new(&StripAgencyTagsConfig::default()).clean(&mut doc, &mut Trail::new());
        texts(&doc)
    }

    #[test]
    fn a_tag_ending_every_paragraph_goes() {
        let out = clean(&[
            "The minister spoke with the secretary general about next steps. (DEA News)",
            "They discussed practical elements of the defence relationship. (DEA News)",
            "A forum is planned for the autumn in Kyiv, officials said. (DEA News)",
        ]);
        assert_eq!(
            out,
            [
                "The minister spoke with the secretary general about next steps.",
                "They discussed practical elements of the defence relationship.",
                "A forum is planned for the autumn in Kyiv, officials said."
            ]
        );
    }

    #[test]
    fn a_single_parenthesis_stays() {
        let lines = [
            "The report was published on the ministry's website (in Russian).",
            "Another paragraph with enough words to count as a paragraph here.",
            "And a third paragraph that also has more than eight words in it.",
        ];
        assert_eq!(clean(&lines), lines);
    }

    #[test]
    fn stage_directions_in_a_transcript_stay() {
        // Found in review.
        let lines = [
            "We will rebuild every bridge in this state, and we will do it on time. (Applause)",
            "And we will pay for it without raising a single tax on working families. (Applause)",
        ];
        assert_eq!(clean(&lines), lines);
    }

    #[test]
    fn years_and_numbers_are_not_tags() {
        let lines = [
            "The law was passed by parliament in that year (2019)",
            "It was amended by parliament in the following year (2019)",
        ];
        assert_eq!(clean(&lines), lines);
    }
}
