//! `unboil explain --html`: one self-contained HTML page that shows a document as a reader saw
//! it, with what was kept and every removal marked where it stood and labelled with the step or
//! rule that made it, a switch per reason to hide or show its removals, and the list of removals
//! beside the text.
//!
//! Built from the [`Document`] and its [`Trail`] alone, so it shows whatever reasons appear:
//! regions extraction left out (`extract:<reason>`, [`Cut::Region`]), whole blocks and spans
//! cleaners took, and HTML elements site rules removed before extraction.

use crate::document::{Block, BlockKind, Document};
use crate::trail::{Cut, Removal, Trail};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The report of `docs` (each document with its trail) as one HTML page.
pub fn html_report(docs: &[(&Document, &Trail)]) -> String {
    // Every reason of every document, in one order, so a switch covers them all.
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, trail) in docs {
        for r in trail.removals() {
            *reasons.entry(r.by.as_str()).or_insert(0) += 1;
        }
    }
    let index: BTreeMap<&str, usize> = reasons.keys().enumerate().map(|(i, r)| (*r, i)).collect();
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(HEAD);
    out.push_str("<header><h1>What unboil removed, and why</h1>");
    out.push_str("<p class=\"legend\"><span class=\"kept-sample\">Kept text</span> reads as usual; removed text is struck through, tinted by reason and labelled with it. Untick a reason to hide its removals.</p>");
    out.push_str("<fieldset id=\"toggles\"><legend>Reasons</legend>");
    if reasons.is_empty() {
        out.push_str("<p>Nothing was removed.</p>");
    }
    for (reason, n) in &reasons {
        let i = index[reason];
        let _ = write!(
            out,
            "<label class=\"toggle\" style=\"--hue:{hue}\"><input type=\"checkbox\" checked data-reason=\"{i}\"> <span class=\"why\">{r}</span> <span class=\"count\">{n}</span></label>",
            hue = hue(i),
            r = escape(reason),
        );
    }
    out.push_str("</fieldset></header>");
    for (n, (doc, trail)) in docs.iter().enumerate() {
        document(&mut out, n, doc, trail, &index);
    }
    out.push_str(SCRIPT);
    out.push_str("</body></html>\n");
    out
}

