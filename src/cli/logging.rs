//! Logs through tracing to stderr, as text for people or JSON lines for a log collector.
//! `RUST_LOG` picks the level (warn by default, so a normal run prints only its summary). A bare
//! level (`RUST_LOG=debug`) is unboil's own detail at that level, not every crate's: the HTML
//! parser alone logs hundreds of lines of tokenizer state per page at debug. A full filter
//! (`RUST_LOG=html5ever=debug`) is taken as written.

use std::io::IsTerminal;
use std::sync::OnceLock;
use tracing_subscriber::EnvFilter;

/// The log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, the run's summary included.
    Json,
}

static FORMAT: OnceLock<LogFormat> = OnceLock::new();

/// True when logs are JSON lines: what else goes to stderr (the summary, the final error) must be
/// JSON lines too, or a log collector chokes on it.
pub fn json() -> bool {
    FORMAT.get() == Some(&LogFormat::Json)
}

/// Installs the global subscriber; `default_level` applies when RUST_LOG is not set.
pub fn init(format: LogFormat, default_level: &str) {
    let _ = FORMAT.set(format);
    let filter = EnvFilter::new(filter_for(
        std::env::var("RUST_LOG").ok().as_deref(),
        default_level,
    ));
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

/// The filter directives for `rust_log` (the variable's value, if set).
fn filter_for(rust_log: Option<&str>, default_level: &str) -> String {
    // html5ever reports parse errors of broken pages ("foster parenting not implemented") as
    // warnings; they are not the user's problem, so they need RUST_LOG to show.
    let quiet_parser = "html5ever=error";
    match rust_log.map(str::trim).filter(|l| !l.is_empty()) {
        None => format!("{default_level},{quiet_parser}"),
        Some(level) if is_bare_level(level) => {
            format!("{default_level},unboil={level},{quiet_parser}")
        }
        Some(directives) => directives.to_string(),
    }
}

fn is_bare_level(s: &str) -> bool {
    ["trace", "debug", "info", "warn", "error", "off"]
        .iter()
        .any(|l| s.eq_ignore_ascii_case(l))
}

/// Writes one JSON log line to stderr, shaped like the subscriber's own lines.
pub fn json_line(level: &str, message: &str, fields: serde_json::Value) {
    let mut all = serde_json::json!({ "message": message });
    if let (Some(all), Some(extra)) = (all.as_object_mut(), fields.as_object()) {
        all.extend(extra.clone());
    }
    let line = serde_json::json!({
        "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "level": level,
        "fields": all,
        "target": "unboil",
    });
    eprintln!("{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_level_is_unboils_own() {
        assert_eq!(
            filter_for(Some("debug"), "warn"),
            "warn,unboil=debug,html5ever=error"
        );
        assert_eq!(filter_for(None, "info"), "info,html5ever=error");
        assert_eq!(
            filter_for(Some("html5ever=debug"), "warn"),
            "html5ever=debug"
        );
    }
}
