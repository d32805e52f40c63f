//! The cleaners share their folding and word counts across the chain (src/clean/facts.rs) and take
//! faster roads to the same answers (ASCII folding, boundary-twin regex sets, lazy tokens): none
//! of that may change a byte of what `unboil clean` writes.
//!
//! `fixtures/equivalence/dump.jsonl` is 300 documents built by `fixtures/equivalence/make.py` from
//! every boilerplate family the chain knows, prose that resembles it, and every action of a site
//! rule set, mangled as scraped text is; `expected.jsonl` is what the chain wrote for them before
//! the speed work (commit b8b4e5d). Every removal family appears in it (see make.py).

use assert_cmd::Command;
use std::path::Path;

#[test]
fn cleaning_the_equivalence_dump_writes_what_the_slow_chain_wrote() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/equivalence");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.jsonl");
    Command::cargo_bin("unboil")
        .expect("binary")
        .current_dir(&fixtures)
        .args([
            "clean",
            "dump.jsonl",
            "--format",
            "jsonl",
            "-c",
            "config.toml",
            "-q",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    // Workers finish in any order: the records are compared sorted, each with its twin.
    let mut got: Vec<String> = std::fs::read_to_string(&out)
        .expect("output")
        .lines()
        .map(str::to_string)
        .collect();
    let mut expected: Vec<String> = std::fs::read_to_string(fixtures.join("expected.jsonl"))
        .expect("expected output")
        .lines()
        .map(str::to_string)
        .collect();
    assert!(expected.len() > 250, "the fixture lost its documents");
    got.sort();
    expected.sort();
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e, "a record differs");
    }
    assert_eq!(got.len(), expected.len());
}
