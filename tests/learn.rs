//! Learning a site's template: a job with `learn = true` over pages made from one template drops
//! the template's text once it has seen it on `min_pages` pages, never an article sentence, and
//! says so in the trail and in `unboil status`; `unboil learn` proposes the same as a rule file.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn unboil(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("unboil").expect("binary");
    cmd.current_dir(dir).env_remove("RUST_LOG");
    cmd
}

/// The template's text that reaches the cleaned output when nothing is learned.
const TEMPLATE: &[&str] = &[
    "Example Daily is published by Example Media Group in Springfield.",
    "Tomorrow in Example Daily: the weekend market guide",
    "Example Wire",
];

/// Article sentences: each page has its own three.
fn sentences(i: usize) -> [String; 3] {
    let words = [
        "harbour", "library", "bridge", "orchard", "stadium", "museum", "market",
    ];
    let w = words[i % words.len()];
    [
        format!("The council of district {i} voted on Monday to rebuild the old {w} before the winter storms arrive."),
        format!("Residents near the {w} in district {i} said they had waited for years and welcomed the decision warmly."),
        format!("Work on the {w} in district {i} begins in March and should take about eighteen months, officials said."),
    ]
}

/// One page of the site: header, menu, teaser box, agency tag and footer around an article.
fn page(i: usize) -> String {
    let [a, b, c] = sentences(i);
    format!(
        "<html><head><title>Story {i} | Example Daily</title></head><body>\
         <header><a href=/>Example Daily</a><nav><a href=/world>World</a> <a href=/sport>Sport</a></nav></header>\
         <main><h1>Story {i} of the district</h1><p>{a}</p><p>{b}</p><p>{c}</p>\
         <p>{}</p><p>{}</p><p>{}</p></main>\
         <footer><p>Contact us</p></footer></body></html>",
        TEMPLATE[2], TEMPLATE[1], TEMPLATE[0]
    )
}

#[test]
fn a_learning_job_drops_the_template_after_min_pages_and_keeps_every_article_sentence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = 8;
    for i in 0..pages {
        let path = dir.path().join(format!("in/{i:02}.html"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, page(i)).expect("write");
    }
    std::fs::write(
        dir.path().join("config.toml"),
        "[clean]\nimported_rules = false\n\n[[job]]\nname = \"news\"\nsite = \"example.com\"\nlearn = true\n\
         sources = [{ type = \"files\", path = \"in\" }]\noutput = { type = \"jsonl\", path = \"out/all.jsonl\" }\n",
    )
    .expect("write config");
    unboil(dir.path()).arg("run").assert().success();
    let out = std::fs::read_to_string(dir.path().join("out/all.jsonl")).expect("output");
    let docs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(docs.len(), pages);
    // Pages may be written in any order; whichever three came first only taught.
    let mut taught = 0;
    for d in &docs {
        let source = d["source"].as_str().expect("source");
        let i: usize = source
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_suffix(".html"))
            .and_then(|n| n.parse().ok())
            .expect("page number");
        let text = d["text"].as_str().expect("text");
        for s in sentences(i) {
            assert!(
                text.contains(&s),
                "page {i} lost an article sentence: {s}\n{text}"
            );
        }
        let learned: Vec<&serde_json::Value> = d["removals"]
            .as_array()
            .expect("removals")
            .iter()
            .filter(|r| r["by"] == "learned:example.com")
            .collect();
        if learned.is_empty() {
            taught += 1;
            for t in TEMPLATE {
                assert!(
                    text.contains(t),
                    "page {i} should still have {t:?}:\n{text}"
                );
            }
        } else {
            for t in TEMPLATE {
                assert!(
                    !text.contains(t),
                    "page {i} kept template text {t:?}:\n{text}"
                );
            }
            assert!(
                learned.iter().all(|r| r["pages"].as_u64() >= Some(3)),
                "{learned:?}"
            );
        }
    }
    // min_pages is 3: three pages teach, the other five are cleaned of the template.
    assert_eq!(taught, 3);
    unboil(dir.path())
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "learned:example.com  8 pages seen",
        ));

    // What was learned, as a rule file to review: it holds the template and passes its tests.
    unboil(dir.path())
        .args(["learn", "--from-state", "news", "-o", "learned.toml"])
        .assert()
        .success();
    let rules = std::fs::read_to_string(dir.path().join("learned.toml")).expect("rule file");
    for t in TEMPLATE {
        assert!(rules.contains(t), "{t:?} missing from\n{rules}");
    }
    unboil(dir.path())
        .args(["rules", "test", "learned.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 failed"));
}

#[test]
fn unboil_learn_proposes_a_rule_file_from_pages_and_says_what_it_removes() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..5 {
        let path = dir.path().join(format!("pages/{i}.html"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, page(i)).expect("write");
    }
    std::fs::write(
        dir.path().join("config.toml"),
        "[clean]\nimported_rules = false\n",
    )
    .expect("config");
    unboil(dir.path())
        .args([
            "learn",
            "pages",
            "--site",
            "example.com",
            "-o",
            "example.com.toml",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("example.com: 5 pages"))
        .stderr(predicate::str::contains("characters a page on average"));
    let rules = std::fs::read_to_string(dir.path().join("example.com.toml")).expect("rule file");
    assert!(rules.contains("seen on 5 of 5 pages"), "{rules}");
    assert!(rules.contains("[[tests]]"), "{rules}");
    for i in 0..5 {
        for s in sentences(i) {
            assert!(!rules.contains(&format!("phrase = \"{s}\"")), "{rules}");
        }
    }
    // Nothing applies until the file is in rules/.
    assert!(!dir.path().join("rules").exists());
    unboil(dir.path())
        .args(["rules", "test", "example.com.toml"])
        .assert()
        .success();
}
