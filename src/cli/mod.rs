//! The command line: one file per subcommand. Exit status as ripgrep has it: 0 when every
//! document was cleaned, 1 when some failed (each is reported), 2 when nothing could run, and 130
//! when Ctrl-C (or SIGTERM) stopped a run early.

mod clean;
mod explain;
mod fetch;
mod inputs;
mod job;
mod learn;
mod logging;
mod progress;
mod rules;
mod run;
mod schedule;
mod status;
mod summary;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// unboil strips boilerplate from scraped news and writes clean article text, recording every
/// removal and the rule behind it.
#[derive(Debug, Parser)]
#[command(name = "unboil", version, about, long_about = None, after_help = "\
Examples:
  unboil run                          run the jobs in ./config.toml (only what changed)
  unboil schedule                     run them at the times their schedules name
  unboil clean pages/ -o clean/       clean a folder of HTML or text files
  unboil explain article.txt          show what would be removed, and by which rule
  unboil rules test                   run the tests that rule files carry

Logs go to stderr; set RUST_LOG=debug for per-document detail.")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Log format on stderr.
    #[arg(long, global = true, value_enum, default_value_t = logging::LogFormat::Text)]
    log_format: logging::LogFormat,
    /// Print no summary, only warnings and errors.
    #[arg(short, long, global = true)]
    quiet: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Clean files, folders, JSONL dumps or standard input.
    #[command(after_help = "\
Examples:
  unboil clean page.html                       clean text to stdout
  unboil clean dumps/ -o clean/                one clean .txt per input, mirroring folders
  unboil clean crawl.jsonl --format jsonl      one JSON line per page, with its removals
  unboil clean crawl.warc.gz -o out.jsonl --format jsonl -j 8 --errors errors.jsonl
  unboil clean site/ -o clean/ --glob '*.html' --shard 0/4
  cat page.txt | unboil clean - --site example.com

Exit status: 0 done, 1 some documents failed, 2 nothing could run, 130 stopped by Ctrl-C.")]
    Clean(clean::Args),
    /// Show what cleaning removes from a document, and which cleaner or rule removed it.
    #[command(after_help = "\
Example:
  unboil explain seeds/002_bc6794ad6044aa37.txt

Each removal is printed as `[rule] block N: text`, then the clean text follows.")]
    Explain(explain::Args),
    /// Fetch articles from URLs, URL lists, sitemaps or feeds, politely, and clean them.
    #[command(after_help = "\
Examples:
  unboil fetch https://example.com/news/story.html
  unboil fetch --sitemap https://example.com/sitemap.xml -o clean/
  unboil fetch --feed https://example.com/rss --keep-raw raw/ -o clean/

robots.txt is obeyed, each host gets one request at a time with a pause between requests, and
failures are listed by URL at the end. Settings live under [fetch] in config.toml.")]
    Fetch(fetch::Args),
    /// Run the jobs defined in config.toml once (all, or those named).
    #[command(after_help = "\
Examples:
  unboil run                 every job in ./config.toml
  unboil run seeds           only the job named seeds
  unboil run --config /etc/unboil/config.toml")]
    Run(run::Args),
    /// Stay up and run each job at the times its `schedule` names (crontab syntax).
    #[command(after_help = "\
Example, in config.toml:
  [[job]]
  name = \"news\"
  sources = [{ type = \"feed\", url = \"https://example.com/rss\" }]
  output = { type = \"text_tree\", path = \"clean\" }
  schedule = \"*/30 * * * *\"     # every 30 minutes
  timezone = \"Europe/Berlin\"

then: unboil schedule        (stop with Ctrl-C or SIGTERM: the run in hand finishes first)")]
    Schedule(schedule::Args),
    /// Show each job's last runs and when it runs next.
    Status(status::Args),
    /// Propose a rule file per site from what recurs across its pages (nothing is applied).
    #[command(after_help = "\
Examples:
  unboil learn pages/ --site example.com -o example.com.toml
  unboil learn crawl.jsonl -o learned/          one rule file per site in the dump
  unboil learn --from-state news               what the job `news` (learn = true) learned

Review the file, then move it into rules/ to apply it.")]
    Learn(learn::Args),
    /// Check rule files, or run the tests they carry.
    #[command(subcommand)]
    Rules(rules::Command),
}

/// Options shared by commands that read a configuration.
#[derive(Debug, clap::Args)]
pub struct ConfigArg {
    /// The configuration file [default: ./config.toml if it exists, else built-in defaults].
    #[arg(long, short = 'c', value_name = "FILE")]
    config: Option<PathBuf>,
}

impl ConfigArg {
    /// Loads the configuration, reporting every problem.
    fn load(&self) -> anyhow::Result<unboil::config::Config> {
        let config = match &self.config {
            Some(path) => unboil::config::Config::load(path)?,
            None if std::path::Path::new("config.toml").exists() => {
                unboil::config::Config::load(std::path::Path::new("config.toml"))?
            }
            None => unboil::config::Config::builtin()?,
        };
        Ok(config)
    }
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything went through.
    Clean,
    /// Some documents failed; each was reported.
    SomeFailed,
    /// Stopped early by Ctrl-C or SIGTERM, after finishing the documents in hand.
    Interrupted,
}

impl Outcome {
    /// How a run with this summary ended.
    fn of(summary: &unboil::pipeline::Summary) -> Outcome {
        if summary.stopped_early && !summary.output_closed {
            Outcome::Interrupted
        } else if summary.failed.is_empty() {
            Outcome::Clean
        } else {
            Outcome::SomeFailed
        }
    }
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Long-running commands say what they do; one-off cleaning prints only its summary.
    let level = match cli.command {
        Command::Schedule(_) => "info",
        _ => "warn",
    };
    logging::init(cli.log_format, level);
    // A panic on one document is one failed document; the hook keeps it off the terminal.
    unboil::pipeline::isolate::install_panic_hook();
    let result = match cli.command {
        Command::Clean(args) => clean::run(args, cli.quiet),
        Command::Explain(args) => explain::run(args),
        Command::Fetch(args) => fetch::run(args, cli.quiet),
        Command::Run(args) => run::run(args, cli.quiet),
        Command::Learn(args) => learn::run(args),
        Command::Rules(cmd) => rules::run(cmd),
        Command::Schedule(args) => schedule::run(args),
        Command::Status(args) => status::run(args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFailed) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(e) => {
            eprintln!("unboil: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unboil::pipeline::Summary;

    #[test]
    fn a_run_with_a_failed_document_exits_1_and_an_interrupted_one_130() {
        let mut summary = Summary {
            written: 39,
            ..Summary::default()
        };
        assert_eq!(Outcome::of(&summary), Outcome::Clean);
        summary.failed.push("in/p17.html: internal error".into());
        assert_eq!(Outcome::of(&summary), Outcome::SomeFailed);
        summary.stopped_early = true;
        assert_eq!(Outcome::of(&summary), Outcome::Interrupted);
        // A closed pipe (`| head`) is not an interruption.
        summary.output_closed = true;
        assert_eq!(Outcome::of(&summary), Outcome::SomeFailed);
    }
}
