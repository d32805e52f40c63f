//! What users can ask of extraction. One `focus` setting rather than two booleans that can
//! contradict each other.

use serde::Deserialize;
use std::path::PathBuf;

/// Which way to lean when the extractor is unsure whether a block belongs to the article.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Focus {
    /// Leave out doubtful blocks: less boilerplate, maybe a lost sentence.
    Precision,
    /// The default trade-off.
    #[default]
    Balanced,
    /// Keep doubtful blocks: the whole article, maybe a crumb of boilerplate.
    Recall,
}

/// What to do with a page whose extraction is below `min_confidence` (an index page, a login wall,
/// a page the extractor could not read with confidence).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NoArticle {
    /// Report it and write nothing.
    Skip,
    /// Write what was found, flagged `low_confidence` (the default: losing a page silently is
    /// worse than writing a doubtful one, and the flag and confidence say how doubtful).
    #[default]
    Keep,
}

/// The default `min_confidence`: a page with a paragraph or two of prose scores above it, a page
/// of bare links or a shell with a sentence of text below it (see `flags::confidence`).
pub const DEFAULT_MIN_CONFIDENCE: f32 = 0.3;

/// Extraction settings (`[extract]` in config.toml).
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ExtractOptions {
    /// precision, balanced or recall.
    pub focus: Focus,
    /// Keep tables, one block per row with cells joined by " | ".
    pub tables: bool,
    /// Keep image and figure captions.
    pub captions: bool,
    /// Keep links, written as Markdown `[text](url)`.
    pub links: bool,
    /// Keep the page's comment section.
    pub comments: bool,
    /// What to do with a page whose confidence is below `min_confidence`: "keep" it flagged
    /// `low_confidence`, or "skip" it (reported). A page with no text at all is always skipped.
    pub on_no_article: NoArticle,
    /// Below this confidence (0 to 1) a document is flagged `low_confidence`. The default flags
    /// pages with almost no running text and pages of link entries, not short articles.
    pub min_confidence: f32,
    /// A file of words that extend the built-in vocabulary extraction reads pages by (class/id
    /// names that mark furniture, comments or the article; furniture and paywall wording), laid
    /// out like the built-in `src/extract/html/vocabulary.toml`, relative to the config file.
    /// `remove = ["print"]` in it takes built-in words out.
    pub vocabulary: Option<PathBuf>,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            focus: Focus::Balanced,
            tables: true,
            captions: false,
            links: false,
            comments: false,
            on_no_article: NoArticle::Keep,
            min_confidence: DEFAULT_MIN_CONFIDENCE,
            vocabulary: None,
        }
    }
}
