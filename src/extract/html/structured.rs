//! The article as the page's structured data gives it (JSON-LD `articleBody`), used only when the
//! markup yields next to nothing: pages that render their text with scripts still ship it there.
//!
//! Not trusted beyond that: some pages truncate `articleBody` to a teaser or leave it stale, so
//! when the markup gives a real article, the markup wins.

use super::select::Kept;
use crate::document::BlockKind;

/// Below this many characters a structured body is a teaser, not an article.
const MIN_BODY_CHARS: usize = 500;
/// The markup's text must be shorter than this share of the structured body to be replaced.
const REPLACE_BELOW: f64 = 0.2;

/// The structured body as blocks, when it should replace what the markup gave.
pub fn replacement(kept: &[Kept], body: Option<&str>) -> Option<Vec<Kept>> {
    let body = body?.trim();
    let body_chars = body.chars().count();
    if body_chars < MIN_BODY_CHARS {
        return None;
    }
    let kept_chars: usize = kept.iter().map(|k| k.text.chars().count()).sum();
    if kept_chars as f64 >= REPLACE_BELOW * body_chars as f64 {
        return None;
    }
    let text = if body.contains('<') {
        strip_tags(body)
    } else {
        body.to_string()
    };
    let blocks: Vec<Kept> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .map(|l| Kept {
            kind: BlockKind::Paragraph,
            prose: true,
            crumb: false,
            shape: crate::document::Shape::default(),
            text: l,
            at: crate::extract::html::select::NOWHERE,
        })
        .collect();
    (!blocks.is_empty()).then_some(blocks)
}

/// Some pages put HTML in `articleBody`: tags go, paragraph and line breaks become line ends.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[lt + 1..lt + gt]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        if [
            "p",
            "br",
            "div",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
        ]
        .iter()
        .any(|t| {
            tag == *t || tag.starts_with(&format!("{t} ")) || tag.starts_with(&format!("{t}/"))
        }) {
            out.push('\n');
        } else {
            out.push(' ');
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Kept {
        Kept {
            kind: BlockKind::Paragraph,
            text: text.into(),
            prose: true,
            crumb: false,
            shape: crate::document::Shape::default(),
            at: crate::extract::html::select::NOWHERE,
        }
    }

    #[test]
    fn replaces_only_near_empty_markup() {
        let body = "A first paragraph of the article, long enough to matter.\n\n".repeat(12);
        let got = replacement(&[kept("Loading…")], Some(&body)).expect("replaced");
        assert_eq!(got.len(), 12);
        let real: Vec<Kept> = (0..6)
            .map(|_| kept(&"Real text of the page. ".repeat(8)))
            .collect();
        assert!(replacement(&real, Some(&body)).is_none());
        assert!(replacement(&[], Some("A teaser only…")).is_none());
        assert!(replacement(&[], None).is_none());
    }

    #[test]
    fn html_in_the_body_is_stripped() {
        let body = format!("<p>{}</p><p>Second <b>bold</b> one.</p>", "x ".repeat(300));
        let got = replacement(&[], Some(&body)).expect("replaced");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].text, "Second bold one.");
    }
}
