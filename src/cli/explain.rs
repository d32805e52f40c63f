//! `unboil explain`: every removal with the cleaner or rule that made it, then the clean text.
//! Coloured on a terminal, plain when piped.

use super::{ConfigArg, Outcome};
use anstream::println;
use anstyle::{AnsiColor, Style};
use std::path::PathBuf;
use unboil::pipeline::Pipeline;
use unboil::trail::Cut;

/// Arguments of `unboil explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A file, a folder, a JSONL dump, an http(s) URL, or `-` for standard input.
    #[arg(value_name = "INPUT")]
    input: PathBuf,
    /// Treat documents without a URL as coming from this site, so its rules apply.
    #[arg(long, value_name = "DOMAIN")]
    site: Option<String>,
    /// Print only the removals, not the clean text.
    #[arg(long)]
    removals_only: bool,
    #[command(flatten)]
    config: ConfigArg,
}

/// Runs `unboil explain`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = args.config.load()?;
    let pipeline = Pipeline::from_config(&config)?.with_site(args.site.clone());
    let heading = Style::new().bold();
    let rule = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
    let removed = Style::new().fg_color(Some(AnsiColor::Red.into()));
    let dim = Style::new().dimmed();
    let mut failed = false;
    let pages = super::inputs::pages(
        std::slice::from_ref(&args.input),
        None,
        &config.input,
        &config.fetch,
        Vec::new(),
        &super::inputs::ReadArgs::default(),
        None,
    )?;
    for page in pages {
        let page = match page {
            Ok(p) => p,
            Err(e) => {
                eprintln!("unboil: {e}");
                failed |= !e.is_skip();
                continue;
            }
        };
        println!("{heading}== {}{heading:#}", page.origin);
        match pipeline.clean_page(&page) {
            Err(e) => {
                eprintln!("unboil: {e}");
                failed = true;
            }
            Ok(cleaned) => {
                let n = cleaned.trail.removals().len();
                println!("{dim}{n} removal{}{dim:#}", if n == 1 { "" } else { "s" });
                for r in cleaned.trail.removals() {
                    let what = match r.cut {
                        Cut::Block => format!("block {}", r.block),
                        Cut::Element => "HTML element".to_string(),
                        Cut::Region => format!("page region before block {}", r.block),
                        Cut::FellBack => "not applied, whole page extracted".to_string(),
                        Cut::Learned { pages } => {
                            format!("block {} (seen on {pages} pages)", r.block)
                        }
                        Cut::Span { start, end } => {
                            format!("block {} bytes {start}..{end}", r.block)
                        }
                    };
                    println!(
                        "{rule}[{}]{rule:#} {dim}{what}:{dim:#} {removed}{}{removed:#}",
                        r.by, r.text
                    );
                }
                if !args.removals_only {
                    println!("{heading}-- clean text{heading:#}");
                    println!("{}", cleaned.doc.text());
                }
            }
        }
    }
    Ok(if failed {
        Outcome::SomeFailed
    } else {
        Outcome::Clean
    })
}
