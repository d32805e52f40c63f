//! The engine: one polite, retried GET at a time per page, and the run that expands sitemaps and
//! feeds into pages and sends every result down the channel.

use super::client::{BoxFuture, Response, Transport, TransportError};
use super::observer::{FetchObserver, Waiting};
use super::politeness::{Host, Hosts};
use super::retry::{self, RetryPolicy, Retryable};
use super::robots::{self, HostRobots};
use super::urls::{host_key, page_id, parse_url};
use super::{feed, keep, sitemap, FetchConfig};
use crate::source::{Origin, RawPage, SourceError, Validators};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinSet;
use tracing::Instrument;
use url::Url;

/// robots.txt files are read up to this size, as Google does (500 KiB); the rest is ignored.
const MAX_ROBOTS_BYTES: u64 = 500 * 1024;

/// Sitemap indexes nest at most this deep (an index of indexes of sitemaps is depth 2).
const MAX_SITEMAP_DEPTH: u32 = 4;

/// A unit of work in a run.
#[derive(Debug, Clone)]
pub(crate) enum Job {
    /// Fetch an article page.
    Page(Url),
    /// Fetch a sitemap (or index) and queue what it lists; the number is its nesting depth.
    Sitemap(Url, u32),
    /// Fetch a feed and queue its entries' links.
    Feed(Url),
}

/// What is fetched, which decides the checks applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An article: must be HTML or text; conditional requests apply.
    Page,
    /// A sitemap or feed: any content type.
    Listing,
    /// A robots.txt: not itself subject to robots, cut at 500 KiB instead of failing.
    Robots,
}

/// A successful GET.
struct Fetched {
    final_url: Url,
    content_type: Option<String>,
    body: Vec<u8>,
    validators: Validators,
}

/// Where one request led.
enum Step {
    /// The page.
    Done(Fetched),
    /// A redirect to this URL.
    Redirect(Url),
}

/// Why a fetch failed, before it is put in words.
enum Failure {
    /// The last try's failure, and how many tries were made.
    Attempt { error: Attempt, tries: u32 },
    /// robots.txt forbids the URL: the site's wish, not a failure.
    Disallowed,
    /// robots.txt could not be read, or the host not reached for it.
    Robots(String),
    /// A redirect loop, or too many redirects.
    Redirect(String),
}

/// Why one try failed.
#[derive(Debug)]
enum Attempt {
    /// A redirect without a usable `Location`.
    BadRedirect(String),
    Transport(TransportError),
    Status {
        code: u16,
        retry_after: Option<Duration>,
    },
    NotModified,
    NotText(String),
    TooBig,
}

impl Retryable for Attempt {
    fn is_retryable(&self) -> bool {
        match self {
            Attempt::Transport(t) => matches!(
                t,
                TransportError::Timeout
                    | TransportError::ConnectTimeout
                    | TransportError::Connect(_)
                    | TransportError::Body(_)
            ),
            Attempt::Status { code, .. } => *code == 408 || *code == 429 || *code >= 500,
            _ => false,
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            Attempt::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// How a job ended, for the run's closing summary.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Page,
    Failed,
    Skipped,
    Unchanged,
    /// A sitemap or feed read (its entries are jobs of their own).
    Listing,
}

/// Counts of outcomes.
#[derive(Debug, Default)]
struct Tally {
    pages: usize,
    failed: usize,
    skipped: usize,
    unchanged: usize,
    listings: usize,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Page => self.pages += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Skipped => self.skipped += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Listing => self.listings += 1,
        }
    }
}

/// Shared state of one run.
pub(crate) struct Fetcher {
    config: FetchConfig,
    transport: Arc<dyn Transport>,
    hosts: Hosts,
    global: Semaphore,
    validators: HashMap<String, Validators>,
    policy: RetryPolicy,
    agent: String,
    observer: Option<Arc<dyn FetchObserver>>,
}

/// A wait announced to the observer, over when dropped (also when the task is aborted).
struct Announced<'a> {
    observer: &'a dyn FetchObserver,
    on: Waiting,
}

impl Drop for Announced<'_> {
    fn drop(&mut self) {
        self.observer.ready(&self.on);
    }
}

/// Where a job stands in the run's order: its target's index, then its index in the sitemap or
/// feed that listed it, and so on down. Pages are passed on in this order, so the output of two
/// runs over the same targets comes in the same order.
type Place = Vec<u32>;

