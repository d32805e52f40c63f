//! `unboil clean`: clean files, folders, dumps or stdin, to a folder or to stdout.

use super::inputs::{OutputArgs, PageSources, ReadArgs, WorkArgs};
use super::one_off::OneOff;
use super::{ConfigArg, Outcome};
use std::path::PathBuf;
use unboil::pipeline::Pipeline;

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
    let fetch = args.out.fetch_config(&config.fetch);
    let several = super::output::several_documents(&args.inputs);
    let mut sink = super::inputs::sink(&args.out, &args.inputs, several)?;
    let one_off = OneOff::new("clean", &args.out, &args.work, quiet);
    let pages = PageSources {
        output: args.out.output.as_deref(),
        shard: args.work.shard,
        activity: one_off.activity(),
        ..PageSources::new(&args.inputs, &config.input, &fetch, &args.read)
    }
    .records()?;
    // One document cleaned to stdout speaks for itself; anything else gets its summary.
    let to_folder = args.out.output.is_some();
    Ok(one_off.run(&pipeline, pages, sink.as_mut(), |summary| {
        to_folder
            || !summary.failed.is_empty()
            || !summary.skipped.is_empty()
            || summary.stopped_early
            || summary.written != 1
    }))
}
