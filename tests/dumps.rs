//! Dumps as they come: a WARC.gz and a JSONL.zst clean to JSONL with no document lost (every
//! record is in the output or in the errors stream), JSONL field names, `.json` records, folders
//! of `.html.gz`, and inputs that are not pages.

use assert_cmd::Command;
use predicates::prelude::*;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

/// A fresh folder to run unboil in: where each test writes its inputs and reads the outputs.
struct Workspace(tempfile::TempDir);

impl Workspace {
    fn new() -> Workspace {
        Workspace(tempfile::tempdir().expect("temp dir"))
    }

    /// `rel` inside the folder.
    fn path(&self, rel: &str) -> PathBuf {
        self.0.path().join(rel)
    }

    /// Writes `bytes` to `rel`, creating its folders.
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        std::fs::write(path, bytes).expect("write");
    }

    /// unboil, run in the folder.
    fn unboil(&self) -> Command {
        let mut cmd = Command::cargo_bin("unboil").expect("binary built");
        cmd.current_dir(self.0.path()).env_remove("RUST_LOG");
        cmd
    }

    /// `unboil clean INPUT` as a crawl pipeline runs it: JSONL to `out.jsonl`, every failed and
    /// skipped document in `errors.jsonl`.
    fn clean_to_jsonl(&self, input: &str) -> Command {
        let mut cmd = self.unboil();
        cmd.args(["clean", input, "--format", "jsonl", "-o", "out.jsonl"])
            .args(["--errors", "errors.jsonl"]);
        cmd
    }

    /// `field` of every line of the JSONL file `rel` (empty when it is not a string).
    fn jsonl_field(&self, rel: &str, field: &str) -> Vec<String> {
        std::fs::read_to_string(self.path(rel))
            .unwrap_or_default()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
                v[field].as_str().unwrap_or_default().to_string()
            })
            .collect()
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

/// A WARC response record for `uri` holding `html`, numbered `n`.
fn warc_record(n: usize, uri: &str, html: &str) -> String {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
}

fn page(i: usize) -> String {
    format!(
        "<!doctype html><html><head><title>Berth {i} | Harbour News</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
         <article><h1>Work on berth {i} starts in spring</h1>\
         <p>The harbour board met on Monday to discuss berth {i}, and members agreed that the work should start next spring, officials said.</p>\
         <p>Ships using berth {i} will move to the eastern quay while the work goes on, which the board expects to take about a year.</p>\
         </article><footer>Copyright Harbour News</footer></body></html>"
    )
}

/// A page with no text at all (a login wall rendered by script): skipped as "no article".
fn empty_page() -> String {
    "<!doctype html><html><head><title>Sign in</title></head><body><script>render()</script></body></html>".to_string()
}

#[test]
fn a_jsonl_zst_dump_cleans_to_jsonl_with_no_document_lost() {
    let dir = Workspace::new();
    let mut lines = Vec::new();
    for i in 0..120 {
        let line = match i % 30 {
            7 => serde_json::json!({"id": format!("d{i}"), "html": empty_page()}).to_string(),
            11 => serde_json::json!({"id": format!("d{i}"), "text": "  "}).to_string(),
            13 => "{this is not json".to_string(),
            17 => serde_json::json!({"id": format!("d{i}"), "markup": page(i)}).to_string(),
            _ => serde_json::json!({"id": format!("d{i}"), "url": format!("https://news.example/{i}"), "html": page(i)})
                .to_string(),
        };
        lines.push(line);
    }
    let text = lines.join("\n") + "\n";
    let compressed = zstd::encode_all(text.as_bytes(), 3).expect("zstd");
    dir.write("dump.jsonl.zst", compressed);
    dir.clean_to_jsonl("dump.jsonl.zst")
        .args(["-j", "2"])
        .assert()
        .code(1) // the malformed lines fail; the rest goes on
        .stderr(predicate::str::contains("written"));
    let written = dir.jsonl_field("out.jsonl", "source");
    let errors = dir.jsonl_field("errors.jsonl", "source");
    let mut seen: Vec<String> = written.iter().chain(&errors).cloned().collect();
    seen.sort();
    let want: Vec<String> = (1..=120).map(|n| format!("dump.jsonl.zst:{n}")).collect();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(
        seen, want_sorted,
        "each line exactly once, written or in the errors stream"
    );
    assert_eq!(written.len(), 104);
    let kinds = dir.jsonl_field("errors.jsonl", "kind");
    assert_eq!(kinds.iter().filter(|k| *k == "failed").count(), 8);
    assert_eq!(kinds.iter().filter(|k| *k == "skipped").count(), 8);
    let ids = dir.jsonl_field("out.jsonl", "id");
    assert!(ids.contains(&"d0".to_string()) && !ids.contains(&"d7".to_string()));
}