/// What a finished job hands back: its place, the jobs it found, its page or failure, its kind.
type JobDone = (
    Place,
    Vec<Job>,
    Option<Result<RawPage, SourceError>>,
    Outcome,
);

/// Most results held back waiting for an earlier, slower page; beyond this they go out as they
/// finish (order gives way to memory: a host that stalls must not make the run hold every page).
const MAX_HELD_FOR_ORDER: usize = 256;

impl Fetcher {
    pub(crate) fn new(
        config: FetchConfig,
        transport: Arc<dyn Transport>,
        validators: HashMap<String, Validators>,
        observer: Option<Arc<dyn FetchObserver>>,
    ) -> Self {
        let policy = RetryPolicy {
            retries: config.retries,
            base: Duration::from_millis(config.backoff_base_ms),
            max_delay: Duration::from_millis(config.backoff_max_ms),
            max_retry_after: Duration::from_secs_f64(config.max_retry_after),
        };
        Fetcher {
            hosts: Hosts::new(
                config.per_host_concurrency,
                Duration::from_millis(config.per_host_delay_ms),
            ),
            global: Semaphore::new(config.global_concurrency),
            agent: robots::agent_token(&config.user_agent).to_string(),
            config,
            transport,
            validators,
            policy,
            observer,
        }
    }

