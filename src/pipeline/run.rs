//! The streaming run: one reader thread, a pool of workers, and the calling thread as the writer.
//!
//! ```text
//!  reader thread ──(bounded)──▶ writer thread ──(bounded)──▶ workers ──▶ writer thread ──▶ sink
//!  sources: read,              hooks: unchanged?             extract,     in input order
//!  decompress, parse           shard, errors stream          clean        when ordered
//! ```
//!
//! The writer thread owns the sink and the hooks (state store, progress), which need no locking
//! that way. When the hooks do not look at pages or documents ([`Hooks::inspects`]), the workers
//! do the rest of each document's work as well: they read a dump's framed record into its page
//! (and check the shard, which needs its id), and render the output line of a sink that writes
//! lines ([`crate::sink::LineSink`]), so the writer only appends bytes and keeps the books. It never holds more than [`IN_FLIGHT_PER_WORKER`] batches' worth of pages per worker
//! between dispatch and write (results waiting for their turn in ordered mode included): that,
//! plus the reader's channel, is the run's memory bound.
//!
//! Pages travel in batches (see [`super::reader`]), to the workers as the reader sent them and
//! back as the workers finished them.

use super::isolate::{self, Panic};
use super::reader::{Read, Reader, BATCH_BYTES, BATCH_PAGES};
use super::{Cleaned, Hooks, PageInfo, Pipeline, Problem, ProblemKind, Summary, MAX_EXAMPLES};
use crate::extract::ExtractError;
use crate::sink::{Renderer, Sink, SinkError, Written};
use crate::source::{Record, Records, SourceError};
use crate::Trail;
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

/// What a worker made of a record.
enum Outcome {
    Cleaned(Box<Cleaned>),
    /// Cleaned, and rendered into the sink's line.
    Rendered(Rendered),
    NoArticle(ExtractError),
    Panicked(Panic),
    /// The record held no page (a malformed JSONL line), as its source said.
    Unreadable(SourceError),
    /// Another shard's page, passed over without a word.
    NotOurs,
}

/// A document a worker rendered: its line, and what the writer keeps of it.
struct Rendered {
    /// The document's source, which a sink refusing duplicates looks up.
    source: String,
    line: Vec<u8>,
    /// How many removals each cleaner or rule made.
    removals: Vec<(String, usize)>,
}

/// A record's result, numbered in dispatch order.
struct Done {
    seq: u64,
    /// The size of the record, which left the in-flight window with it.
    bytes: usize,
    /// The page's bytes of input, when the worker read the record (the writer counted the others).
    read_bytes: u64,
    /// The page, when the record held one.
    info: Option<PageInfo>,
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
    records: Records,
    sink: &mut dyn Sink,
    hooks: &mut dyn Hooks,
) -> Summary {
    let started = Instant::now();
    let workers = pipeline.workers;
    let inspects = hooks.inspects();
    let reader = Reader::spawn(records, workers * READ_AHEAD_PER_WORKER, inspects);
    let renderer = match sink.as_lines() {
        Some(lines) if !inspects => Some(lines.renderer()),
        _ => None,
    };
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
        let (work_tx, work_rx) = unbounded::<Vec<(u64, Record)>>();
        let (done_tx, done_rx) = unbounded::<Vec<Done>>();
        for n in 0..workers {
            let (work_rx, done_tx) = (work_rx.clone(), done_tx.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("unboil-worker-{n}"))
                .spawn_scoped(scope, move || work(pipeline, renderer, work_rx, done_tx));
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

/// A worker: read, extract, clean (and with a `renderer`, render) batches of records until the
/// channel closes, each record under `catch_unwind`.
fn work(
    pipeline: &Pipeline,
    renderer: Option<Renderer>,
    work_rx: Receiver<Vec<(u64, Record)>>,
    done_tx: crossbeam_channel::Sender<Vec<Done>>,
) {
    for batch in work_rx {
        let mut done = Vec::with_capacity(batch.len());
        for (seq, record) in batch {
            done.push(work_on(pipeline, renderer, seq, record));
        }
        if done_tx.send(done).is_err() {
            return;
        }
    }
}

/// One record's work, from reading it to its rendered line.
fn work_on(pipeline: &Pipeline, renderer: Option<Renderer>, seq: u64, record: Record) -> Done {
    let bytes = record.len();
    let mut read_bytes = 0;
    let page = match record {
        Record::Page(page) => page,
        record => {
            let origin = record.origin();
            let page = match isolate::isolated(|| record.read()) {
                Ok(Ok(page)) => page,
                Ok(Err(e)) => return done_without_page(seq, bytes, Outcome::Unreadable(e)),
                Err(panic) => {
                    let e = SourceError::Malformed {
                        origin,
                        reason: format!(
                            "internal error reading the record (a bug in unboil; please report it with this record): {}",
                            panic.message
                        ),
                    };
                    return done_without_page(seq, bytes, Outcome::Unreadable(e));
                }
            };
            // Checked by the writer for pages read before they came (it needs the id).
            if let Some(shard) = &pipeline.shard {
                if !shard.takes(&page.id) {
                    return done_without_page(seq, bytes, Outcome::NotOurs);
                }
            }
            read_bytes = page.body.len() as u64;
            page
        }
    };
    let info = PageInfo::from(&page);
    let outcome = match isolate::isolated(|| {
        pipeline
            .clean_page(&page)
            .map(|cleaned| render(cleaned, renderer))
    }) {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(e)) => Outcome::NoArticle(e),
        Err(panic) => Outcome::Panicked(panic),
    };
    drop(page);
    Done {
        seq,
        bytes,
        read_bytes,
        info: Some(info),
        outcome,
    }
}

fn done_without_page(seq: u64, bytes: usize, outcome: Outcome) -> Done {
    Done {
        seq,
        bytes,
        read_bytes: 0,
        info: None,
        outcome,
    }
}

/// A cleaned document as the writer is to take it: rendered into its line when there is a
/// `renderer` (the document and its trail are freed here, on the worker), else whole.
fn render(cleaned: Cleaned, renderer: Option<Renderer>) -> Outcome {
    let Some(renderer) = renderer else {
        return Outcome::Cleaned(Box::new(cleaned));
    };
    let Cleaned { doc, trail } = cleaned;
    let mut line =
        Vec::with_capacity(doc.blocks.iter().map(|b| b.text.len() + 2).sum::<usize>() + 256);
    renderer(&doc, &trail, &mut line);
    Outcome::Rendered(Rendered {
        source: doc.source,
        line,
        removals: removal_counts(&trail),
    })
}

/// How many removals each cleaner or rule made in `trail`, in the order they first appear.
fn removal_counts(trail: &Trail) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for r in trail.removals() {
        match counts.iter_mut().find(|(by, _)| *by == r.by) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.by.clone(), 1)),
        }
    }
    counts
}

