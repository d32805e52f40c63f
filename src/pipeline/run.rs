//! The streaming run: one reader thread, a pool of workers, and the calling thread as the writer.
//!
//! ```text
//!  reader thread ──(bounded)──▶ writer thread ──(bounded)──▶ workers ──▶ writer thread ──▶ sink
//!  sources: read,              hooks: unchanged?             extract,     in input order
//!  decompress, parse           shard, errors stream          clean        when ordered
//! ```
//!
//! The writer thread owns the sink and the hooks (state store, progress), which need no locking
//! that way. It never holds more than [`IN_FLIGHT_PER_WORKER`] batches' worth of pages per worker
//! between dispatch and write (results waiting for their turn in ordered mode included): that,
//! plus the reader's channel, is the run's memory bound.
//!
//! Pages travel in batches (see [`super::reader`]), to the workers as the reader sent them and
//! back as the workers finished them.

use super::isolate::{self, Panic};
use super::reader::{Read, Reader, BATCH_BYTES, BATCH_PAGES};
use super::{Cleaned, Hooks, PageInfo, Pipeline, Problem, ProblemKind, Summary, MAX_EXAMPLES};
use crate::extract::ExtractError;
use crate::sink::{Sink, SinkError};
use crate::source::{Pages, RawPage, SourceError};
use crossbeam_channel::{never, select, unbounded, Receiver};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Batches read ahead per worker, waiting in the reader's channel.
const READ_AHEAD_PER_WORKER: usize = 2;
/// Batches' worth of pages dispatched but not yet written, per worker: enough that no worker
/// waits for the writer.
const IN_FLIGHT_PER_WORKER: usize = 4;

/// How often the writer looks at the stop flag and reports progress while it waits.
const TICK: Duration = Duration::from_millis(100);

/// What a worker made of a page.
enum Outcome {
    Cleaned(Box<Cleaned>),
    NoArticle(ExtractError),
    Panicked(Panic),
}

/// A page's result, numbered in dispatch order.
struct Done {
    seq: u64,
    /// The size of the page's body, which left the in-flight window with it.
    bytes: usize,
    info: PageInfo,
    outcome: Outcome,
}

/// What is dispatched but not yet written, in pages and in bytes of their bodies.
#[derive(Default)]
struct InFlight {
    pages: usize,
    bytes: usize,
}

pub(super) fn run(
    pipeline: &Pipeline,
    pages: Pages,
    sink: &mut dyn Sink,
    hooks: &mut dyn Hooks,
) -> Summary {
    let started = Instant::now();
    let workers = pipeline.workers;
    let reader = Reader::spawn(pages, workers * READ_AHEAD_PER_WORKER);
    let max_pages = workers * IN_FLIGHT_PER_WORKER * BATCH_PAGES;
    let max_bytes = workers * IN_FLIGHT_PER_WORKER * BATCH_BYTES;
    let mut writer = Writer {
        pipeline,
        sink,
        hooks,
        summary: Summary::default(),
        next_write: 0,
        waiting: BTreeMap::new(),
        closed: false,
        last_progress: Instant::now(),
    };
    std::thread::scope(|scope| {
        // Unbounded, yet never holding more than the in-flight window, which the writer keeps.
        let (work_tx, work_rx) = unbounded::<Vec<(u64, RawPage)>>();
        let (done_tx, done_rx) = unbounded::<Vec<Done>>();
        for n in 0..workers {
            let (work_rx, done_tx) = (work_rx.clone(), done_tx.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("unboil-worker-{n}"))
                .spawn_scoped(scope, move || work(pipeline, work_rx, done_tx));
            if let Err(e) = spawned {
                tracing::warn!("cannot start worker {n}: {e}; going on with fewer");
            }
        }
        drop((work_rx, done_tx));
        let idle = never::<Vec<Read>>();
        let mut reading_on = true;
        let mut in_flight = InFlight::default();
        let mut dispatch = Dispatch {
            work_tx: &work_tx,
            next_seq: 0,
        };
        loop {
            if reading_on && (pipeline.stopped() || writer.closed) {
                writer.summary.stopped_early = true;
                reading_on = false; // the reader's next send fails, and it ends
            }
            if !reading_on && in_flight.pages == 0 {
                break;
            }
            let open = reading_on && in_flight.pages < max_pages && in_flight.bytes < max_bytes;
            if open {
                // The reader waits inside a source with pages in hand: take them now.
                let held = reader.take_held();
                if !held.is_empty() {
                    reading_on &= dispatch.batch(held, &mut writer, &mut in_flight);
                }
            }
            let reading = if open { reader.batches() } else { &idle };
            select! {
                recv(reading) -> msg => match msg {
                    Ok(batch) => reading_on &= dispatch.batch(batch, &mut writer, &mut in_flight),
                    Err(_) => reading_on = false,
                },
                recv(done_rx) -> done => match done {
                    Ok(batch) => {
                        for done in batch {
                            let (pages, bytes) = writer.finished(done);
                            in_flight.pages -= pages;
                            in_flight.bytes -= bytes;
                        }
                    }
                    Err(_) => {
                        // Every worker is gone (none could start): what is in flight is lost.
                        for _ in 0..in_flight.pages {
                            writer.summary.failed.push("a document: no worker thread could run".into());
                        }
                        in_flight = InFlight::default();
                        reading_on = false;
                    }
                },
                default(TICK) => {},
            }
            writer.tick();
        }
        drop(work_tx);
    });
    // The reader's receiver goes with it: a reader still sending after an early stop ends.
    reader.finish();
    if let Err(e) = writer.sink.finish() {
        if !matches!(e, SinkError::Closed) {
            writer.summary.failed.push(e.to_string());
        }
    }
    writer.finish_errors();
    writer.summary.elapsed = started.elapsed();
    writer.hooks.progress(&writer.summary);
    writer.summary
}

