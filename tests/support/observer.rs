//! An observer for the fetcher's tests that writes down what the fetch told it, as lines.

use std::sync::{Arc, Mutex};
use unboil::source::http::{FetchConfig, FetchObserver, HttpSource, Target, Waiting};

/// Every call the fetch made, as a line: `waiting: …`, `ready: …`, `expected: N (more)`.
#[derive(Default)]
pub struct Recorder(Mutex<Vec<String>>);

impl Recorder {
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().expect("recorder").clone()
    }
    fn push(&self, line: String) {
        self.0.lock().expect("recorder").push(line);
    }
}

impl FetchObserver for Recorder {
    fn waiting(&self, on: &Waiting) {
        self.push(format!("waiting: {on}"));
    }
    fn ready(&self, on: &Waiting) {
        self.push(format!("ready: {on}"));
    }
    fn expected(&self, results: usize, more_may_come: bool) {
        let more = if more_may_come { " (more)" } else { "" };
        self.push(format!("expected: {results}{more}"));
    }
}

/// Fetches `targets` to the end with `config`, and returns how many items came out and what the
/// observer was told.
pub fn observe(config: FetchConfig, targets: Vec<Target>) -> (usize, Vec<String>) {
    let recorder = Arc::new(Recorder::default());
    let source = HttpSource::new(config, targets)
        .expect("valid fetch settings")
        .with_observer(recorder.clone());
    let items = source.pages().count();
    (items, recorder.lines())
}
