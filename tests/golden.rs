//! Golden tests: every seed and every `fixtures/text/<case>/` is cleaned with the shipped
//! configuration and compared with its expected text. Adding a case is adding files.

use std::path::{Path, PathBuf};
use unboil::clean::Chain;
use unboil::config::Config;
use unboil::pipeline::Pipeline;
use unboil::source::{Origin, RawPage};

fn pipeline() -> Pipeline {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config.toml")).expect("the shipped config.toml is valid");
    let chain = Chain::build(&config.chain, &config.rules).expect("chain builds");
    Pipeline::new(config.extract.clone(), chain)
}

fn clean_file(pipeline: &Pipeline, path: &Path) -> String {
    let body = std::fs::read(path).expect("input readable");
    let page = RawPage::new("golden", Origin::File(path.to_path_buf()), body);
    let cleaned = pipeline.clean_page(&page).expect("input has an article");
    cleaned.doc.text() + "\n"
}

fn check(cases: Vec<(PathBuf, PathBuf)>) {
    assert!(!cases.is_empty(), "no golden cases found");
    let pipeline = pipeline();
    let mut failures = Vec::new();
    for (input, expected) in &cases {
        let got = clean_file(&pipeline, input);
        let want = std::fs::read_to_string(expected).expect("expected file readable");
        if got != want {
            failures.push(format!(
                "{}:\n--- expected ({})\n{want}\n--- got\n{got}",
                input.display(),
                expected.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn seeds_clean_to_their_expected_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&root).expect("seeds/ exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let expected = root.join("expected").join(path.file_name().expect("name"));
            cases.push((path, expected));
        }
    }
    assert_eq!(cases.len(), 5, "the five sample articles");
    check(cases);
}

#[test]
fn the_seed_without_boilerplate_comes_out_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let input = root.join("003_d8980e8bd6e9f04e.txt");
    let original = std::fs::read_to_string(&input).expect("seed readable");
    assert_eq!(
        clean_file(&pipeline(), &input).trim_end(),
        original.trim_end()
    );
}

#[test]
fn text_fixtures_clean_to_their_expected_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/text");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&root).expect("fixtures/text exists") {
        let dir = entry.expect("entry").path();
        if dir.is_dir() {
            cases.push((dir.join("input.txt"), dir.join("expected.txt")));
        }
    }
    check(cases);
}
