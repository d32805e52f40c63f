//! The fuzz suite (issue 9): generated hostile inputs, and properties that can fail.
//!
//! - HTML shaped the way hostile pages are (attribute floods on every raw-text tag, stray and
//!   attributed end tags, deep nesting, unclosed quotes, multibyte text, truncation): extraction
//!   never panics, its output words are a subsequence of the page's visible words, and nothing
//!   from inside a script, style or other cut element comes out.
//! - Random phrase and regex site rules over random Unicode text: nothing panics, only text is
//!   removed (what is left is a subsequence of what was there) and everything removed is in the
//!   trail.
//! - Config and rule files, mutated byte by byte: loading never panics; a file that is refused
//!   says why.
//! - Dumps (JSONL, WARC) are in `dumps` below; sitemap, feed and robots bytes are fuzzed beside
//!   their parsers (`src/source/http/*.rs`), which are private to the crate.
//!
//! The default run keeps each property to a few hundred cases. The long run (see RELIABILITY.md)
//! is the `#[ignore]`d `fuzz_long_*` tests, with `UNBOIL_FUZZ_CASES` cases each:
//! `UNBOIL_FUZZ_CASES=1000000 cargo test --release --test fuzz -- --ignored --nocapture fuzz_long`.

use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use unboil::clean::{Chain, CleanerConfig};
use unboil::config::Config;
use unboil::extract::{extract_with_rules, ExtractOptions};
use unboil::raw_page::{Origin, RawPage};
use unboil::rules::{RuleSet, SiteRules};
use unboil::trail::Trail;
use unboil::Document;

// ---------------------------------------------------------------------------------------------
// Words

/// Words of visible text: Latin, Cyrillic, Greek, CJK, Hebrew, emoji, combining marks, so that
/// every byte boundary of a multibyte character is somewhere in a page.
const WORDS: &[&str] = &[
    "council",
    "bridge",
    "repair",
    "winter",
    "Tuesday",
    "debate",
    "agreed",
    "river",
    "минister",
    "мост",
    "ремонт",
    "γέφυρα",
    "橋",
    "修理",
    "冬",
    "גשר",
    "café",
    "naïve",
    "e\u{301}te\u{301}",
    "🦀",
    "👩‍👩‍👧",
    "straße",
    "İstanbul",
    "ǅemal",
    "x",
];

/// Words only ever put where no reader sees them (script and style bodies, attribute values):
/// one in the output means extraction let hidden text through.
const HIDDEN: &[&str] = &["zzhidden", "qqsecret", "xxinvisible"];

fn word() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(WORDS)
}

fn hidden() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(HIDDEN)
}

/// Words as the tests compare them: runs of alphanumerics.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_subsequence(small: &[String], big: &[String]) -> bool {
    let mut it = big.iter();
    small.iter().all(|w| it.any(|b| b == w))
}

// ---------------------------------------------------------------------------------------------
// Hostile HTML

/// Elements whose bodies the tokenizer reads as raw text or the pre-pass cuts whole.
const CUT_TAGS: &[&str] = &[
    "script", "style", "svg", "noscript", "template", "iframe", "textarea", "math",
];

/// Elements whose text is content, in any nesting.
const TAGS: &[&str] = &[
    "div",
    "span",
    "p",
    "article",
    "section",
    "b",
    "i",
    "em",
    "a",
    "h2",
    "blockquote",
    "ul",
    "li",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "font",
    "strong",
    "pre",
    "figure",
];

/// One piece of a generated page, with the visible words it adds.
#[derive(Debug, Clone)]
struct Piece {
    html: String,
    visible: Vec<&'static str>,
}

fn text_piece() -> impl Strategy<Value = Piece> {
    (
        proptest::collection::vec(word(), 1..12),
        "[ \t\n\u{a0}]{1,3}",
    )
        .prop_map(|(ws, sep)| Piece {
            html: ws.join(&sep) + " ",
            visible: ws,
        })
}

