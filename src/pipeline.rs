//! source → extract → clean → sink. Pages are read in order, extracted and cleaned in parallel on
//! all cores (rayon), and written in input order, so outputs are deterministic.

use crate::clean::{Chain, ChainError};
use crate::config::Config;
use crate::document::site_host;
use crate::extract::{self, ExtractError, ExtractOptions};
use crate::rules::RuleSet;
use crate::sink::{Sink, SinkError, Written};
use crate::source::{Pages, RawPage, SourceError, Validators};
use crate::{Document, Trail};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A cleaned document and what cleaning removed from it.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The document.
    pub doc: Document,
    /// Its removals.
    pub trail: Trail,
}

/// What happened in a run, for the summary at the end.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Documents written.
    pub written: usize,
    /// Documents passed over because neither they nor the rules changed since the last run.
    pub unchanged: usize,
    /// Inputs passed over on purpose (empty, binary, not HTML), with the reason.
    pub skipped: Vec<String>,
    /// Inputs that failed, each with where and why.
    pub failed: Vec<String>,
    /// Removals by cleaner or rule.
    pub removals: BTreeMap<String, usize>,
    /// Bytes of input read.
    pub bytes: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// True when the run stopped early on request (a signal) or because the output closed.
    pub stopped_early: bool,
    /// True when the reader of the output went away (`| head`): the run ended quietly.
    pub output_closed: bool,
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
    /// Called for a page that failed, so state can remember it.
    fn failed(&mut self, _page: &PageInfo) {}
    /// Called for a page the source could not deliver, or delivered as unchanged (HTTP 304).
    fn source_error(&mut self, _error: &SourceError) {}
    /// Called after each batch with the running totals.
    fn progress(&mut self, _summary: &Summary) {}
}

/// Hooks that do nothing.
#[derive(Debug, Default)]
pub struct NoHooks;
impl Hooks for NoHooks {}

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

    /// Extracts and cleans one page.
    pub fn clean_page(&self, page: &RawPage) -> Result<Cleaned, ExtractError> {
        let _span = tracing::debug_span!("doc", source = %page.origin).entered();
        let host = site_host(page.url.as_deref(), self.site.as_deref());
        let selectors = self.html_rules.selectors_for(host.as_deref());
        let mut trail = Trail::new();
        let mut doc = extract::extract_with_rules(page, &self.extract, &selectors, &mut trail)?;
        if doc.url.is_none() {
            doc.site = self.site.clone();
        }
        self.chain.clean_into(&mut doc, &mut trail);
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
        Ok(Cleaned { doc, trail })
    }

    fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    }

    /// Runs every page of `pages` through the pipeline into `sink`.
    pub fn run(&self, pages: Pages, sink: &mut dyn Sink, hooks: &mut dyn Hooks) -> Summary {
        let started = Instant::now();
        let mut summary = Summary::default();
        let batch_size = rayon::current_num_threads().max(1) * 8;
        let mut pages = pages.peekable();
        'run: while pages.peek().is_some() {
            if self.stopped() {
                summary.stopped_early = true;
                break;
            }
            let mut batch: Vec<RawPage> = Vec::with_capacity(batch_size);
            for item in pages.by_ref() {
                match item {
                    Ok(page) => {
                        summary.bytes += page.body.len() as u64;
                        if hooks.is_unchanged(&page) {
                            summary.unchanged += 1;
                        } else {
                            batch.push(page);
                        }
                    }
                    Err(e @ SourceError::Unchanged { .. }) => {
                        summary.unchanged += 1;
                        hooks.source_error(&e);
                    }
                    Err(e) if e.is_skip() => {
                        tracing::info!("{e}");
                        summary.skipped.push(e.to_string());
                    }
                    Err(e) => {
                        // The fetcher logs its own failures as they happen, with the URL.
                        if !matches!(e, SourceError::Fetch { .. }) {
                            tracing::warn!("{e}");
                        }
                        hooks.source_error(&e);
                        summary.failed.push(e.to_string());
                    }
                }
                if batch.len() >= batch_size {
                    break;
                }
            }
            let results: Vec<(PageInfo, Result<Cleaned, ExtractError>)> = batch
                .into_par_iter()
                .map(|page| (PageInfo::from(&page), self.clean_page(&page)))
                .collect();
            for (info, mut result) in results {
                if let Ok(cleaned) = &mut result {
                    hooks.cleaned(&info, cleaned);
                }
                match result {
                    Ok(cleaned) => match sink.write(&cleaned.doc, &cleaned.trail) {
                        Ok(written) => {
                            summary.written += 1;
                            for (by, n) in cleaned.trail.counts() {
                                *summary.removals.entry(by.to_string()).or_insert(0) += n;
                            }
                            hooks.written(&info, &written);
                        }
                        Err(SinkError::Closed) => {
                            summary.stopped_early = true;
                            summary.output_closed = true;
                            break 'run;
                        }
                        Err(e) => {
                            tracing::warn!("{e}");
                            summary.failed.push(e.to_string());
                            hooks.failed(&info);
                        }
                    },
                    // A page without an article (an index page, a login wall) is passed over
                    // with a note, as configured by `on_no_article`; it is not a failure.
                    Err(e @ ExtractError::NoArticle { .. }) => {
                        tracing::info!("{e}");
                        summary.skipped.push(e.to_string());
                        hooks.failed(&info);
                    }
                }
            }
            hooks.progress(&summary);
        }
        if let Err(e) = sink.finish() {
            if !matches!(e, SinkError::Closed) {
                summary.failed.push(e.to_string());
            }
        }
        summary.elapsed = started.elapsed();
        summary
    }
}
