//! Site rules on the HTML stage: a site's rule file can name the element that holds the article
//! (`keep_only`) or elements to remove before extraction (`remove_element`), for the pages where
//! scoring alone gets a site wrong.
//!
//! Runs only for pages whose site has such rules: the page is parsed, pruned, and handed back as
//! HTML for the normal extraction, which then sees only what the rules left. A `keep_only` whose
//! elements hold too little text is set aside (recorded in the trail) and the whole page is
//! extracted, since a stale selector would otherwise lose the article.

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
    let keep = keep_only(&page, rules, &mut removals);
    if let Some(kept) = keep {
        // The head stays, for the metadata; the body is the kept elements alone.
        let head = page
            .root_element()
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "head")
            .map(|h| h.html())
            .unwrap_or_default();
        let body = format!("<html>{head}<body><article>{kept}</article></body></html>");
        return Some((body, removals));
    }
    if changed {
        Some((page.html(), removals))
    } else {
        // A keep_only set aside changes nothing, but the trail must say so.
        (!removals.is_empty()).then(|| (html.to_string(), removals))
    }
}

/// Fewer words than this in what a `keep_only` rule matched means the selector is stale (it
/// found a caption, a teaser, an empty shell) rather than the article: FiveFilters configs go
/// stale as sites are redesigned, and a wrong keep loses the whole article.
const MIN_KEPT_WORDS: usize = 30;
/// Nor may the kept elements hold less than this share of the page body's words.
const MIN_KEPT_SHARE: f64 = 0.05;

/// The markup of what the first `keep_only` rule with enough text matched: every element it
/// matches that is not inside another match, in page order. When no rule holds enough text, the
/// trail says so (one [`Cut::FellBack`] per rule) and the page is extracted whole.
fn keep_only(page: &Html, rules: &[SelectorRule<'_>], trail: &mut Vec<Removal>) -> Option<String> {
    let keep_rules: Vec<_> = rules
        .iter()
        .filter(|r| r.action == Action::KeepOnly)
        .collect();
    if keep_rules.is_empty() {
        return None;
    }
    let body_words = words(page.root_element());
    let mut set_aside = Vec::new();
    for rule in keep_rules {
        let mut kept: Vec<scraper::ElementRef<'_>> = Vec::new();
        for el in page.select(rule.selector) {
            if !kept
                .iter()
                .any(|k| el.ancestors().any(|a| a.id() == k.id()))
            {
                kept.push(el);
            }
        }
        let n: usize = kept.iter().map(|e| words(*e)).sum();
        if n >= MIN_KEPT_WORDS && n as f64 >= MIN_KEPT_SHARE * body_words as f64 {
            return Some(kept.iter().map(|e| e.html()).collect());
        }
        let why = if kept.is_empty() {
            "keep_only matched nothing".to_string()
        } else {
            format!(
                "keep_only matched {n} words of the page's {body_words}, too few to be the article"
            )
        };
        set_aside.push(Removal {
            by: rule.by.clone(),
            block: 0,
            cut: Cut::FellBack,
            text: why,
        });
    }
    trail.extend(set_aside);
    None
}

fn words(el: scraper::ElementRef<'_>) -> usize {
    el.text().map(|t| t.split_whitespace().count()).sum()
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

    /// An article paragraph long enough to be kept.
    const STORY: &str = "<p>The council approved the budget on Monday after a long debate about \
        the new school, the bridge repairs and the library hours, which the mayor said would \
        return to normal in the spring once the new staff have been hired and trained.</p>";

    fn keep(selector: &str) -> SiteRules {
        rules(&format!(
            "sites = [\"a.com\"]\n[[rule]]\nname = \"body\"\nselector = \"{selector}\"\naction = \"keep_only\"\n"
        ))
    }

    #[test]
    fn keep_only_keeps_the_head_and_the_element() {
        let r = keep("#story");
        let sel: Vec<_> = r.selectors().collect();
        let (html, removals) = apply(
            &format!("<html><head><title>T</title></head><body><nav>Menu</nav><div id=story>{STORY}</div></body></html>"),
            &sel,
        )
        .expect("changed");
        assert!(
            html.contains("<title>T</title>") && html.contains("council") && !html.contains("Menu")
        );
        assert!(removals.is_empty());
    }

    #[test]
    fn keep_only_keeps_every_match_once() {
        let r = keep("div.part");
        let sel: Vec<_> = r.selectors().collect();
        let (html, _) = apply(
            &format!("<body><div class=part>{STORY}<div class=part><p>Inner part.</p></div></div><aside>Ad</aside><div class=part><p>Second part.</p></div></body>"),
            &sel,
        )
        .expect("changed");
        assert!(html.contains("Second part.") && !html.contains("Ad"));
        assert_eq!(html.matches("Inner part.").count(), 1);
    }

    #[test]
    fn a_stale_keep_only_falls_back_to_the_whole_page_and_says_so() {
        // The selector finds a caption, not the article: extracting only it would lose the story.
        let r = keep("figcaption");
        let sel: Vec<_> = r.selectors().collect();
        let page =
            format!("<body><figure><figcaption>A photo.</figcaption></figure>{STORY}</body>");
        let (html, removals) = apply(&page, &sel).expect("the fallback is recorded");
        assert!(html.contains("council approved"));
        assert_eq!(removals.len(), 1);
        assert_eq!(removals[0].cut, Cut::FellBack);
        assert!(removals[0].text.contains("2 words"), "{}", removals[0].text);

        let r = keep("#gone");
        let sel: Vec<_> = r.selectors().collect();
        let (html, removals) = apply(&page, &sel).expect("the fallback is recorded");
        assert!(html.contains("council approved"));
        assert_eq!(removals[0].text, "keep_only matched nothing");
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
