//! source → extract → clean → sink, streaming: a reader thread pulls pages from the sources
//! (reading and decompressing) into a bounded channel, a pool of workers extracts and cleans them,
//! and the calling thread writes the results (in input order with [`Pipeline::ordered`]). Reading,
//! work and writing overlap, and memory is bounded by the channels, never by the input or the
//! run. Each document is isolated: a panic on one is one failed document (see [`isolate`]).

pub mod isolate;
mod reader;
mod run;
mod summary;

pub use crate::source::Shard;
pub use summary::{Problem, ProblemKind, Problems, Summary, MAX_EXAMPLES};

use crate::clean::{Chain, ChainError};
use crate::config::Config;
use crate::document::site_host;
use crate::extract::{self, ExtractError, ExtractOptions};
use crate::rules::RuleSet;
use crate::sink::{ErrorsFile, Sink, Written};
use crate::source::{records_of, Pages, RawPage, Records, SourceError, Validators};
use crate::{Document, Trail};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A cleaned document and what cleaning removed from it.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The document.
    pub doc: Document,
    /// Its removals.
    pub trail: Trail,
}

/// Callbacks a run makes, so incremental state and progress bars stay outside the pipeline.
pub trait Hooks {
    /// Called before a page is processed; returning true passes it over as unchanged.
    fn is_unchanged(&mut self, _page: &RawPage) -> bool {
        false
    }
    /// Called with each cleaned document before it is written, in input order, so a job's
    /// learning can see every page and remove what it has learned.
    fn cleaned(&mut self, _page: &PageInfo, _cleaned: &mut Cleaned) {}
    /// Called once a document's output is durable.
    fn written(&mut self, _page: &PageInfo, _written: &Written) {}
    /// Called for a page that was read but not written (it failed, or had no article), so state
    /// can remember it. `lasting` is true when the same input under the same rules would end the
    /// same way (a panic, no article), false when trying again may help (a write failed).
    fn failed(&mut self, _page: &PageInfo, _problem: &Problem, _lasting: bool) {}
    /// Called for a page the source could not deliver, or delivered as unchanged (HTTP 304).
    fn source_error(&mut self, _error: &SourceError) {}
    /// Called now and then (at most every 100 ms, and at the end) with the running totals.
    fn progress(&mut self, _summary: &Summary) {}
    /// True when the hooks look at pages before they are cleaned ([`Hooks::is_unchanged`]) or
    /// at cleaned documents ([`Hooks::cleaned`]). False lets the workers do the rest of a
    /// document's work themselves: read a dump's record into its page, and render the output
    /// line of a sink that writes lines, so the reader thread only frames records and the
    /// writer only appends bytes. Hooks that override either of those keep the default.
    fn inspects(&self) -> bool {
        true
    }
}

/// Hooks that do nothing.
#[derive(Debug, Default)]
pub struct NoHooks;
impl Hooks for NoHooks {
    fn inspects(&self) -> bool {
        false
    }
}

/// What the pipeline keeps of a page once its bytes are dropped.
#[derive(Debug, Clone)]
pub struct PageInfo {
    /// The page's id.
    pub id: String,
    /// Where it came from, as shown to users; the key of incremental state.
    pub source: String,
    /// Its URL, if known.
    pub url: Option<String>,
    /// The validators the server sent with it, for the next run's conditional request.
    pub validators: Option<Validators>,
}

impl From<&RawPage> for PageInfo {
    fn from(p: &RawPage) -> Self {
        PageInfo {
            id: p.id.clone(),
            source: p.origin.to_string(),
            url: p.url.clone(),
            validators: p.validators.clone(),
        }
    }
}

/// Extraction settings and a cleaner chain: everything needed to turn a page into clean text.
#[derive(Debug)]
pub struct Pipeline {
    extract: ExtractOptions,
    chain: Chain,
    site: Option<String>,
    stop: Option<Arc<AtomicBool>>,
    html_rules: RuleSet,
    workers: usize,
    ordered: bool,
    shard: Option<Shard>,
    errors: Option<Arc<Mutex<ErrorsFile>>>,
}

impl Pipeline {
    /// A pipeline extracting with `extract` and cleaning with `chain`.
    pub fn new(extract: ExtractOptions, chain: Chain) -> Self {
        Pipeline {
            extract,
            chain,
            site: None,
            stop: None,
            html_rules: RuleSet::default(),
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            ordered: false,
            shard: None,
            errors: None,
        }
    }

