//! The text stage of site rules: what a site's phrase and regex rules remove from a document's
//! blocks. The rules themselves (the file model, parsing, validation) live in [`crate::rules`],
//! which the HTML stage shares; this file is only their application to text.

use super::{cut_span, cut_spans, drop_blocks, BlockFacts, Cleaner};
use crate::document::Document;
use crate::rules::{Action, Matcher, Rule, RuleSet, SiteRules};
use crate::text::looks_like_title;
use crate::trail::Trail;

impl SiteRules {
    /// Applies the text rules to `doc`.
    pub(crate) fn apply(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        for rule in &self.rules {
            let mut by = RuleName {
                site: &self.name,
                rule: &rule.name,
                written: None,
            };
            rule.apply(doc, trail, &mut by, facts);
        }
    }
}

/// The name a rule's removals are recorded under (`rule:SITE/RULE`), written out only when the
/// rule removes something: most rules of a site remove nothing from most of its pages, and the
/// chain applies them at every pass.
struct RuleName<'a> {
    site: &'a str,
    rule: &'a str,
    written: Option<String>,
}

impl RuleName<'_> {
    fn as_str(&mut self) -> &str {
        let (site, rule) = (self.site, self.rule);
        self.written
            .get_or_insert_with(|| format!("rule:{site}/{rule}"))
    }
}

/// Drops the blocks marked in `drop`, recording them under `by` (named only if one is dropped).
fn drop_marked(doc: &mut Document, trail: &mut Trail, by: &mut RuleName, drop: &[bool]) {
    if drop.contains(&true) {
        drop_blocks(doc, trail, by.as_str(), drop);
    }
}

impl Rule {
    fn apply(
        &self,
        doc: &mut Document,
        trail: &mut Trail,
        by: &mut RuleName,
        facts: &mut BlockFacts,
    ) {
        match (&self.matcher, self.action) {
            (Matcher::Selector(_), _) => {}
            (Matcher::WholeBlock(phrase), Action::DropLabelAndTitles) => {
                let n = doc.blocks.len();
                let mut drop = vec![false; n];
                let mut i = 0;
                while i < n {
                    if facts.folded(&doc.blocks[i]) == phrase {
                        drop[i] = true;
                        let titles = doc.blocks[i + 1..]
                            .iter()
                            .take(self.max_titles)
                            .take_while(|b| looks_like_title(&b.text, 24))
                            .count();
                        for d in &mut drop[i + 1..i + 1 + titles] {
                            *d = true;
                        }
                        i += titles;
                    }
                    i += 1;
                }
                drop_marked(doc, trail, by, &drop);
            }
            (Matcher::WholeBlock(phrase), _) => {
                let drop: Vec<bool> = doc
                    .blocks
                    .iter()
                    .map(|b| facts.folded(b) == phrase)
                    .collect();
                drop_marked(doc, trail, by, &drop);
            }
            (Matcher::Pattern(re), Action::DropBlock | Action::DropLabelAndTitles) => {
                let drop: Vec<bool> = doc.blocks.iter().map(|b| re.is_match(&b.text)).collect();
                drop_marked(doc, trail, by, &drop);
            }
            (Matcher::Pattern(re), Action::StripPrefix) => {
                for i in (0..doc.blocks.len()).rev() {
                    let text = &doc.blocks[i].text;
                    if let Some(m) = re
                        .find(text)
                        .filter(|m| text[..m.start()].trim().is_empty())
                    {
                        if m.end() > 0 {
                            cut_span(doc, trail, by.as_str(), i, (0, m.end()), facts);
                        }
                    }
                }
            }
            (Matcher::Pattern(re), Action::StripSuffix) => {
                for i in (0..doc.blocks.len()).rev() {
                    let text = &doc.blocks[i].text;
                    let last = re.find_iter(text).last();
                    if let Some(m) = last.filter(|m| text[m.end()..].trim().is_empty()) {
                        let end = text.len();
                        cut_span(doc, trail, by.as_str(), i, (m.start(), end), facts);
                    }
                }
            }
            (Matcher::Pattern(re), Action::StripText) => {
                for i in (0..doc.blocks.len()).rev() {
                    // An empty match removes nothing, so it is no cut.
                    let spans: Vec<(usize, usize)> = re
                        .find_iter(&doc.blocks[i].text)
                        .filter(|m| !m.is_empty())
                        .map(|m| (m.start(), m.end()))
                        .collect();
                    if !spans.is_empty() {
                        cut_spans(doc, trail, by.as_str(), i, &spans, facts);
                    }
                }
            }
            (Matcher::Pattern(re), Action::CutFrom) => {
                let hit = doc
                    .blocks
                    .iter()
                    .enumerate()
                    .find_map(|(i, b)| re.find(&b.text).map(|m| (i, m.start())));
                if let Some((i, start)) = hit {
                    let mut drop = vec![false; doc.blocks.len()];
                    for d in &mut drop[i + 1..] {
                        *d = true;
                    }
                    drop_marked(doc, trail, by, &drop);
                    let end = doc.blocks[i].text.len();
                    cut_span(doc, trail, by.as_str(), i, (start, end), facts);
                }
            }
            (
                Matcher::Pattern(_),
                Action::RemoveElement
                | Action::KeepOnly
                | Action::Title
                | Action::Author
                | Action::Date,
            ) => {}
        }
    }
}

impl Cleaner for RuleSet {
    fn name(&self) -> &str {
        "site_rules"
    }

    fn clean(&self, doc: &mut Document, trail: &mut Trail) {
        self.clean_with(doc, trail, &mut BlockFacts::new());
    }

    fn clean_with(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        let host = facts.host(doc).map(str::to_string);
        for file in self.for_host(host.as_deref()) {
            file.apply(doc, trail, facts);
        }
    }
}
