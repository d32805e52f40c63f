//! `unboil fetch`: fetch articles from URLs, URL lists, sitemaps and feeds, politely, and clean
//! them like any other input.

use super::progress::Progress;
use super::{summary, ConfigArg, Outcome};
use std::path::PathBuf;
use unboil::config::Format;
use unboil::pipeline::{NoHooks, Pipeline};
use unboil::source::http::Target;

/// Arguments of `unboil fetch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article URLs to fetch.
    #[arg(value_name = "URL")]
    urls: Vec<String>,
    /// A file of URLs, one a line (`#` starts a comment).
    #[arg(long, value_name = "FILE")]
    url_list: Vec<PathBuf>,
    /// A sitemap or sitemap index (plain or gzipped); every page it lists is fetched.
    #[arg(long, value_name = "URL")]
    sitemap: Vec<String>,
    /// An RSS or Atom feed; every article it lists is fetched.
    #[arg(long, value_name = "URL")]
    feed: Vec<String>,
    /// Write one file per article under this folder (with --format jsonl and a .jsonl path: one
    /// file). Without it, to stdout.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write a metadata header (title, authors, date, URL) above the text.
    #[arg(long)]
    header: bool,
    /// Keep each fetched page's raw HTML (and a .meta.json with its URL) under this folder.
    #[arg(long, value_name = "DIR")]
    keep_raw: Option<PathBuf>,
    #[command(flatten)]
    config: ConfigArg,
}

/// Runs `unboil fetch`.
pub fn run(args: Args, quiet: bool) -> anyhow::Result<Outcome> {
    let config = args.config.load()?;
    let mut targets: Vec<Target> = args.urls.iter().cloned().map(Target::Url).collect();
    targets.extend(args.url_list.iter().cloned().map(Target::UrlList));
    targets.extend(args.sitemap.iter().cloned().map(Target::Sitemap));
    targets.extend(args.feed.iter().cloned().map(Target::Feed));
    if targets.is_empty() {
        anyhow::bail!("nothing to fetch: give URLs, --url-list FILE, --sitemap URL or --feed URL");
    }
    let mut fetch = config.fetch.clone();
    if args.keep_raw.is_some() {
        fetch.keep_raw = args.keep_raw.clone();
    }
    let pipeline = Pipeline::from_config(&config)?;
    let mut sink = super::inputs::sink(args.output.as_deref(), args.format, args.header, &[])?;
    let pages = super::inputs::pages(&[], None, &fetch, targets)?;
    let mut hooks = Progress::new(NoHooks, "fetch", quiet || args.output.is_none());
    let summary = pipeline.run(pages, sink.as_mut(), &mut hooks);
    drop(hooks);
    if !quiet {
        summary::print("fetch", &summary);
    }
    Ok(if summary.failed.is_empty() {
        Outcome::Clean
    } else {
        Outcome::SomeFailed
    })
}
