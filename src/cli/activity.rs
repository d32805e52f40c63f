//! What a run is doing beyond its counts, for the progress display on a terminal: how many
//! documents it will see in all, once every source knows, and what it waits on (a host's
//! robots.txt, a crawl delay). A polite fetch spends most of its time waiting; named, a wait
//! does not look like a hang, and "12/40" says how far there is to go.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use unboil::pipeline::Summary;
use unboil::source::http::{FetchObserver, HttpSource, Waiting};
use unboil::source::FileSource;

/// The run's activity, filled in by its sources (each through a [`Share`]) and read by the
/// progress display.
#[derive(Debug, Default)]
pub struct Activity {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Each source's expected count, `None` until it is known (and forever for a source that
    /// cannot know, such as a dump, whose records are only counted by reading it).
    shares: Vec<Option<Expected>>,
    /// What requests wait on now, in the order they started waiting.
    waits: Vec<Waiting>,
}

/// How many documents a run (or a source) will see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    /// Known so far.
    pub items: usize,
    /// More may come (a sitemap or feed not read yet).
    pub more_may_come: bool,
}

impl Activity {
    /// An activity with no sources yet.
    pub fn new() -> Arc<Activity> {
        Arc::new(Activity::default())
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A source's share of the run, its count not known yet.
    pub fn share(self: &Arc<Self>) -> Share {
        self.new_share(true)
    }

    /// A source that reports its waits but whose count cannot be trusted as part of the run's
    /// total (a sharded fetch: the pipeline keeps only part of what it hands over).
    pub fn uncounted_share(self: &Arc<Self>) -> Share {
        self.new_share(false)
    }

    /// Marks that a source whose size is not known takes part (a dump): the run's total stays
    /// unknown.
    pub fn uncountable(&self) {
        self.state().shares.push(None);
    }

    fn new_share(self: &Arc<Self>, counted: bool) -> Share {
        let mut state = self.state();
        state.shares.push(None);
        Share {
            activity: self.clone(),
            index: state.shares.len() - 1,
            counted,
        }
    }

    /// Counts what `files` will hand over (and `plus` items known already) on a thread of its
    /// own, so that walking a large folder twice does not hold the run up: the total shows once
    /// the walk is done. With `dumps` among the files, whose records are not counted, the
    /// total stays unknown.
    pub fn count_files(self: &Arc<Self>, files: &FileSource, plus: usize, dumps: bool) {
        if dumps {
            self.uncountable();
        }
        let share = self.share();
        let files = files.clone();
        let spawned = std::thread::Builder::new()
            .name("unboil-count".into())
            .spawn(move || share.expect(files.count() + plus, false));
        if let Err(e) = spawned {
            tracing::debug!("cannot count the inputs for the progress display: {e}");
        }
    }

    /// `source`, telling this activity what it waits on and, unless `sharded` (the run keeps
    /// only part of what it fetches), how many results it will hand over.
    pub fn watch_fetch(self: &Arc<Self>, source: HttpSource, sharded: bool) -> HttpSource {
        let share = if sharded {
            self.uncounted_share()
        } else {
            self.share()
        };
        source.with_observer(Arc::new(share))
    }

    /// The run's total, once every source has said how many it will hand over.
    pub fn expected(&self) -> Option<Expected> {
        let state = self.state();
        state
            .shares
            .iter()
            .try_fold(None::<Expected>, |sum, share| {
                let share = (*share)?;
                Some(Some(match sum {
                    None => share,
                    Some(sum) => Expected {
                        items: sum.items + share.items,
                        more_may_come: sum.more_may_come || share.more_may_come,
                    },
                }))
            })
            .flatten()
    }

    /// The latest wait that has not ended.
    pub fn waiting_on(&self) -> Option<Waiting> {
        self.state().waits.last().cloned()
    }
}

/// One source's part in an [`Activity`].
#[derive(Debug)]
pub struct Share {
    activity: Arc<Activity>,
    index: usize,
    counted: bool,
}

impl Share {
    /// This source will hand over `items` items (pages, skips and failures), or more.
    pub fn expect(&self, items: usize, more_may_come: bool) {
        if self.counted {
            self.activity.state().shares[self.index] = Some(Expected {
                items,
                more_may_come,
            });
        }
    }
}

impl FetchObserver for Share {
    fn waiting(&self, on: &Waiting) {
        self.activity.state().waits.push(on.clone());
    }

    fn ready(&self, on: &Waiting) {
        let mut state = self.activity.state();
        if let Some(i) = state.waits.iter().rposition(|w| w == on) {
            state.waits.remove(i);
        }
    }

