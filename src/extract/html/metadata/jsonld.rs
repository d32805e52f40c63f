//! JSON-LD (`<script type="application/ld+json">`): the most precise metadata a news page carries,
//! and the most carelessly written.
//!
//! Pages put one object per script, arrays of objects, or a `@graph` whose nodes refer to each other
//! by `@id`; the article may sit under a `WebPage`'s `mainEntity`. Scripts come wrapped in CDATA or
//! HTML comments, HTML-escaped as a whole, or with raw newlines inside strings. What cannot be read
//! even then is skipped (with a debug log): a broken script must never cost the page its text.

use serde_json::{Map, Value};
use std::collections::HashMap;

use super::text;

/// `@type`s of the objects that are the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "AskPublicNewsArticle",
    "SatiricalArticle",
    "ScholarlyArticle",
    "TechArticle",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "Report",
    "Review",
];

/// Nesting deeper than this is not metadata but an attack or a bug; it is not followed.
const MAX_DEPTH: usize = 16;

/// What the page's JSON-LD says about the article.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct JsonLd {
    /// Every `@type` of every object found, in page order, without repeats.
    pub types: Vec<String>,
    /// The main article's headline.
    pub headline: Option<String>,
    /// The main article's authors, in order, as written (names not yet cleaned of "By").
    pub authors: Vec<String>,
    /// The main article's `datePublished`, as written.
    pub published: Option<String>,
    /// The main article's `description`.
    pub description: Option<String>,
    /// The main article's `articleBody`, with its line breaks.
    pub article_body: Option<String>,
    /// The publisher's name, else the `WebSite`'s.
    pub site_name: Option<String>,
    /// `inLanguage` of the article, else of any object.
    pub language: Option<String>,
    /// The article's `url` or `mainEntityOfPage`.
    pub url: Option<String>,
}

/// Reads every JSON-LD script (their raw texts) and picks the article among their objects.
/// `page_url` breaks ties between several article objects (listing pages carry many).
pub fn read<'a>(scripts: impl IntoIterator<Item = &'a str>, page_url: Option<&str>) -> JsonLd {
    let mut nodes: Vec<Map<String, Value>> = Vec::new();
    for raw in scripts {
        match parse(raw) {
            Some(value) => flatten(value, &mut nodes, 0),
            None => tracing::debug!(
                script = %raw.chars().take(80).collect::<String>(),
                "skipping a JSON-LD script that is not valid JSON"
            ),
        }
    }
    let by_id: HashMap<&str, &Map<String, Value>> = nodes
        .iter()
        .filter_map(|n| Some((n.get("@id")?.as_str()?, n)))
        .collect();
    let mut out = JsonLd::default();
    for node in &nodes {
        for t in types_of(node) {
            if !out.types.contains(&t) {
                out.types.push(t);
            }
        }
    }
    let main = pick_article(&nodes, page_url);
    if let Some(article) = main {
        out.headline = string(article.get("headline"))
            .or_else(|| string(article.get("name")))
            .map(|s| text::clean(&s));
        out.authors = authors(article.get("author"), &by_id);
        out.published = string(article.get("datePublished"));
        out.description = string(article.get("description")).map(|s| text::clean(&s));
        out.article_body = string(article.get("articleBody"))
            .map(|s| text::decode_entities(&s).trim().to_string())
            .filter(|s| !s.is_empty());
        out.site_name = article
            .get("publisher")
            .and_then(|p| name_of(p, &by_id, 0))
            .map(|s| text::clean(&s));
        out.url = string(article.get("url")).or_else(|| {
            let page = article.get("mainEntityOfPage")?;
            string(Some(page)).or_else(|| string(page.get("@id")))
        });
        out.language = language(article.get("inLanguage"));
    } else if let Some(page) = nodes.iter().find(|n| has_type(n, is_page_type)) {
        // No article object, but the page object (Yoast writes only a WebPage; fact checks a
        // ClaimReview) still dates and credits the page. Its `name` is the <title>, not a headline.
        out.authors = authors(page.get("author"), &by_id);
        out.published = string(page.get("datePublished"));
        out.description = string(page.get("description")).map(|s| text::clean(&s));
        out.site_name = page
            .get("publisher")
            .and_then(|p| name_of(p, &by_id, 0))
            .map(|s| text::clean(&s));
        out.language = language(page.get("inLanguage"));
    }
    if out.site_name.is_none() {
        out.site_name = nodes
            .iter()
            .find(|n| has_type(n, |t| t == "WebSite"))
            .and_then(|n| string(n.get("name")))
            .map(|s| text::clean(&s));
    }
    if out.language.is_none() {
        out.language = nodes.iter().find_map(|n| language(n.get("inLanguage")));
    }
    out.headline = out.headline.filter(|s| !s.is_empty());
    out.description = out.description.filter(|s| !s.is_empty());
    out.site_name = out.site_name.filter(|s| !s.is_empty());
    out
}

