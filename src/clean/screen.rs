//! Where to look: one automaton over the literals of every phrase family of the chain, run once
//! over a block's folded text, telling each cleaner whether its phrases could be in the block at
//! all.
//!
//! Every whole-block matcher of the chain (teasers, credits, comment prompts, copyright footers,
//! contact lines, widget labels) used to ask each short block on its own: a hash of the folded
//! text for its phrases, a regex set for its patterns, half a dozen times per block and pass. A
//! block can only equal a phrase it contains, and only match a pattern if it holds one of the
//! pattern's [required literals](super::required_literals); so one overlapping Aho-Corasick pass
//! over the block, with every family's phrases and required literals in it, says which families
//! could act on it. A family whose literals the block does not hold is answered "no" without
//! hashing or starting a regex engine; the others are asked as before, so the answers are the
//! same (a family with a pattern that needs no literal is always asked).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::sync::atomic::{AtomicU32, Ordering};

/// What a block could possibly match: bit `i` is set when the family registered `i`-th may act.
pub(crate) type Sight = u64;

/// One family of phrases and patterns as the screen sees it.
#[derive(Debug, Clone)]
pub(crate) struct Family {
    /// Names the family for the life of the process (see [`family_id`]).
    pub id: u32,
    /// Literals, one of which every block the family can act on holds in its folded text;
    /// `None` when the family may act without any (it is then always asked).
    pub literals: Option<Vec<Vec<u8>>>,
}

/// Hands out family ids: one id names one matcher in [`super::BlockFacts`] too.
static NEXT_ID: AtomicU32 = AtomicU32::new(0);

/// A fresh family id.
pub(crate) fn family_id() -> u32 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// The screen of one chain: its families and the automaton over their literals.
#[derive(Debug, Default)]
pub(crate) struct Screen {
    /// Over every literal of every family with literals; `None` when there is none.
    automaton: Option<AhoCorasick>,
    /// For each literal of the automaton, the bit of its family.
    bit_of_literal: Vec<Sight>,
    /// The family ids, by bit.
    ids: Vec<u32>,
    /// The bits of the families that are always asked.
    always: Sight,
}

impl Screen {
    /// The screen over `families`. Only the first 64 get a bit; the others are always asked
    /// (as a family the screen does not know is).
    pub fn new(families: &[Family]) -> Screen {
        let mut screen = Screen::default();
        let mut literals = Vec::new();
        for family in families.iter().take(Sight::BITS as usize) {
            let bit: Sight = 1 << screen.ids.len();
            screen.ids.push(family.id);
            match &family.literals {
                Some(l) if !l.is_empty() => {
                    for literal in l {
                        literals.push(literal.as_slice());
                        screen.bit_of_literal.push(bit);
                    }
                }
                // A family with no literal at all can act on nothing; one with `None` on anything.
                Some(_) => {}
                None => screen.always |= bit,
            }
        }
        if !literals.is_empty() {
            // Overlapping search needs the standard match kind: every literal a block holds is
            // reported, so no family is missed because another's literal overlapped it.
            // A DFA: one table step per byte, the cheapest walk for the short blocks it reads.
            match AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&literals)
            {
                Ok(automaton) => screen.automaton = Some(automaton),
                // Unbuildable (too large): every family is asked, as without a screen.
                Err(_) => screen.always = Sight::MAX,
            }
        }
        screen
    }

    /// The families `folded` (a block's folded text) could be acted on by.
    pub fn scan(&self, folded: &str) -> Sight {
        let mut sight = self.always;
        let all = Sight::MAX >> (Sight::BITS as usize - self.ids.len().max(1));
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_overlapping_iter(folded) {
                sight |= self.bit_of_literal[m.pattern().as_usize()];
                if sight & all == all {
                    break;
                }
            }
        }
        sight
    }

    /// False only when family `id` is known to the screen and cannot act on a block seen as
    /// `sight`.
    pub fn may_act(&self, sight: Sight, id: u32) -> bool {
        match self.ids.iter().position(|&i| i == id) {
            Some(bit) => sight & (1 << bit) != 0,
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn family(literals: Option<&[&str]>) -> Family {
        Family {
            id: family_id(),
            literals: literals.map(|l| l.iter().map(|s| s.as_bytes().to_vec()).collect()),
        }
    }

    #[test]
    fn a_family_is_seen_only_where_its_literals_are() {
        let share = family(Some(&["share", "facebook"]));
        let comments = family(Some(&["comment", "реклама"]));
        let hare = family(Some(&["hare"]));
        let digits = family(None);
        let unknown = family_id();
        let screen = Screen::new(&[
            share.clone(),
            comments.clone(),
            hare.clone(),
            digits.clone(),
        ]);
        let sight = screen.scan("share on facebook");
        assert!(screen.may_act(sight, share.id));
        assert!(!screen.may_act(sight, comments.id));
        assert!(screen.may_act(sight, digits.id));
        assert!(screen.may_act(sight, unknown));
        // Overlapping literals of two families are both seen.
        let sight = screen.scan("shares");
        assert!(screen.may_act(sight, share.id) && screen.may_act(sight, hare.id));
        assert!(screen.may_act(screen.scan("реклама"), comments.id));
    }
}
