//! A document's blocks as Markdown that renders as the page did: headings at their levels, lists
//! tight, numbered when the page numbered them and nested as deep as it nested them, tables as
//! GFM tables with a header row, code fenced with its language.
//!
//! Block shape comes from extraction (see [`Shape`](crate::document::Shape)); blocks without it (text dumps) come out as
//! flat lists and paragraphs, which is all their input said.

use crate::document::{Block, BlockKind, Document};

/// The blocks of `doc` as Markdown, without a trailing newline.
pub fn markdown(doc: &Document) -> String {
    let mut out = String::new();
    let mut lists = ListState::default();
    let blocks = &doc.blocks;
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        if i > 0 {
            let prev = &blocks[i - 1];
            out.push_str(if same_list(prev, b) { "\n" } else { "\n\n" });
        }
        if b.kind != BlockKind::ListItem {
            lists = ListState::default();
        }
        match b.kind {
            BlockKind::Heading(level) => {
                out.push_str(&"#".repeat(level.clamp(1, 6) as usize));
                out.push(' ');
                out.push_str(&one_line(&b.text));
            }
            BlockKind::ListItem => {
                let new_list = i == 0 || !same_list(&blocks[i - 1], b);
                out.push_str(&lists.item(b, new_list));
            }
            BlockKind::Quote => {
                let quoted: Vec<String> = b
                    .text
                    .lines()
                    .map(|l| {
                        if l.trim().is_empty() {
                            ">".to_string()
                        } else {
                            format!("> {}", escape_start(l))
                        }
                    })
                    .collect();
                out.push_str(&quoted.join("\n"));
            }
            BlockKind::Preformatted => out.push_str(&fenced(&b.text, b.shape.lang.as_deref())),
            BlockKind::Caption => {
                out.push('*');
                out.push_str(&one_line(&b.text).replace('*', "\\*"));
                out.push('*');
            }
            BlockKind::TableRow => {
                let mut end = i + 1;
                while end < blocks.len() && same_table(&blocks[end - 1], &blocks[end]) {
                    end += 1;
                }
                out.push_str(&table(&blocks[i..end]));
                i = end;
                continue;
            }
            BlockKind::Paragraph => {
                let lines: Vec<String> = b.text.lines().map(escape_start).collect();
                out.push_str(&lines.join("\n"));
            }
        }
        i += 1;
    }
    out
}

/// True when `b` continues the list `prev` is an item of: both items, of the same list when the
/// page said which.
fn same_list(prev: &Block, b: &Block) -> bool {
    prev.kind == BlockKind::ListItem
        && b.kind == BlockKind::ListItem
        && prev.shape.group == b.shape.group
}

fn same_table(prev: &Block, b: &Block) -> bool {
    prev.kind == BlockKind::TableRow
        && b.kind == BlockKind::TableRow
        && prev.shape.group == b.shape.group
        && !b.shape.header
}

/// The open lists, innermost last: each with the column its items' text starts at and the
/// number of its next item.
#[derive(Default)]
struct ListState {
    open: Vec<(usize, usize)>,
}

impl ListState {
    /// The Markdown of list item `b`; `new_list` when it starts a list of its own.
    fn item(&mut self, b: &Block, new_list: bool) -> String {
        if new_list {
            self.open.clear();
        }
        let depth = usize::from(b.shape.depth.max(1));
        // Deeper than the open lists by more than one level (a page that nests a list directly in
        // a list): one level deeper is all Markdown can say.
        let depth = depth.min(self.open.len() + 1);
        self.open.truncate(depth);
        if self.open.len() < depth {
            let col = self.open.last().map_or(0, |&(col, _)| col);
            self.open.push((col, 1));
        }
        let parent_col = if depth >= 2 {
            self.open[depth - 2].0
        } else {
            0
        };
        let Some(level) = self.open.last_mut() else {
            return String::new();
        };
        let marker = if b.shape.ordered {
            format!("{}. ", level.1)
        } else {
            "- ".to_string()
        };
        level.1 += 1;
        level.0 = parent_col + marker.len();
        let content_col = level.0;
        let mut out = " ".repeat(parent_col);
        out.push_str(&marker);
        for (n, line) in b.text.lines().enumerate() {
            if n > 0 {
                out.push('\n');
                out.push_str(&" ".repeat(content_col));
            }
            out.push_str(&escape_start(line));
        }
        out
    }
}

