//! Drops navigation widgets: a label such as "Previous Article", "Next Post", "Related articles" or
//! "Read more" standing alone as a block, together with the linked titles that follow it.
//!
//! Titles are dropped only while the blocks that follow look like headlines (short, no sentence
//! ending), so the article never loses a paragraph to a widget. A list label ("Related") followed by
//! a single title-like block in the middle of the text keeps that block: it may be the article's
//! own subheading.

use crate::text::fold::{fold, word_count};

/// Labels are short; longer blocks are not looked up.
const MAX_LABEL_WORDS: usize = 8;
/// What stands between a label and the title it leads to on one line ("Next article » Title").
const SEPARATORS: [char; 9] = [':', '»', '›', '|', '-', '–', '—', '→', '>'];
use super::pattern_set::PatternSet;
use super::phrases::builtin;
use super::required_literals::required_literals;
use super::screen::{family_id, Family};
use super::ChainError;
use super::{drop_blocks, BlockFacts, Cleaner};
use crate::document::Block;
use crate::document::Document;
use crate::text::title::looks_like_title;
use crate::trail::Trail;
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use foldhash::{HashMap, HashMapExt};
use serde::Deserialize;

/// What follows a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Follows {
    /// The title of one other article ("Previous Article").
    One,
    /// A list of titles ("Related articles").
    List,
    /// A label with a variable part ("More about the candidates"): only a widget when at least two
    /// titles follow; otherwise it may be the article's own subheading.
    ListOnly,
}

/// Settings of `strip_widgets`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StripWidgetsConfig {
    /// The most titles dropped after one list label.
    pub max_titles: usize,
    /// A block with more words than this is not a title.
    pub max_title_words: usize,
    /// More labels followed by one title, on top of the built-in ones.
    pub extra_single: Vec<String>,
    /// More labels followed by a list of titles, on top of the built-in ones.
    pub extra_list: Vec<String>,
    /// More list labels as regexes (anchored at both ends, matched on folded text).
    pub extra_list_patterns: Vec<String>,
}

impl Default for StripWidgetsConfig {
    fn default() -> Self {
        StripWidgetsConfig {
            max_titles: 12,
            max_title_words: 24,
            extra_single: Vec::new(),
            extra_list: Vec::new(),
            extra_list_patterns: Vec::new(),
        }
    }
}

/// The `strip_widgets` cleaner.
#[derive(Debug, Clone)]
pub struct StripWidgets {
    labels: HashMap<String, Follows>,
    /// List labels with a variable part ("More from Politics"), anchored, on folded text.
    list_patterns: PatternSet,
    /// The same labels, to find one at the start of a block ("Next article: Title").
    prefixes: AhoCorasick,
    /// The labels as the chain's screen sees them: one of which every label block holds.
    family: Family,
    max_titles: usize,
    max_title_words: usize,
}

