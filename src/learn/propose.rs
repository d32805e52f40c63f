//! From a host's summary to proposed rules: each pattern that passes the [`Guard`] becomes one
//! rule, with the pages it was seen on and the reason it passed.

use super::fingerprint::{has_masks, regex_of};
use super::guard::{Guard, Verdict};
use super::summary::{HostSummary, Pattern, Place};
use crate::rules::Action;

/// A rule proposed for a host.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The pattern behind it.
    pub pattern: Pattern,
    /// What the rule does.
    pub action: Action,
    /// An exact phrase (a whole block without numbers or dates).
    pub phrase: Option<String>,
    /// Otherwise a regex.
    pub regex: Option<String>,
    /// Why it passed the guard.
    pub reason: String,
}

/// The proposals for a host, most pages first; the patterns held back, with the reason, after.
pub fn propose(summary: &HostSummary, guard: &Guard) -> (Vec<Proposal>, Vec<(Pattern, String)>) {
    let mut patterns: Vec<&Pattern> = summary.patterns.values().collect();
    // Whole blocks before segments, so a segment a block rule covers is seen to be covered.
    patterns.sort_by(|a, b| {
        b.pages
            .cmp(&a.pages)
            .then_with(|| (a.place as u8).cmp(&(b.place as u8)))
            .then_with(|| a.masked.cmp(&b.masked))
    });
    let mut proposals: Vec<Proposal> = Vec::new();
    let mut held = Vec::new();
    for p in patterns {
        if p.pages < 2 {
            continue;
        }
        // A segment that is also a whole recurring block is covered by the block's rule.
        if p.place != Place::Block
            && proposals
                .iter()
                .any(|q| q.pattern.place == Place::Block && q.pattern.masked.contains(&p.masked))
        {
            continue;
        }
        match guard.judge(
            &p.example,
            p.pages as usize,
            p.inside as usize,
            summary.pages as usize,
        ) {
            Verdict::Held(why) => held.push((p.clone(), why)),
            Verdict::Passed(reason) => {
                let (action, phrase, regex) = match p.place {
                    Place::Block if !has_masks(&p.masked) => {
                        (Action::DropBlock, Some(p.example.clone()), None)
                    }
                    Place::Block => (Action::DropBlock, None, Some(regex_of(&p.masked, true))),
                    Place::Prefix => (Action::StripPrefix, None, Some(regex_of(&p.masked, false))),
                    Place::Suffix => (
                        Action::StripSuffix,
                        None,
                        Some(format!("{}\\s*$", regex_of(&p.masked, false))),
                    ),
                };
                proposals.push(Proposal {
                    pattern: p.clone(),
                    action,
                    phrase,
                    regex,
                    reason,
                });
            }
        }
    }
    (proposals, held)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::summary::blocks;

    #[test]
    fn template_blocks_are_proposed_and_one_off_sentences_are_not() {
        let mut s = HostSummary::default();
        for i in 0..4 {
            let story = [
                "Alpha story text here.",
                "Beta story text here.",
                "Gamma story.",
                "Delta.",
            ][i];
            let d = crate::clean::test_support::doc_of(&[
                "Share this article",
                &format!("Updated {} hours ago", i + 1),
                story,
            ]);
            s.observe(&blocks(&d));
        }
        let (proposals, _) = propose(&s, &Guard::default());
        let texts: Vec<_> = proposals.iter().map(|p| p.pattern.masked.clone()).collect();
        assert_eq!(texts, ["share this article", "updated # hours ago"]);
        assert_eq!(proposals[0].phrase.as_deref(), Some("Share this article"));
        let re = regex::Regex::new(proposals[1].regex.as_deref().expect("regex")).expect("valid");
        assert!(re.is_match("Updated 12 hours ago"));
        assert!(proposals[0].reason.contains("4 of 4 pages"));
    }
}
