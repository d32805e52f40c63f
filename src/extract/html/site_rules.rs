//! Site rules on the HTML stage: a site's rule file can name the element that holds the article
//! (`keep_only`) or elements to remove before extraction (`remove_element`), for the pages where
//! scoring alone gets a site wrong.
//!
//! Runs only for pages whose site has such rules, on the tree the extraction parsed after its
//! pre-pass (so the pre-pass's limits on nesting and attributes hold here too), and changes that
//! tree in place: one parse per page, and work linear in the page however many elements a rule
//! matches (a selector `*` matches them all).

use crate::rules::{Action, SelectorRule};
use crate::trail::{Cut, Removal};
use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{Html, Node};
use std::collections::HashMap;

/// Applies `rules` to `page`: removes what the `remove_element` rules match, then, if a
/// `keep_only` rule matches, leaves the head and the first element it matches alone in the body.
/// Returns a record of each element removed (an element inside one already removed is not
/// recorded again), in the order of the rules, and by position in the page within a rule.
pub fn apply(page: &mut Html, rules: &[SelectorRule<'_>]) -> Vec<Removal> {
    let removals = remove_elements(page, rules);
    if !removals.is_empty() {
        *page = attached_only(page);
    }
    let keep = rules
        .iter()
        .filter(|r| r.action == Action::KeepOnly)
        .find_map(|r| page.select(r.selector).next().map(|e| e.id()));
    if let Some(kept) = keep {
        if keep_only(page, kept) {
            *page = attached_only(page);
        }
    }
    removals
}

/// A copy of `page` without its detached nodes. A detached node stays in the tree's arena, and
/// scraper's `select` walks the arena, not the tree: without this a `keep_only` rule, or the
/// metadata reader, could find an element a rule removed.
fn attached_only(page: &Html) -> Html {
    let old = page.tree.root();
    let mut tree = ego_tree::Tree::with_capacity(old.value().clone(), page.tree.nodes().len());
    let mut stack = vec![(old, tree.root().id())];
    while let Some((from, to)) = stack.pop() {
        for child in from.children() {
            if let Some(mut parent) = tree.get_mut(to) {
                let id = parent.append(child.value().clone()).id();
                stack.push((child, id));
            }
        }
    }
    let mut fresh = Html::new_document();
    fresh.quirks_mode = page.quirks_mode;
    fresh.tree = tree;
    fresh
}

/// Detaches every element a `remove_element` rule matches, recording the outermost ones with
/// the first rule that matched each.
fn remove_elements(page: &mut Html, rules: &[SelectorRule<'_>]) -> Vec<Removal> {
    // The `<html>` element stays whatever a rule says (`*` and `:root` match it): the
    // extraction and the metadata reader start from it, and without it there is no page.
    let root = page.root_element().id();
    let mut matched: HashMap<NodeId, usize> = HashMap::new();
    for (r, rule) in rules.iter().enumerate() {
        if rule.action == Action::RemoveElement {
            for el in page.select(rule.selector).filter(|el| el.id() != root) {
                matched.entry(el.id()).or_insert(r);
            }
        }
    }
    if matched.is_empty() {
        return Vec::new();
    }
    // One walk over the page: each text belongs to at most one outermost removed element.
    let mut outermost: Vec<(usize, NodeId, String)> = Vec::new();
    let mut inside: Option<(NodeId, usize, String)> = None;
    for edge in page.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match &mut inside {
                Some((_, _, text)) => {
                    if let Node::Text(t) = node.value() {
                        text.push_str(t);
                        text.push(' ');
                    }
                }
                None => {
                    if let Some(&r) = matched.get(&node.id()) {
                        inside = Some((node.id(), r, String::new()));
                    }
                }
            },
            Edge::Close(node) => {
                if inside.as_ref().is_some_and(|(id, _, _)| *id == node.id()) {
                    if let Some((id, r, text)) = inside.take() {
                        outermost.push((r, id, text));
                    }
                }
            }
        }
    }
    for (_, id, _) in &outermost {
        if let Some(mut node) = page.tree.get_mut(*id) {
            node.detach();
        }
    }
    // Stable: within a rule, the page's order stays.
    outermost.sort_by_key(|(r, _, _)| *r);
    outermost
        .into_iter()
        .filter_map(|(r, _, text)| {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            (!text.is_empty()).then(|| Removal {
                by: rules[r].by.clone(),
                block: 0,
                cut: Cut::Element,
                text,
            })
        })
        .collect()
}

/// Leaves `kept` as the body's one child, inside an `<article>` (the head stays, for the
/// metadata), and says whether the page changed. Keeping the body itself, or the whole page,
/// changes nothing.
fn keep_only(page: &mut Html, kept: NodeId) -> bool {
    let Some(body) = page
        .root_element()
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .find(|e| e.value().name() == "body")
        .map(|b| b.id())
    else {
        return false;
    };
    let encloses_body = page
        .tree
        .get(body)
        .is_some_and(|b| b.id() == kept || b.ancestors().any(|a| a.id() == kept));
    if encloses_body {
        return false;
    }
    let Some(article) = article_element() else {
        return false;
    };
    let children: Vec<NodeId> = page
        .tree
        .get(body)
        .map(|b| b.children().map(|c| c.id()).collect())
        .unwrap_or_default();
    for id in children {
        if let Some(mut child) = page.tree.get_mut(id) {
            child.detach();
        }
    }
    let article = page.tree.orphan(article).id();
    if let Some(mut a) = page.tree.get_mut(article) {
        a.append_id(kept);
    }
    if let Some(mut b) = page.tree.get_mut(body) {
        b.append_id(article);
    }
    true
}

