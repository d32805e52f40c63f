//! Ids that are a heading's words: anchors for links into the page, not names of what a box is.
//!
//! Documentation generators, CMSs and hand-written pages give a section or a heading an id made
//! from its title, so that a link can jump to it: `<section id="receive-and-reply-to-an-inbound-sms-message">`
//! over the heading "Receive and reply to an inbound SMS message". Such an id says what the
//! section is *about*, in the author's sentence, not what kind of box it is: the "reply" in it is
//! not a comment thread, the "menu" in "menu-innovation-strategies-for-restaurants" is not
//! navigation, the "related" in "be-careful-with-related-name" is not a list of links. Read as
//! names, they drop whole sections of an article or a manual.
//!
//! An id is taken for an anchor when at least [`MIN_WORDS`] of its words are, in order, the words
//! of the box's heading (the box itself when it is a heading, else the first heading inside it),
//! and they are at least half of the id's words. Short ids ("comments", "related-posts",
//! "reply-title") are never anchors: a heading "Comments" with the id "comments" is what it says.

use ego_tree::NodeRef;
use scraper::Node;

/// Fewest words of the heading the id must spell out: titles run to four words and more, the
/// names that say what a box is ("comment-list", "related-posts-widget") to three at most.
const MIN_WORDS: usize = 4;
/// How many nodes inside the box are searched for its heading: a section's heading opens it.
const HEADING_SEARCH: usize = 48;
/// How much of the heading's text is compared: a title, not a paragraph.
const HEADING_TEXT: usize = 240;

/// True when `id` on the element at `node` is an anchor made of its heading's words.
pub fn is_heading_anchor(id: &str, node: NodeRef<'_, Node>) -> bool {
    // Cheap test first: fewer separators than a four-word slug needs, no anchor.
    if id.bytes().filter(|&b| b == b'-' || b == b'_').count() + 1 < MIN_WORDS {
        return false;
    }
    let Some(heading) = heading_text(node) else {
        return false;
    };
    spells_out(id, &heading)
}

/// The text of the element when it is a heading, else of the first heading inside it.
fn heading_text(node: NodeRef<'_, Node>) -> Option<String> {
    let heading = node
        .descendants()
        .take(HEADING_SEARCH)
        .find(|n| n.value().as_element().is_some_and(|e| is_heading(e.name())))?;
    let mut text = String::new();
    for n in heading.descendants() {
        if let Node::Text(t) = n.value() {
            text.push_str(t);
            text.push(' ');
            if text.len() >= HEADING_TEXT {
                break;
            }
        }
    }
    Some(text)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The words of `s`, lowercased: runs of letters and digits.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// True when at least [`MIN_WORDS`] of the id's words, and half of them, are the heading's
/// words in the heading's order. The id's last word may be cut short (slugs are often capped at
/// a length).
fn spells_out(id: &str, heading: &str) -> bool {
    let heading: Vec<String> = words(heading).collect();
    let id: Vec<String> = words(id).collect();
    let mut at = 0;
    let mut matched = 0;
    for (i, w) in id.iter().enumerate() {
        let last = i + 1 == id.len();
        let found = heading[at..]
            .iter()
            .position(|h| h == w || (last && w.len() >= 3 && h.starts_with(w.as_str())));
        if let Some(p) = found {
            matched += 1;
            at += p + 1;
        }
    }
    matched >= MIN_WORDS && 2 * matched >= id.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn anchor(html: &str) -> bool {
        let page = Html::parse_document(html);
        let node = page
            .tree
            .root()
            .descendants()
            .find(|n| n.value().as_element().is_some_and(|e| e.id().is_some()))
            .expect("an element with an id");
        let id = node.value().as_element().and_then(|e| e.id()).unwrap_or("");
        is_heading_anchor(id, node)
    }

    #[test]
    fn a_section_named_after_its_heading_is_an_anchor() {
        assert!(anchor(
            r#"<section id="receive-and-reply-to-an-inbound-sms-message-section">
            <h2>Receive and reply to an inbound SMS message</h2><p>Follow these steps.</p></section>"#
        ));
        assert!(anchor(
            r#"<h3 id="s-be-careful-with-related-name">Be careful with related_name</h3>"#
        ));
    }

    #[test]
    fn a_slug_cut_short_is_still_its_heading() {
        assert!(anchor(
            r#"<div id="menu-innovation-strategies-building-memorable-dining-experie">
            <h2>Menu Innovation Strategies: Building Memorable Dining Experiences</h2></div>"#
        ));
    }

    #[test]
    fn names_that_say_what_a_box_is_are_not_anchors() {
        // Too short to be a title, though the heading says the same.
        assert!(!anchor(r#"<div id="comments"><h2>Comments</h2></div>"#));
        assert!(!anchor(
            r#"<div id="leave-a-reply"><h3>Leave a Reply</h3><form></form></div>"#
        ));
        // Long, but not the heading's words.
        assert!(!anchor(
            r#"<div id="related-posts-widget-area-bottom"><h3>You might also like</h3></div>"#
        ));
        // No heading to spell out.
        assert!(!anchor(
            r#"<div id="site-footer-menu-links-area"><a href="/">Home</a></div>"#
        ));
    }

    #[test]
    fn most_of_the_id_must_be_the_heading() {
        // Four heading words in a ten-word name: a name that happens to share words.
        assert!(!spells_out(
            "main-menu-navigation-top-bar-for-the-new-site-header-area",
            "For the new site visitors"
        ));
        assert!(spells_out(
            "more-on-car-repair-maintenance",
            "More on Car Repair & Maintenance"
        ));
    }

    #[test]
    fn a_manual_keeps_the_section_whose_title_says_reply() {
        let para = |s: &str| {
            format!(
                "<p>{s} Open the console, choose the number you bought and note its settings \
                before you go on to the next step of this guide.</p>"
            )
        };
        let html = format!(
            r#"<html><body><nav><a href="/a">Docs</a> <a href="/b">API</a></nav><main><article>
            <h1>SMS quickstart</h1>
            <section id="send-an-outbound-sms-message"><h2>Send an outbound SMS message</h2>{}{}</section>
            <section id="receive-and-reply-to-an-inbound-sms-message"><h2>Receive and reply to an inbound SMS message</h2>{}{}</section>
            </article></main></body></html>"#,
            para("First, send."),
            para("Then wait."),
            para("Set up a webhook."),
            para("Reply with TwiML.")
        );
        let text = crate::extract::html::extract(&html, None, &Default::default()).text();
        assert!(text.contains("Set up a webhook."), "{text}");
        assert!(text.contains("Reply with TwiML."), "{text}");
        assert!(text.contains("First, send."), "{text}");
    }
}
