//! Importing the FiveFilters Full-Text RSS site configs (`ftr-site-config`, public domain / CC0)
//! as unboil rule files, so about two thousand sites have rules nobody here had to write.
//!
//! A site file is lines of `directive: value`. The directives with an unboil counterpart:
//!
//! - `body:` → a `keep_only` rule (tried in order, as Full-Text RSS does; a stale one falls back
//!   to generic extraction, see [`crate::extract::html::site_rules`]);
//! - `strip:` → `remove_element`; `strip_id_or_class: x` → `remove_element` of
//!   `[class~="x"], [id~="x"]`: elements with `x` as one of their classes, or as id. Full-Text
//!   RSS describes a substring test; that removed the article bodies of whole sites whose body
//!   class happens to contain a stripped word (wsj.com's "category"), so the word test it is;
//!   `strip_image_src: x` → `remove_element` of `img[src*="x"]`;
//! - `title:` / `author:` / `date:` → the metadata actions, with `attribute` for `…/@content`.
//!
//! Their XPath is translated by [`xpath`]; an expression it cannot translate exactly is listed in
//! the [`Report`], never guessed. The other directives (fetching, login, multi-page joining,
//! `find_string` / `replace_string` on the raw HTML, `tidy`, `prune`, `test_url`) have no
//! counterpart and are counted by kind. Pure: text in, text out; the CLI reads and writes files.

pub mod xpath;

use super::SiteRules;
use std::collections::BTreeMap;
use std::path::Path;

/// The directives that become rules.
const CONVERTIBLE: &[&str] = &[
    "body",
    "strip",
    "strip_id_or_class",
    "strip_image_src",
    "title",
    "author",
    "date",
];

/// Where the collection comes from, written into every converted file (`imported_from`).
pub const IMPORTED_FROM: &str = "ftr-site-config";

/// A directive that was not converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The site file.
    pub file: String,
    /// Its line.
    pub line: usize,
    /// The directive (`strip`).
    pub directive: String,
    /// Its value.
    pub value: String,
    /// Why it was not converted.
    pub reason: String,
}

/// What an import did, for the user and for rules/ftr/README.md.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Site files read.
    pub files: usize,
    /// Rule files written (a site file with no convertible directive gives none).
    pub written: usize,
    /// Per convertible directive: (found, converted).
    pub directives: BTreeMap<String, (usize, usize)>,
    /// Directives of the convertible kinds that could not be translated.
    pub untranslatable: Vec<Skipped>,
    /// Directives of kinds with no unboil counterpart, by kind.
    pub other: BTreeMap<String, usize>,
    /// Site files that gave no rule file, with the reason.
    pub empty: Vec<(String, String)>,
}

impl Report {
    /// Converted / found over `kinds`.
    pub fn share(&self, kinds: &[&str]) -> (usize, usize) {
        kinds
            .iter()
            .filter_map(|k| self.directives.get(*k))
            .fold((0, 0), |(c, f), (found, conv)| (c + conv, f + found))
    }

    /// A Markdown summary: the counts, then every untranslatable directive.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "{} site files read, {} rule files written.\n\n| directive | found | converted |\n|---|---:|---:|\n",
            self.files, self.written
        ));
        for (k, (found, conv)) in &self.directives {
            out.push_str(&format!("| {k} | {found} | {conv} |\n"));
        }
        let (c, f) = self.share(&["body", "strip", "strip_id_or_class"]);
        out.push_str(&format!(
            "\nbody + strip + strip_id_or_class: {c} of {f} converted ({:.1}%).\n",
            100.0 * c as f64 / f.max(1) as f64
        ));
        out.push_str("\nDirectives with no unboil counterpart (not converted):\n\n");
        for (k, n) in &self.other {
            out.push_str(&format!("- {k}: {n}\n"));
        }
        out.push_str(&format!(
            "\n## Not translated ({})\n\nEach was left out rather than guessed.\n\n",
            self.untranslatable.len()
        ));
        for s in &self.untranslatable {
            out.push_str(&format!(
                "- {}:{} `{}: {}`: {}\n",
                s.file,
                s.line,
                s.directive,
                s.value.replace('`', "'"),
                s.reason
            ));
        }
        out
    }
}

