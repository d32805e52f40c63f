//! Fetching pages over HTTP, politely: robots.txt obeyed, requests to each host limited and spaced,
//! failures retried with backoff, bodies bounded, and every failure reported with its URL and a
//! reason, without stopping the other URLs.
//!
//! Targets are URLs, files listing URLs, sitemaps (indexes, news sitemaps, gzipped ones) and RSS or
//! Atom feeds. [`HttpSource::pages`] runs the fetch on a tokio runtime of its own, on its own
//! threads, and hands pages over through a bounded channel, so the caller's loop stays synchronous
//! and a slow consumer slows the fetch instead of filling memory.
//!
//! ```no_run
//! use unboil::source::http::{FetchConfig, HttpSource, Target};
//!
//! let source = HttpSource::new(
//!     FetchConfig::default(),
//!     vec![Target::Feed("https://example.com/rss.xml".into())],
//! )?;
//! for page in source.pages() {
//!     match page {
//!         Ok(page) => println!("{} ({} bytes)", page.id, page.body.len()),
//!         Err(e) if e.is_skip() => {}
//!         Err(e) => eprintln!("{e}"),
//!     }
//! }
//! # Ok::<(), unboil::source::http::FetchError>(())
//! ```

mod client;
mod feed;
mod fetcher;
mod keep;
mod observer;
mod politeness;
mod retry;
mod robots;
mod sitemap;
mod urls;

/// Re-exported here too, as the fetcher's callers handle it: see [`HttpSource::with_validators`].
pub use super::Validators;
pub use keep::{is_sidecar, read_sidecar, sidecar_path, RawMeta};
pub use observer::{FetchObserver, Waiting};
pub use urls::page_id;

use super::{Pages, RawPage, SourceError};
use client::{ReqwestTransport, Transport};
use fetcher::{Fetcher, Job};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tracing::Instrument;

/// Pages waiting for the consumer; beyond this the fetch pauses.
const CHANNEL_CAPACITY: usize = 32;

/// How to fetch: identity, limits and politeness. Every field has a polite default, so an empty
/// `[fetch]` table is a good start.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FetchConfig {
    /// The `User-Agent` sent with every request, and (its part before the first `/`) the name
    /// robots.txt groups are matched against. Default: `unboil/<version>
    /// (+https://github.com/unboil/unboil)`, an honest name with a page that explains the bot.
    pub user_agent: String,
    /// Seconds to wait for a connection (DNS, TCP and TLS) before giving up. Default 10.
    pub connect_timeout: f64,
    /// Seconds one request may take from start to the last body byte. Default 30.
    pub timeout: f64,
    /// Largest body accepted, in bytes, counted after decompression while it streams in; a larger
    /// page is cut off and reported. Default 10485760 (10 MiB).
    pub max_body_bytes: u64,
    /// Most redirects followed for one page; a redirect back to a URL already seen is reported as
    /// a loop at once. Each hop obeys its own host's robots.txt, limits and spacing. Default 10.
    pub max_redirects: usize,
    /// Retries after a first failed try, for timeouts, connection errors, 408, 429 and 5xx. Other
    /// 4xx answers are never retried. Default 2 (3 tries in all).
    pub retries: u32,
    /// First backoff delay between tries, in milliseconds; it doubles each time, with jitter, so
    /// that many clients do not retry in lockstep. Default 500.
    pub backoff_base_ms: u64,
    /// Longest backoff delay, in milliseconds. Default 30000.
    pub backoff_max_ms: u64,
    /// Longest `Retry-After` honoured, in seconds: a server asking for more is retried after this
    /// long, so that one host cannot stall a run for hours. Default 120.
    pub max_retry_after: f64,
    /// Requests in flight to one host at once. Default 1.
    pub per_host_concurrency: usize,
    /// Minimum delay between the starts of two requests to one host, in milliseconds. A robots.txt
    /// `Crawl-delay` larger than this wins for its host. Default 1000.
    pub per_host_delay_ms: u64,
    /// Requests in flight in all, across hosts. Default 16.
    pub global_concurrency: usize,
    /// Obey robots.txt. Each host's file is read once per run: a 4xx answer means no rules; a 5xx
    /// answer, a timeout or an unreachable host means nothing is fetched from that host (Google's
    /// documented behaviour: the site may be struggling, and its rules are unknown). Turn off only
    /// for sites you are entitled to crawl. Default true.
    pub obey_robots: bool,
    /// Longest robots.txt `Crawl-delay` honoured, in seconds; a longer one is capped, with a
    /// warning. Default 30.
    pub max_crawl_delay: f64,
    /// Most URLs (pages and nested sitemaps) queued from one sitemap or feed given as a target,
    /// counting everything its nested indexes list; the rest are not fetched, and the run says
    /// how many. Bounds the memory and time a sitemap index fanning out to more indexes can take.
    /// Default 200000.
    pub max_listed_urls: usize,
    /// Keep each fetched body as `<keep_raw>/<id>.html` (or `.txt` for plain text) with a sidecar
    /// `<id>.meta.json` (URL, content type, fetch time, ETag, Last-Modified), so the pages can be
    /// cleaned again later without fetching them again. Default: not kept.
    pub keep_raw: Option<PathBuf>,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: default_user_agent(),
            connect_timeout: 10.0,
            timeout: 30.0,
            max_body_bytes: 10 * 1024 * 1024,
            max_redirects: 10,
            retries: 2,
            backoff_base_ms: 500,
            backoff_max_ms: 30_000,
            max_retry_after: 120.0,
            per_host_concurrency: 1,
            per_host_delay_ms: 1000,
            global_concurrency: 16,
            obey_robots: true,
            max_crawl_delay: 30.0,
            max_listed_urls: 200_000,
            keep_raw: None,
        }
    }
}

