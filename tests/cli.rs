//! The command line as a user meets it: each command, the bad-input cases, config errors and
//! exit statuses.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn unboil() -> Command {
    let mut cmd = Command::cargo_bin("unboil").expect("binary built");
    cmd.env_remove("RUST_LOG");
    cmd
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn clean_seeds_into_a_folder_writes_each_expected_text() {
    let out = tempfile::tempdir().expect("temp dir");
    unboil()
        .current_dir(root())
        .args(["clean", "seeds", "-o"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("written"));
    for entry in std::fs::read_dir(root().join("seeds/expected")).expect("expected/") {
        let expected = entry.expect("entry").path();
        let name = expected.file_name().expect("name");
        let got = std::fs::read_to_string(out.path().join(name)).expect("output written");
        let want = std::fs::read_to_string(&expected).expect("expected readable");
        assert_eq!(got, want, "{}", name.to_string_lossy());
    }
}

#[test]
fn clean_reads_stdin_and_writes_stdout() {
    unboil()
        .args(["clean", "-"])
        .write_stdin("The talks went well, officials said.\nLeave a Comment\n")
        .assert()
        .success()
        .stdout("The talks went well, officials said.\n");
}

#[test]
fn a_missing_input_is_reported_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("good.txt"),
        "A real paragraph of article text.\n",
    );
    let out = dir.path().join("out");
    unboil()
        .current_dir(dir.path())
        .args(["clean", "good.txt", "nope.txt", "-o", "out"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nope.txt"))
        .stderr(predicate::str::contains("no such file"));
    assert!(out.join("good.txt").exists());
}

#[test]
fn binary_and_empty_files_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("in/a.txt"), "Article text stays.\n");
    write(&dir.path().join("in/empty.txt"), "");
    write(
        &dir.path().join("in/pic.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0IHDR",
    );
    unboil()
        .current_dir(dir.path())
        .args(["clean", "in", "-o", "out"])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 skipped"));
    assert!(dir.path().join("out/a.txt").exists());
    assert!(!dir.path().join("out/empty.txt").exists());
    assert!(!dir.path().join("out/pic.txt").exists());
}

#[test]
fn invalid_utf8_is_decoded_not_fatal() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Latin-1 bytes in a file without a declared charset: detected, decoded.
    write(
        &dir.path().join("latin.txt"),
        b"Le caf\xe9 de la gare a rouvert ses portes lundi matin.\n",
    );
    unboil()
        .current_dir(dir.path())
        .args(["clean", "latin.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("café"))
        .stderr(predicate::str::contains("not valid UTF-8"));
}

#[test]
/// Found by a new user: `-o` naming the input folder ran, then failed document by document.
fn an_output_folder_equal_to_the_input_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let original = "Original input text that must survive.\n";
    // `a.txt` cleaned into `.` is `./a.txt` itself. (A sibling `a.html` no longer shows this:
    // the second file with one stem keeps its extension in its output name.)
    write(&dir.path().join("a.txt"), original);
    unboil()
        .current_dir(dir.path())
        .args(["clean", ".", "-o", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is one of the input folders"));
    assert!(!dir.path().join(unboil::sink::OUTPUT_MARKER).exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).expect("read"),
        original
    );
}

#[test]
fn an_output_folder_inside_the_input_is_not_read_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("in/a.txt"), "Article text.\n");
    for _ in 0..2 {
        unboil()
            .current_dir(dir.path())
            .args(["clean", "in", "-o", "in/out"])
            .assert()
            .success();
    }
    assert!(dir.path().join("in/out/a.txt").exists());
    assert!(
        !dir.path().join("in/out/out").exists(),
        "outputs were cleaned as inputs"
    );
}

