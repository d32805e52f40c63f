//! config.toml: the model of what a user can configure, loaded and validated in two steps before
//! any document is touched: serde (with `deny_unknown_fields`, so a typo is an error with its line),
//! then a validation pass that gathers *every* problem, each with its file and line.

use crate::clean::{CleanConfig, CleanerConfig};
use crate::extract::html::vocabulary::Vocabulary;
use crate::extract::ExtractOptions;
use crate::problem::{
    from_toml, key_line, line_of, message_line, take_unknown_keys, unknown_key_message, Problem,
    Problems,
};
use crate::rules::{RuleSet, SiteRules};

/// The keys a `[[job]]` may have.
const JOB_KEYS: &[&str] = &[
    "name", "sources", "output", "schedule", "timezone", "site", "keep_raw", "state", "learn",
];
use crate::source::http::FetchConfig;
use crate::source::InputConfig;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Where a job's documents come from (`sources = [{ type = "files", path = "…" }]`).
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SourceConfig {
    /// A file, a folder (walked recursively) or a glob such as `dumps/**/*.html`.
    Files {
        /// The path or glob, relative to the config file.
        path: String,
    },
    /// A JSONL dump, one page per line (plain, `.gz` or `.zst`).
    Jsonl {
        /// The dump, relative to the config file.
        path: PathBuf,
        /// The field holding each record's id [default: `id`].
        #[serde(default)]
        id_field: Option<String>,
        /// The field holding each record's URL; `a.b` reads `b` inside `a` [default: `url`, else
        /// `metadata.url`].
        #[serde(default)]
        url_field: Option<String>,
        /// The field holding each record's page as HTML [default: the first of `html`,
        /// `raw_html`, `text`, `content`, `body`; a field holding markup is parsed as HTML].
        #[serde(default)]
        html_field: Option<String>,
        /// The field holding each record's page as plain text.
        #[serde(default)]
        text_field: Option<String>,
    },
    /// A WARC file (plain or gzipped); its response records are the pages.
    Warc {
        /// The file, relative to the config file.
        path: PathBuf,
    },
    /// One URL to fetch.
    Url {
        /// The URL.
        url: String,
    },
    /// A file listing URLs to fetch, one a line, `#` comments.
    Urls {
        /// The list, relative to the config file.
        path: PathBuf,
    },
    /// A sitemap (or sitemap index) whose pages are fetched.
    Sitemap {
        /// The sitemap's URL.
        url: String,
    },
    /// An RSS or Atom feed whose articles are fetched.
    Feed {
        /// The feed's URL.
        url: String,
    },
}

/// How documents are written as text.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Deserialize,
    clap::ValueEnum,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text, paragraphs kept.
    #[default]
    Text,
    /// Markdown: headings, lists and quotes marked up.
    Markdown,
    /// One JSON object per document, with metadata and the removal trail, one a line.
    Jsonl,
    /// One JSON object (indented) for one document: the record `jsonl` writes as a line.
    Json,
}

/// Where a job writes (`output = { type = "text_tree", path = "out" }`).
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SinkConfig {
    /// One file per document under a folder, mirroring the inputs' relative paths.
    TextTree {
        /// The folder, relative to the config file.
        path: PathBuf,
        /// text, markdown, json or jsonl (both one `.json` per document).
        #[serde(default)]
        format: Format,
        /// Write a metadata header (title, authors, date, URL) above the text.
        #[serde(default)]
        header: bool,
    },
    /// One JSONL file; each run appends the documents it cleaned.
    Jsonl {
        /// The file, relative to the config file.
        path: PathBuf,
    },
}

