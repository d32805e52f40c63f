//! Drops bylines and datelines that stand alone as blocks: "By Jane Roe and John Doe",
//! "Tom Krisher, AP Auto Writer", "Associated Press", "Updated 1:39 am EST, Wednesday, November 20,
//! 2019", "Published 1 day ago".
//!
//! A dateline is recognised by its words, not by a pattern: every word must belong to the date
//! vocabulary (months, weekdays, labels such as "Updated", clock words, zones) or be a number, so a
//! sentence that mentions a date is never taken. A byline needs capitalised names after "By", and
//! whatever follows them must itself be a date or a role.

use super::phrases::builtin;
use super::screen::family_id;
use super::{drop_where, BlockFacts, Cleaner};
use crate::document::Document;
use crate::text::fold::{fold, word_count};
use crate::trail::Trail;
use foldhash::HashSet;
use serde::Deserialize;

/// Bylines and datelines are short.
const MAX_WORDS: usize = 24;

/// Settings of `strip_bylines`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StripBylinesConfig {
    /// Keep datelines ("Updated November 20, 2019").
    pub keep_dates: bool,
    /// More agency names whose name alone on a line is a credit.
    pub extra_agencies: Vec<String>,
}

/// The `strip_bylines` cleaner.
#[derive(Debug, Clone)]
pub struct StripBylines {
    by_words: HashSet<String>,
    roles: HashSet<String>,
    agencies: HashSet<String>,
    date_words: HashSet<String>,
    date_labels: HashSet<String>,
    keep_dates: bool,
    /// Names, in [`BlockFacts`], this cleaner's verdict on a block's own words (dateline,
    /// byline, named credit), which the fixed point's later passes look up instead of reading
    /// every short block's words again.
    id: u32,
}

/// Name particles that may stand lowercase inside a name ("Ursula von der Leyen").
const PARTICLES: [&str; 12] = [
    "van", "von", "der", "de", "del", "da", "di", "la", "le", "bin", "al", "el",
];

impl StripBylines {
    /// Builds the cleaner from its settings and the built-in vocabulary.
    pub fn new(config: &StripBylinesConfig) -> Self {
        let data = &builtin().strip_bylines;
        let set = |v: &[String]| v.iter().map(|w| fold(w)).collect::<HashSet<_>>();
        let mut agencies = set(&data.agencies);
        agencies.extend(config.extra_agencies.iter().map(|a| fold(a)));
        StripBylines {
            by_words: set(&data.by_words),
            roles: set(&data.roles),
            agencies,
            date_words: data.date_words.iter().map(|w| w.to_lowercase()).collect(),
            date_labels: data.date_labels.iter().map(|w| w.to_lowercase()).collect(),
            keep_dates: config.keep_dates,
            id: family_id(),
        }
    }

    /// Words of `text` split at whitespace and at the punctuation datelines use.
    fn tokens(text: &str) -> Vec<String> {
        Self::raw_tokens(text).map(str::to_lowercase).collect()
    }

    /// [`StripBylines::tokens`] before lowercasing.
    fn raw_tokens(text: &str) -> impl Iterator<Item = &str> {
        text.split(|c: char| {
            c.is_whitespace()
                || matches!(c, ',' | '|' | '/' | '·' | '•' | ';' | '(' | ')' | '–' | '—')
        })
        .map(|t| t.trim_matches(|c: char| matches!(c, '.' | ':' | '-' | '@' | '"' | '\'')))
        .filter(|t| !t.is_empty())
    }

    /// True when every word of `text` is a date word or a number, and there is a number.
    fn is_dateline(&self, text: &str) -> bool {
        // A dateline has a number, and a number has an ASCII digit: most short blocks have
        // none, and are answered without being split into words.
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            return false;
        }
        let mut numbers = 0;
        let mut shaped = false;
        let mut any = false;
        // The tokens of `Self::tokens`, lowercased one at a time: the first word that is not a
        // date word ends the test, usually before anything was allocated.
        for raw in Self::raw_tokens(text) {
            any = true;
            let lowered;
            let mut ascii = [0u8; 24];
            let t: &str = if raw.is_ascii() && !raw.bytes().any(|b| b.is_ascii_uppercase()) {
                raw
            } else if raw.is_ascii() && raw.len() <= ascii.len() {
                // A capitalised English word, lowercased without allocating.
                let ascii = &mut ascii[..raw.len()];
                ascii.copy_from_slice(raw.as_bytes());
                ascii.make_ascii_lowercase();
                std::str::from_utf8(ascii).unwrap_or(raw)
            } else {
                lowered = raw.to_lowercase();
                &lowered
            };
            let numeric = t.chars().any(|c| c.is_ascii_digit())
                && t.chars().all(|c| {
                    c.is_ascii_digit()
                        || matches!(c, '.' | ':' | '-' | '/' | 'h')
                        || t.ends_with("th")
                        || t.ends_with("st")
                        || t.ends_with("nd")
                        || t.ends_with("rd")
                        || t.ends_with("am")
                        || t.ends_with("pm")
                });
            if numeric {
                numbers += 1;
                shaped |= t.contains([':', '.', '/', '-']);
            } else if self.date_words.contains(t) {
                shaped = true;
            } else if !self.date_labels.contains(t) {
                return false;
            }
        }
        // A bare number ("2019") may be a heading; a date has a month, a label or a shape.
        any && numbers > 0 && shaped
    }

    /// True when `text` is "By Name[, Name and Name][ | date or role]".
    fn is_byline(&self, text: &str) -> bool {
        let mut words = text.split_whitespace().peekable();
        let Some(first) = words.next() else {
            return false;
        };
        if !self.is_by_word(first) {
            return false;
        }
        let rest: Vec<&str> = words.collect();
        let names = rest
            .iter()
            .take_while(|w| {
                let w = w.trim_end_matches([',', ';']);
                is_capitalised(w)
                    || PARTICLES.contains(&w)
                    || matches!(w, "and" | "&" | "und" | "et" | "y" | "e" | "и" | "і")
            })
            .count();
        let named = rest[..names].iter().filter(|w| is_capitalised(w)).count();
        if named == 0 {
            return false;
        }
        let tail = rest[names..].join(" ");
        tail.is_empty() || self.is_dateline(&tail) || self.is_role(&tail)
    }

    /// True when `word` folds to one of the words bylines open with ("By"). An ASCII word that
    /// starts and ends with a letter or digit and holds no backtick folds to its lowercase (no
    /// decoration to trim, nothing to normalise), so it is compared as it is; any other word is
    /// folded.
    fn is_by_word(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let plain = word.is_ascii()
            && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
            && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
            && !bytes.contains(&b'`');
        if plain {
            self.by_words.iter().any(|w| w.eq_ignore_ascii_case(word))
        } else {
            self.by_words.contains(&fold(word))
        }
    }

    /// True for "Name[ and Name], Role" where the role ends in a word such as "Writer" or
    /// "Press". (An agency's name alone is a credit too; `clean_with` looks it up folded.)
    fn is_named_credit(&self, text: &str) -> bool {
        let Some((names, role)) = text.rsplit_once(',') else {
            return false;
        };
        let names_ok = names
            .split_whitespace()
            .all(|w| is_capitalised(w) || PARTICLES.contains(&w) || matches!(w, "and" | "&"));
        names_ok && word_count(names) <= 8 && self.is_role(role)
    }

    fn is_role(&self, text: &str) -> bool {
        let words: Vec<String> = Self::tokens(text);
        !words.is_empty()
            && words.len() <= 6
            && words
                .last()
                .is_some_and(|w| self.roles.contains(w.as_str()))
    }
}