/// `unboil/<version> (+https://github.com/unboil/unboil)`.
pub fn default_user_agent() -> String {
    format!(
        "unboil/{} (+https://github.com/unboil/unboil)",
        env!("CARGO_PKG_VERSION")
    )
}

impl FetchConfig {
    /// Every problem with these settings, each saying which field and what to do; empty when they
    /// are usable.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let ua = self.user_agent.trim();
        if ua.is_empty() {
            problems.push("fetch.user_agent is empty: name the bot, e.g. the default \"unboil/<version> (+https://github.com/unboil/unboil)\"".to_string());
        } else if !ua.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
            problems.push(format!(
                "fetch.user_agent {ua:?} has characters a header cannot carry: use printable ASCII"
            ));
        }
        for (name, secs) in [
            ("connect_timeout", self.connect_timeout),
            ("timeout", self.timeout),
        ] {
            if !(secs.is_finite() && secs > 0.0 && secs <= 86_400.0) {
                problems.push(format!(
                    "fetch.{name} = {secs}: give a number of seconds above 0 (and at most a day)"
                ));
            }
        }
        for (name, secs) in [
            ("max_retry_after", self.max_retry_after),
            ("max_crawl_delay", self.max_crawl_delay),
        ] {
            if !(secs.is_finite() && (0.0..=86_400.0).contains(&secs)) {
                problems.push(format!(
                    "fetch.{name} = {secs}: give a number of seconds from 0 to 86400"
                ));
            }
        }
        if self.max_body_bytes == 0 {
            problems.push("fetch.max_body_bytes = 0 would refuse every page: give a byte count such as 10485760".into());
        }
        if self.max_listed_urls == 0 {
            problems.push(
                "fetch.max_listed_urls = 0 would fetch nothing a sitemap or feed lists: give a count such as 200000".into(),
            );
        }
        if self.per_host_concurrency == 0 {
            problems
                .push("fetch.per_host_concurrency = 0 would fetch nothing: give 1 or more".into());
        }
        if self.global_concurrency == 0 {
            problems
                .push("fetch.global_concurrency = 0 would fetch nothing: give 1 or more".into());
        }
        if self.retries > 20 {
            problems.push(format!(
                "fetch.retries = {} is more than 20: a page failing that often will not come back soon",
                self.retries
            ));
        }
        problems
    }
}

/// Something to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One page.
    Url(String),
    /// A text file listing pages: one URL a line; blank lines, `#` comment lines and ` # …` line
    /// ends are ignored.
    UrlList(PathBuf),
    /// A sitemap or sitemap index (plain, news, gzipped): every page it lists, following child
    /// sitemaps.
    Sitemap(String),
    /// An RSS or Atom feed: the page each entry links to.
    Feed(String),
}

/// Why a fetch could not start. Failures of single URLs during a run are not errors here: they come
/// out of [`HttpSource::pages`] as [`SourceError`]s, and the run goes on.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The settings or targets have problems; all of them are listed.
    #[error("cannot fetch: {}", .problems.join("; "))]
    Invalid {
        /// Each problem, naming the field, URL or `file:line`, and what to do.
        problems: Vec<String>,
    },
    /// The HTTP client could not be set up (for instance, no TLS roots could be loaded).
    #[error("cannot set up the HTTP client: {reason}")]
    Client {
        /// What went wrong.
        reason: String,
    },
}

/// A source of pages fetched over HTTP. Build it with [`HttpSource::new`] (which checks everything
/// up front), optionally give it the validators of a previous run, then iterate
/// [`HttpSource::pages`].
pub struct HttpSource {
    config: FetchConfig,
    jobs: Vec<Job>,
    validators: HashMap<String, Validators>,
    transport: Arc<dyn Transport>,
    observer: Option<Arc<dyn FetchObserver>>,
}

impl std::fmt::Debug for HttpSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpSource")
            .field("config", &self.config)
            .field("jobs", &self.jobs)
            .field("validators", &self.validators.len())
            .finish_non_exhaustive()
    }
}