/// One `[[job]]`: sources, an output, and optionally a schedule.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobConfig {
    /// The job's name, used by `unboil run NAME` and in logs.
    pub name: String,
    /// Where its documents come from.
    pub sources: Vec<SourceConfig>,
    /// Where its clean documents go.
    pub output: SinkConfig,
    /// When `unboil schedule` runs it: a five-field crontab expression ("0 */6 * * *").
    pub schedule: Option<String>,
    /// The time zone of the schedule (an IANA name such as "Europe/Berlin"); UTC by default.
    pub timezone: Option<String>,
    /// Treat documents without a URL as coming from this site, so its rules apply.
    pub site: Option<String>,
    /// Keep each fetched page's raw HTML (and its URL in a `.meta.json`) under this folder, so a
    /// new rule can be tried on yesterday's fetch without refetching.
    pub keep_raw: Option<PathBuf>,
    /// Where the job keeps its incremental state; by default `.unboil-state.redb` in the output
    /// folder (or beside the output file).
    pub state: Option<PathBuf>,
    /// Learn each site's template from its pages as the job runs: a block seen on 3 distinct
    /// pages of a host (and passing the precision guard of `unboil learn`) is dropped from its
    /// later pages, recorded as `learned:<host>`. `unboil learn --from-state JOB` writes what was
    /// learned as a rule file to review.
    #[serde(default)]
    pub learn: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    extract: Option<Spanned<toml::Value>>,
    fetch: Option<Spanned<toml::Value>>,
    input: Option<Spanned<toml::Value>>,
    clean: Option<CleanFile>,
    #[serde(default)]
    job: Vec<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CleanFile {
    rules: Option<Vec<PathBuf>>,
    /// `false` leaves out the rule files imported from other collections (rules/ftr/, converted
    /// from the FiveFilters site configs); on by default.
    imported_rules: Option<bool>,
    chain: Option<Vec<Spanned<toml::Value>>>,
}

/// A validated configuration, with paths resolved against the config file's folder and every rule
/// file parsed.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// The folder relative paths are resolved against.
    pub base: PathBuf,
    /// Extraction settings.
    pub extract: ExtractOptions,
    /// Fetching settings (politeness, timeouts, limits).
    pub fetch: FetchConfig,
    /// Bounds on local inputs (standard input, WARC records).
    pub input: InputConfig,
    /// The cleaner chain.
    pub chain: Vec<CleanerConfig>,
    /// The built-in extraction vocabulary extended by `[extract] vocabulary`, when set: install
    /// it (`extract::html::vocabulary::install`) before extracting.
    pub vocabulary: Option<Vocabulary>,
    /// The rule files found.
    pub rules: RuleSet,
    /// The jobs.
    pub jobs: Vec<JobConfig>,
    /// The config file's text and every rule file's text, for fingerprinting what cleaned a
    /// document.
    pub texts: Vec<(PathBuf, String)>,
}

impl Config {
    /// The configuration when no file is given: built-in cleaners, the `rules/` folder of the
    /// current directory if there is one, no jobs.
    pub fn builtin() -> Result<Config, Problems> {
        let base = PathBuf::from(".");
        let mut problems = Vec::new();
        let mut texts = Vec::new();
        let rules = load_rules(
            &base,
            &[PathBuf::from("rules")],
            false,
            &mut problems,
            &mut texts,
        );
        if !problems.is_empty() {
            return Err(Problems(problems));
        }
        Ok(Config {
            path: None,
            base,
            extract: ExtractOptions::default(),
            fetch: FetchConfig::default(),
            input: InputConfig::default(),
            chain: crate::clean::CleanConfig::default().chain,
            vocabulary: None,
            rules,
            jobs: Vec::new(),
            texts,
        })
    }

