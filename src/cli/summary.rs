//! The summary printed at the end of a run: documents, removals by rule, failures, time.

use unboil::pipeline::Summary;

/// Prints `summary` to stderr, with a heading naming what ran.
pub fn print(what: &str, summary: &Summary) {
    if super::logging::json() {
        return print_json(what, summary);
    }
    let secs = summary.elapsed.as_secs_f64();
    let mut line = format!(
        "{what}: {} written, {} unchanged, {} skipped, {} failed in {secs:.2}s",
        summary.written,
        summary.unchanged,
        summary.skipped.len(),
        summary.failed.len(),
    );
    if secs > 0.0 && summary.bytes > 0 {
        line.push_str(&format!(" ({:.1} MB/s)", summary.bytes as f64 / 1e6 / secs));
    }
    if summary.stopped_early {
        line.push_str(", stopped early");
    }
    eprintln!("{line}");
    if !summary.removals.is_empty() {
        let total: usize = summary.removals.values().sum();
        eprintln!("  removals: {total}");
        let mut by: Vec<_> = summary.removals.iter().collect();
        by.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (rule, n) in by {
            eprintln!("    {n:>6}  {rule}");
        }
    }
    for f in &summary.failed {
        eprintln!("  failed: {f}");
    }
}

/// The summary as one JSON log line, for `--log-format json`.
fn print_json(what: &str, summary: &Summary) {
    super::logging::json_line(
        "INFO",
        "summary",
        serde_json::json!({
            "run": what,
            "written": summary.written,
            "unchanged": summary.unchanged,
            "skipped": summary.skipped,
            "failed": summary.failed,
            "removals": summary.removals,
            "elapsed_secs": summary.elapsed.as_secs_f64(),
            "bytes": summary.bytes,
            "stopped_early": summary.stopped_early,
        }),
    );
}
