//! Golden metadata cases: every folder under `fixtures/meta/` holds an `input.html` and an
//! `expected.toml` naming each field's value and source. A field the file leaves out must come back
//! empty, so a case also guards against guessing. Adding a case is adding a folder.
//!
//! `expected.toml`:
//!
//! ```toml
//! url = "https://…"                      # where the page was fetched from (optional)
//! types = ["WebPage", "NewsArticle"]     # JSON-LD @types (optional: empty when left out)
//! article_body_starts_with = "…"        # JSON-LD articleBody (optional: none when left out)
//! [title]
//! value = "…"
//! source = "json_ld"                     # as MetaSource serialises
//! [authors]
//! value = ["…", "…"]
//! source = "meta"
//! ```

use std::path::{Path, PathBuf};

use scraper::Html;
use serde::Deserialize;
use unboil::document::Field;
use unboil::extract::html::metadata::{read, PageMeta};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    url: Option<String>,
    #[serde(default)]
    types: Vec<String>,
    article_body_starts_with: Option<String>,
    title: Option<Want<String>>,
    authors: Option<Want<Vec<String>>>,
    published: Option<Want<String>>,
    site_name: Option<Want<String>>,
    canonical_url: Option<Want<String>>,
    language: Option<Want<String>>,
    description: Option<Want<String>>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct Want<T> {
    value: T,
    source: String,
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/meta");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("input.html").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// A field as it came back, in the form `expected.toml` writes it.
fn got<T: Clone>(field: &Option<Field<T>>) -> Option<Want<T>> {
    field.as_ref().map(|f| Want {
        value: f.value.clone(),
        source: serde_json::to_value(f.source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
    })
}

fn check<T: PartialEq + std::fmt::Debug>(
    problems: &mut Vec<String>,
    case: &str,
    name: &str,
    want: &Option<Want<T>>,
    got: &Option<Want<T>>,
) {
    if want != got {
        problems.push(format!("{case}: {name}: expected {want:?}, got {got:?}"));
    }
}

#[test]
fn golden_metadata_cases() {
    let cases = cases();
    assert!(
        cases.len() >= 8,
        "expected the fixture cases under fixtures/meta"
    );
    let mut problems = Vec::new();
    for dir in &cases {
        let case = dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let html = std::fs::read_to_string(dir.join("input.html")).expect("input.html");
        let toml_text = std::fs::read_to_string(dir.join("expected.toml")).expect("expected.toml");
        let want: Expected =
            toml::from_str(&toml_text).unwrap_or_else(|e| panic!("{case}/expected.toml: {e}"));
        let page: PageMeta = read(&Html::parse_document(&html), want.url.as_deref());
        let m = &page.meta;
        check(&mut problems, &case, "title", &want.title, &got(&m.title));
        check(
            &mut problems,
            &case,
            "authors",
            &want.authors,
            &got(&m.authors),
        );
        check(
            &mut problems,
            &case,
            "published",
            &want.published,
            &got(&m.published),
        );
        check(
            &mut problems,
            &case,
            "site_name",
            &want.site_name,
            &got(&m.site_name),
        );
        check(
            &mut problems,
            &case,
            "canonical_url",
            &want.canonical_url,
            &got(&m.canonical_url),
        );
        check(
            &mut problems,
            &case,
            "language",
            &want.language,
            &got(&m.language),
        );
        check(
            &mut problems,
            &case,
            "description",
            &want.description,
            &got(&m.description),
        );
        if page.types != want.types {
            problems.push(format!(
                "{case}: types: expected {:?}, got {:?}",
                want.types, page.types
            ));
        }
        let body_ok = match (&want.article_body_starts_with, &page.article_body) {
            (None, None) => true,
            (Some(w), Some(g)) => g.starts_with(w.as_str()),
            _ => false,
        };
        if !body_ok {
            problems.push(format!(
                "{case}: article_body: expected to start with {:?}, got {:?}",
                want.article_body_starts_with,
                page.article_body
                    .as_deref()
                    .map(|b| b.chars().take(80).collect::<String>())
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

proptest::proptest! {
    /// No page, however broken, makes metadata reading panic, and what it reads is in the form
    /// the documents promise: a date in ISO 8601, a title and authors without blank edges.
    #[test]
    fn any_markup_reads_without_panicking(
        html in "(<[a-z]{1,6}( [a-z:-]{1,12}=\"[^\"]{0,30}\")*>|</[a-z]{1,6}>|[^<]{0,40}|<script type=\"application/ld\\+json\">[\\[\\]{}\":,@a-zA-Z0-9 &;#<>!-]{0,80}</script>|<meta (name|property)=\"(og:title|author|date|og:locale|description)\" content=\"[^\"]{0,30}\">){0,30}",
        url in proptest::option::of("(https?://[a-z.]{1,12}/[a-z0-9/]{0,20}|[^ ]{0,10})"),
    ) {
        let meta = read(&Html::parse_document(&html), url.as_deref()).meta;
        if let Some(date) = &meta.published {
            let d = date.value.as_bytes();
            let iso = d.len() >= 10
                && d[..4].iter().all(u8::is_ascii_digit)
                && d[4] == b'-'
                && d[5..7].iter().all(u8::is_ascii_digit)
                && d[7] == b'-'
                && d[8..10].iter().all(u8::is_ascii_digit);
            proptest::prop_assert!(iso, "published {:?}", date.value);
        }
        let tidy = |s: &str| !s.is_empty() && s.trim() == s;
        if let Some(title) = &meta.title {
            proptest::prop_assert!(tidy(&title.value), "title {:?}", title.value);
        }
        if let Some(authors) = &meta.authors {
            proptest::prop_assert!(authors.value.iter().all(|a| tidy(a)), "authors {:?}", authors.value);
        }
    }
}