/// Rows of one table as a GFM table: the first row is the header (the page's header row, or its
/// first row when it marked none, since GFM needs one), then the `---` separator, every row
/// with outer pipes and as many cells as the widest row.
fn table(rows: &[Block]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.text
                .split(" | ")
                .map(|c| one_line(c).replace('|', "\\|"))
                .collect()
        })
        .collect();
    let width = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let line = |row: &[String]| {
        let mut s = String::from("|");
        for n in 0..width {
            s.push(' ');
            s.push_str(row.get(n).map_or("", String::as_str));
            s.push_str(" |");
        }
        s
    };
    let mut out = Vec::with_capacity(cells.len() + 1);
    for (n, row) in cells.iter().enumerate() {
        out.push(line(row));
        if n == 0 {
            out.push(format!("|{}", " --- |".repeat(width)));
        }
    }
    out.join("\n")
}

/// `text` in a code fence longer than any run of backticks it holds, with its language.
fn fenced(text: &str, lang: Option<&str>) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{}\n{text}\n{fence}", lang.unwrap_or(""))
}

/// Line breaks inside a heading, cell or caption become spaces: Markdown would end it there.
fn one_line(text: &str) -> String {
    if text.contains('\n') {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        text.to_string()
    }
}

/// A backslash before what would make a line of text into markup of its own: a heading, a
/// list item, a quote, a fence or a rule.
fn escape_start(line: &str) -> String {
    let t = line.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0
        && digits <= 9
        && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
        && matches!(t.as_bytes().get(digits + 1), None | Some(b' '));
    if numbered {
        return format!("{}\\{}", &t[..digits], &t[digits..]);
    }
    let bullet = matches!(t.as_bytes().first(), Some(b'-' | b'+' | b'*'))
        && matches!(t.as_bytes().get(1), None | Some(b' '));
    let first = t.bytes().next().unwrap_or(b' ');
    let rule = matches!(first, b'-' | b'*' | b'_' | b'=')
        && t.bytes().filter(|&c| c == first).count() >= 3
        && t.bytes().all(|c| c == first || c == b' ');
    if bullet
        || rule
        || t.starts_with('#')
        || t.starts_with('>')
        || t.starts_with("```")
        || t.starts_with("~~~")
    {
        return format!("\\{t}");
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Shape;

    fn doc(blocks: Vec<Block>) -> Document {
        let mut d = Document::new("a", "a.html");
        d.blocks = blocks;
        d
    }

    fn item(text: &str, ordered: bool, depth: u8) -> Block {
        Block::new(BlockKind::ListItem, text, 0).with_shape(Shape {
            ordered,
            depth,
            group: 1,
            ..Shape::default()
        })
    }

    #[test]
    fn nested_lists_indent_under_their_item() {
        let d = doc(vec![
            item("one", true, 1),
            item("a", false, 2),
            item("two", true, 1),
        ]);
        assert_eq!(markdown(&d), "1. one\n   - a\n2. two");
    }

    #[test]
    fn text_that_looks_like_markup_is_escaped() {
        assert_eq!(escape_start("2024. A year"), "2024\\. A year");
        assert_eq!(escape_start("- not a list"), "\\- not a list");
        assert_eq!(escape_start("-5 degrees"), "-5 degrees");
        assert_eq!(escape_start("# hashtag"), "\\# hashtag");
    }

    #[test]
    fn fences_outgrow_the_backticks_inside() {
        assert_eq!(fenced("a ``` b", Some("rust")), "````rust\na ``` b\n````");
    }
}
