//! Site rules weighed against the page without them. The FiveFilters configs go stale as sites
//! are redesigned: a `keep_only` then finds nothing, a fragment, or a box holding the comments
//! too, and a `remove_element` can take the article's own container. So the page is extracted
//! with its site's rules and without them, and the rules' result is taken only when it agrees
//! with the plain one; otherwise the plain result is, and the trail says why (a
//! [`Cut::FellBack`] entry naming the rule file).

use super::html::Page;
use crate::document::Document;
use crate::rules::{Action, SelectorRule};
use crate::trail::{Cut, Removal};

/// The words of the rules' result may be this share of the plain result's, either way, when a
/// `keep_only` rule applied: under half is a fragment (wsj.com's stale configs on aeb kept a
/// header), far more holds the comments the plain extraction left out (macrumors.com on aeb).
const KEPT_AGREEMENT: (f64, f64) = (0.5, 1.25);

/// `Ok` when `ruled` (extracted with the site's rules) can be trusted over `plain` (extracted
/// without them); `Err` with the reason otherwise. A plain result with no text is no yardstick.
pub fn agrees(ruled: &Document, plain: &Document, kept: bool) -> Result<(), String> {
    let (r, p) = (words(ruled), words(plain));
    if p == 0 {
        return Ok(());
    }
    let ratio = r as f64 / p as f64;
    let upper = if kept {
        KEPT_AGREEMENT.1
    } else {
        f64::INFINITY
    };
    if ratio < KEPT_AGREEMENT.0 || ratio > upper {
        return Err(format!(
            "the site's rules gave {r} words where the page without them gives {p}: rules set aside, the whole page was extracted"
        ));
    }
    Ok(())
}

/// A trail entry saying the rules of `rules`' file were set aside, and why.
pub fn set_aside(rules: &[SelectorRule<'_>], why: String) -> Removal {
    let by = rules
        .first()
        .and_then(|r| r.by.rsplit_once('/'))
        .map_or("rule", |(file, _)| file);
    Removal {
        by: by.to_string(),
        block: 0,
        cut: Cut::FellBack,
        text: why,
    }
}

/// Trail entries for the `keep_only` rules that match nothing on the page (then the page is
/// extracted whole, which the trail should say). The page is the pre-passed tree every rule sees.
pub fn unmatched_keeps(page: &Page<'_>, rules: &[SelectorRule<'_>]) -> Vec<Removal> {
    let keeps: Vec<_> = rules
        .iter()
        .filter(|r| r.action == Action::KeepOnly)
        .collect();
    if keeps.is_empty() {
        return Vec::new();
    }
    let page = page.tree();
    if keeps
        .iter()
        .any(|r| page.select(r.selector).next().is_some())
    {
        return Vec::new();
    }
    keeps
        .iter()
        .map(|r| Removal {
            by: r.by.clone(),
            block: 0,
            cut: Cut::FellBack,
            text: "keep_only matched nothing: the whole page was extracted".into(),
        })
        .collect()
}

fn words(d: &Document) -> usize {
    d.blocks
        .iter()
        .map(|b| crate::text::word_count(&b.text))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::SiteRules;
    use std::path::Path;

    fn doc(n: usize) -> Document {
        let mut d = Document::new("", "");
        d.blocks.push(crate::Block::new(
            crate::BlockKind::Paragraph,
            vec!["word"; n].join(" "),
            0,
        ));
        d
    }

    #[test]
    fn a_result_far_from_the_plain_page_is_set_aside() {
        assert!(agrees(&doc(90), &doc(100), true).is_ok());
        // A fragment, or the article with its comments.
        assert!(agrees(&doc(20), &doc(100), true).is_err());
        assert!(agrees(&doc(400), &doc(100), true)
            .unwrap_err()
            .contains("400 words"));
        // Removals alone may not take half the article, and cannot add to it.
        assert!(agrees(&doc(40), &doc(100), false).is_err());
        assert!(agrees(&doc(100), &doc(100), false).is_ok());
        // The plain extraction found nothing: the site's rules are all there is.
        assert!(agrees(&doc(50), &doc(0), true).is_ok());
    }

    #[test]
    fn a_keep_only_that_matches_nothing_is_recorded() {
        let rules = SiteRules::parse(
            "sites = [\"a.com\"]\n[[rule]]\nname = \"body\"\nselector = \"#gone\"\naction = \"keep_only\"\n",
            Path::new("site.toml"),
        )
        .expect("valid");
        let sel: Vec<_> = rules.selectors().collect();
        let r = unmatched_keeps(&Page::new("<body><p>Text.</p></body>", &sel), &sel);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].cut, Cut::FellBack);
        assert_eq!(r[0].by, "rule:site/body");
        assert!(
            unmatched_keeps(&Page::new("<body><div id=gone>x</div></body>", &sel), &sel).is_empty()
        );
        assert_eq!(set_aside(&sel, "why".into()).by, "rule:site");
    }
}
