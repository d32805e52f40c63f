//! What users can ask of extraction. One `focus` setting rather than two booleans that can
//! contradict each other.

use serde::Deserialize;

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

/// What to do with a page that holds no clear article (an index page, a login wall).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NoArticle {
    /// Report it and write nothing.
    #[default]
    Skip,
    /// Write what was found, flagged `low_confidence`.
    Keep,
}

/// Extraction settings (`[extract]` in config.toml).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
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
    /// What to do with a page that has no clear article.
    pub on_no_article: NoArticle,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            focus: Focus::Balanced,
            tables: true,
            captions: false,
            links: false,
            comments: false,
            on_no_article: NoArticle::Skip,
        }
    }
}
