//! What the cleaners ask of a block's text (its folded form, its word count), worked out once per
//! text and shared by every cleaner of the chain and every pass of its fixed point.
//!
//! Each cleaner used to fold and count every block itself: eight cleaners, up to four passes, so a
//! block that nothing removes was folded some twenty times. Here the answers are kept per block and
//! reused for as long as the block's text is what they were worked out for; a block a cleaner cut
//! or rewrote is worked out again, a block it dropped is never asked about again. The answers are
//! pure functions of the text, so sharing them cannot change what the chain removes (a test runs
//! the chain with and without sharing and compares).
//!
//! The facts are told when a text changes rather than comparing texts at every question: every
//! change the built-in cleaners make goes through [`super::cut_span`], [`super::cut_spans`] or
//! `normalize_whitespace`, which [`BlockFacts::forget`] the block, and after a cleaner the chain
//! does not know the chain forgets everything. So the facts keep no copy of the texts, and a
//! question about an unchanged block costs a lookup, not a comparison of its text. Blocks are
//! told apart by [`Block::origin`]; the chain shares facts only over a document whose origins
//! increase (as extraction numbers them), and checks the length of the text besides. Facts made
//! with [`BlockFacts::new`] (a cleaner run on its own, on any document) are not told: they keep
//! a copy of each text and compare it, as before.

use super::screen::{Screen, Sight};
use crate::document::{Block, Document};
use crate::text::fold::{
    fold_into, fold_tidy_into, word_count, word_count_and_tidiness, words_at_least,
};
use crate::text::tidy::{tidiness_from, Tidiness};
use std::ops::Range;
use std::sync::Arc;

/// Word counts are worked out up to this many words: every threshold the built-in cleaners ask
/// about (45 words at most) is below it, and a long paragraph is not read to its end to say it
/// is long.
const WORD_CAP: usize = 48;
/// A text this long (in bytes) is asked for a lower bound on its words before it is counted:
/// [`WORD_CAP`] words of English prose take about 300 bytes, and a shorter text that reached the
/// cap would be counted twice.
const LONG_BYTES: usize = 256;
/// Verdicts kept per block; a block asked by more matchers has the others worked out again.
const MAX_VERDICTS: usize = 8;
/// A worker keeps its buffers between documents, unless one document made them larger than this.
const KEEP_BYTES: usize = 4 << 20;

/// The shared answers for one document's blocks, keyed by [`Block::origin`].
#[derive(Debug, Default)]
pub struct BlockFacts {
    entries: Vec<Option<Entry>>,
    /// The folded forms of the texts, one after another: one buffer for the document instead
    /// of an allocation per block.
    arena: String,
    /// Where a text is folded before it joins the arena.
    scratch: String,
    /// Where the chain's phrase families could act, when the chain has a screen.
    screen: Option<Arc<Screen>>,
    /// Every change of a text is told ([`BlockFacts::forget`]), and origins are unique: texts
    /// need not be kept and compared.
    told: bool,
    /// The last document's URL and site, and the host [`Document::host`] made of them: the site
    /// rules ask for it at every pass, and parsing a URL costs more than comparing it.
    host: Option<(Option<String>, Option<String>, Option<String>)>,
}

/// The answers for one block, valid until the block is forgotten.
#[derive(Debug, Clone)]
struct Entry {
    /// The length of the text they were worked out for.
    len: usize,
    /// Where a copy of that text is in the arena, when the facts are not told of changes.
    text: Option<Range<usize>>,
    /// [`word_count_up_to`] [`WORD_CAP`]; the exact count once it was asked for at or past it.
    words: usize,
    /// `words` is the exact count (under the cap, or counted to the end since).
    exact: bool,
    /// How far the word count (and since, `needs_tidy`) found the text tidy.
    tidiness: Tidiness,
    /// Where the folded text is in the arena, once worked out.
    folded: Option<Range<usize>>,
    /// What the screen sees in the folded text, once asked.
    sight: Option<Sight>,
    /// Verdicts of whole-block matchers and other facts already asked, by id.
    verdicts: [(u32, bool); MAX_VERDICTS],
    asked: usize,
}

impl BlockFacts {
    /// No answers yet.
    pub fn new() -> Self {
        BlockFacts::default()
    }

