//! `unboil fetch`: fetch articles from URLs, URL lists, sitemaps and feeds, politely, and clean
//! them like any other input.

use super::inputs::{OutputArgs, ReadArgs, WorkArgs};
use super::progress::Progress;
use super::summary::{Context, Destination};
use super::{summary, ConfigArg, Outcome};
use std::path::PathBuf;
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
    let mut fetch = config.fetch.clone();
    if args.out.keep_raw.is_some() {
        fetch.keep_raw = args.out.keep_raw.clone();
    }
    let errors = args.work.errors_file()?;
    let shutdown = unboil::schedule::shutdown_signal()?;
    let pipeline = Pipeline::from_config(&config)?.with_stop(shutdown.flag());
    let pipeline = args.work.apply(pipeline, errors.as_ref());
    let several = targets.len() > 1 || !matches!(targets.first(), Some(Target::Url(_)));
    let mut sink = super::inputs::sink(&args.out, &[], several)?;
    let pages = super::inputs::pages(
        &[],
        None,
        &config.input,
        &fetch,
        targets,
        &ReadArgs::default(),
        args.work.shard,
    )?;
    let mut hooks = Progress::new(NoHooks, "fetch", quiet || args.out.output.is_none());
    let summary = pipeline.run(pages, sink.as_mut(), &mut hooks);
    drop(hooks);
    if !quiet && !summary.output_closed {
        let context = Context {
            to: Some(match &args.out.output {
                Some(p) => Destination::Path(p),
                None => Destination::Stdout,
            }),
            errors: args.work.errors.as_deref(),
            incremental: false,
        };
        summary::print("fetch", &summary, context);
    }
    Ok(Outcome::of(&summary))
}
