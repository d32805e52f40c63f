//! The chain of cleaners, built from configuration: which cleaners, in which order, with which
//! settings.

use super::screen::{Family, Screen};
use super::{
    BlockFacts, Cleaner, NormalizeWhitespace, StripAgencyTags, StripAgencyTagsConfig, StripBylines,
    StripBylinesConfig, StripCommentPrompts, StripCommentPromptsConfig, StripDuplicateHeadline,
    StripPageChrome, StripPageChromeConfig, StripTeasers, StripTeasersConfig, StripTrailer,
    StripTrailerConfig, StripWidgets, StripWidgetsConfig,
};
use crate::document::Document;
use crate::rules::RuleSet;
use crate::trail::Trail;
use serde::Deserialize;
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// One cleaner of the chain as a user configures it (`[[clean.chain]]` with a `type`).
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CleanerConfig {
    /// The site rules loaded from the rule files.
    SiteRules,
    /// "Previous Article" / "Related" labels with the titles they link.
    StripWidgets(StripWidgetsConfig),
    /// Summary prompts, share bars, ads, reading time, newsletter prompts, photo credits.
    StripTeasers(StripTeasersConfig),
    /// "Leave a Comment" and the rest of the comment section's prompts.
    StripCommentPrompts(StripCommentPromptsConfig),
    /// Attribution / source / credit trailers and copyright footers.
    StripTrailer(StripTrailerConfig),
    /// An agency tag repeated at the end of paragraphs.
    StripAgencyTags(StripAgencyTagsConfig),
    /// Bylines, datelines and agency credits standing alone.
    StripBylines(StripBylinesConfig),
    /// A headline repeated at the top.
    StripDuplicateHeadline,
    /// Menus and footers around the article in a text dump.
    StripPageChrome(StripPageChromeConfig),
    /// Whitespace runs and invisible characters.
    NormalizeWhitespace,
}

impl CleanerConfig {
    /// True when building this cleaner compiles phrases or patterns of the user's, and so can
    /// fail. With only the built-in ones every cleaner builds (a unit test holds it): checking a
    /// configuration need not compile such a cleaner once more before the chain compiles it,
    /// which was a tenth of a run's start-up.
    pub fn compiles_own_patterns(&self) -> bool {
        match self {
            CleanerConfig::StripWidgets(c) => {
                !(c.extra_single.is_empty()
                    && c.extra_list.is_empty()
                    && c.extra_list_patterns.is_empty())
            }
            CleanerConfig::StripTeasers(c) => {
                !(c.extra_phrases.is_empty() && c.extra_patterns.is_empty())
            }
            CleanerConfig::StripCommentPrompts(c) => {
                !(c.extra_phrases.is_empty() && c.extra_patterns.is_empty())
            }
            CleanerConfig::StripTrailer(c) => !c.extra_openers.is_empty(),
            CleanerConfig::SiteRules
            | CleanerConfig::StripAgencyTags(_)
            | CleanerConfig::StripBylines(_)
            | CleanerConfig::StripDuplicateHeadline
            | CleanerConfig::StripPageChrome(_)
            | CleanerConfig::NormalizeWhitespace => false,
        }
    }
}

/// The `[clean]` section of config.toml.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CleanConfig {
    /// Rule files, or folders of them, relative to the config file.
    pub rules: Vec<PathBuf>,
    /// The cleaners, in order. Leave one out to disable it.
    pub chain: Vec<CleanerConfig>,
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig {
            rules: vec![PathBuf::from("rules")],
            chain: default_chain(),
        }
    }
}

/// The built-in cleaners with their default settings, in the recommended order: site rules first
/// (they know the site best), whitespace last. `strip_page_chrome` is left out: on dumps of whole
/// pages it removes menus and footers, but on already-extracted text it can take an article's own
/// short lines (a list of tour dates), so it is for users who opt in.
pub fn default_chain() -> Vec<CleanerConfig> {
    vec![
        CleanerConfig::SiteRules,
        CleanerConfig::StripWidgets(Default::default()),
        CleanerConfig::StripTeasers(Default::default()),
        CleanerConfig::StripCommentPrompts(Default::default()),
        CleanerConfig::StripTrailer(Default::default()),
        CleanerConfig::StripAgencyTags(Default::default()),
        CleanerConfig::StripBylines(Default::default()),
        CleanerConfig::StripDuplicateHeadline,
        CleanerConfig::NormalizeWhitespace,
    ]
}

