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

/// The FiveFilters site configs converted into rules/ftr/ all load (so `unboil rules check`
/// accepts them), and they apply by host.
#[test]
fn the_imported_site_configs_load_and_apply_by_host() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config.toml")).expect("valid config");
    let imported = config
        .rules
        .files()
        .iter()
        .filter(|f| f.imported_from.as_deref() == Some("ftr-site-config"))
        .count();
    assert!(imported > 1900, "{imported} imported rule files");
    let theverge: Vec<_> = config
        .rules
        .for_host(Some("theverge.com"))
        .map(|f| f.name.clone())
        .collect();
    assert!(
        theverge.contains(&"ftr/theverge.com".to_string()),
        "{theverge:?}"
    );
    assert!(config
        .rules
        .for_host(Some("no-such-site.invalid"))
        .all(|f| f.imported_from.is_none()));
}
