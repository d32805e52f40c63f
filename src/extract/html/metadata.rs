//! Page metadata: headline, authors, publication date, site name, canonical URL, language and
//! description, each with the place it was read from.
//!
//! A page states the same fact in several places that disagree in quality: JSON-LD is written for
//! search engines and is usually exact, OpenGraph and other `<meta>` tags are written for sharing
//! (titles carry the site name), and the visible page (`<title>`, bylines, `<time>`) is written for
//! people. Each field takes the first source, in an order chosen per field, that yields a value that
//! passes its checks; the source is recorded, so a user can tell a JSON-LD date from a date found in
//! the URL. Nothing is guessed loosely: a field with no trustworthy source stays empty.
//!
//! The extractor calls [`read`] once per page on the parsed document; JSON-LD's `articleBody` and
//! `@type`s come back too, as evidence for finding the article text.

pub(crate) mod dates;
mod jsonld;
mod names;
pub mod selected;
mod text;
mod title;

use std::collections::HashMap;
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Selector};

use crate::document::{Field, MetaSource, Metadata};

/// What [`read`] found: the metadata fields, plus what JSON-LD says about the article's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// Title, authors, date, site name, canonical URL, language, description, each with its source.
    pub meta: Metadata,
    /// JSON-LD `articleBody` of the main article object: the publisher's own text of the article,
    /// which the extractor can compare its choice with.
    pub article_body: Option<String>,
    /// Every JSON-LD `@type` on the page (`NewsArticle`, `BlogPosting`, `WebPage`, …), in page order:
    /// whether a page calls itself an article is a hint for the extractor.
    pub types: Vec<String>,
}

/// `<meta>` keys for the publication date, best first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "date_published",
    "publishdate",
    "publish-date",
    "publish_date",
    "published-date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "originalpublicationdate",
    "article.published",
    "rnews:datepublished",
];

/// `<meta>` keys naming the authors, best first. The first key that yields a name wins, with all
/// of its tags (pages repeat `citation_author` once per author).
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "citation_author",
    "dc.creator",
    "dcterms.creator",
    "byl",
];

/// A byline list this long is a list of related stories' authors, not this article's.
const MAX_AUTHORS: usize = 8;

/// Reads the metadata of a parsed page fetched from `url` (which resolves a relative canonical link
/// and may hold the date). Never fails: a field that cannot be read is left empty.
pub fn read(page: &Html, url: Option<&str>) -> PageMeta {
    let els = Elements::of(page);
    let tags = MetaTags::collect(&els);
    let scripts: Vec<String> = els
        .select(&els.script, &sel().script)
        .filter(|e| {
            e.value()
                .attr("type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
        })
        .map(|e| e.text().collect())
        .collect();
    let ld = jsonld::read(scripts.iter().map(String::as_str), url);

    let mut meta = Metadata {
        site_name: site_name(&tags, &ld),
        ..Metadata::default()
    };
    meta.title = title(
        &els,
        &tags,
        &ld,
        meta.site_name.as_ref().map(|f| f.value.as_str()),
    );
    meta.authors = authors(&els, &tags, &ld);
    meta.canonical_url = canonical(&els, &tags, url);
    let url_for_date = url.or(meta.canonical_url.as_ref().map(|f| f.value.as_str()));
    meta.published = published(&els, &tags, &ld, url_for_date);
    meta.language = language(page, &tags, &ld);
    meta.description = description(&tags, &ld);
    PageMeta {
        meta,
        article_body: ld.article_body,
        types: ld.types,
    }
}

/// Every selector the module uses, compiled once per process.
struct Selectors {
    meta: Selector,
    script: Selector,
    title: Selector,
    h1: Selector,
    canonical: Selector,
    rel_author: Selector,
    itemprop_author: Selector,
    itemprop_name: Selector,
    itemprop_published: Selector,
    time_pubdate: Selector,
    article_time: Selector,
    any_time: Selector,
    byline: Selector,
}

fn sel() -> &'static Selectors {
    static SELECTORS: OnceLock<Selectors> = OnceLock::new();
    SELECTORS.get_or_init(|| {
        let s = |css: &str| Selector::parse(css).expect("static selector");
        Selectors {
            meta: s("meta"),
            script: s("script[type]"),
            title: s("title"),
            h1: s("h1"),
            canonical: s("link[rel~=canonical][href]"),
            rel_author: s("a[rel~=author], link[rel~=author]"),
            itemprop_author: s("[itemprop~=author]"),
            itemprop_name: s("[itemprop~=name]"),
            itemprop_published: s("[itemprop~=datePublished]"),
            time_pubdate: s("time[pubdate][datetime]"),
            article_time: s("article time[datetime]"),
            any_time: s("time[datetime]"),
            byline: s(
                ".byline, .by-line, .article-byline, .byline__name, .byline-name, \
                       .author-name, .article-author, .story-byline, [class~=byline]",
            ),
        }
    })
}