/// A cleaner's settings that do not compile.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// A user-supplied pattern is not a valid regex.
    #[error("cleaner {cleaner}: invalid pattern: {source}")]
    Pattern {
        /// Which cleaner.
        cleaner: &'static str,
        /// The regex error.
        source: regex::Error,
    },
    /// The label automaton could not be built.
    #[error("cleaner {cleaner}: {message}")]
    Build {
        /// Which cleaner.
        cleaner: &'static str,
        /// What went wrong.
        message: String,
    },
}

/// How many times the chain may run over one document before it is left as it is.
pub const MAX_PASSES: usize = 4;

/// The configured cleaners, run in order on every document.
pub struct Chain {
    cleaners: Vec<Box<dyn Cleaner>>,
    /// For each cleaner, whether it tells the shared facts of every text it changes (the
    /// built-in ones do, see [`BlockFacts`]); after one that does not, they are forgotten.
    tells_changes: Vec<bool>,
    /// The phrase families of the built-in cleaners, for the screen.
    families: Vec<Family>,
    /// Where those families could act, worked out once per block; built on the first document
    /// (a chain built only to check a configuration never needs it).
    screen: OnceLock<Arc<Screen>>,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.cleaners.iter().map(|c| c.name()))
            .finish()
    }
}

impl Chain {
    /// Builds the chain `configs` describes; `rules` serves the `site_rules` step.
    pub fn build(configs: &[CleanerConfig], rules: &RuleSet) -> Result<Chain, ChainError> {
        let mut cleaners: Vec<Box<dyn Cleaner>> = Vec::with_capacity(configs.len());
        let mut families: Vec<Family> = Vec::new();
        for config in configs {
            let cleaner: Box<dyn Cleaner> = match config {
                CleanerConfig::SiteRules => Box::new(rules.clone()),
                CleanerConfig::StripWidgets(c) => {
                    let cleaner = StripWidgets::new(c)?;
                    families.extend(cleaner.families());
                    Box::new(cleaner)
                }
                CleanerConfig::StripTeasers(c) => {
                    let cleaner = StripTeasers::new(c).map_err(|source| ChainError::Pattern {
                        cleaner: "strip_teasers",
                        source,
                    })?;
                    families.extend(cleaner.families());
                    Box::new(cleaner)
                }
                CleanerConfig::StripCommentPrompts(c) => {
                    let cleaner =
                        StripCommentPrompts::new(c).map_err(|source| ChainError::Pattern {
                            cleaner: "strip_comment_prompts",
                            source,
                        })?;
                    families.extend(cleaner.families());
                    Box::new(cleaner)
                }
                CleanerConfig::StripTrailer(c) => {
                    let cleaner = StripTrailer::new(c).map_err(|source| ChainError::Pattern {
                        cleaner: "strip_trailer",
                        source,
                    })?;
                    families.extend(cleaner.families());
                    Box::new(cleaner)
                }
                CleanerConfig::StripAgencyTags(c) => Box::new(StripAgencyTags::new(c)),
                CleanerConfig::StripBylines(c) => Box::new(StripBylines::new(c)),
                CleanerConfig::StripDuplicateHeadline => Box::new(StripDuplicateHeadline),
                CleanerConfig::StripPageChrome(c) => Box::new(StripPageChrome::new(c)),
                CleanerConfig::NormalizeWhitespace => Box::new(NormalizeWhitespace),
            };
            cleaners.push(cleaner);
        }
        Ok(Chain {
            tells_changes: vec![true; cleaners.len()],
            cleaners,
            families,
            screen: OnceLock::new(),
        })
    }

    /// The chain with every built-in cleaner at its defaults and no site rules.
    pub fn builtin() -> Chain {
        Chain::build(&default_chain(), &RuleSet::default())
            .expect("the built-in phrases compile; a unit test checks them")
    }

    /// Cleans `doc` in place and returns what was removed.
    ///
    /// One removal can reveal another (a tag that ends most paragraphs only once a more common
    /// one is gone), so the chain runs again while it still removes something, up to
    /// [`MAX_PASSES`] times. That is what makes cleaning idempotent: the output of `clean` is a
    /// text the chain no longer changes.
    pub fn clean(&self, doc: &mut Document) -> Trail {
        let mut trail = Trail::new();
        self.clean_into(doc, &mut trail);
        trail
    }

