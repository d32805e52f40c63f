//! The `unboil` command: parses the command line, then hands over to one module per subcommand.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
