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
//!
//! The screen asks which families, not which literals nor where: so the automaton is walked as
//! a table of its own, one step a byte, each state carrying the families of every literal that
//! ends there, instead of an overlapping search that stops at each of the hundreds of literal
//! occurrences a block holds ("of", "ad", "/", …) to report it.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::noncontiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
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
    table: Option<FamilyTable>,
    /// The family ids, by bit.
    ids: Vec<u32>,
    /// The bits of the families that are always asked.
    always: Sight,
}

/// An Aho-Corasick automaton (standard semantics: every literal ending at a byte is reported
/// there) as a dense table over classes of bytes, each state with the families of the literals
/// that end in it.
#[derive(Debug)]
struct FamilyTable {
    /// The class of each byte: the bytes of no literal share one.
    class_of: [u16; 256],
    /// One row per state, of its next state on each class: `rows[state + class]` holds the
    /// offset of the next state's row in its low 32 bits and, in its high 32, one more than the
    /// index in `families` of the families whose literals end in that state (0 when none). The
    /// start state's row comes first. Most states end no literal, so a step is a load and a
    /// test, not a load of families at every byte.
    rows: Vec<u64>,
    /// The families of the states that end literals.
    families: Vec<Sight>,
}

impl FamilyTable {
    /// The table of `literals`, literal `i` belonging to the families `bit_of_literal[i]`.
    /// `None` when the automaton cannot be built (too large).
    fn new(literals: &[&[u8]], bit_of_literal: &[Sight]) -> Option<FamilyTable> {
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(literals)
            .ok()?;
        let start = nfa.start_state(Anchored::No).ok()?;
        // A byte of no literal leads every state back to the start: those bytes share class 0;
        // every byte of a literal gets a class of its own.
        let mut class_of = [0u16; 256];
        let mut classes = 1;
        for &b in literals.iter().flat_map(|l| l.iter()) {
            if class_of[usize::from(b)] == 0 {
                class_of[usize::from(b)] = classes;
                classes += 1;
            }
        }
        let mut byte_of_class = vec![0u8; usize::from(classes)];
        for b in (0..=255u8).rev() {
            byte_of_class[usize::from(class_of[usize::from(b)])] = b;
        }
        let classes = usize::from(classes);
        // Every state reachable from the start, numbered in the order they are met (the start
        // first), with its transitions on each class. The automaton's own state ids are small
        // indices, so a vector maps them to numbers.
        let mut number: Vec<u32> = Vec::new();
        let mut states = Vec::new();
        let mut number_of = |sid: StateID, states: &mut Vec<StateID>| {
            let i = sid.as_usize();
            if i >= number.len() {
                number.resize(i + 1, u32::MAX);
            }
            if number[i] == u32::MAX {
                number[i] = states.len() as u32;
                states.push(sid);
            }
            number[i]
        };
        number_of(start, &mut states);
        let mut next: Vec<u32> = Vec::new();
        let mut i = 0;
        while i < states.len() {
            let sid = states[i];
            for &b in &byte_of_class {
                let to = nfa.next_state(Anchored::No, sid, b);
                let n = number_of(to, &mut states);
                next.push(n);
            }
            i += 1;
        }
        // The families each state ends, and for each state the word its arrivals carry.
        let mut families: Vec<Sight> = Vec::new();
        let mut arrival = Vec::with_capacity(states.len());
        for (s, &sid) in states.iter().enumerate() {
            let ends = (0..nfa.match_len(sid))
                .map(|k| bit_of_literal[nfa.match_pattern(sid, k).as_usize()])
                .fold(0, |all, bit| all | bit);
            let offset = u64::from(u32::try_from(s * classes).ok()?);
            let tag = if ends == 0 {
                0
            } else {
                families.push(ends);
                u64::from(u32::try_from(families.len()).ok()?)
            };
            arrival.push(tag << 32 | offset);
        }
        let rows = next.iter().map(|&to| arrival[to as usize]).collect();
        Some(FamilyTable {
            class_of,
            rows,
            families,
        })
    }

    /// The families of every literal `text` holds.
    fn scan(&self, text: &[u8]) -> Sight {
        let mut sight = 0;
        let mut state = 0;
        for &b in text {
            let step = self.rows[state + usize::from(self.class_of[usize::from(b)])];
            state = (step & u64::from(u32::MAX)) as usize;
            let ends = (step >> 32) as usize;
            if ends != 0 {
                sight |= self.families[ends - 1];
            }
        }
        sight
    }
}

impl Screen {
    /// The screen over `families`. Only the first 64 get a bit; the others are always asked
    /// (as a family the screen does not know is).
    pub fn new(families: &[Family]) -> Screen {
        let mut screen = Screen::default();
        let mut literals = Vec::new();
        // For each literal, the bit of its family.
        let mut bit_of_literal: Vec<Sight> = Vec::new();
        for family in families.iter().take(Sight::BITS as usize) {
            let bit: Sight = 1 << screen.ids.len();
            screen.ids.push(family.id);
            match &family.literals {
                Some(l) if !l.is_empty() => {
                    for literal in l {
                        literals.push(literal.as_slice());
                        bit_of_literal.push(bit);
                    }
                }
                // A family with no literal at all can act on nothing; one with `None` on anything.
                Some(_) => {}
                None => screen.always |= bit,
            }
        }
        if !literals.is_empty() {
            match FamilyTable::new(&literals, &bit_of_literal) {
                Some(table) => screen.table = Some(table),
                // Unbuildable (too large): every family is asked, as without a screen.
                None => screen.always = Sight::MAX,
            }
        }
        screen
    }

    /// The families `folded` (a block's folded text) could be acted on by.
    pub fn scan(&self, folded: &str) -> Sight {
        let found = self.table.as_ref().map_or(0, |t| t.scan(folded.as_bytes()));
        self.always | found
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

    proptest::proptest! {
        /// The table sees in a text the families of exactly the literals an overlapping
        /// Aho-Corasick search finds in it.
        #[test]
        fn the_table_sees_what_an_overlapping_search_finds(
            literals in proptest::collection::vec("[abé /]{1,4}", 1..40),
            text in "[abcé /]{0,40}",
        ) {
            let bits: Vec<Sight> = (0..literals.len()).map(|i| 1 << (i % 64)).collect();
            let bytes: Vec<&[u8]> = literals.iter().map(|l| l.as_bytes()).collect();
            let table = FamilyTable::new(&bytes, &bits).expect("builds");
            let search = aho_corasick::AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&bytes)
                .expect("builds");
            let found = search
                .find_overlapping_iter(&text)
                .fold(0, |all, m| all | bits[m.pattern().as_usize()]);
            proptest::prop_assert_eq!(table.scan(text.as_bytes()), found);
        }
    }
}
