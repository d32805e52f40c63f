//! A set of whole-block patterns that stays on the fast regex engine for ASCII text and reads a
//! block to its end only when it holds a literal that could make it match.
//!
//! The regex crate's lazy DFA cannot decide a Unicode word boundary (`\b`) on non-ASCII text and
//! hands such searches to a much slower engine; with `\b` in a pattern it also gives up on pure
//! ASCII haystacks. On ASCII text a Unicode `\b` and an ASCII `(?-u:\b)` are the same test (the
//! word characters of ASCII are the same in both), so each set is compiled twice: as written,
//! for text with non-ASCII characters, and with ASCII boundaries, for ASCII text (most folded
//! blocks).
//!
//! Anchored at both ends, a whole-block pattern that opens with `.*` makes the engine read every
//! block to its end (one that opens with a word is given up after a few bytes). Those patterns
//! are kept apart, behind their [required literals](super::required_literals): one Aho-Corasick
//! search, which skips through the text with a prefilter, tells whether a block holds any of
//! them, and only then is the regex engine started on it. Most blocks hold none.

use super::required_literals::{required_literals, scans_whole_text};
use aho_corasick::AhoCorasick;
use regex::RegexSet;

/// Patterns matched as a set, the ones that read whole blocks behind a literal gate.
#[derive(Debug, Clone)]
pub(crate) struct PatternSet {
    /// The patterns given up on early, or without required literals; always run.
    quick: Option<Twins>,
    /// The patterns that read whole blocks, run only on blocks holding one of their literals.
    scanning: Option<(AhoCorasick, Twins)>,
}

/// A set compiled as written and, when a pattern has `\b` or `\B`, with ASCII boundaries.
#[derive(Debug, Clone)]
struct Twins {
    unicode: RegexSet,
    /// The same patterns with `\b`/`\B` made ASCII; `None` when no pattern has one.
    ascii: Option<RegexSet>,
}

impl PatternSet {
    /// Compiles `patterns` as given (anchor them first if they are to match whole blocks).
    pub fn new(patterns: &[String]) -> Result<Self, regex::Error> {
        // A bad pattern is reported as the whole set reports it (compiled whole only then: at
        // start-up every set is compiled once less).
        PatternSet::split(patterns).map_err(|e| RegexSet::new(patterns).err().unwrap_or(e))
    }

    /// [`PatternSet::new`], with errors as the parts report them.
    fn split(patterns: &[String]) -> Result<Self, regex::Error> {
        let mut quick = Vec::new();
        let mut scanning = Vec::new();
        let mut literals = Vec::new();
        for p in patterns {
            match required_literals(p).filter(|_| scans_whole_text(p)) {
                Some(l) => {
                    scanning.push(p.clone());
                    literals.extend(l);
                }
                None => quick.push(p.clone()),
            }
        }
        let scanning = match AhoCorasick::new(&literals) {
            Ok(gate) if !scanning.is_empty() => Some((gate, Twins::new(&scanning)?)),
            _ => {
                quick.append(&mut scanning);
                None
            }
        };
        let quick = if quick.is_empty() {
            None
        } else {
            Some(Twins::new(&quick)?)
        };
        Ok(PatternSet { quick, scanning })
    }

    /// True when any pattern matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.quick.as_ref().is_some_and(|q| q.is_match(text))
            || self
                .scanning
                .as_ref()
                .is_some_and(|(gate, set)| gate.is_match(text) && set.is_match(text))
    }
}

impl Twins {
    fn new(patterns: &[String]) -> Result<Self, regex::Error> {
        let unicode = RegexSet::new(patterns)?;
        let rewritten: Vec<Option<String>> = patterns.iter().map(|p| ascii_boundaries(p)).collect();
        let ascii = if rewritten.iter().any(Option::is_some) {
            let twins = patterns
                .iter()
                .zip(rewritten)
                .map(|(p, r)| r.unwrap_or_else(|| p.clone()));
            // A twin that does not compile (a boundary inside a class) leaves the set as written.
            RegexSet::new(twins).ok()
        } else {
            None
        };
        Ok(Twins { unicode, ascii })
    }

