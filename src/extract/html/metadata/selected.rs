//! Metadata a site's rules point at: `title`, `author` and `date` selectors (the FiveFilters site
//! configs have them for hundreds of sites). A site rule is more specific than any generic source,
//! so what it finds replaces what [`super::read`] found; what it does not find, or finds in a
//! form that does not pass the field's checks (a date that cannot be read without guessing, an
//! author string that is not a name), leaves the generic value in place.

use scraper::ElementRef;

use super::{dates, names, text};
use crate::document::{Field, MetaSource, Metadata};
use crate::extract::html::Page;
use crate::rules::{Action, SelectorRule};

/// Applies the metadata rules among `rules` to `page`, overwriting the fields of `meta` they
/// find. The page is the pre-passed tree the extraction reads (the one the other site rules see):
/// a byline holding a script or an icon reads as its text alone.
pub fn apply(page: &Page<'_>, rules: &[SelectorRule<'_>], meta: &mut Metadata) {
    if !rules.iter().any(|r| r.action.is_metadata()) {
        return;
    }
    let page = page.tree();
    let mut title_set = false;
    let mut date_set = false;
    let mut authors: Vec<String> = Vec::new();
    for rule in rules {
        let values = page
            .select(rule.selector)
            .map(|el| value_of(el, rule.attribute))
            .filter(|v| !v.is_empty());
        match rule.action {
            Action::Title if !title_set => {
                if let Some(v) = values.into_iter().next() {
                    meta.title = Some(Field::new(v, MetaSource::SiteRule));
                    title_set = true;
                }
            }
            Action::Date if !date_set => {
                if let Some(v) = values.into_iter().find_map(|v| dates::normalise(&v)) {
                    meta.published = Some(Field::new(v, MetaSource::SiteRule));
                    date_set = true;
                }
            }
            Action::Author if authors.is_empty() => {
                for v in values {
                    names::push_names(&v, &mut authors);
                }
            }
            _ => {}
        }
    }
    if !authors.is_empty() {
        meta.authors = Some(Field::new(authors, MetaSource::SiteRule));
    }
}

/// The element's `attribute`, or its text, cleaned.
fn value_of(el: ElementRef<'_>, attribute: Option<&str>) -> String {
    match attribute {
        Some(a) => text::clean(el.value().attr(a).unwrap_or_default()),
        None => text::collapse(&el.text().collect::<Vec<_>>().join(" ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::SiteRules;
    use std::path::Path;

    const RULES: &str = r#"
sites = ["a.com"]
[[rule]]
name = "title"
selector = "h2.headline"
action = "title"
[[rule]]
name = "date"
selector = "meta[name=\"pubdate\"]"
attribute = "content"
action = "date"
[[rule]]
name = "author"
selector = "span.writer"
action = "author"
"#;

    #[test]
    fn site_selectors_replace_what_the_page_guessed() {
        let rules = SiteRules::parse(RULES, Path::new("a.toml")).expect("valid");
        let sel: Vec<_> = rules.selectors().collect();
        let mut meta = Metadata {
            title: Some(Field::new("A Site | Home".into(), MetaSource::Page)),
            ..Metadata::default()
        };
        apply(
            &Page::new(
                r#"<html><head><meta name="pubdate" content="2021-03-04"></head><body>
            <h2 class="headline">Council Approves Budget</h2><span class="writer">By Ann Lee</span></body></html>"#,
                &sel,
            ),
            &sel,
            &mut meta,
        );
        let title = meta.title.expect("title");
        assert_eq!(title.value, "Council Approves Budget");
        assert_eq!(title.source, MetaSource::SiteRule);
        assert_eq!(meta.published.expect("date").value, "2021-03-04");
        assert_eq!(meta.authors.expect("authors").value, ["Ann Lee"]);
    }

    #[test]
    fn a_byline_holding_a_script_reads_as_its_name() {
        let rules = SiteRules::parse(RULES, Path::new("a.toml")).expect("valid");
        let sel: Vec<_> = rules.selectors().collect();
        let mut meta = Metadata::default();
        apply(
            &Page::new(
                r#"<body><span class="writer">By Ann Lee<script>track("byline")</script></span></body>"#,
                &sel,
            ),
            &sel,
            &mut meta,
        );
        assert_eq!(meta.authors.expect("authors").value, ["Ann Lee"]);
    }

    #[test]
    fn a_date_that_cannot_be_read_leaves_the_page_date() {
        let rules = SiteRules::parse(RULES, Path::new("a.toml")).expect("valid");
        let sel: Vec<_> = rules.selectors().collect();
        let mut meta = Metadata {
            published: Some(Field::new("2020-01-01".into(), MetaSource::JsonLd)),
            ..Metadata::default()
        };
        apply(
            &Page::new(
                r#"<html><head><meta name="pubdate" content="3 hours ago"></head><body></body></html>"#,
                &sel,
            ),
            &sel,
            &mut meta,
        );
        assert_eq!(meta.published.expect("date").source, MetaSource::JsonLd);
        assert!(meta.title.is_none());
    }
}