    /// Reads and validates `path`, reporting every problem found in it and in the rule files it
    /// names.
    pub fn load(path: &Path) -> Result<Config, Problems> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Problems(vec![Problem::new(
                path,
                None,
                format!("cannot read the configuration: {e}"),
            )])
        })?;
        Config::parse(&text, path)
    }

    /// Validates the configuration `text`, read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Problems> {
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| Problems(vec![from_toml(path, text, &e)]))?;
        let mut problems = Vec::new();

        let mut extract_line = 1;
        let extract = match file.extract {
            None => ExtractOptions::default(),
            Some(raw) => {
                let line = line_of(text, raw.span().start);
                extract_line = line;
                raw.into_inner()
                    .try_into()
                    .unwrap_or_else(|e: toml::de::Error| {
                        let message = e.message().trim();
                        problems.push(Problem::new(
                            path,
                            Some(message_line(text, line, message)),
                            format!("in [extract]: {message}"),
                        ));
                        ExtractOptions::default()
                    })
            }
        };

        let fetch = match file.fetch {
            None => FetchConfig::default(),
            Some(raw) => {
                let line = line_of(text, raw.span().start);
                match raw.into_inner().try_into::<FetchConfig>() {
                    Ok(fetch) => {
                        for p in fetch.problems() {
                            problems.push(Problem::new(
                                path,
                                Some(line),
                                format!("in [fetch]: {p}"),
                            ));
                        }
                        fetch
                    }
                    Err(e) => {
                        let e: toml::de::Error = e;
                        let message = e.message().trim();
                        problems.push(Problem::new(
                            path,
                            Some(message_line(text, line, message)),
                            format!("in [fetch]: {message}"),
                        ));
                        FetchConfig::default()
                    }
                }
            }
        };

        let input = match file.input {
            None => InputConfig::default(),
            Some(raw) => {
                let line = line_of(text, raw.span().start);
                match raw.into_inner().try_into::<InputConfig>() {
                    Ok(input) => {
                        for p in input.problems() {
                            problems.push(Problem::new(
                                path,
                                Some(line),
                                format!("in [input]: {p}"),
                            ));
                        }
                        input
                    }
                    Err(e) => {
                        let e: toml::de::Error = e;
                        problems.push(Problem::new(
                            path,
                            Some(line),
                            format!("in [input]: {}", e.message().trim()),
                        ));
                        InputConfig::default()
                    }
                }
            }
        };

        let defaults = CleanConfig::default();
        let imported_rules = file
            .clean
            .as_ref()
            .and_then(|c| c.imported_rules)
            .unwrap_or(true);
        let (rule_paths, explicit_rules, chain) = match file.clean {
            None => (defaults.rules, false, defaults.chain),
            Some(clean) => {
                let chain = match clean.chain {
                    None => defaults.chain,
                    Some(entries) => entries
                        .into_iter()
                        .filter_map(|raw| {
                            let line = line_of(text, raw.span().start);
                            let cleaner = raw
                                .into_inner()
                                .try_into::<CleanerConfig>()
                                .map_err(|e| {
                                    let message = e.message().trim();
                                    problems.push(Problem::new(
                                        path,
                                        Some(message_line(text, line, message)),
                                        format!("in [[clean.chain]]: {message}"),
                                    ))
                                })
                                .ok()?;
                            // A cleaner whose own patterns do not compile, named with its line
                            // (one with only the built-in ones always compiles).
                            let alone = std::slice::from_ref(&cleaner);
                            if cleaner.compiles_own_patterns() {
                                if let Err(e) =
                                    crate::clean::Chain::build(alone, &RuleSet::default())
                                {
                                    problems.push(Problem::new(path, Some(line), e.to_string()));
                                    return None;
                                }
                            }
                            Some(cleaner)
                        })
                        .collect(),
                };
                let explicit = clean.rules.is_some();
                (clean.rules.unwrap_or(defaults.rules), explicit, chain)
            }
        };

        let mut jobs = Vec::new();
        let mut names = HashSet::new();
        for raw in file.job {
            let line = line_of(text, raw.span().start);
            let mut value = raw.into_inner();
            for key in take_unknown_keys(&mut value, JOB_KEYS) {
                problems.push(Problem::new(
                    path,
                    Some(key_line(text, line, &key)),
                    unknown_key_message("[[job]]", &key, JOB_KEYS),
                ));
            }
            match value.try_into::<JobConfig>() {
                Err(e) => problems.push(Problem::new(
                    path,
                    Some(message_line(text, line, e.message().trim())),
                    format!("in [[job]]: {}", e.message().trim()),
                )),
                Ok(job) => {
                    if !names.insert(job.name.clone()) {
                        problems.push(Problem::new(
                            path,
                            Some(key_line(text, line, "name")),
                            format!(
                                "job {:?} is defined twice: job names must be unique",
                                job.name
                            ),
                        ));
                    }
                    validate_job(&job, &base, path, (text, line), &mut problems);
                    jobs.push(job);
                }
            }
        }

        let mut texts = vec![(path.to_path_buf(), text.to_string())];
        let vocabulary = extract.vocabulary.as_ref().and_then(|p| {
            let at = Some(key_line(text, extract_line, "vocabulary"));
            let file = resolve(&base, p);
            match std::fs::read_to_string(&file) {
                Err(e) => {
                    problems.push(Problem::new(
                        path,
                        at,
                        format!("in [extract]: cannot read the vocabulary {}: {e} (relative paths start at the config file's folder)", file.display()),
                    ));
                    None
                }
                Ok(words) => match Vocabulary::extended(&words, &file) {
                    Err(found) => {
                        problems.extend(found);
                        None
                    }
                    Ok(v) => {
                        texts.push((file, words));
                        Some(v)
                    }
                },
            }
        });
        let rules = load_rules(
            &base,
            &rule_paths,
            explicit_rules,
            &mut problems,
            &mut texts,
        );
        let rules = if imported_rules {
            rules
        } else {
            RuleSet::new(
                rules
                    .files()
                    .iter()
                    .filter(|f| f.imported_from.is_none())
                    .cloned()
                    .collect(),
            )
        };

        // The built-in chain compiles (a unit test checks it); each configured cleaner was checked
        // above with its line.

        if !problems.is_empty() {
            return Err(Problems(problems));
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            base,
            extract,
            fetch,
            input,
            chain,
            vocabulary,
            rules,
            jobs,
            texts,
        })
    }

    /// `p` resolved against the config file's folder.
    pub fn resolve(&self, p: impl AsRef<Path>) -> PathBuf {
        resolve(&self.base, p.as_ref())
    }

    /// The job named `name`.
    pub fn job(&self, name: &str) -> Option<&JobConfig> {
        self.jobs.iter().find(|j| j.name == name)
    }
}

