//! The command line: one file per subcommand. Exit status as ripgrep has it: 0 when every
//! document was cleaned, 1 when some failed (each is reported), 2 when nothing could run, and 130
//! when Ctrl-C (or SIGTERM) stopped a run early.

mod activity;
mod clean;
mod config;
mod explain;
mod extract_args;
mod fetch;
mod generate;
mod inputs;
mod job;
mod learn;
mod logging;
mod one_off;
mod output;
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

Logs go to stderr; RUST_LOG=debug shows unboil's own per-document detail (a full filter such
as RUST_LOG=unboil=debug,html5ever=debug is taken as written).")]
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
    #[command(after_help = "\
Examples:
  unboil status              every job in ./config.toml: schedule, next run, last runs
  unboil status news -n 20   the last 20 runs of the job named news")]
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
    #[command(
        subcommand,
        after_help = "\
Examples:
  unboil rules check                   parse every rule file, report every problem
  unboil rules test                    run the [[tests]] that rule files carry"
    )]
    Rules(rules::Command),
    /// Print the effective configuration: every key with its value, doc and default.
    #[command(after_help = "\
Examples:
  unboil config                        the configuration ./config.toml gives, every key
  unboil config -c /etc/unboil.toml    another file's
  unboil config --reference            every table and key as Markdown (docs/config.md)")]
    Config(config::Args),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "\
Examples:
  unboil completions bash > ~/.local/share/bash-completion/completions/unboil
  unboil completions zsh > \"${fpath[1]}/_unboil\"
  unboil completions fish > ~/.config/fish/completions/unboil.fish")]
    Completions(generate::CompletionArgs),
    /// Print a man page (roff).
    #[command(after_help = "\
Examples:
  unboil man > unboil.1 && man ./unboil.1
  unboil man clean > unboil-clean.1")]
    Man(generate::ManArgs),
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
        if let Some(words) = &config.vocabulary {
            unboil::extract::html::vocabulary::install(words.clone())?;
        }
        Ok(config)
    }
}

/// Writes `text` to stdout; a reader that went away (`unboil man | head`) is not an error.
fn print_stdout(text: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
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
        Command::Config(args) => config::run(args),
        Command::Completions(args) => generate::completions(args),
        Command::Man(args) => generate::man(args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFailed) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(e) if logging::json() => {
            logging::json_line("ERROR", &format!("{e:#}"), serde_json::json!({}));
            ExitCode::from(2)
        }
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
