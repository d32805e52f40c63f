//! The built-in phrase data (`phrases.toml`, compiled into the binary so unboil runs from anywhere).

use serde::Deserialize;
use std::sync::OnceLock;

/// Phrase lists by cleaner, as `phrases.toml` lays them out.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Builtin {
    pub strip_widgets: WidgetPhrases,
    pub strip_teasers: TeaserPhrases,
    pub strip_comment_prompts: PromptPhrases,
    pub strip_trailer: TrailerPhrases,
    pub strip_bylines: BylinePhrases,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BylinePhrases {
    pub by_words: Vec<String>,
    pub roles: Vec<String>,
    pub agencies: Vec<String>,
    pub date_labels: Vec<String>,
    pub date_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WidgetPhrases {
    pub single: Vec<String>,
    pub list: Vec<String>,
    pub list_patterns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TeaserPhrases {
    pub phrases: Vec<String>,
    pub patterns: Vec<String>,
    pub credits: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PromptPhrases {
    pub phrases: Vec<String>,
    pub patterns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TrailerPhrases {
    pub openers: Vec<String>,
    pub copyright: Vec<String>,
    pub contact: Vec<String>,
}

/// The built-in phrases, parsed once.
pub(crate) fn builtin() -> &'static Builtin {
    static BUILTIN: OnceLock<Builtin> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        toml::from_str(include_str!("phrases.toml"))
            .expect("phrases.toml is part of the build and is checked by a unit test")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_phrases_parse_and_every_pattern_compiles() {
        let b = builtin();
        assert!(b.strip_widgets.single.len() > 10);
        for p in b
            .strip_teasers
            .patterns
            .iter()
            .chain(&b.strip_widgets.list_patterns)
            .chain(&b.strip_teasers.credits)
            .chain(&b.strip_comment_prompts.patterns)
            .chain(&b.strip_trailer.copyright)
            .chain(&b.strip_trailer.contact)
        {
            regex::Regex::new(p).unwrap_or_else(|e| panic!("pattern {p}: {e}"));
        }
    }

    #[test]
    fn phrases_are_written_folded() {
        let b = builtin();
        for p in b
            .strip_widgets
            .single
            .iter()
            .chain(&b.strip_widgets.list)
            .chain(&b.strip_teasers.phrases)
            .chain(&b.strip_comment_prompts.phrases)
        {
            assert_eq!(
                &crate::text::fold(p),
                p,
                "phrase {p:?} is not in folded form"
            );
        }
    }
}
