//! What a run did, in memory bounded by a constant: counts, removals by rule, and a capped list of
//! example problems (the full list goes to the errors stream, `--errors FILE`).

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// How many failed (or skipped) documents a summary keeps by name; the rest are counted. A run
/// over millions of documents must not hold a line per document until its end.
pub const MAX_EXAMPLES: usize = 20;

/// Whether a document failed or was passed over on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemKind {
    /// Something went wrong (unreadable, malformed, a write failed, a bug): exit status 1.
    Failed,
    /// Passed over on purpose (empty, binary, not a page, no article): not a failure.
    Skipped,
}

/// One document that was not written, and why: a line of the errors stream.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The document's id, when it was read far enough to have one.
    pub id: Option<String>,
    /// Where it came from, as a user names it (a path, `path:line`, `path@offset`, a URL).
    pub source: String,
    /// What happened.
    pub reason: String,
    /// Failed or skipped.
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

/// A count of problems and the first [`MAX_EXAMPLES`] of them.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    count: usize,
    examples: Vec<String>,
}

impl Problems {
    /// Counts one more problem, keeping its description while there is room.
    pub fn push(&mut self, description: String) {
        self.count += 1;
        if self.examples.len() < MAX_EXAMPLES {
            self.examples.push(description);
        }
    }

    /// How many there were.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when there were none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The first few, as `source: reason`.
    pub fn examples(&self) -> &[String] {
        &self.examples
    }

    /// How many there were beyond [`Problems::examples`].
    pub fn not_shown(&self) -> usize {
        self.count - self.examples.len()
    }
}

/// What happened in a run, for the summary at the end.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Documents written.
    pub written: usize,
    /// Documents passed over because neither they nor the rules changed since the last run.
    pub unchanged: usize,
    /// Of the unchanged, those that failed (or had no article) last time: an unchanged input under
    /// unchanged rules would fail the same way, so it is not retried.
    pub unchanged_failed: usize,
    /// Inputs passed over on purpose (empty, binary, not a page, no article).
    pub skipped: Problems,
    /// Inputs that failed, each with where and why.
    pub failed: Problems,
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

impl Summary {
    /// Counts `problem` as failed or skipped.
    pub fn count(&mut self, problem: &Problem) {
        match problem.kind {
            ProblemKind::Failed => self.failed.push(problem.to_string()),
            ProblemKind::Skipped => self.skipped.push(problem.to_string()),
        }
    }

    /// Every input the run saw: written, unchanged, skipped or failed.
    pub fn seen(&self) -> usize {
        self.written + self.unchanged + self.skipped.len() + self.failed.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_million_failures_keep_a_few_examples_and_the_count() {
        let mut p = Problems::default();
        for i in 0..1_000_000 {
            p.push(format!("page {i}: broken"));
        }
        assert_eq!(p.len(), 1_000_000);
        assert_eq!(p.examples().len(), MAX_EXAMPLES);
        assert_eq!(p.examples()[0], "page 0: broken");
        assert_eq!(p.not_shown(), 1_000_000 - MAX_EXAMPLES);
    }
}
