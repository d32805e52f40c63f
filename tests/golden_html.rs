//! Golden files for HTML extraction: every folder under `fixtures/html/` holds an `input.html` and
//! the `expected.txt` its article text must equal. Optional: `options.toml` (the `[extract]`
//! settings to use) and `flags.txt` (the flags the document must carry, one per line, or
//! `no_article` when extraction gives no document; without the file it must carry none). Adding a
//! case is adding a folder.
//!
//! `UNBOIL_BLESS=1 cargo test --test golden_html` writes `expected.txt` from the current output,
//! for review with `git diff`.
//!
//! The pathological pages (deep nesting, 20 MB, truncated, broken bytes) are generated here.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use unboil::extract::{extract, ExtractOptions, NoArticle};
use unboil::source::{Origin, RawPage};
use unboil::{Document, Flag};

fn page(body: Vec<u8>) -> RawPage {
    let mut page = RawPage::new("case", Origin::Stdin, body);
    page.content_type = Some("text/html".into());
    page.url = Some("https://news.example.com/2024/03/story.html".into());
    page
}

fn keep_all() -> ExtractOptions {
    ExtractOptions {
        on_no_article: NoArticle::Keep,
        ..ExtractOptions::default()
    }
}

fn run(body: Vec<u8>, opts: &ExtractOptions) -> Option<Document> {
    extract(&page(body), opts).ok()
}

/// How many times each letter and digit stands in `text`.
fn letters(text: &str) -> std::collections::HashMap<char, usize> {
    let mut counts = std::collections::HashMap::new();
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        *counts.entry(c).or_insert(0) += 1;
    }
    counts
}

/// Checks that extraction invented no text: no letter or digit comes out more often than it
/// stands in `input` (markup and all), once the targets of links, made absolute against the
/// page's URL, are left aside. (Words are not compared: text from neighbouring elements runs
/// together as a browser shows it, `é</ul>text` is `étext`; nor are links counted: a link
/// across blocks is one in each, as a browser shows it.)
fn invents_no_words(out: &str, input: &str) -> Result<(), String> {
    let targets = regex::Regex::new(r"\]\(https://news\.example\.com[^)]*\)").expect("regex");
    let out = targets.replace_all(out, "]");
    let known = letters(input);
    for (c, n) in letters(&out) {
        let have = known.get(&c).copied().unwrap_or(0);
        if n > have {
            return Err(format!(
                "{c:?} comes out {n} times, stands in the input {have}"
            ));
        }
    }
    Ok(())
}

/// Checks that extraction only took text away: no more characters out than bytes in (decoding
/// makes one character of one byte or more).
fn no_longer(out: &str, input: &[u8]) -> Result<(), String> {
    let (n, max) = (out.chars().count(), input.len());
    if n > max {
        return Err(format!("{n} characters out of {max} bytes"));
    }
    Ok(())
}

fn focus_name(focus: unboil::extract::Focus) -> &'static str {
    match focus {
        unboil::extract::Focus::Precision => "precision",
        unboil::extract::Focus::Balanced => "balanced",
        unboil::extract::Focus::Recall => "recall",
    }
}

fn text_of(doc: Option<Document>) -> String {
    doc.map(|d| d.text()).unwrap_or_default()
}

