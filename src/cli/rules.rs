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
    /// Convert the FiveFilters Full-Text RSS site configs (ftr-site-config) into rule files.
    #[command(after_help = "\
Example:
  unboil rules import-ftr ftr-site-config/ -o rules/ftr/

Writes one rule file per site and README.md (attribution, counts, and every directive that
could not be translated exactly, which is left out rather than guessed).")]
    ImportFtr {
        /// The folder of site files (`example.com.txt`).
        dir: PathBuf,
        /// Where to write the rule files.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
}

/// Runs `unboil rules …`.
pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    match cmd {
        Command::ImportFtr { dir, output } => import_ftr(&dir, &output),
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

/// `unboil rules import-ftr DIR -o OUT`.
fn import_ftr(dir: &Path, output: &Path) -> anyhow::Result<Outcome> {
    use unboil::rules::ftr;
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read the folder of site configs", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "txt")
                && p.file_name().is_some_and(|n| n != "LICENSE.txt")
        })
        .collect();
    names.sort();
    if names.is_empty() {
        anyhow::bail!(
            "{}: no site files (example.com.txt) found; point at a checkout of ftr-site-config",
            dir.display()
        );
    }
    std::fs::create_dir_all(output)
        .with_context(|| format!("{}: cannot create", output.display()))?;
    let mut report = ftr::Report::default();
    for path in &names {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(converted) = ftr::convert(&name, &text, &mut report) {
            let to = output.join(&converted.file_name);
            std::fs::write(&to, converted.text)
                .with_context(|| format!("{}: cannot write", to.display()))?;
        }
    }
    let license = std::fs::read_to_string(dir.join("LICENSE.txt"))
        .unwrap_or_else(|_| "These files are released to the public domain (CC0).".to_string());
    let readme = format!(
        "# Rules imported from the FiveFilters Full-Text RSS site configs\n\n\
         Converted by `unboil rules import-ftr` from ftr-site-config\n\
         (https://github.com/fivefilters/ftr-site-config), the site-specific extraction rules of\n\
         FiveFilters' Full-Text RSS, contributed by its users and Instapaper's. Their licence:\n\n\
         > {}\n\n\
         Set `imported_rules = false` under `[clean]` in config.toml to turn these rules off.\n\n\
         ## Import report\n\n{}",
        license.trim().replace('\n', "\n> "),
        report.to_markdown()
    );
    let readme_path = output.join("README.md");
    std::fs::write(&readme_path, readme)
        .with_context(|| format!("{}: cannot write", readme_path.display()))?;
    let (c, f) = report.share(&["body", "strip", "strip_id_or_class"]);
    println!(
        "{} site files read, {} rule files written to {}",
        report.files,
        report.written,
        output.display()
    );
    for (k, (found, conv)) in &report.directives {
        println!("  {k:<18} {conv:>5} of {found:>5} converted");
    }
    println!(
        "body + strip + strip_id_or_class: {c} of {f} ({:.1}%); {} not translated, listed in {}",
        100.0 * c as f64 / f.max(1) as f64,
        report.untranslatable.len(),
        readme_path.display()
    );
    Ok(Outcome::Clean)
}
