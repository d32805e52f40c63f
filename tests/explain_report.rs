//! `unboil explain --html` looked at in a real browser: headless Chromium renders the report of
//! a fixture page; the test checks the DOM it built (kept text present, every removal marked
//! with its reason, a switch per reason) and takes a screenshot.
//!
//! Runs wherever Chromium is installed; on a machine without it the test says so and passes,
//! except in CI (`CI=true`), where .ci/run installs it and a missing browser is a failure.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Chromium binary, if there is one.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| {
            std::env::var_os("PATH")
                .map(|p| {
                    std::env::split_paths(&p)
                        .map(|d| d.join(name))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .find(|p| p.is_file())
}

/// Runs headless Chromium on `page` with `args`, in a fresh profile under `profile`.
fn headless(browser: &Path, profile: &Path, args: &[String], page: &Path) -> Output {
    std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

#[test]
fn the_explain_report_shows_kept_text_and_every_removal_with_its_reason_in_a_browser() {
    let Some(browser) = chromium() else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "chromium is missing in CI: .ci/run must install it"
        );
        eprintln!("skipped: no chromium on this machine (apt-get install chromium to run it)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report.html");
    let fixture = root().join("fixtures/explain");
    Command::cargo_bin("unboil")
        .expect("binary built")
        .env_remove("RUST_LOG")
        .args(["explain", "--site", "gazette.example", "-c"])
        .arg(fixture.join("config.toml"))
        .arg(fixture.join("page.html"))
        .arg("--html")
        .arg(&report)
        .assert()
        .success()
        .stderr(predicates::str::contains("written to"));

    let dom = headless(
        &browser,
        &dir.path().join("profile-dom"),
        &["--dump-dom".to_string()],
        &report,
    );
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8(dom.stdout).expect("utf-8 DOM");
    // The script ran: the switches are live.
    assert!(
        dom.contains("data-ready=\"true\""),
        "the report's script did not run"
    );
    // Kept text, as a reader reads it.
    assert!(dom.contains("The old river bridge will reopen to traffic in May"));
    assert!(dom.contains("opening ceremony on the first Saturday of May"));
    // Each removal marked where it stood, with its reason: an element a selector rule removed,
    // a block a text rule dropped, spans a cleaner cut.
    for (reason, text) in [
        ("rule:gazette.example/share-bar", "Share on Facebook"),
        ("rule:gazette.example/app-promo", "Get the Gazette app"),
        ("strip_agency_tags", "(Gazette Wire)"),
    ] {
        let marked = dom
            .match_indices(&format!("data-by=\"{reason}\""))
            .any(|(at, _)| {
                dom[at..]
                    .split("</div>")
                    .next()
                    .is_some_and(|m| m.contains(text))
            });
        assert!(
            marked,
            "{text:?} is not marked as removed by {reason}:\n{dom}"
        );
        assert!(
            dom.contains(&format!("<span class=\"why\">{reason}</span>")),
            "no {reason} label"
        );
    }
    // Spans sit inside their paragraph, not beside it.
    assert!(dom.contains("far more than planned.<del class=\"removed span\""));
    // What extraction left out is marked too, under its reason.
    assert!(
        dom.contains("data-by=\"extract:"),
        "no region left out by extraction is marked:\n{dom}"
    );
    // One switch per reason.
    let reasons: std::collections::BTreeSet<&str> = dom
        .match_indices("data-by=\"")
        .filter_map(|(at, m)| dom[at + m.len()..].split('"').next())
        .collect();
    assert!(reasons.len() >= 4, "{reasons:?}");
    assert_eq!(
        dom.matches("type=\"checkbox\"").count(),
        reasons.len(),
        "{reasons:?}"
    );

    let shot = dir.path().join("report.png");
    let out = headless(
        &browser,
        &dir.path().join("profile-shot"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,900".to_string(),
        ],
        &report,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    // A blank page compresses to a few kilobytes; text and colour do not.
    assert!(
        png.len() > 20_000,
        "screenshot looks blank: {} bytes",
        png.len()
    );
    if let Some(keep) = std::env::var_os("UNBOIL_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).expect("copy screenshot");
    }
}