/// The page's elements that the selectors of [`Selectors`] can match, gathered in one walk and
/// kept in the order [`Html::select`] yields them (the tree's arena order, attached elements only).
/// Each lookup then tests the few elements of the kind its selector names (every `time[…]`
/// selector needs a `<time>`, `.byline` a class) instead of every node of the page: a page has
/// thousands of nodes, and a dozen lookups walked them all.
struct Elements<'a> {
    meta: Vec<ElementRef<'a>>,
    script: Vec<ElementRef<'a>>,
    title: Vec<ElementRef<'a>>,
    h1: Vec<ElementRef<'a>>,
    /// `<a>` and `<link>`.
    links: Vec<ElementRef<'a>>,
    time: Vec<ElementRef<'a>>,
    /// Elements with an `itemprop` attribute.
    with_itemprop: Vec<ElementRef<'a>>,
    /// Elements with a `class` attribute.
    with_class: Vec<ElementRef<'a>>,
}

impl<'a> Elements<'a> {
    fn of(page: &'a Html) -> Self {
        let mut els = Elements {
            meta: Vec::new(),
            script: Vec::new(),
            title: Vec::new(),
            h1: Vec::new(),
            links: Vec::new(),
            time: Vec::new(),
            with_itemprop: Vec::new(),
            with_class: Vec::new(),
        };
        for node in page.tree.nodes() {
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            // As `Html::select`: a detached element is not on the page.
            if el.parent().is_none() {
                continue;
            }
            let e = el.value();
            match e.name() {
                "meta" => els.meta.push(el),
                "script" => els.script.push(el),
                "title" => els.title.push(el),
                "h1" => els.h1.push(el),
                "a" | "link" => els.links.push(el),
                "time" => els.time.push(el),
                _ => {}
            }
            // One look at the names of its attributes (`Element::attr` builds an atom per
            // call, which cost more than the lookups it saves).
            let (mut itemprop, mut class) = (false, false);
            for (name, _) in e.attrs() {
                itemprop |= name == "itemprop";
                class |= name == "class";
            }
            if itemprop {
                els.with_itemprop.push(el);
            }
            if class {
                els.with_class.push(el);
            }
        }
        els
    }

    /// The elements of `among` that `selector` matches, in page order. `among` must hold every
    /// element the selector can match.
    fn select<'s>(
        &self,
        among: &'s [ElementRef<'a>],
        selector: &'s Selector,
    ) -> impl Iterator<Item = ElementRef<'a>> + 's
    where
        'a: 's,
    {
        among.iter().copied().filter(|el| selector.matches(el))
    }
}

/// The page's `<meta>` tags by lowercased `property` / `name` / `http-equiv`, values in page order.
/// Collected in one pass so that looking up dozens of keys does not walk the page dozens of times.
struct MetaTags(HashMap<String, Vec<String>>);

impl MetaTags {
    fn collect(els: &Elements<'_>) -> Self {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for el in els.select(&els.meta, &sel().meta) {
            // One walk over the tag's attributes rather than four `Element::attr` lookups,
            // each of which builds an atom for the name.
            let (mut content, mut property, mut name, mut http_equiv) = (None, None, None, None);
            for (key, value) in el.value().attrs() {
                match key {
                    "content" => content = Some(value),
                    "property" => property = Some(value),
                    "name" => name = Some(value),
                    "http-equiv" => http_equiv = Some(value),
                    _ => {}
                }
            }
            let Some(content) = content else {
                continue;
            };
            let content = text::clean(content);
            if content.is_empty() {
                continue;
            }
            for key in [property, name, http_equiv].into_iter().flatten() {
                // RDFa allows several properties in one attribute: "og:title twitter:title".
                for k in key.split_whitespace() {
                    map.entry(k.to_ascii_lowercase())
                        .or_default()
                        .push(content.clone());
                }
            }
        }
        MetaTags(map)
    }

    /// The first value of `key`.
    fn first(&self, key: &str) -> Option<&str> {
        self.0.get(key)?.first().map(String::as_str)
    }

    /// Every value of `key`, in page order.
    fn all(&self, key: &str) -> &[String] {
        self.0.get(key).map_or(&[], Vec::as_slice)
    }
}

