//! The fetching commands end to end, against a server this test starts on 127.0.0.1.

mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use support::{always, Reply, Server};

const ARTICLE: &str = r#"<!doctype html><html lang="en"><head><title>Budget passes | Example News</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Budget passes</h1>
<p>The council approved the budget on Monday after a long debate about transport spending, which
rose by a tenth after two years of cuts that had left several bus lines running only once an hour.</p>
<p>It takes effect in January, officials said, and covers the next two years of city services,
including street lighting, the libraries and the new swimming pool in the northern district.</p>
<p>Opposition members said the plan leaned too heavily on one-off sales of city land, and warned that
the gap would return in the third year unless the council found new and lasting sources of income.</p>
<p>Leave a Comment</p></article>
<footer>© 2024 Example News. All rights reserved.</footer></body></html>"#;

fn quick_config(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        "[fetch]\nper_host_delay_ms = 50\ntimeout = 5\nretries = 0\n",
    )
    .expect("write config");
    path
}

#[test]
fn clean_a_url_consults_robots_first_and_writes_the_article() {
    let server = Server::start(vec![
        (
            "/robots.txt",
            always(Reply::new(200, "text/plain", "User-agent: *\nAllow: /\n")),
        ),
        ("/article.html", always(Reply::html(ARTICLE))),
    ]);
    let dir = tempfile::tempdir().expect("temp dir");
    let config = quick_config(dir.path());
    Command::cargo_bin("unboil")
        .expect("binary")
        .current_dir(dir.path())
        .args([
            "clean",
            &server.url("/article.html"),
            "-o",
            "out",
            "--config",
        ])
        .arg(&config)
        .assert()
        .success();
    let hits = server.all_hits();
    assert_eq!(
        hits[0].path, "/robots.txt",
        "robots.txt is asked first: {hits:?}"
    );
    let written: Vec<_> = walkdir(&dir.path().join("out"));
    assert_eq!(written.len(), 1, "{written:?}");
    let text = std::fs::read_to_string(&written[0]).expect("read");
    assert!(
        text.contains("The council approved the budget on Monday"),
        "{text}"
    );
    assert!(!text.contains("Leave a Comment"), "{text}");
    assert!(!text.contains("Home"), "{text}");
}

#[test]
fn fetch_a_feed_lists_each_failure_by_url() {
    let server = Server::start(vec![
        (
            "/robots.txt",
            always(Reply::new(
                200,
                "text/plain",
                "User-agent: *\nDisallow: /private\n",
            )),
        ),
        ("/a.html", always(Reply::html(ARTICLE))),
        ("/gone.html", always(Reply::status(404))),
        ("/private/b.html", always(Reply::html(ARTICLE))),
    ]);
    let feed = format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>{}</link></item>
<item><title>gone</title><link>{}</link></item>
<item><title>private</title><link>{}</link></item>
</channel></rss>"#,
        server.url("/a.html"),
        server.url("/gone.html"),
        server.url("/private/b.html")
    );
    let feed_server = Server::start(vec![(
        "/feed.xml",
        always(Reply::new(200, "application/rss+xml", feed)),
    )]);
    let dir = tempfile::tempdir().expect("temp dir");
    let config = quick_config(dir.path());
    Command::cargo_bin("unboil")
        .expect("binary")
        .current_dir(dir.path())
        .args([
            "fetch",
            "--feed",
            &feed_server.url("/feed.xml"),
            "-o",
            "out",
            "--config",
        ])
        .arg(&config)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 written"))
        .stderr(predicate::str::contains("gone.html"))
        .stderr(predicate::str::contains("404"))
        // The page robots.txt disallows is skipped, not failed.
        .stderr(predicate::str::contains("1 skipped, 1 failed"));
    assert!(
        server.hits("/private/b.html").is_empty(),
        "a disallowed page was requested"
    );
}

fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !e.file_name().to_string_lossy().starts_with('.') {
                out.push(p);
            }
        }
    }
    out
}