impl StripWidgets {
    /// Builds the cleaner from its settings and the built-in labels.
    pub fn new(config: &StripWidgetsConfig) -> Result<Self, ChainError> {
        let data = &builtin().strip_widgets;
        let mut labels = HashMap::new();
        for l in data.single.iter().chain(&config.extra_single) {
            labels.insert(fold(l), Follows::One);
        }
        for l in data.list.iter().chain(&config.extra_list) {
            labels.insert(fold(l), Follows::List);
        }
        let names: Vec<&String> = labels.keys().collect();
        let prefixes = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&names)
            .map_err(|e| ChainError::Build {
                cleaner: "strip_widgets",
                message: e.to_string(),
            })?;
        let anchored: Vec<String> = data
            .list_patterns
            .iter()
            .chain(&config.extra_list_patterns)
            .map(|p| format!("^(?:{p})$"))
            .collect();
        let list_patterns = PatternSet::new(&anchored).map_err(|source| ChainError::Pattern {
            cleaner: "strip_widgets",
            source,
        })?;
        // A block that is a label holds it; one a list pattern matches holds one of the
        // pattern's required literals. A label that folds to nothing would be any empty block.
        let mut literals: Option<Vec<Vec<u8>>> = (!labels.contains_key(""))
            .then(|| labels.keys().map(|l| l.as_bytes().to_vec()).collect());
        for pattern in &anchored {
            match (required_literals(pattern), &mut literals) {
                (Some(l), Some(all)) => all.extend(l),
                _ => literals = None,
            }
        }
        Ok(StripWidgets {
            labels,
            list_patterns,
            prefixes,
            family: Family {
                id: family_id(),
                literals,
            },
            max_titles: config.max_titles,
            max_title_words: config.max_title_words,
        })
    }

    /// Its phrase families, for the chain's screen.
    pub(crate) fn families(&self) -> Vec<Family> {
        vec![self.family.clone()]
    }

    /// What follows the label `text` is, if it is one.
    fn label(&self, text: &str) -> Option<Follows> {
        if word_count(text) > MAX_LABEL_WORDS {
            return None;
        }
        self.label_folded(&fold(text))
    }

    /// [`StripWidgets::label`] of a block, asking `facts`.
    fn block_label(&self, block: &Block, facts: &mut BlockFacts) -> Option<Follows> {
        if !facts.at_most_words(block, MAX_LABEL_WORDS) || !facts.may_act(block, self.family.id) {
            return None;
        }
        self.label_folded(facts.folded(block))
    }

    fn label_folded(&self, folded: &str) -> Option<Follows> {
        if let Some(&follows) = self.labels.get(folded) {
            return Some(follows);
        }
        let bare = folded.trim_end_matches(['.', '…']);
        (!bare.is_empty() && self.list_patterns.is_match(bare)).then_some(Follows::ListOnly)
    }

    fn is_title(&self, text: &str) -> bool {
        looks_like_title(text, self.max_title_words) && self.label(text).is_none()
    }

    fn is_title_block(&self, block: &Block, facts: &mut BlockFacts) -> bool {
        looks_like_title(&block.text, self.max_title_words)
            && self.block_label(block, facts).is_none()
    }

    /// A block that is a label and a title on one line: "Next article » Title of it".
    fn is_inline_widget(&self, block: &Block, facts: &mut BlockFacts) -> bool {
        let text = &block.text;
        // The word count first: the chain has it already, where looking for a separator reads
        // every character of a paragraph.
        if !facts.at_most_words(block, self.max_title_words + MAX_LABEL_WORDS) {
            return false;
        }
        // The title is what follows the first separator of the original text: without one
        // there is no title to judge, and the block need not be folded to say so.
        if !has_separator(text) {
            return false;
        }
        let folded = facts.folded(block);
        let Some(m) = self
            .prefixes
            .find(Input::new(folded).anchored(Anchored::Yes))
        else {
            return false;
        };
        let rest = folded[m.end()..].trim_start();
        let Some(sep) = rest.chars().next() else {
            return false;
        };
        if !SEPARATORS.contains(&sep) {
            return false;
        }
        // Judge the title on the original text, where capitalisation survives.
        let original_rest = text
            .char_indices()
            .find(|(_, c)| SEPARATORS.contains(c))
            .map(|(i, c)| text[i + c.len_utf8()..].trim())
            .unwrap_or("");
        self.is_title(original_rest)
    }
}

/// `text.contains(SEPARATORS)`, asked of the bytes: a search for a set of characters decodes
/// every character of the text, where the separators' UTF-8 forms can be told by their first
/// bytes (a lead byte 0xC2 or 0xE2 always starts a character), and `memchr` finds those bytes
/// many at a time. Asked of every short block at every pass.
fn has_separator(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3(b':', b'|', b'-', bytes).is_some()
        || memchr::memchr(b'>', bytes).is_some()
        || memchr::memchr2_iter(0xC2, 0xE2, bytes).any(|i| match bytes[i] {
            // » U+00BB
            0xC2 => bytes.get(i + 1) == Some(&0xBB),
            // › U+203A, – U+2013, — U+2014, → U+2192
            _ => matches!(
                bytes.get(i + 1..i + 3),
                Some([0x80, 0xBA | 0x93 | 0x94] | [0x86, 0x92])
            ),
        })
}

impl Cleaner for StripWidgets {
    fn name(&self) -> &str {
        "strip_widgets"
    }

