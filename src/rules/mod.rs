//! Site rules: boilerplate that only one site has, described as data in a TOML file per site, so a
//! new rule never needs a rebuild.
//!
//! ```toml
//! sites = ["example.com"]          # this domain and its subdomains; "*" for every document
//!
//! [[rule]]
//! name = "agency-tag"
//! phrase = "(DEA News)"            # or: regex = '…'; or selector = "div.share" (HTML stage)
//! action = "strip_suffix"          # drop_block | strip_prefix | strip_suffix | strip_text
//!                                  # | cut_from | drop_label_and_titles
//!                                  # | remove_element | keep_only (selectors)
//!
//! [[tests]]                        # the proof that travels with the rule
//! text = "A paragraph. (DEA News)"
//! not_contains = ["DEA News"]
//! ```
//!
//! Parsing is pure: [`SiteRules::parse`] takes the file's text. Every problem in a file is reported
//! with its line, all at once.

pub mod ftr;
mod selector_error;

use crate::problem::{
    from_toml, key_line, line_of, message_line, take_unknown_keys, unknown_key_message, Problem,
};
use crate::text::fold;

/// The keys a `[[rule]]` may have.
const RULE_KEYS: &[&str] = &[
    "name",
    "phrase",
    "regex",
    "selector",
    "action",
    "max_titles",
    "attribute",
];
/// The keys a `[[tests]]` entry may have.
const TEST_KEYS: &[&str] = &["name", "input", "text", "url", "contains", "not_contains"];
use regex::Regex;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// What a rule does with what it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Drop the block. A `phrase` must be the whole block; a `regex` may match anywhere in it.
    DropBlock,
    /// Cut the match from the start of the block.
    StripPrefix,
    /// Cut the match from the end of the block.
    StripSuffix,
    /// Cut every match, wherever it is in a block.
    StripText,
    /// Cut everything from the first match on: the rest of its block and every later block.
    CutFrom,
    /// Drop a block that is the label, and the title-like blocks that follow it.
    DropLabelAndTitles,
    /// HTML stage: remove the elements the selector matches before extraction.
    RemoveElement,
    /// HTML stage: extract only from the elements the selector matches (falling back to the
    /// whole page when they hold too little text).
    KeepOnly,
    /// HTML stage: the document's title is the text (or `attribute`) of the first match.
    Title,
    /// HTML stage: the document's authors are read from the matches.
    Author,
    /// HTML stage: the publication date is read from the first match that holds a date.
    Date,
}

impl Action {
    /// The action's name as a user writes it in a rule file (`drop_block`).
    pub fn name(self) -> &'static str {
        match self {
            Action::DropBlock => "drop_block",
            Action::StripPrefix => "strip_prefix",
            Action::StripSuffix => "strip_suffix",
            Action::StripText => "strip_text",
            Action::CutFrom => "cut_from",
            Action::DropLabelAndTitles => "drop_label_and_titles",
            Action::RemoveElement => "remove_element",
            Action::KeepOnly => "keep_only",
            Action::Title => "title",
            Action::Author => "author",
            Action::Date => "date",
        }
    }

    fn needs_selector(self) -> bool {
        matches!(
            self,
            Action::RemoveElement
                | Action::KeepOnly
                | Action::Title
                | Action::Author
                | Action::Date
        )
    }

    /// True for the actions that read metadata rather than prune the page.
    pub fn is_metadata(self) -> bool {
        matches!(self, Action::Title | Action::Author | Action::Date)
    }
}

/// One rule as a user writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    /// Names the rule in the removal trail (`rule:<file>/<name>`).
    pub name: String,
    /// Exact text to match, compared case-insensitively with any run of whitespace.
    pub phrase: Option<String>,
    /// A regular expression (Rust `regex` syntax) to match.
    pub regex: Option<String>,
    /// A CSS selector, for the HTML-stage actions.
    pub selector: Option<String>,
    /// What to do with the match.
    pub action: Action,
    /// For `drop_label_and_titles`: the most titles dropped after the label.
    pub max_titles: Option<usize>,
    /// For the metadata actions: read this attribute of the match (`content` of a `<meta>`,
    /// `datetime` of a `<time>`) instead of its text.
    pub attribute: Option<String>,
}