fn resolve(base: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() || base == Path::new(".") {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

/// Checks what can be checked of a job before it runs: every problem, each at the line of its
/// key (`at` is the config's text and the line of the job's table).
fn validate_job(
    job: &JobConfig,
    base: &Path,
    path: &Path,
    at: (&str, usize),
    problems: &mut Vec<Problem>,
) {
    let (text, line) = at;
    let mut problem_at = |key: &str, msg: String| {
        problems.push(Problem::new(
            path,
            Some(key_line(text, line, key)),
            format!("job {:?}: {msg}", job.name),
        ))
    };
    if job.name.trim().is_empty() || job.name.contains(['/', '\\']) {
        problem_at(
            "name",
            "the name must be non-empty and contain no slashes".into(),
        );
    }
    if job.sources.is_empty() {
        problem_at(
            "sources",
            "no sources: add at least one, such as { type = \"files\", path = \"pages\" }".into(),
        );
    }
    let mut problem = |msg: String| problem_at("sources", msg);
    for source in &job.sources {
        match source {
            SourceConfig::Files { path: p } => {
                let is_glob = p.contains(['*', '?', '[']);
                if is_glob {
                    if let Err(e) = glob::Pattern::new(p) {
                        problem(format!("source {p:?} is not a valid glob: {e}"));
                    }
                } else if !resolve(base, Path::new(p)).exists() {
                    problem(format!("source {p:?} does not exist (relative paths start at the config file's folder)"));
                }
            }
            SourceConfig::Jsonl { path: p, .. }
            | SourceConfig::Warc { path: p }
            | SourceConfig::Urls { path: p } => {
                if !resolve(base, p).exists() {
                    problem(format!("source {} does not exist", p.display()));
                }
            }
            SourceConfig::Url { url }
            | SourceConfig::Sitemap { url }
            | SourceConfig::Feed { url } => match url::Url::parse(url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => {}
                _ => problem(format!("{url:?} is not an http(s) URL")),
            },
        }
    }
    // The schedule and the time zone are checked apart, so a job wrong in both hears of both.
    if let Some(tz) = &job.timezone {
        if tz.parse::<chrono_tz::Tz>().is_err() {
            problem_at(
                "timezone",
                format!("unknown time zone {tz:?}: use an IANA name such as \"Europe/Berlin\" or \"UTC\""),
            );
        } else if job.schedule.is_none() {
            problem_at(
                "timezone",
                "`timezone` is set but there is no `schedule`".into(),
            );
        }
    }
    if let Some(expr) = &job.schedule {
        if let Err(e) = crate::schedule::JobSchedule::new(&job.name, expr, "UTC") {
            // The error names the job itself; the problem is already prefixed with it.
            let msg = e.to_string();
            let own = format!("job {}: ", job.name);
            problem_at(
                "schedule",
                msg.strip_prefix(&own).unwrap_or(&msg).to_string(),
            );
        }
    }
    if let Some(site) = &job.site {
        if site.contains("://") || site.contains('/') {
            problem_at(
                "site",
                format!("site {site:?} should be a bare domain such as \"example.com\""),
            );
        }
    }
}

/// Reads every rule file under `paths` (files, or folders of `*.toml`), gathering problems.
fn load_rules(
    base: &Path,
    paths: &[PathBuf],
    explicit: bool,
    problems: &mut Vec<Problem>,
    texts: &mut Vec<(PathBuf, String)>,
) -> RuleSet {
    let mut files = Vec::new();
    for p in paths {
        let p = resolve(base, p);
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(&p)
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| {
                    e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml")
                })
                .map(|e| e.into_path())
                .collect();
            found.sort();
            files.extend(found);
        } else if p.is_file() {
            files.push(p);
        } else if explicit {
            problems.push(Problem::new(
                &p,
                None,
                "rule file or folder does not exist (check [clean] rules in the configuration)",
            ));
        }
    }
    let mut set = Vec::new();
    let mut names: HashSet<String> = HashSet::new();
    // Parsed on all cores: the two thousand imported site configs cost a tenth of a second of
    // parsing on one; the results are taken in file order, so problems and names stay in order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = files.len().div_ceil(threads).max(1);
    let parsed: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|file| {
                            let parsed = std::fs::read_to_string(file).map(|text| {
                                let rules = SiteRules::parse(&text, file);
                                (text, rules)
                            });
                            (file.clone(), parsed)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    for (file, parsed) in parsed {
        let (text, parsed) = match parsed {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::new(
                    &file,
                    None,
                    format!("cannot read rule file: {e}"),
                ));
                continue;
            }
        };
        match parsed {
            Ok(rules) => {
                if !names.insert(rules.name.clone()) {
                    problems.push(Problem::new(
                        &file,
                        None,
                        format!(
                            "another rule file is also named {:?}: rule files need unique names",
                            rules.name
                        ),
                    ));
                }
                set.push(rules);
            }
            Err(mut found) => problems.append(&mut found),
        }
        texts.push((file, text));
    }
    RuleSet::new(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_bounds_are_read_and_checked() {
        let config =
            Config::parse("[input]\nmax_stdin_bytes = 1000\n", Path::new("c.toml")).expect("valid");
        assert_eq!(config.input.max_stdin_bytes, 1000);
        assert_eq!(
            config.input.max_warc_record_bytes,
            InputConfig::default().max_warc_record_bytes
        );
        let problems = Config::parse(
            "\n[input]\nmax_warc_record_bytes = 0\nmax_stdin = 1\n",
            Path::new("c.toml"),
        )
        .expect_err("refused");
        let text = problems.to_string();
        assert!(
            text.contains("c.toml:2") && text.contains("[input]"),
            "{text}"
        );
    }

    #[test]
    fn a_vocabulary_file_is_read_beside_the_config_and_fingerprinted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let words = "[[names]]\nkind = \"comment\"\nwords = [\"guestbook\"]\n";
        std::fs::write(dir.path().join("words.toml"), words).expect("write");
        let path = dir.path().join("config.toml");
        let config =
            Config::parse("[extract]\nvocabulary = \"words.toml\"\n", &path).expect("valid");
        assert!(config.vocabulary.is_some());
        assert!(config.texts.iter().any(|(_, t)| t == words));

        std::fs::write(
            dir.path().join("words.toml"),
            "[[names]]\nkind = \"comment\"\nwords = [\"\"]\n",
        )
        .expect("write");
        let err = Config::parse("[extract]\nvocabulary = \"words.toml\"\n", &path)
            .unwrap_err()
            .to_string();
        assert!(err.contains("words.toml:3: an empty name word"), "{err}");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = r#"
[extract]
focus = "sharp"

[clean]
chain = [{ type = "strip_widgets" }, { type = "strip_nothing" }]

[[job]]
name = "a"
sources = []
output = { type = "text_tree", path = "out" }

[[job]]
name = "b"
sources = [{ type = "files", path = "/definitely/not/here" }]
output = { type = "text_tree", path = "out", colour = "red" }
"#;
        let err = Config::parse(text, Path::new("config.toml")).unwrap_err();
        let shown = err.to_string();
        assert_eq!(err.0.len(), 4, "{shown}");
        assert!(
            shown.contains("config.toml:3: in [extract]: unknown variant `sharp`"),
            "{shown}"
        );
        assert!(
            shown.contains("config.toml:6: in [[clean.chain]]: unknown variant `strip_nothing`"),
            "{shown}"
        );
        assert!(
            shown.contains("config.toml:10: job \"a\": no sources"),
            "{shown}"
        );
        assert!(
            shown.contains("config.toml:16: in [[job]]: unknown field `colour`"),
            "{shown}"
        );
    }

    #[test]
    fn a_bad_extra_pattern_names_its_line() {
        let text = "[clean]\n\n[[clean.chain]]\ntype = \"strip_teasers\"\nextra_patterns = [\"(unclosed\"]\n";
        let err = Config::parse(text, Path::new("config.toml")).unwrap_err();
        assert!(
            err.to_string()
                .contains("config.toml:3: cleaner strip_teasers: invalid pattern"),
            "{err}"
        );
    }

    #[test]
    fn imported_rules_can_be_turned_off() {
        let dir = tempfile::tempdir().expect("temp dir");
        let rules = dir.path().join("rules");
        std::fs::create_dir_all(rules.join("ftr")).expect("mkdir");
        let own = "sites = [\"a.com\"]\n[[rule]]\nname = \"x\"\nphrase = \"x\"\naction = \"drop_block\"\n";
        std::fs::write(rules.join("a.com.toml"), own).expect("write");
        let imported = format!("imported_from = \"ftr-site-config\"\nname = \"ftr/a.com\"\n{own}");
        std::fs::write(rules.join("ftr").join("a.com.toml"), imported).expect("write");
        let path = dir.path().join("config.toml");
        let on = Config::parse("", &path).expect("valid");
        assert_eq!(on.rules.files().len(), 2);
        let off = Config::parse("[clean]\nimported_rules = false\n", &path).expect("valid");
        assert_eq!(off.rules.files().len(), 1);
        assert!(off.rules.files()[0].imported_from.is_none());
    }

    #[test]
    fn a_minimal_config_loads_with_defaults() {
        let config = Config::parse("", Path::new("config.toml")).expect("empty config is valid");
        assert!(config.jobs.is_empty());
        assert_eq!(
            config.chain.len(),
            crate::clean::CleanConfig::default().chain.len()
        );
    }
}
