//! Progress for long runs: a spinner with running counts when stderr is a terminal (log lines are
//! printed above it, not through it), and, from the run's [`Activity`], how many of how many are
//! done and what the run waits on; plain log lines every few seconds when it is not a terminal.

use super::activity::{Activity, Snapshot};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use unboil::pipeline::{Hooks, PageInfo, Problem, Summary};
use unboil::sink::Written;
use unboil::source::{RawPage, SourceError};

/// The bar on screen, if any, so that log lines can be written around it.
fn active() -> &'static Mutex<Option<ProgressBar>> {
    static ACTIVE: OnceLock<Mutex<Option<ProgressBar>>> = OnceLock::new();
    ACTIVE.get_or_init(|| Mutex::new(None))
}

/// A stderr writer for tracing that hides the progress bar while a line is printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct StderrAroundBar;

impl Write for StderrAroundBar {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let bar = active().lock().ok().and_then(|b| b.clone());
        match bar {
            Some(bar) => bar.suspend(|| std::io::stderr().write_all(buf))?,
            None => std::io::stderr().write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for StderrAroundBar {
    type Writer = StderrAroundBar;
    fn make_writer(&'a self) -> Self::Writer {
        *self
    }
}

/// Wraps a run's hooks with progress reporting.
pub struct Progress<H> {
    inner: H,
    bar: Option<OnScreen>,
    activity: Option<Arc<Activity>>,
    what: String,
    last_line: Instant,
}

/// How often a plain progress line is logged when stderr is not a terminal.
const LINE_EVERY: Duration = Duration::from_secs(10);

/// The activity a run's sources should fill in, when a bar will be drawn to show it (not when
/// `quiet`, nor when stderr is not a terminal: then nothing is counted that nobody sees).
pub fn activity(quiet: bool) -> Option<Arc<Activity>> {
    draws_bar(quiet).then(Activity::new)
}

fn draws_bar(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

impl<H: Hooks> Progress<H> {
    /// Progress for a run named `what` (shown beside the counts), unless `quiet`; with what
    /// `activity` knows (from [`activity`]) on the bar.
    pub fn new(inner: H, what: &str, quiet: bool, activity: Option<Arc<Activity>>) -> Self {
        let bar = draws_bar(quiet).then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {prefix}: {msg} [{elapsed}]")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_prefix(what.to_string());
            bar.enable_steady_tick(Duration::from_millis(120));
            if let Ok(mut slot) = active().lock() {
                *slot = Some(bar.clone());
            }
            OnScreen(bar)
        });
        Progress {
            inner,
            bar,
            activity,
            what: what.to_string(),
            last_line: Instant::now(),
        }
    }

    /// The wrapped hooks.
    pub fn into_inner(self) -> H {
        self.inner
    }
}

/// A bar on screen; cleared when dropped.
struct OnScreen(ProgressBar);

impl Drop for OnScreen {
    fn drop(&mut self) {
        self.0.finish_and_clear();
        if let Ok(mut slot) = active().lock() {
            *slot = None;
        }
    }
}

impl<H: Hooks> Hooks for Progress<H> {
    fn is_unchanged(&mut self, page: &RawPage) -> bool {
        self.inner.is_unchanged(page)
    }
    fn cleaned(&mut self, page: &PageInfo, cleaned: &mut unboil::pipeline::Cleaned) {
        self.inner.cleaned(page, cleaned)
    }
    fn inspects(&self) -> bool {
        self.inner.inspects()
    }

    fn written(&mut self, page: &PageInfo, written: &Written) {
        self.inner.written(page, written)
    }
    fn failed(&mut self, page: &PageInfo, problem: &Problem, lasting: bool) {
        self.inner.failed(page, problem, lasting)
    }
    fn source_error(&mut self, error: &SourceError) {
        self.inner.source_error(error)
    }
    fn progress(&mut self, summary: &Summary) {
        self.inner.progress(summary);
        match &self.bar {
            Some(bar) => bar
                .0
                .set_message(Snapshot::of(summary, self.activity.as_deref()).to_string()),
            None if self.last_line.elapsed() >= LINE_EVERY => {
                self.last_line = Instant::now();
                tracing::info!(
                    run = %self.what,
                    written = summary.written,
                    unchanged = summary.unchanged,
                    failed = summary.failed.len(),
                    "progress"
                );
            }
            None => {}
        }
    }
}