/// A test carried by a rule file: an input and what its cleaned text must (not) contain.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTest {
    /// A name for the report.
    pub name: Option<String>,
    /// An input file (HTML or text), relative to the rule file.
    pub input: Option<PathBuf>,
    /// Inline input text, instead of a file.
    pub text: Option<String>,
    /// The URL the input is cleaned as; defaults to `https://<first site>/`.
    pub url: Option<String>,
    /// Strings the cleaned text must contain.
    #[serde(default)]
    pub contains: Vec<String>,
    /// Strings the cleaned text must not contain.
    #[serde(default)]
    pub not_contains: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFileConfig {
    name: Option<String>,
    #[allow(dead_code)]
    description: Option<String>,
    /// Where an imported file came from (`"ftr-site-config"`), so imported rules can be turned off.
    imported_from: Option<String>,
    sites: Spanned<Vec<String>>,
    #[serde(default)]
    rule: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    tests: Vec<Spanned<toml::Value>>,
}

/// How a rule finds its text.
#[derive(Debug, Clone)]
pub(crate) enum Matcher {
    /// The whole block equals this folded phrase.
    WholeBlock(String),
    /// A compiled pattern.
    Pattern(Regex),
    /// A CSS selector (applied by the HTML stage, not here).
    Selector(scraper::Selector),
}

/// A rule ready to run.
#[derive(Debug, Clone)]
pub struct Rule {
    pub(crate) name: String,
    /// Line of the rule in its file, for messages.
    pub line: usize,
    pub(crate) action: Action,
    pub(crate) matcher: Matcher,
    pub(crate) max_titles: usize,
    pub(crate) attribute: Option<String>,
}

/// A site pattern: `example.com` (the domain and its subdomains), `*.example.com` (subdomains
/// only) or `*` (every document, with or without a URL).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Site {
    Any,
    Domain(String),
    Subdomains(String),
}

impl Site {
    fn parse(pattern: &str) -> Result<Site, String> {
        let p = pattern.trim().to_ascii_lowercase();
        if p == "*" {
            return Ok(Site::Any);
        }
        let (sub, domain) = match p.strip_prefix("*.") {
            Some(rest) => (true, rest.to_string()),
            None => (false, p.trim_start_matches("www.").to_string()),
        };
        let valid = !domain.is_empty()
            && domain.contains('.')
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if !valid {
            return Err(format!(
                "site {pattern:?} is not a domain: write it as \"example.com\", \"*.example.com\" or \"*\" (no scheme, no path)"
            ));
        }
        Ok(if sub {
            Site::Subdomains(domain)
        } else {
            Site::Domain(domain)
        })
    }

    fn matches(&self, host: Option<&str>) -> bool {
        match (self, host) {
            (Site::Any, _) => true,
            (_, None) => false,
            (Site::Domain(d), Some(h)) => h == d || h.ends_with(&format!(".{d}")),
            (Site::Subdomains(d), Some(h)) => h.ends_with(&format!(".{d}")),
        }
    }
}

/// The rules of one rule file.
#[derive(Debug, Clone)]
pub struct SiteRules {
    /// The file's name for rules (its `name`, or its file stem).
    pub name: String,
    /// Where it was read from.
    pub path: PathBuf,
    sites: Vec<Site>,
    pub(crate) rules: Vec<Rule>,
    /// The tests it carries.
    pub tests: Vec<RuleTest>,
    /// The collection an imported file was converted from (its `imported_from`), None for a file
    /// written or learned here.
    pub imported_from: Option<String>,
}

