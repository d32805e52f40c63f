//! `unboil rules check` and `unboil rules test`: validate rule files, run the tests they carry, or
//! show what a rule file removes from an input.

use super::{ConfigArg, Outcome};
use anyhow::Context;
use std::path::{Path, PathBuf};
use unboil::config::Config;
use unboil::rule_tests;
use unboil::rules::SiteRules;

/// `unboil rules …`
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Validate the configuration and every rule file; report every problem with file and line.
    #[command(after_help = "\
Examples:
  unboil rules check                    ./config.toml and the rule files it names
  unboil rules check -c other.toml      another configuration")]
    Check {
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Run rule files' own [[tests]]; with an INPUT, show what RULES_FILE removes from it.
    #[command(after_help = "\
Examples:
  unboil rules test                              every rule file's tests
  unboil rules test rules/example.com.toml       one file's tests
  unboil rules test rules/example.com.toml page.html --url https://example.com/a")]
    Test {
        /// A rule file [default: every rule file of the configuration].
        rules_file: Option<PathBuf>,
        /// An input to clean with RULES_FILE, showing each removal.
        input: Option<PathBuf>,
        /// The URL INPUT is cleaned as [default: the rule file's first site].
        #[arg(long)]
        url: Option<String>,
        #[command(flatten)]
        config: ConfigArg,
    },
}

/// Runs `unboil rules …`.
pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    match cmd {
        Command::Check { config } => {
            let config = config.load()?;
            let files = config.rules.files();
            let tests: usize = files.iter().map(|f| f.tests.len()).sum();
            println!(
                "ok: {} rule file{}, {tests} test{}, {} cleaner{} in the chain, {} job{}",
                files.len(),
                plural(files.len()),
                plural(tests),
                config.chain.len(),
                plural(config.chain.len()),
                config.jobs.len(),
                plural(config.jobs.len()),
            );
            Ok(Outcome::Clean)
        }
        Command::Test {
            rules_file,
            input,
            url,
            config,
        } => {
            let config = config.load()?;
            let files: Vec<SiteRules> = match &rules_file {
                Some(path) => vec![load_rule_file(path)?],
                None => config.rules.files().to_vec(),
            };
            match input {
                Some(input) => show(&config, &files[0], &input, url),
                None => test_all(&config, &files),
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn load_rule_file(path: &Path) -> anyhow::Result<SiteRules> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    SiteRules::parse(&text, path).map_err(|p| unboil::problem::Problems(p).into())
}

/// Runs every test of every file, printing one line per test.
fn test_all(config: &Config, files: &[SiteRules]) -> anyhow::Result<Outcome> {
    let results = rule_tests::run(config, files)?;
    let failed = results.iter().filter(|r| !r.passed()).count();
    for r in &results {
        if r.passed() {
            println!("ok   {} / {}", r.file, r.name);
        } else {
            println!("FAIL {} / {}: {}", r.file, r.name, r.problems.join("; "));
            println!("     cleaned text was:\n{}", indent(&r.text));
        }
    }
    println!("{} passed, {failed} failed", results.len() - failed);
    Ok(if failed == 0 {
        Outcome::Clean
    } else {
        Outcome::SomeFailed
    })
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("       {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Shows what `file`'s rules (with the rest of the chain) remove from `input`.
fn show(
    config: &Config,
    file: &SiteRules,
    input: &Path,
    url: Option<String>,
) -> anyhow::Result<Outcome> {
    let pipeline = rule_tests::pipeline_for(config, file)?;
    let page = rule_tests::page_from(input, None, url.or_else(|| file.default_test_url()))
        .with_context(|| format!("{}: cannot read", input.display()))?;
    let cleaned = pipeline.clean_page(&page)?;
    let prefix = format!("rule:{}/", file.name);
    let mine: Vec<_> = cleaned
        .trail
        .removals()
        .iter()
        .filter(|r| r.by.starts_with(&prefix))
        .collect();
    println!(
        "{} removal{} by {}:",
        mine.len(),
        plural(mine.len()),
        file.path.display()
    );
    for r in &mine {
        println!("  [{}] block {}: {}", r.by, r.block, r.text);
    }
    let others = cleaned.trail.removals().len() - mine.len();
    println!("({others} more by the built-in cleaners; `unboil explain` shows them)");
    Ok(Outcome::Clean)
}