fn flag_name(f: &Flag) -> &'static str {
    match f {
        Flag::Paywalled => "paywalled",
        Flag::LowConfidence => "low_confidence",
        Flag::DecodedWithErrors => "decoded_with_errors",
    }
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures/html exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("input.html").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn golden_fixtures() {
    let bless = std::env::var_os("UNBOIL_BLESS").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(!cases.is_empty(), "no fixtures found");
    for dir in cases {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let input = std::fs::read(dir.join("input.html")).expect("readable input");
        let mut opts = match std::fs::read_to_string(dir.join("options.toml")) {
            Ok(t) => toml::from_str::<ExtractOptions>(&t).expect("valid options.toml"),
            Err(_) => ExtractOptions::default(),
        };
        opts.on_no_article = NoArticle::Keep;
        let doc = run(input, &opts);
        let text = doc.as_ref().map(Document::text).unwrap_or_default();
        // A page that yields no document at all is reported as `no_article`.
        let flags: Vec<&str> = doc.as_ref().map_or_else(
            || vec!["no_article"],
            |d| d.flags.iter().map(flag_name).collect(),
        );
        if bless {
            std::fs::write(dir.join("expected.txt"), format!("{text}\n"))
                .expect("writable fixture");
            continue;
        }
        let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
        if expected.trim_end() != text.trim_end() {
            failures.push(format!(
                "{name}: text differs\n--- expected\n{expected}\n--- got\n{text}\n"
            ));
        }
        let want: Vec<String> = std::fs::read_to_string(dir.join("flags.txt"))
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if want.iter().map(String::as_str).ne(flags.iter().copied()) {
            failures.push(format!("{name}: flags {flags:?}, expected {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Ten thousand nested elements: no stack overflow in the parser, the walk or the drop of the tree.
#[test]
fn deep_nesting_does_not_overflow() {
    for tag in ["div", "span", "b", "table", "li"] {
        let depth = 10_000;
        let mut html = String::from("<html><body>");
        for _ in 0..depth {
            html.push_str(&format!("<{tag}>"));
        }
        html.push_str(
            "<p>A sentence of prose at the bottom of a very deep tree, long enough to count.</p>",
        );
        for _ in 0..depth {
            html.push_str(&format!("</{tag}>"));
        }
        html.push_str("</body></html>");
        let start = Instant::now();
        let doc = run(html.into_bytes(), &keep_all());
        assert!(start.elapsed() < Duration::from_secs(60), "{tag}: too slow");
        if tag == "div" {
            let text = doc.map(|d| d.text()).unwrap_or_default();
            assert!(text.contains("bottom of a very deep tree"), "{tag}: {text}");
        }
    }
}

/// Regression: html5ever checks scope by walking its stack of open elements, so 40,000 nested
/// `<div>`s took six seconds and 40,000 nested `<b id=…>` over a minute (found with
/// `examples/deep_probe.rs`); likewise 100,000 attributes on one tag took 3.5 s. The pre-pass now
/// flattens nesting beyond any real page's depth and cuts attributes beyond any real tag's count.
#[test]
fn very_deep_nesting_stays_fast() {
    for open in ["<div>", "<b id=\"x\">", "<section class=\"a\">"] {
        let mut html = String::from("<html><body>");
        for _ in 0..200_000 {
            html.push_str(open);
            html.push('t');
        }
        let start = Instant::now();
        let text = text_of(run(html.clone().into_bytes(), &keep_all()));
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{open}: too slow"
        );
        invents_no_words(&text, &html).unwrap_or_else(|e| panic!("{open}: {e}"));
    }
    // The same for attributes: html5ever compares each new one with all it has read.
    let mut html = String::from("<html><body><div");
    for i in 0..200_000 {
        html.push_str(&format!(" a{i}=\"v\""));
    }
    html.push_str(">text</div></body></html>");
    let start = Instant::now();
    let text = text_of(run(html.clone().into_bytes(), &keep_all()));
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "attributes: too slow"
    );
    invents_no_words(&text, &html).unwrap_or_else(|e| panic!("attributes: {e}"));
}

/// A 20 MB page of many paragraphs and boxes: extracted, not refused, in reasonable time.
#[test]
fn twenty_megabyte_page() {
    let para = "<p>The committee heard evidence from residents, engineers and the water board, and it will publish its findings in the spring.</p>\n";
    let widget = "<div class=\"related\"><ul><li><a href=\"/a\">Another story</a></li><li><a href=\"/b\">And another</a></li></ul></div>\n";
    let mut html = String::from("<html><head><title>Big</title></head><body><article>");
    while html.len() < 20 * 1024 * 1024 {
        for _ in 0..20 {
            html.push_str(para);
        }
        html.push_str(widget);
        html.push_str("<script>var x = 1;</script>");
    }
    html.push_str("</article></body></html>");
    let doc = run(html.into_bytes(), &keep_all()).expect("a document");
    assert!(doc.blocks.len() > 10_000);
    assert!(!doc.text().contains("Another story"));
}

/// Shapes that would be quadratic with a per-table or per-link rescan: twenty thousand small
/// tables, and one paragraph of fifty thousand links written as Markdown.
#[test]
fn many_tables_and_links_stay_linear() {
    let mut html = String::from("<html><body><article>");
    for i in 0..20_000 {
        html.push_str(&format!(
            "<table><tr><td>cell {i}</td><td>value</td></tr></table>"
        ));
    }
    html.push_str("<p>");
    for i in 0..50_000 {
        html.push_str(&format!(
            "the committee said again <a href=\"/l/{i}\">link {i}</a>, "
        ));
    }
    html.push_str("</p></article></body></html>");
    let opts = ExtractOptions {
        links: true,
        ..keep_all()
    };
    let start = Instant::now();
    let doc = run(html.into_bytes(), &opts).expect("a document");
    assert!(start.elapsed() < Duration::from_secs(60));
    assert!(doc
        .text()
        .contains("[link 49999](https://news.example.com/l/49999)"));
}

/// Pages cut off anywhere, empty pages and bytes that are not text must not panic, and give
/// no more text than they hold.
#[test]
fn broken_inputs_do_not_panic() {
    let full = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html/block_kinds/input.html"),
    )
    .expect("fixture");
    for cut in (0..full.len()).step_by(97) {
        let text = text_of(run(full[..cut].to_vec(), &keep_all()));
        no_longer(&text, &full[..cut]).unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
    }
    for body in [
        Vec::new(),
        b"<".to_vec(),
        b"<html><body><p>unterminated <b>bold <i>and".to_vec(),
        b"<!-- never closed".to_vec(),
        b"<script>never closed".to_vec(),
        vec![0xff, 0xfe, 0x3c, 0x00, 0x70, 0x00],
        b"<p>caf\xe9 cr\xe8me, sold \x80 by the \xff\xfe kilo, which is a sentence.</p>".to_vec(),
        "<p>\u{0}\u{feff}null and bom</p>".as_bytes().to_vec(),
    ] {
        let text = text_of(run(body.clone(), &keep_all()));
        no_longer(&text, &body).unwrap_or_else(|e| panic!("{body:?}: {e}"));
    }
}

/// The same page at every focus: precision keeps no more than balanced, recall no less.
#[test]
fn focus_orders_what_is_kept() {
    use unboil::extract::Focus;
    for dir in cases() {
        let input = std::fs::read(dir.join("input.html")).expect("readable input");
        let words = |focus| {
            let opts = ExtractOptions {
                focus,
                ..keep_all()
            };
            run(input.clone(), &opts).map_or(0, |d| d.text().split_whitespace().count())
        };
        let (p, b, r) = (
            words(Focus::Precision),
            words(Focus::Balanced),
            words(Focus::Recall),
        );
        assert!(p <= b && b <= r, "{}: {p} {b} {r}", dir.display());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Tag soup from the pieces that stress each stage (comments and raw text for the pre-pass,
    /// tables and lists for the walk, links for Markdown) never panics, at any focus and options,
    /// and what comes out is made of the words that went in.
    #[test]
    fn tag_soup_never_panics(
        pieces in proptest::collection::vec(proptest::sample::select(SOUP), 0..200),
        links in proptest::bool::ANY,
        tables in proptest::bool::ANY,
    ) {
        let html: String = pieces.concat();
        for focus in [unboil::extract::Focus::Precision, unboil::extract::Focus::Recall] {
            let opts = ExtractOptions { focus, links, tables, captions: true, comments: true, ..keep_all() };
            let text = text_of(run(html.clone().into_bytes(), &opts));
            if let Err(e) = invents_no_words(&text, &html) {
                proptest::prop_assert!(false, "{}: {}\ninput: {:?}\noutput: {:?}", e, focus_name(focus), html, text);
            }
        }
    }
}

const SOUP: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<p class=\"comment\">",
    "<div class=\"share\">",
    "<article>",
    "</article>",
    "<h2>",
    "</h2>",
    "<ul>",
    "<li>",
    "</ul>",
    "<table>",
    "<tr>",
    "<td>",
    "</table>",
    "<a href=\"/x\">",
    "<a href=\"#\">",
    "</a>",
    "<br>",
    "<pre>",
    "</pre>",
    "<blockquote>",
    "<figure><figcaption>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<style>",
    "<svg/>",
    "<svg>",
    "<b id=\"x\">",
    "</b>",
    "<span hidden>",
    "</span>",
    "<noscript>",
    "<textarea>",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "&amp;",
    "&#0;",
    "text ",
    "A sentence of prose, with a comma. ",
    "é",
    "日本語の文章です。",
    "\u{0}",
    "\u{feff}",
    "\r\n",
    "<title>",
    "</title>",
    "<plaintext>",
];