#[test]
fn a_warc_gz_dump_cleans_to_jsonl_with_no_document_lost() {
    let dir = Workspace::new();
    let mut gz = Vec::new();
    for i in 0..60 {
        let html = if i % 20 == 5 { empty_page() } else { page(i) };
        let record = warc_record(i, &format!("https://news.example/story/{i}"), &html);
        // One gzip member per record, as crawlers write them.
        gz.extend(gzip(record.as_bytes()));
    }
    dir.write("crawl.warc.gz", gz);
    dir.clean_to_jsonl("crawl.warc.gz").assert().success();
    let written = dir.jsonl_field("out.jsonl", "source");
    let errors = dir.jsonl_field("errors.jsonl", "source");
    let seen: BTreeSet<String> = written.iter().chain(&errors).cloned().collect();
    assert_eq!(seen.len(), 60, "every record once, by its offset: {seen:?}");
    assert_eq!(written.len() + errors.len(), 60, "no record twice");
    let urls: BTreeSet<String> = dir.jsonl_field("out.jsonl", "url").into_iter().collect();
    let want: BTreeSet<String> = (0..60)
        .filter(|i| i % 20 != 5)
        .map(|i| format!("https://news.example/story/{i}"))
        .collect();
    assert_eq!(urls, want);
    let kinds = dir.jsonl_field("errors.jsonl", "kind");
    assert_eq!(
        kinds, ["skipped"; 3],
        "the three empty pages have no article"
    );
}