    /// Forgets every answer (keeping the buffers) and takes `screen` to say where the chain's
    /// phrase families could act: ready for the next document, whose blocks have increasing
    /// origins and whose every change of a text will be told.
    pub(crate) fn reset(&mut self, screen: Arc<Screen>) {
        self.entries.clear();
        if self.arena.capacity() > KEEP_BYTES {
            *self = BlockFacts::default();
        }
        self.arena.clear();
        self.screen = Some(screen);
        self.told = true;
    }

    /// Forgets what was worked out for `block`: its text is about to change.
    pub(crate) fn forget(&mut self, block: &Block) {
        if let Some(slot) = self.entries.get_mut(block.origin) {
            *slot = None;
        }
    }

    /// Forgets everything: a cleaner that does not say what it changed has run.
    pub(crate) fn forget_all(&mut self) {
        self.entries.clear();
    }

    /// [`Document::host`] of `doc`, worked out again only when its URL or site is not the one
    /// it was last worked out for.
    pub(crate) fn host(&mut self, doc: &Document) -> Option<&str> {
        let fresh = match &self.host {
            Some((url, site, _)) => url != &doc.url || site != &doc.site,
            None => true,
        };
        if fresh {
            self.host = Some((doc.url.clone(), doc.site.clone(), doc.host()));
        }
        self.host.as_ref().and_then(|(_, _, host)| host.as_deref())
    }

    /// [`word_count`] of the block's text.
    pub fn words(&mut self, block: &Block) -> usize {
        let (entry, _) = entry_of(&mut self.entries, &mut self.arena, self.told, block);
        if !entry.exact {
            entry.words = word_count(&block.text);
            entry.exact = true;
        }
        entry.words
    }

    /// True when the block's text has at most `max` words (asked without reading a long block
    /// to its end).
    pub fn at_most_words(&mut self, block: &Block, max: usize) -> bool {
        if max < WORD_CAP {
            // Capped at WORD_CAP, the count is at most `max` exactly when the true one is.
            entry_of(&mut self.entries, &mut self.arena, self.told, block)
                .0
                .words
                <= max
        } else {
            self.words(block) <= max
        }
    }

    /// [`needs_tidy`](crate::text::tidy::needs_tidy) of the block's text, read on from where
    /// the word count stopped.
    pub fn needs_tidy(&mut self, block: &Block) -> bool {
        let (entry, _) = entry_of(&mut self.entries, &mut self.arena, self.told, block);
        entry.tidiness = tidiness_from(&block.text, entry.tidiness);
        entry.tidiness == Tidiness::Untidy
    }

    /// [`fold`](crate::text::fold) of the block's text.
    pub fn folded(&mut self, block: &Block) -> &str {
        let (entry, arena) = entry_of(&mut self.entries, &mut self.arena, self.told, block);
        let range = folded_of(entry, arena, &mut self.scratch, &block.text);
        &arena[range]
    }

    /// False when the chain's screen knows family `id` and sees none of its literals in the
    /// block's folded text: the family cannot act on the block. True otherwise (also without a
    /// screen, or for a family it does not know).
    pub(crate) fn may_act(&mut self, block: &Block, id: u32) -> bool {
        let Some(screen) = &self.screen else {
            return true;
        };
        let (entry, arena) = entry_of(&mut self.entries, &mut self.arena, self.told, block);
        screen.may_act(
            sight_of(entry, arena, &mut self.scratch, &block.text, screen),
            id,
        )
    }

    /// The verdict of matcher `id` on the block's folded text: `judge`'s, asked once per text,
    /// and not at all where the screen sees that family `id` cannot act. `id` names one matcher
    /// for the life of the process, and `judge` must be a pure function of the folded text, true
    /// only on texts holding one of the family's literals. The block's entry is looked up (and
    /// its text compared) once.
    pub(crate) fn verdict(
        &mut self,
        block: &Block,
        id: u32,
        judge: impl FnOnce(&str) -> bool,
    ) -> bool {
        let (entry, arena) = entry_of(&mut self.entries, &mut self.arena, self.told, block);
        if let Some(v) = entry.asked(id) {
            return v;
        }
        let v = match &self.screen {
            Some(screen)
                if !screen.may_act(
                    sight_of(entry, arena, &mut self.scratch, &block.text, screen),
                    id,
                ) =>
            {
                false
            }
            _ => {
                let range = folded_of(entry, arena, &mut self.scratch, &block.text);
                judge(&arena[range])
            }
        };
        entry.remember(id, v);
        v
    }

