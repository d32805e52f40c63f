//! Tidies whitespace inside blocks: runs of spaces and tabs become one space, zero-width and
//! soft-hyphen characters go, and blocks left empty are dropped. Words are never touched.
//! Preformatted blocks keep their line breaks and indentation.

use super::{drop_where, BlockFacts, Cleaner};
use crate::document::{BlockKind, Document};
use crate::text::tidy::is_invisible;
use crate::trail::Trail;

/// The `normalize_whitespace` cleaner.
#[derive(Debug, Clone, Default)]
pub struct NormalizeWhitespace;

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
            } else if facts.needs_tidy(block) {
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

    #[test]
    fn spaces_collapse_and_invisible_characters_go() {
        let mut doc = doc_of(&["a  b\u{200b}c\t d", "\u{feff} "]);
        NormalizeWhitespace.clean(&mut doc, &mut Trail::new());
        assert_eq!(texts(&doc), ["a bc d"]);
    }
}
