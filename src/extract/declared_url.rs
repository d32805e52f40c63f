//! The URL a saved page names for itself (`<link rel="canonical">`, else `<meta property="og:url">`),
//! read before extraction so that a page saved without its URL still gets its site's rules, on
//! the HTML stage as on the text stage.
//!
//! A scan of the page's head with one regex rather than a parse: it runs only for inputs without
//! a URL, before the page is parsed for extraction, and must not parse it twice.

use regex::Regex;
use std::sync::OnceLock;

/// How far into the page the head is looked for: heads longer than this (inline scripts and
/// styles) put their canonical link early in practice.
const HEAD_BYTES: usize = 256 * 1024;

/// The absolute http(s) URL the page declares as its own, if any.
pub fn declared_url(body: &[u8]) -> Option<String> {
    let head = &body[..body.len().min(HEAD_BYTES)];
    let end = memchr::memmem::find(head, b"</head")
        .or_else(|| memchr::memmem::find(head, b"</HEAD"))
        .unwrap_or(head.len());
    let head = String::from_utf8_lossy(&head[..end]);
    static TAG: OnceLock<Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| {
        Regex::new(r"(?is)<(?:link|meta)\b[^>]*>").expect("the tag pattern compiles")
    });
    let mut og = None;
    for m in tag.find_iter(&head) {
        let t = m.as_str();
        let canonical = attr(t, "rel").is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|w| w.eq_ignore_ascii_case("canonical"))
        });
        if canonical {
            if let Some(url) = attr(t, "href").and_then(absolute) {
                return Some(url);
            }
        }
        let og_url = attr(t, "property")
            .or_else(|| attr(t, "name"))
            .is_some_and(|p| p.eq_ignore_ascii_case("og:url"));
        if og_url && og.is_none() {
            og = attr(t, "content").and_then(absolute);
        }
    }
    og
}

/// The value of attribute `name` in tag `tag`, quoted or not.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        let before = lower[..at].chars().next_back();
        if !before.is_some_and(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let rest = lower[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let value_at = tag.len() - rest.trim_start().len();
        let value = &tag[value_at..];
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_ascii_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

/// `url` when it is an absolute http(s) URL.
fn absolute(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_wins_over_og_url() {
        let page = br#"<html><head><meta property="og:url" content="https://og.example/a">
            <LINK REL="canonical" HREF="https://news.example/story"></head><body>"#;
        assert_eq!(
            declared_url(page).as_deref(),
            Some("https://news.example/story")
        );
    }

    #[test]
    fn og_url_when_there_is_no_canonical() {
        let page = br#"<head><meta content='https://og.example/a' property='og:url'></head>"#;
        assert_eq!(declared_url(page).as_deref(), Some("https://og.example/a"));
    }

    #[test]
    fn relative_links_and_links_in_the_body_are_not_taken() {
        assert_eq!(
            declared_url(br#"<head><link rel="canonical" href="/a"></head>"#),
            None
        );
        assert_eq!(
            declared_url(
                br#"<head></head><body><link rel="canonical" href="https://x.example/"></body>"#
            ),
            None
        );
    }
}
