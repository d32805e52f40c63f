//! Page metadata (title, JSON-LD). A minimal stand-in with the agreed interface; the metadata
//! engineer's module replaces this file at merge.

use crate::document::{Field, MetaSource, Metadata};
use scraper::{Html, Selector};
use std::sync::OnceLock;

/// What the page says about itself, read once from the parsed tree.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    /// Title, authors, date and the rest.
    pub meta: Metadata,
    /// The JSON-LD `articleBody`, which the extractor may use as a content signal.
    pub article_body: Option<String>,
    /// JSON-LD `@type` values such as `NewsArticle`.
    pub types: Vec<String>,
}

/// Reads the metadata of `page`, fetched from `url` if known.
pub fn read(page: &Html, _url: Option<&str>) -> PageMeta {
    static OG: OnceLock<Selector> = OnceLock::new();
    static TITLE: OnceLock<Selector> = OnceLock::new();
    let og = OG
        .get_or_init(|| Selector::parse(r#"meta[property="og:title"]"#).expect("static selector"));
    let title = TITLE.get_or_init(|| Selector::parse("title").expect("static selector"));
    let mut out = PageMeta::default();
    let og_title = page
        .select(og)
        .next()
        .and_then(|m| m.value().attr("content"))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    if let Some(t) = og_title {
        out.meta.title = Some(Field::new(t, MetaSource::OpenGraph));
    } else if let Some(t) = page.select(title).next() {
        let t = t.text().collect::<String>();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            out.meta.title = Some(Field::new(t, MetaSource::Page));
        }
    }
    out
}