/// `n` attributes in the tokenizer's every form: quoted with `>` inside, unquoted, bare,
/// duplicated; values are hidden words.
fn attributes(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec((0..5u8, hidden(), 0..4u8), 0..max).prop_map(|attrs| {
        attrs
            .iter()
            .enumerate()
            .map(|(i, (form, value, name))| match form {
                0 => format!(" a{i}=\"{value} > {value}\""),
                1 => format!(" data-{name}='{value}'"),
                2 => format!(" a{i}={value}"),
                3 => format!(" {value}"),
                _ => format!(" class=\"{value}\""),
            })
            .collect()
    })
}

/// A raw-text or cut element with an attribute flood and a hidden body. A `<noscript>` body
/// is what a reader without scripts sees, which extraction may fall back on: its words are
/// visible ones.
fn cut_element() -> impl Strategy<Value = Piece> {
    (
        proptest::sample::select(CUT_TAGS),
        attributes(200),
        proptest::collection::vec(hidden(), 0..6),
        proptest::collection::vec(word(), 0..6),
        any::<bool>(),
    )
        .prop_map(|(tag, attrs, hidden_body, seen_body, self_closing)| {
            if self_closing && (tag == "svg" || tag == "math") {
                return Piece {
                    html: format!("<{tag}{attrs}/>"),
                    visible: Vec::new(),
                };
            }
            if tag == "svg" || tag == "math" {
                // Foreign content shows no text of its own, but an HTML element such as `<p>`
                // ends it, as the tree builder does: the paragraph is the page's (and the end
                // tag after it a stray one).
                let (text, seen) = (hidden_body.join(" "), seen_body.join(" "));
                return Piece {
                    html: format!("<{tag}{attrs}>{text} <p>{seen}</p></{tag}>"),
                    visible: seen_body,
                };
            }
            // Markup inside the body too: to the tokenizer it is text, to the pre-pass a cut.
            let (body, visible) = if tag == "noscript" {
                (seen_body.clone(), [seen_body.clone(), seen_body].concat())
            } else {
                (hidden_body, Vec::new())
            };
            let text = body.join(" ");
            Piece {
                html: format!("<{tag}{attrs}>{text} <p>{text}</p></{tag}>"),
                visible,
            }
        })
}

/// End tags that close nothing open, some with attributes (which mean nothing).
fn stray_end_tags() -> impl Strategy<Value = Piece> {
    (
        proptest::collection::vec(proptest::sample::select(TAGS), 1..40),
        attributes(80),
    )
        .prop_map(|(tags, attrs)| Piece {
            html: tags
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    if i % 7 == 0 {
                        format!("</{t}{attrs}>")
                    } else {
                        format!("</{t}>")
                    }
                })
                .collect(),
            visible: Vec::new(),
        })
}

/// The page pieces, nested: an element wraps its children, sometimes hundreds deep, sometimes
/// with an attribute flood, sometimes left unclosed.
fn piece() -> impl Strategy<Value = Piece> {
    let leaf = prop_oneof![
        6 => text_piece(),
        2 => cut_element(),
        1 => stray_end_tags(),
        1 => Just(Piece { html: "<br><img src=x><hr>".into(), visible: Vec::new() }),
    ];
    leaf.prop_recursive(5, 32, 6, |inner| {
        (
            proptest::sample::select(TAGS),
            prop_oneof![6 => Just(String::new()), 1 => attributes(150)],
            proptest::collection::vec(inner, 1..6),
            prop_oneof![16 => Just(1usize), 2 => 2..40usize, 1 => 400..1200usize],
            0..6u8,
        )
            .prop_map(|(tag, attrs, children, depth, close)| {
                // A flood of attributes on one tag, or deep nesting, not both at once: a page
                // of megabytes would only slow the suite down.
                let open = if depth == 1 {
                    format!("<{tag}{attrs}>")
                } else {
                    format!("<{tag}>")
                };
                let mut html = open.repeat(depth);
                let mut visible = Vec::new();
                for c in children {
                    html.push_str(&c.html);
                    visible.extend(c.visible);
                }
                if close > 0 {
                    html.push_str(&format!("</{tag}>").repeat(depth));
                }
                Piece { html, visible }
            })
    })
}