    /// Tells the observer, if any, that a request waits on `on` until the result is dropped.
    fn announce(&self, on: impl FnOnce() -> Waiting) -> Option<Announced<'_>> {
        let observer = self.observer.as_deref()?;
        let on = on();
        observer.waiting(&on);
        Some(Announced { observer, on })
    }

    /// Runs every job (and those sitemaps and feeds add), sending each page or failure to `tx`
    /// in a stable order: the order of the targets, and within a sitemap or feed the order of
    /// its entries, however the fetches interleave (see [`Place`]). Returns when all are done,
    /// or early when the receiver is gone.
    pub(crate) async fn run(
        self: Arc<Self>,
        jobs: Vec<Job>,
        tx: mpsc::Sender<Result<RawPage, SourceError>>,
    ) {
        let mut seen = HashSet::new();
        let mut set = JoinSet::new();
        let mut queue: Vec<(Place, Job)> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| (vec![i as u32], job))
            .collect();
        // What one sitemap or feed lists, nested indexes and all, is counted against one budget:
        // that of the target it came from (the first number of its place).
        let mut listed: HashMap<u32, usize> = HashMap::new();
        let max_listed = self.config.max_listed_urls;
        // The target each running job fetches, for the note when a budget runs out.
        let mut names: HashMap<Place, String> = HashMap::new();
        let mut tally = Tally::default();
        let started = Instant::now();
        // Jobs not finished, and results waiting for every job before them to finish.
        let mut pending: BTreeSet<Place> = BTreeSet::new();
        let mut done: BTreeMap<Place, Result<RawPage, SourceError>> = BTreeMap::new();
        // For the observer: results this run will hand over (a page job's, a failed listing's,
        // a budget note), and the sitemaps and feeds not read yet, which may list more.
        let mut expected = 0usize;
        let mut listings: HashSet<Place> = HashSet::new();
        loop {
            for (place, job) in queue.drain(..) {
                let key = match &job {
                    Job::Page(u) => format!("page {u}"),
                    Job::Sitemap(u, _) => format!("sitemap {u}"),
                    Job::Feed(u) => format!("feed {u}"),
                };
                if seen.insert(key.clone()) {
                    match &job {
                        Job::Page(_) => expected += 1,
                        Job::Sitemap(..) | Job::Feed(_) => {
                            listings.insert(place.clone());
                        }
                    }
                    pending.insert(place.clone());
                    names.insert(place.clone(), key);
                    // Each task logs within the run's span.
                    let task = self.clone().job(place, job);
                    set.spawn(task.instrument(tracing::Span::current()));
                }
            }
            if let Some(observer) = &self.observer {
                observer.expected(expected, !listings.is_empty());
            }
            loop {
                let held = done.len();
                let Some(entry) = done.first_entry() else {
                    break;
                };
                let ready = pending.first().is_none_or(|first| entry.key() < first);
                if !ready && held < MAX_HELD_FOR_ORDER {
                    break;
                }
                // A closed channel means the consumer stopped reading; noticed below.
                let _ = tx.send(entry.remove()).await;
            }
            match set.join_next().await {
                Some(Ok((place, more, result, outcome))) => {
                    tally.add(outcome);
                    pending.remove(&place);
                    let key = names.remove(&place).unwrap_or_default();
                    if listings.remove(&place) {
                        // A listing that failed hands over its failure.
                        expected += usize::from(result.is_some());
                    }
                    if let Some(result) = result {
                        done.insert(place.clone(), result);
                    }
                    let root = place.first().copied().unwrap_or(0);
                    let used = listed.entry(root).or_default();
                    let room = max_listed.saturating_sub(*used);
                    if more.len() > room {
                        let over = SourceError::Skipped {
                            origin: key.trim_start_matches(|c: char| c != ' ').trim().to_string(),
                            reason: format!(
                                "{} listed URLs not fetched: this sitemap or feed, with what it nests, lists more than fetch.max_listed_urls = {max_listed}",
                                more.len() - room
                            ),
                        };
                        tracing::warn!("{over}");
                        expected += 1;
                        let _ = tx.send(Err(over)).await;
                    }
                    *used += more.len().min(room);
                    queue = more
                        .into_iter()
                        .take(room)
                        .enumerate()
                        .map(|(i, job)| {
                            let mut child = place.clone();
                            child.push(i as u32);
                            (child, job)
                        })
                        .collect();
                }
                Some(Err(e)) => tracing::error!(error = %e, "a fetch task failed unexpectedly"),
                None => break,
            }
            if tx.is_closed() {
                set.abort_all();
                tracing::debug!("the consumer stopped reading; fetch stopped");
                break;
            }
        }
        for (_, result) in std::mem::take(&mut done) {
            if tx.send(result).await.is_err() {
                break;
            }
        }
        tracing::info!(
            pages = tally.pages,
            failed = tally.failed,
            skipped = tally.skipped,
            unchanged = tally.unchanged,
            listings = tally.listings,
            secs = started.elapsed().as_secs_f64(),
            "fetch finished"
        );
    }

    /// Does one job at `place`; returns the jobs it found (a sitemap's or feed's entries) and
    /// the page or failure to pass on, if any.
    async fn job(self: Arc<Self>, place: Place, job: Job) -> JobDone {
        let (result, more) = match job {
            Job::Page(url) => (Some(self.page(&url).await), Vec::new()),
            Job::Sitemap(url, depth) => match self.sitemap(&url, depth).await {
                Ok(more) => (None, more),
                Err(e) => (Some(Err(e)), Vec::new()),
            },
            Job::Feed(url) => match self.feed(&url).await {
                Ok(more) => (None, more),
                Err(e) => (Some(Err(e)), Vec::new()),
            },
        };
        if let Some(result) = result {
            match &result {
                Ok(_) => {}
                Err(SourceError::Unchanged { url }) => {
                    tracing::debug!(url = %url, "unchanged, skipped")
                }
                Err(SourceError::Skipped { origin, reason }) => {
                    tracing::info!(url = %origin, reason = %reason, "skipped")
                }
                Err(SourceError::Fetch { url, reason }) => {
                    tracing::warn!(url = %url, reason = %reason, "fetch failed")
                }
                Err(e) => tracing::warn!("{e}"),
            }
            let outcome = match &result {
                Ok(_) => Outcome::Page,
                Err(SourceError::Unchanged { .. }) => Outcome::Unchanged,
                Err(e) if e.is_skip() => Outcome::Skipped,
                Err(_) => Outcome::Failed,
            };
            (place, more, Some(result), outcome)
        } else {
            (place, more, None, Outcome::Listing)
        }
    }

    /// Fetches an article page (and keeps a raw copy when asked).
    async fn page(&self, url: &Url) -> Result<RawPage, SourceError> {
        let fetched = self.fetch(url, Kind::Page).await?;
        let final_url = fetched.final_url.to_string();
        let mut page = RawPage::new(
            page_id(&fetched.final_url),
            Origin::Http(final_url.clone()),
            fetched.body,
        );
        page.url = Some(final_url);
        page.content_type = fetched.content_type;
        page.fetched_at = Some(SystemTime::now());
        page.validators = (!fetched.validators.is_empty()).then_some(fetched.validators);
        if let Some(dir) = &self.config.keep_raw {
            // File writes block; let the runtime move its other tasks off this worker meanwhile
            // (the runtime is always multi-threaded, see `HttpSource::pages`).
            match tokio::task::block_in_place(|| keep::keep(dir, &page)) {
                Ok(path) => tracing::debug!(url = %url, path = %path.display(), "raw page kept"),
                Err(e) => tracing::warn!(
                    url = %url,
                    dir = %dir.display(),
                    error = %e,
                    "could not keep the raw page (the page is still cleaned); check that the folder is writable"
                ),
            }
        }
        Ok(page)
    }

    /// Fetches a sitemap or index and returns the jobs it lists.
    async fn sitemap(&self, url: &Url, depth: u32) -> Result<Vec<Job>, SourceError> {
        let fail = |reason: String| SourceError::Fetch {
            url: url.to_string(),
            reason,
        };
        if depth > MAX_SITEMAP_DEPTH {
            return Err(fail(format!(
                "sitemap indexes nested more than {MAX_SITEMAP_DEPTH} deep, not followed"
            )));
        }
        let fetched = self.fetch(url, Kind::Listing).await?;
        let xml =
            sitemap::gunzip_if_needed(fetched.body, self.config.max_body_bytes).map_err(fail)?;
        let listing = sitemap::parse(&xml).map_err(fail)?;
        let (locs, child) = match listing {
            sitemap::Listing::Index(locs) => (locs, true),
            sitemap::Listing::Pages(locs) => (locs, false),
        };
        tracing::debug!(url = %url, entries = locs.len(), index = child, "sitemap read");
        Ok(self.resolve(&fetched.final_url, locs, |u| {
            if child {
                Job::Sitemap(u, depth + 1)
            } else {
                Job::Page(u)
            }
        }))
    }

    /// Fetches a feed and returns its articles as jobs.
    async fn feed(&self, url: &Url) -> Result<Vec<Job>, SourceError> {
        let fetched = self.fetch(url, Kind::Listing).await?;
        let links = feed::article_links(&fetched.body).map_err(|reason| SourceError::Fetch {
            url: url.to_string(),
            reason,
        })?;
        tracing::debug!(url = %url, entries = links.len(), "feed read");
        Ok(self.resolve(&fetched.final_url, links, Job::Page))
    }

    /// Turns listed locations (relative ones against `base`) into jobs, dropping, with a warning,
    /// those that are not http(s) URLs.
    fn resolve(&self, base: &Url, locs: Vec<String>, job: impl Fn(Url) -> Job) -> Vec<Job> {
        locs.into_iter()
            .filter_map(|loc| {
                let joined = base.join(loc.trim()).map_err(|e| e.to_string());
                match joined.and_then(|u| parse_url(u.as_str())) {
                    Ok(u) => Some(job(u)),
                    Err(e) => {
                        tracing::warn!(listed_in = %base, entry = %loc, "skipping a listed entry: {e}");
                        None
                    }
                }
            })
            .collect()
    }

    /// A polite, retried GET, failures described for the user (the error names `url`, the URL
    /// asked for, even when a redirect target failed).
    async fn fetch(&self, url: &Url, kind: Kind) -> Result<Fetched, SourceError> {
        let (hop, failure) = match self.fetch_raw(url, kind).await {
            Ok(fetched) => return Ok(fetched),
            Err(e) => e,
        };
        let reason = match failure {
            Failure::Attempt {
                error: Attempt::NotModified,
                ..
            } => {
                return Err(SourceError::Unchanged {
                    url: url.to_string(),
                })
            }
            Failure::Attempt {
                error: Attempt::NotText(ct),
                ..
            } => {
                return Err(SourceError::Skipped {
                    origin: url.to_string(),
                    reason: format!("content type {ct} is not HTML or text, skipped"),
                })
            }
            Failure::Disallowed => {
                let reason = if hop == *url {
                    "robots.txt disallows it, skipped".to_string()
                } else {
                    format!("redirected to {hop}, which robots.txt disallows, skipped")
                };
                return Err(SourceError::Skipped {
                    origin: url.to_string(),
                    reason,
                });
            }
            Failure::Attempt { error, tries } => self.describe(error, tries, &hop),
            Failure::Robots(reason) | Failure::Redirect(reason) => reason,
        };
        let reason = if hop == *url {
            reason
        } else {
            format!("redirected to {hop}: {reason}")
        };
        Err(SourceError::Fetch {
            url: url.to_string(),
            reason,
        })
    }

    /// Follows `url` hop by hop through redirects, each hop checked against its host's robots.txt
    /// and spaced and limited as its host requires (so a redirect to another site is as polite as
    /// a request to it). On failure, returns the hop that failed and why.
    async fn fetch_raw(&self, url: &Url, kind: Kind) -> Result<Fetched, (Url, Failure)> {
        let mut requested: Vec<Url> = Vec::new();
        let mut current = url.clone();
        loop {
            let first = requested.is_empty();
            let next = match self.hop(&current, kind, first).await {
                Ok(Step::Done(fetched)) => return Ok(fetched),
                Ok(Step::Redirect(next)) => next,
                Err(failure) => return Err((current, failure)),
            };
            tracing::debug!(from = %current, to = %next, "redirect");
            requested.push(current);
            if requested.contains(&next) {
                let reason = format!("redirect loop (back to {next})");
                return Err((url.clone(), Failure::Redirect(reason)));
            }
            if requested.len() > self.config.max_redirects {
                let reason = format!(
                    "more than {} redirects; raise max_redirects if the site really needs more",
                    self.config.max_redirects
                );
                return Err((url.clone(), Failure::Redirect(reason)));
            }
            current = next;
        }
    }

    /// One request (with its retries) to one URL, without following redirects: robots.txt, the
    /// host's concurrency limit, then tries until success or a final failure.
    async fn hop(&self, url: &Url, kind: Kind, first: bool) -> Result<Step, Failure> {
        let host = self.hosts.get(&host_key(url));
        if self.config.obey_robots && kind != Kind::Robots {
            let reading = (!host.robots.initialized()).then(|| {
                self.announce(|| Waiting::Robots {
                    host: host_key(url),
                })
            });
            let robots = host
                .robots
                .get_or_init(|| self.load_robots(url, &host))
                .await;
            drop(reading);
            match robots {
                HostRobots::AllowAll => {}
                HostRobots::Rules(rules) => {
                    if !rules.allowed(url.as_str()) {
                        return Err(Failure::Disallowed);
                    }
                }
                HostRobots::NoConnection(why) => return Err(Failure::Robots(why.clone())),
                HostRobots::Unreachable(why) => {
                    return Err(Failure::Robots(format!(
                        "robots.txt of this host could not be read ({why}), so the host is treated as disallowing everything, as Google does; try again later, or set obey_robots = false for sites you may crawl"
                    )))
                }
            }
        }
        // Held across retries, released before the next hop: a task never holds two hosts' slots,
        // so two redirect chains cannot wait on each other.
        let _slot = host.slots.acquire().await.ok();
        let mut headers = Vec::new();
        if kind == Kind::Page && first {
            if let Some(v) = self.validators.get(url.as_str()) {
                if let Some(etag) = &v.etag {
                    headers.push(("if-none-match", etag.clone()));
                }
                if let Some(lm) = &v.last_modified {
                    headers.push(("if-modified-since", lm.clone()));
                }
            }
        }
        let (result, tries) =
            retry::run(&self.policy, || self.attempt(url, kind, &headers, &host)).await;
        result.map_err(|error| Failure::Attempt { error, tries })
    }

    /// A failed try as the user reads it.
    fn describe(&self, error: Attempt, tries: u32, url: &Url) -> String {
        let retried = if !error.is_retryable() {
            "not retried".to_string()
        } else if tries == 1 {
            "1 try".to_string()
        } else {
            format!("{tries} tries")
        };
        match error {
            Attempt::NotModified => "not modified (HTTP 304)".into(),
            Attempt::NotText(ct) => format!("content type {ct} is not HTML or text"),
            Attempt::BadRedirect(why) => why,
            Attempt::TooBig => format!(
                "body over the {}-byte limit, cut off; raise max_body_bytes to fetch it",
                self.config.max_body_bytes
            ),
            Attempt::Status { code, .. } => format!("HTTP {} ({retried})", status_text(code)),
            Attempt::Transport(t) => match t {
                TransportError::Timeout => {
                    format!("timed out after {}s ({retried})", self.config.timeout)
                }
                TransportError::ConnectTimeout => format!(
                    "cannot connect to {}: no answer within {}s ({retried}); check the address and the network",
                    host_port(url),
                    self.config.connect_timeout
                ),
                TransportError::Connect(e) => format!(
                    "cannot connect to {}: {} ({retried})",
                    host_port(url),
                    connect_cause(&e)
                ),
                TransportError::Body(e) => format!("the body could not be read: {e} ({retried})"),
                TransportError::Other(e) => format!("request failed: {e} ({retried})"),
            },
        }
    }

    /// One try: waits for the host's turn and a global slot, sends the request and reads the body
    /// within the size limit.
    async fn attempt(
        &self,
        url: &Url,
        kind: Kind,
        headers: &[(&'static str, String)],
        host: &Host,
    ) -> Result<Step, Attempt> {
        // The global slot first, then the host's turn: the other way round, a turn booked while
        // waiting for a global slot could pass, and two requests would reach the host together.
        let _global = self.global.acquire().await.ok();
        let turn = host.book_turn();
        if turn.start > tokio::time::Instant::now() {
            let _spaced = self.announce(|| Waiting::CrawlDelay {
                host: host_key(url),
                delay: turn.delay,
            });
            tokio::time::sleep_until(turn.start).await;
        }
        let started = Instant::now();
        let log = |status: Option<u16>, bytes: usize, outcome: &str| {
            tracing::debug!(
                url = %url,
                status,
                bytes,
                ms = started.elapsed().as_millis() as u64,
                "GET {outcome}"
            );
        };
        let mut resp = match self.transport.get(url, headers).await {
            Ok(r) => r,
            Err(e) => {
                log(None, 0, "failed");
                return Err(Attempt::Transport(e));
            }
        };
        let status = resp.status();
        if status == 304 {
            log(Some(status), 0, "not modified");
            return Err(Attempt::NotModified);
        }
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            log(Some(status), 0, "redirect");
            let location = resp.header("location").unwrap_or("");
            let next = url
                .join(location.trim())
                .map_err(|e| e.to_string())
                .and_then(|u| parse_url(u.as_str()));
            return match next {
                Ok(next) => Ok(Step::Redirect(next)),
                Err(e) => Err(Attempt::BadRedirect(format!(
                    "HTTP {} with an unusable Location {location:?}: {e}",
                    status_text(status)
                ))),
            };
        }
        if !(200..300).contains(&status) {
            log(Some(status), 0, "error status");
            return Err(Attempt::Status {
                code: status,
                retry_after: resp
                    .header("retry-after")
                    .and_then(retry::parse_retry_after),
            });
        }
        let content_type = resp.header("content-type").map(str::to_string);
        if kind == Kind::Page {
            if let Some(ct) = content_type.as_deref().filter(|ct| !is_text(ct)) {
                log(Some(status), 0, "skipped");
                return Err(Attempt::NotText(mime_of(ct)));
            }
        }
        let limit = if kind == Kind::Robots {
            MAX_ROBOTS_BYTES.min(self.config.max_body_bytes)
        } else {
            self.config.max_body_bytes
        };
        let body = read_limited(resp.as_mut(), limit, kind == Kind::Robots).await;
        let body = match body {
            Ok(b) => b,
            Err(e) => {
                log(Some(status), 0, "body failed");
                return Err(e);
            }
        };
        log(Some(status), body.len(), "ok");
        let validators = Validators {
            etag: resp.header("etag").map(str::to_string),
            last_modified: resp.header("last-modified").map(str::to_string),
        };
        Ok(Step::Done(Fetched {
            final_url: resp.url().clone(),
            content_type,
            body,
            validators,
        }))
    }

    /// Reads the host's robots.txt, which decides what may be fetched there and may raise the
    /// host's spacing to its crawl delay (capped at `max_crawl_delay`).
    fn load_robots<'a>(&'a self, url: &Url, host: &'a Host) -> BoxFuture<'a, HostRobots> {
        // Boxed: reading robots.txt goes through `fetch_raw`, which (for other kinds) may come back
        // here, so the future type would otherwise contain itself.
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        Box::pin(async move { self.load_robots_from(robots_url, host).await })
    }

    async fn load_robots_from(&self, robots_url: Url, host: &Host) -> HostRobots {
        let robots = match self.fetch_raw(&robots_url, Kind::Robots).await {
            Ok(f) => robots::parse(&self.agent, &f.body, robots_url.as_str()),
            Err((_, Failure::Attempt { error, tries })) => match error {
                // Google: 4xx (not found, forbidden, …) means no rules; 429 counts as a server
                // error.
                Attempt::Status { code, .. } if (400..500).contains(&code) && code != 429 => {
                    HostRobots::AllowAll
                }
                Attempt::Status { code, .. } => {
                    HostRobots::Unreachable(format!("HTTP {}", status_text(code)))
                }
                Attempt::Transport(
                    t @ (TransportError::Connect(_) | TransportError::ConnectTimeout),
                ) => HostRobots::NoConnection(self.describe(
                    Attempt::Transport(t),
                    tries,
                    &robots_url,
                )),
                other => HostRobots::Unreachable(self.describe(other, tries, &robots_url)),
            },
            // Google treats a robots.txt behind a redirect loop or too many redirects as missing.
            Err((_, Failure::Redirect(_))) => HostRobots::AllowAll,
            // robots.txt itself is fetched without asking robots.txt; it cannot be disallowed.
            Err((_, Failure::Disallowed)) => HostRobots::AllowAll,
            Err((_, Failure::Robots(why))) => HostRobots::Unreachable(why),
        };
        if let Some(delay) = robots.crawl_delay() {
            let cap = Duration::from_secs_f64(self.config.max_crawl_delay);
            if delay > cap {
                tracing::warn!(url = %robots_url, asked = ?delay, used = ?cap, "robots.txt asks for a crawl delay over max_crawl_delay; using the cap");
            }
            host.raise_delay(delay.min(cap));
        }
        if let HostRobots::Unreachable(why) = &robots {
            tracing::warn!(url = %robots_url, "robots.txt could not be read ({why}); nothing will be fetched from this host");
        }
        robots
    }
}