/// A worker: extract and clean batches of pages until the channel closes, each page under
/// `catch_unwind`.
fn work(
    pipeline: &Pipeline,
    work_rx: Receiver<Vec<(u64, RawPage)>>,
    done_tx: crossbeam_channel::Sender<Vec<Done>>,
) {
    for batch in work_rx {
        let mut done = Vec::with_capacity(batch.len());
        for (seq, page) in batch {
            let info = PageInfo::from(&page);
            let bytes = page.body.len();
            let outcome = match isolate::isolated(|| pipeline.clean_page(&page)) {
                Ok(Ok(cleaned)) => Outcome::Cleaned(Box::new(cleaned)),
                Ok(Err(e)) => Outcome::NoArticle(e),
                Err(panic) => Outcome::Panicked(panic),
            };
            drop(page);
            done.push(Done {
                seq,
                bytes,
                info,
                outcome,
            });
        }
        if done_tx.send(done).is_err() {
            return;
        }
    }
}

/// Numbers the pages of the reader's batches and hands them to the workers.
struct Dispatch<'a> {
    work_tx: &'a crossbeam_channel::Sender<Vec<(u64, RawPage)>>,
    next_seq: u64,
}

impl Dispatch<'_> {
    /// Passes `batch` through the writer's checks and sends what is to be cleaned to the
    /// workers; false when reading is to stop (a source panicked).
    fn batch(
        &mut self,
        batch: Vec<Read>,
        writer: &mut Writer<'_>,
        in_flight: &mut InFlight,
    ) -> bool {
        let mut go_on = true;
        let mut work = Vec::with_capacity(batch.len());
        for read in batch {
            match read {
                Read::Item(item) => {
                    if let Some(page) = writer.accept(item) {
                        in_flight.pages += 1;
                        in_flight.bytes += page.body.len();
                        work.push((self.next_seq, page));
                        self.next_seq += 1;
                    }
                }
                Read::Panicked(panic) => {
                    writer.problem(
                        None,
                        Problem {
                            id: None,
                            source: "input".into(),
                            reason: format!(
                                "reading the inputs stopped on an internal error (a bug in unboil, please report it): {}",
                                panic.message
                            ),
                            kind: ProblemKind::Failed,
                        },
                        false,
                    );
                    go_on = false;
                }
            }
        }
        if work.is_empty() {
            return go_on;
        }
        if let Err(unsent) = self.work_tx.send(work) {
            // No worker is left to take it: what it holds is lost.
            for (_, page) in unsent.0 {
                in_flight.pages -= 1;
                in_flight.bytes -= page.body.len();
                writer
                    .summary
                    .failed
                    .push("a document: no worker thread could run".into());
            }
        }
        go_on
    }
}

/// The writer's side of a run: the sink, the hooks and the running summary.
struct Writer<'a> {
    pipeline: &'a Pipeline,
    sink: &'a mut dyn Sink,
    hooks: &'a mut dyn Hooks,
    summary: Summary,
    /// The next sequence number to write, in ordered mode.
    next_write: u64,
    /// Results that came back before their turn, in ordered mode.
    waiting: BTreeMap<u64, Done>,
    /// The output went away (`| head`): nothing more is written.
    closed: bool,
    last_progress: Instant,
}

