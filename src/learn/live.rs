//! Learning while a job runs (`learn = true`): each host's summary grows with every page, and a
//! block seen on `min_pages` distinct pages of its host before (and passing the rest of the
//! [`Guard`]) is dropped from the pages after, recorded as `learned:<host>` with the count.
//! The summaries live in the job's state between runs; `unboil learn --from-state JOB` turns
//! them into a rule file to review.

use super::guard::{Guard, Verdict};
use super::summary::{blocks, HostSummary};
use crate::document::Document;
use crate::trail::{Cut, Removal, Trail};
use std::collections::{BTreeMap, HashMap};

/// The learning of one job run.
#[derive(Debug, Clone, Default)]
pub struct Learner {
    guard: Guard,
    hosts: HashMap<String, HostSummary>,
    /// Blocks dropped this run, by host.
    removed: BTreeMap<String, u64>,
}

impl Learner {
    /// A learner starting from the summaries a job's state kept.
    pub fn new(guard: Guard, hosts: HashMap<String, HostSummary>) -> Self {
        Learner {
            guard,
            hosts,
            removed: BTreeMap::new(),
        }
    }

    /// Drops the blocks of `doc` learned as `host`'s template, then learns from the page.
    /// Never drops every block: a page that is all template is left for the other rules.
    pub fn clean(&mut self, host: &str, doc: &mut Document, trail: &mut Trail) {
        let candidates = blocks(doc);
        let summary = self.hosts.entry(host.to_string()).or_default();
        let mut drop: Vec<(usize, u64)> = Vec::new();
        for c in &candidates {
            let Some(p) = summary.get(c) else { continue };
            if (p.pages as usize) < self.guard.min_pages {
                continue;
            }
            if let Verdict::Passed(_) = self.guard.judge(
                &c.text,
                p.pages as usize,
                p.inside as usize,
                summary.pages as usize,
            ) {
                drop.push((c.block, p.pages));
            }
        }
        summary.observe(&candidates);
        if drop.is_empty() || drop.len() >= doc.blocks.len() {
            return;
        }
        let summary = self.hosts.get_mut(host).expect("inserted above");
        let by = format!("learned:{host}");
        for &(i, pages) in drop.iter().rev() {
            let block = doc.blocks.remove(i);
            trail.push(Removal {
                by: by.clone(),
                block: block.origin,
                cut: Cut::Learned { pages },
                text: block.text,
            });
        }
        *self.removed.entry(host.to_string()).or_insert(0) += drop.len() as u64;
        summary.removed += drop.len() as u64;
    }

    /// The summaries, to keep in the job's state.
    pub fn hosts(&self) -> &HashMap<String, HostSummary> {
        &self.hosts
    }

    /// Blocks dropped this run, by host.
    pub fn removed(&self) -> &BTreeMap<String, u64> {
        &self.removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::test_support::{doc_of, texts};

    #[test]
    fn a_template_block_goes_after_min_pages_and_the_story_stays() {
        let mut l = Learner::default();
        let stories = ["One story.", "Two story.", "Three story.", "Four story."];
        let mut kept = Vec::new();
        for s in stories {
            let mut d = doc_of(&["Subscribe to our newsletter", s]);
            let mut t = Trail::new();
            l.clean("a.com", &mut d, &mut t);
            kept.push((texts(&d), t));
        }
        // Pages 1-3 teach; page 4 is cleaned.
        assert_eq!(kept[2].0, ["Subscribe to our newsletter", "Three story."]);
        assert_eq!(kept[3].0, ["Four story."]);
        let r = &kept[3].1.removals()[0];
        assert_eq!(r.by, "learned:a.com");
        assert_eq!(r.cut, Cut::Learned { pages: 3 });
        assert_eq!(l.removed()["a.com"], 1);
        // Another host has learned nothing.
        let mut d = doc_of(&["Subscribe to our newsletter", "Other."]);
        l.clean("b.com", &mut d, &mut Trail::new());
        assert_eq!(d.blocks.len(), 2);
    }
}
