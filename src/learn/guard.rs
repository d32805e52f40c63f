//! The precision guard: which recurring patterns may become rules. Removing a real sentence is
//! worse than leaving a crumb of boilerplate, so a pattern must earn its rule three ways:
//!
//! 1. it recurs on at least [`Guard::min_pages`] distinct pages of the host (default 3: two pages
//!    sharing a sentence can be a quote, a correction, a follow-up story);
//! 2. and on at least [`Guard::min_share`] of the host's pages (default 0.3: a block on 3 of 300
//!    pages is a running story's recap, not the site's template);
//! 3. a block that sits between article paragraphs, or is a heading, on most of its pages is a
//!    section label the site's articles share ("Pros", "Note", "Specifications"), part of each
//!    article: held (on wcxb-dev every such recurring label was in the true article text);
//! 4. a block that reads as article prose ([`reads_as_prose`]) must recur on at least
//!    [`Guard::prose_share`] of the pages (default 0.9: a standard disclaimer under every
//!    article is boilerplate, a paragraph on some of them is a story's).
//!
//! Every pattern that passes says why, in the proposal and in the rule file.

use crate::text::word_count;

/// The thresholds of the guard.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guard {
    /// The fewest distinct pages a pattern must be seen on.
    pub min_pages: usize,
    /// The smallest share of the host's pages it must be seen on.
    pub min_share: f64,
    /// The smallest share for a block that reads as article prose.
    pub prose_share: f64,
}

impl Default for Guard {
    fn default() -> Self {
        Guard {
            min_pages: 3,
            min_share: 0.3,
            prose_share: 0.9,
        }
    }
}

/// Why a pattern was proposed, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Proposed, with the reason in words.
    Passed(String),
    /// Held back, with the reason in words.
    Held(String),
}

impl Guard {
    /// The verdict on a pattern seen on `pages` of the host's `host_pages` pages, on `inside` of
    /// them between article paragraphs, whose text is `example`.
    pub fn judge(&self, example: &str, pages: usize, inside: usize, host_pages: usize) -> Verdict {
        let share = pages as f64 / host_pages.max(1) as f64;
        let seen = format!(
            "seen on {pages} of {host_pages} pages ({:.0}%)",
            share * 100.0
        );
        if pages < self.min_pages {
            return Verdict::Held(format!("{seen}: fewer than {} pages", self.min_pages));
        }
        if share < self.min_share {
            return Verdict::Held(format!(
                "{seen}: less than {:.0}% of the host's pages",
                self.min_share * 100.0
            ));
        }
        if inside * 2 > pages {
            // "Pros", "Note", "Specifications", "What we like": a site's articles share their
            // section labels, which are part of each article.
            return Verdict::Held(format!(
                "{seen}: a heading or between article paragraphs on {inside} of them (a section label)"
            ));
        }
        if reads_as_prose(example) {
            if share < self.prose_share {
                return Verdict::Held(format!(
                    "{seen}: reads as article prose and is not on {:.0}% of the pages",
                    self.prose_share * 100.0
                ));
            }
            return Verdict::Passed(format!(
                "{seen}: reads as prose, but is on nearly every page (a standard text)"
            ));
        }
        Verdict::Passed(format!(
            "{seen}, at least {} pages and {:.0}%; short or not sentence-shaped",
            self.min_pages,
            self.min_share * 100.0
        ))
    }
}

/// Long and sentence-shaped: 12 words or more ending in sentence punctuation, or two sentences.
/// Template text is mostly labels, links and fragments; a paragraph like this is what articles
/// are made of.
pub fn reads_as_prose(text: &str) -> bool {
    let t = text.trim();
    let words = word_count(t);
    let ends_sentence = t.ends_with(['.', '!', '?', '"', '”', '…']);
    let sentences = t
        .split_inclusive(['.', '!', '?'])
        .filter(|s| word_count(s) >= 4)
        .count();
    (words >= 12 && ends_sentence) || sentences >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str =
        "The council approved the budget on Monday after a long debate about the school.";

    #[test]
    fn a_pattern_needs_min_pages_and_a_share() {
        let g = Guard::default();
        assert!(matches!(g.judge("Share this", 2, 0, 4), Verdict::Held(_)));
        assert!(matches!(g.judge("Share this", 3, 0, 4), Verdict::Passed(_)));
        // Three pages of three hundred is a running story, not the template.
        assert!(matches!(g.judge("Share this", 3, 0, 300), Verdict::Held(_)));
    }

    #[test]
    fn a_section_label_between_paragraphs_is_held() {
        let g = Guard::default();
        match g.judge("Pros", 5, 4, 5) {
            Verdict::Held(why) => assert!(why.contains("section label"), "{why}"),
            v => panic!("{v:?}"),
        }
        assert!(matches!(g.judge("Pros", 5, 1, 5), Verdict::Passed(_)));
    }

    #[test]
    fn prose_needs_nearly_every_page() {
        let g = Guard::default();
        assert!(reads_as_prose(PROSE));
        assert!(!reads_as_prose("More from Example News"));
        match g.judge(PROSE, 6, 0, 10) {
            Verdict::Held(why) => assert!(why.contains("prose"), "{why}"),
            v => panic!("{v:?}"),
        }
        match g.judge(PROSE, 10, 0, 10) {
            Verdict::Passed(why) => assert!(why.contains("nearly every page"), "{why}"),
            v => panic!("{v:?}"),
        }
    }
}
