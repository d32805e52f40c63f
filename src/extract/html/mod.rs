//! HTML main-content extraction.
//!
//! Baseline: the text blocks of the page outside navigation, header, footer and aside elements.
//! The scoring extractor replaces this.

pub mod metadata;

use crate::document::{Block, BlockKind, Document, Field, MetaSource};
use crate::extract::ExtractOptions;
use scraper::{ElementRef, Html, Selector};
use std::sync::OnceLock;

/// Extracts the article of `html`, fetched from `url` if known.
pub fn extract(html: &str, url: Option<&str>, _opts: &ExtractOptions) -> Document {
    static BLOCKS: OnceLock<Selector> = OnceLock::new();
    static TITLE: OnceLock<Selector> = OnceLock::new();
    let blocks = BLOCKS.get_or_init(|| {
        Selector::parse("h1, h2, h3, h4, h5, h6, p, li, blockquote, pre").expect("static selector")
    });
    let title = TITLE.get_or_init(|| Selector::parse("title").expect("static selector"));
    let page = Html::parse_document(html);
    let mut doc = Document::new("", "");
    doc.url = url.map(str::to_string);
    if let Some(t) = page.select(title).next() {
        let t = t.text().collect::<String>().trim().to_string();
        if !t.is_empty() {
            doc.meta.title = Some(Field::new(t, MetaSource::Page));
        }
    }
    for el in page.select(blocks) {
        if inside_chrome(el) {
            continue;
        }
        let text = el.text().collect::<Vec<_>>().join(" ");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            continue;
        }
        let kind = match el.value().name() {
            "h1" => BlockKind::Heading(1),
            "h2" => BlockKind::Heading(2),
            "h3" | "h4" | "h5" | "h6" => BlockKind::Heading(3),
            "li" => BlockKind::ListItem,
            "blockquote" => BlockKind::Quote,
            "pre" => BlockKind::Preformatted,
            _ => BlockKind::Paragraph,
        };
        let origin = doc.blocks.len();
        doc.blocks.push(Block::new(kind, text, origin));
    }
    doc
}

fn inside_chrome(el: ElementRef<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        matches!(
            a.value().name(),
            "nav" | "header" | "footer" | "aside" | "script" | "style" | "p" | "li" | "blockquote"
        )
    })
}
