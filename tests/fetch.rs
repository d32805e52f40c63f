//! The fetcher against a local server on 127.0.0.1 (never the real network): what a user sees
//! (pages, failures with URL and reason) and what the site sees (the requests it received).

mod support;

use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};
use support::{always, Reply, Server};
use unboil::source::http::{FetchConfig, FetchError, HttpSource, Target};
use unboil::source::{RawPage, SourceError, Validators};

/// Fast settings: no spacing, short timeouts and backoff, so the suite runs in seconds.
fn fast() -> FetchConfig {
    FetchConfig {
        connect_timeout: 1.0,
        timeout: 1.0,
        retries: 2,
        backoff_base_ms: 20,
        backoff_max_ms: 100,
        per_host_delay_ms: 0,
        per_host_concurrency: 4,
        ..FetchConfig::default()
    }
}

/// Runs a fetch to the end: the pages, and the failures (skips included).
fn run(config: FetchConfig, targets: Vec<Target>) -> (Vec<RawPage>, Vec<SourceError>) {
    run_with(config, targets, HashMap::new())
}

fn run_with(
    config: FetchConfig,
    targets: Vec<Target>,
    known: HashMap<String, Validators>,
) -> (Vec<RawPage>, Vec<SourceError>) {
    let source = HttpSource::new(config, targets).expect("valid fetch settings");
    let (mut pages, mut errors) = (Vec::new(), Vec::new());
    for item in source.with_validators(known).pages() {
        match item {
            Ok(p) => pages.push(p),
            Err(e) => errors.push(e),
        }
    }
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    (pages, errors)
}

fn urls(targets: &[String]) -> Vec<Target> {
    targets.iter().cloned().map(Target::Url).collect()
}

/// The `(url, reason)` of a fetch failure, for assertions.
/// The URL and reason of a page skipped by the fetcher (robots.txt said no).
fn skipped(e: &SourceError) -> (String, String) {
    match e {
        SourceError::Skipped { origin, reason } => (origin.clone(), reason.clone()),
        other => panic!("expected a skipped page, got {other:?}"),
    }
}

fn failure(e: &SourceError) -> (String, String) {
    match e {
        SourceError::Fetch { url, reason } => (url.clone(), reason.clone()),
        other => panic!("expected a fetch failure, got {other:?}"),
    }
}

fn article(title: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>The council met on Tuesday evening to discuss the new budget for the coming year, \
         which includes funds for schools, roads and the library.</p>\
         <p>Residents asked questions about the plans for the park and the bus routes.</p>\
         </article></body></html>"
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip")
}

#[test]
fn robots_txt_allows_one_page_and_a_disallowed_one_is_skipped_not_failed() {
    let server = Server::start(vec![
        (
            "/robots.txt",
            always(Reply::new(
                200,
                "text/plain",
                "User-agent: *\nDisallow: /private/\n",
            )),
        ),
        ("/news/open", always(Reply::html(article("Open")))),
        ("/private/secret", always(Reply::html(article("Secret")))),
    ]);
    let (pages, errors) = run(
        fast(),
        urls(&[server.url("/news/open"), server.url("/private/secret")]),
    );
    assert_eq!(pages.len(), 1);
    assert_eq!(
        pages[0].url.as_deref(),
        Some(server.url("/news/open").as_str())
    );
    assert_eq!(pages[0].id, format!("127.0.0.1_{}/news/open", server.port));
    // What the site asked not to be fetched is skipped, not failed (found by a new user: it
    // counted as a failure and made the run exit 1).
    assert_eq!(
        errors.iter().map(skipped).collect::<Vec<_>>(),
        vec![(
            server.url("/private/secret"),
            "robots.txt disallows it, skipped".to_string()
        )]
    );
    assert_eq!(
        server.hits("/robots.txt").len(),
        1,
        "robots.txt is read once per host"
    );
    assert!(server.hits("/private/secret").is_empty());
    let ua = &server.hits("/news/open")[0].headers["user-agent"];
    assert!(
        ua.starts_with("unboil/") && ua.contains("(+https://github.com/unboil/unboil)"),
        "{ua}"
    );
}

