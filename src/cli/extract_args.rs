//! The extraction settings of `[extract]` as command-line options, so `clean`, `explain` and
//! `fetch` can change them for one run without editing config.toml.

use unboil::extract::{ExtractOptions, Focus};

/// `--focus`, `--tables`, `--comments`, `--links`, `--captions` (and their `--no-` forms).
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Extraction (override [extract] in config.toml)")]
pub struct ExtractArgs {
    /// Which way to lean on doubtful blocks: precision leaves them out, recall keeps them.
    #[arg(long, value_enum)]
    focus: Option<FocusArg>,
    /// Keep tables (one row per line; GFM tables with --format markdown).
    #[arg(long, overrides_with = "no_tables")]
    tables: bool,
    /// Leave tables out.
    #[arg(long)]
    no_tables: bool,
    /// Keep the page's comment section after the article.
    #[arg(long, overrides_with = "no_comments")]
    comments: bool,
    /// Leave comments out.
    #[arg(long)]
    no_comments: bool,
    /// Keep links (and emphasis), written as Markdown.
    #[arg(long, overrides_with = "no_links")]
    links: bool,
    /// Leave links out, keeping their text.
    #[arg(long)]
    no_links: bool,
    /// Keep image and figure captions.
    #[arg(long, overrides_with = "no_captions")]
    captions: bool,
    /// Leave captions out.
    #[arg(long)]
    no_captions: bool,
}

/// `--focus` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FocusArg {
    Precision,
    Balanced,
    Recall,
}

impl ExtractArgs {
    /// `config` with what was given on the command line put over it.
    pub fn apply(&self, config: &mut ExtractOptions) {
        if let Some(f) = self.focus {
            config.focus = match f {
                FocusArg::Precision => Focus::Precision,
                FocusArg::Balanced => Focus::Balanced,
                FocusArg::Recall => Focus::Recall,
            };
        }
        let pick = |on: bool, off: bool, value: &mut bool| {
            if on {
                *value = true;
            } else if off {
                *value = false;
            }
        };
        pick(self.tables, self.no_tables, &mut config.tables);
        pick(self.comments, self.no_comments, &mut config.comments);
        pick(self.links, self.no_links, &mut config.links);
        pick(self.captions, self.no_captions, &mut config.captions);
    }
}