/// OpenGraph for `og:` keys, another meta tag otherwise.
fn meta_source(key: &str) -> MetaSource {
    if key.starts_with("og:") {
        MetaSource::OpenGraph
    } else {
        MetaSource::Meta
    }
}

/// An element's text, whitespace collapsed.
fn text_of(el: ElementRef<'_>) -> String {
    text::collapse(&el.text().collect::<String>())
}

fn site_name(tags: &MetaTags, ld: &jsonld::JsonLd) -> Option<Field<String>> {
    if let Some(v) = tags.first("og:site_name") {
        return Some(Field::new(v.to_string(), MetaSource::OpenGraph));
    }
    if let Some(v) = &ld.site_name {
        return Some(Field::new(v.clone(), MetaSource::JsonLd));
    }
    tags.first("application-name")
        .map(|v| Field::new(v.to_string(), MetaSource::Meta))
}

/// The headline: JSON-LD, then `og:title`, then `twitter:title`, then `<title>`, then the `<h1>`.
fn title(
    els: &Elements<'_>,
    tags: &MetaTags,
    ld: &jsonld::JsonLd,
    site: Option<&str>,
) -> Option<Field<String>> {
    if let Some(h) = &ld.headline {
        return Some(Field::new(
            title::strip_site(h, site, None, false),
            MetaSource::JsonLd,
        ));
    }
    let h1 = els
        .select(&els.h1, &sel().h1)
        .map(text_of)
        .find(|t| !t.is_empty());
    let page_title = els
        .select(&els.title, &sel().title)
        .next()
        .map(text_of)
        .filter(|t| !t.is_empty());
    for key in ["og:title", "twitter:title"] {
        if let Some(t) = tags.first(key) {
            // An og:title that merely repeats <title> carries its site name too.
            let guess = page_title.as_deref() == Some(t);
            let h1 = guess.then_some(h1.as_deref()).flatten();
            return Some(Field::new(
                title::strip_site(t, site, h1, guess),
                meta_source(key),
            ));
        }
    }
    if let Some(t) = page_title {
        return Some(Field::new(
            title::strip_site(&t, site, h1.as_deref(), true),
            MetaSource::Page,
        ));
    }
    h1.map(|h| Field::new(h, MetaSource::Page))
}

/// All authors from the best source that names any: JSON-LD, meta tags, `rel=author` links,
/// microdata, and a byline element as the last resort.
fn authors(els: &Elements<'_>, tags: &MetaTags, ld: &jsonld::JsonLd) -> Option<Field<Vec<String>>> {
    let found = |list: Vec<String>, source| {
        (!list.is_empty() && list.len() <= MAX_AUTHORS).then(|| Field::new(list, source))
    };
    let mut out = Vec::new();
    for raw in &ld.authors {
        names::push_names(raw, &mut out);
    }
    if let Some(f) = found(out, MetaSource::JsonLd) {
        return Some(f);
    }
    for key in AUTHOR_KEYS {
        let mut out = Vec::new();
        for raw in tags.all(key) {
            names::push_names(raw, &mut out);
        }
        if let Some(f) = found(out, MetaSource::Meta) {
            return Some(f);
        }
    }
    let mut out = Vec::new();
    for el in els.select(&els.links, &sel().rel_author) {
        names::push_names(&text_of(el), &mut out);
    }
    if let Some(f) = found(out, MetaSource::Page) {
        return Some(f);
    }
    let mut out = Vec::new();
    for el in els.select(&els.with_itemprop, &sel().itemprop_author) {
        if in_foreign_item(el) {
            continue;
        }
        let name = el
            .select(&sel().itemprop_name)
            .next()
            .map(|n| {
                n.value()
                    .attr("content")
                    .map_or_else(|| text_of(n), text::clean)
            })
            .or_else(|| el.value().attr("content").map(text::clean))
            .unwrap_or_else(|| text_of(el));
        names::push_names(&name, &mut out);
    }
    if let Some(f) = found(out, MetaSource::Microdata) {
        return Some(f);
    }
    els.select(&els.with_class, &sel().byline)
        .take(3)
        .map(text_of)
        .filter(|t| t.chars().count() <= 120)
        .map(|t| names::names(&t))
        .find(|n| !n.is_empty())
        .and_then(|n| found(n, MetaSource::Page))
}