/// "Jane", "O'Neil", "J.", "Roe-Smith": starts with a capital letter.
fn is_capitalised(word: &str) -> bool {
    let word = word.trim_end_matches([',', ';', '.']);
    word.chars().next().is_some_and(char::is_uppercase)
}

impl Cleaner for StripBylines {
    fn name(&self) -> &str {
        "strip_bylines"
    }

    fn clean(&self, doc: &mut Document, trail: &mut Trail) {
        self.clean_with(doc, trail, &mut BlockFacts::new());
    }

    fn clean_with(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        drop_where(doc, trail, self.name(), |b| {
            facts.at_most_words(b, MAX_WORDS)
                && (facts.fact(b, self.id, |text| {
                    let text = text.trim();
                    (!self.keep_dates && self.is_dateline(text))
                        || self.is_byline(text)
                        || self.is_named_credit(text)
                }) || self.agencies.contains(facts.folded(b)))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::test_support::{doc_of, texts};

    fn clean(lines: &[&str]) -> Vec<String> {
        let mut doc = doc_of(lines);
        StripBylines::new(&StripBylinesConfig::default()).clean(&mut doc, &mut Trail::new());
        texts(&doc)
    }

    #[test]
    fn date_words_without_a_number_stay() {
        // Every word is a date word, but a date has a number: the digit test turns it away
        // before the words are read.
        let lines = ["Updated Wednesday, November", "Monday", "Body."];
        assert_eq!(clean(&lines), lines);
    }

    #[test]
    fn datelines_in_many_forms_go() {
        let out = clean(&[
            "Updated 1:39 am EST, Wednesday, November 20, 2019",
            "Published 11:34 PM EST Nov 19, 2019",
            "November 20, 2019",
            "18 NOV 2019",
            "PUBLISHED: 10:48, Tue, Nov 19, 2019",
            "19.11.2019, 08:57",
            "Published 1 day ago",
            "sexta-feira, 22 de outubro de 2010 às 20:13",
            "Body.",
        ]);
        assert_eq!(out, ["Body."]);
    }

    #[test]
    fn bylines_and_credits_go() {
        let out = clean(&[
            "By Mike Wuerthele and Malcolm Owen",
            "By Justine Coleman - 11/18/19 11:04 PM EST",
            "Tom Krisher, Ap Auto Writer",
            "Meg Kinnard and Errin Haines, Associated Press",
            "Associated Press",
            "Body.",
        ]);
        assert_eq!(out, ["Body."]);
    }

    #[test]
    fn a_by_word_is_told_as_folding_tells_it() {
        let cleaner = StripBylines::new(&StripBylinesConfig::default());
        for word in [
            "By",
            "BY",
            "by:",
            "»By",
            "Byline",
            "b",
            "Von",
            "Автор:",
            "ВІД",
            "text`",
            "Text:",
            "2by",
        ] {
            assert_eq!(
                cleaner.is_by_word(word),
                cleaner.by_words.contains(&fold(word)),
                "{word:?}"
            );
        }
    }

    #[test]
    fn sentences_with_dates_and_by_stay() {
        let lines = [
            "By Monday, the talks had ended.",
            "By the end of November 2019, prices had doubled.",
            "On November 20, 2019 the council met.",
            "The vote is on Tuesday",
            "2019",
            "Smith, who wrote the report, disagreed with the press",
            // Found in review: headings made of date labels and numbers.
            "First 100 days",
            "Day 1",
        ];
        assert_eq!(clean(&lines), lines);
    }
}