    /// The answer of `judge` (a pure function of the block's own text, named `id` for the life
    /// of the process) on the block, asked once per text.
    pub(crate) fn fact(
        &mut self,
        block: &Block,
        id: u32,
        judge: impl FnOnce(&str) -> bool,
    ) -> bool {
        let (entry, _) = entry_of(&mut self.entries, &mut self.arena, self.told, block);
        if let Some(v) = entry.asked(id) {
            return v;
        }
        let v = judge(&block.text);
        entry.remember(id, v);
        v
    }
}

/// The entry of `block`, worked out when it was forgotten (or its text's length changed).
fn entry_of<'e>(
    entries: &'e mut Vec<Option<Entry>>,
    arena: &'e mut String,
    told: bool,
    block: &Block,
) -> (&'e mut Entry, &'e mut String) {
    let i = block.origin;
    if i >= entries.len() {
        entries.resize_with(i + 1, || None);
    }
    let slot = &mut entries[i];
    let stale = slot.as_ref().is_none_or(|e| {
        e.len != block.text.len()
            || e.text
                .as_ref()
                .is_some_and(|copy| arena[copy.clone()] != block.text)
    });
    if stale {
        // A long block is first asked for a cheap lower bound on its words, which most long
        // blocks reach the cap with; the others, and every short block, are counted exactly
        // (their tidiness read on the way).
        let long =
            block.text.len() >= LONG_BYTES && words_at_least(&block.text, WORD_CAP) >= WORD_CAP;
        let (words, tidiness) = if long {
            (WORD_CAP, Tidiness::START)
        } else {
            word_count_and_tidiness(&block.text, WORD_CAP)
        };
        let text = (!told).then(|| {
            let start = arena.len();
            arena.push_str(&block.text);
            start..arena.len()
        });
        *slot = Some(Entry {
            len: block.text.len(),
            text,
            words,
            exact: words < WORD_CAP,
            tidiness,
            folded: None,
            sight: None,
            verdicts: [(0, false); MAX_VERDICTS],
            asked: 0,
        });
    }
    (slot.as_mut().expect("filled above"), arena)
}

/// Where the entry's folded text is in `arena`, folding it on first use.
fn folded_of(
    entry: &mut Entry,
    arena: &mut String,
    scratch: &mut String,
    text: &str,
) -> Range<usize> {
    if let Some(range) = &entry.folded {
        return range.clone();
    }
    // Folded into `scratch` (reused), then appended to the arena. Whether the text is tidy is
    // read to its end first (most folded texts are short, and the word count has read them
    // already; `normalize_whitespace` asks it of every text anyway): a tidy text folds by
    // mapping its characters.
    entry.tidiness = tidiness_from(text, entry.tidiness);
    if entry.tidiness == Tidiness::Untidy {
        fold_into(text, scratch);
    } else {
        fold_tidy_into(text, scratch);
    }
    let start = arena.len();
    arena.push_str(scratch);
    let range = start..arena.len();
    entry.folded = Some(range.clone());
    range
}

/// What `screen` sees in the entry's folded text, worked out on first use.
fn sight_of(
    entry: &mut Entry,
    arena: &mut String,
    scratch: &mut String,
    text: &str,
    screen: &Screen,
) -> Sight {
    if let Some(sight) = entry.sight {
        return sight;
    }
    let range = folded_of(entry, arena, scratch, text);
    let sight = screen.scan(&arena[range]);
    entry.sight = Some(sight);
    sight
}

impl Entry {
    fn asked(&self, id: u32) -> Option<bool> {
        self.verdicts[..self.asked]
            .iter()
            .find(|(m, _)| *m == id)
            .map(|&(_, v)| v)
    }

    fn remember(&mut self, id: u32, verdict: bool) {
        if self.asked < MAX_VERDICTS {
            self.verdicts[self.asked] = (id, verdict);
            self.asked += 1;
        }
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
        // Without being told, a text of another length is noticed.
        block.text = "Related articles: three of them".into();
        assert_eq!(facts.folded(&block), "related articles: three of them");
        assert_eq!(facts.words(&block), 5);
    }

    #[test]
    fn a_long_block_is_counted_exactly_when_asked() {
        let mut facts = BlockFacts::new();
        let long = "word ".repeat(WORD_CAP + 10);
        let block = Block::new(BlockKind::Paragraph, long.trim(), 0);
        assert!(!facts.at_most_words(&block, 45));
        assert!(facts.at_most_words(&block, WORD_CAP + 10));
        assert!(!facts.at_most_words(&block, WORD_CAP + 9));
        assert_eq!(facts.words(&block), WORD_CAP + 10);
    }
}