/// True when `el`'s nearest microdata item is something other than an article (a comment, a
/// review, a related story's card), whose author is not the page's.
fn in_foreign_item(el: ElementRef<'_>) -> bool {
    let item = el
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().attr("itemscope").is_some());
    match item.and_then(|i| i.value().attr("itemtype")) {
        None => false,
        Some(t) => !(t.contains("Article") || t.contains("Posting") || t.contains("WebPage")),
    }
}

/// The publication date: JSON-LD, meta tags, microdata, `<time>` in the article, then a
/// `/YYYY/MM/DD/` URL.
fn published(
    els: &Elements<'_>,
    tags: &MetaTags,
    ld: &jsonld::JsonLd,
    url: Option<&str>,
) -> Option<Field<String>> {
    if let Some(d) = ld.published.as_deref().and_then(dates::normalise) {
        return Some(Field::new(d, MetaSource::JsonLd));
    }
    for key in DATE_KEYS {
        if let Some(d) = tags.all(key).iter().find_map(|v| dates::normalise(v)) {
            return Some(Field::new(d, meta_source(key)));
        }
    }
    let attr_date = |el: ElementRef<'_>| {
        let e = el.value();
        e.attr("datetime")
            .or_else(|| e.attr("content"))
            .and_then(dates::normalise)
    };
    if let Some(d) = els
        .select(&els.with_itemprop, &sel().itemprop_published)
        .find_map(|el| attr_date(el).or_else(|| dates::normalise(&text_of(el))))
    {
        return Some(Field::new(d, MetaSource::Microdata));
    }
    let from_time = els
        .select(&els.time, &sel().time_pubdate)
        .find_map(attr_date)
        .or_else(|| {
            els.select(&els.time, &sel().article_time)
                .find_map(attr_date)
        })
        .or_else(|| {
            // A lone <time> on the page is the article's; among several, which one is not sure.
            let mut all = els.select(&els.time, &sel().any_time);
            let first = all.next()?;
            all.next().is_none().then(|| attr_date(first)).flatten()
        });
    if let Some(d) = from_time {
        return Some(Field::new(d, MetaSource::Page));
    }
    url.and_then(dates::from_url)
        .map(|d| Field::new(d, MetaSource::Url))
}

/// `<link rel=canonical>` resolved against the page URL, else `og:url`; http(s) only.
fn canonical(els: &Elements<'_>, tags: &MetaTags, url: Option<&str>) -> Option<Field<String>> {
    let base = url.and_then(|u| url::Url::parse(u).ok());
    let resolve = |href: &str| {
        let href = href.trim();
        let abs = match &base {
            Some(b) => b.join(href).ok()?,
            None => url::Url::parse(href).ok()?,
        };
        matches!(abs.scheme(), "http" | "https").then(|| abs.to_string())
    };
    // A canonical link to the site's front page from an article is a template bug, not a claim.
    let page_is_root = base.as_ref().is_none_or(|b| b.path() == "/");
    let plausible = |u: &String| {
        page_is_root || url::Url::parse(u).is_ok_and(|c| c.path() != "/" || c.query().is_some())
    };
    if let Some(u) = els
        .select(&els.links, &sel().canonical)
        .filter_map(|el| el.value().attr("href"))
        .filter_map(resolve)
        .find(plausible)
    {
        return Some(Field::new(u, MetaSource::Page));
    }
    tags.first("og:url")
        .and_then(resolve)
        .filter(plausible)
        .map(|u| Field::new(u, MetaSource::OpenGraph))
}

/// `<html lang>`, then `Content-Language`, then `og:locale`, then JSON-LD `inLanguage`.
fn language(page: &Html, tags: &MetaTags, ld: &jsonld::JsonLd) -> Option<Field<String>> {
    let html_lang = page
        .root_element()
        .value()
        .attr("lang")
        .and_then(language_tag);
    if let Some(l) = html_lang {
        return Some(Field::new(l, MetaSource::Page));
    }
    for key in ["content-language", "dc.language", "language"] {
        if let Some(l) = tags.first(key).and_then(language_tag) {
            return Some(Field::new(l, MetaSource::Meta));
        }
    }
    if let Some(l) = tags.first("og:locale").and_then(language_tag) {
        return Some(Field::new(l, MetaSource::OpenGraph));
    }
    ld.language
        .as_deref()
        .and_then(language_tag)
        .map(|l| Field::new(l, MetaSource::JsonLd))
}

