//! What the fetcher tells a progress display, against a local server on 127.0.0.1: the waits a
//! user would otherwise take for a hang (a host's robots.txt, a crawl delay), named by host, and
//! how many results the run will hand over.

mod support;

use support::observer::observe;
use support::{always, Reply, Server};
use unboil::source::http::{FetchConfig, Target};

fn fast() -> FetchConfig {
    FetchConfig {
        connect_timeout: 1.0,
        timeout: 2.0,
        retries: 0,
        per_host_delay_ms: 0,
        ..FetchConfig::default()
    }
}

fn page() -> Reply {
    Reply::html("<html><body><article><p>The council met on Tuesday.</p></article></body></html>")
}

#[test]
fn the_wait_for_a_hosts_robots_txt_is_reported_by_host_and_ends() {
    let server = Server::start(vec![
        (
            "/robots.txt",
            always(Reply::new(200, "text/plain", "User-agent: *\nAllow: /\n")),
        ),
        ("/a", always(page())),
    ]);
    let (items, lines) = observe(fast(), vec![Target::Url(server.url("/a"))]);
    assert_eq!(items, 1);
    let host = format!("127.0.0.1:{}", server.port);
    let waiting = format!("waiting: robots.txt {host}");
    let ready = format!("ready: robots.txt {host}");
    let start = lines.iter().position(|l| *l == waiting);
    let end = lines.iter().position(|l| *l == ready);
    assert!(
        matches!((start, end), (Some(s), Some(e)) if s < e),
        "{lines:#?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("crawl delay")),
        "no spacing was asked for: {lines:#?}"
    );
}

#[test]
fn a_crawl_delay_is_reported_with_its_host_and_seconds() {
    let server = Server::start(vec![
        (
            "/robots.txt",
            always(Reply::new(
                200,
                "text/plain",
                "User-agent: *\nCrawl-delay: 1\n",
            )),
        ),
        ("/a", always(page())),
        ("/b", always(page())),
    ]);
    // Two pages booked together once robots.txt is read: the second waits its turn a second
    // after the first, however slowly this machine runs.
    let config = FetchConfig {
        per_host_concurrency: 2,
        ..fast()
    };
    let targets = vec![Target::Url(server.url("/a")), Target::Url(server.url("/b"))];
    let (items, lines) = observe(config, targets);
    assert_eq!(items, 2);
    let waiting = format!("waiting: crawl delay 127.0.0.1:{} 1s", server.port);
    assert!(lines.contains(&waiting), "{lines:#?}");
    let ready = waiting.replacen("waiting", "ready", 1);
    assert_eq!(
        lines.iter().filter(|l| **l == waiting).count(),
        lines.iter().filter(|l| **l == ready).count(),
        "every wait ends: {lines:#?}"
    );
}

#[test]
fn the_total_is_known_once_the_sitemap_is_read() {
    let sitemap = "<urlset><url><loc>/a</loc></url><url><loc>/b</loc></url>\
                   <url><loc>/c</loc></url></urlset>";
    let server = Server::start(vec![
        (
            "/sitemap.xml",
            always(Reply::new(200, "application/xml", sitemap)),
        ),
        ("/a", always(page())),
        ("/b", always(page())),
        ("/c", always(page())),
    ]);
    let (items, lines) = observe(
        fast(),
        vec![
            Target::Url(server.url("/a")),
            Target::Sitemap(server.url("/sitemap.xml")),
        ],
    );
    let expected: Vec<&String> = lines.iter().filter(|l| l.starts_with("expected")).collect();
    // Before the sitemap is read, one page is known and more may come; after, all three (the
    // page listed twice is fetched once).
    assert_eq!(
        expected.first().map(|l| l.as_str()),
        Some("expected: 1 (more)")
    );
    assert_eq!(expected.last().map(|l| l.as_str()), Some("expected: 3"));
    assert_eq!(items, 3);
}

#[test]
fn a_failed_sitemap_counts_as_one_result() {
    let server = Server::start(vec![("/a", always(page()))]);
    let (items, lines) = observe(
        fast(),
        vec![
            Target::Url(server.url("/a")),
            Target::Sitemap(server.url("/missing.xml")),
        ],
    );
    let last = lines.iter().rev().find(|l| l.starts_with("expected"));
    assert_eq!(last.map(String::as_str), Some("expected: 2"), "{lines:#?}");
    assert_eq!(items, 2);
}
