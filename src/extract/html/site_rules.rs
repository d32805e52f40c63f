//! Site rules on the HTML stage: a site's rule file can name the element that holds the article
//! (`keep_only`) or elements to remove before extraction (`remove_element`), for the pages where
//! scoring alone gets a site wrong.
//!
//! Runs only for pages whose site has such rules: the page is parsed, pruned, and handed back as
//! HTML for the normal extraction, which then sees only what the rules left.

use crate::rules::{Action, SelectorRule};
use crate::trail::{Cut, Removal};
use scraper::{Html, Node};

/// `html` with the rules applied, and a record of each element removed. `None` when no rule
/// matched anything.
pub fn apply(html: &str, rules: &[SelectorRule<'_>]) -> Option<(String, Vec<Removal>)> {
    let mut page = Html::parse_document(html);
    let mut removals = Vec::new();
    let mut changed = false;
    for rule in rules.iter().filter(|r| r.action == Action::RemoveElement) {
        let ids: Vec<_> = page.select(rule.selector).map(|el| el.id()).collect();
        for id in ids {
            let Some(el) = page.tree.get(id) else {
                continue;
            };
            let text: String = el
                .descendants()
                .filter_map(|n| match n.value() {
                    Node::Text(t) => Some(&**t),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ");
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(mut node) = page.tree.get_mut(id) {
                node.detach();
                changed = true;
            }
            if !text.is_empty() {
                removals.push(Removal {
                    by: rule.by.clone(),
                    block: 0,
                    cut: Cut::Element,
                    text,
                });
            }
        }
    }
    let keep = rules
        .iter()
        .filter(|r| r.action == Action::KeepOnly)
        .find_map(|r| page.select(r.selector).next());
    if let Some(kept) = keep {
        // The head stays, for the metadata; the body is the kept element alone.
        let head = page
            .root_element()
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "head")
            .map(|h| h.html())
            .unwrap_or_default();
        let body = format!(
            "<html>{head}<body><article>{}</article></body></html>",
            kept.html()
        );
        return Some((body, removals));
    }
    changed.then(|| (page.html(), removals))
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
        let (html, removals) = apply(
            "<html><body><p>Keep me.</p><div class=promo>Buy <b>now</b></div></body></html>",
            &sel,
        )
        .expect("changed");
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
        let (html, _) = apply(
            "<html><head><title>T</title></head><body><nav>Menu</nav><div id=story><p>Text.</p></div></body></html>",
            &sel,
        )
        .expect("changed");
        assert!(
            html.contains("<title>T</title>") && html.contains("Text.") && !html.contains("Menu")
        );
    }

    #[test]
    fn rules_that_match_nothing_leave_the_page_alone() {
        let r = rules(
            "sites = [\"a.com\"]\n[[rule]]\nname = \"x\"\nselector = \".nothing\"\naction = \"remove_element\"\n",
        );
        let sel: Vec<_> = r.selectors().collect();
        assert!(apply("<p>Hi</p>", &sel).is_none());
    }
}
