//! What the cleaners ask of a block's text (its folded form, its word count), worked out once per
//! text and shared by every cleaner of the chain and every pass of its fixed point.
//!
//! Each cleaner used to fold and count every block itself: eight cleaners, up to four passes, so a
//! block that nothing removes was folded some twenty times. Here the answers are kept per block and
//! reused for as long as the block's text is what they were worked out for; a block a cleaner cut
//! or rewrote is worked out again, a block it dropped is never asked about again. The answers are
//! pure functions of the text, so sharing them cannot change what the chain removes (a test runs
//! the chain with and without sharing and compares).

use crate::document::Block;
use crate::text::fold::{fold_into, word_count};

/// The shared answers for one document's blocks, keyed by [`Block::origin`].
#[derive(Debug, Default)]
pub struct BlockFacts {
    entries: Vec<Option<Entry>>,
}

/// The answers for one block, valid while the block's text is `text`.
#[derive(Debug)]
struct Entry {
    text: String,
    words: usize,
    folded: Option<String>,
    /// Verdicts of whole-block matchers already asked, by matcher id.
    verdicts: Vec<(u32, bool)>,
}

impl BlockFacts {
    /// No answers yet.
    pub fn new() -> Self {
        BlockFacts::default()
    }

    fn entry(&mut self, block: &Block) -> &mut Entry {
        let i = block.origin;
        if i >= self.entries.len() {
            self.entries.resize_with(i + 1, || None);
        }
        let slot = &mut self.entries[i];
        let stale = slot.as_ref().is_none_or(|e| e.text != block.text);
        if stale {
            *slot = Some(Entry {
                text: block.text.clone(),
                words: word_count(&block.text),
                folded: None,
                verdicts: Vec::new(),
            });
        }
        slot.as_mut().expect("filled above")
    }

    /// [`word_count`] of the block's text.
    pub fn words(&mut self, block: &Block) -> usize {
        self.entry(block).words
    }

    /// [`fold`](crate::text::fold) of the block's text.
    pub fn folded(&mut self, block: &Block) -> &str {
        self.entry(block).folded()
    }

    /// The verdict of matcher `id` on the block's folded text: `judge`'s, asked once per text.
    /// `id` names one matcher for the life of the process, and `judge` must be a pure function
    /// of the folded text. The block's entry is looked up (and its text compared) once.
    pub(crate) fn verdict(
        &mut self,
        block: &Block,
        id: u32,
        judge: impl FnOnce(&str) -> bool,
    ) -> bool {
        let entry = self.entry(block);
        if let Some(&(_, v)) = entry.verdicts.iter().find(|(m, _)| *m == id) {
            return v;
        }
        let v = judge(entry.folded());
        entry.verdicts.push((id, v));
        v
    }
}

impl Entry {
    /// The folded text, worked out on first use.
    fn folded(&mut self) -> &str {
        self.folded.get_or_insert_with(|| {
            let mut folded = String::with_capacity(self.text.len());
            fold_into(&self.text, &mut folded);
            folded
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::BlockKind;

    #[test]
    fn a_changed_text_is_worked_out_again() {
        let mut facts = BlockFacts::new();
        let mut block = Block::new(BlockKind::Paragraph, "Read More »", 3);
        assert_eq!(facts.folded(&block), "read more");
        assert_eq!(facts.words(&block), 2);
        block.text = "Related articles: three of them".into();
        assert_eq!(facts.folded(&block), "related articles: three of them");
        assert_eq!(facts.words(&block), 5);
    }
}
