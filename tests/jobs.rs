//! Jobs run incrementally: what changed is cleaned once, what did not is skipped, a killed run
//! leaves nothing half-done, and two runs never corrupt each other.

mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn unboil(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("unboil").expect("binary");
    cmd.current_dir(dir).env_remove("RUST_LOG");
    cmd
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn article(i: usize) -> String {
    format!(
        "Story number {i} about the council budget\n\nThe council met on Monday to discuss item {i} of the budget, officials said.\n\nThe vote on item {i} is expected next week.\n\nLeave a Comment\n"
    )
}

/// A job over `in/` writing `out/`, plus whatever rule files are given.
fn project(docs: usize, output: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..docs {
        write(&dir.path().join(format!("in/{i:04}.txt")), &article(i));
    }
    write(
        &dir.path().join("config.toml"),
        &format!(
            "[clean]\nrules = [\"rules\"]\n\n[[job]]\nname = \"news\"\nsources = [{{ type = \"files\", path = \"in\" }}]\noutput = {output}\n"
        ),
    );
    std::fs::create_dir_all(dir.path().join("rules")).expect("mkdir");
    dir
}

const TEXT_TREE: &str = "{ type = \"text_tree\", path = \"out\" }";
const JSONL: &str = "{ type = \"jsonl\", path = \"out/all.jsonl\" }";

#[test]
fn the_second_run_cleans_nothing_and_a_changed_file_is_cleaned_again() {
    let dir = project(20, TEXT_TREE);
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("20 written, 0 unchanged"));
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("0 written, 20 unchanged"));
    write(
        &dir.path().join("in/0007.txt"),
        &(article(7) + "\nA new paragraph was added.\n"),
    );
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("1 written, 19 unchanged"));
    let text = std::fs::read_to_string(dir.path().join("out/0007.txt")).expect("output");
    assert!(text.contains("A new paragraph was added."));
    unboil(dir.path())
        .args(["run", "--full"])
        .assert()
        .success()
        .stderr(predicate::str::contains("20 written, 0 unchanged"));
}

#[test]
fn a_deleted_output_is_written_again() {
    let dir = project(3, TEXT_TREE);
    unboil(dir.path()).arg("run").assert().success();
    std::fs::remove_file(dir.path().join("out/0001.txt")).expect("rm");
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("1 written, 2 unchanged"));
}

#[test]
fn editing_a_rule_recleans_exactly_the_documents_of_its_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut lines = String::new();
    for (i, site) in [
        "a.example",
        "b.example",
        "a.example",
        "b.example",
        "b.example",
    ]
    .iter()
    .enumerate()
    {
        lines.push_str(&serde_json::json!({
            "id": format!("doc{i}"),
            "url": format!("https://{site}/story/{i}"),
            "text": format!("Story {i}.\nThe council met on Monday about item {i}.\nPromo line {i}"),
        }).to_string());
        lines.push('\n');
    }
    write(&dir.path().join("dump.jsonl"), &lines);
    write(
        &dir.path().join("config.toml"),
        "[clean]\nrules = [\"rules\"]\n\n[[job]]\nname = \"dump\"\nsources = [{ type = \"jsonl\", path = \"dump.jsonl\" }]\noutput = { type = \"text_tree\", path = \"out\" }\n",
    );
    let rule = |phrase: &str| {
        format!("sites = [\"a.example\"]\n[[rule]]\nname = \"promo\"\nregex = \"{phrase}\"\naction = \"drop_block\"\n")
    };
    write(&dir.path().join("rules/a.toml"), &rule("^Promo line"));
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("5 written"));
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("0 written, 5 unchanged"));
    write(&dir.path().join("rules/a.toml"), &rule("^Promo line \\\\d"));
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("2 written, 3 unchanged"));
}

#[test]
fn a_second_process_on_the_same_job_is_refused_clearly() {
    let dir = project(2, TEXT_TREE);
    unboil(dir.path()).arg("run").assert().success();
    let held =
        unboil::state::StateStore::open(dir.path().join("out/.unboil-state.redb")).expect("open");
    unboil(dir.path())
        .arg("run")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("in use by another unboil process"));
    drop(held);
    unboil(dir.path()).arg("run").assert().success();
}