/// Parses one script's text, trying the repairs real pages need, in order of how cheap they are.
fn parse(raw: &str) -> Option<Value> {
    let body = unwrap(raw);
    if body.is_empty() {
        return None;
    }
    if let Ok(v) = serde_json::from_str(body) {
        return Some(v);
    }
    let flat = repair(body);
    if let Ok(v) = serde_json::from_str(&flat) {
        return Some(v);
    }
    // A template that HTML-escaped the whole script: `{&quot;@type&quot;: …}`.
    if flat.contains("&quot;") {
        let unescaped = text::decode_entities(&flat);
        if let Ok(v) = serde_json::from_str(&unescaped) {
            return Some(v);
        }
    }
    // Several objects one after the other (two includes writing into one script): the ones that
    // parse, as an array.
    let values: Vec<Value> = serde_json::Deserializer::from_str(&flat)
        .into_iter::<Value>()
        .map_while(Result::ok)
        .collect();
    (!values.is_empty()).then_some(Value::Array(values))
}

/// Fixes the two slips hand-made templates make most: raw line breaks and tabs inside strings
/// (made spaces, which keeps the meaning) and a comma before a closing bracket (dropped).
fn repair(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    let (mut in_string, mut escaped) = (false, false);
    while let Some(c) = chars.next() {
        if in_string {
            if c.is_control() {
                out.push(' ');
                escaped = false;
                continue;
            }
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            out.push(c);
            continue;
        }
        match c {
            '"' => in_string = true,
            ',' => {
                let rest = chars.clone().find(|n| !n.is_whitespace());
                if matches!(rest, Some(']') | Some('}')) {
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// The script text without the CDATA sections and HTML comments some templates wrap JSON in.
fn unwrap(raw: &str) -> &str {
    let mut s = raw.trim();
    loop {
        let before = s.len();
        for prefix in ["//<![CDATA[", "/*<![CDATA[*/", "<![CDATA[", "<!--"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.trim();
            }
        }
        for suffix in ["//]]>", "/*]]>*/", "]]>", "-->"] {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest.trim();
            }
        }
        s = s.trim_end_matches(';').trim();
        if s.len() == before {
            return s;
        }
    }
}

/// Collects the objects of a script: top-level objects, array items, `@graph` nodes and the
/// `mainEntity` a `WebPage` names. Objects nested elsewhere (an author, a list of related stories)
/// are values of these, not nodes of their own.
fn flatten(value: Value, nodes: &mut Vec<Map<String, Value>>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                flatten(item, nodes, depth + 1);
            }
        }
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, nodes, depth + 1);
            }
            if let Some(main) = map.get("mainEntity").cloned() {
                if main.is_object() || main.is_array() {
                    flatten(main, nodes, depth + 1);
                }
            }
            if map.contains_key("@type") {
                nodes.push(map);
            }
        }
        _ => {}
    }
}

/// The article object: among article-typed objects, the one whose URL is the page's, else the first
/// with a headline, else the first.
fn pick_article<'n>(
    nodes: &'n [Map<String, Value>],
    page_url: Option<&str>,
) -> Option<&'n Map<String, Value>> {
    let articles: Vec<&Map<String, Value>> = nodes
        .iter()
        .filter(|n| has_type(n, is_article_type))
        .collect();
    if articles.len() > 1 {
        if let Some(page) = page_url.map(comparable_url) {
            let same_page = articles.iter().find(|a| {
                let url = string(a.get("url")).or_else(|| {
                    let m = a.get("mainEntityOfPage")?;
                    string(Some(m)).or_else(|| string(m.get("@id")))
                });
                url.is_some_and(|u| comparable_url(&u) == page)
            });
            if let Some(a) = same_page {
                return Some(a);
            }
        }
    }
    articles
        .iter()
        .find(|a| a.contains_key("headline"))
        .or(articles.first())
        .copied()
}