#[test]
fn jsonl_carries_id_source_text_and_the_trail() {
    let out = unboil()
        .current_dir(root())
        .args([
            "clean",
            "seeds/002_bc6794ad6044aa37.txt",
            "--format",
            "jsonl",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let line = String::from_utf8(out).expect("utf-8");
    let v: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON object");
    assert_eq!(v["id"], "002_bc6794ad6044aa37");
    assert!(v["source"]
        .as_str()
        .expect("source")
        .ends_with("002_bc6794ad6044aa37.txt"));
    assert!(!v["text"]
        .as_str()
        .expect("text")
        .contains("Previous Article"));
    let removals = v["removals"].as_array().expect("removals");
    assert!(removals
        .iter()
        .any(|r| r["by"] == "strip_widgets" && r["text"] == "Previous Article"));
}

#[test]
fn explain_names_the_rule_behind_every_removal() {
    unboil()
        .current_dir(root())
        .args(["explain", "seeds/004_c5adeb4888bfcef2.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "[strip_teasers] block 1: No time to read?",
        ))
        .stdout(predicate::str::contains(
            "[strip_widgets] block 11: Poland and NATO Nuclear Sharing",
        ))
        .stdout(predicate::str::contains("-- clean text"))
        // Not a terminal: no colour codes.
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn explain_shows_what_was_left_out_of_a_page_with_no_article() {
    // A page that is all menus and footer: nothing comes out, and explain says what went and why.
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("menu.html");
    write(
        &page,
        "<html><body><nav><ul><li><a href=\"/a\">World news</a></li>\
         <li><a href=\"/b\">Sports</a></li></ul></nav>\
         <footer><p>Copyright 2026 The Daily Example. All rights reserved.</p></footer></body></html>",
    );
    unboil()
        .current_dir(dir.path())
        .args(["explain", "menu.html"])
        .assert()
        .failure()
        .stdout(predicate::str::contains("World news"))
        .stdout(predicate::str::contains("[extract:"))
        .stdout(predicate::str::contains("-- no clean text"))
        .stderr(predicate::str::contains("no article found"));
}

#[test]
fn run_does_the_default_job_of_the_shipped_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(root().join("config.toml"), dir.path().join("config.toml")).expect("copy");
    std::fs::create_dir_all(dir.path().join("rules")).expect("mkdir");
    std::fs::copy(
        root().join("rules/example.com.toml"),
        dir.path().join("rules/example.com.toml"),
    )
    .expect("copy");
    for entry in std::fs::read_dir(root().join("seeds")).expect("seeds") {
        let p = entry.expect("entry").path();
        if p.is_file() {
            std::fs::create_dir_all(dir.path().join("seeds")).expect("mkdir");
            std::fs::copy(
                &p,
                dir.path().join("seeds").join(p.file_name().expect("name")),
            )
            .expect("copy");
        }
    }
    unboil()
        .current_dir(dir.path())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("job seeds: 5 written"));
    let got =
        std::fs::read_to_string(dir.path().join("out/002_bc6794ad6044aa37.txt")).expect("written");
    let want = std::fs::read_to_string(root().join("seeds/expected/002_bc6794ad6044aa37.txt"))
        .expect("expected");
    assert_eq!(got, want);
}

#[test]
fn a_bad_config_is_reported_whole_before_anything_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("config.toml"),
        "[clean]\nrules = [\"rules\"]\n\n[[job]]\nname = \"a\"\nsources = [{ type = \"files\", path = \"missing\" }]\noutput = { type = \"text_tree\", path = \"out\" }\n",
    );
    write(
        &dir.path().join("rules/bad.toml"),
        "sites = [\"example.com\"]\n[[rule]]\nname = \"x\"\nregex = \"(\"\naction = \"drop_block\"\n[[rule]]\nname = \"y\"\nphrase = \"z\"\naction = \"vanish\"\n",
    );
    unboil()
        .current_dir(dir.path())
        .arg("run")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("3 problems"))
        .stderr(predicate::str::contains(
            "config.toml:6: job \"a\": source \"missing\" does not exist",
        ))
        .stderr(predicate::str::contains(
            "bad.toml:4: rule \"x\": invalid regex",
        ))
        .stderr(predicate::str::contains(
            "bad.toml:9: in [[rule]]: unknown variant `vanish`",
        ));
    assert!(!dir.path().join("out").exists(), "nothing ran");
}

