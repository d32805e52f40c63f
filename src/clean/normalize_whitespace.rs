//! Tidies whitespace inside blocks: runs of spaces and tabs become one space, zero-width and
//! soft-hyphen characters go, and blocks left empty are dropped. Words are never touched.
//! Preformatted blocks keep their line breaks and indentation.

use super::screen::family_id;
use crate::text::ascii_masks::{masks, CHUNK};
use super::{drop_where, BlockFacts, Cleaner};
use crate::document::{BlockKind, Document};
use crate::trail::Trail;
use std::sync::OnceLock;

/// The `normalize_whitespace` cleaner.
#[derive(Debug, Clone, Default)]
pub struct NormalizeWhitespace;

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// `text` with invisible characters removed and whitespace runs collapsed to one space.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().filter(|&c| !is_invisible(c)) {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// True when [`tidy`] would change `text`: it holds an invisible character, whitespace other
/// than a space, or two spaces in a row.
fn needs_tidy(text: &str) -> bool {
    // One walk over the text, a chunk at a time, read as bit masks of its bytes' classes:
    // ASCII whitespace other than a space (tab to carriage return), or a space after a space
    // (the one before the chunk included), needs tidying. A non-ASCII character is decoded
    // only when its first byte is one that Unicode whitespace and the invisible characters
    // start with (0xC2: U+0085, U+00A0, U+00AD; 0xE1: U+1680; 0xE2: U+2000 to U+2060; 0xE3:
    // U+3000; 0xEF: U+FEFF); it is never a plain space, so it always ends a run of them.
    let bytes = text.as_bytes();
    let mut space = false;
    let mut i = 0;
    while i < bytes.len() {
        let end = (i + CHUNK).min(bytes.len());
        let m = masks(&bytes[i..end]);
        if m.space & !m.blank != 0 || m.blank & (m.blank << 1 | u64::from(space)) != 0 {
            return true;
        }
        let mut leads = m.lead;
        while leads != 0 {
            let at = i + leads.trailing_zeros() as usize;
            leads &= leads - 1;
            if matches!(bytes[at], 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
                && text[at..]
                    .chars()
                    .next()
                    .is_some_and(|c| is_invisible(c) || c.is_whitespace())
            {
                return true;
            }
        }
        space = m.blank >> (end - i - 1) & 1 == 1;
        i = end;
    }
    false
}

/// Names the cached [`needs_tidy`] answer in [`BlockFacts`].
fn needs_tidy_id() -> u32 {
    static ID: OnceLock<u32> = OnceLock::new();
    *ID.get_or_init(family_id)
}

impl Cleaner for NormalizeWhitespace {
    fn name(&self) -> &str {
        "normalize_whitespace"
    }

    fn clean(&self, doc: &mut Document, trail: &mut Trail) {
        self.clean_with(doc, trail, &mut BlockFacts::new());
    }

    fn clean_with(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        for block in &mut doc.blocks {
            if block.kind == BlockKind::Preformatted {
                if block.text.contains(is_invisible) {
                    facts.forget(block);
                    block.text = block.text.chars().filter(|&c| !is_invisible(c)).collect();
                }
            } else if facts.fact(block, needs_tidy_id(), needs_tidy) {
                facts.forget(block);
                block.text = tidy(&block.text);
            }
        }
        drop_where(doc, trail, self.name(), |b| b.text.trim().is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::test_support::{doc_of, texts};

    proptest::proptest! {
        /// The byte test on ASCII answers as the char test all text used to get.
        #[test]
        fn needs_tidy_is_the_char_test(
            text in "[a b\t\n\r\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{200b}\u{ad}\u{1680}\u{2028}\u{202f}\u{3000}\u{feff}é’—Ж]{0,12}"
        ) {
            let reference = text.contains(|c: char| is_invisible(c) || c.is_whitespace() && c != ' ')
                || text.contains("  ");
            proptest::prop_assert_eq!(needs_tidy(&text), reference);
        }

        /// The same on texts of a few hundred bytes, where chunks of ASCII and of other text
        /// meet.
        #[test]
        fn needs_tidy_is_the_char_test_on_long_texts(
            text in "([a-z]{1,9} ){10,60}[ \t\u{a0}\u{200b}é’a]{0,3}([a-z]{1,9} ){0,30}"
        ) {
            let reference = text.contains(|c: char| is_invisible(c) || c.is_whitespace() && c != ' ')
                || text.contains("  ");
            proptest::prop_assert_eq!(needs_tidy(&text), reference);
        }
    }

    #[test]
    fn spaces_collapse_and_invisible_characters_go() {
        let mut doc = doc_of(&["a  b\u{200b}c\t d", "\u{feff} "]);
        NormalizeWhitespace.clean(&mut doc, &mut Trail::new());
        assert_eq!(texts(&doc), ["a bc d"]);
    }
}