/// Numbers the pages of the reader's batches and hands them to the workers.
struct Dispatch<'a> {
    work_tx: &'a crossbeam_channel::Sender<Vec<(u64, Record)>>,
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
                    if let Some(record) = writer.accept(item) {
                        in_flight.pages += 1;
                        in_flight.bytes += record.len();
                        work.push((self.next_seq, record));
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
            for (_, record) in unsent.0 {
                in_flight.pages -= 1;
                in_flight.bytes -= record.len();
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
    /// Takes one item from the reader: a record to work on (returned), or one to pass over. A
    /// record not yet read goes to the workers as it is: they check its shard once they have
    /// its id.
    fn accept(&mut self, item: Result<Record, SourceError>) -> Option<Record> {
        match item {
            Ok(Record::Page(page)) => {
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
                Some(Record::Page(page))
            }
            Ok(record) => Some(record),
            Err(e) => {
                self.source_error(e);
                None
            }
        }
    }

    /// A page a source could not deliver: counted, logged, reported.
    fn source_error(&mut self, e: SourceError) {
        match e {
            e @ SourceError::Unchanged { .. } => {
                self.summary.unchanged += 1;
                self.hooks.source_error(&e);
            }
            e => {
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
        let Done {
            info,
            outcome,
            read_bytes,
            ..
        } = done;
        if self.closed {
            return;
        }
        self.summary.bytes += read_bytes;
        let Some(info) = info else {
            match outcome {
                Outcome::Unreadable(e) => self.source_error(e),
                Outcome::NotOurs => {}
                _ => unreachable!("a worker reports a page's outcome with the page"),
            }
            return;
        };
        let mut outcome = outcome;
        if let Outcome::Cleaned(cleaned) = &mut outcome {
            self.hooks.cleaned(&info, cleaned);
        }
        match outcome {
            Outcome::Cleaned(cleaned) => {
                let written = self.sink.write(&cleaned.doc, &cleaned.trail);
                let removals = cleaned.trail.removals().iter().map(|r| (r.by.as_str(), 1));
                self.wrote(&info, written, removals);
            }
            Outcome::Rendered(rendered) => {
                let written = match self.sink.as_lines() {
                    Some(lines) => lines.write_line(&rendered.source, &rendered.line),
                    None => unreachable!("only a sink that writes lines gives a renderer"),
                };
                let removals = rendered.removals.iter().map(|(by, n)| (by.as_str(), *n));
                self.wrote(&info, written, removals);
            }
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
            Outcome::Unreadable(_) | Outcome::NotOurs => {
                unreachable!("a worker reports an outcome without a page with no page")
            }
        }
    }

    /// Counts a document's write and its removals, or reports why it was not written.
    fn wrote<'r>(
        &mut self,
        info: &PageInfo,
        written: Result<Written, SinkError>,
        removals: impl Iterator<Item = (&'r str, usize)>,
    ) {
        match written {
            Ok(written) => {
                self.summary.written += 1;
                // Counted in place, without a map and a key string per document.
                for (by, n) in removals {
                    match self.summary.removals.get_mut(by) {
                        Some(count) => *count += n,
                        None => {
                            self.summary.removals.insert(by.to_string(), n);
                        }
                    }
                }
                self.hooks.written(info, &written);
            }
            // Already in the file it appends to: passed over, and said so.
            Err(e @ SinkError::AlreadyWritten { .. }) => {
                self.warn(&e);
                let problem = problem_of(info, e.to_string(), ProblemKind::Skipped);
                self.problem(Some(info), problem, true);
            }
            Err(SinkError::Closed) => {
                self.closed = true;
                self.summary.stopped_early = true;
                self.summary.output_closed = true;
            }
            Err(e) => {
                self.warn(&e);
                let problem = problem_of(info, e.to_string(), ProblemKind::Failed);
                self.problem(Some(info), problem, false);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Chain;
    use crate::extract::ExtractOptions;
    use crate::pipeline::{NoHooks, Shard};
    use crate::sink::{ErrorsFile, JsonlSink};
    use crate::source::{dump_records, pages_of, DumpOptions, RawPage};
    use std::path::Path;
    use std::sync::{Arc, Mutex};

    /// A dump of `n` articles as JSONL, with a broken line after the fifth.
    fn dump(dir: &Path, n: usize) -> std::path::PathBuf {
        let mut text = String::new();
        for i in 0..n {
            text.push_str(&format!(
                "{{\"id\":\"a{i}\",\"url\":\"https://news.example/{i}\",\"text\":\"Story {i} about the harbour\\n\\nThe harbour board met on Monday to discuss berth {i}, officials said.\"}}\n"
            ));
            if i == 4 {
                text.push_str("{\"id\":\"broken\",\"text\":\n");
            }
        }
        let path = dir.join("dump.jsonl");
        std::fs::write(&path, text).expect("write dump");
        path
    }

    /// Hooks that look at every page and every cleaned document, as a job's state and learning
    /// do: the records are read on the reader thread and the documents written by the sink.
    #[derive(Default)]
    struct Inspecting {
        seen: Vec<String>,
        cleaned: usize,
    }

    impl Hooks for Inspecting {
        fn is_unchanged(&mut self, page: &RawPage) -> bool {
            self.seen.push(page.id.clone());
            false
        }
        fn cleaned(&mut self, _page: &PageInfo, _cleaned: &mut Cleaned) {
            self.cleaned += 1;
        }
    }

    /// Runs the dump at `input` into a fresh JSONL file with `workers` workers, the records read
    /// by the workers (`NoHooks`) or on the reader thread (`hooks`); returns the output's lines,
    /// sorted, the errors stream and the summary.
    fn clean(
        input: &Path,
        out: &Path,
        workers: usize,
        shard: Option<Shard>,
        hooks: &mut dyn Hooks,
    ) -> (Vec<String>, String, Summary) {
        let errors_path = out.with_extension("errors");
        let errors = Arc::new(Mutex::new(
            ErrorsFile::create(&errors_path).expect("errors file"),
        ));
        let pipeline = Pipeline::new(ExtractOptions::default(), Chain::builtin())
            .with_workers(workers)
            .with_shard(shard)
            .with_errors(errors);
        let mut sink = JsonlSink::open(out).expect("sink").durable(false);
        let records = dump_records(input.to_path_buf(), &DumpOptions::default());
        let summary = pipeline.run_records(records, &mut sink, hooks);
        let mut lines: Vec<String> = std::fs::read_to_string(out)
            .expect("output")
            .lines()
            .map(str::to_string)
            .collect();
        lines.sort();
        let errors = std::fs::read_to_string(&errors_path).expect("errors");
        (lines, errors, summary)
    }

    #[test]
    fn records_read_by_the_workers_give_the_lines_and_errors_of_pages_read_by_the_reader() {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dump(dir.path(), 40);
        for workers in [1, 2] {
            let out = |name: &str| dir.path().join(format!("{name}-{workers}.jsonl"));
            let (by_workers, errors, summary) =
                clean(&input, &out("workers"), workers, None, &mut NoHooks);
            let mut inspecting = Inspecting::default();
            let (by_reader, errors_by_reader, summary_by_reader) =
                clean(&input, &out("reader"), workers, None, &mut inspecting);
            assert_eq!(by_workers.len(), 40);
            assert_eq!(by_workers, by_reader);
            assert_eq!(errors, errors_by_reader);
            assert!(errors.contains("dump.jsonl:6"), "{errors}");
            assert_eq!(summary.failed.len(), 1);
            assert_eq!(summary.bytes, summary_by_reader.bytes);
            assert_eq!(summary.removals, summary_by_reader.removals);
            // Hooks that look at pages and documents saw every one of them.
            assert_eq!(inspecting.seen.len(), 40);
            assert_eq!(inspecting.cleaned, 40);
        }
    }

    /// A WARC file of `n` responses; the third is an image, which is no page.
    fn warc(dir: &Path, n: usize) -> std::path::PathBuf {
        let mut bytes = Vec::new();
        for i in 0..n {
            let (kind, body) = if i == 2 {
                ("image/png", "\u{89}PNG".to_string())
            } else {
                ("text/html; charset=utf-8", format!(
                    "<html><body><article><h1>Story {i}</h1><p>The harbour board met on Monday to discuss berth {i}, officials said.</p><p>Work on berth {i} starts next spring, the board said.</p></article></body></html>"
                ))
            };
            let block = format!("HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\n\r\n{body}");
            bytes.extend_from_slice(format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/{i}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
                block.len()
            ).as_bytes());
        }
        let path = dir.join("crawl.warc");
        std::fs::write(&path, bytes).expect("write warc");
        path
    }

    #[test]
    fn warc_records_read_by_the_workers_give_the_lines_and_errors_of_pages_read_by_the_reader() {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = warc(dir.path(), 12);
        for workers in [1, 2] {
            let out = |name: &str| dir.path().join(format!("{name}-{workers}.jsonl"));
            let (by_workers, errors, summary) =
                clean(&input, &out("workers"), workers, None, &mut NoHooks);
            let mut inspecting = Inspecting::default();
            let (by_reader, errors_by_reader, _) =
                clean(&input, &out("reader"), workers, None, &mut inspecting);
            assert_eq!(by_workers.len(), 11);
            assert_eq!(by_workers, by_reader);
            assert_eq!(errors, errors_by_reader);
            // The image is passed over, named by its file and offset.
            assert!(
                errors.contains("crawl.warc@") && errors.contains("image/png"),
                "{errors}"
            );
            assert_eq!(summary.skipped.len(), 1);
        }
    }

    #[test]
    fn records_read_by_the_workers_go_to_their_shard_by_id() {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dump(dir.path(), 60);
        let mut all = Vec::new();
        for index in 0..3 {
            let shard = Shard::new(index, 3);
            let out = dir.path().join(format!("shard{index}.jsonl"));
            let (lines, _, _) = clean(&input, &out, 2, shard, &mut NoHooks);
            let mut inspecting = Inspecting::default();
            let out = dir.path().join(format!("shard{index}-reader.jsonl"));
            let (by_reader, _, _) = clean(&input, &out, 2, shard, &mut inspecting);
            assert_eq!(lines, by_reader, "shard {index}");
            assert!(lines.len() < 60, "shard {index} took every page");
            all.extend(lines);
        }
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 60, "every page is in exactly one shard");
    }

    #[test]
    fn a_line_a_worker_rendered_is_not_appended_again_to_a_file_that_holds_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dump(dir.path(), 10);
        let out = dir.path().join("out.jsonl");
        let pipeline = Pipeline::new(ExtractOptions::default(), Chain::builtin());
        for round in 0..2 {
            let mut sink = JsonlSink::open(&out)
                .expect("sink")
                .refusing_duplicates()
                .expect("held sources");
            let records = dump_records(input.clone(), &DumpOptions::default());
            let summary = pipeline.run_records(records, &mut sink, &mut NoHooks);
            assert_eq!(summary.written, if round == 0 { 10 } else { 0 });
            assert_eq!(summary.skipped.len(), if round == 0 { 0 } else { 10 });
        }
        let text = std::fs::read_to_string(&out).expect("output");
        assert_eq!(text.lines().count(), 10);
    }

    #[test]
    fn pages_and_records_of_one_dump_clean_to_the_same_bytes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dump(dir.path(), 30);
        let pipeline = Pipeline::new(ExtractOptions::default(), Chain::builtin())
            .with_workers(1)
            .ordered(true);
        let mut outputs = Vec::new();
        for (name, as_records) in [("records", true), ("pages", false)] {
            let out = dir.path().join(format!("{name}.jsonl"));
            let mut sink = JsonlSink::open(&out).expect("sink").durable(false);
            let records = dump_records(input.clone(), &DumpOptions::default());
            if as_records {
                pipeline.run_records(records, &mut sink, &mut NoHooks);
            } else {
                pipeline.run(pages_of(records), &mut sink, &mut NoHooks);
            }
            outputs.push(std::fs::read(&out).expect("output"));
        }
        assert_eq!(outputs[0], outputs[1]);
        assert_eq!(String::from_utf8_lossy(&outputs[0]).lines().count(), 30);
    }
}
