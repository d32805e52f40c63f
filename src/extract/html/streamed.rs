//! Segments a streaming server renderer sent after the page's shell, put where the page's
//! scripts put them.
//!
//! React's streaming renderer (Next.js, Remix and the like) sends a page in pieces: first the
//! shell, with an empty `<template id="B:0">` (or `P:0`) and often a loading skeleton where a
//! part of the page is still coming; then, as each part is ready, the part itself as a hidden
//! `<div hidden id="S:0">` at the end of the body, followed by a script call (`$RC("B:0","S:0")`
//! or `$RS("S:0","P:0")`) that moves its content into its place and removes the skeleton. A
//! saved page holds both: its main text can sit in hidden boxes after the footer. Read as
//! saved, that text is either left out as hidden or read far from its headings; moved as the
//! scripts move it, the page reads as its reader saw it.
//!
//! The calls are found in the page's HTML before the pre-pass cuts its scripts; the moves are
//! made on the tree, in the order the scripts make them (a later segment may fill a template an
//! earlier one brought).

use std::collections::HashMap;
use std::sync::OnceLock;

use ego_tree::NodeId;
use regex::Regex;
use scraper::{Html, Node};

/// The comment that ends a boundary, after its template and fallback: the pre-pass keeps it.
pub const BOUNDARY_END: &[u8] = b"<!--/$-->";

/// True for the start tag of a template a segment is moved into (`<template id="B:0">`,
/// `<template id="P:0">`, as the renderer writes them): the pre-pass keeps it (its body is
/// empty) where it cuts other templates.
pub fn is_anchor(start_tag: &[u8]) -> bool {
    use memchr::memmem::find;
    find(start_tag, b"id=\"B:").is_some() || find(start_tag, b"id=\"P:").is_some()
}

/// True for the id of a streamed segment (`S:1f`: the renderer counts in hexadecimal). One
/// still in the tree after [`relocate`] came with no call that places it (pages are often
/// saved without their scripts), but the page's scripts did show it: it is the page's content,
/// hidden only until it arrived, and is read where it stands.
pub fn is_segment(id: &str) -> bool {
    id.strip_prefix("S:")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// One script call that moves a segment into the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// The id of the hidden segment (`S:0`).
    segment: String,
    /// The id of the template it replaces (`B:0`, `P:0`).
    target: String,
    /// `$RC`: the template starts a boundary whose loading fallback, up to the boundary's end
    /// comment (`<!--/$-->`), goes when the segment comes.
    replaces_fallback: bool,
}

/// The calls `$RC("B:0","S:0")` (complete a boundary) and `$RS("S:0","P:0")` (fill a
/// placeholder); ids are short, so a long quoted string is not taken for one.
fn calls() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"\$R([CS])\(\s*"([^"\\]{1,32})"\s*,\s*"([^"\\]{1,32})"\s*\)"#)
            .expect("a valid regex")
    })
}

/// The moves the scripts of `html` make, in their order. Pages without a streaming renderer's
/// calls (nearly all) cost one search for `$R`.
pub fn moves_in(html: &str) -> Vec<Move> {
    if memchr::memmem::find(html.as_bytes(), b"$R").is_none() {
        return Vec::new();
    }
    calls()
        .captures_iter(html)
        .map(|c| {
            let (a, b) = (c[2].to_string(), c[3].to_string());
            if &c[1] == "C" {
                Move {
                    segment: b,
                    target: a,
                    replaces_fallback: true,
                }
            } else {
                Move {
                    segment: a,
                    target: b,
                    replaces_fallback: false,
                }
            }
        })
        .collect()
}

/// Makes `moves` on `doc`: each segment's content takes the place of its template (and of the
/// template's fallback, for a boundary), and the emptied segment and the template go. A move
/// whose segment or template is not in the page, or that would put a box inside itself, is
/// left out.
pub fn relocate(doc: &mut Html, moves: &[Move]) {
    if moves.is_empty() {
        return;
    }
    let wanted: std::collections::HashSet<&str> = moves
        .iter()
        .flat_map(|m| [m.segment.as_str(), m.target.as_str()])
        .collect();
    let mut by_id: HashMap<String, NodeId> = HashMap::new();
    for node in doc.tree.nodes() {
        if let Node::Element(el) = node.value() {
            if let Some(id) = el.id().filter(|id| wanted.contains(id)) {
                by_id.entry(id.to_string()).or_insert(node.id());
            }
        }
    }
    for m in moves {
        let (Some(&segment), Some(&target)) = (by_id.get(&m.segment), by_id.get(&m.target)) else {
            continue;
        };
        if !movable(doc, segment, target) {
            continue;
        }
        if m.replaces_fallback {
            drop_fallback(doc, target);
        }
        let children: Vec<NodeId> = match doc.tree.get(segment) {
            Some(s) => s.children().map(|c| c.id()).collect(),
            None => continue,
        };
        for child in children {
            if let Some(mut t) = doc.tree.get_mut(target) {
                t.insert_id_before(child);
            }
        }
        for id in [target, segment] {
            if let Some(mut node) = doc.tree.get_mut(id) {
                node.detach();
            }
        }
        by_id.remove(&m.segment);
        by_id.remove(&m.target);
    }
}