    /// Like [`Chain::clean`], adding to a trail that may already hold removals (those of the HTML
    /// stage).
    ///
    /// The cleaners share one [`BlockFacts`] for the whole fixed point: a block is folded and
    /// counted once, the chain's screen tells once per block which phrase families could act on
    /// it, and a later pass asks again only about the blocks a cleaner changed.
    pub fn clean_into(&self, doc: &mut Document, trail: &mut Trail) {
        thread_local! {
            /// Each worker's facts, kept between documents so their buffers are reused.
            static FACTS: RefCell<BlockFacts> = RefCell::new(BlockFacts::new());
        }
        FACTS.with(|kept| match kept.try_borrow_mut() {
            Ok(mut facts) => self.clean_with_facts(doc, trail, &mut facts),
            // A cleaner that runs a chain of its own inside this one.
            Err(_) => self.clean_with_facts(doc, trail, &mut BlockFacts::new()),
        });
    }

    fn clean_with_facts(&self, doc: &mut Document, trail: &mut Trail, facts: &mut BlockFacts) {
        let screen = self
            .screen
            .get_or_init(|| Arc::new(Screen::new(&self.families)));
        facts.reset(Arc::clone(screen));
        for _ in 0..MAX_PASSES {
            let before = trail.removals().len();
            for (cleaner, &tells) in self.cleaners.iter().zip(&self.tells_changes) {
                let _span = tracing::trace_span!("cleaner", cleaner = cleaner.name()).entered();
                // The facts tell blocks apart by origin: a document whose origins do not
                // increase (blocks a program numbered itself) is cleaned without sharing them.
                let shared = origins_increase(doc);
                if shared {
                    cleaner.clean_with(doc, trail, facts);
                } else {
                    cleaner.clean(doc, trail);
                }
                if !tells || !shared {
                    facts.forget_all();
                }
            }
            if trail.removals().len() == before {
                break;
            }
        }
    }

    /// [`Chain::clean_into`] as it was before the cleaners shared their facts: each cleaner on
    /// its own, working everything out again. The reference the shared path is tested against.
    #[cfg(test)]
    pub(crate) fn clean_into_unshared(&self, doc: &mut Document, trail: &mut Trail) {
        for _ in 0..MAX_PASSES {
            let before = trail.removals().len();
            for cleaner in &self.cleaners {
                cleaner.clean(doc, trail);
            }
            if trail.removals().len() == before {
                break;
            }
        }
    }

    /// The chain with `cleaner` added at its end: how a program embedding unboil adds a cleaner
    /// of its own (the configuration names only the built-in ones).
    pub fn then(mut self, cleaner: Box<dyn Cleaner>) -> Chain {
        self.cleaners.push(cleaner);
        self.tells_changes.push(false);
        self
    }

    /// The cleaners' names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.cleaners.iter().map(|c| c.name()).collect()
    }
}

