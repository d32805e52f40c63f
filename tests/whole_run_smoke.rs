//! A small run of the whole-run benchmark (benches/whole_run.rs), so the command it prints for
//! BENCHMARKS.md keeps working: every document counted, memory and time measured, and, where the
//! project's scorer is beside the checkout (../shared/bench/score.py), the scores of text the
//! chain cleans exactly as its golden files say.

#[allow(dead_code)]
#[path = "../benches/whole_run.rs"]
mod whole_run;

use std::path::{Path, PathBuf};

fn settings(scratch: &Path, truth: Option<PathBuf>, scorer: PathBuf) -> whole_run::Settings {
    whole_run::Settings {
        binary: PathBuf::from(env!("CARGO_BIN_EXE_unboil")),
        truth,
        scorer,
        python: "python3".into(),
        scratch: scratch.to_path_buf(),
    }
}

#[test]
fn a_small_run_counts_every_document_for_one_and_two_workers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dump = root.join("fixtures/equivalence/dump.jsonl");
    let expected = std::fs::read_to_string(root.join("fixtures/equivalence/expected.jsonl"))
        .expect("expected output")
        .lines()
        .count();
    let dir = tempfile::tempdir().expect("temp dir");
    // The equivalence dump's site rules live beside it; here the built-in chain runs, so only the
    // count of documents with an article is known: at least those the full chain keeps.
    let s = settings(dir.path(), None, PathBuf::new());
    for workers in [1, 2] {
        let m = whole_run::measure(&s, &dump, workers).expect("runs");
        assert!(m.docs >= expected && m.docs <= 300, "{} documents", m.docs);
        assert!(m.peak_kib > 1000, "peak RSS {} KiB", m.peak_kib);
        assert!(m.file_bytes > 400_000);
        assert!(whole_run::row(&m).starts_with("| dump.jsonl | "));
    }
}

#[test]
fn with_truth_the_run_is_scored_and_repeats_agree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scorer = root.join("../shared/bench/score.py");
    if !scorer.is_file() {
        eprintln!(
            "skipped: no scorer at {} (the shared bench folder)",
            scorer.display()
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut corpus = String::new();
    let mut truth = String::new();
    let mut cases = 0;
    for entry in std::fs::read_dir(root.join("fixtures/text")).expect("fixtures") {
        let case = entry.expect("entry").path();
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let input = std::fs::read_to_string(case.join("input.txt")).expect("input");
        let clean = std::fs::read_to_string(case.join("expected.txt")).expect("expected");
        for repeat in 0..3 {
            let line = serde_json::json!({"id": format!("{name}-{repeat}"), "text": input});
            corpus.push_str(&format!("{line}\n"));
        }
        let line = serde_json::json!({"id": name, "article_body": clean});
        truth.push_str(&format!("{line}\n"));
        cases += 1;
    }
    std::fs::write(dir.path().join("corpus.jsonl"), corpus).expect("write");
    std::fs::write(dir.path().join("truth.jsonl"), truth).expect("write");
    let scratch = dir.path().join("scratch");
    std::fs::create_dir_all(&scratch).expect("scratch");
    let s = settings(&scratch, Some(dir.path().join("truth.jsonl")), scorer);
    let m = whole_run::measure(&s, &dir.path().join("corpus.jsonl"), 1).expect("runs");
    assert_eq!(m.docs, cases * 3);
    assert_eq!(m.unequal_repeats, 0);
    let scores = m.scores.expect("scored");
    // The golden files are what the chain writes for these inputs: every word matches.
    assert!(scores.f1 > 0.999, "{scores:?}");
}