#[test]
fn jsonl_field_names_are_configurable() {
    let dir = Workspace::new();
    let line = serde_json::json!({"doc_id": "story-1", "meta": {"link": "https://news.example/1"}, "page": page(1)});
    dir.write("d.jsonl", format!("{line}\n"));
    let out = dir
        .unboil()
        .args([
            "clean",
            "d.jsonl",
            "--format",
            "jsonl",
            "--id-field",
            "doc_id",
            "--url-field",
            "meta.link",
            "--html-field",
            "page",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["id"], "story-1");
    assert_eq!(v["url"], "https://news.example/1");
    assert!(
        v["text"]
            .as_str()
            .is_some_and(|t| t.contains("berth 1") && !t.contains("<p>")),
        "{v}"
    );
}

#[test]
fn a_record_without_a_page_field_names_the_fields_found_and_expected() {
    let dir = Workspace::new();
    dir.write("d.jsonl", "{\"id\":\"a\",\"markup\":\"<p>x</p>\"}\n");
    dir.unboil()
        .args(["clean", "d.jsonl"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("found id, markup"))
        .stderr(predicate::str::contains("--html-field"));
}

#[test]
fn a_json_file_holding_url_and_html_is_a_record_not_text() {
    let dir = Workspace::new();
    let record = serde_json::json!({"url": "https://news.example/9", "html": page(9)});
    dir.write("story.json", record.to_string());
    dir.unboil()
        .args(["clean", "story.json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("berth 9"))
        .stdout(predicate::str::contains("\"html\"").not())
        .stdout(predicate::str::contains("<p>").not());
}

#[test]
fn a_folder_of_html_gz_files_is_read_and_named_without_the_endings() {
    let dir = Workspace::new();
    for i in 0..3 {
        dir.write(&format!("pages/p{i}.html.gz"), gzip(page(i).as_bytes()));
    }
    dir.unboil()
        .args(["clean", "pages", "-o", "out"])
        .assert()
        .success()
        .stderr(predicate::str::contains("3 written"));
    let text = std::fs::read_to_string(dir.path("out/p1.txt")).expect("out/p1.txt");
    assert!(text.contains("berth 1"), "{text}");
}

#[test]
fn files_that_are_not_pages_are_skipped_with_a_note_unless_asked_for() {
    let dir = Workspace::new();
    dir.write("site/story.html", page(1));
    dir.write("site/app.css", "body { color: red }\n");
    dir.write("site/app.js", "console.log('hi');\n");
    dir.unboil()
        .args(["clean", "site", "-o", "out"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 written, 0 unchanged, 2 skipped",
        ))
        .stderr(predicate::str::contains("app.css: skipped: not a page"));
    assert!(!dir.path("out/app.txt").exists());
    // --glob picks files as ripgrep does: only the stylesheet now.
    dir.unboil()
        .args(["clean", "site", "-o", "out2", "--glob", "*.css"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 written, 0 unchanged, 0 skipped",
        ));
    assert!(dir.path("out2/app.txt").exists());
    // --type html leaves the rest out without a note.
    dir.unboil()
        .args(["clean", "site", "-o", "out3", "--type", "html"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 written, 0 unchanged, 0 skipped",
        ));
}

#[test]
fn shards_split_the_inputs_between_machines_without_overlap() {
    let dir = Workspace::new();
    for i in 0..30 {
        dir.write(&format!("in/p{i:02}.html"), page(i));
    }
    let mut all = BTreeSet::new();
    for shard in ["0/3", "1/3", "2/3"] {
        let out = format!("out{}", &shard[..1]);
        dir.unboil()
            .args(["clean", "in", "-o", &out, "--shard", shard])
            .assert()
            .success();
        for entry in std::fs::read_dir(dir.path(&out)).expect("out") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            if name.ends_with(".txt") {
                assert!(all.insert(name.clone()), "{name} in two shards");
            }
        }
    }
    assert_eq!(all.len(), 30);
    dir.unboil()
        .args(["clean", "in", "--shard", "3/3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("I/N"));
}

#[test]
fn a_json_file_in_a_folder_that_is_not_a_page_record_is_skipped_not_failed() {
    let dir = Workspace::new();
    dir.write("site/story.html", page(2));
    dir.write("site/manifest.json", "{\"name\": \"app\", \"icons\": []}");
    dir.unboil()
        .args(["clean", "site", "-o", "out"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 written, 0 unchanged, 1 skipped",
        ))
        .stderr(predicate::str::contains(
            "manifest.json: skipped: not a page record",
        ));
    // Named as an input, the same file is a mistake worth a failure.
    dir.unboil()
        .args(["clean", "site/manifest.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("found icons, name"));
}

#[test]
fn a_zstd_compressed_warc_is_read_too() {
    let dir = Workspace::new();
    let warc: String = (0..2)
        .map(|i| warc_record(i, &format!("https://news.example/z/{i}"), &page(i)))
        .collect();
    let compressed = zstd::encode_all(warc.as_bytes(), 3).expect("zstd");
    dir.write("crawl.warc.zst", compressed);
    dir.unboil()
        .args(["clean", "crawl.warc.zst", "--format", "jsonl"])
        .assert()
        .success()
        .stdout(predicate::str::contains("https://news.example/z/0"))
        .stdout(predicate::str::contains("https://news.example/z/1"));
}

#[test]
fn a_dump_of_many_broken_lines_logs_a_few_and_counts_the_rest() {
    let dir = Workspace::new();
    dir.write("d.jsonl", "{broken\n".repeat(500));
    let out = dir
        .unboil()
        .args(["clean", "d.jsonl", "--errors", "errors.jsonl"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(stderr.contains("500 failed"), "{stderr}");
    assert!(
        stderr.contains("… and 480 more failed, all listed in errors.jsonl"),
        "{stderr}"
    );
    assert!(stderr.lines().count() < 60, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path("errors.jsonl"))
            .expect("errors")
            .lines()
            .count(),
        500
    );
}