/// One document: its text with removals in place, and the list of removals.
fn document(
    out: &mut String,
    n: usize,
    doc: &Document,
    trail: &Trail,
    index: &BTreeMap<&str, usize>,
) {
    let title = doc
        .meta
        .title
        .as_ref()
        .map_or(doc.source.as_str(), |t| t.value.as_str());
    let _ = write!(
        out,
        "<section class=\"doc\"><h2 class=\"doc-title\">{}</h2><p class=\"source\">{}</p><div class=\"columns\"><article class=\"page\">",
        escape(title),
        escape(&doc.source)
    );
    let id = |k: usize| format!("d{n}r{k}");
    let mark = |k: usize, r: &Removal| {
        let i = index.get(r.by.as_str()).copied().unwrap_or(0);
        format!(
            "data-reason=\"{i}\" data-by=\"{by}\" id=\"{id}\" style=\"--hue:{hue}\"",
            by = escape(&r.by),
            id = id(k),
            hue = hue(i)
        )
    };
    let removals = trail.removals();
    let elements: Vec<usize> = (0..removals.len())
        .filter(|&k| removals[k].cut == Cut::Element)
        .collect();
    if !elements.is_empty() {
        out.push_str("<p class=\"stage\">Removed from the HTML before extraction:</p>");
        for &k in &elements {
            removed_block(out, &mark(k, &removals[k]), &removals[k], "element");
        }
    }
    let last = doc
        .blocks
        .iter()
        .map(|b| b.origin + 1)
        .chain(removals.iter().map(|r| r.block + 1))
        .max()
        .unwrap_or(0);
    for pos in 0..=last {
        for (k, r) in removals.iter().enumerate() {
            if r.cut == Cut::Region && r.block == pos {
                removed_block(out, &mark(k, r), r, "region");
            }
        }
        let kept = doc.blocks.iter().find(|b| b.origin == pos);
        let dropped = removals
            .iter()
            .enumerate()
            .find(|(_, r)| r.cut == Cut::Block && r.block == pos);
        let spans: Vec<(usize, &Removal)> = removals
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.cut, Cut::Span { .. }) && r.block == pos)
            .collect();
        let (text, kind, whole) = match (kept, dropped) {
            (Some(b), _) => (b.text.as_str(), b.kind, None),
            (None, Some((k, r))) => (r.text.as_str(), BlockKind::Paragraph, Some((k, r))),
            (None, None) if !spans.is_empty() => ("", BlockKind::Paragraph, None),
            (None, None) => continue,
        };
        let pieces = with_spans(text, &spans);
        let mut inner = String::new();
        for (piece, by) in pieces {
            match by {
                None => inner.push_str(&escape(piece)),
                Some(k) => {
                    let _ = write!(
                        inner,
                        "<del class=\"removed span\" {}><span class=\"why\">{}</span>{}</del>",
                        mark(k, &removals[k]),
                        escape(&removals[k].by),
                        escape(piece)
                    );
                }
            }
        }
        match whole {
            Some((k, r)) => {
                let _ = write!(
                    out,
                    "<div class=\"removed block\" {}><span class=\"why\">{}</span><p>{inner}</p></div>",
                    mark(k, r),
                    escape(&r.by)
                );
            }
            None => {
                let block = kept.cloned().unwrap_or_else(|| Block::new(kind, "", pos));
                kept_block(out, &block, &inner);
            }
        }
    }
    out.push_str("</article><aside class=\"list\"><h3>Removals</h3>");
    if removals.is_empty() {
        out.push_str("<p>None.</p>");
    } else {
        out.push_str("<ol>");
        for (k, r) in removals.iter().enumerate() {
            let what = match r.cut {
                Cut::Block => format!("block {}", r.block),
                Cut::Element => "HTML element".to_string(),
                Cut::Region => format!("region before block {}", r.block),
                Cut::FellBack => "rule not applied".to_string(),
                Cut::Learned { pages } => format!("block {} (seen on {pages} pages)", r.block),
                Cut::Span { .. } => format!("part of block {}", r.block),
            };
            let _ = write!(
                out,
                "<li {}><a href=\"#{}\"><span class=\"why\">{}</span></a> <span class=\"what\">{}</span><q>{}</q></li>",
                mark(k, r).replace(&format!("id=\"{}\"", id(k)), ""),
                id(k),
                escape(&r.by),
                what,
                escape(&shorten(r.text.trim(), 160))
            );
        }
        out.push_str("</ol>");
    }
    out.push_str("</aside></div></section>");
}

/// A removed block, region or element, labelled with its reason.
fn removed_block(out: &mut String, mark: &str, r: &Removal, class: &str) {
    let _ = write!(
        out,
        "<div class=\"removed {class}\" {mark}><span class=\"why\">{}</span><p>{}</p></div>",
        escape(&r.by),
        escape(&r.text)
    );
}

/// A kept block, laid out as its kind reads; `inner` is its escaped text with marked spans.
fn kept_block(out: &mut String, b: &Block, inner: &str) {
    let _ = match b.kind {
        BlockKind::Heading(l) => {
            // The document's title is the report's h2.
            let l = (l.clamp(1, 6) + 1).min(6);
            write!(out, "<h{l} class=\"kept\">{inner}</h{l}>")
        }
        BlockKind::ListItem => write!(out, "<p class=\"kept item\">{inner}</p>"),
        BlockKind::Quote => write!(out, "<blockquote class=\"kept\">{inner}</blockquote>"),
        BlockKind::Preformatted => write!(out, "<pre class=\"kept\">{inner}</pre>"),
        BlockKind::Caption => write!(out, "<p class=\"kept caption\">{inner}</p>"),
        BlockKind::TableRow => write!(out, "<p class=\"kept row\">{inner}</p>"),
        BlockKind::Paragraph => write!(out, "<p class=\"kept\">{inner}</p>"),
    };
}