/// A whole page: head with a title, body of pieces.
fn page() -> impl Strategy<Value = Piece> {
    proptest::collection::vec(piece(), 1..8).prop_map(|pieces| {
        let mut html = String::from(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>zzhidden</title></head><body>",
        );
        let mut visible = Vec::new();
        for p in pieces {
            html.push_str(&p.html);
            visible.extend(p.visible);
        }
        html.push_str("</body></html>");
        Piece { html, visible }
    })
}

fn extract_bytes(body: &[u8]) -> Option<Document> {
    let mut page = RawPage::new("p", Origin::Stdin, body.to_vec());
    page.content_type = Some("text/html".into());
    let opts = ExtractOptions {
        on_no_article: unboil::extract::NoArticle::Keep,
        ..ExtractOptions::default()
    };
    extract_with_rules(&page, &opts, &[], &mut Trail::new()).ok()
}

/// The properties of one generated page: no panic (the test fails on one), visible words only
/// and in order, nothing hidden.
fn check_page(page: &Piece) -> Result<(), TestCaseError> {
    let Some(doc) = extract_bytes(page.html.as_bytes()) else {
        return Ok(());
    };
    let out = words(&doc.text());
    let visible: Vec<String> = page.visible.iter().flat_map(|w| words(w)).collect();
    prop_assert!(
        is_subsequence(&out, &visible),
        "output words are not a subsequence of the visible words\noutput: {:?}\npage: {}",
        out,
        page.html
    );
    for h in HIDDEN {
        prop_assert!(!out.iter().any(|w| w == h), "hidden word {h} came out");
    }
    Ok(())
}

