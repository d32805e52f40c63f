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
    /// Write an HTML report instead: the page's text as a reader sees it, every removal marked
    /// where it stood and labelled with its reason, a switch per reason, the list beside it.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    #[command(flatten)]
    config: ConfigArg,
    // Last, so that its help heading covers only its own options.
    #[command(flatten)]
    extract: super::extract_args::ExtractArgs,
}

/// Runs `unboil explain`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let mut config = args.config.load()?;
    args.extract.apply(&mut config.extract);
    let pipeline = Pipeline::from_config(&config)?.with_site(args.site.clone());
    let heading = Style::new().bold();
    let styles = Styles::default();
    let mut failed = false;
    let mut report: Vec<(unboil::Document, unboil::Trail)> = Vec::new();
    let read = super::inputs::ReadArgs::default();
    let pages = super::inputs::PageSources::new(
        std::slice::from_ref(&args.input),
        &config.input,
        &config.fetch,
        &read,
    )
    .pages()?;
    for page in pages {
        let page = match page {
            Ok(p) => p,
            Err(e) => {
                eprintln!("unboil: {e}");
                failed |= !e.is_skip();
                continue;
            }
        };
        if args.html.is_none() {
            println!("{heading}== {}{heading:#}", page.origin);
        }
        let mut trail = unboil::Trail::new();
        match pipeline.clean_page_into(&page, &mut trail) {
            Ok(doc) if args.html.is_some() => report.push((doc, trail)),
            Ok(doc) => {
                print_removals(&trail, styles);
                if !args.removals_only {
                    println!("{heading}-- clean text{heading:#}");
                    println!("{}", doc.text());
                }
            }
            // No article: what was left out, and why, is the explanation of the empty page.
            Err(e @ unboil::extract::ExtractError::NoArticle { .. }) if args.html.is_none() => {
                print_removals(&trail, styles);
                println!("{heading}-- no clean text{heading:#}");
                eprintln!("unboil: {e}");
                failed = true;
            }
            Err(e) => {
                eprintln!("unboil: {e}");
                failed = true;
            }
        }
    }
    if let Some(path) = &args.html {
        let docs: Vec<(&unboil::Document, &unboil::Trail)> =
            report.iter().map(|(d, t)| (d, t)).collect();
        let html = unboil::sink::html_report(&docs);
        unboil::sink::write_atomic(path, html.as_bytes(), false)
            .map_err(|e| anyhow::anyhow!("{}: cannot write the report: {e}", path.display()))?;
        let removals: usize = report.iter().map(|(_, t)| t.removals().len()).sum();
        eprintln!(
            "unboil: report of {} document{} ({removals} removal{}) written to {}",
            docs.len(),
            if docs.len() == 1 { "" } else { "s" },
            if removals == 1 { "" } else { "s" },
            path.display()
        );
    }
    Ok(if failed {
        Outcome::SomeFailed
    } else {
        Outcome::Clean
    })
}

/// The colours of the removal list (nothing is coloured off a terminal: anstream strips them).
#[derive(Clone, Copy)]
struct Styles {
    rule: Style,
    removed: Style,
    dim: Style,
}

impl Default for Styles {
    fn default() -> Self {
        Styles {
            rule: Style::new().fg_color(Some(AnsiColor::Cyan.into())),
            removed: Style::new().fg_color(Some(AnsiColor::Red.into())),
            dim: Style::new().dimmed(),
        }
    }
}

/// Every removal of `trail`, one line each: the rule or cleaner, where, and the text removed.
fn print_removals(trail: &unboil::Trail, styles: Styles) {
    let Styles { rule, removed, dim } = styles;
    let n = trail.removals().len();
    println!("{dim}{n} removal{}{dim:#}", if n == 1 { "" } else { "s" });
    for r in trail.removals() {
        let what = match r.cut {
            Cut::Block => format!("block {}", r.block),
            Cut::Element => "HTML element".to_string(),
            Cut::Region => format!("page region before block {}", r.block),
            Cut::FellBack => "not applied, whole page extracted".to_string(),
            Cut::Learned { pages } => format!("block {} (seen on {pages} pages)", r.block),
            Cut::Span { start, end } => format!("block {} bytes {start}..{end}", r.block),
        };
        println!(
            "{rule}[{}]{rule:#} {dim}{what}:{dim:#} {removed}{}{removed:#}",
            r.by, r.text
        );
    }
}