#[test]
fn a_robots_txt_server_error_keeps_the_whole_host_off_limits() {
    let server = Server::start(vec![
        ("/robots.txt", always(Reply::status(503))),
        ("/a", always(Reply::html(article("A")))),
    ]);
    let (pages, errors) = run(
        FetchConfig {
            retries: 0,
            ..fast()
        },
        urls(&[server.url("/a")]),
    );
    assert!(pages.is_empty());
    let (url, reason) = failure(&errors[0]);
    assert_eq!(url, server.url("/a"));
    assert!(
        reason.starts_with(
            "robots.txt of this host could not be read (HTTP 503 Service Unavailable)"
        ),
        "{reason}"
    );
    assert!(server.hits("/a").is_empty());
}

/// Asserts that the requests `server` received (robots.txt included: it takes a turn like any
/// other) were spaced at least `delay` apart since `before`: the k-th to arrive (from 0) came no
/// sooner than k delays after `before`. The fetcher guarantees this however slowly the machine
/// runs, since no request starts before its booked turn and among the first k + 1 arrivals one
/// had a turn k delays or more after the first. Gaps between arrivals are not guaranteed: a
/// first request slowed on its way makes the next gap look short.
fn assert_spaced(server: &Server, before: Instant, delay: Duration) {
    let mut arrivals: Vec<Instant> = server.all_hits().into_iter().map(|h| h.at).collect();
    arrivals.sort();
    for (k, at) in arrivals.iter().enumerate() {
        let earliest = delay * k as u32;
        let after = at.duration_since(before);
        assert!(
            after >= earliest,
            "request {k} arrived {after:?} after the start, before its turn at {earliest:?}"
        );
    }
}

#[test]
fn requests_to_one_host_are_spaced_by_the_configured_delay() {
    let paths = ["/1", "/2", "/3", "/4"];
    let server = Server::start(
        paths
            .iter()
            .map(|p| (*p, always(Reply::html(article(p)))))
            .collect(),
    );
    let config = FetchConfig {
        per_host_delay_ms: 150,
        per_host_concurrency: 2,
        ..fast()
    };
    let targets: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    let before = Instant::now();
    let (pages, errors) = run(config, urls(&targets));
    assert_eq!((pages.len(), errors.len()), (4, 0), "{errors:?}");
    // robots.txt (a 404 here) and the four pages.
    assert_eq!(server.all_hits().len(), 5);
    assert_spaced(&server, before, Duration::from_millis(150));
}

#[test]
fn a_robots_txt_crawl_delay_spaces_requests_further() {
    let paths = ["/1", "/2", "/3"];
    let mut routes: Vec<(&str, support::Route)> = paths
        .iter()
        .map(|p| (*p, always(Reply::html(article(p)))))
        .collect();
    routes.push((
        "/robots.txt",
        always(Reply::new(
            200,
            "text/plain",
            "User-agent: unboil\nCrawl-delay: 0.3\n",
        )),
    ));
    let server = Server::start(routes);
    let targets: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    // `fast()` sets no spacing of its own: all of it comes from robots.txt.
    let before = Instant::now();
    let (pages, errors) = run(fast(), urls(&targets));
    assert_eq!((pages.len(), errors.len()), (3, 0), "{errors:?}");
    assert_eq!(server.all_hits().len(), 4);
    assert_spaced(&server, before, Duration::from_millis(300));
}

#[test]
fn a_server_error_is_retried_until_it_succeeds() {
    let server = Server::start(vec![(
        "/flaky",
        Box::new(|n, _| {
            if n == 0 {
                Reply::status(500)
            } else {
                Reply::html(article("Flaky"))
            }
        }),
    )]);
    let (pages, errors) = run(fast(), urls(&[server.url("/flaky")]));
    assert_eq!((pages.len(), errors.len()), (1, 0), "{errors:?}");
    assert_eq!(server.hits("/flaky").len(), 2);
}

#[test]
fn retry_after_is_honoured_and_capped() {
    let server = Server::start(vec![
        (
            "/busy",
            Box::new(|n, _| {
                if n == 0 {
                    Reply::status(429).header("retry-after", "1")
                } else {
                    Reply::html(article("Busy"))
                }
            }),
        ),
        (
            "/down",
            Box::new(|n, _| {
                if n == 0 {
                    Reply::status(503).header("retry-after", "3600")
                } else {
                    Reply::html(article("Down"))
                }
            }),
        ),
    ]);
    let config = FetchConfig {
        max_retry_after: 0.3,
        ..fast()
    };
    let (pages, errors) = run(config, urls(&[server.url("/busy"), server.url("/down")]));
    assert_eq!((pages.len(), errors.len()), (2, 0), "{errors:?}");
    let busy = server.hits("/busy");
    let down = server.hits("/down");
    // Retry-After: 1 is over the 0.3 s cap as well, so both wait the cap.
    for hits in [busy, down] {
        assert_eq!(hits.len(), 2);
        let waited = hits[1].at - hits[0].at;
        assert!(
            waited >= Duration::from_millis(280) && waited < Duration::from_millis(1500),
            "waited {waited:?}"
        );
    }
}