    fn clean(&self, doc: &mut Document, trail: &mut Trail) {
        self.clean_with(doc, trail, &mut BlockFacts::new());
    }

    fn clean_with(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        let n = doc.blocks.len();
        let mut drop = vec![false; n];
        let mut i = 0;
        while i < n {
            let block = &doc.blocks[i];
            let Some(follows) = self.block_label(block, facts) else {
                drop[i] = self.is_inline_widget(block, facts);
                i += 1;
                continue;
            };
            let titles = doc.blocks[i + 1..]
                .iter()
                .take(self.max_titles)
                .take_while(|b| self.is_title_block(b, facts))
                .count();
            if follows == Follows::ListOnly && titles < 2 {
                i += 1;
                continue;
            }
            drop[i] = true;
            let take = match follows {
                Follows::One => titles.min(1),
                Follows::ListOnly => titles,
                // One title-like block after a list label, with prose after it, may be a
                // subheading of the article: keep it.
                Follows::List if titles == 1 && i + 2 < n => 0,
                Follows::List => titles,
            };
            for d in &mut drop[i + 1..i + 1 + take] {
                *d = true;
            }
            i += 1 + take;
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
        StripWidgets::new(&StripWidgetsConfig::default())
            .expect("builtin compiles")
            .clean(&mut doc, &mut Trail::new());
        texts(&doc)
    }

    #[test]
    fn the_byte_test_for_separators_is_the_char_test() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(has_separator(&text), text.contains(SEPARATORS), "{c:?}");
        }
        assert!(has_separator("Next article » Title") && !has_separator("Next article"));
    }

    #[test]
    fn previous_and_next_take_their_titles_with_them() {
        let out = clean(&[
            "The article ends here.",
            "Previous Article",
            "Air Raid Alerts and Civil Defense Practices in Ukraine: Regional Reports",
            "Next Article",
            "Taxation rules for Christmas Lottery prizes in Spain explained",
        ]);
        assert_eq!(out, ["The article ends here."]);
    }

    #[test]
    fn a_list_label_takes_titles_until_prose() {
        let out = clean(&[
            "Body.",
            "Related articles",
            "First Other Story",
            "Second Other Story",
            "This paragraph is article text again, and it ends with a period.",
        ]);
        assert_eq!(
            out,
            [
                "Body.",
                "This paragraph is article text again, and it ends with a period."
            ]
        );
    }

    #[test]
    fn a_label_never_takes_a_paragraph() {
        let out = clean(&[
            "Next Article",
            "The ministers met on Monday. They agreed on a plan.",
        ]);
        assert_eq!(out, ["The ministers met on Monday. They agreed on a plan."]);
    }

    #[test]
    fn one_title_like_line_after_read_more_mid_article_is_kept() {
        let out = clean(&[
            "Intro.",
            "Read more",
            "What Happens Next",
            "More prose follows.",
        ]);
        assert_eq!(out, ["Intro.", "What Happens Next", "More prose follows."]);
    }

    #[test]
    fn inline_label_and_title_go_together() {
        let out = clean(&[
            "Body.",
            "Read more: Ukraine and NATO Hold Talks",
            "Next article » A Title",
        ]);
        assert_eq!(out, ["Body."]);
    }

    #[test]
    fn mentions_of_previous_articles_stay() {
        let lines = [
            "As noted in a previous article, the plan changed.",
            "Read more about the plan in the annex.",
            "Next, the minister spoke.",
        ];
        assert_eq!(clean(&lines), lines);
    }

    #[test]
    fn a_subheading_that_starts_like_a_widget_stays() {
        // Found in review: "More about the candidates" heading a section of the article.
        let lines = [
            "Intro.",
            "More about the candidates",
            "The three candidates met in a televised debate on Sunday evening, their last before the vote.",
        ];
        assert_eq!(clean(&lines), lines);
    }

    #[test]
    fn other_languages_work_from_data() {
        let out = clean(&[
            "Текст.",
            "Читайте також",
            "Заголовок першої статті",
            "Заголовок другої статті",
        ]);
        assert_eq!(out, ["Текст."]);
    }
}
