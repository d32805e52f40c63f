//! The reader thread: pulls records from the sources (reading, decompressing, framing) and hands
//! them to the writer in batches. It reads each record into its page itself only when asked to
//! (when the run's hooks look at pages before they are cleaned); otherwise the workers do.
//!
//! Batches, because on a dump of short articles handing over one page at a time woke a sleeping
//! thread several times per 5 KB document, and the wake-ups cost more CPU than parsing the
//! document. A batch is sent when it holds [`BATCH_PAGES`] pages or [`BATCH_BYTES`] bytes, or at
//! once when the writer has nothing queued (so a slow source, a fetch, is never held back to fill
//! one). What the reader holds while it waits inside a source (standard input left open, a crawl
//! delay) the writer takes itself with [`Reader::take_held`], so no page waits for the next one.

use super::isolate::{self, Panic};
use crate::source::{Record, Records, SourceError};
use crossbeam_channel::{bounded, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// The most pages in one batch.
pub(super) const BATCH_PAGES: usize = 64;
/// A batch is sent once its pages hold this many bytes (a larger page travels alone).
pub(super) const BATCH_BYTES: usize = 1 << 20;

/// What the reader thread sends.
pub(super) enum Read {
    Item(Result<Record, SourceError>),
    /// A source panicked; reading stops there, since its state cannot be trusted.
    Panicked(Panic),
}

/// The batch being filled, shared by the reader (which fills it) and the writer (which may take
/// it early).
#[derive(Default)]
struct Held {
    reads: Vec<Read>,
    bytes: usize,
    /// The reader has taken a batch out and not yet finished sending it: taking the next one
    /// now would overtake it.
    sending: bool,
}

/// The running reader thread and its side of the hand-over.
pub(super) struct Reader {
    rx: Receiver<Vec<Read>>,
    held: Arc<Mutex<Held>>,
    handle: Option<JoinHandle<()>>,
}

impl Reader {
    /// Starts the thread reading `records`; up to `capacity` batches wait for the writer. With
    /// `read_here`, each record is read into its page on this thread.
    pub fn spawn(mut records: Records, capacity: usize, read_here: bool) -> Reader {
        let (tx, rx) = bounded::<Vec<Read>>(capacity.max(1));
        let held = Arc::new(Mutex::new(Held::default()));
        let shared = Arc::clone(&held);
        let spawned = std::thread::Builder::new()
            .name("unboil-reader".into())
            .spawn(move || loop {
                let next = || {
                    let item = records.next()?;
                    Some(match item {
                        Ok(Record::Page(page)) => Ok(Record::Page(page)),
                        Ok(record) if read_here => record.read().map(Record::Page),
                        item => item,
                    })
                };
                let (read, last) = match isolate::isolated(next) {
                    Ok(Some(item)) => (Some(Read::Item(item)), false),
                    Ok(None) => (None, true),
                    Err(panic) => (Some(Read::Panicked(panic)), true),
                };
                let batch = {
                    let mut held = lock(&shared);
                    if let Some(read) = read {
                        if let Read::Item(Ok(record)) = &read {
                            held.bytes += record.len();
                        }
                        held.reads.push(read);
                    }
                    let full = held.reads.len() >= BATCH_PAGES || held.bytes >= BATCH_BYTES;
                    if !held.reads.is_empty() && (last || full || tx.is_empty()) {
                        held.sending = true;
                        held.bytes = 0;
                        Some(std::mem::take(&mut held.reads))
                    } else {
                        None
                    }
                };
                if let Some(batch) = batch {
                    let sent = send(&tx, batch, &shared);
                    if !sent {
                        return;
                    }
                }
                if last {
                    return;
                }
            });
        match spawned {
            Ok(handle) => Reader {
                rx,
                held,
                handle: Some(handle),
            },
            Err(e) => {
                let (tx, rx) = bounded(1);
                let _ = tx.send(vec![Read::Item(Err(SourceError::Read {
                    path: "input".into(),
                    source: e,
                }))]);
                Reader {
                    rx,
                    held,
                    handle: None,
                }
            }
        }
    }

    /// The batches as the reader sends them; disconnected once it has read everything.
    pub fn batches(&self) -> &Receiver<Vec<Read>> {
        &self.rx
    }

    /// What the reader holds back for a fuller batch, when nothing it sent is still waiting
    /// (anything taken now comes after every batch already received, so the order holds).
    pub fn take_held(&self) -> Vec<Read> {
        let mut held = lock(&self.held);
        if held.sending || !self.rx.is_empty() || held.reads.is_empty() {
            return Vec::new();
        }
        held.bytes = 0;
        std::mem::take(&mut held.reads)
    }

    /// Waits for the thread if it has ended. A reader still blocked in a source (a fetch waiting
    /// out a crawl delay) after an early stop is left to end on its own.
    pub fn finish(self) {
        let Reader { rx, handle, .. } = self;
        drop(rx); // a reader blocked in sending fails, and ends
        if let Some(handle) = handle.filter(|h| h.is_finished()) {
            let _ = handle.join();
        }
    }
}

/// Sends `batch`, then marks the hand-over done; false when the writer has gone.
fn send(tx: &Sender<Vec<Read>>, batch: Vec<Read>, held: &Mutex<Held>) -> bool {
    let sent = tx.send(batch).is_ok();
    lock(held).sending = false;
    sent
}

/// The held batch, even if a thread panicked while holding the lock (the data is a plain list).
fn lock(held: &Mutex<Held>) -> MutexGuard<'_, Held> {
    held.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{records_of, Origin, Pages, RawPage};
    use std::time::{Duration, Instant};

    fn page(i: usize) -> Result<RawPage, SourceError> {
        Ok(RawPage::new(
            format!("p{i}"),
            Origin::Stdin,
            b"text".to_vec(),
        ))
    }

    /// Takes pages from `reader` as the writer does until `n` came or `deadline` passed.
    fn take(reader: &Reader, n: usize, deadline: Duration) -> Vec<String> {
        let started = Instant::now();
        let mut ids = Vec::new();
        while ids.len() < n && started.elapsed() < deadline {
            let mut batch = reader.take_held();
            if batch.is_empty() {
                if let Ok(b) = reader.batches().recv_timeout(Duration::from_millis(10)) {
                    batch = b;
                }
            }
            for read in batch {
                if let Read::Item(Ok(record)) = read {
                    ids.push(record.read().expect("a page").id);
                }
            }
        }
        ids
    }

    #[test]
    fn pages_in_hand_are_not_held_back_while_the_source_waits() {
        // Five pages, then a source that waits (standard input left open) until the test ends.
        let (stop_tx, stop_rx) = crossbeam_channel::bounded::<()>(0);
        let pages: Pages = Box::new((0..5).map(page).chain(std::iter::from_fn(move || {
            let _ = stop_rx.recv();
            None
        })));
        let reader = Reader::spawn(records_of(pages), 1, false);
        // Time for the reader to fill the channel and hold the rest.
        std::thread::sleep(Duration::from_millis(100));
        let ids = take(&reader, 5, Duration::from_secs(10));
        assert_eq!(ids, ["p0", "p1", "p2", "p3", "p4"]);
        drop(stop_tx);
        reader.finish();
    }

    #[test]
    fn a_long_dump_comes_in_order_and_whole() {
        let pages: Pages = Box::new((0..1000).map(page));
        let reader = Reader::spawn(records_of(pages), 2, false);
        let ids = take(&reader, 1000, Duration::from_secs(10));
        let expected: Vec<String> = (0..1000).map(|i| format!("p{i}")).collect();
        assert_eq!(ids, expected);
        reader.finish();
    }
}
