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
    static LD: OnceLock<Selector> = OnceLock::new();
    let og = OG
        .get_or_init(|| Selector::parse(r#"meta[property="og:title"]"#).expect("static selector"));
    let title = TITLE.get_or_init(|| Selector::parse("title").expect("static selector"));
    let ld = LD.get_or_init(|| {
        Selector::parse(r#"script[type="application/ld+json"]"#).expect("static selector")
    });
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
    for script in page.select(ld) {
        let text = script.text().collect::<String>();
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
            visit(&value, &mut out, 0);
        }
    }
    out
}

/// Collects `@type` values and the first `articleBody`, through arrays and `@graph`.
fn visit(v: &serde_json::Value, out: &mut PageMeta, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        serde_json::Value::Array(items) => items.iter().for_each(|i| visit(i, out, depth + 1)),
        serde_json::Value::Object(map) => {
            match map.get("@type") {
                Some(serde_json::Value::String(t)) => out.types.push(t.clone()),
                Some(serde_json::Value::Array(ts)) => out
                    .types
                    .extend(ts.iter().filter_map(|t| t.as_str().map(str::to_string))),
                _ => {}
            }
            if out.article_body.is_none() {
                if let Some(serde_json::Value::String(body)) = map.get("articleBody") {
                    out.article_body = Some(body.clone());
                }
            }
            if let Some(graph) = map.get("@graph") {
                visit(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}
