//! What a host's pages have in common, kept small: for each pattern (a whole block, or a block's
//! leading or trailing segment) the number of distinct pages it was seen on and one example. A
//! job keeps one per host in its state, so the map is capped: past [`MAX_PATTERNS`] the patterns
//! seen on the fewest pages, longest ago, are forgotten. Boilerplate recurs, so it survives the
//! cap; an article's own sentences are seen once and are the ones let go.

use super::fingerprint::{key, masked};
use super::guard::reads_as_prose;
use crate::document::{BlockKind, Document};
use crate::text::word_count;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The most patterns kept per host (about 2 MB at the longest examples): enough for a site's
/// template many times over, small enough to keep in the state of a job with many sites.
pub const MAX_PATTERNS: usize = 4000;
/// Examples are kept this long at most.
const MAX_EXAMPLE_CHARS: usize = 400;
/// Blocks longer than this are articles' own paragraphs, not template: never a pattern.
const MAX_BLOCK_CHARS: usize = 1000;
/// A leading or trailing segment is a pattern only when it is this short (in words).
const MAX_SEGMENT_WORDS: usize = 8;

/// Where in a block a pattern sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// The whole block.
    Block,
    /// Its start, up to and with a separator ("WASHINGTON (DEA) —").
    Prefix,
    /// Its end, from a separator or bracket on ("(DEA News)", "| Example Daily").
    Suffix,
}

/// One recurring pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    /// Where it sits.
    pub place: Place,
    /// Its masked text (see [`super::fingerprint::masked`]).
    pub masked: String,
    /// Its text on one page.
    pub example: String,
    /// Distinct pages it was seen on.
    pub pages: u64,
    /// The host page count when it was last seen, to forget the stalest first.
    pub last_seen: u64,
    /// Pages on which it sat between article paragraphs (a block with prose before and after),
    /// or was a heading: the marks of a section label the site's articles share.
    #[serde(default)]
    pub inside: u64,
}

impl Pattern {
    /// Its key in [`HostSummary::patterns`].
    pub fn key(&self) -> u64 {
        pattern_key(self.place, &self.masked)
    }
}

/// A pattern's key: its place and masked text.
fn pattern_key(place: Place, masked: &str) -> u64 {
    let tag = match place {
        Place::Block => "b",
        Place::Prefix => "p",
        Place::Suffix => "s",
    };
    key(&format!("{tag}\u{1f}{masked}"))
}

/// A host's summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostSummary {
    /// Pages observed.
    pub pages: u64,
    /// Patterns by their key.
    pub patterns: HashMap<u64, Pattern>,
    /// Blocks a job's learning has dropped from this host's pages, over all runs.
    #[serde(default)]
    pub removed: u64,
}

impl HostSummary {
    /// Records the patterns of one page; each counts once per page however often it occurs.
    pub fn observe(&mut self, candidates: &[Candidate]) {
        self.pages += 1;
        let mut seen = HashSet::new();
        for c in candidates {
            let k = c.key();
            if !seen.insert(k) {
                continue;
            }
            let entry = self.patterns.entry(k).or_insert_with(|| Pattern {
                place: c.place,
                masked: c.masked.clone(),
                example: c.text.chars().take(MAX_EXAMPLE_CHARS).collect(),
                pages: 0,
                last_seen: 0,
                inside: 0,
            });
            entry.pages += 1;
            entry.inside += u64::from(c.inside);
            entry.last_seen = self.pages;
        }
        if self.patterns.len() > MAX_PATTERNS {
            self.forget();
        }
    }

    /// Drops the quarter of the patterns seen on the fewest pages, longest ago.
    fn forget(&mut self) {
        let mut order: Vec<(u64, u64, u64)> = self
            .patterns
            .iter()
            .map(|(k, p)| (p.pages, p.last_seen, *k))
            .collect();
        order.sort_unstable();
        let excess = self.patterns.len() - MAX_PATTERNS * 3 / 4;
        for (_, _, k) in order.into_iter().take(excess) {
            self.patterns.remove(&k);
        }
    }

    /// The pattern of a candidate, if known.
    pub fn get(&self, c: &Candidate) -> Option<&Pattern> {
        self.patterns.get(&c.key())
    }
}

/// A pattern as found on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Where it sits.
    pub place: Place,
    /// Its masked text.
    pub masked: String,
    /// Its text.
    pub text: String,
    /// The block it is in.
    pub block: usize,
    /// True when the block has article prose before and after it on its page, or (for a whole
    /// block) is a heading.
    pub inside: bool,
}

impl Candidate {
    fn new(place: Place, text: &str, block: usize, inside: bool) -> Option<Candidate> {
        let m = masked(text);
        (!m.is_empty() && m.chars().any(char::is_alphanumeric)).then(|| Candidate {
            place,
            masked: m,
            text: text.trim().to_string(),
            block,
            inside,
        })
    }

    /// The key of its pattern.
    pub fn key(&self) -> u64 {
        pattern_key(self.place, &self.masked)
    }
}

/// The whole blocks of `doc` as candidates (what jobs learn).
pub fn blocks(doc: &Document) -> Vec<Candidate> {
    let inside = inside_of(doc);
    doc.blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.text.len() <= MAX_BLOCK_CHARS && !is_data(b.kind))
        .filter_map(|(i, b)| {
            let label = inside(i) || matches!(b.kind, BlockKind::Heading(_));
            Candidate::new(Place::Block, &b.text, i, label)
        })
        .collect()
}