#[test]
/// Found by a new user: the rows had no headers, said "new" where `run` says "written", and
/// showed times in the machine's zone rather than the job's.
fn status_lists_the_runs_of_a_job() {
    let dir = project(4, TEXT_TREE);
    unboil(dir.path()).arg("run").assert().success();
    unboil(dir.path()).arg("run").assert().success();
    unboil(dir.path())
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("job news"))
        .stdout(predicate::function(|out: &str| {
            // Column headers in the words `run` uses, then one row per run, newest first.
            let lines: Vec<&str> = out.lines().collect();
            let header = lines.iter().position(|l| l.contains("started (UTC)"));
            let Some(h) = header else { return false };
            let cols = |l: &str| -> Vec<String> {
                l.split_whitespace()
                    .rev()
                    .take(4)
                    .map(str::to_string)
                    .collect()
            };
            lines[h].contains("written")
                && lines[h].contains("unchanged")
                && lines[h].contains("failed")
                && cols(lines[h + 1]) == ["ok", "0", "4", "0"]
                && cols(lines[h + 2]) == ["ok", "0", "0", "4"]
        }));
}

/// Every output file (state files aside) with its contents.
fn outputs(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("out/") {
        let p = entry.expect("entry").path();
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        if !name.starts_with('.') {
            out.insert(
                PathBuf::from(name),
                std::fs::read_to_string(&p).expect("read"),
            );
        }
    }
    out
}

/// The JSONL lines, sorted, and checks that each source occurs once.
fn jsonl_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("jsonl");
    assert!(text.is_empty() || text.ends_with('\n'), "a torn last line");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut sources: Vec<String> = lines
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("every line is whole JSON");
            v["source"].as_str().expect("source").to_string()
        })
        .collect();
    sources.sort();
    let before = sources.len();
    sources.dedup();
    assert_eq!(before, sources.len(), "a document was written twice");
    lines.sort();
    lines
}

fn kill_and_rerun(output: &str, check: impl Fn(&Path, &Path)) {
    const DOCS: usize = 400;
    let reference = project(DOCS, output);
    unboil(reference.path()).arg("run").assert().success();
    // Kill points spread over the run, from before the first output to near the end.
    for (round, delay_ms) in [0u64, 40, 100, 140, 180, 220, 270, 330, 420]
        .into_iter()
        .enumerate()
    {
        let dir = project(DOCS, output);
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("unboil"))
            .current_dir(dir.path())
            .arg("run")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        // A rerun (sometimes two) completes the job.
        unboil(dir.path()).arg("run").assert().success();
        if round % 2 == 1 {
            unboil(dir.path())
                .arg("run")
                .assert()
                .success()
                .stderr(predicate::str::contains(format!(
                    "0 written, {DOCS} unchanged"
                )));
        }
        check(reference.path(), dir.path());
    }
}

#[test]
fn a_run_killed_at_any_point_and_rerun_ends_like_an_uninterrupted_run() {
    kill_and_rerun(TEXT_TREE, |reference, dir| {
        let want = outputs(&reference.join("out"));
        let got = outputs(&dir.join("out"));
        assert_eq!(want.len(), got.len());
        assert!(want == got, "outputs differ after a kill and a rerun");
        let leftovers: Vec<_> = std::fs::read_dir(dir.join("out"))
            .expect("out/")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    });
}

#[test]
fn a_jsonl_job_killed_at_any_point_writes_every_document_exactly_once() {
    kill_and_rerun(JSONL, |reference, dir| {
        let want = jsonl_lines(&reference.join("out/all.jsonl"));
        let got = jsonl_lines(&dir.join("out/all.jsonl"));
        assert_eq!(want.len(), got.len());
        assert!(want == got, "JSONL output differs after a kill and a rerun");
    });
}