#[test]
fn retry_after_in_seconds_is_waited_out() {
    let server = Server::start(vec![(
        "/busy",
        Box::new(|n, _| {
            if n == 0 {
                Reply::status(429).header("retry-after", "1")
            } else {
                Reply::html(article("Busy"))
            }
        }),
    )]);
    let (pages, _) = run(fast(), urls(&[server.url("/busy")]));
    assert_eq!(pages.len(), 1);
    let hits = server.hits("/busy");
    assert!(hits[1].at - hits[0].at >= Duration::from_millis(950));
}

#[test]
fn a_404_is_reported_and_not_retried() {
    let server = Server::start(vec![]);
    let (pages, errors) = run(fast(), urls(&[server.url("/gone")]));
    assert!(pages.is_empty());
    assert_eq!(
        failure(&errors[0]),
        (
            server.url("/gone"),
            "HTTP 404 Not Found (not retried)".to_string()
        )
    );
    assert_eq!(server.hits("/gone").len(), 1);
}

#[test]
fn a_redirect_loop_is_reported() {
    let server = Server::start(vec![
        ("/a", always(Reply::redirect("/b"))),
        ("/b", always(Reply::redirect("/a"))),
        ("/moved", always(Reply::redirect("/final"))),
        ("/final", always(Reply::html(article("Final")))),
    ]);
    let (pages, errors) = run(fast(), urls(&[server.url("/a"), server.url("/moved")]));
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].url.as_deref(), Some(server.url("/final").as_str()));
    let (url, reason) = failure(&errors[0]);
    assert_eq!(url, server.url("/a"));
    assert!(reason.starts_with("redirect loop"), "{reason}");
    assert_eq!(server.hits("/a").len(), 1, "a loop is not retried");
}

#[test]
fn a_stalled_server_times_out_and_the_run_goes_on() {
    let server = Server::start(vec![
        (
            "/stall",
            always(Reply::html(article("Slow")).after(Duration::from_secs(20))),
        ),
        ("/quick", always(Reply::html(article("Quick")))),
    ]);
    let config = FetchConfig {
        retries: 0,
        ..fast()
    };
    let (pages, errors) = run(config, urls(&[server.url("/stall"), server.url("/quick")]));
    // Had the run waited the stall out, the slow page would be here too; no clock is needed.
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].url.as_deref(), Some(server.url("/quick").as_str()));
    assert_eq!(
        failure(&errors[0]),
        (
            server.url("/stall"),
            "timed out after 1s (1 try)".to_string()
        )
    );
}

#[test]
fn a_stall_is_retried_and_the_tries_are_counted() {
    let server = Server::start(vec![(
        "/stall",
        always(Reply::html(article("Slow")).after(Duration::from_secs(20))),
    )]);
    let config = FetchConfig {
        timeout: 0.3,
        retries: 1,
        ..fast()
    };
    let (_, errors) = run(config, urls(&[server.url("/stall")]));
    assert_eq!(failure(&errors[0]).1, "timed out after 0.3s (2 tries)");
    assert_eq!(server.hits("/stall").len(), 2);
}

#[test]
fn bodies_over_the_limit_are_cut_off_while_streaming() {
    // One announces its size; the other is 1 MB of zeros gzipped to about 1 kB, whose size is only
    // known by reading it.
    let bomb = gzip(&vec![b'0'; 1_000_000]);
    assert!(bomb.len() < 10_000);
    let server = Server::start(vec![
        ("/big", always(Reply::html(vec![b'x'; 200_000]))),
        (
            "/bomb",
            always(Reply::html(bomb).header("content-encoding", "gzip")),
        ),
        ("/small", always(Reply::html(article("Small")))),
    ]);
    let config = FetchConfig {
        max_body_bytes: 65_536,
        ..fast()
    };
    let (pages, mut errors) = run(
        config,
        urls(&[
            server.url("/big"),
            server.url("/bomb"),
            server.url("/small"),
        ]),
    );
    assert_eq!(pages.len(), 1);
    errors.sort_by_key(|e| e.to_string());
    let reason = "body over the 65536-byte limit, cut off; raise max_body_bytes to fetch it";
    assert_eq!(
        errors.iter().map(failure).collect::<Vec<_>>(),
        vec![
            (server.url("/big"), reason.to_string()),
            (server.url("/bomb"), reason.to_string())
        ]
    );
    assert_eq!(server.hits("/big").len(), 1, "not retried");
}