impl SiteRules {
    /// Parses and validates a rule file's `text`, read from `path`. Returns every problem found.
    pub fn parse(text: &str, path: &Path) -> Result<SiteRules, Vec<Problem>> {
        let file: RuleFileConfig =
            toml::from_str(text).map_err(|e| vec![from_toml(path, text, &e)])?;
        let mut problems = Vec::new();
        let sites_line = line_of(text, file.sites.span().start);
        let mut sites = Vec::new();
        for s in file.sites.get_ref() {
            match Site::parse(s) {
                Ok(site) => sites.push(site),
                Err(msg) => problems.push(Problem::new(path, Some(sites_line), msg)),
            }
        }
        if file.sites.get_ref().is_empty() {
            problems.push(Problem::new(
                path,
                Some(sites_line),
                "`sites` is empty: name the domains the rules apply to, or \"*\" for all",
            ));
        }
        let mut rules = Vec::new();
        let mut names = std::collections::HashSet::new();
        for raw in file.rule {
            let line = line_of(text, raw.span().start);
            let mut value = raw.into_inner();
            for key in take_unknown_keys(&mut value, RULE_KEYS) {
                problems.push(Problem::new(
                    path,
                    Some(key_line(text, line, &key)),
                    unknown_key_message("[[rule]]", &key, RULE_KEYS),
                ));
            }
            let config: RuleConfig = match value.try_into() {
                Ok(c) => c,
                Err(e) => {
                    let e: toml::de::Error = e;
                    let message = e.message().trim();
                    problems.push(Problem::new(
                        path,
                        Some(message_line(text, line, message)),
                        format!("in [[rule]]: {message}"),
                    ));
                    continue;
                }
            };
            if !names.insert(config.name.clone()) {
                problems.push(Problem::new(
                    path,
                    Some(line),
                    format!(
                        "rule {:?} is defined twice: give each rule its own name",
                        config.name
                    ),
                ));
            }
            match compile(&config, line) {
                Ok(rule) => rules.push(rule),
                Err((key, msg)) => problems.push(Problem::new(
                    path,
                    Some(key_line(text, line, key)),
                    format!("rule {:?}: {msg}", config.name),
                )),
            }
        }
        let mut tests = Vec::new();
        for raw in file.tests {
            let line = line_of(text, raw.span().start);
            let mut value = raw.into_inner();
            for key in take_unknown_keys(&mut value, TEST_KEYS) {
                problems.push(Problem::new(
                    path,
                    Some(key_line(text, line, &key)),
                    unknown_key_message("[[tests]]", &key, TEST_KEYS),
                ));
            }
            match value.try_into::<RuleTest>() {
                Ok(t) if t.input.is_some() == t.text.is_some() => problems.push(Problem::new(
                    path,
                    Some(line),
                    "in [[tests]]: give exactly one of `input` (a file) or `text`",
                )),
                Ok(t) if t.contains.is_empty() && t.not_contains.is_empty() => problems
                    .push(Problem::new(
                    path,
                    Some(line),
                    "in [[tests]]: a test needs `contains` or `not_contains`, or it cannot fail",
                )),
                Ok(t) => tests.push(t),
                Err(e) => problems.push(Problem::new(
                    path,
                    Some(line),
                    format!("in [[tests]]: {}", e.message().trim()),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let name = file.name.unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "rules".into())
        });
        Ok(SiteRules {
            name,
            path: path.to_path_buf(),
            sites,
            rules,
            tests,
            imported_from: file.imported_from,
        })
    }

    /// True when the file's rules apply to a document from `host` (None: no URL known).
    pub fn applies_to(&self, host: Option<&str>) -> bool {
        self.sites.iter().any(|s| s.matches(host))
    }

    /// The URL a test input is cleaned as when the test names none.
    pub fn default_test_url(&self) -> Option<String> {
        self.sites.iter().find_map(|s| match s {
            Site::Domain(d) | Site::Subdomains(d) => Some(format!("https://{d}/")),
            Site::Any => None,
        })
    }

    /// The HTML-stage rules (CSS selectors), each named as its removals are recorded.
    pub fn selectors(&self) -> impl Iterator<Item = SelectorRule<'_>> {
        self.rules.iter().filter_map(move |r| match &r.matcher {
            Matcher::Selector(selector) => Some(SelectorRule {
                by: format!("rule:{}/{}", self.name, r.name),
                selector,
                action: r.action,
                attribute: r.attribute.as_deref(),
            }),
            _ => None,
        })
    }
}

