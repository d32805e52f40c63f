//! A page saved without its URL gets its site's rules by the URL it declares for itself.
//!
//! Found by a new user: a saved page (`page.html`, no URL) only got its site's rules with
//! `--site`, although its `<link rel="canonical">` names the site.

use assert_cmd::Command;
use std::path::PathBuf;

#[test]
fn a_saved_page_gets_its_sites_rules_by_its_canonical_url() {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/explain");
    let out = Command::cargo_bin("unboil")
        .expect("binary built")
        .env_remove("RUST_LOG")
        .args(["explain", "--removals-only", "-c"])
        .arg(fixture.join("config.toml"))
        .arg(fixture.join("page.html"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).expect("utf-8");
    // The HTML-stage rule (a selector) and the text-stage rule (a regex) both apply.
    assert!(out.contains("[rule:gazette.example/share-bar]"), "{out}");
    assert!(out.contains("[rule:gazette.example/app-promo]"), "{out}");
}