#[test]
fn gzip_and_brotli_bodies_are_decoded() {
    let html = article("Compressed");
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 5, 22);
        w.write_all(html.as_bytes()).expect("brotli");
    }
    let server = Server::start(vec![
        (
            "/gz",
            always(Reply::html(gzip(html.as_bytes())).header("content-encoding", "gzip")),
        ),
        (
            "/br",
            always(Reply::html(br).header("content-encoding", "br")),
        ),
    ]);
    let (pages, errors) = run(fast(), urls(&[server.url("/gz"), server.url("/br")]));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(pages.len(), 2);
    for page in &pages {
        assert_eq!(page.body, html.as_bytes(), "{}", page.id);
    }
    let accept = &server.hits("/gz")[0].headers["accept-encoding"];
    assert!(accept.contains("gzip") && accept.contains("br"), "{accept}");
}

#[test]
fn a_windows_1251_page_without_a_charset_header_extracts_as_cyrillic() {
    let text = "Министр обороны обсудил с генеральным секретарём планы на зиму и поставки \
                вооружений, подчеркнув важность поддержки союзников в трудное время.";
    let second = "Встреча прошла в столице во вторник и продлилась более трёх часов, \
                  после чего стороны сделали совместное заявление для прессы.";
    let html = format!(
        "<html><head><title>Новости</title></head><body><article><h1>Встреча министров</h1>\
         <p>{text}</p><p>{second}</p></article></body></html>"
    );
    let bytes = encoding_rs::WINDOWS_1251.encode(&html).0.into_owned();
    let server = Server::start(vec![("/ru", always(Reply::new(200, "text/html", bytes)))]);
    let (pages, errors) = run(fast(), urls(&[server.url("/ru")]));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(pages[0].content_type.as_deref(), Some("text/html"));
    let doc = unboil::extract::extract(&pages[0], &Default::default()).expect("an article");
    assert!(doc.text().contains(text), "{}", doc.text());
}

#[test]
fn a_pdf_is_skipped_with_a_note() {
    let server = Server::start(vec![(
        "/report.pdf",
        always(Reply::new(200, "application/pdf", b"%PDF-1.7 ...".to_vec())),
    )]);
    let (pages, errors) = run(fast(), urls(&[server.url("/report.pdf")]));
    assert!(pages.is_empty());
    assert!(errors[0].is_skip());
    assert_eq!(
        errors[0].to_string(),
        format!(
            "{}: skipped: content type application/pdf is not HTML or text, skipped",
            server.url("/report.pdf")
        )
    );
    assert_eq!(server.hits("/report.pdf").len(), 1);
}