/// The rule `config` compiled; on failure, the key at fault and what is wrong with it.
fn compile(config: &RuleConfig, line: usize) -> Result<Rule, (&'static str, String)> {
    let given = [&config.phrase, &config.regex, &config.selector]
        .iter()
        .filter(|x| x.is_some())
        .count();
    if given != 1 {
        return Err((
            "name",
            "give exactly one of `phrase`, `regex` or `selector`".into(),
        ));
    }
    let matcher = if let Some(sel) = &config.selector {
        if !config.action.needs_selector() {
            return Err(("action", format!(
                "action {} works on text: use `phrase` or `regex`, or the selector actions remove_element / keep_only / title / author / date",
                config.action.name()
            )));
        }
        let compiled = scraper::Selector::parse(sel).map_err(|e| {
            (
                "selector",
                format!(
                    "invalid CSS selector {sel:?}: {}",
                    selector_error::describe(&e)
                ),
            )
        })?;
        Matcher::Selector(compiled)
    } else if config.action.needs_selector() {
        return Err((
            "action",
            format!("action {} needs a `selector`", config.action.name()),
        ));
    } else if let Some(phrase) = &config.phrase {
        if phrase.trim().is_empty() {
            return Err(("phrase", "`phrase` is empty".into()));
        }
        match config.action {
            Action::DropBlock | Action::DropLabelAndTitles => Matcher::WholeBlock(fold(phrase)),
            _ => Matcher::Pattern(phrase_regex(phrase)),
        }
    } else if let Some(re) = &config.regex {
        let re = Regex::new(re).map_err(|e| ("regex", regex_error(&e)))?;
        if re.is_match("") {
            return Err((
                "regex",
                "the regex matches empty text, so it would match everywhere".into(),
            ));
        }
        Matcher::Pattern(re)
    } else {
        unreachable!("exactly one matcher is given")
    };
    if config.attribute.is_some() && !config.action.is_metadata() {
        return Err((
            "attribute",
            "`attribute` is for the metadata actions title / author / date".into(),
        ));
    }
    Ok(Rule {
        name: config.name.clone(),
        line,
        action: config.action,
        matcher,
        max_titles: config.max_titles.unwrap_or(10),
        attribute: config.attribute.clone(),
    })
}

/// A regex error as the regex crate lays it out (the pattern, a caret under the mistake, what is
/// wrong), each line indented alike below the problem's own line, so the caret still points at
/// the mistake.
pub(crate) fn regex_error(e: &regex::Error) -> String {
    let mut out = String::from("invalid regex:");
    for line in e.to_string().lines() {
        if line.trim() == "regex parse error:" || line.trim().is_empty() {
            continue;
        }
        out.push_str("\n      ");
        out.push_str(line);
    }
    out
}

/// A phrase as a case-insensitive pattern that allows any run of whitespace between its words.
fn phrase_regex(phrase: &str) -> Regex {
    let words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
    Regex::new(&format!("(?i){}", words.join(r"\s+"))).expect("escaped words form a valid regex")
}

/// An HTML-stage rule of one site: what to select and whether to remove it or keep only it.
#[derive(Debug, Clone)]
pub struct SelectorRule<'a> {
    /// The name removals are recorded under (`rule:<file>/<rule>`).
    pub by: String,
    /// The compiled selector.
    pub selector: &'a scraper::Selector,
    /// [`Action::RemoveElement`], [`Action::KeepOnly`] or a metadata action.
    pub action: Action,
    /// For a metadata action: the attribute to read instead of the text.
    pub attribute: Option<&'a str>,
}