/// Article types, including the vendor ones that end in `Article` (`MedicalScholarlyArticle`).
fn is_article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    ARTICLE_TYPES.contains(&t) || t.ends_with("Article")
}

/// Objects that stand for the page as a whole: `WebPage` and its kinds, and a fact check's review.
fn is_page_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    t.ends_with("WebPage") || t == "ClaimReview"
}

/// A URL without scheme, `www.`, query, fragment and trailing slash, for comparing.
fn comparable_url(u: &str) -> String {
    let u = u.split(['?', '#']).next().unwrap_or(u);
    let u = u
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    u.trim_end_matches('/').to_ascii_lowercase()
}

fn types_of(node: &Map<String, Value>) -> Vec<String> {
    match node.get("@type") {
        Some(Value::String(s)) => vec![s.trim().to_string()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_string())
            .collect(),
        _ => Vec::new(),
    }
}

fn has_type(node: &Map<String, Value>, pred: impl Fn(&str) -> bool) -> bool {
    types_of(node).iter().any(|t| pred(t))
}

/// A string value, or the first string of an array; empty strings count as absent.
fn string(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().find_map(Value::as_str)?.to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Author names in order: a string, an object with a `name`, an `@id` reference to a `@graph`
/// node, or an array of any of these. Organisations are dropped when people are named too: a byline
/// names the writers, not the house.
fn authors(v: Option<&Value>, by_id: &HashMap<&str, &Map<String, Value>>) -> Vec<String> {
    let Some(v) = v else {
        return Vec::new();
    };
    let items: Vec<&Value> = match v {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut people = Vec::new();
    let mut organisations = Vec::new();
    for item in items {
        let is_org = resolve(item, by_id).is_some_and(|o| {
            has_type(o, |t| {
                t.ends_with("Organization") || t == "NewsMediaOrganization"
            })
        });
        if let Some(name) = name_of(item, by_id, 0) {
            let name = text::clean(&name);
            if name.is_empty() {
                continue;
            }
            if is_org {
                organisations.push(name);
            } else {
                people.push(name);
            }
        }
    }
    if people.is_empty() {
        organisations
    } else {
        people
    }
}

/// The object `v` is, or names by `@id`.
fn resolve<'a>(
    v: &'a Value,
    by_id: &HashMap<&str, &'a Map<String, Value>>,
) -> Option<&'a Map<String, Value>> {
    let obj = v.as_object()?;
    if obj.contains_key("name") {
        return Some(obj);
    }
    let id = obj.get("@id")?.as_str()?;
    by_id.get(id).copied().or(Some(obj))
}

/// The name of a person or organisation given as a string, an object or an `@id` reference.
fn name_of(v: &Value, by_id: &HashMap<&str, &Map<String, Value>>, depth: usize) -> Option<String> {
    if depth > 2 {
        return None;
    }
    match v {
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty() && !s.starts_with("http")).then(|| s.to_string())
        }
        Value::Array(items) => items.iter().find_map(|i| name_of(i, by_id, depth + 1)),
        Value::Object(_) => {
            let obj = resolve(v, by_id)?;
            match obj.get("name") {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Some(Value::Object(_)) | Some(Value::Array(_)) => {
                    name_of(obj.get("name")?, by_id, depth + 1)
                }
                _ => {
                    let given = string(obj.get("givenName"));
                    let family = string(obj.get("familyName"));
                    match (given, family) {
                        (Some(g), Some(f)) => Some(format!("{g} {f}")),
                        (g, f) => g.or(f),
                    }
                }
            }
        }
        _ => None,
    }
}