    fn expected(&self, results: usize, more_may_come: bool) {
        self.expect(results, more_may_come);
    }
}

/// A moment of a run as the progress line shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Documents written.
    pub written: usize,
    /// Documents unchanged since the last run.
    pub unchanged: usize,
    /// Documents skipped.
    pub skipped: usize,
    /// Documents failed.
    pub failed: usize,
    /// The run's total, when known.
    pub expected: Option<Expected>,
    /// What the run waits on now, if anything.
    pub waiting: Option<Waiting>,
}

impl Snapshot {
    /// The run's counts in `summary`, and what `activity` (if any) knows.
    pub fn of(summary: &Summary, activity: Option<&Activity>) -> Snapshot {
        Snapshot {
            written: summary.written,
            unchanged: summary.unchanged,
            skipped: summary.skipped.len(),
            failed: summary.failed.len(),
            expected: activity.and_then(Activity::expected),
            waiting: activity.and_then(Activity::waiting_on),
        }
    }

    /// Documents done, whichever way they ended.
    pub fn done(&self) -> usize {
        self.written + self.unchanged + self.skipped + self.failed
    }
}

impl fmt::Display for Snapshot {
    /// `12/40 done: 9 written, 0 unchanged, 1 skipped, 2 failed · waiting: crawl delay
    /// example.com:443 5s`; `12/40+` while more may come, and the counts alone while the total
    /// is not known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(expected) = self.expected {
            let more = if expected.more_may_come { "+" } else { "" };
            // A source may hand over more than it announced (a page unchanged and a failure
            // for one URL): never show more done than in all.
            let total = expected.items.max(self.done());
            write!(f, "{}/{total}{more} done: ", self.done())?;
        }
        write!(
            f,
            "{} written, {} unchanged, {} skipped, {} failed",
            self.written, self.unchanged, self.skipped, self.failed
        )?;
        if let Some(waiting) = &self.waiting {
            write!(f, " · waiting: {waiting}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn snapshot(expected: Option<Expected>, waiting: Option<Waiting>) -> Snapshot {
        Snapshot {
            written: 9,
            unchanged: 0,
            skipped: 1,
            failed: 2,
            expected,
            waiting,
        }
    }

    #[test]
    fn the_line_shows_done_of_total_and_what_the_run_waits_on() {
        let expected = Some(Expected {
            items: 40,
            more_may_come: false,
        });
        let delay = Waiting::CrawlDelay {
            host: "example.com:443".into(),
            delay: Duration::from_secs(5),
        };
        assert_eq!(
            snapshot(expected, Some(delay)).to_string(),
            "12/40 done: 9 written, 0 unchanged, 1 skipped, 2 failed · waiting: crawl delay example.com:443 5s"
        );
        let robots = Waiting::Robots {
            host: "example.com:443".into(),
        };
        assert_eq!(
            snapshot(expected, Some(robots)).to_string(),
            "12/40 done: 9 written, 0 unchanged, 1 skipped, 2 failed · waiting: robots.txt example.com:443"
        );
    }

    #[test]
    fn a_total_that_may_grow_says_so_and_an_unknown_one_is_left_out() {
        let growing = Some(Expected {
            items: 40,
            more_may_come: true,
        });
        assert_eq!(
            snapshot(growing, None).to_string(),
            "12/40+ done: 9 written, 0 unchanged, 1 skipped, 2 failed"
        );
        assert_eq!(
            snapshot(None, None).to_string(),
            "9 written, 0 unchanged, 1 skipped, 2 failed"
        );
        let short = Some(Expected {
            items: 10,
            more_may_come: false,
        });
        assert!(snapshot(short, None).to_string().starts_with("12/12 done"));
    }

    #[test]
    fn the_total_is_known_once_every_share_is_and_the_latest_wait_shows() {
        let activity = Activity::new();
        let files = activity.share();
        let fetch = activity.share();
        assert_eq!(activity.expected(), None);
        files.expect(3, false);
        assert_eq!(activity.expected(), None, "the fetch has not said yet");
        fetch.expected(2, true);
        assert_eq!(
            activity.expected(),
            Some(Expected {
                items: 5,
                more_may_come: true
            })
        );
        activity.uncountable();
        assert_eq!(
            activity.expected(),
            None,
            "a dump of unknown size takes part"
        );

        let a = Waiting::Robots {
            host: "a:80".into(),
        };
        let b = Waiting::Robots {
            host: "b:80".into(),
        };
        fetch.waiting(&a);
        fetch.waiting(&b);
        assert_eq!(activity.waiting_on(), Some(b.clone()));
        fetch.ready(&b);
        assert_eq!(activity.waiting_on(), Some(a.clone()));
        fetch.ready(&a);
        assert_eq!(activity.waiting_on(), None);
    }

    #[test]
    fn an_uncounted_share_reports_waits_but_no_total() {
        let activity = Activity::new();
        let sharded = activity.uncounted_share();
        sharded.expected(7, false);
        assert_eq!(activity.expected(), None);
    }
}