    /// The pipeline a configuration describes: its extraction settings, its chain, and its site
    /// rules on both the HTML and the text stage.
    pub fn from_config(config: &Config) -> Result<Self, ChainError> {
        let chain = Chain::build(&config.chain, &config.rules)?;
        Ok(Pipeline::new(config.extract.clone(), chain).with_html_rules(config.rules.clone()))
    }

    /// Treats documents without a URL as coming from `site`, so its rules apply.
    pub fn with_site(mut self, site: Option<String>) -> Self {
        self.site = site;
        self
    }

    /// Stops the run between documents once `stop` is set (by a signal handler).
    pub fn with_stop(mut self, stop: Arc<AtomicBool>) -> Self {
        self.stop = Some(stop);
        self
    }

    /// Applies `rules`' HTML-stage rules (CSS selectors) to the pages of their sites before
    /// extraction.
    pub fn with_html_rules(mut self, rules: RuleSet) -> Self {
        self.html_rules = rules;
        self
    }

    /// Extracts and cleans on `n` worker threads (at least one) [default: one per core].
    pub fn with_workers(mut self, n: usize) -> Self {
        self.workers = n.max(1);
        self
    }

    /// Writes documents in the order they were read (a slow page holds back the ones after it,
    /// within the channel's bound); otherwise each is written as soon as it is clean.
    pub fn ordered(mut self, ordered: bool) -> Self {
        self.ordered = ordered;
        self
    }

    /// Cleans only the documents of `shard` (by a hash of their id); the others are passed over
    /// without a word, as another machine's share.
    pub fn with_shard(mut self, shard: Option<Shard>) -> Self {
        self.shard = shard;
        self
    }

    /// Writes every document that fails or is skipped to `errors`, one JSON line each. Shared, so
    /// that the runs of several jobs report into one file.
    pub fn with_errors(mut self, errors: Arc<Mutex<ErrorsFile>>) -> Self {
        self.errors = Some(errors);
        self
    }

    /// Extracts and cleans one page.
    pub fn clean_page(&self, page: &RawPage) -> Result<Cleaned, ExtractError> {
        let mut trail = Trail::new();
        let doc = self.clean_page_into(page, &mut trail)?;
        Ok(Cleaned { doc, trail })
    }

    /// [`Pipeline::clean_page`], the removals recorded into `trail` whatever the outcome: on a
    /// page where no article is found, the trail says what extraction and the cleaners left out
    /// and why (`unboil explain` shows it).
    pub fn clean_page_into(
        &self,
        page: &RawPage,
        trail: &mut Trail,
    ) -> Result<Document, ExtractError> {
        let _span = tracing::debug_span!("doc", source = %page.origin).entered();
        // A page saved without its URL is taken at its word: the URL it declares for itself
        // picks its site's rules (a `--site` given by the user still comes first).
        let declared = match (&page.url, &self.site) {
            (None, None) => extract::declared_url(&page.body),
            _ => None,
        };
        let host = site_host(
            page.url.as_deref().or(declared.as_deref()),
            self.site.as_deref(),
        );
        let selectors = self.html_rules.selectors_for(host.as_deref());
        let mut doc = extract::extract_with_rules(page, &self.extract, &selectors, trail)?;
        if doc.url.is_none() {
            doc.site = self.site.clone().or_else(|| host.clone());
        }
        self.chain.clean_into(&mut doc, trail);
        tracing::debug!(
            removals = trail.removals().len(),
            blocks = doc.blocks.len(),
            "cleaned"
        );
        if doc.is_empty() {
            return Err(ExtractError::NoArticle {
                origin: page.origin.to_string(),
                detail: "nothing was left after cleaning".into(),
            });
        }
        Ok(doc)
    }

    fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    }

    /// Runs every page of `pages` through the pipeline into `sink`, streaming (see the module
    /// docs), and says what happened.
    pub fn run(&self, pages: Pages, sink: &mut dyn Sink, hooks: &mut dyn Hooks) -> Summary {
        run::run(self, records_of(pages), sink, hooks)
    }

    /// [`Pipeline::run`] over records: a dump's records framed and not yet read
    /// ([`crate::source::dump_records`]) are read by the workers, side by side, unless the
    /// hooks look at pages before they are cleaned ([`Hooks::inspects`]).
    pub fn run_records(
        &self,
        records: Records,
        sink: &mut dyn Sink,
        hooks: &mut dyn Hooks,
    ) -> Summary {
        run::run(self, records, sink, hooks)
    }
}
