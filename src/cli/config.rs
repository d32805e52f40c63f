//! `unboil config`: the effective configuration, every key with its value, doc and default; or
//! with `--reference` the reference of every key as Markdown (docs/config.md); or with
//! `--vocabulary` the built-in extraction vocabulary, the file users extend. All are
//! generated from the configuration types, so they cannot drift from what unboil reads.

use super::{ConfigArg, Outcome};

/// Arguments of `unboil config`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the reference of every table and key as Markdown (docs/config.md) instead.
    #[arg(long)]
    reference: bool,
    /// Print the built-in extraction vocabulary (the file `[extract] vocabulary` extends) instead.
    #[arg(long, conflicts_with = "reference")]
    vocabulary: bool,
    #[command(flatten)]
    config: ConfigArg,
}

/// Runs `unboil config`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.reference {
        super::print_stdout(unboil::config_doc::reference_markdown().as_bytes())?;
    } else if args.vocabulary {
        super::print_stdout(unboil::extract::html::vocabulary::BUILTIN.as_bytes())?;
    } else {
        let config = args.config.load()?;
        super::print_stdout(unboil::config_doc::effective_toml(&config).as_bytes())?;
    }
    Ok(Outcome::Clean)
}