/// Code and table rows: their repeats are the data of the page (a column header, a common
/// line of code), not a template.
fn is_data(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Preformatted | BlockKind::TableRow)
}

/// Whether block `i` has article prose before and after it.
fn inside_of(doc: &Document) -> impl Fn(usize) -> bool {
    let prose: Vec<usize> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| reads_as_prose(&b.text))
        .map(|(i, _)| i)
        .collect();
    let (first, last) = (prose.first().copied(), prose.last().copied());
    move |i: usize| first.is_some_and(|f| f < i) && last.is_some_and(|l| l > i)
}

/// The whole blocks, and the leading and trailing segments, of `doc` (what `unboil learn` looks
/// at).
pub fn candidates(doc: &Document) -> Vec<Candidate> {
    let mut out = blocks(doc);
    let inside = inside_of(doc);
    for (i, b) in doc.blocks.iter().enumerate() {
        if is_data(b.kind) {
            continue;
        }
        if let Some(p) = prefix(&b.text) {
            out.extend(Candidate::new(Place::Prefix, p, i, inside(i)));
        }
        if let Some(s) = suffix(&b.text) {
            out.extend(Candidate::new(Place::Suffix, s, i, inside(i)));
        }
    }
    out
}

/// Separators a template puts between its tag and the article's words. Not the colon: "Note:",
/// "Pro tip:", "Reason:" open the article's own paragraphs (checked on wcxb-dev, where every
/// colon label that recurred was article text).
const SEPARATORS: &[&str] = &[" — ", " – ", " - ", " | ", " :: "];

/// The block's leading tag with its separator, when it is short and words follow it.
fn prefix(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let (at, sep) = SEPARATORS
        .iter()
        .filter_map(|s| t.find(s).map(|i| (i, s.len())))
        .min()?;
    let head = &t[..at + sep];
    (word_count(head) >= 1
        && word_count(head) <= MAX_SEGMENT_WORDS
        && word_count(&t[at + sep..]) >= 3)
        .then_some(head)
}

/// The block's trailing tag: a closing bracket group, a segment after a separator, or a short
/// last sentence after others.
fn suffix(text: &str) -> Option<&str> {
    let t = text.trim_end();
    let short = |s: &str| word_count(s) >= 1 && word_count(s) <= MAX_SEGMENT_WORDS;
    let rest_long = |at: usize| word_count(&t[..at]) >= 3;
    if t.ends_with(')') {
        if let Some(open) = t.rfind('(') {
            // "(DEA News)", "(AP)"; not "(H)" or "(2)", which are units and references.
            let letters = t[open..].chars().filter(|c| c.is_alphabetic()).count();
            if letters >= 2 && short(&t[open..]) && rest_long(open) {
                return Some(&t[open..]);
            }
        }
    }
    if let Some((at, _)) = SEPARATORS
        .iter()
        .filter_map(|s| t.rfind(s).map(|i| (i, s.len())))
        .max()
    {
        if short(&t[at..]) && rest_long(at) {
            return Some(&t[at..]);
        }
    }
    // "… the bridge. Follow us for more news." : the last sentence after at least one other
    // (a sentence: "For example:" introduces what follows, it closes nothing).
    if !t.ends_with(['.', '!', '?']) {
        return None;
    }
    let body = t.trim_end_matches(['.', '!', '?']);
    let cut = body.rfind(['.', '!', '?']).map(|i| i + 1)?;
    let last = &t[cut..];
    (short(last) && rest_long(cut) && last.trim_start() != last).then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(lines: &[&str]) -> Document {
        crate::clean::test_support::doc_of(lines)
    }

    #[test]
    fn prefixes_and_suffixes_are_found() {
        assert_eq!(
            prefix("BERLIN (DEA) — The talks ended late"),
            Some("BERLIN (DEA) — ")
        );
        assert_eq!(
            suffix("The talks ended late. (DEA News)"),
            Some("(DEA News)")
        );
        assert_eq!(
            suffix("The talks ended late on Monday. Follow us for more news."),
            Some(" Follow us for more news.")
        );
        assert_eq!(prefix("A sentence without any tag at all."), None);
    }

    #[test]
    fn a_pattern_counts_once_per_page_and_the_summary_stays_bounded() {
        let mut s = HostSummary::default();
        let d = doc(&["Share this", "Share this", "Story one."]);
        s.observe(&blocks(&d));
        let share = &blocks(&d)[0];
        assert_eq!(s.get(share).expect("known").pages, 1);
        for i in 0..(MAX_PATTERNS * 2) {
            // Numbers are masked, so each page's own sentence differs in letters.
            let mut n = i;
            let mut word = String::new();
            loop {
                word.push((b'a' + (n % 26) as u8) as char);
                n /= 26;
                if n == 0 {
                    break;
                }
            }
            let d = doc(&["Share this", &format!("Unique {word} story.")]);
            s.observe(&blocks(&d));
        }
        assert!(s.patterns.len() <= MAX_PATTERNS, "{}", s.patterns.len());
        assert_eq!(
            s.get(share).expect("kept").pages,
            1 + MAX_PATTERNS as u64 * 2
        );
    }
}