/// One converted site file.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The rule file's name (`<site>.toml`, `_.<site>.toml` for a subdomain file).
    pub file_name: String,
    /// Its TOML text.
    pub text: String,
}

/// Converts the site file `text`, named `file_name` (`example.com.txt`), adding to `report`.
/// `None` when it holds nothing convertible.
pub fn convert(file_name: &str, text: &str, report: &mut Report) -> Option<Converted> {
    report.files += 1;
    let stem = file_name.strip_suffix(".txt").unwrap_or(file_name);
    let (site, out_name) = match stem.strip_prefix('.') {
        Some(domain) => (format!("*.{domain}"), format!("_.{domain}.toml")),
        None => (stem.to_string(), format!("{stem}.toml")),
    };
    let mut rules: Vec<(String, String)> = Vec::new();
    let mut counters: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim();
        let Some(kind) = CONVERTIBLE.iter().find(|k| **k == key) else {
            let kind = key.split('(').next().unwrap_or(&key).to_string();
            *report.other.entry(kind).or_insert(0) += 1;
            continue;
        };
        let entry = report.directives.entry(kind.to_string()).or_insert((0, 0));
        entry.0 += 1;
        match rule_for(kind, value) {
            Ok(body) => {
                entry.1 += 1;
                let n = counters.entry(kind).or_insert(0);
                *n += 1;
                let name = format!("{}-{}", kind.replace('_', "-"), n);
                rules.push((name, body));
            }
            Err(reason) => report.untranslatable.push(Skipped {
                file: file_name.to_string(),
                line: i + 1,
                directive: key.clone(),
                value: value.to_string(),
                reason,
            }),
        }
    }
    if rules.is_empty() {
        report
            .empty
            .push((file_name.to_string(), "no convertible directive".into()));
        return None;
    }
    let mut out = format!(
        "# Converted by `unboil rules import-ftr` from {file_name} of the FiveFilters Full-Text RSS\n\
         # site configs (https://github.com/fivefilters/ftr-site-config), released to the public\n\
         # domain (CC0). Edit freely; `unboil rules check` validates it.\n\n\
         name = {}\nimported_from = \"{IMPORTED_FROM}\"\nsites = [{}]\n",
        quote(&format!("ftr/{stem}")),
        quote(&site),
    );
    for (name, body) in &rules {
        out.push_str(&format!("\n[[rule]]\nname = {}\n{body}", quote(name)));
    }
    // The import writes only what the rule model accepts, so `rules check` passes on every file.
    if let Err(problems) = SiteRules::parse(&out, Path::new(&out_name)) {
        let why = problems
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join("; ");
        report.empty.push((file_name.to_string(), why));
        return None;
    }
    report.written += 1;
    Some(Converted {
        file_name: out_name,
        text: out,
    })
}