/// A bare `<article>` element node, taken from a tiny fragment (scraper builds element nodes
/// only through its parser).
fn article_element() -> Option<Node> {
    let fragment = Html::parse_fragment("<article></article>");
    let article = fragment
        .root_element()
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .find(|e| e.value().name() == "article")?;
    Some(Node::Element(article.value().clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::SiteRules;
    use std::path::Path;

    fn rules(text: &str) -> SiteRules {
        SiteRules::parse(text, Path::new("site.toml")).expect("valid rules")
    }

    #[test]
    fn removed_elements_are_gone_and_recorded() {
        let r = rules(
            "sites = [\"a.com\"]\n[[rule]]\nname = \"promo\"\nselector = \"div.promo\"\naction = \"remove_element\"\n",
        );
        let sel: Vec<_> = r.selectors().collect();
        let mut page = Html::parse_document(
            "<html><body><p>Keep me.</p><div class=promo>Buy <b>now</b></div></body></html>",
        );
        let removals = apply(&mut page, &sel);
        let html = page.html();
        assert!(html.contains("Keep me.") && !html.contains("Buy"));
        assert_eq!(removals[0].by, "rule:site/promo");
        assert_eq!(removals[0].text, "Buy now");
    }

    #[test]
    fn keep_only_keeps_the_head_and_the_element() {
        let r = rules(
            "sites = [\"a.com\"]\n[[rule]]\nname = \"body\"\nselector = \"#story\"\naction = \"keep_only\"\n",
        );
        let sel: Vec<_> = r.selectors().collect();
        let mut page = Html::parse_document(
            "<html><head><title>T</title></head><body><nav>Menu</nav><div id=story><p>Text.</p></div></body></html>",
        );
        apply(&mut page, &sel);
        let html = page.html();
        assert!(
            html.contains("<title>T</title>") && html.contains("Text.") && !html.contains("Menu")
        );
        assert!(html.contains("<body><article><div id=\"story\">"), "{html}");
    }

    #[test]
    fn rules_that_match_nothing_leave_the_page_alone() {
        let r = rules(
            "sites = [\"a.com\"]\n[[rule]]\nname = \"x\"\nselector = \".nothing\"\naction = \"remove_element\"\n",
        );
        let sel: Vec<_> = r.selectors().collect();
        let mut page = Html::parse_document("<p>Hi</p>");
        assert!(apply(&mut page, &sel).is_empty());
        assert!(page.html().contains("<p>Hi</p>"));
    }

    /// Found by fuzzing (issue 9): `*` with `remove_element` gathered the text of every element
    /// for every element, quadratic in time and memory (20,000 elements: 9.8 s, 1 GB). Only the
    /// outermost match is recorded now, and the page is walked once.
    #[test]
    fn a_selector_matching_every_element_records_the_outermost_once() {
        let r = rules(
            "sites = [\"a.com\"]\n[[rule]]\nname = \"all\"\nselector = \"div\"\naction = \"remove_element\"\n",
        );
        let sel: Vec<_> = r.selectors().collect();
        let n = 300;
        let html = format!(
            "<p>Keep.</p>{}deep{}<div>second</div>",
            "<div>x ".repeat(n),
            "</div>".repeat(n)
        );
        let mut page = Html::parse_document(&html);
        let removals = apply(&mut page, &sel);
        assert_eq!(removals.len(), 2);
        assert_eq!(removals[0].text.split(' ').filter(|w| *w == "x").count(), n);
        assert_eq!(removals[1].text, "second");
        assert!(page.html().contains("Keep.") && !page.html().contains("deep"));
    }

    /// Found by the fuzz suite (issue 9): `*` (or `html`, `:root`) with `remove_element`
    /// removed the `<html>` element itself, and reading the page's metadata then panicked.
    #[test]
    fn a_rule_matching_the_html_element_leaves_it() {
        for selector in ["*", "html", ":root", "html, body"] {
            let r = rules(&format!(
                "sites = [\"a.com\"]\n[[rule]]\nname = \"all\"\nselector = {selector:?}\naction = \"remove_element\"\n"
            ));
            let sel: Vec<_> = r.selectors().collect();
            let mut page = Html::parse_document("<title>T</title><p>Text.</p>");
            apply(&mut page, &sel);
            assert_eq!(page.root_element().value().name(), "html", "{selector}");
        }
    }

    /// Found in review: scraper's `select` walks every node ever made, removed ones too, so a
    /// `keep_only` rule could bring back an element a `remove_element` rule had removed.
    #[test]
    fn keep_only_does_not_find_what_was_removed() {
        let r = rules(
            "sites = [\"a.com\"]\n[[rule]]\nname = \"promo\"\nselector = \".promo\"\naction = \"remove_element\"\n[[rule]]\nname = \"body\"\nselector = \"article\"\naction = \"keep_only\"\n",
        );
        let sel: Vec<_> = r.selectors().collect();
        let mut page = Html::parse_document(
            "<div class=promo><article>Buy now</article></div><main><article>The story.</article></main>",
        );
        apply(&mut page, &sel);
        let html = page.html();
        assert!(
            html.contains("The story.") && !html.contains("Buy now"),
            "{html}"
        );
        assert_eq!(page.tree.nodes().filter(|n| n.value().is_text()).count(), 1);
    }

    #[test]
    fn keep_only_the_body_changes_nothing() {
        let r = rules(
            "sites = [\"a.com\"]\n[[rule]]\nname = \"b\"\nselector = \"body\"\naction = \"keep_only\"\n",
        );
        let sel: Vec<_> = r.selectors().collect();
        let mut page = Html::parse_document("<nav>Menu</nav><p>Text.</p>");
        apply(&mut page, &sel);
        assert!(page.html().contains("Menu") && page.html().contains("Text."));
    }
}