#[test]
fn a_sitemap_index_with_a_gzipped_child_yields_every_page() {
    let port_holder = std::sync::Arc::new(std::sync::OnceLock::<u16>::new());
    let p1 = port_holder.clone();
    let p2 = port_holder.clone();
    let p3 = port_holder.clone();
    let base = move |p: &std::sync::Arc<std::sync::OnceLock<u16>>| {
        format!("http://127.0.0.1:{}", p.get().copied().unwrap_or(0))
    };
    let server = Server::start(vec![
        (
            "/sitemap_index.xml",
            Box::new(move |_, _| {
                let b = base(&p1);
                Reply::new(
                    200,
                    "application/xml",
                    format!(
                        "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                         <sitemap><loc>{b}/news.xml.gz</loc></sitemap>\
                         <sitemap><loc>/plain.xml</loc></sitemap></sitemapindex>"
                    ),
                )
            }),
        ),
        (
            "/news.xml.gz",
            Box::new(move |_, _| {
                let b = base(&p2);
                let xml = format!(
                    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
                     xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\
                     <url><loc>{b}/a</loc><news:news><news:title>A</news:title></news:news></url>\
                     <url><loc>{b}/b</loc></url></urlset>"
                );
                Reply::new(200, "application/gzip", gzip(xml.as_bytes()))
            }),
        ),
        (
            "/plain.xml",
            Box::new(move |_, _| {
                let b = base(&p3);
                Reply::new(
                    200,
                    "text/xml",
                    format!(
                        "<urlset><url><loc>{b}/c</loc></url><url><loc>{b}/a</loc></url></urlset>"
                    ),
                )
            }),
        ),
        ("/a", always(Reply::html(article("A")))),
        ("/b", always(Reply::html(article("B")))),
        ("/c", always(Reply::html(article("C")))),
    ]);
    port_holder.set(server.port).expect("port set once");
    let (pages, errors) = run(
        fast(),
        vec![Target::Sitemap(server.url("/sitemap_index.xml"))],
    );
    assert!(errors.is_empty(), "{errors:?}");
    let got: Vec<_> = pages.iter().filter_map(|p| p.url.clone()).collect();
    assert_eq!(
        got,
        vec![server.url("/a"), server.url("/b"), server.url("/c")]
    );
    assert_eq!(
        server.hits("/a").len(),
        1,
        "a page listed twice is fetched once"
    );
}

#[test]
fn rss_and_atom_feeds_yield_their_articles() {
    let holder = std::sync::Arc::new(std::sync::OnceLock::<u16>::new());
    let (h1, h2) = (holder.clone(), holder.clone());
    let server = Server::start(vec![
        (
            "/rss.xml",
            Box::new(move |_, _| {
                let b = format!("http://127.0.0.1:{}", h1.get().copied().unwrap_or(0));
                Reply::new(
                    200,
                    "application/rss+xml",
                    format!(
                        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title>\
                         <link>{b}/</link><description>d</description>\
                         <item><title>One</title><link>{b}/one</link></item>\
                         <item><title>Two</title><link>{b}/two</link></item>\
                         </channel></rss>"
                    ),
                )
            }),
        ),
        (
            "/atom.xml",
            Box::new(move |_, _| {
                let b = format!("http://127.0.0.1:{}", h2.get().copied().unwrap_or(0));
                Reply::new(
                    200,
                    "application/atom+xml",
                    format!(
                        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
                         <title>News</title><id>urn:news</id><updated>2024-05-01T10:00:00Z</updated>\
                         <entry><title>Three</title><id>urn:3</id><updated>2024-05-01T10:00:00Z</updated>\
                         <link rel=\"alternate\" href=\"{b}/three\"/></entry>\
                         <entry><title>Two again</title><id>urn:2</id><updated>2024-05-01T10:00:00Z</updated>\
                         <link href=\"{b}/two\"/></entry></feed>"
                    ),
                )
            }),
        ),
        ("/one", always(Reply::html(article("One")))),
        ("/two", always(Reply::html(article("Two")))),
        ("/three", always(Reply::html(article("Three")))),
    ]);
    holder.set(server.port).expect("port set once");
    let (pages, errors) = run(
        fast(),
        vec![
            Target::Feed(server.url("/rss.xml")),
            Target::Feed(server.url("/atom.xml")),
        ],
    );
    assert!(errors.is_empty(), "{errors:?}");
    let got: Vec<_> = pages.iter().filter_map(|p| p.url.clone()).collect();
    assert_eq!(
        got,
        vec![server.url("/one"), server.url("/three"), server.url("/two")]
    );
    assert_eq!(server.hits("/two").len(), 1);
}

#[test]
fn a_failing_sitemap_or_feed_is_reported_by_its_url() {
    let server = Server::start(vec![(
        "/not-a-feed",
        always(Reply::html(article("Just a page"))),
    )]);
    let (pages, mut errors) = run(
        fast(),
        vec![
            Target::Sitemap(server.url("/missing.xml")),
            Target::Feed(server.url("/not-a-feed")),
        ],
    );
    assert!(pages.is_empty());
    errors.sort_by_key(|e| e.to_string());
    let failures: Vec<_> = errors.iter().map(failure).collect();
    assert_eq!(
        failures[0],
        (
            server.url("/missing.xml"),
            "HTTP 404 Not Found (not retried)".to_string()
        )
    );
    assert_eq!(failures[1].0, server.url("/not-a-feed"));
    assert!(
        failures[1].1.starts_with("not a valid RSS or Atom feed"),
        "{}",
        failures[1].1
    );
}