#[test]
fn rules_check_accepts_the_shipped_rules() {
    unboil()
        .current_dir(root())
        .args(["rules", "check"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: "));
}

#[test]
fn import_ftr_converts_site_configs_and_lists_what_it_could_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ftr = dir.path().join("ftr");
    write(
        &ftr.join("example.com.txt"),
        "body: //div[@id='story']\nstrip: //aside\nstrip: //p[contains(text(), 'Ad')]\ntest_url: https://example.com/a\n",
    );
    write(
        &ftr.join("LICENSE.txt"),
        "These files are released to the public domain.\n",
    );
    unboil()
        .current_dir(dir.path())
        .args(["rules", "import-ftr", "ftr", "-o", "rules/ftr"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 site files read, 1 rule files written",
        ))
        .stdout(predicate::str::contains("2 of 3 (66.7%); 1 not translated"));
    let readme = std::fs::read_to_string(dir.path().join("rules/ftr/README.md")).expect("report");
    assert!(readme.contains("public domain"), "{readme}");
    assert!(readme.contains("example.com.txt:3"), "{readme}");
    // The converted file is a rule file like any other.
    unboil()
        .current_dir(dir.path())
        .args(["rules", "check"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: 1 rule file,"));
    let story = "<p>The council approved the budget on Monday after a long debate about the school, the bridge and the library, which the mayor said would open again in spring once new staff were hired.</p>\
        <p>Opponents said the plan spent too much on roads and too little on the buses that most people in the town depend on, and they promised to raise the question again next year.</p>\
        <p>The mayor answered that the roads had waited for a decade and that the buses would get a larger share once the bridge was finished, which engineers expect by the end of next summer.</p>";
    let page = format!("<html><head><title>Budget</title></head><body><nav>Home News Sport</nav><div id=story><h1>Budget passes</h1>{story}<aside>Subscribe now</aside></div></body></html>");
    write(&dir.path().join("page.html"), page);
    unboil()
        .current_dir(dir.path())
        .args(["clean", "page.html", "--site", "example.com"])
        .assert()
        .success()
        .stdout(predicate::str::contains("council approved"))
        .stdout(predicate::str::contains("Subscribe").not());
}

#[test]
fn rules_test_reports_a_failing_rule_test() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("site.toml"),
        "sites = [\"example.com\"]\n[[rule]]\nname = \"promo\"\nphrase = \"Buy now\"\naction = \"drop_block\"\n[[tests]]\ntext = \"Article.\\nBuy now\\nBuy later\"\nnot_contains = [\"Buy\"]\n",
    );
    unboil()
        .current_dir(dir.path())
        .args(["rules", "test", "site.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL"))
        .stdout(predicate::str::contains("should not contain \"Buy\""));
}

#[test]
fn rules_test_shows_what_a_rule_removes_from_an_input() {
    unboil()
        .current_dir(root())
        .args(["rules", "test", "rules/example.com.toml"])
        .arg(root().join("fixtures/rules/example-page.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("[rule:example.com/app-promo]"));
}

#[test]
fn bad_arguments_exit_with_2() {
    unboil().args(["clean"]).assert().code(2);
    unboil().args(["frobnicate"]).assert().code(2);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..400 {
        write(
            &dir.path().join(format!("in/{i:04}.txt")),
            "A paragraph of text.\n".repeat(200),
        );
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("unboil"))
        .current_dir(dir.path())
        .args(["clean", "in"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 64];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // The reader is gone now, as with `| head`.
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr)
        .to_lowercase()
        .contains("broken pipe"));
}

#[test]
fn a_sites_css_rules_remove_elements_before_extraction_and_explain_names_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("rules/news.example.toml"),
        "sites = [\"news.example\"]\n[[rule]]\nname = \"inline-promo\"\nselector = \"p.x7k\"\naction = \"remove_element\"\n",
    );
    write(
        &dir.path().join("config.toml"),
        "[clean]\nrules = [\"rules\"]\n",
    );
    let paragraph = "The council approved the budget on Monday after a long debate about spending on buses and trams.";
    write(
        &dir.path().join("page.html"),
        format!(
            "<html><body><article><p>{paragraph}</p><p class=\"x7k\">Our partners offer great savings on home insurance, see the details today.</p><p>{paragraph}</p><p>{paragraph}</p></article></body></html>"
        ),
    );
    // Without the site, the promo paragraph looks like article text and stays.
    unboil()
        .current_dir(dir.path())
        .args(["clean", "page.html"])
        .assert()
        .success()
        .stdout(predicate::str::contains("home insurance"));
    unboil()
        .current_dir(dir.path())
        .args(["clean", "page.html", "--site", "news.example"])
        .assert()
        .success()
        .stdout(predicate::str::contains("home insurance").not())
        .stdout(predicate::str::contains("The council approved the budget"));
    unboil()
        .current_dir(dir.path())
        .args(["explain", "page.html", "--site", "news.example"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "[rule:news.example/inline-promo] HTML element: Our partners offer",
        ));
}

