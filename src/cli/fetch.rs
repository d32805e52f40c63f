//! `unboil fetch`: fetch articles from URLs, URL lists, sitemaps and feeds, politely, and clean
//! them like any other input.

use super::inputs::{OutputArgs, PageSources, ReadArgs, WorkArgs};
use super::one_off::OneOff;
use super::{ConfigArg, Outcome};
use std::path::PathBuf;
use unboil::pipeline::Pipeline;
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
    #[command(flatten)]
    out: OutputArgs,
    #[command(flatten)]
    config: ConfigArg,
    #[command(flatten)]
    work: WorkArgs,
    // Last, so that its help heading covers only its own options.
    #[command(flatten)]
    extract: super::extract_args::ExtractArgs,
}

/// Runs `unboil fetch`.
pub fn run(args: Args, quiet: bool) -> anyhow::Result<Outcome> {
    let mut config = args.config.load()?;
    args.extract.apply(&mut config.extract);
    let mut targets: Vec<Target> = args.urls.iter().cloned().map(Target::Url).collect();
    targets.extend(args.url_list.iter().cloned().map(Target::UrlList));
    targets.extend(args.sitemap.iter().cloned().map(Target::Sitemap));
    targets.extend(args.feed.iter().cloned().map(Target::Feed));
    if targets.is_empty() {
        anyhow::bail!("nothing to fetch: give URLs, --url-list FILE, --sitemap URL or --feed URL");
    }
    let fetch = args.out.fetch_config(&config.fetch);
    let errors = args.work.errors_file()?;
    let shutdown = unboil::schedule::shutdown_signal()?;
    let pipeline = Pipeline::from_config(&config)?.with_stop(shutdown.flag());
    let pipeline = args.work.apply(pipeline, errors.as_ref());
    let several = targets.len() > 1 || !matches!(targets.first(), Some(Target::Url(_)));
    let mut sink = super::inputs::sink(&args.out, &[], several)?;
    let one_off = OneOff::new("fetch", &args.out, &args.work, quiet);
    let read = ReadArgs::default();
    let pages = PageSources {
        targets,
        shard: args.work.shard,
        activity: one_off.activity(),
        ..PageSources::new(&[], &config.input, &fetch, &read)
    }
    .records()?;
    Ok(one_off.run(&pipeline, pages, sink.as_mut(), |_| true))
}
