//! Issue 9's reproducers at the command line: what a hostile input or an unlucky folder did to a
//! run (wrote outside `-o`, replaced a user's file, lost a record), each named after the defect.

mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

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

const ARTICLE: &str = "The council met on Tuesday and agreed, after a long debate, to repair the old bridge over the river before winter.";

/// Found probing odd JSONL ids: `""`, `"."`, `".."` and `"/"` wrote `<parent>/<OUT>.txt`,
/// replacing a file beside the output folder.
#[test]
fn jsonl_ids_without_a_name_stay_inside_the_output_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let beside = dir.path().join("out.txt");
    write(&beside, "the user's file beside the output folder\n");
    let lines: String = ["", ".", "..", "/", "../..", "//"]
        .iter()
        .map(|id| format!("{{\"id\": {id:?}, \"text\": \"{ARTICLE} {id}\"}}\n"))
        .collect();
    write(&dir.path().join("dump.jsonl"), lines);
    unboil()
        .current_dir(dir.path())
        .args(["clean", "dump.jsonl", "-o", "out"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&beside).expect("read"),
        "the user's file beside the output folder\n"
    );
    let outputs: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .expect("out/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(outputs.len(), 6, "{outputs:?}");
}

/// Found probing odd paths: `-o` naming an existing folder of the user's files replaced
/// same-named files without a word.
#[test]
fn an_existing_folder_of_user_files_needs_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("in/story.txt"), format!("{ARTICLE}\n"));
    let mine = "the user's own story.txt\n";
    write(&dir.path().join("docs/story.txt"), mine);
    unboil()
        .current_dir(dir.path())
        .args(["clean", "in", "-o", "docs"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force").and(predicate::str::contains("story.txt")));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/story.txt")).expect("read"),
        mine
    );
    unboil()
        .current_dir(dir.path())
        .args(["clean", "in", "-o", "docs", "--force"])
        .assert()
        .success();
    assert_ne!(
        std::fs::read_to_string(dir.path().join("docs/story.txt")).expect("read"),
        mine
    );
    // Now the folder is unboil's: the next run needs no --force.
    unboil()
        .current_dir(dir.path())
        .args(["clean", "in", "-o", "docs"])
        .assert()
        .success();
}

/// Found by killing `clean -o` mid-run: its `.unboil-*.tmp` files were never removed.
#[test]
fn temporaries_left_by_a_killed_run_are_removed_by_the_next() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("in/a.txt"), format!("{ARTICLE}\n"));
    unboil()
        .current_dir(dir.path())
        .args(["clean", "in", "-o", "out"])
        .assert()
        .success();
    // What a run killed between writing and renaming leaves: its process is gone.
    let stale = dir.path().join("out/.unboil-4294967295-Ab12Cd.tmp");
    write(&stale, "half a document");
    unboil()
        .current_dir(dir.path())
        .args(["clean", "in", "-o", "out"])
        .assert()
        .success();
    assert!(!stale.exists());
}

