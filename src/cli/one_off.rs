//! A run named on the command line rather than by a job (`clean`, `fetch`): no state, progress
//! while it runs, then the summary, saying where the output went. Both commands end the same
//! way, so they share this.

use super::activity::Activity;
use super::inputs::{OutputArgs, WorkArgs};
use super::progress::{self, Progress};
use super::summary::{self, Context, Destination};
use super::Outcome;
use std::sync::Arc;
use unboil::pipeline::{NoHooks, Pipeline, Summary};
use unboil::sink::Sink;
use unboil::source::Records;

/// What a one-off run reports to, and how.
pub struct OneOff<'a> {
    /// The command, shown beside the progress and at the head of the summary.
    what: &'a str,
    /// Where the documents go.
    out: &'a OutputArgs,
    /// The errors file named in the summary, among the run's settings.
    work: &'a WorkArgs,
    /// `--quiet`: no progress and no summary.
    quiet: bool,
    /// What the progress bar shows beside the counts, when one is drawn.
    activity: Option<Arc<Activity>>,
}

impl<'a> OneOff<'a> {
    /// The run of command `what`, writing to `out`.
    pub fn new(what: &'a str, out: &'a OutputArgs, work: &'a WorkArgs, quiet: bool) -> Self {
        let activity = progress::activity(Self::no_progress(quiet, out));
        OneOff {
            what,
            out,
            work,
            quiet,
            activity,
        }
    }

    /// On stdout the documents are the output; a spinner would mix into a terminal's view of
    /// them.
    fn no_progress(quiet: bool, out: &OutputArgs) -> bool {
        quiet || out.output.is_none()
    }

    /// The activity the run's sources fill in, when there is a bar to show it.
    pub fn activity(&self) -> Option<&Arc<Activity>> {
        self.activity.as_ref()
    }

    /// Runs `records` through `pipeline` into `sink` and prints the summary when `worth_saying`
    /// holds for it (and the run is not quiet and its output still open: after `| head` it
    /// would only be noise).
    pub fn run(
        &self,
        pipeline: &Pipeline,
        records: Records,
        sink: &mut dyn Sink,
        worth_saying: impl Fn(&Summary) -> bool,
    ) -> Outcome {
        let mut hooks = Progress::new(
            NoHooks,
            self.what,
            Self::no_progress(self.quiet, self.out),
            self.activity.clone(),
        );
        let summary = pipeline.run_records(records, sink, &mut hooks);
        drop(hooks);
        if !self.quiet && !summary.output_closed && worth_saying(&summary) {
            let context = Context {
                to: Some(match &self.out.output {
                    Some(p) => Destination::Path(p),
                    None => Destination::Stdout,
                }),
                errors: self.work.errors.as_deref(),
                incremental: false,
            };
            summary::print(self.what, &summary, context);
        }
        Outcome::of(&summary)
    }
}