#[test]
fn a_fetch_job_sends_conditional_requests_on_the_second_run() {
    use support::{Reply, Route, Server};
    let page = "<html><body><article>\
        <p>The council approved the budget on Monday after a long debate about transport spending, which rose by a tenth after two years of cuts.</p>\
        <p>It takes effect in January, officials said on Tuesday, and covers the next two years of city services, including the libraries.</p>\
        <p>Opposition members said the plan leaned too heavily on one-off sales of city land and warned that the gap would return.</p>\
        </article></body></html>";
    let route: Route = Box::new(move |_, hit: &support::Hit| {
        if hit.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            Reply::status(304)
        } else {
            Reply::html(page).header("etag", "\"v1\"")
        }
    });
    let server = Server::start(vec![
        ("/robots.txt", support::always(Reply::status(404))),
        ("/story.html", route),
    ]);
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("config.toml"),
        &format!(
            "[fetch]\nper_host_delay_ms = 10\n\n[[job]]\nname = \"live\"\nsources = [{{ type = \"url\", url = \"{}\" }}]\noutput = {{ type = \"text_tree\", path = \"out\" }}\n",
            server.url("/story.html")
        ),
    );
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("1 written"));
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("0 written, 1 unchanged"));
    let hits = server.hits("/story.html");
    assert_eq!(hits.len(), 2);
    assert_eq!(
        hits[1].headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
}

/// A page that fails (here: has no article) is remembered with its input and rules, so the next
/// run does not try it again forever (issue 9: a job with a crashing page was stuck at it every
/// run), and it is tried again once the page changes.
#[test]
fn a_failed_document_is_not_retried_until_its_input_changes() {
    let dir = project(3, TEXT_TREE);
    write(&dir.path().join("in/empty-ish.txt"), "Leave a Comment\n");
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "3 written, 0 unchanged, 1 skipped",
        ));
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "0 written, 4 unchanged, 0 skipped",
        ))
        .stderr(predicate::str::contains(
            "1 of the unchanged failed or had no article last time",
        ))
        .stderr(predicate::str::contains(
            "nothing changed (use --full to redo)",
        ));
    write(&dir.path().join("in/empty-ish.txt"), &article(99));
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 written, 3 unchanged, 0 skipped",
        ));
    assert!(dir.path().join("out/empty-ish.txt").exists());
}

#[test]
fn a_job_whose_inputs_match_nothing_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("config.toml"),
        "[[job]]\nname = \"news\"\nsources = [{ type = \"files\", path = \"in/*.html\" }]\noutput = { type = \"text_tree\", path = \"out\" }\n",
    );
    std::fs::create_dir_all(dir.path().join("in")).expect("mkdir");
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("job news: no input matched"));
}

#[test]
fn the_summary_says_where_the_output_went() {
    let dir = project(2, TEXT_TREE);
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("2 written").and(predicate::str::contains("→ ")))
        .stderr(predicate::str::contains("out/"));
}

#[test]
fn a_jsonl_job_reads_the_fields_it_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let line = serde_json::json!({
        "doc": "story-1",
        "page": "<!doctype html><html><head><title>Berth one | Harbour News</title></head><body><article><h1>Work on berth one starts in spring</h1><p>The harbour board met on Monday to discuss berth one, and members agreed that the work should start next spring, officials said.</p><p>Ships using berth one will move to the eastern quay while the work goes on, which the board expects to take about a year.</p></article></body></html>",
    });
    write(&dir.path().join("d.jsonl"), &format!("{line}\n"));
    write(
        &dir.path().join("config.toml"),
        "[[job]]\nname = \"dump\"\nsources = [{ type = \"jsonl\", path = \"d.jsonl\", id_field = \"doc\", html_field = \"page\" }]\noutput = { type = \"text_tree\", path = \"out\" }\n",
    );
    unboil(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("1 written"));
    let text = std::fs::read_to_string(dir.path().join("out/story-1.txt")).expect("output");
    assert!(
        text.contains("discuss berth one") && !text.contains("<p>"),
        "{text}"
    );
}