/// The same page cut at `cut` bytes (maybe inside a character): no panic, and every output
/// word is somewhere in the bytes given.
fn check_truncated(page: &str, cut: usize) -> Result<(), TestCaseError> {
    let bytes = &page.as_bytes()[..cut.min(page.len())];
    if let Some(doc) = extract_bytes(bytes) {
        let given = String::from_utf8_lossy(bytes);
        for w in words(&doc.text()) {
            prop_assert!(given.contains(&w), "{w:?} is not in the input cut at {cut}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn hostile_pages_extract_visible_words_only(page in page()) {
        check_page(&page)?;
    }

    #[test]
    fn hostile_pages_cut_anywhere_do_not_panic(page in page(), at in any::<prop::sample::Index>()) {
        check_truncated(&page.html, at.index(page.html.len() + 1))?;
    }
}

/// Selectors a site's rule file might hold, the ones that match everything included.
const SELECTORS: &[&str] = &[
    "*",
    "html",
    ":root",
    "body",
    "head",
    "title",
    "div",
    "p",
    "div > p",
    "div div",
    "span, b",
    "article",
    "[class]",
    ":not(p)",
    "li:first-child",
    "main *",
    "nav, footer, aside",
    "a[href]",
    "section:empty",
    "h2 ~ p",
];

/// A rule file of one to three selector rules (`remove_element` or `keep_only`).
fn selector_rules() -> impl Strategy<Value = SiteRules> {
    // Keeping only the head or the title makes the title the article: right, but its words
    // are not the body's, so those two are only removed here.
    let keep = proptest::sample::select(SELECTORS)
        .prop_filter("not the head", |s| !matches!(*s, "head" | "title"))
        .prop_map(|s| (s, "keep_only"));
    let remove = proptest::sample::select(SELECTORS).prop_map(|s| (s, "remove_element"));
    proptest::collection::vec(prop_oneof![3 => remove, 1 => keep], 1..4).prop_map(|rules| {
        let text: String = rules
            .iter()
            .enumerate()
            .map(|(i, (sel, action))| {
                format!("[[rule]]\nname = \"s{i}\"\nselector = {sel:?}\naction = \"{action}\"\n")
            })
            .collect();
        SiteRules::parse(&format!("sites = [\"*\"]\n{text}"), Path::new("sel.toml"))
            .expect("every selector in the list is valid")
    })
}

/// Selector rules on a hostile page: no panic, and still only visible words, in order.
fn check_selector_rules(rules: &SiteRules, page: &Piece) -> Result<(), TestCaseError> {
    let selectors: Vec<_> = rules.selectors().collect();
    let mut raw = RawPage::new("p", Origin::Stdin, page.html.as_bytes().to_vec());
    raw.content_type = Some("text/html".into());
    let opts = ExtractOptions {
        on_no_article: unboil::extract::NoArticle::Keep,
        ..ExtractOptions::default()
    };
    let mut trail = Trail::new();
    let Ok(doc) = extract_with_rules(&raw, &opts, &selectors, &mut trail) else {
        return Ok(());
    };
    let out = words(&doc.text());
    let visible: Vec<String> = page.visible.iter().flat_map(|w| words(w)).collect();
    prop_assert!(
        is_subsequence(&out, &visible),
        "output {:?}\npage: {}",
        out,
        page.html
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn selector_rules_on_hostile_pages_only_remove(rules in selector_rules(), page in page()) {
        check_selector_rules(&rules, &page)?;
    }
}

/// A page as news sites write them, with multibyte text, scripts with quoted types, JSON-LD,
/// comments and an attribute-heavy tag, for cutting at every byte.
const REAL_LOOKING: &str = r#"<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><title>Міст — café 橋</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Міст"}</script>
<script type="text/javascript" async src="/a.js"></script><style>p{margin:0}</style></head>
<body><nav><a href="/">Головна</a></nav><!-- ad -->
<article class="story" data-a="1" data-b='2' data-c=3><h1>Міст відремонтують до зими</h1>
<p>Рада погодилася відремонтувати старий міст 🦀.</p>
<p>The council agreed to repair the bridge — naïve café.</p>
<svg viewBox="0 0 1 1"><path d="M0 0"/></svg><p>修理は冬の前に終わる予定です。</p></article>
<footer>© 2024 Новини</footer></body></html>"#;

/// Truncation at every byte of a real-looking page (many cuts fall inside a multibyte
/// character, an attribute, a quoted value or a comment).
#[test]
fn a_real_looking_page_cut_at_every_byte_does_not_panic() {
    for cut in 0..=REAL_LOOKING.len() {
        if let Err(e) = check_truncated(REAL_LOOKING, cut) {
            panic!("cut at {cut}: {e}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rules over text

/// Whitespace of every kind the cleaners meet, no-break and ideographic spaces included.
fn space() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(&[" ", " ", " ", "  ", "\t", "\u{a0}", "\u{3000}", "\u{2009}"][..])
}

/// Lines of random Unicode words and boilerplate-ish tokens, each a block.
fn unicode_lines() -> impl Strategy<Value = Vec<String>> {
    let token = prop_oneof![
        4 => word().prop_map(str::to_string),
        1 => proptest::sample::select(&["AD", "(DEA News)", "Read more", "©", "|", "—", "Share:"][..]).prop_map(str::to_string),
        1 => "\\PC{1,6}",
    ];
    let line = proptest::collection::vec((token, space()), 0..16)
        .prop_map(|ts| ts.into_iter().map(|(t, s)| t + s).collect::<String>());
    proptest::collection::vec(line, 1..10)
}

/// A regex of pieces that match often, at word edges, across whitespace and inside words.
fn regex() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        word().prop_map(regex_escape),
        Just(r"\s".to_string()),
        Just(r"\s+".to_string()),
        Just(".".to_string()),
        Just(r"\w+".to_string()),
        Just(r"\b".to_string()),
        Just("[а-я]+".to_string()),
        Just(r"\p{Han}".to_string()),
        Just("AD".to_string()),
        Just(r"\u{a0}".to_string()),
        Just("x*".to_string()),
        Just("(?:AD|©)".to_string()),
        Just(".*?".to_string()),
        Just("^".to_string()),
        Just("$".to_string()),
    ];
    proptest::collection::vec(atom, 1..5).prop_map(|a| a.concat())
}

/// Escapes regex metacharacters, as `regex::escape` does (the crate is not a dev-dependency).
fn regex_escape(w: &str) -> String {
    w.chars()
        .flat_map(|c| {
            let meta = "\\.+*?()|[]{}^$".contains(c);
            meta.then_some('\\').into_iter().chain(std::iter::once(c))
        })
        .collect()
}

/// One `[[rule]]` over the text: a phrase (often one of its own words) or a regex, with any
/// text action.
fn rule_entry(i: usize) -> impl Strategy<Value = String> {
    let action = proptest::sample::select(
        &[
            "strip_text",
            "strip_prefix",
            "strip_suffix",
            "drop_block",
            "cut_from",
            "drop_label_and_titles",
        ][..],
    );
    let matcher = prop_oneof![
        word().prop_map(|w| format!("phrase = {w:?}")),
        proptest::collection::vec(word(), 1..3)
            .prop_map(|ws| format!("phrase = {:?}", ws.join(" "))),
        regex().prop_map(|r| format!("regex = {}", toml_literal(&r))),
    ];
    (matcher, action)
        .prop_map(move |(m, a)| format!("[[rule]]\nname = \"r{i}\"\n{m}\naction = \"{a}\"\n"))
}

fn toml_literal(s: &str) -> String {
    if s.contains('\'') || s.contains('\n') {
        format!("{s:?}")
    } else {
        format!("'{s}'")
    }
}

fn rule_file() -> impl Strategy<Value = String> {
    (0..4usize)
        .prop_flat_map(|n| (0..=n).map(rule_entry).collect::<Vec<_>>())
        .prop_map(|rules| format!("sites = [\"*\"]\n{}", rules.concat()))
}

fn non_space(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_char_subsequence(small: &[char], big: &[char]) -> bool {
    let mut it = big.iter();
    small.iter().all(|c| it.any(|b| b == c))
}

/// Applies the rule file to the lines: no panic; what is left is a subsequence of what was
/// there (only removal); and every character that went is in the trail (nothing removed
/// silently).
fn check_rules(file: &str, lines: &[String]) -> Result<(), TestCaseError> {
    let rules = match SiteRules::parse(file, Path::new("fuzz.toml")) {
        Ok(r) => r,
        // An invalid generated regex is refused with a message, which is right.
        Err(problems) => {
            prop_assert!(!problems.is_empty());
            return Ok(());
        }
    };
    let chain = Chain::build(&[CleanerConfig::SiteRules], &RuleSet::new(vec![rules]))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut doc = Document::new("d", "fuzz");
    doc.url = Some("https://news.example.org/a".into());
    doc.blocks = lines
        .iter()
        .enumerate()
        .map(|(i, l)| unboil::Block::new(unboil::BlockKind::Paragraph, l.as_str(), i))
        .collect();
    let before: Vec<char> = lines.iter().flat_map(|l| non_space(l)).collect();
    let trail = chain.clean(&mut doc);
    let after: Vec<char> = doc.blocks.iter().flat_map(|b| non_space(&b.text)).collect();
    prop_assert!(
        is_char_subsequence(&after, &before),
        "text was added or reordered\nrules:\n{}\nbefore: {:?}\nafter: {:?}",
        file,
        lines,
        doc.blocks.iter().map(|b| &b.text).collect::<Vec<_>>()
    );
    let removed: usize = trail
        .removals()
        .iter()
        .map(|r| non_space(&r.text).len())
        .sum();
    prop_assert_eq!(
        before.len(),
        after.len() + removed,
        "removed text missing from the trail\nrules:\n{}\nbefore: {:?}\nafter: {:?}",
        file,
        lines,
        doc.blocks.iter().map(|b| &b.text).collect::<Vec<_>>()
    );
    Ok(())
}

/// The whole built-in chain over random Unicode text: no panic, and the output words are a
/// subsequence of the input's.
fn check_chain(lines: &[String]) -> Result<(), TestCaseError> {
    let text = lines.join("\n");
    let mut page = RawPage::new("t", Origin::Stdin, text.clone().into_bytes());
    page.content_type = Some("text/plain".into());
    let Ok(mut doc) = extract_with_rules(&page, &ExtractOptions::default(), &[], &mut Trail::new())
    else {
        return Ok(());
    };
    static CHAIN: std::sync::OnceLock<Chain> = std::sync::OnceLock::new();
    CHAIN.get_or_init(Chain::builtin).clean(&mut doc);
    prop_assert!(is_subsequence(&words(&doc.text()), &words(&text)));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_rules_over_unicode_text_only_remove(file in rule_file(), lines in unicode_lines()) {
        check_rules(&file, &lines)?;
    }

    #[test]
    fn the_builtin_chain_over_unicode_text_only_removes(lines in unicode_lines()) {
        check_chain(&lines)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Config and rule files

const CONFIG: &str = include_str!("../config.toml");
const RULE_FILE: &str = include_str!("../rules/example.com.toml");

/// A text with random edits: bytes replaced, deleted, duplicated, or TOML punctuation put in.
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    let edit = (
        any::<prop::sample::Index>(),
        0..5u8,
        proptest::sample::select(
            &[
                "=",
                "\"",
                "'",
                "[",
                "]",
                "[[",
                "\n",
                "#",
                "{",
                "}",
                ",",
                "\\",
                "é",
                "\u{0}",
                "type = \"x\"",
            ][..],
        ),
    );
    proptest::collection::vec(edit, 1..8).prop_map(move |edits| {
        let mut s: Vec<char> = base.chars().collect();
        for (at, kind, ins) in edits {
            if s.is_empty() {
                break;
            }
            let i = at.index(s.len());
            match kind {
                0 => {
                    s.remove(i);
                }
                1 => s.splice(i..i, ins.chars()).for_each(drop),
                2 => {
                    let end = (i + 40).min(s.len());
                    let dup: Vec<char> = s[i..end].to_vec();
                    s.splice(i..i, dup).for_each(drop);
                }
                3 => {
                    let end = (i + 20).min(s.len());
                    s.drain(i..end);
                }
                _ => s[i] = ins.chars().next().unwrap_or(' '),
            }
        }
        s.into_iter().collect()
    })
}

fn check_config(text: &str) -> Result<(), TestCaseError> {
    let dir = std::env::temp_dir();
    if let Err(problems) = Config::parse(text, &dir.join("fuzz-config.toml")) {
        prop_assert!(!problems.0.is_empty(), "refused without a reason");
        for p in &problems.0 {
            prop_assert!(!p.to_string().trim().is_empty());
        }
    }
    Ok(())
}

fn check_rule_file(text: &str) -> Result<(), TestCaseError> {
    if let Err(problems) = SiteRules::parse(text, Path::new("fuzz.toml")) {
        prop_assert!(!problems.is_empty(), "refused without a reason");
    }
    Ok(())
}

proptest! {
    // Each load compiles the chain's patterns: a few dozen cases in the default run.
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn mutated_configs_load_or_say_why(text in mutated(CONFIG)) {
        check_config(&text)?;
    }

    #[test]
    fn mutated_rule_files_load_or_say_why(text in mutated(RULE_FILE)) {
        check_rule_file(&text)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Dumps (WARC records are fuzzed beside their reader, `src/source/warc.rs`)

/// JSONL lines: valid records, records with odd ids and bodies, broken JSON, bytes.
fn jsonl_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (
            proptest::sample::select(&["", ".", "..", "/", "a/../b", "\\", "x"][..]),
            "\\PC{0,40}"
        )
            .prop_map(|(id, text)| format!("{{\"id\": {id:?}, \"text\": {text:?}}}").into_bytes()),
        "\\PC{0,40}".prop_map(
            |t| format!("{{\"html\": {t:?}, \"url\": \"https://e.com/a\"}}").into_bytes()
        ),
        "[\\[\\]{}\",:0-9a-z ]{0,40}".prop_map(String::into_bytes),
        proptest::collection::vec(any::<u8>(), 0..60),
    ]
}

fn check_jsonl(lines: &[Vec<u8>]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let path = dir.path().join("d.jsonl");
    let mut bytes = Vec::new();
    for l in lines {
        bytes.extend_from_slice(l);
        bytes.push(b'\n');
    }
    // Random bytes may hold line ends of their own.
    let count = bytes.iter().filter(|&&b| b == b'\n').count();
    std::fs::write(&path, bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
    // Bounded: a reader that repeats itself would pass this many.
    let limit = count * 2 + 10;
    let n = unboil::source::JsonlSource::new(path)
        .pages()
        .take(limit)
        .count();
    prop_assert!(n <= count + 1, "{} results for {} lines", n, count);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn jsonl_bytes_give_at_most_one_result_a_line(lines in proptest::collection::vec(jsonl_line(), 0..20)) {
        check_jsonl(&lines)?;
    }
}

// ---------------------------------------------------------------------------------------------
// The long run and the time bound (outside the default run)

/// Cases for one long-run property: `UNBOIL_FUZZ_CASES`, else 100,000.
fn long_cases() -> u32 {
    std::env::var("UNBOIL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// Runs `check` on `cases` values of `strategy`, printing how many ran.
fn long_run<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    check: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let count = AtomicUsize::new(0);
    let started = Instant::now();
    let mut runner = TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    let result = runner.run(&strategy, |v| {
        count.fetch_add(1, Ordering::Relaxed);
        check(v)
    });
    eprintln!(
        "{name}: {} cases in {:.0} s",
        count.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

#[test]
#[ignore = "long run: see RELIABILITY.md"]
fn fuzz_long_pages() {
    long_run("pages", long_cases(), page(), |p| check_page(&p));
}

#[test]
#[ignore = "long run: see RELIABILITY.md"]
fn fuzz_long_selector_rules() {
    long_run(
        "selector rules on pages",
        long_cases(),
        (selector_rules(), page()),
        |(r, p)| check_selector_rules(&r, &p),
    );
}

#[test]
#[ignore = "long run: see RELIABILITY.md"]
fn fuzz_long_truncated_pages() {
    long_run(
        "truncated pages",
        long_cases(),
        (page(), any::<prop::sample::Index>()),
        |(p, at)| check_truncated(&p.html, at.index(p.html.len() + 1)),
    );
}

#[test]
#[ignore = "long run: see RELIABILITY.md"]
fn fuzz_long_rules_over_text() {
    long_run(
        "rules over text",
        long_cases(),
        (rule_file(), unicode_lines()),
        |(f, l)| check_rules(&f, &l),
    );
}

#[test]
#[ignore = "long run: see RELIABILITY.md"]
fn fuzz_long_chain_over_text() {
    long_run("chain over text", long_cases(), unicode_lines(), |l| {
        check_chain(&l)
    });
}

#[test]
#[ignore = "long run: see RELIABILITY.md"]
fn fuzz_long_jsonl() {
    long_run(
        "jsonl dumps",
        long_cases() / 10,
        proptest::collection::vec(jsonl_line(), 0..20),
        |l| check_jsonl(&l),
    );
}

#[test]
#[ignore = "long run: see RELIABILITY.md"]
fn fuzz_long_configs() {
    long_run(
        "configs and rule files",
        long_cases(),
        (mutated(CONFIG), mutated(RULE_FILE)),
        |(c, r)| {
            check_config(&c)?;
            check_rule_file(&r)
        },
    );
}

/// Makes a hostile page of a given size.
type Shape = Box<dyn Fn(usize) -> String>;

/// Each hostile shape at size n and 16n: the larger may take at most about 16 times as long
/// (40 times, for noise), where a quadratic path takes 256 times. Timed, so outside the default
/// run; meaningful in release: `cargo test --release --test fuzz -- --ignored time_`.
#[test]
#[ignore = "timed: run in release, see RELIABILITY.md"]
fn time_grows_linearly_with_hostile_page_size() {
    let attrs = |n: usize| (0..n).map(|i| format!(" a{i}=\"v\"")).collect::<String>();
    let shapes: Vec<(&str, Shape)> = vec![
        (
            "div then stray span",
            Box::new(|n| "<div></span>".repeat(n)),
        ),
        ("nested divs", Box::new(|n| "<div>".repeat(n) + "x")),
        (
            "end tag attributes",
            Box::new(move |n| format!("<p>x</p></div{}>", attrs(n))),
        ),
        (
            "script attributes",
            Box::new(move |n| format!("<script{}>x</script><p>y</p>", attrs(n))),
        ),
        (
            "deep tag attributes",
            Box::new(move |n| "<div>".repeat(600) + &format!("<b{}>x", attrs(n))),
        ),
        ("unclosed quotes", Box::new(|n| "<p a=\"x>".repeat(n))),
        (
            "formatting soup",
            Box::new(|n| "<b><i><a>x</b></i>".repeat(n)),
        ),
    ];
    for (name, make) in shapes {
        let time = |n: usize| {
            let html = make(n);
            let started = Instant::now();
            // The result is not looked at, only timed; black_box keeps the work from being
            // optimised away.
            std::hint::black_box(extract_bytes(html.as_bytes()));
            started.elapsed().as_secs_f64()
        };
        let small = time(5_000);
        let large = time(80_000);
        eprintln!("{name}: {small:.3} s at 5k, {large:.3} s at 80k");
        assert!(
            large <= 40.0 * small + 0.05,
            "{name}: {large:.3} s at 80k vs {small:.3} s at 5k is not linear"
        );
    }
}

/// A selector rule matching every element and a regex matching every few bytes, at n and 16n.
#[test]
#[ignore = "timed: run in release, see RELIABILITY.md"]
fn time_grows_linearly_with_rule_matches() {
    let rules = SiteRules::parse(
        "sites = [\"*\"]\n[[rule]]\nname = \"all\"\nselector = \"*\"\naction = \"remove_element\"\n",
        Path::new("all.toml"),
    )
    .expect("valid");
    let selectors: Vec<_> = rules.selectors().collect();
    let time_selector = |n: usize| {
        let html = "<div><span>x</span>".repeat(n);
        let page = RawPage::new("p", Origin::Stdin, html.into_bytes());
        let started = Instant::now();
        std::hint::black_box(
            extract_with_rules(
                &page,
                &ExtractOptions::default(),
                &selectors,
                &mut Trail::new(),
            )
            .is_ok(),
        );
        started.elapsed().as_secs_f64()
    };
    let text_rules = SiteRules::parse(
        "sites = [\"*\"]\n[[rule]]\nname = \"x\"\nregex = 'x\\s'\naction = \"strip_text\"\n",
        Path::new("x.toml"),
    )
    .expect("valid");
    let chain =
        Chain::build(&[CleanerConfig::SiteRules], &RuleSet::new(vec![text_rules])).expect("chain");
    let time_regex = |n: usize| {
        let mut doc = Document::new("d", "t");
        doc.url = Some("https://a.org/".into());
        doc.blocks = vec![unboil::Block::new(
            unboil::BlockKind::Paragraph,
            "ax ".repeat(n),
            0,
        )];
        let started = Instant::now();
        chain.clean(&mut doc);
        started.elapsed().as_secs_f64()
    };
    for (name, time) in [
        ("selector *", &time_selector as &dyn Fn(usize) -> f64),
        ("strip_text every 3 bytes", &time_regex),
    ] {
        let small = time(2_000);
        let large = time(32_000);
        eprintln!("{name}: {small:.3} s at 2k, {large:.3} s at 32k");
        assert!(
            large <= 40.0 * small + 0.05,
            "{name}: {large:.3} s vs {small:.3} s is not linear"
        );
    }
}