/// `text` (a block as it ended) cut into pieces with the spans cleaners took put back where they
/// were: each piece with the index of the removal that took it, if any. Span offsets refer to the
/// text just before their removal, so they are put back last first.
fn with_spans<'a>(text: &'a str, spans: &[(usize, &'a Removal)]) -> Vec<(&'a str, Option<usize>)> {
    let mut pieces: Vec<(&str, Option<usize>)> = vec![(text, None)];
    for &(k, r) in spans.iter().rev() {
        let Cut::Span { start, .. } = r.cut else {
            continue;
        };
        // Find the piece holding byte `start` of the text as it is now.
        let mut at = 0;
        let mut placed = false;
        for i in 0..pieces.len() {
            let len = pieces[i].0.len();
            if start <= at + len {
                let cut = start - at;
                let (piece, by) = pieces[i];
                if by.is_none() && piece.is_char_boundary(cut) {
                    let (a, b) = piece.split_at(cut);
                    pieces.splice(i..=i, [(a, None), (r.text.as_str(), Some(k)), (b, None)]);
                } else {
                    pieces.insert(i + 1, (r.text.as_str(), Some(k)));
                }
                placed = true;
                break;
            }
            at += len;
        }
        if !placed {
            pieces.push((r.text.as_str(), Some(k)));
        }
    }
    pieces.retain(|(p, _)| !p.is_empty());
    pieces
}

/// A hue for reason `i`, spread around the colour wheel.
fn hue(i: usize) -> usize {
    (i * 137 + 10) % 360
}

fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Text safe inside HTML elements and quoted attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const HEAD: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>unboil explain</title>
<style>
body { font: 16px/1.55 Georgia, "Times New Roman", serif; margin: 0; color: #1d1d1f; background: #fafaf7; }
header { padding: 1rem 2rem .5rem; border-bottom: 1px solid #ddd; background: #fff; position: sticky; top: 0; z-index: 1; }
header h1 { font: 600 1.2rem system-ui, sans-serif; margin: 0 0 .3rem; }
.legend { font: .85rem system-ui, sans-serif; color: #555; margin: 0 0 .5rem; }
.kept-sample { background: #fff; border: 1px solid #ccc; padding: 0 .3rem; }
#toggles { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .4rem; }
#toggles legend { font: 600 .8rem system-ui, sans-serif; color: #555; float: left; margin-right: .5rem; padding-top: .2rem; }
.toggle { font: .8rem system-ui, sans-serif; background: hsl(var(--hue) 80% 92%); border: 1px solid hsl(var(--hue) 50% 60%); border-radius: 1rem; padding: .1rem .6rem; cursor: pointer; }
.toggle .count { color: #555; }
.doc { padding: 1rem 2rem; }
.doc-title { font: 600 1.5rem system-ui, sans-serif; margin: .5rem 0 0; }
.source { font: .8rem ui-monospace, monospace; color: #666; margin: 0 0 1rem; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr); gap: 2rem; align-items: start; }
.page { background: #fff; padding: 1rem 1.5rem; border: 1px solid #e3e3e0; max-width: 46rem; }
.kept.item::before { content: "• "; }
.kept.caption { font-style: italic; color: #444; }
.stage { font: .8rem system-ui, sans-serif; color: #666; margin: .2rem 0; }
.removed { background: hsl(var(--hue) 80% 94%); border-left: 4px solid hsl(var(--hue) 55% 50%); color: #6b6b6b; }
div.removed { margin: .6rem 0; padding: .2rem .6rem; }
div.removed p { margin: .2rem 0; text-decoration: line-through; text-decoration-color: hsl(var(--hue) 55% 45%); }
del.removed { border-left-width: 2px; padding: 0 .2rem; text-decoration-color: hsl(var(--hue) 55% 45%); }
.why { font: 600 .72rem system-ui, sans-serif; color: hsl(var(--hue) 60% 28%); background: hsl(var(--hue) 70% 85%); border-radius: .3rem; padding: 0 .35rem; margin-right: .35rem; text-decoration: none; display: inline-block; }
del .why { text-decoration: none; }
.list { font: .85rem system-ui, sans-serif; position: sticky; top: 7rem; max-height: calc(100vh - 8rem); overflow: auto; }
.list h3 { margin: 0 0 .5rem; }
.list ol { padding-left: 1.5rem; margin: 0; }
.list li { margin: 0 0 .5rem; padding: .2rem .4rem; border-left-width: 3px; }
.list a { text-decoration: none; }
.list .what { color: #555; }
.list q { display: block; color: #333; }
[hidden] { display: none !important; }
</style></head><body>
"#;

const SCRIPT: &str = r#"<script>
for (const box of document.querySelectorAll('#toggles input[data-reason]')) {
  box.addEventListener('change', () => {
    for (const el of document.querySelectorAll('[data-reason="' + box.dataset.reason + '"]:not(input)')) {
      el.hidden = !box.checked;
    }
  });
}
document.body.dataset.ready = 'true';
</script>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> (Document, Trail) {
        let mut d = Document::new("a", "a.html");
        d.blocks = vec![
            Block::new(BlockKind::Heading(2), "Part", 1),
            Block::new(BlockKind::Paragraph, "The council met.", 3),
        ];
        let mut t = Trail::new();
        t.push(Removal {
            by: "extract:navigation".into(),
            block: 1,
            cut: Cut::Region,
            text: "Home News Sport".into(),
        });
        t.dropped("strip_teasers", 2, "Read more stories");
        t.cut("strip_agency_tags", 3, 16, 24, " (Reuters)");
        (d, t)
    }

    #[test]
    fn every_removal_is_shown_where_it_stood_with_its_reason() {
        let (d, t) = doc();
        let html = html_report(&[(&d, &t)]);
        let page = &html[html.find("<article").unwrap()..html.find("</article>").unwrap()];
        let order = [
            "extract:navigation",
            "Home News Sport",
            "Part",
            "Read more stories",
            "The council met.",
            " (Reuters)",
        ];
        let mut at = 0;
        for want in order {
            let found = page[at..].find(want).map(|p| p + at);
            assert!(found.is_some(), "{want:?} missing after byte {at}:\n{page}");
            at = found.unwrap_or(at);
        }
        assert!(page.contains("data-by=\"strip_agency_tags\""));
        assert_eq!(html.matches("type=\"checkbox\"").count(), 3);
    }

    #[test]
    fn spans_are_put_back_last_first() {
        let mut t = Trail::new();
        // "a X b Y c" lost " X" then " Y": offsets refer to the text of the moment.
        t.cut("c1", 0, 1, 3, " X");
        t.cut("c2", 0, 3, 5, " Y");
        let spans: Vec<(usize, &Removal)> = t.removals().iter().enumerate().collect();
        let pieces = with_spans("a b c", &spans);
        let joined: String = pieces.iter().map(|(p, _)| *p).collect();
        assert_eq!(joined, "a X b Y c");
        assert_eq!(pieces[1], (" X", Some(0)));
        assert_eq!(pieces[3], (" Y", Some(1)));
    }

    #[test]
    fn text_is_escaped() {
        let mut d = Document::new("a", "<b>.html");
        d.blocks = vec![Block::new(BlockKind::Paragraph, "<script>x</script>", 0)];
        let html = html_report(&[(&d, &Trail::new())]);
        assert!(!html.contains("<script>x"));
        assert!(html.contains("&lt;script&gt;x"));
    }
}
