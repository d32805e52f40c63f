//! Logs through tracing to stderr, as text for people or JSON lines for a log collector.
//! `RUST_LOG` picks the level (warn by default, so a normal run prints only its summary).

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// The log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Installs the global subscriber; `default_level` applies when RUST_LOG is not set.
pub fn init(format: LogFormat, default_level: &str) {
    // html5ever reports parse errors of broken pages ("foster parenting not implemented") as
    // warnings; they are not the user's problem, so they need RUST_LOG to show.
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("{default_level},html5ever=error")));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(super::progress::StderrAroundBar)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false);
    match format {
        LogFormat::Text => builder.without_time().init(),
        LogFormat::Json => builder.json().init(),
    }
}