/// Every loaded rule file; the `site_rules` cleaner applies those whose sites match the document.
///
/// Files are indexed by the domains their site patterns name, so picking the files of a host
/// looks up the host and its parent domains instead of testing every file: with the two thousand
/// imported site configs a linear scan per document would cost more than the lookup of the few
/// that apply.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub(crate) files: Vec<SiteRules>,
    /// File positions by the domain a `Domain` or `Subdomains` pattern names.
    by_domain: HashMap<String, Vec<usize>>,
    /// Positions of the files with a `*` pattern.
    everywhere: Vec<usize>,
}

impl RuleSet {
    /// A set of parsed rule files.
    pub fn new(files: Vec<SiteRules>) -> Self {
        let mut by_domain: HashMap<String, Vec<usize>> = HashMap::new();
        let mut everywhere = Vec::new();
        for (i, file) in files.iter().enumerate() {
            for site in &file.sites {
                match site {
                    Site::Any => everywhere.push(i),
                    Site::Domain(d) | Site::Subdomains(d) => {
                        by_domain.entry(d.clone()).or_default().push(i)
                    }
                }
            }
        }
        RuleSet {
            files,
            by_domain,
            everywhere,
        }
    }

    /// The rule files.
    pub fn files(&self) -> &[SiteRules] {
        &self.files
    }

    /// The HTML-stage rules that apply to a page from `host`.
    pub fn selectors_for<'a>(&'a self, host: Option<&'a str>) -> Vec<SelectorRule<'a>> {
        self.for_host(host).flat_map(SiteRules::selectors).collect()
    }

