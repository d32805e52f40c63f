//! `unboil clean`: clean files, folders, dumps or stdin, to a folder or to stdout.

use super::inputs::{OutputArgs, ReadArgs, WorkArgs};
use super::progress::Progress;
use super::summary::{Context, Destination};
use super::{summary, ConfigArg, Outcome};
use std::path::PathBuf;
use unboil::pipeline::{NoHooks, Pipeline};

/// Arguments of `unboil clean`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (walked recursively), JSONL dumps, http(s) URLs, or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    out: OutputArgs,
    /// Treat documents without a URL as coming from this site, so its rules apply.
    #[arg(long, value_name = "DOMAIN")]
    site: Option<String>,
    #[command(flatten)]
    config: ConfigArg,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    work: WorkArgs,
    // Last, so that its help heading covers only its own options.
    #[command(flatten)]
    extract: super::extract_args::ExtractArgs,
}

/// Runs `unboil clean`.
pub fn run(args: Args, quiet: bool) -> anyhow::Result<Outcome> {
    let mut config = args.config.load()?;
    args.extract.apply(&mut config.extract);
    let errors = args.work.errors_file()?;
    let shutdown = unboil::schedule::shutdown_signal()?;
    let pipeline = Pipeline::from_config(&config)?
        .with_site(args.site.clone())
        .with_stop(shutdown.flag());
    let pipeline = args.work.apply(pipeline, errors.as_ref());
    let mut fetch = config.fetch.clone();
    if args.out.keep_raw.is_some() {
        fetch.keep_raw = args.out.keep_raw.clone();
    }
    let several = super::output::several_documents(&args.inputs);
    let mut sink = super::inputs::sink(&args.out, &args.inputs, several)?;
    let pages = super::inputs::pages(
        &args.inputs,
        args.out.output.as_deref(),
        &config.input,
        &fetch,
        Vec::new(),
        &args.read,
        args.work.shard,
    )?;
    let mut hooks = Progress::new(NoHooks, "clean", quiet || args.out.output.is_none());
    let summary = pipeline.run(pages, sink.as_mut(), &mut hooks);
    drop(hooks);
    if !quiet
        && !summary.output_closed
        && (args.out.output.is_some()
            || !summary.failed.is_empty()
            || !summary.skipped.is_empty()
            || summary.stopped_early
            || summary.written != 1)
    {
        let context = Context {
            to: Some(match &args.out.output {
                Some(p) => Destination::Path(p),
                None => Destination::Stdout,
            }),
            errors: args.work.errors.as_deref(),
            incremental: false,
        };
        summary::print("clean", &summary, context);
    }
    Ok(Outcome::of(&summary))
}