/// Reads a body chunk by chunk, stopping as soon as it passes `limit` (never reading the rest).
/// With `truncate`, the first `limit` bytes are kept instead of failing.
async fn read_limited(
    resp: &mut dyn Response,
    limit: u64,
    truncate: bool,
) -> Result<Vec<u8>, Attempt> {
    if !truncate && resp.content_length().is_some_and(|n| n > limit) {
        return Err(Attempt::TooBig);
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.next_chunk().await.map_err(Attempt::Transport)? {
        let room = (limit as usize).saturating_sub(body.len());
        if chunk.len() > room {
            if truncate {
                body.extend_from_slice(&chunk[..room]);
                break;
            }
            return Err(Attempt::TooBig);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// True for content types worth extracting: HTML, XHTML and text (not style sheets or scripts).
fn is_text(content_type: &str) -> bool {
    let mime = mime_of(content_type);
    if mime.is_empty() || mime == "application/xhtml+xml" {
        return true;
    }
    mime.starts_with("text/")
        && !matches!(
            mime.as_str(),
            "text/css" | "text/javascript" | "text/csv" | "text/calendar" | "text/vcard"
        )
}

/// The media type of a content type, lowercase, without parameters.
fn mime_of(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// `404 Not Found`, for messages.
fn status_text(code: u16) -> String {
    match reqwest::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{code} {reason}"),
        None => code.to_string(),
    }
}

/// `host:port` of `url`, as a user would type it to check the address.
fn host_port(url: &Url) -> String {
    let host = url.host_str().unwrap_or("?");
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// The cause of a failed connection in a few words (reqwest's chain repeats itself: "error
/// sending request: client error (Connect): tcp connect error: Connection refused (os error
/// 111)").
fn connect_cause(chain: &str) -> String {
    let lower = chain.to_ascii_lowercase();
    for (needle, words) in [
        ("connection refused", "connection refused"),
        ("dns error", "no such host (DNS lookup failed)"),
        (
            "failed to lookup address",
            "no such host (DNS lookup failed)",
        ),
        ("network is unreachable", "network unreachable"),
        ("no route to host", "no route to host"),
        ("connection reset", "connection reset"),
    ] {
        if lower.contains(needle) {
            return words.to_string();
        }
    }
    if lower.contains("certificate") || lower.contains("tls") {
        let last = chain.rsplit(": ").next().unwrap_or(chain);
        return format!("TLS: {last}");
    }
    chain.rsplit(": ").next().unwrap_or(chain).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_text_pass_other_types_do_not() {
        assert!(is_text("text/html; charset=utf-8"));
        assert!(is_text("Text/Plain"));
        assert!(is_text("application/xhtml+xml"));
        assert!(!is_text("application/pdf"));
        assert!(!is_text("image/jpeg"));
        assert!(!is_text("text/css"));
        assert_eq!(status_text(404), "404 Not Found");
    }
}