/// True when every block's origin is greater than the one before it, as extraction numbers them
/// (cleaners only drop blocks or shorten them, which keeps it so).
fn origins_increase(doc: &Document) -> bool {
    doc.blocks.windows(2).all(|w| w[0].origin < w[1].origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, BlockKind};
    use proptest::prelude::*;

    /// The boilerplate and look-alike lines of `fixtures/equivalence/lines.txt`.
    fn lines() -> Vec<&'static str> {
        include_str!("../../fixtures/equivalence/lines.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect()
    }

    /// A line of the pool as scraped text has it: changed case, decoration, a final mark, odd
    /// spaces, an agency tag glued on.
    fn mangled_line() -> impl Strategy<Value = String> {
        let pool = lines();
        (0..pool.len(), 0..12u8).prop_map(move |(i, how)| {
            let line = pool[i];
            match how {
                0 => line.to_uppercase(),
                1 => line.to_lowercase(),
                2 => format!("» {line}"),
                3 => format!("{line}."),
                4 => line.replacen(' ', "  ", 1),
                5 => line.replacen(' ', "\u{a0}", 1),
                6 => format!("{line} (DEA News)"),
                _ => line.to_string(),
            }
        })
    }

    fn rules() -> RuleSet {
        let path = std::path::Path::new("fixtures/equivalence/rules/example.org.toml");
        let text = include_str!("../../fixtures/equivalence/rules/example.org.toml");
        RuleSet::new(vec![
            crate::rules::SiteRules::parse(text, path).expect("the test rules parse")
        ])
    }

    /// The chain without and with `strip_page_chrome`, built once for every case.
    fn chains() -> &'static [Chain; 2] {
        static CHAINS: std::sync::OnceLock<[Chain; 2]> = std::sync::OnceLock::new();
        CHAINS.get_or_init(|| {
            let mut with_chrome = default_chain();
            with_chrome.insert(7, CleanerConfig::StripPageChrome(Default::default()));
            [default_chain(), with_chrome]
                .map(|configs| Chain::build(&configs, &rules()).expect("builds"))
        })
    }

    /// A program's own cleaner that rewrites texts without telling the facts (to the same
    /// length, so the facts' length check cannot notice): it mends a scraper's typo.
    struct Mending;

    impl Cleaner for Mending {
        fn name(&self) -> &str {
            "mending"
        }
        fn clean(&self, doc: &mut Document, _: &mut Trail) {
            for block in &mut doc.blocks {
                block.text = block.text.replace("Bdvertisement", "Advertisement");
            }
        }
    }

    #[test]
    fn a_cleaner_that_does_not_tell_its_changes_is_not_trusted() {
        // The first pass drops the comment prompt, and the mended block is an advertisement
        // the second pass must see, whatever the facts knew of its text before.
        let chain = Chain::builtin().then(Box::new(Mending));
        let lines = [
            "Body text that stays here.",
            "Bdvertisement",
            "Leave a comment",
        ];
        let mut doc = crate::clean::test_support::doc_of(&lines);
        let mut reference = doc.clone();
        let (mut shared, mut unshared) = (Trail::new(), Trail::new());
        chain.clean_into(&mut doc, &mut shared);
        chain.clean_into_unshared(&mut reference, &mut unshared);
        assert_eq!(doc.blocks, reference.blocks);
        assert_eq!(shared.removals(), unshared.removals());
        assert_eq!(crate::clean::test_support::texts(&doc), [lines[0]]);
    }

    #[test]
    fn every_cleaner_with_only_built_in_patterns_builds() {
        // What lets a configuration check pass over them (`compiles_own_patterns`).
        let mut configs = default_chain();
        configs.push(CleanerConfig::StripPageChrome(Default::default()));
        configs.push(CleanerConfig::StripTeasers(StripTeasersConfig {
            keep_credits: true,
            ..Default::default()
        }));
        configs.push(CleanerConfig::StripTrailer(StripTrailerConfig {
            keep_copyright: true,
            ..Default::default()
        }));
        for config in &configs {
            assert!(!config.compiles_own_patterns(), "{config:?}");
            let built = Chain::build(std::slice::from_ref(config), &RuleSet::default());
            assert!(built.is_ok(), "{config:?}");
        }
        let own = CleanerConfig::StripTeasers(StripTeasersConfig {
            extra_patterns: vec!["broken[".into()],
            ..Default::default()
        });
        assert!(own.compiles_own_patterns());
        assert!(Chain::build(&[own], &RuleSet::default()).is_err());
    }

    #[test]
    fn blocks_numbered_alike_are_told_apart() {
        // A program that builds its blocks with one origin for all of them; the first two have
        // texts of one length.
        let mut doc = Document::new("t", "t");
        doc.blocks = [
            "Advertisement",
            "Fine weather.",
            "The body of the article, which stays.",
        ]
        .iter()
        .map(|l| Block::new(BlockKind::Paragraph, *l, 0))
        .collect();
        let mut reference = doc.clone();
        let (mut shared, mut unshared) = (Trail::new(), Trail::new());
        let chain = Chain::builtin();
        chain.clean_into(&mut doc, &mut shared);
        chain.clean_into_unshared(&mut reference, &mut unshared);
        assert_eq!(doc.blocks, reference.blocks);
        assert_eq!(shared.removals(), unshared.removals());
        assert_eq!(doc.blocks.len(), 2, "{:?}", doc.blocks);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Sharing facts across cleaners and passes removes exactly what each cleaner working
        /// everything out on its own removes, in the same order, leaving the same text.
        #[test]
        fn the_shared_chain_is_the_unshared_chain(
            lines in proptest::collection::vec(mangled_line(), 0..24),
            page_chrome in any::<bool>(),
            on_site in any::<bool>(),
        ) {
            let chain = &chains()[usize::from(page_chrome)];
            let mut doc = Document::new("t", "t");
            doc.url = on_site.then(|| "https://example.org/a".to_string());
            doc.blocks = lines
                .iter()
                .enumerate()
                .map(|(i, l)| Block::new(BlockKind::Paragraph, l.trim(), i))
                .filter(|b| !b.text.is_empty())
                .collect();
            let mut reference = doc.clone();
            let (mut shared, mut unshared) = (Trail::new(), Trail::new());
            chain.clean_into(&mut doc, &mut shared);
            chain.clean_into_unshared(&mut reference, &mut unshared);
            prop_assert_eq!(&doc.blocks, &reference.blocks);
            prop_assert_eq!(shared.removals(), unshared.removals());
        }
    }
}
