//! Text dumps to blocks: every non-empty line is a block.
//!
//! Scrapers save one paragraph per line, either back to back or with blank lines between; widgets
//! such as "No time to read?" / "Get a summary" sit on lines of their own inside a paragraph group.
//! Line blocks let cleaners drop exactly those lines, and [`Layout`] remembers which of the two
//! styles the input used so the output keeps it.

use crate::document::{Block, BlockKind, Document, Field, Layout, MetaSource};

/// Splits `text` into line blocks of `doc`.
pub fn split_into(doc: &mut Document, text: &str) {
    let mut blank_between = false;
    let mut seen_text = false;
    let mut pending_blank = false;
    // A block per line at most: reserved once, instead of the block list growing (and being
    // copied) while the lines are read.
    doc.blocks
        .reserve(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    for line in lines(text) {
        let line = line.trim();
        if line.is_empty() {
            pending_blank = seen_text;
            continue;
        }
        if pending_blank {
            blank_between = true;
            pending_blank = false;
        }
        seen_text = true;
        let origin = doc.blocks.len();
        doc.blocks
            .push(Block::new(BlockKind::Paragraph, line, origin));
    }
    doc.layout = if blank_between {
        Layout::Paragraphs
    } else {
        Layout::Lines
    };
    // A dump's first line is its headline when it reads like one; it stays in the text too.
    if let Some(first) = doc.blocks.first() {
        if doc.blocks.len() > 1 && crate::text::looks_like_title(&first.text, 20) {
            doc.meta.title = Some(Field::new(first.text.clone(), MetaSource::Text));
        }
    }
}

/// `text.lines()`, the line ends found by `memchr` (many bytes at a time) where `str::lines`
/// looks for them with the standard library's slower byte search: a dump of short lines spent
/// half of its splitting there. A `\r` before a `\n` is not part of the line; a last line
/// without a `\n` is one (a lone `\r` and all), an empty end is not.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut from = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || match ends.next() {
        Some(end) => {
            let line = &text[from..end];
            from = end + 1;
            Some(line.strip_suffix('\r').unwrap_or(line))
        }
        None if from < text.len() => {
            let line = &text[from..];
            from = text.len();
            Some(line)
        }
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The lines are `str::lines`'s, whatever the line ends.
        #[test]
        fn lines_are_the_standard_lines(text in "[a\r\n é]{0,40}") {
            proptest::prop_assert_eq!(
                lines(&text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>()
            );
        }
    }

    fn split(text: &str) -> Document {
        let mut doc = Document::new("t", "t");
        split_into(&mut doc, text);
        doc
    }

    #[test]
    fn one_paragraph_per_line_keeps_line_layout() {
        let doc = split("First.\nSecond.\n");
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.layout, Layout::Lines);
        assert_eq!(doc.text(), "First.\nSecond.");
    }

    #[test]
    fn blank_line_separated_paragraphs_keep_paragraph_layout() {
        let doc = split("\n\nTitle\n\nFirst.\r\n\r\nSecond.  \n\n\n");
        let texts: Vec<_> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Title", "First.", "Second."]);
        assert_eq!(doc.layout, Layout::Paragraphs);
    }

    #[test]
    fn a_headline_first_line_is_the_title() {
        let doc = split("Council Approves Budget\nThe council met on Monday.");
        assert_eq!(
            doc.meta.title.map(|t| t.value).as_deref(),
            Some("Council Approves Budget")
        );
        let doc = split("The council met on Monday.\nIt approved the budget.");
        assert!(doc.meta.title.is_none());
    }

    #[test]
    fn origins_count_blocks_from_zero() {
        let doc = split("a\nb\nc");
        let origins: Vec<_> = doc.blocks.iter().map(|b| b.origin).collect();
        assert_eq!(origins, [0, 1, 2]);
    }
}
