//! `unboil completions SHELL` and `unboil man`: shell completions and a man page, generated from
//! the same clap definitions the command line parses with.

use super::{Cli, Outcome};
use clap::CommandFactory;

/// Arguments of `unboil completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Writes completions for the shell asked for to stdout.
pub fn completions(args: CompletionArgs) -> anyhow::Result<Outcome> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "unboil", &mut out);
    super::print_stdout(&out)?;
    Ok(Outcome::Clean)
}

/// Arguments of `unboil man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A command, for its own page (unboil-clean(1)) [default: the page of unboil itself].
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

/// Writes a man page (roff) to stdout: unboil's, or one command's.
pub fn man(args: ManArgs) -> anyhow::Result<Outcome> {
    let cmd = Cli::command();
    let page = match &args.command {
        None => cmd,
        Some(name) => {
            let Some(sub) = cmd.find_subcommand(name) else {
                let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
                anyhow::bail!("no command {name:?}; the commands are {}", names.join(", "));
            };
            sub.clone().name(format!("unboil-{name}"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out)?;
    super::print_stdout(&out)?;
    Ok(Outcome::Clean)
}