impl Writer<'_> {
    /// Takes one item from the reader: a page to clean (returned), or one to pass over.
    fn accept(&mut self, item: Result<RawPage, SourceError>) -> Option<RawPage> {
        match item {
            Ok(page) => {
                if let Some(shard) = &self.pipeline.shard {
                    if !shard.takes(&page.id) {
                        return None;
                    }
                }
                self.summary.bytes += page.body.len() as u64;
                if self.hooks.is_unchanged(&page) {
                    self.summary.unchanged += 1;
                    return None;
                }
                Some(page)
            }
            Err(e @ SourceError::Unchanged { .. }) => {
                self.summary.unchanged += 1;
                self.hooks.source_error(&e);
                None
            }
            Err(e) => {
                let (source, reason) = e.origin_and_reason();
                let kind = if e.is_skip() {
                    tracing::info!("{e}");
                    ProblemKind::Skipped
                } else {
                    // The fetcher logs its own failures as they happen, with the URL.
                    if !matches!(e, SourceError::Fetch { .. }) {
                        self.warn(&e);
                    }
                    ProblemKind::Failed
                };
                self.hooks.source_error(&e);
                let problem = Problem {
                    id: None,
                    source,
                    reason,
                    kind,
                };
                self.summary.count(&problem);
                self.report(&problem);
                None
            }
        }
    }

    /// Takes a worker's result; returns how many results, and how many bytes of pages, left
    /// the in-flight window (more than one when it let waiting results through in ordered mode).
    fn finished(&mut self, done: Done) -> (usize, usize) {
        if !self.pipeline.ordered {
            let bytes = done.bytes;
            self.write(done);
            return (1, bytes);
        }
        self.waiting.insert(done.seq, done);
        let (mut pages, mut bytes) = (0, 0);
        while let Some(done) = self.waiting.remove(&self.next_write) {
            self.next_write += 1;
            bytes += done.bytes;
            self.write(done);
            pages += 1;
        }
        (pages, bytes)
    }

    fn write(&mut self, done: Done) {
        let Done { info, outcome, .. } = done;
        if self.closed {
            return;
        }
        let mut outcome = outcome;
        if let Outcome::Cleaned(cleaned) = &mut outcome {
            self.hooks.cleaned(&info, cleaned);
        }
        match outcome {
            Outcome::Cleaned(cleaned) => match self.sink.write(&cleaned.doc, &cleaned.trail) {
                Ok(written) => {
                    self.summary.written += 1;
                    // Counted in place, without a map and a key string per document.
                    for r in cleaned.trail.removals() {
                        match self.summary.removals.get_mut(r.by.as_str()) {
                            Some(n) => *n += 1,
                            None => {
                                self.summary.removals.insert(r.by.clone(), 1);
                            }
                        }
                    }
                    self.hooks.written(&info, &written);
                }
                // Already in the file it appends to: passed over, and said so.
                Err(e @ SinkError::AlreadyWritten { .. }) => {
                    self.warn(&e);
                    let problem = problem_of(&info, e.to_string(), ProblemKind::Skipped);
                    self.problem(Some(&info), problem, true);
                }
                Err(SinkError::Closed) => {
                    self.closed = true;
                    self.summary.stopped_early = true;
                    self.summary.output_closed = true;
                }
                Err(e) => {
                    self.warn(&e);
                    let problem = problem_of(&info, e.to_string(), ProblemKind::Failed);
                    self.problem(Some(&info), problem, false);
                }
            },
            // A page without an article (an index page, a login wall) is passed over with a
            // note, as configured by `on_no_article`; it is not a failure.
            Outcome::NoArticle(e) => {
                tracing::info!("{e}");
                let ExtractError::NoArticle { detail, .. } = &e;
                let reason = if detail.is_empty() {
                    "no article found".to_string()
                } else {
                    format!("no article found ({detail})")
                };
                let problem = problem_of(&info, reason, ProblemKind::Skipped);
                self.problem(Some(&info), problem, true);
            }
            Outcome::Panicked(panic) => {
                let reason = format!(
                    "internal error (a bug in unboil; please report it with this page): {}",
                    panic.message
                );
                self.warn(&format_args!("{}: {reason}", info.source));
                let problem = problem_of(&info, reason, ProblemKind::Failed);
                self.problem(Some(&info), problem, true);
            }
        }
    }

    /// Logs a failure as it happens, the first [`MAX_EXAMPLES`] of them: a dump with a million
    /// broken lines must not print a million lines (the summary counts them, `--errors` lists
    /// them all).
    fn warn(&mut self, what: &dyn std::fmt::Display) {
        let n = self.summary.failed.len();
        if n < MAX_EXAMPLES {
            tracing::warn!("{what}");
        } else if n == MAX_EXAMPLES {
            tracing::warn!("{what}; further failures are counted in the summary, not logged one by one (--errors FILE lists every one)");
        }
    }

    /// Counts, reports and (for a page that was read) tells the hooks about a problem.
    fn problem(&mut self, page: Option<&PageInfo>, problem: Problem, lasting: bool) {
        self.summary.count(&problem);
        self.report(&problem);
        if let Some(page) = page {
            self.hooks.failed(page, &problem, lasting);
        }
    }

    /// Writes `problem` to the errors stream, if there is one.
    fn report(&mut self, problem: &Problem) {
        let Some(errors) = &self.pipeline.errors else {
            return;
        };
        let Ok(mut errors) = errors.lock() else {
            return;
        };
        if let Err(e) = errors.write(problem) {
            tracing::warn!("{e}");
        }
    }

    fn finish_errors(&mut self) {
        if let Some(Ok(mut errors)) = self.pipeline.errors.as_ref().map(|e| e.lock()) {
            if let Err(e) = errors.flush() {
                tracing::warn!("{e}");
            }
        }
    }

    /// Reports progress, at most every [`TICK`].
    fn tick(&mut self) {
        if self.last_progress.elapsed() >= TICK {
            self.last_progress = Instant::now();
            self.hooks.progress(&self.summary);
        }
    }
}

fn problem_of(info: &PageInfo, reason: String, kind: ProblemKind) -> Problem {
    Problem {
        id: Some(info.id.clone()),
        source: info.source.clone(),
        reason,
        kind,
    }
}