/// True when the segment's content can take the template's place: both are still in the page,
/// the template has a parent to receive it, and the template is not inside the segment (moving
/// the segment's content before it would put a box inside itself).
fn movable(doc: &Html, segment: NodeId, target: NodeId) -> bool {
    let (Some(s), Some(t)) = (doc.tree.get(segment), doc.tree.get(target)) else {
        return false;
    };
    if segment == target || s.parent().is_none() || t.parent().is_none() {
        return false;
    }
    !t.ancestors().any(|a| a.id() == segment)
}

/// Detaches what follows a boundary's template up to the boundary's end comment (`<!--/$-->`):
/// the loading skeleton the segment replaces. Without that comment among the template's
/// following siblings nothing is taken.
fn drop_fallback(doc: &mut Html, template: NodeId) {
    let Some(t) = doc.tree.get(template) else {
        return;
    };
    let mut fallback = Vec::new();
    let mut closed = false;
    for sibling in t.next_siblings() {
        if let Node::Comment(c) = sibling.value() {
            if c.trim() == "/$" {
                closed = true;
                break;
            }
        }
        fallback.push(sibling.id());
    }
    if !closed {
        return;
    }
    for id in fallback {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Selector;

    fn relocated(html: &str) -> Html {
        let mut doc = Html::parse_document(html);
        relocate(&mut doc, &moves_in(html));
        doc
    }

    fn body_text(doc: &Html) -> String {
        let body = Selector::parse("body").expect("selector");
        let text: Vec<String> = doc
            .select(&body)
            .flat_map(|b| b.text())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        text.join(" | ")
    }

    #[test]
    fn a_completed_boundary_takes_the_place_of_its_skeleton() {
        let doc = relocated(
            r#"<body><h1>Plans</h1><!--$?--><template id="B:0"></template><p>Loading…</p><!--/$-->
            <footer>Contact</footer>
            <div hidden id="S:0"><p>Our plans start at ten dollars.</p></div>
            <script>$RC("B:0","S:0")</script></body>"#,
        );
        assert_eq!(
            body_text(&doc),
            "Plans | Our plans start at ten dollars. | Contact | $RC(\"B:0\",\"S:0\")"
        );
        assert_eq!(doc.select(&Selector::parse("[hidden]").unwrap()).count(), 0);
    }

    #[test]
    fn a_placeholder_is_filled_and_later_moves_reach_what_earlier_ones_brought() {
        let doc = relocated(
            r#"<body><main><template id="P:1"></template></main><footer>Contact</footer>
            <div hidden id="S:1"><h2>Features</h2><template id="P:2"></template></div>
            <div hidden id="S:2"><p>Fast deploys.</p></div>
            <script>$RS("S:1","P:1");$RS("S:2","P:2")</script></body>"#,
        );
        let main = Selector::parse("main").unwrap();
        let text: String = doc.select(&main).flat_map(|m| m.text()).collect();
        assert_eq!(text, "FeaturesFast deploys.");
    }

    #[test]
    fn segment_ids_are_the_renderers_hexadecimal_counters() {
        assert!(is_segment("S:0") && is_segment("S:1f"));
        assert!(!is_segment("S:") && !is_segment("S:main") && !is_segment("B:0"));
        assert!(is_anchor(br#"<template id="B:0">"#) && is_anchor(br#"<template id="P:a">"#));
        assert!(!is_anchor(br#"<template id="card">"#));
    }

    #[test]
    fn pages_without_the_calls_and_moves_that_cannot_be_made_are_left_alone() {
        assert!(moves_in("<p>Save $RSVP early</p><p>$R(\"x\")</p>").is_empty());
        // The segment is missing; then the template is inside its own segment.
        for html in [
            r#"<body><template id="B:0"></template><p>Loading</p><script>$RC("B:0","S:9")</script></body>"#,
            r#"<body><div hidden id="S:0"><template id="P:0"></template><p>Text</p></div><script>$RS("S:0","P:0")</script></body>"#,
        ] {
            let before = Html::parse_document(html).html();
            assert_eq!(relocated(html).html(), before);
        }
    }
}