    fn is_match(&self, text: &str) -> bool {
        match &self.ascii {
            Some(ascii) if boundaries_are_ascii(text) => ascii.is_match(text),
            _ => self.unicode.is_match(text),
        }
    }
}

/// True when a Unicode `\b` and an ASCII one are the same test everywhere in `text`: its
/// characters beyond ASCII are all punctuation that is no word character in either sense (curly
/// quotes, dashes, an ellipsis, guillemets, a no-break space), so each side of every position is
/// a word character to both or to neither. Most English blocks have such characters and no other,
/// and the engine would read them with its slowest search.
fn boundaries_are_ascii(text: &str) -> bool {
    text.is_ascii()
        || text
            .chars()
            .all(|c| c.is_ascii() || is_punctuation_outside_words(c))
}

/// Characters that `\w` never matches, common in Latin-script text (a unit test asks the regex
/// crate of each).
fn is_punctuation_outside_words(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '«' | '»' | '©' | '®' | '°' | '·' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{203e}'
    )
}

/// `pattern` with every `\b` and `\B` escape made ASCII (`(?-u:\b)`), or `None` if it has none.
fn ascii_boundaries(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut changed = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(b @ ('b' | 'B')) => {
                out.push_str("(?-u:\\");
                out.push(b);
                out.push(')');
                changed = true;
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_boundaries_are_rewritten() {
        assert_eq!(
            ascii_boundaries(r"\bon twitter @\w+\B\\b"),
            Some(r"(?-u:\b)on twitter @\w+(?-u:\B)\\b".to_string())
        );
        assert_eq!(ascii_boundaries(r"\d+ min read"), None);
    }

    #[test]
    fn a_bad_pattern_is_reported_as_the_whole_set_reports_it() {
        let patterns = [
            r"^(?:.*all rights reserved.*)$".to_string(),
            r"^(?:\d+ min read)$".to_string(),
            r"^(?:broken[)$".to_string(),
        ];
        let ours = PatternSet::new(&patterns).err().map(|e| e.to_string());
        let whole = RegexSet::new(&patterns).err().map(|e| e.to_string());
        assert!(ours.is_some());
        assert_eq!(ours, whole);
    }

    #[test]
    fn the_punctuation_outside_words_is_no_word_character() {
        let word = regex::Regex::new(r"^\w$").expect("compiles");
        let punctuation: Vec<char> = ('\u{80}'..='\u{3000}')
            .filter(|&c| is_punctuation_outside_words(c))
            .collect();
        assert!(punctuation.len() > 40 && punctuation.contains(&'’'));
        for c in punctuation {
            assert!(!word.is_match(&c.to_string()), "{c:?}");
        }
    }

    proptest! {
        /// On any text, ASCII or not, the set answers as the patterns as written do.
        #[test]
        fn the_twin_agrees_with_the_patterns(text in "[a-z0-9 @._é—’«\u{a0}-]{0,30}") {
            let patterns = [
                r"^(?:.*\bon twitter @\w+.*)$".to_string(),
                r"^(?:(?:write to|email)\b.*(?:[\w.+-]+@[\w-]+\.[\w.]+).*)$".to_string(),
                r"^(?:.*\bcontributed\b.*)$".to_string(),
                r"^(?:\w+\B\w)$".to_string(),
            ];
            let set = PatternSet::new(&patterns).expect("compiles");
            let plain = RegexSet::new(&patterns).expect("compiles");
            for probe in [
                text.clone(),
                format!("on twitter @{text}"),
                format!("write to {text}@x.org"),
                format!("{text} contributed"),
            ] {
                prop_assert_eq!(set.is_match(&probe), plain.is_match(&probe), "{:?}", probe);
            }
        }
    }
}
