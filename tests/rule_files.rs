//! Every rule file shipped under rules/ passes the tests it carries.

use std::path::Path;
use unboil::config::Config;

#[test]
fn shipped_rule_files_pass_their_own_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config.toml")).expect("valid config");
    assert!(!config.rules.files().is_empty(), "rules/ has rule files");
    let results = unboil::rule_tests::run(&config, config.rules.files()).expect("chain builds");
    assert!(!results.is_empty());
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.passed())
        .map(|r| {
            format!(
                "{} / {}: {}\n{}",
                r.file,
                r.name,
                r.problems.join("; "),
                r.text
            )
        })
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