/// The TOML lines (after `name`) of the rule one directive becomes.
fn rule_for(kind: &str, value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err("empty value".into());
    }
    let (selector, action, attribute) = match kind {
        "strip_id_or_class" => {
            let v = value.trim_matches(|c: char| c == '\'' || c == '"');
            if v.is_empty() || v.contains(['\'', '"']) {
                return Err("a class or id with quotes in it".into());
            }
            // Each word must be one of the element's classes (or its id): a substring test
            // ("category" inside "article-category-body") removed whole articles on aeb.
            let words: Vec<String> = v.split_whitespace().map(css_string).collect();
            let class: String = words.iter().map(|w| format!("[class~=\"{w}\"]")).collect();
            let id: String = words.iter().map(|w| format!("[id~=\"{w}\"]")).collect();
            (format!("{class}, {id}"), "remove_element", None)
        }
        "strip_image_src" => (
            format!("img[src*=\"{}\"]", css_string(value)),
            "remove_element",
            None,
        ),
        _ => {
            let css = xpath::to_css(value).map_err(|e| e.0)?;
            let (action, meta) = match kind {
                "body" => ("keep_only", false),
                "strip" => ("remove_element", false),
                "title" => ("title", true),
                "author" => ("author", true),
                _ => ("date", true),
            };
            if !meta && (css.attribute.is_some() || css.text) {
                return Err("selects an attribute or text, not elements".into());
            }
            if css.first_only && (action != "title" && action != "date") {
                return Err(format!(
                    "(…)[1] takes the first match only; {action} acts on every match"
                ));
            }
            (css.selector, action, css.attribute)
        }
    };
    scraper::Selector::parse(&selector)
        .map_err(|e| format!("the CSS {selector:?} does not parse: {e}"))?;
    let mut out = format!("selector = {}\naction = \"{action}\"\n", quote(&selector));
    if let Some(a) = attribute {
        out.push_str(&format!("attribute = {}\n", quote(&a)));
    }
    Ok(out)
}

/// `s` as a TOML string.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `s` escaped for a double-quoted CSS string.
fn css_string(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "# a comment\n\
        body: //div[contains(@class, 'entry-content')]\n\
        body: //article\n\
        strip: //aside | //div[@class='share']\n\
        strip_id_or_class: related\n\
        strip: //b[starts-with(text(), 'Read also')]/ancestor::p[1]\n\
        title: //meta[@property='og:title']/@content\n\
        date: //time/@datetime\n\
        prune: no\n\
        test_url: https://example.com/a\n";

    #[test]
    fn a_site_file_becomes_a_rule_file_that_loads() {
        let mut report = Report::default();
        let c = convert("example.com.txt", SITE, &mut report).expect("converted");
        assert_eq!(c.file_name, "example.com.toml");
        let rules = SiteRules::parse(&c.text, Path::new(&c.file_name)).expect("valid");
        assert_eq!(rules.name, "ftr/example.com");
        assert_eq!(rules.imported_from.as_deref(), Some(IMPORTED_FROM));
        assert!(rules.applies_to(Some("www.example.com")));
        let actions: Vec<_> = rules.selectors().map(|s| s.action).collect();
        use super::super::Action::*;
        assert_eq!(
            actions,
            [
                KeepOnly,
                KeepOnly,
                RemoveElement,
                RemoveElement,
                Title,
                Date
            ]
        );
        assert!(c.text.contains(r#"[class~="related"], [id~="related"]"#));
        assert!(c.text.contains("attribute = \"content\""));
        assert!(
            c.text.contains("public"),
            "attribution travels with the file"
        );
        assert_eq!(report.directives["strip"], (2, 1));
        assert_eq!(report.untranslatable.len(), 1);
        assert_eq!(report.untranslatable[0].line, 6);
        assert_eq!(report.other["prune"], 1);
        assert_eq!(report.other["test_url"], 1);
    }

    #[test]
    fn a_subdomain_file_applies_to_subdomains_only() {
        let mut report = Report::default();
        let c = convert(".example.org.txt", "body: //article\n", &mut report).expect("converted");
        assert_eq!(c.file_name, "_.example.org.toml");
        let rules = SiteRules::parse(&c.text, Path::new(&c.file_name)).expect("valid");
        assert!(rules.applies_to(Some("news.example.org")));
        assert!(!rules.applies_to(Some("example.org")));
    }

    #[test]
    fn a_file_with_nothing_convertible_gives_no_rule_file() {
        let mut report = Report::default();
        assert!(convert(
            "a.com.txt",
            "prune: no\ntest_url: https://a.com/\n",
            &mut report
        )
        .is_none());
        assert_eq!(report.empty.len(), 1);
        assert_eq!(report.written, 0);
    }
}
