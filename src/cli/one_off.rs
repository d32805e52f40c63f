//! A run named on the command line rather than by a job (`clean`, `fetch`): no state, progress
//! while it runs, then the summary, saying where the output went. Both commands end the same
//! way, so they share this.

use super::inputs::{OutputArgs, WorkArgs};
use super::progress::Progress;
use super::summary::{self, Context, Destination};
use super::Outcome;
use unboil::pipeline::{NoHooks, Pipeline, Summary};
use unboil::sink::Sink;
use unboil::source::Pages;

/// What a one-off run reports to, and how.
pub struct OneOff<'a> {
    /// The command, shown beside the progress and at the head of the summary.
    pub what: &'a str,
    /// Where the documents go.
    pub out: &'a OutputArgs,
    /// The errors file named in the summary, among the run's settings.
    pub work: &'a WorkArgs,
    /// `--quiet`: no progress and no summary.
    pub quiet: bool,
}

impl OneOff<'_> {
    /// Runs `pages` through `pipeline` into `sink` and prints the summary when `worth_saying`
    /// holds for it (and the run is not quiet and its output still open: after `| head` it
    /// would only be noise).
    pub fn run(
        &self,
        pipeline: &Pipeline,
        pages: Pages,
        sink: &mut dyn Sink,
        worth_saying: impl Fn(&Summary) -> bool,
    ) -> Outcome {
        // On stdout the documents are the output; a spinner would mix into a terminal's view
        // of them.
        let mut hooks = Progress::new(NoHooks, self.what, self.quiet || self.out.output.is_none());
        let summary = pipeline.run(pages, sink, &mut hooks);
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