#[test]
fn validators_make_the_next_run_conditional_and_unchanged_pages_are_skips() {
    let server = Server::start(vec![(
        "/story",
        Box::new(|_, hit| {
            if hit.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
                Reply::status(304)
            } else {
                Reply::html(article("Story"))
                    .header("etag", "\"v1\"")
                    .header("last-modified", "Wed, 01 May 2024 10:00:00 GMT")
            }
        }),
    )]);
    let (pages, _) = run(fast(), urls(&[server.url("/story")]));
    let validators = pages[0].validators.clone().expect("validators sent");
    assert_eq!(validators.etag.as_deref(), Some("\"v1\""));
    let known = HashMap::from([(server.url("/story"), validators)]);
    let (pages, errors) = run_with(fast(), urls(&[server.url("/story")]), known);
    assert!(pages.is_empty());
    assert!(
        matches!(&errors[0], SourceError::Unchanged { url } if *url == server.url("/story")),
        "{errors:?}"
    );
    assert!(errors[0].is_skip());
    let second = &server.hits("/story")[1];
    assert_eq!(second.headers["if-none-match"], "\"v1\"");
    assert_eq!(
        second.headers["if-modified-since"],
        "Wed, 01 May 2024 10:00:00 GMT"
    );
}

#[test]
fn keep_raw_writes_pages_with_sidecars_that_the_file_source_reads_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(vec![
        (
            "/news/story",
            always(Reply::html(article("Kept")).header("etag", "\"k\"")),
        ),
        (
            "/notes.txt",
            always(Reply::new(200, "text/plain; charset=utf-8", "plain notes")),
        ),
    ]);
    let config = FetchConfig {
        keep_raw: Some(dir.path().to_path_buf()),
        ..fast()
    };
    let (pages, errors) = run(
        config,
        urls(&[server.url("/news/story"), server.url("/notes.txt")]),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(pages.len(), 2);
    let host = format!("127.0.0.1_{}", server.port);
    let html = dir.path().join(&host).join("news/story.html");
    assert_eq!(
        std::fs::read(&html).expect("kept page"),
        article("Kept").as_bytes()
    );
    let meta: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join(&host).join("news/story.meta.json")).expect("sidecar"),
    )
    .expect("sidecar is JSON");
    assert_eq!(meta["url"], server.url("/news/story"));
    assert_eq!(meta["etag"], "\"k\"");
    assert_eq!(meta["content_type"], "text/html; charset=utf-8");
    assert!(meta["fetched_at"]
        .as_str()
        .is_some_and(|t| t.ends_with("GMT")));
    // One extension: the URL's own when it has the right one (found by a new user:
    // `story.html.html`).
    assert!(dir.path().join(&host).join("notes.txt").exists());
    assert!(!dir.path().join(&host).join("notes.txt.txt").exists());

    // Cleaning the kept folder later: the sidecars are not pages, and they give each page its URL.
    let again: Vec<_> = unboil::source::FileSource::new(vec![dir.path().to_path_buf()])
        .pages()
        .collect::<Result<_, _>>()
        .expect("kept pages read back");
    assert_eq!(again.len(), 2);
    let story = again
        .iter()
        .find(|p| p.id == format!("{host}/news/story"))
        .expect("story read back under the same id");
    assert_eq!(
        story.url.as_deref(),
        Some(server.url("/news/story").as_str())
    );
    assert_eq!(
        story.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
}

