//! Where and how `clean` writes, as a user notices it: the format a path implies, one JSON
//! object for one input, documents on stdout told apart.
//!
//! Found by a new user: `-o out.jsonl` without `--format` made a folder named `out.jsonl`, there
//! was no `--format json`, and several documents on stdout ran into each other.

use assert_cmd::Command;
use std::path::Path;

fn unboil() -> Command {
    let mut cmd = Command::cargo_bin("unboil").expect("binary built");
    cmd.env_remove("RUST_LOG");
    cmd
}

fn two_pages(dir: &Path) {
    std::fs::write(
        dir.join("a.txt"),
        "The first article says the council met on Tuesday.\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("b.txt"),
        "The second article says the bridge will reopen in May.\n",
    )
    .expect("write");
}

#[test]
fn an_output_ending_in_jsonl_writes_jsonl_without_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_pages(dir.path());
    unboil()
        .current_dir(dir.path())
        .args(["clean", "--ordered", "a.txt", "b.txt", "-o", "out.jsonl"])
        .assert()
        .success();
    let out = dir.path().join("out.jsonl");
    assert!(out.is_file(), "out.jsonl should be a file, not a folder");
    let text = std::fs::read_to_string(out).expect("read");
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(records.len(), 2);
    assert!(records[0]["text"]
        .as_str()
        .is_some_and(|t| t.contains("council")));
}

#[test]
fn an_output_ending_in_jsonl_with_a_text_format_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_pages(dir.path());
    unboil()
        .current_dir(dir.path())
        .args(["clean", "a.txt", "-o", "out.jsonl", "--format", "text"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("holds JSON lines"));
    assert!(!dir.path().join("out.jsonl").exists());
}

#[test]
fn format_json_writes_one_object_for_one_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_pages(dir.path());
    let out = unboil()
        .current_dir(dir.path())
        .args(["clean", "a.txt", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("one JSON object");
    assert_eq!(v["source"], "a.txt");
    assert!(v["text"].as_str().is_some_and(|t| t.contains("council")));
    // Several documents cannot be one object: the run says what to use instead.
    unboil()
        .current_dir(dir.path())
        .args(["clean", "a.txt", "b.txt", "--format", "json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--format jsonl"));
}

#[test]
fn several_documents_on_stdout_are_separated_by_headers() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_pages(dir.path());
    let out = unboil()
        .current_dir(dir.path())
        .args(["clean", "--ordered", "a.txt", "b.txt"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).expect("utf-8");
    assert_eq!(
        out,
        "==> a.txt <==\nThe first article says the council met on Tuesday.\n\n\
         ==> b.txt <==\nThe second article says the bridge will reopen in May.\n"
    );
}

#[test]
fn null_separated_documents_on_stdout() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_pages(dir.path());
    let out = unboil()
        .current_dir(dir.path())
        .args(["clean", "--ordered", "-0", "a.txt", "b.txt"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let docs: Vec<&[u8]> = out.split(|&b| b == 0).collect();
    assert_eq!(docs.len(), 3, "two documents, each ended by NUL");
    assert!(docs[1].starts_with(b"The second article"));
    assert!(docs[2].is_empty());
}

#[test]
fn one_document_on_stdout_has_no_header() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_pages(dir.path());
    unboil()
        .current_dir(dir.path())
        .args(["clean", "a.txt"])
        .assert()
        .success()
        .stdout("The first article says the council met on Tuesday.\n");
}

#[test]
fn appending_a_document_the_jsonl_already_holds_says_so_instead_of_duplicating_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_pages(dir.path());
    let run = |inputs: &[&str]| {
        unboil()
            .current_dir(dir.path())
            .args(["clean", "--ordered"])
            .args(inputs)
            .args(["-o", "out.jsonl"])
            .assert()
            .success()
            .get_output()
            .stderr
            .clone()
    };
    run(&["a.txt"]);
    let err = String::from_utf8(run(&["a.txt", "b.txt"])).expect("utf-8");
    assert!(err.contains("already holds a.txt"), "{err}");
    assert!(err.contains("1 written, 0 unchanged, 1 skipped"), "{err}");
    let text = std::fs::read_to_string(dir.path().join("out.jsonl")).expect("read");
    let sources: Vec<String> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
            v["source"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(sources, ["a.txt", "b.txt"]);
}