/// `inLanguage` given as a code or as a `Language` object.
fn language(v: Option<&Value>) -> Option<String> {
    let v = v?;
    string(Some(v)).or_else(|| {
        let obj = v.as_object()?;
        string(obj.get("alternateName")).or_else(|| string(obj.get("name")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_with_references_yields_the_article() {
        let script = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","@id":"https://ex.com/#site","name":"Example Site"},
            {"@type":"Person","@id":"https://ex.com/#ann","name":"Ann Lee"},
            {"@type":["NewsArticle"],"headline":"Rates rise &amp; fall","author":[{"@id":"https://ex.com/#ann"},{"@type":"Person","name":"Bo Chen"}],
             "datePublished":"2021-03-04T05:06:07Z","inLanguage":"en-GB","articleBody":"First.\n\nSecond."}
        ]}"#;
        let ld = read([script], None);
        assert_eq!(ld.types, ["WebSite", "Person", "NewsArticle"]);
        assert_eq!(ld.headline.as_deref(), Some("Rates rise & fall"));
        assert_eq!(ld.authors, ["Ann Lee", "Bo Chen"]);
        assert_eq!(ld.published.as_deref(), Some("2021-03-04T05:06:07Z"));
        assert_eq!(ld.site_name.as_deref(), Some("Example Site"));
        assert_eq!(ld.language.as_deref(), Some("en-GB"));
        assert_eq!(ld.article_body.as_deref(), Some("First.\n\nSecond."));
    }

    #[test]
    fn wrappers_and_raw_newlines_are_repaired() {
        let script =
            "<!--//<![CDATA[\n{\"@type\":\"Article\",\"headline\":\"Line\none\"}\n//]]>-->";
        assert_eq!(read([script], None).headline.as_deref(), Some("Line one"));
        let escaped =
            "{&quot;@type&quot;:&quot;BlogPosting&quot;,&quot;headline&quot;:&quot;Hi&quot;}";
        assert_eq!(read([escaped], None).headline.as_deref(), Some("Hi"));
    }

    #[test]
    fn trailing_commas_are_forgiven_but_not_inside_strings() {
        let script = r#"{"@type":"NewsArticle","headline":"a ,]","keywords":["x", ],}"#;
        assert_eq!(read([script], None).headline.as_deref(), Some("a ,]"));
    }

    #[test]
    fn objects_written_one_after_another_are_all_read() {
        let script =
            r#"{"@type":"WebSite","name":"Site"} {"@type":"NewsArticle","headline":"Two"}"#;
        let ld = read([script], None);
        assert_eq!(ld.types, ["WebSite", "NewsArticle"]);
        assert_eq!(ld.headline.as_deref(), Some("Two"));
    }

    #[test]
    fn invalid_scripts_are_skipped_and_others_still_read() {
        let ld = read(
            [
                "{not json",
                "",
                r#"[{"@type":"Article","headline":"Ok","author":"Jo Doe"}]"#,
            ],
            None,
        );
        assert_eq!(ld.headline.as_deref(), Some("Ok"));
        assert_eq!(ld.authors, ["Jo Doe"]);
    }

    #[test]
    fn the_article_matching_the_page_url_wins() {
        let scripts = [
            r#"{"@type":"NewsArticle","headline":"Other","url":"https://ex.com/other"}"#,
            r#"{"@type":"NewsArticle","headline":"This","url":"https://www.ex.com/this/"}"#,
        ];
        let ld = read(scripts, Some("https://ex.com/this?utm=x"));
        assert_eq!(ld.headline.as_deref(), Some("This"));
        assert_eq!(read(scripts, None).headline.as_deref(), Some("Other"));
    }

    #[test]
    fn main_entity_and_organisation_authors() {
        let script = r#"{"@type":"WebPage","mainEntity":{"@type":"Article","headline":"H",
            "author":[{"@type":"Organization","name":"Desk"},{"@type":"Person","name":"Al B"}],
            "publisher":{"@type":"Organization","name":"Daily"}}}"#;
        let ld = read([script], None);
        assert_eq!(ld.headline.as_deref(), Some("H"));
        assert_eq!(ld.authors, ["Al B"]);
        assert_eq!(ld.site_name.as_deref(), Some("Daily"));
        let org_only = r#"{"@type":"Article","author":{"@type":"Organization","name":"Reuters"}}"#;
        assert_eq!(read([org_only], None).authors, ["Reuters"]);
    }

    #[test]
    fn a_lone_web_page_object_dates_the_page_but_gives_no_headline() {
        let script = r#"{"@graph":[{"@type":"WebPage","name":"Story - Site","datePublished":"2018-04-18T14:39:09+02:00"}]}"#;
        let ld = read([script], None);
        assert_eq!(ld.published.as_deref(), Some("2018-04-18T14:39:09+02:00"));
        assert_eq!(ld.headline, None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        let ld = read([deep.as_str()], None);
        assert_eq!(
            (ld.headline, ld.published),
            (None, None),
            "nothing to read in it"
        );
    }
}
