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

/// A page with a site's HTML-stage rules applied.
#[derive(Debug, Clone)]
pub struct Pruned {
    /// The page with the `remove_element` rules applied.
    pub html: String,
    /// What a `keep_only` rule kept (its name, and a page of the kept elements), to extract and
    /// weigh against the whole page with [`agrees`].
    pub kept: Option<(String, String)>,
    /// A record of each element removed, and of each `keep_only` set aside.
    pub removals: Vec<Removal>,
}

/// `html` with the rules applied. `None` when no rule matched anything.
pub fn apply(html: &str, rules: &[SelectorRule<'_>]) -> Option<Pruned> {
    let mut page = Html::parse_document(html);
    let mut removals = Vec::new();
    let mut changed = false;
    let body_words = words(page.root_element());
    for rule in rules.iter().filter(|r| r.action == Action::RemoveElement) {
        let mut ids = Vec::new();
        for el in page.select(rule.selector) {
            let n = words(el);
            if n as f64 > MAX_REMOVED_SHARE * body_words as f64 {
                removals.push(Removal {
                    by: rule.by.clone(),
                    block: 0,
                    cut: Cut::FellBack,
                    text: format!(
                        "remove_element matched an element holding {n} of the page's {body_words} words (the article's container?): not removed"
                    ),
                });
                continue;
            }
            ids.push(el.id());
        }
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
    let html = if changed {
        page.html()
    } else {
        html.to_string()
    };
    if let Some((by, kept)) = keep {
        // The head stays, for the metadata; the body is the kept elements alone, in a plain
        // container: extraction still scores inside what was kept (a kept element can hold
        // comments or related links too), with no <article> hint that would take it all.
        let head = page
            .root_element()
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "head")
            .map(|h| h.html())
            .unwrap_or_default();
        let body = format!("<html>{head}<body><div>{kept}</div></body></html>");
        return Some(Pruned {
            html,
            kept: Some((by, body)),
            removals,
        });
    }
    // A keep_only set aside changes nothing, but the trail must say so.
    (changed || !removals.is_empty()).then_some(Pruned {
        html,
        kept: None,
        removals,
    })
}

/// What a `keep_only` rule gave, against what the whole page gives, may differ by this factor in
/// words either way and still be taken: a kept element that yields under half the article's
/// words found a fragment; one that yields far more holds the comments or the related stories
/// the generic extraction had left out. Checked on aeb, where stale configs of wsj.com and
/// macrumors.com did both.
const KEPT_AGREEMENT: (f64, f64) = (0.5, 1.25);

/// `Ok` unless the document the site's rules gave has less than half the words of the one the
/// page gives without them: a rule that removes the article's container, or a script the
/// article's structured data is in, is stale, and the page is better extracted without rules.
pub fn keeps_the_article(ruled: &crate::Document, plain: &crate::Document) -> Result<(), String> {
    let (r, p) = (doc_words(ruled), doc_words(plain));
    if (r as f64) < KEPT_AGREEMENT.0 * p as f64 {
        return Err(format!(
            "the site's rules left {r} words where the page without them gives {p}: rules set aside"
        ));
    }
    Ok(())
}

fn doc_words(d: &crate::Document) -> usize {
    d.blocks
        .iter()
        .map(|b| crate::text::word_count(&b.text))
        .sum()
}

/// `Ok` when the document extracted from the kept elements can be trusted over the one extracted
/// from the whole page; `Err` with the reason for the trail otherwise. A whole page with no text
/// is no yardstick: then the kept elements are taken.
pub fn agrees(kept: &crate::Document, whole: &crate::Document) -> Result<(), String> {
    let (k, w) = (doc_words(kept), doc_words(whole));
    if w == 0 {
        return Ok(());
    }
    let ratio = k as f64 / w as f64;
    if ratio < KEPT_AGREEMENT.0 || ratio > KEPT_AGREEMENT.1 {
        return Err(format!(
            "keep_only gave {k} words where the whole page gives {w}: set aside, the whole page was extracted"
        ));
    }
    Ok(())
}

/// A `remove_element` match holding more than this share of the page's words is the article's
/// own container under a stale or too broad selector (on aeb, wsj.com's configs took the whole
/// story): it is left in place, and the trail says so.
const MAX_REMOVED_SHARE: f64 = 0.4;

/// Fewer words than this in what a `keep_only` rule matched means the selector is stale (it
/// found a caption, a teaser, an empty shell) rather than the article: FiveFilters configs go
/// stale as sites are redesigned, and a wrong keep loses the whole article.
const MIN_KEPT_WORDS: usize = 30;
/// Nor may the kept elements hold less than this share of the page body's words.
const MIN_KEPT_SHARE: f64 = 0.05;

/// The markup of what the first `keep_only` rule with enough text matched: every element it
/// matches that is not inside another match, in page order. When no rule holds enough text, the
/// trail says so (one [`Cut::FellBack`] per rule) and the page is extracted whole.
fn keep_only(
    page: &Html,
    rules: &[SelectorRule<'_>],
    trail: &mut Vec<Removal>,
) -> Option<(String, String)> {
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
            return Some((rule.by.clone(), kept.iter().map(|e| e.html()).collect()));
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
        let Pruned { html, removals, .. } = apply(
            &format!("<html><body><p>Keep me.</p>{STORY}<div class=promo>Buy <b>now</b></div></body></html>"),
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
        let p = apply(
            &format!("<html><head><title>T</title></head><body><nav>Menu</nav><div id=story>{STORY}</div></body></html>"),
            &sel,
        )
        .expect("changed");
        let (by, html) = p.kept.expect("kept");
        assert_eq!(by, "rule:site/body");
        let removals = p.removals;
        assert!(
            html.contains("<title>T</title>") && html.contains("council") && !html.contains("Menu")
        );
        assert!(removals.is_empty());
    }

    #[test]
    fn keep_only_keeps_every_match_once() {
        let r = keep("div.part");
        let sel: Vec<_> = r.selectors().collect();
        let (_, html) = apply(
            &format!("<body><div class=part>{STORY}<div class=part><p>Inner part.</p></div></div><aside>Ad</aside><div class=part><p>Second part.</p></div></body>"),
            &sel,
        )
        .and_then(|p| p.kept)
        .expect("kept");
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
        let Pruned {
            html,
            removals,
            kept,
        } = apply(&page, &sel).expect("the fallback is recorded");
        assert!(html.contains("council approved") && kept.is_none());
        assert_eq!(removals.len(), 1);
        assert_eq!(removals[0].cut, Cut::FellBack);
        assert!(removals[0].text.contains("2 words"), "{}", removals[0].text);

        let r = keep("#gone");
        let sel: Vec<_> = r.selectors().collect();
        let Pruned { html, removals, .. } = apply(&page, &sel).expect("the fallback is recorded");
        assert!(html.contains("council approved"));
        assert_eq!(removals[0].text, "keep_only matched nothing");
    }

    #[test]
    fn a_kept_element_far_from_the_article_is_set_aside() {
        let doc = |words: usize| {
            let mut d = crate::Document::new("", "");
            d.blocks.push(crate::Block::new(
                crate::BlockKind::Paragraph,
                vec!["word"; words].join(" "),
                0,
            ));
            d
        };
        assert!(agrees(&doc(90), &doc(100)).is_ok());
        // A fragment (a paywalled teaser's header), or the article with its comments.
        assert!(agrees(&doc(20), &doc(100)).is_err());
        assert!(agrees(&doc(400), &doc(100))
            .unwrap_err()
            .contains("400 words"));
        // The generic extraction found nothing: the site's rule is all there is.
        assert!(agrees(&doc(50), &doc(0)).is_ok());
    }

    #[test]
    fn a_removal_that_would_take_the_article_is_refused() {
        let r = rules(
            "sites = [\"a.com\"]\n[[rule]]\nname = \"wide\"\nselector = \"div.wrap\"\naction = \"remove_element\"\n",
        );
        let sel: Vec<_> = r.selectors().collect();
        let p = apply(
            &format!("<body><nav>Home</nav><div class=wrap>{STORY}</div></body>"),
            &sel,
        )
        .expect("recorded");
        assert!(p.html.contains("council approved"));
        assert_eq!(p.removals[0].cut, Cut::FellBack);
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