#[test]
fn a_page_without_a_clear_article_is_written_flagged_by_default_or_skipped_as_configured() {
    // Issue 8: "low confidence" used to turn into a skip by default, and a crawl lost those pages
    // without anyone noticing. Now they are written, flagged, with their confidence.
    let dir = tempfile::tempdir().expect("temp dir");
    // A section front: story cards, no article.
    let index = std::fs::read_to_string(root().join("fixtures/html/index_page/input.html"))
        .expect("fixture");
    write(&dir.path().join("index.html"), &index);
    let out = unboil()
        .current_dir(dir.path())
        .args(["clean", "index.html", "--format", "jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("one JSON line");
    assert_eq!(v["flags"][0], "low_confidence");
    let confidence = v["confidence"].as_f64().expect("a confidence");
    assert!(confidence < 0.3, "{confidence}");
    write(
        &dir.path().join("skip.toml"),
        "[extract]\non_no_article = \"skip\"\n",
    );
    unboil()
        .current_dir(dir.path())
        .args(["clean", "index.html", "-o", "out", "--config", "skip.toml"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 skipped"));
    assert!(!dir.path().join("out/index.txt").exists());
}

#[test]
fn inputs_that_map_to_one_name_are_all_written() {
    // Found in review: `d1/x.txt` and `d2/x.txt` both became `out/x.txt`, and one was lost.
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("d1/x.txt"), "First input text.\n");
    write(&dir.path().join("d2/x.txt"), "Second input text.\n");
    write(&dir.path().join("d3/x.txt"), "Third input text.\n");
    write(&dir.path().join("d3/x.html"), "<html><body><article><p>Fourth input, an HTML page with enough words in its paragraph to be kept as the article text by the extractor, which wants a few sentences.</p><p>It has a second paragraph too, so that it reads like an article and not like a stray snippet of a page.</p></article></body></html>");
    unboil()
        .current_dir(dir.path())
        .args(["clean", "d1", "d2", "-o", "out"])
        .assert()
        .success();
    assert!(dir.path().join("out/d1/x.txt").exists());
    assert!(dir.path().join("out/d2/x.txt").exists());
    unboil()
        .current_dir(dir.path())
        .args(["clean", "d3", "-o", "out3"])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 written"));
    let names: Vec<_> = std::fs::read_dir(dir.path().join("out3"))
        .expect("out3")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn an_output_folder_inside_the_input_that_holds_user_files_is_refused() {
    // Found in review: `clean in -o in/news` replaced the user's own in/news/story.txt.
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("in/story.txt"), "Cleaned input text.\n");
    let mine = "The user's own file, not an output.\n";
    write(&dir.path().join("in/news/story.txt"), mine);
    unboil()
        .current_dir(dir.path())
        .args(["clean", "in", "-o", "in/news"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "already holds files unboil did not write",
        ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("in/news/story.txt")).expect("read"),
        mine
    );
}
