//! Markdown output as a reader's renderer sees it: the output of `unboil clean --format markdown`
//! is parsed with a CommonMark/GFM parser and its structure checked (a table with its header
//! row, a numbered list, a nested list, a fenced code block), not just its words.
//!
//! Found by a new user: tables came out as bare `a | b` lines, numbered lists as bullets with
//! blank lines between the items, nested lists flat and code unfenced.

use assert_cmd::Command;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::path::PathBuf;

fn markdown(extra: &[&str]) -> String {
    let page = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/markdown/structure.html");
    let out = Command::cargo_bin("unboil")
        .expect("binary built")
        .env_remove("RUST_LOG")
        .args(["clean", "--format", "markdown"])
        .args(extra)
        .arg(page)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf-8")
}

fn events(md: &str) -> Vec<Event<'_>> {
    Parser::new_ext(md, Options::ENABLE_TABLES).collect()
}

#[test]
fn tables_render_as_gfm_tables_with_a_header_row() {
    let md = markdown(&[]);
    let ev = events(&md);
    let tables = ev
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::Table(_))))
        .count();
    assert_eq!(tables, 1, "{md}");
    let head_cells: Vec<String> = cells_in(&ev, |t| matches!(t, Tag::TableHead));
    assert_eq!(head_cells, ["Department", "This year", "Last year"], "{md}");
    let body_rows = ev
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::TableRow)))
        .count();
    assert_eq!(body_rows, 3, "{md}");
}

/// The text of every cell inside the element `inside` matches.
fn cells_in(ev: &[Event<'_>], inside: impl Fn(&Tag<'_>) -> bool) -> Vec<String> {
    let mut depth = 0;
    let mut cells = Vec::new();
    for e in ev {
        match e {
            Event::Start(t) if inside(t) => depth += 1,
            Event::End(TagEnd::TableHead) if depth > 0 => depth -= 1,
            Event::Start(Tag::TableCell) if depth > 0 => cells.push(String::new()),
            Event::Text(t) if depth > 0 => {
                if let Some(c) = cells.last_mut() {
                    c.push_str(t);
                }
            }
            _ => {}
        }
    }
    cells
}

#[test]
fn ordered_lists_are_numbered_tight_and_nested() {
    let md = markdown(&[]);
    let ev = events(&md);
    // (ordered start, items directly in it, tight), outermost first.
    let mut lists: Vec<(Option<u64>, usize, bool)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut item_depth = 0;
    for e in &ev {
        match e {
            Event::Start(Tag::List(start)) => {
                stack.push(lists.len());
                lists.push((*start, 0, true));
            }
            Event::End(TagEnd::List(_)) => {
                stack.pop();
            }
            Event::Start(Tag::Item) => {
                item_depth += 1;
                if let Some(&l) = stack.last() {
                    lists[l].1 += 1;
                }
            }
            Event::End(TagEnd::Item) => item_depth -= 1,
            // A loose list wraps each item's text in a paragraph.
            Event::Start(Tag::Paragraph) if item_depth > 0 => {
                if let Some(&l) = stack.last() {
                    lists[l].2 = false;
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        lists,
        [(Some(1), 3, true), (None, 2, true)],
        "one numbered list of three with a bulleted list of two inside:\n{md}"
    );
    // The inner list is inside the second item, not after the outer list.
    let nested = ev
        .iter()
        .scan(0i32, |depth, e| {
            match e {
                Event::Start(Tag::List(_)) => *depth += 1,
                Event::End(TagEnd::List(_)) => *depth -= 1,
                _ => {}
            }
            Some(*depth)
        })
        .max();
    assert_eq!(nested, Some(2), "{md}");
}

#[test]
fn code_blocks_are_fenced_with_their_language_and_headings_keep_levels() {
    let md = markdown(&[]);
    let ev = events(&md);
    let code: Vec<&str> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => Some(lang.as_ref()),
            _ => None,
        })
        .collect();
    assert_eq!(code, ["python"], "{md}");
    assert!(
        md.contains("total = sum(budget.values())\nprint(total)"),
        "{md}"
    );
    let levels: Vec<HeadingLevel> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level),
            _ => None,
        })
        .collect();
    assert_eq!(levels, [HeadingLevel::H2, HeadingLevel::H3], "{md}");
}

#[test]
fn links_and_emphasis_survive_with_links_on() {
    let md = markdown(&["--links"]);
    let ev = events(&md);
    let links: Vec<&str> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.as_ref()),
            _ => None,
        })
        .collect();
    assert_eq!(links, ["https://example.com/minutes"], "{md}");
    assert!(
        ev.iter().any(|e| matches!(e, Event::Start(Tag::Emphasis))),
        "{md}"
    );
    assert!(
        ev.iter().any(|e| matches!(e, Event::Start(Tag::Strong))),
        "{md}"
    );
    // Without --links, neither: the text stays plain.
    let plain = markdown(&[]);
    assert!(!plain.contains("](") && !plain.contains('*'), "{plain}");
}
