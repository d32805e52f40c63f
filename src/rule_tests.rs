//! Running the `[[tests]]` that rule files carry, so a site rule and the proof that it works
//! travel together. Used by `unboil rules test` and by `cargo test`.

use crate::clean::Chain;
use crate::config::Config;
use crate::pipeline::Pipeline;
use crate::rules::{RuleSet, SiteRules};
use crate::source::{Origin, RawPage};
use std::path::Path;

/// The outcome of one rule-file test.
#[derive(Debug, Clone)]
pub struct TestResult {
    /// The rule file.
    pub file: String,
    /// The test's name (or its number).
    pub name: String,
    /// What did not hold; empty when the test passed.
    pub problems: Vec<String>,
    /// The cleaned text, to show when it failed.
    pub text: String,
}

impl TestResult {
    /// True when every expectation held.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A pipeline with the configured chain whose site rules are only `file`'s.
pub fn pipeline_for(
    config: &Config,
    file: &SiteRules,
) -> Result<Pipeline, crate::clean::ChainError> {
    let rules = RuleSet::new(vec![file.clone()]);
    let chain = Chain::build(&config.chain, &rules)?;
    Ok(Pipeline::new(config.extract.clone(), chain).with_html_rules(rules))
}

/// A page read from `path` (or made of `text`), cleaned as if fetched from `url`.
pub fn page_from(path: &Path, text: Option<&str>, url: Option<String>) -> std::io::Result<RawPage> {
    let body = match text {
        Some(t) => t.as_bytes().to_vec(),
        None => std::fs::read(path)?,
    };
    let mut page = RawPage::new("test", Origin::File(path.to_path_buf()), body);
    page.url = url;
    if path.extension().is_some_and(|e| e == "html" || e == "htm") {
        page.content_type = Some("text/html".into());
    }
    Ok(page)
}

/// Runs every test of every file in `files`.
pub fn run(
    config: &Config,
    files: &[SiteRules],
) -> Result<Vec<TestResult>, crate::clean::ChainError> {
    let mut results = Vec::new();
    // Only the files that carry tests: building a pipeline for each of the two thousand imported
    // files without any would take minutes.
    for file in files.iter().filter(|f| !f.tests.is_empty()) {
        let pipeline = pipeline_for(config, file)?;
        let dir = file.path.parent().unwrap_or(Path::new("."));
        for (i, test) in file.tests.iter().enumerate() {
            let name = test
                .name
                .clone()
                .unwrap_or_else(|| format!("test {}", i + 1));
            let url = test.url.clone().or_else(|| file.default_test_url());
            let page = match &test.input {
                Some(input) => page_from(&dir.join(input), None, url),
                None => page_from(&file.path, test.text.as_deref(), url),
            };
            let mut problems = Vec::new();
            let text = match page {
                Err(e) => {
                    problems.push(format!("cannot read the test input: {e}"));
                    String::new()
                }
                Ok(page) => match pipeline.clean_page(&page) {
                    Ok(c) => c.doc.text(),
                    Err(_) => String::new(),
                },
            };
            for s in &test.contains {
                if !text.contains(s.as_str()) {
                    problems.push(format!("should contain {s:?}"));
                }
            }
            for s in &test.not_contains {
                if text.contains(s.as_str()) {
                    problems.push(format!("should not contain {s:?}"));
                }
            }
            results.push(TestResult {
                file: file.path.display().to_string(),
                name,
                problems,
                text,
            });
        }
    }
    Ok(results)
}
