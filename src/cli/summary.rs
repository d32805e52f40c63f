//! The summary printed at the end of a run: what was written and where, what was passed over and
//! why, what failed, removals by rule, time. Skipped and failed documents are each listed with
//! their reason, up to [`unboil::pipeline::MAX_EXAMPLES`]; the full list is in `--errors FILE`.

use std::path::Path;
use unboil::pipeline::{Problems, Summary};

/// Where a run's documents went, for the summary's "→ out/".
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// Standard output.
    Stdout,
    /// A folder or a JSONL file.
    Path(&'a Path),
}

/// What else the summary should say.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// Where the output went.
    pub to: Option<Destination<'a>>,
    /// The errors file, if any, where every skipped and failed document is listed.
    pub errors: Option<&'a Path>,
    /// True for an incremental run, where "nothing changed" is news.
    pub incremental: bool,
}

/// Prints `summary` to stderr, with a heading naming what ran.
pub fn print(what: &str, summary: &Summary, context: Context<'_>) {
    if super::logging::json() {
        return print_json(what, summary, context);
    }
    for line in lines(what, summary, context) {
        eprintln!("{line}");
    }
}

/// The summary's lines.
pub fn lines(what: &str, summary: &Summary, context: Context<'_>) -> Vec<String> {
    let secs = summary.elapsed.as_secs_f64();
    let mut out = Vec::new();
    if summary.seen() == 0 && !summary.stopped_early {
        out.push(format!(
            "{what}: no input matched: nothing to do (check the paths, globs and --type / --glob filters)"
        ));
        return out;
    }
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
    if let (Some(Destination::Path(p)), true) = (context.to, summary.written > 0) {
        line.push_str(&format!(" → {}", shown(p)));
    }
    if summary.stopped_early && !summary.output_closed {
        line.push_str(", stopped early");
    }
    out.push(line);
    if context.incremental
        && summary.unchanged > 0
        && summary.written + summary.skipped.len() + summary.failed.len() == 0
        && !summary.stopped_early
    {
        out.push("  nothing changed (use --full to redo)".into());
    }
    if summary.unchanged_failed > 0 {
        out.push(format!(
            "  {} of the unchanged failed or had no article last time; they are tried again when they or the rules change (or with --full)",
            summary.unchanged_failed
        ));
    }
    if !summary.removals.is_empty() {
        let total: usize = summary.removals.values().sum();
        out.push(format!("  removals: {total}"));
        let mut by: Vec<_> = summary.removals.iter().collect();
        by.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (rule, n) in by {
            out.push(format!("    {n:>6}  {rule}"));
        }
    }
    list(&mut out, "skipped", &summary.skipped, context.errors);
    list(&mut out, "failed", &summary.failed, context.errors);
    out
}

fn list(out: &mut Vec<String>, word: &str, problems: &Problems, errors: Option<&Path>) {
    for p in problems.examples() {
        out.push(format!("  {word}: {p}"));
    }
    if problems.not_shown() > 0 {
        let more = problems.not_shown();
        out.push(match errors {
            Some(path) => format!(
                "  … and {more} more {word}, all listed in {}",
                path.display()
            ),
            None => format!("  … and {more} more {word} (--errors FILE lists every one)"),
        });
    }
}

/// A folder as the summary shows it, with a trailing slash so it reads as a folder.
fn shown(path: &Path) -> String {
    let s = path.display().to_string();
    if path.extension().is_none() && !s.ends_with('/') {
        format!("{s}/")
    } else {
        s
    }
}

/// The summary as one JSON log line, for `--log-format json`.
fn print_json(what: &str, summary: &Summary, context: Context<'_>) {
    let to = match context.to {
        Some(Destination::Stdout) => Some("stdout".to_string()),
        Some(Destination::Path(p)) => Some(p.display().to_string()),
        None => None,
    };
    super::logging::json_line(
        "INFO",
        "summary",
        serde_json::json!({
            "run": what,
            "written": summary.written,
            "unchanged": summary.unchanged,
            "skipped": summary.skipped.len(),
            "failed": summary.failed.len(),
            "skipped_examples": summary.skipped.examples(),
            "failed_examples": summary.failed.examples(),
            "removals": summary.removals,
            "elapsed_secs": summary.elapsed.as_secs_f64(),
            "bytes": summary.bytes,
            "stopped_early": summary.stopped_early,
            "output": to,
            "errors_file": context.errors.map(|p| p.display().to_string()),
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_of_skipped_documents_is_capped_and_points_at_the_errors_file() {
        let mut summary = Summary {
            written: 1,
            ..Summary::default()
        };
        for i in 0..25 {
            summary
                .skipped
                .push(format!("p{i}.html: skipped: empty file"));
        }
        let errors = Path::new("errors.jsonl");
        let context = Context {
            to: Some(Destination::Path(Path::new("out"))),
            errors: Some(errors),
            incremental: false,
        };
        let lines = lines("clean", &summary, context);
        assert!(
            lines[0].contains("25 skipped") && lines[0].ends_with("→ out/"),
            "{lines:?}"
        );
        assert!(lines.contains(&"  skipped: p0.html: skipped: empty file".to_string()));
        assert!(lines
            .last()
            .is_some_and(|l| l.contains("5 more skipped, all listed in errors.jsonl")));
    }

    #[test]
    fn a_run_that_saw_nothing_says_so() {
        let lines = lines("job a", &Summary::default(), Context::default());
        assert!(lines[0].contains("no input matched"), "{lines:?}");
    }

    #[test]
    fn an_incremental_run_that_changed_nothing_says_how_to_redo() {
        let summary = Summary {
            unchanged: 3,
            ..Summary::default()
        };
        let context = Context {
            incremental: true,
            ..Context::default()
        };
        let lines = lines("job a", &summary, context);
        assert_eq!(lines[1], "  nothing changed (use --full to redo)");
    }
}
