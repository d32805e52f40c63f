//! Drops a headline repeated at the top of the text: scrapers often save the title, then the page's
//! own `<h1>` with the same words.

use super::{drop_blocks, BlockFacts, Cleaner};
use crate::document::Document;
use crate::text::title::looks_like_title;
use crate::trail::Trail;

/// How many leading blocks are compared: a repeat further down is the article's own business.
const HEAD_BLOCKS: usize = 4;

/// The `strip_duplicate_headline` cleaner.
#[derive(Debug, Clone, Default)]
pub struct StripDuplicateHeadline;

impl Cleaner for StripDuplicateHeadline {
    fn name(&self) -> &str {
        "strip_duplicate_headline"
    }

    fn clean(&self, doc: &mut Document, trail: &mut Trail) {
        self.clean_with(doc, trail, &mut BlockFacts::new());
    }

    fn clean_with(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        let head = doc.blocks.len().min(HEAD_BLOCKS);
        let mut drop = vec![false; doc.blocks.len()];
        // Only a block that reads like a headline can go, so only then are the blocks above it
        // folded: most documents open with a headline and then paragraphs, which are never
        // folded here (folding a long paragraph costs more than everything else asked of it).
        for i in 1..head {
            if !looks_like_title(&doc.blocks[i].text, 30) {
                continue;
            }
            let folded = facts.folded(&doc.blocks[i]).to_string();
            let repeated = (0..i).any(|j| !drop[j] && facts.folded(&doc.blocks[j]) == folded);
            if repeated {
                drop[i] = true;
            }
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
        StripDuplicateHeadline.clean(&mut doc, &mut Trail::new());
        texts(&doc)
    }

    #[test]
    fn a_repeated_headline_goes_once() {
        assert_eq!(
            clean(&["NATO Meets in Vilnius", "NATO meets in Vilnius", "Body."]),
            ["NATO Meets in Vilnius", "Body."]
        );
    }

    #[test]
    fn a_different_subtitle_stays() {
        let lines = [
            "NATO Seeks Expanded Third-Country Agreements to Back Ukraine",
            "NATO Considers Expanding Agreements With Third Countries to Support Ukraine",
            "Body.",
        ];
        assert_eq!(clean(&lines), lines);
    }

    #[test]
    fn repeated_prose_is_not_a_headline() {
        let lines = ["Yes.", "Body text that is long.", "Body text that is long."];
        assert_eq!(clean(&lines), lines);
    }
}