#[test]
fn url_list_files_are_read_and_bad_settings_are_all_reported_up_front() {
    let dir = tempfile::tempdir().expect("temp dir");
    let list = dir.path().join("urls.txt");
    std::fs::write(&list, "# today\nhttps://example.com/a\nexample.com/b\n").expect("write list");
    let err = HttpSource::new(
        FetchConfig {
            per_host_concurrency: 0,
            timeout: -1.0,
            ..FetchConfig::default()
        },
        vec![
            Target::UrlList(list.clone()),
            Target::Url("ftp://x/y".into()),
        ],
    )
    .expect_err("invalid settings");
    let FetchError::Invalid { problems } = err else {
        panic!("expected Invalid");
    };
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(
        problems.iter().any(|p| p.contains("urls.txt:3:")),
        "{problems:#?}"
    );

    let server = Server::start(vec![
        ("/a", always(Reply::html(article("A")))),
        ("/b", always(Reply::html(article("B")))),
    ]);
    std::fs::write(
        &list,
        format!(
            "# today\n{}\n\n{} # second\n",
            server.url("/a"),
            server.url("/b")
        ),
    )
    .expect("write list");
    let (pages, errors) = run(fast(), vec![Target::UrlList(list)]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(pages.len(), 2);
}

#[test]
fn a_config_file_section_deserialises_with_polite_defaults() {
    let config: FetchConfig =
        toml::from_str("per_host_delay_ms = 250\ntimeout = 5\n").expect("valid");
    assert_eq!(config.per_host_delay_ms, 250);
    assert_eq!(config.timeout, 5.0);
    assert!(config.obey_robots);
    assert!(toml::from_str::<FetchConfig>("per_host_dealy_ms = 1").is_err());
}

#[test]
fn a_huge_crawl_delay_is_capped() {
    let paths = ["/1", "/2"];
    let mut routes: Vec<(&str, support::Route)> = paths
        .iter()
        .map(|p| (*p, always(Reply::html(article(p)))))
        .collect();
    routes.push((
        "/robots.txt",
        always(Reply::new(
            200,
            "text/plain",
            "User-agent: *\nCrawl-delay: 3600\n",
        )),
    ));
    let server = Server::start(routes);
    let targets: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    let config = FetchConfig {
        max_crawl_delay: 0.2,
        ..fast()
    };
    let before = Instant::now();
    let (items, told) = support::observer::observe(config, urls(&targets));
    assert_eq!(items, 2);
    assert_spaced(&server, before, Duration::from_millis(200));
    // The delay used is the cap, not the hour asked for (said without timing the run).
    let used = format!("waiting: crawl delay 127.0.0.1:{} 0.2s", server.port);
    assert!(told.contains(&used), "{told:#?}");
    assert!(!told.iter().any(|l| l.contains("3600s")), "{told:#?}");
}

#[test]
fn a_refused_connection_says_cannot_connect_to_host_port_not_a_robots_lecture() {
    // A port that was just free: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead = format!(
        "http://127.0.0.1:{}/x",
        closed.local_addr().expect("addr").port()
    );
    drop(closed);
    let server = Server::start(vec![("/ok", always(Reply::html(article("Ok"))))]);
    let (pages, errors) = run(fast(), urls(&[dead.clone(), server.url("/ok")]));
    assert_eq!(pages.len(), 1);
    let (url, reason) = failure(&errors[0]);
    assert_eq!(url, dead);
    // robots.txt is the first thing asked of a host; when nothing answers there, the failure
    // says so in a few words, not as a lesson on robots.txt (found by a new user).
    let port = dead
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches("/x");
    assert_eq!(
        reason,
        format!("cannot connect to 127.0.0.1:{port}: connection refused (3 tries)")
    );
    let (_, errors) = run(
        FetchConfig {
            obey_robots: false,
            ..fast()
        },
        urls(std::slice::from_ref(&dead)),
    );
    let (_, reason) = failure(&errors[0]);
    assert!(
        reason.starts_with("cannot connect to 127.0.0.1:"),
        "{reason}"
    );
    assert!(reason.contains("(3 tries)"), "{reason}");
}

#[test]
fn dropping_the_pages_early_stops_the_fetch() {
    let paths: Vec<String> = (1..=12).map(|i| format!("/{i}")).collect();
    let server = Server::start(
        paths
            .iter()
            .map(|p| (p.as_str(), always(Reply::html(article(p)))))
            .collect(),
    );
    let config = FetchConfig {
        per_host_delay_ms: 100,
        per_host_concurrency: 1,
        ..fast()
    };
    // The first target on a host of its own, so it is not queued behind the others: pages come
    // out in target order, and the consumer takes the first one as soon as it is fetched.
    let first_host = Server::start(vec![("/0", always(Reply::html(article("/0"))))]);
    let mut targets: Vec<String> = vec![first_host.url("/0")];
    targets.extend(paths.iter().map(|p| server.url(p)));
    let source = HttpSource::new(config, urls(&targets)).expect("valid");
    // Once the first page is taken and the pages are dropped, no further page is requested.
    let first = source.pages().next();
    assert!(matches!(first, Some(Ok(_))));
    let hits = || paths.iter().map(|p| server.hits(p).len()).sum::<usize>();
    std::thread::sleep(Duration::from_millis(300));
    let after_drop = hits();
    // Unstopped, all twelve would be fetched 100 ms apart within 1.2 s.
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(
        hits(),
        after_drop,
        "pages were fetched after the consumer left"
    );
    assert!(after_drop < paths.len(), "every page was fetched");
}