/// A BCP 47 tag in its usual case (`en`, `en-US`, `zh-Hant-TW`) from forms like `en_us`, `EN`,
/// `en-US, fr`. Not a tag (`und`, `x-default`, `English`)? `None`.
fn language_tag(raw: &str) -> Option<String> {
    let first = raw.split([',', ';']).next()?.trim().replace('_', "-");
    let mut parts = first.split('-');
    let primary = parts.next()?;
    if !(2..=3).contains(&primary.len())
        || !primary.bytes().all(|b| b.is_ascii_alphabetic())
        || primary.eq_ignore_ascii_case("und")
    {
        return None;
    }
    let mut tag = primary.to_ascii_lowercase();
    for sub in parts {
        if sub.is_empty() || sub.len() > 8 || !sub.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        tag.push('-');
        match sub.len() {
            2 => tag.push_str(&sub.to_ascii_uppercase()),
            4 if sub.bytes().all(|b| b.is_ascii_alphabetic()) => {
                tag.push_str(&sub[..1].to_ascii_uppercase());
                tag.push_str(&sub[1..].to_ascii_lowercase());
            }
            _ => tag.push_str(&sub.to_ascii_lowercase()),
        }
    }
    Some(tag)
}

/// `<meta name=description>`, then `og:description`, then `twitter:description`, then JSON-LD.
fn description(tags: &MetaTags, ld: &jsonld::JsonLd) -> Option<Field<String>> {
    for key in ["description", "og:description", "twitter:description"] {
        if let Some(d) = tags.first(key) {
            return Some(Field::new(d.to_string(), meta_source(key)));
        }
    }
    ld.description
        .clone()
        .map(|d| Field::new(d, MetaSource::JsonLd))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(html: &str, url: Option<&str>) -> PageMeta {
        read(&Html::parse_document(html), url)
    }

    #[test]
    fn the_element_index_finds_what_a_page_wide_select_finds() {
        // Elements of every kind the selectors name, in places the tree builder moves them
        // (a table's stray text, a second <title> in the body, an <svg> title, uppercase tags).
        let page = Html::parse_document(
            r#"<html><head><TITLE>One</TITLE><META name="author" content="A"><link rel="canonical" href="/a">
            <script type="application/ld+json">{}</script></head><body>
            <table><tr><td>x</td></tr><a rel="author" href="/b">Bo</a></table>
            <title>Two</title><H1 class="byline">Head</H1><svg><title>Icon</title><a rel="author">Svg</a></svg>
            <article><time datetime="2020-01-02" pubdate>t</time></article><time datetime="2021-01-01">u</time>
            <span itemprop="author"><span itemprop="name">Cy</span></span>
            <div itemprop="datePublished" class="by-line">2020</div><p class="article-author">Di</p>
            </body></html>"#,
        );
        let els = Elements::of(&page);
        let s = sel();
        let ids = |v: Vec<ElementRef<'_>>| v.into_iter().map(|e| e.id()).collect::<Vec<_>>();
        let cases: [(&[ElementRef<'_>], &Selector); 12] = [
            (&els.meta, &s.meta),
            (&els.script, &s.script),
            (&els.title, &s.title),
            (&els.h1, &s.h1),
            (&els.links, &s.canonical),
            (&els.links, &s.rel_author),
            (&els.with_itemprop, &s.itemprop_author),
            (&els.with_itemprop, &s.itemprop_published),
            (&els.time, &s.time_pubdate),
            (&els.time, &s.article_time),
            (&els.time, &s.any_time),
            (&els.with_class, &s.byline),
        ];
        for (among, selector) in cases {
            let all = ids(page.select(selector).collect());
            assert!(!all.is_empty(), "{selector:?} matches on the test page");
            assert_eq!(
                ids(els.select(among, selector).collect()),
                all,
                "{selector:?}"
            );
        }
    }

    #[test]
    fn language_tags_are_normalised() {
        assert_eq!(language_tag("en_US").as_deref(), Some("en-US"));
        assert_eq!(language_tag("EN").as_deref(), Some("en"));
        assert_eq!(language_tag("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(language_tag("pt-br, en").as_deref(), Some("pt-BR"));
        assert_eq!(language_tag("English"), None);
        assert_eq!(language_tag("x-default"), None);
        assert_eq!(language_tag("und"), None);
        assert_eq!(language_tag(""), None);
    }

    #[test]
    fn meta_tags_fill_every_field_without_json_ld() {
        let m = read_str(
            r#"<html lang="en_gb"><head>
            <title>Storm closes harbour | Coast Times</title>
            <meta property="og:site_name" content="Coast Times">
            <meta name="author" content="By Ann Lee and Bo Chen">
            <meta property="article:published_time" content="2020-01-02T03:04:05+00:00">
            <meta name="description" content="  The harbour is shut. ">
            <link rel="canonical" href="/news/storm">
            </head><body><h1>Storm closes harbour</h1></body></html>"#,
            Some("https://coast.example/news/storm?ref=home"),
        )
        .meta;
        let title = m.title.expect("title");
        assert_eq!(title.value, "Storm closes harbour");
        assert_eq!(title.source, MetaSource::Page);
        assert_eq!(m.authors.expect("authors").value, ["Ann Lee", "Bo Chen"]);
        let date = m.published.expect("date");
        assert_eq!(date.value, "2020-01-02T03:04:05+00:00");
        assert_eq!(date.source, MetaSource::Meta);
        assert_eq!(m.site_name.expect("site").source, MetaSource::OpenGraph);
        assert_eq!(
            m.canonical_url.expect("canonical").value,
            "https://coast.example/news/storm"
        );
        assert_eq!(m.language.expect("lang").value, "en-GB");
        assert_eq!(m.description.expect("desc").value, "The harbour is shut.");
    }

    #[test]
    fn a_canonical_link_to_the_front_page_is_ignored_on_an_article() {
        let html = r#"<link rel="canonical" href="https://ex.example/">
                      <meta property="og:url" content="https://ex.example/news/story">"#;
        let c = read_str(html, Some("https://ex.example/news/story?x=1"))
            .meta
            .canonical_url
            .expect("canonical");
        assert_eq!(
            (c.value.as_str(), c.source),
            ("https://ex.example/news/story", MetaSource::OpenGraph)
        );
        let home = read_str(html, Some("https://ex.example/"))
            .meta
            .canonical_url;
        assert_eq!(
            home.map(|c| c.value).as_deref(),
            Some("https://ex.example/")
        );
    }

    #[test]
    fn a_date_in_the_url_is_the_last_resort() {
        let m = read_str(
            "<p>No dates here.</p>",
            Some("https://ex.example/2019/11/19/story/"),
        )
        .meta;
        let date = m.published.expect("date");
        assert_eq!(
            (date.value.as_str(), date.source),
            ("2019-11-19", MetaSource::Url)
        );
        assert!(
            read_str("<p>x</p>", Some("https://ex.example/story-2019-11-19"))
                .meta
                .published
                .is_none()
        );
    }

    #[test]
    fn several_time_elements_outside_an_article_are_not_guessed_from() {
        let html = r#"<div><time datetime="2020-01-01">today</time></div>
                      <div><time datetime="2019-05-05">then</time></div>"#;
        assert!(read_str(html, None).meta.published.is_none());
        let html = r#"<article><time datetime="2019-05-05T10:00:00+02:00">then</time></article>
                      <footer><time datetime="2020-01-01">today</time></footer>"#;
        assert_eq!(
            read_str(html, None).meta.published.expect("date").value,
            "2019-05-05T10:00:00+02:00"
        );
    }

    #[test]
    fn microdata_author_of_a_comment_is_not_the_article_author() {
        let html = r#"<article itemscope itemtype="https://schema.org/NewsArticle">
            <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ann Lee</span></span>
            <div itemscope itemtype="https://schema.org/Comment"><span itemprop="author">troll99</span></div>
            </article>"#;
        let authors = read_str(html, None).meta.authors.expect("authors");
        assert_eq!(authors.value, ["Ann Lee"]);
        assert_eq!(authors.source, MetaSource::Microdata);
    }

    #[test]
    fn empty_and_garbage_pages_give_empty_metadata() {
        for html in [
            "",
            "<",
            "<html lang='☃'><meta content><script type='application/ld+json'>[[[</script>",
        ] {
            let pm = read_str(html, Some("not a url"));
            assert_eq!(pm.meta.language, None);
            assert_eq!(pm.article_body, None);
        }
    }
}
