//! Raw pages to [`Document`]s: HTML through main-content extraction, text dumps split into blocks.
//!
//! Pure and synchronous: bytes in, `Document` out, no I/O, so that it is fast to test and can be
//! embedded anywhere.

mod declared_url;
pub mod decode;
pub mod html;
mod options;
mod site_fallback;
mod text;

pub use declared_url::declared_url;
pub use options::{ExtractOptions, Focus, NoArticle};

use crate::document::{Document, Field, Flag, MetaSource};
use crate::raw_page::RawPage;
use crate::rules::SelectorRule;
use crate::trail::Trail;

/// Why a page gave no document.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The page held no article text (an index page, a login wall, an empty body).
    #[error("{origin}: no article found{}", if .detail.is_empty() { String::new() } else { format!(" ({})", .detail) })]
    NoArticle {
        /// Which input.
        origin: String,
        /// What the extractor saw instead.
        detail: String,
    },
}

/// Turns one raw page into a document, deciding from its content type (or its first bytes) whether
/// it is HTML or text.
pub fn extract(page: &RawPage, opts: &ExtractOptions) -> Result<Document, ExtractError> {
    extract_with_rules(page, opts, &[], &mut Trail::new())
}

/// Like [`extract`], applying a site's HTML-stage rules first (elements to remove, or the one
/// element to keep) and recording what they removed in `trail`.
pub fn extract_with_rules(
    page: &RawPage,
    opts: &ExtractOptions,
    rules: &[SelectorRule<'_>],
    trail: &mut Trail,
) -> Result<Document, ExtractError> {
    let decoded = decode::decode(&page.body, page.content_type.as_deref());
    let source = page.origin.to_string();
    let mut doc = if is_html(page.content_type.as_deref(), &decoded.text) {
        let url = page.url.as_deref();
        // The readings below (with the site's rules, without them, the rules' metadata) share
        // the page's trees: each is parsed once.
        let mut parsed = html::Page::new(&decoded.text, rules);
        let prunes = rules.iter().any(|r| !r.action.is_metadata());
        let mut doc = if prunes {
            // Stale site configs are common: the rules' result must agree with the page's.
            let mut ruled_trail = Trail::new();
            let ruled = html::extract_page(&mut parsed, url, opts, rules, &mut ruled_trail);
            let mut plain_trail = Trail::new();
            let plain = html::extract_page(&mut parsed, url, opts, &[], &mut plain_trail);
            let kept = rules
                .iter()
                .any(|r| r.action == crate::rules::Action::KeepOnly);
            match site_fallback::agrees(&ruled, &plain, kept) {
                Ok(()) => {
                    for r in ruled_trail.removals() {
                        trail.push(r.clone());
                    }
                    for r in site_fallback::unmatched_keeps(&parsed, rules) {
                        trail.push(r);
                    }
                    ruled
                }
                Err(why) => {
                    trail.push(site_fallback::set_aside(rules, why));
                    for r in plain_trail.removals() {
                        trail.push(r.clone());
                    }
                    plain
                }
            }
        } else {
            html::extract_page(&mut parsed, url, opts, &[], trail)
        };
        html::metadata::selected::apply(&parsed, rules, &mut doc.meta);
        doc
    } else {
        let mut doc = Document::new("", "");
        text::split_into(&mut doc, &decoded.text);
        doc
    };
    doc.id = page.id.clone();
    doc.source = source.clone();
    if doc.url.is_none() {
        doc.url = page.url.clone();
    }
    if doc.meta.canonical_url.is_none() {
        if let Some(url) = &page.url {
            doc.meta.canonical_url = Some(Field::new(url.clone(), MetaSource::Input));
        }
    }
    if decoded.guessed {
        tracing::warn!(source = %source, encoding = decoded.encoding.name(), "not valid UTF-8 and no charset declared; decoded with the detected charset");
    }
    if decoded.had_errors {
        tracing::warn!(source = %source, encoding = decoded.encoding.name(), "invalid bytes for the charset were replaced with U+FFFD");
        doc.flags.push(Flag::DecodedWithErrors);
    }
    if doc.is_empty() {
        return Err(ExtractError::NoArticle {
            origin: source,
            detail: String::new(),
        });
    }
    if doc.flags.contains(&Flag::LowConfidence) && opts.on_no_article == NoArticle::Skip {
        return Err(ExtractError::NoArticle {
            origin: source,
            detail: format!(
                "confidence {:.2} is below extract.min_confidence {:.2}; set extract.on_no_article = \"keep\" to write what was found",
                doc.confidence.map_or(0.0, |c| c.value()),
                opts.min_confidence
            ),
        });
    }
    Ok(doc)
}

/// HTML by content type, or, without one, by the page's first tag.
fn is_html(content_type: Option<&str>, text: &str) -> bool {
    if let Some(ct) = content_type {
        let ct = ct.to_ascii_lowercase();
        if ct.contains("html") || ct.contains("xml") {
            return true;
        }
        if ct.starts_with("text/plain") {
            return false;
        }
    }
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with('<')
            && [
                "<head", "<body", "<div", "<p>", "<p ", "<article", "<meta", "<title",
            ]
            .iter()
            .any(|t| head.contains(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_recognised_without_a_content_type() {
        assert!(is_html(None, "  <!DOCTYPE html><html>"));
        assert!(is_html(None, "<div><p>x</p></div>"));
        assert!(!is_html(None, "Plain text about <b> tags."));
        assert!(!is_html(Some("text/plain"), "<html>"));
    }
}