/// A writer collecting log lines for the logging test.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn each_request_is_logged_at_debug_and_each_failure_warned() {
    let logs = Logs::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_env_filter("unboil=debug")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();
    let server = Server::start(vec![("/ok", always(Reply::html(article("Ok"))))]);
    run(fast(), urls(&[server.url("/ok"), server.url("/missing")]));
    let text = String::from_utf8_lossy(&logs.0.lock().expect("log buffer")).into_owned();
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no log line with {needle:?} in:\n{text}"))
            .to_string()
    };
    let ok = line(&format!("url={} status=200", server.url("/ok")));
    assert!(
        ok.contains("DEBUG") && ok.contains(" bytes=") && ok.contains(" ms="),
        "{ok}"
    );
    let failed = line(&format!("url={} reason=", server.url("/missing")));
    assert!(
        failed.contains("WARN") && failed.contains("fetch failed"),
        "{failed}"
    );
    assert!(
        failed.contains("HTTP 404 Not Found (not retried)"),
        "{failed}"
    );
    assert!(text.contains("fetch finished"), "{text}");
}

#[test]
fn a_redirect_to_another_host_obeys_that_hosts_robots_txt() {
    let other = Server::start(vec![
        (
            "/robots.txt",
            always(Reply::new(
                200,
                "text/plain",
                "User-agent: *\nDisallow: /private/\n",
            )),
        ),
        ("/open", always(Reply::html(article("Open")))),
        ("/private/x", always(Reply::html(article("Private")))),
    ]);
    let server = Server::start(vec![
        ("/go", always(Reply::redirect(&other.url("/private/x")))),
        ("/go2", always(Reply::redirect(&other.url("/open")))),
    ]);
    let (pages, errors) = run(fast(), urls(&[server.url("/go"), server.url("/go2")]));
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].url.as_deref(), Some(other.url("/open").as_str()));
    assert_eq!(
        pages[0].id,
        format!("127.0.0.1_{}/open", other.port),
        "a page is named after where it was found"
    );
    assert_eq!(
        errors.iter().map(skipped).collect::<Vec<_>>(),
        vec![(
            server.url("/go"),
            format!(
                "redirected to {}, which robots.txt disallows, skipped",
                other.url("/private/x")
            )
        )]
    );
    assert!(other.hits("/private/x").is_empty());
    assert_eq!(other.hits("/robots.txt").len(), 1);
}

#[test]
fn too_many_redirects_are_reported() {
    let server = Server::start(vec![
        ("/r0", always(Reply::redirect("/r1"))),
        ("/r1", always(Reply::redirect("/r2"))),
        ("/r2", always(Reply::redirect("/r3"))),
        ("/r3", always(Reply::html(article("End")))),
    ]);
    let config = FetchConfig {
        max_redirects: 2,
        ..fast()
    };
    let (pages, errors) = run(config, urls(&[server.url("/r0")]));
    assert!(pages.is_empty());
    assert_eq!(
        failure(&errors[0]),
        (
            server.url("/r0"),
            "more than 2 redirects; raise max_redirects if the site really needs more".to_string()
        )
    );
    assert!(server.hits("/r3").is_empty());
    let (pages, _) = run(fast(), urls(&[server.url("/r0")]));
    assert_eq!(pages[0].url.as_deref(), Some(server.url("/r3").as_str()));
}

#[test]
fn pages_come_out_in_target_order_however_the_fetches_interleave() {
    // Found by a new user: two fetches of the same URLs wrote their JSONL in different orders.
    // Here the first pages answer slowest, so in completion order they would come last.
    let paths: Vec<String> = (1..=6).map(|i| format!("/{i}")).collect();
    let server = Server::start(
        paths
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let slow = Duration::from_millis(60 * (6 - i as u64));
                (p.as_str(), always(Reply::html(article(p)).after(slow)))
            })
            .collect(),
    );
    let targets: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    for _ in 0..2 {
        let (pages, errors) = run(fast(), urls(&targets));
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<String> = pages.iter().filter_map(|p| p.url.clone()).collect();
        assert_eq!(got, targets);
    }
}
