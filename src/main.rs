//! The `unboil` command: parses the command line, then hands over to one module per subcommand.

mod cli;

use std::process::ExitCode;

/// mimalloc rather than the system allocator: cleaning a dump makes and frees millions of short
/// strings across the reader, worker and writer threads (see Cargo.toml). Only the binary sets
/// it, so a program embedding the library keeps its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