/// Found probing odd paths: two inputs whose names are the same once invalid UTF-8 is
/// replaced gave "2 written" and one output.
#[cfg(unix)]
#[test]
fn names_equal_after_lossy_conversion_get_two_outputs() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, bytes) in [&b"x\xff.txt"[..], b"x\xfe.txt"].into_iter().enumerate() {
        let name = std::ffi::OsStr::from_bytes(bytes);
        write(
            &dir.path().join("in").join(name),
            format!("{ARTICLE} {i}\n"),
        );
    }
    unboil()
        .current_dir(dir.path())
        .args(["clean", "in", "-o", "out"])
        .assert()
        .success();
    let outputs = std::fs::read_dir(dir.path().join("out"))
        .expect("out/")
        .filter(|e| {
            !e.as_ref()
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .count();
    assert_eq!(outputs, 2);
}

/// Found probing odd paths: a link to a file outside the input folder had its text written,
/// and links were otherwise passed over without a note.
#[cfg(unix)]
#[test]
fn links_out_of_the_input_folder_are_noted_and_followed_only_with_follow() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("secret/key.txt"),
        format!("{ARTICLE} secret\n"),
    );
    write(&dir.path().join("in/a.txt"), format!("{ARTICLE}\n"));
    std::os::unix::fs::symlink(
        dir.path().join("secret/key.txt"),
        dir.path().join("in/b.txt"),
    )
    .expect("link");
    unboil()
        .current_dir(dir.path())
        .args(["clean", "in", "-o", "out"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not followed"));
    assert!(dir.path().join("out/a.txt").exists());
    assert!(!dir.path().join("out/b.txt").exists());
    unboil()
        .current_dir(dir.path())
        .args(["clean", "in", "-o", "out", "--follow"])
        .assert()
        .success();
    assert!(dir.path().join("out/b.txt").exists());
}

/// Found probing jobs: a `files` glob followed a link to `/etc/passwd` and wrote its text.
#[cfg(unix)]
#[test]
fn a_job_glob_does_not_follow_links_out_of_its_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("secret.txt"),
        format!("{ARTICLE} secret\n"),
    );
    write(&dir.path().join("in/a.txt"), format!("{ARTICLE}\n"));
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), dir.path().join("in/b.txt"))
        .expect("link");
    write(
        &dir.path().join("config.toml"),
        "[[job]]\nname = \"j\"\nsources = [{ type = \"files\", path = \"in/*.txt\" }]\noutput = { type = \"text_tree\", path = \"out\" }\n",
    );
    unboil()
        .current_dir(dir.path())
        .args(["run", "--config", "config.toml"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not followed"));
    assert!(dir.path().join("out/a.txt").exists());
    assert!(!dir.path().join("out/b.txt").exists());
}

/// Found probing with hostile servers: a sitemap index fanning out to nested indexes grew to
/// 3.4 GB in 60 s, with no bound on the URLs queued. Here an index lists 30 indexes of 30
/// sitemaps: far more than `fetch.max_listed_urls`, which bounds what is fetched.
#[test]
fn a_sitemap_index_fan_out_stays_within_max_listed_urls() {
    use support::{always, Reply, Server};
    use unboil::source::http::{FetchConfig, HttpSource, Target};
    let index = |prefix: &str| {
        let entries: String = (0..30)
            .map(|i| format!("<sitemap><loc>{prefix}{i}.xml</loc></sitemap>"))
            .collect();
        Reply::new(
            200,
            "application/xml",
            format!("<sitemapindex>{entries}</sitemapindex>"),
        )
    };
    let paths: Vec<String> = (0..30).map(|i| format!("/i{i}.xml")).collect();
    let mut routes: Vec<(&str, support::Route)> = vec![("/index.xml", always(index("/i")))];
    for (i, p) in paths.iter().enumerate() {
        routes.push((p.as_str(), always(index(&format!("/i{i}-s")))));
    }
    let server = Server::start(routes);
    let config = FetchConfig {
        per_host_delay_ms: 0,
        per_host_concurrency: 8,
        timeout: 2.0,
        retries: 0,
        max_listed_urls: 100,
        ..FetchConfig::default()
    };
    let source = HttpSource::new(config, vec![Target::Sitemap(server.url("/index.xml"))])
        .expect("valid settings");
    let results: Vec<_> = source.pages().collect();
    let requests = server.all_hits().len();
    assert!(
        requests <= 1 + 100 + 1,
        "{requests} requests for a budget of 100"
    );
    let notes: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .filter(|e| e.is_skip())
        .map(|e| e.to_string())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("max_listed_urls")),
        "{notes:?}"
    );
}

/// Found probing jobs: `x.html` and `x.txt` shared the output name `x.txt`; when only one
/// changed, the next run overwrote the other's output with it.
#[test]
fn a_job_keeps_sibling_outputs_apart_when_one_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let html = format!(
        "<html><head><title>Bridge</title></head><body><article><h1>Bridge</h1><p>{ARTICLE}</p><p>{ARTICLE} From the page.</p><p>{ARTICLE}</p></article></body></html>"
    );
    write(&dir.path().join("in/x.html"), &html);
    write(
        &dir.path().join("in/x.txt"),
        format!("{ARTICLE} From the text.\n"),
    );
    write(
        &dir.path().join("config.toml"),
        "[[job]]\nname = \"j\"\nsources = [{ type = \"files\", path = \"in\" }]\noutput = { type = \"text_tree\", path = \"out\" }\n",
    );
    let run = || {
        unboil()
            .current_dir(dir.path())
            .args(["run", "--config", "config.toml"])
            .assert()
            .success();
    };
    run();
    let from_page = std::fs::read_to_string(dir.path().join("out/x.txt")).expect("x.html's output");
    assert!(from_page.contains("From the page."), "{from_page}");
    write(
        &dir.path().join("in/x.txt"),
        format!("{ARTICLE} From the changed text.\n"),
    );
    run();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/x.txt")).expect("x.html's output"),
        from_page
    );
    let from_text =
        std::fs::read_to_string(dir.path().join("out/x.txt.txt")).expect("x.txt's output");
    assert!(from_text.contains("From the changed text."), "{from_text}");
}