impl HttpSource {
    /// A source fetching `targets` with `config`. Checks the settings, every URL and every URL list
    /// file before anything is fetched, and reports all problems at once.
    pub fn new(config: FetchConfig, targets: Vec<Target>) -> Result<HttpSource, FetchError> {
        let mut problems = config.problems();
        let mut jobs = Vec::new();
        for target in targets {
            match target {
                Target::Url(u) => match urls::parse_url(&u) {
                    Ok(url) => jobs.push(Job::Page(url)),
                    Err(e) => problems.push(e),
                },
                Target::UrlList(path) => match urls::read_url_list(&path) {
                    Ok(list) => jobs.extend(list.into_iter().map(Job::Page)),
                    Err(mut e) => problems.append(&mut e),
                },
                Target::Sitemap(u) => match urls::parse_url(&u) {
                    Ok(url) => jobs.push(Job::Sitemap(url, 0)),
                    Err(e) => problems.push(format!("sitemap {e}")),
                },
                Target::Feed(u) => match urls::parse_url(&u) {
                    Ok(url) => jobs.push(Job::Feed(url)),
                    Err(e) => problems.push(format!("feed {e}")),
                },
            }
        }
        if let Some(dir) = &config.keep_raw {
            if let Err(e) = std::fs::create_dir_all(dir) {
                problems.push(format!(
                    "fetch.keep_raw {}: cannot create the folder: {e}",
                    dir.display()
                ));
            }
        }
        if !problems.is_empty() {
            return Err(FetchError::Invalid { problems });
        }
        let transport = ReqwestTransport::new(
            config.user_agent.trim(),
            Duration::from_secs_f64(config.connect_timeout),
            Duration::from_secs_f64(config.timeout),
        )
        .map_err(|reason| FetchError::Client { reason })?;
        Ok(HttpSource {
            config,
            jobs,
            validators: HashMap::new(),
            transport: Arc::new(transport),
            observer: None,
        })
    }

    /// Makes the fetch incremental: for a page whose URL (as given or listed, normalised as
    /// [`url::Url`] prints it) is in `known`, the request carries `If-None-Match` /
    /// `If-Modified-Since`, and a 304 answer comes out as [`SourceError::Unchanged`] instead of a
    /// page. Store [`RawPage::validators`] by URL after a run to feed the next one.
    pub fn with_validators(mut self, known: HashMap<String, Validators>) -> Self {
        self.validators = known
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(u, v)| match urls::parse_url(&u) {
                Ok(url) => (url.to_string(), v),
                Err(_) => (u, v),
            })
            .collect();
        self
    }

    /// Tells `observer` what the fetch waits on (robots.txt, crawl delays) and how many results
    /// it will hand over, as it goes: what a progress display shows.
    pub fn with_observer(mut self, observer: Arc<dyn FetchObserver>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Starts fetching and returns the pages (and failures) as they come. The fetch runs on its
    /// own thread with its own tokio runtime, so this must not be iterated from inside an async
    /// task. The iterator ends when every target is done; dropping it early stops the fetch.
    pub fn pages(self) -> Pages {
        let (tx, rx) = mpsc::channel(CHANNEL_CAPACITY);
        // The fetch logs under the caller's span (a run's), though on threads of its own.
        let parent = tracing::Span::current();
        let worker_tx = tx.clone();
        let spawned = std::thread::Builder::new()
            .name("unboil-fetch".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("unboil-fetch-worker")
                    .enable_all()
                    .build();
                let runtime = match runtime {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = worker_tx.blocking_send(Err(SourceError::Fetch {
                            url: "(all targets)".into(),
                            reason: format!("cannot start the fetch runtime: {e}"),
                        }));
                        return;
                    }
                };
                let fetcher = Arc::new(Fetcher::new(
                    self.config,
                    self.transport,
                    self.validators,
                    self.observer,
                ));
                let span = tracing::info_span!(parent: &parent, "fetch", targets = self.jobs.len());
                runtime.block_on(fetcher.run(self.jobs, worker_tx).instrument(span));
            });
        drop(tx);
        match spawned {
            Ok(thread) => Box::new(PageIter {
                rx,
                thread: Some(thread),
            }),
            Err(e) => Box::new(std::iter::once(Err(SourceError::Fetch {
                url: "(all targets)".into(),
                reason: format!("cannot start the fetch thread: {e}"),
            }))),
        }
    }
}

/// The receiving end of a fetch run.
struct PageIter {
    rx: mpsc::Receiver<Result<RawPage, SourceError>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Iterator for PageIter {
    type Item = Result<RawPage, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.rx.blocking_recv();
        if item.is_none() {
            if let Some(thread) = self.thread.take() {
                if thread.join().is_err() {
                    return Some(Err(SourceError::Fetch {
                        url: "(all targets)".into(),
                        reason: "the fetch thread crashed; some targets were not fetched".into(),
                    }));
                }
            }
        }
        item
    }
}

impl Drop for PageIter {
    fn drop(&mut self) {
        // Closing the channel makes the run stop at its next step; the thread is not waited for.
        self.rx.close();
    }
}
