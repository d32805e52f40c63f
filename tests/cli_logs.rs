//! Logs as a user meets them: `RUST_LOG=debug` and `--log-format json`.
//!
//! Found by a new user: `RUST_LOG=debug` printed hundreds of lines of the HTML parser's state
//! per page and buried unboil's own; with `--log-format json` the summary was still plain text.

use assert_cmd::Command;
use std::path::PathBuf;

fn page() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/markdown/structure.html")
}

fn stderr(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stderr.clone();
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn rust_log_debug_shows_unboils_own_lines_not_the_html_parsers() {
    let mut cmd = Command::cargo_bin("unboil").expect("binary built");
    cmd.env("RUST_LOG", "debug").arg("clean").arg(page());
    let err = stderr(&mut cmd);
    assert!(
        err.contains("cleaned"),
        "unboil's debug line is missing:\n{err}"
    );
    assert!(
        !err.contains("insertion mode"),
        "the HTML parser's debug lines are shown"
    );
    assert!(
        err.lines().count() < 20,
        "{} lines:\n{err}",
        err.lines().count()
    );
}

#[test]
fn log_format_json_covers_the_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::cargo_bin("unboil").expect("binary built");
    cmd.env_remove("RUST_LOG")
        .args(["--log-format", "json", "clean", "-o"])
        .arg(dir.path())
        .arg(page());
    let err = stderr(&mut cmd);
    let lines: Vec<serde_json::Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let summary = lines
        .iter()
        .find(|l| l["fields"]["message"] == "summary")
        .expect("a summary line");
    assert_eq!(summary["fields"]["written"], 1);
    assert_eq!(summary["fields"]["run"], "clean");
}

/// The progress line (`5/5 done: … · waiting: …`) is for a terminal: piped or redirected, stderr
/// gets the summary and log lines only, never a line redrawn with carriage returns.
#[test]
fn no_progress_is_drawn_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let mut cmd = Command::cargo_bin("unboil").expect("binary built");
    cmd.env_remove("RUST_LOG")
        .arg("clean")
        .arg(page())
        .arg("-o")
        .arg(&out);
    let err = stderr(&mut cmd);
    assert!(err.contains("1 written"), "{err}");
    assert!(!err.contains('\r') && !err.contains(" done: "), "{err:?}");
}
