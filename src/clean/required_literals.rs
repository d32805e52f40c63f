//! The literals a pattern cannot match without: for `.*all rights reserved.*`, the phrase itself;
//! for `(?:©|\(c\)|copyright\s*©).*`, one of `©`, `(c)`, `copyright`.
//!
//! Whole-block patterns are anchored at both ends, so the regex engine cannot skip ahead to a
//! likely start the way it does for a search: it scans every block it is asked about, and with a
//! Unicode `\b` on non-ASCII text it scans with its slowest engine. A block that holds none of a
//! pattern's required literals cannot match it, which one Aho-Corasick pass over the block tells
//! (see [`super::pattern_set`]). The literals are read from the parsed pattern (regex-syntax's
//! HIR, the one the regex crate compiles), so they follow the pattern exactly: only where the
//! reading is sure does a pattern get a set; otherwise it is always tried.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A class of at most this many characters is read as that many one-character literals.
const MAX_CLASS_CHARS: usize = 16;
/// An alternation whose branches need more literals than this gets none (the pattern is then
/// always tried): a long list of one-character literals would let nearly every block through.
const MAX_LITERALS: usize = 64;

/// Literals (UTF-8 bytes) one of which every match of `pattern` contains, or `None` when the
/// pattern can match without any (it has a branch of only classes, or it does not parse).
pub(crate) fn required_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    required(&hir)
}

/// True when `pattern` may open with an unbounded repetition (`^(?:.*all rights reserved.*)$`):
/// anchored, the engine then reads on to the end of every block, where a pattern that opens with
/// a word (`^(?:photo credit: .+)$`) is given up after the first few bytes of most blocks. Only
/// the first kind is worth a literal gate.
pub(crate) fn scans_whole_text(pattern: &str) -> bool {
    regex_syntax::Parser::new()
        .parse(pattern)
        .is_ok_and(|hir| opens_unbounded(&hir))
}

fn opens_unbounded(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Repetition(rep) => rep.max.is_none() || opens_unbounded(&rep.sub),
        HirKind::Capture(capture) => opens_unbounded(&capture.sub),
        HirKind::Concat(parts) => parts
            .iter()
            .find(|p| !matches!(p.kind(), HirKind::Look(_) | HirKind::Empty))
            .is_some_and(opens_unbounded),
        HirKind::Alternation(branches) => branches.iter().any(opens_unbounded),
        HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) | HirKind::Empty => false,
    }
}

fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(literal) => Some(vec![literal.0.to_vec()]),
        HirKind::Class(class) => class_literals(class),
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(capture) => required(&capture.sub),
        // Every part of a concatenation is in every match: the part with the most telling
        // literals serves.
        HirKind::Concat(parts) => parts.iter().filter_map(required).max_by_key(|set| {
            let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
            (shortest, std::cmp::Reverse(set.len()))
        }),
        // A match takes one branch: each branch must have literals, and any of them may be the
        // one found.
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(required(branch)?);
            }
            all.sort();
            all.dedup();
            (all.len() <= MAX_LITERALS).then_some(all)
        }
    }
}

/// The characters of a small class, each as a literal.
fn class_literals(class: &Class) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    match class {
        Class::Unicode(class) => {
            for range in class.iter() {
                for c in range.start()..=range.end() {
                    if out.len() == MAX_CLASS_CHARS {
                        return None;
                    }
                    out.push(c.to_string().into_bytes());
                }
            }
        }
        Class::Bytes(class) => {
            for range in class.iter() {
                for b in range.start()..=range.end() {
                    if out.len() == MAX_CLASS_CHARS {
                        return None;
                    }
                    out.push(vec![b]);
                }
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn strings(pattern: &str) -> Option<Vec<String>> {
        required_literals(pattern).map(|set| {
            set.into_iter()
                .map(|l| String::from_utf8(l).expect("utf-8"))
                .collect()
        })
    }

    #[test]
    fn footers_need_their_phrases() {
        assert_eq!(
            strings(r"^(?:.*all rights reserved\.?.*)$"),
            Some(vec!["all rights reserved".to_string()])
        );
        let copyright =
            strings(r"^(?:(?:©|\(c\)|&copy;|copyright\s*(?:©|\(c\))).*)$").expect("has literals");
        for l in ["©", "(c)", "&copy;", "copyright"] {
            assert!(copyright.iter().any(|c| c == l), "{l} in {copyright:?}");
        }
    }

    #[test]
    fn patterns_that_open_with_dot_star_scan() {
        assert!(scans_whole_text(r"^(?:.*all rights reserved\.?.*)$"));
        assert!(scans_whole_text(r"^(?:(?:a|.+b)c)$"));
        assert!(!scans_whole_text(r"^(?:copyright\s+\d{4}\b.*)$"));
        assert!(!scans_whole_text(r"^(?:.{0,60}/\s*ap)$"));
    }

    #[test]
    fn a_pattern_that_can_match_without_a_literal_has_none() {
        assert_eq!(strings(r"^(?:\d+)$"), None);
        assert_eq!(strings(r"^(?:(?:share)?\s*\w+)$"), None);
        assert_eq!(strings(r"^(?:trending|\d+)$"), None);
    }

    proptest! {
        /// Whatever the pattern matches holds one of its required literals.
        #[test]
        fn every_match_holds_a_required_literal(
            text in "[a-c0-9 ©()|/:-]{0,24}",
            pattern in prop::sample::select(vec![
                r"^(?:.*ab.*)$",
                r"^(?:(?:a|bc)\d+.*)$",
                r"^(?:(?:ab)?\s*c+\s*(?:1|/|©))$",
                r"^(?:.*\|\s*(?:abc|cb)\b.*)$",
                r"^(?:(?:a[bc]|c)(?:\s*:)?.+)$",
                r"^(?:\(?(?:a|b)s?\b\s*(?:c|:)?.*\)?)$",
            ]),
        ) {
            let literals = required_literals(pattern).expect("each has literals");
            let re = regex::Regex::new(pattern).expect("compiles");
            if re.is_match(&text) {
                prop_assert!(
                    literals.iter().any(|l| text.as_bytes().windows(l.len()).any(|w| w == l.as_slice())),
                    "{:?} matches {:?} without any of {:?}", pattern, text, literals
                );
            }
        }
    }
}