    /// The rule files that apply to a document from `host`, in the order they were loaded.
    pub fn for_host<'a>(&'a self, host: Option<&'a str>) -> impl Iterator<Item = &'a SiteRules> {
        let mut picked: Vec<usize> = self.everywhere.clone();
        if let Some(host) = host {
            let mut rest = host;
            loop {
                if let Some(found) = self.by_domain.get(rest) {
                    picked.extend(found);
                }
                match rest.split_once('.') {
                    Some((_, parent)) => rest = parent,
                    None => break,
                }
            }
        }
        picked.sort_unstable();
        picked.dedup();
        picked
            .into_iter()
            .map(move |i| &self.files[i])
            .filter(move |f| f.applies_to(host))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::test_support::{doc_of, texts};
    use crate::clean::Cleaner;
    use crate::trail::Trail;

    fn rules(text: &str) -> SiteRules {
        SiteRules::parse(text, Path::new("example.toml")).expect("valid rule file")
    }

    fn apply(rules: &SiteRules, url: &str, lines: &[&str]) -> Vec<String> {
        let mut doc = doc_of(lines);
        doc.url = Some(url.into());
        RuleSet::new(vec![rules.clone()]).clean(&mut doc, &mut Trail::new());
        texts(&doc)
    }

    const AGENCY: &str = r#"
sites = ["example.com"]
[[rule]]
name = "tag"
phrase = "(DEA News)"
action = "strip_suffix"
"#;

    #[test]
    fn a_suffix_rule_strips_on_its_site_only() {
        let r = rules(AGENCY);
        assert_eq!(
            apply(&r, "https://www.example.com/a", &["Text. (DEA  news)"]),
            ["Text."]
        );
        assert_eq!(
            apply(&r, "https://news.example.com/a", &["Text. (DEA News)"]),
            ["Text."]
        );
        assert_eq!(
            apply(&r, "https://other.org/a", &["Text. (DEA News)"]),
            ["Text. (DEA News)"]
        );
    }

    #[test]
    fn cut_from_drops_everything_after_the_marker() {
        let r = rules(
            r#"
sites = ["*"]
[[rule]]
name = "more"
regex = "(?i)^more from our partners"
action = "cut_from"
"#,
        );
        assert_eq!(
            apply(
                &r,
                "https://x.org/",
                &["Body.", "More from our partners", "Ad one", "Ad two"]
            ),
            ["Body."]
        );
    }

    #[test]
    fn label_and_titles_go_together() {
        let r = rules(
            r#"
sites = ["*"]
[[rule]]
name = "also"
phrase = "Also on Example"
action = "drop_label_and_titles"
"#,
        );
        assert_eq!(
            apply(
                &r,
                "https://x.org/",
                &["Body.", "Also on Example:", "A Title", "Another Title"]
            ),
            ["Body."]
        );
    }

    #[test]
    fn strip_text_cuts_every_match() {
        let r = rules(
            r#"
sites = ["*"]
[[rule]]
name = "promo"
regex = "\\[promo\\]"
action = "strip_text"
"#,
        );
        assert_eq!(
            apply(&r, "https://x.org/", &["A [promo] b [promo] c"]),
            ["A b c"]
        );
    }

    /// Found by fuzzing (issue 9): a `strip_text` regex whose matches end in whitespace cut
    /// "Keep this" to "eep this", and panicked when the whitespace was a no-break space.
    #[test]
    fn strip_text_with_matches_ending_in_whitespace_keeps_the_rest_whole() {
        let r = rules(
            r#"
sites = ["*"]
[[rule]]
name = "ad"
regex = "AD\\s"
action = "strip_text"
"#,
        );
        for space in [" ", "\u{a0}"] {
            let line = format!("AD{space}AD{space}Keep this AD{space}text.");
            assert_eq!(apply(&r, "https://x.org/", &[&line]), ["Keep this text."]);
        }
    }

    /// Found by fuzzing (issue 9): each match rebuilt the block, so a regex matching every few
    /// bytes was quadratic; one pass now cuts them all.
    #[test]
    fn strip_text_with_a_match_every_few_bytes_cuts_them_all() {
        let r = rules(
            r#"
sites = ["*"]
[[rule]]
name = "x"
regex = "x"
action = "strip_text"
"#,
        );
        let line = "ax ".repeat(20_000);
        let out = apply(&r, "https://x.org/", &[&line]);
        assert_eq!(out, [vec!["a"; 20_000].join(" ")]);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = r#"sites = ["example.com", "http://bad/path"]

[[rule]]
name = "a"
regex = "(unclosed"
action = "drop_block"

[[rule]]
name = "b"
phrase = "x"
action = "explode"

[[rule]]
name = "c"
phrase = "x"
acton = "drop_block"

[[tests]]
text = "x"
"#;
        let problems = SiteRules::parse(text, Path::new("bad.toml")).unwrap_err();
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 6, "{shown:#?}");
        assert!(
            shown[0].starts_with("bad.toml:1: site \"http://bad/path\""),
            "{shown:#?}"
        );
        assert!(
            shown[1].starts_with("bad.toml:5: rule \"a\": invalid regex"),
            "{shown:#?}"
        );
        assert!(
            shown[2].starts_with("bad.toml:11: in [[rule]]: unknown variant `explode`"),
            "{shown:#?}"
        );
        assert!(
            shown[3].starts_with("bad.toml:16: in [[rule]]: unknown key `acton`"),
            "{shown:#?}"
        );
        // With the unknown key set aside, the missing `action` is reported too.
        assert!(
            shown[4].starts_with("bad.toml:13: in [[rule]]: missing field `action`"),
            "{shown:#?}"
        );
        assert!(
            shown[5].starts_with("bad.toml:18: in [[tests]]: a test needs"),
            "{shown:#?}"
        );
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let problems =
            SiteRules::parse("sites = [\"a.com\"]\n[[rule]\n", Path::new("x.toml")).unwrap_err();
        assert_eq!(problems[0].line, Some(2), "{}", problems[0]);
    }

    #[test]
    fn selectors_are_validated() {
        let problems = SiteRules::parse(
            "sites = [\"a.com\"]\n[[rule]]\nname = \"s\"\nselector = \"div[[\"\naction = \"remove_element\"\n",
            Path::new("x.toml"),
        )
        .unwrap_err();
        assert!(
            problems[0].message.contains("invalid CSS selector"),
            "{}",
            problems[0]
        );
    }
}
