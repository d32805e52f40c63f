//! The words extraction reads a page by: the class/id/role names that say what a box is, and the
//! wording that gives a short block away as furniture. They are data (`vocabulary.toml`, compiled
//! into the binary), so that users can extend them without a rebuild: `[extract] vocabulary` in
//! config.toml names a file laid out the same way, whose words are added to the built-in lists
//! (or, under `remove`, taken out of them).
//!
//! The vocabulary is compiled once into Aho-Corasick automata. Extraction reads the process's
//! [`active`] vocabulary: the built-in one unless a program [`install`]s another before its first
//! page, as the CLI does from config.toml. It is one per process, like the page's language rules,
//! because it is read deep inside the page walk, where no settings are passed.

pub use super::hints::Kind;
use crate::problem::{from_toml, line_of, Problem};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, StartKind};
use serde::Deserialize;
use std::path::Path;
use std::sync::OnceLock;
use toml::Spanned;

/// What the trail says a box dropped for its name was (`extract:<reason>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Menus, breadcrumbs, pagination, search boxes.
    Navigation,
    /// A sidebar or rail.
    Sidebar,
    /// The site's header, masthead or footer.
    HeaderFooter,
    /// Related, recommended, popular or trending links.
    RelatedLinks,
    /// Sharing, following and printing buttons.
    ShareBar,
    /// Cookie and consent banners, pop-ups and dialogs.
    CookieBanner,
    /// Advertising and sponsored boxes.
    Advertising,
    /// Newsletter sign-ups, subscription and login boxes.
    NewsletterOrLogin,
    /// Bylines, datelines, tags, ratings.
    ArticleMeta,
    /// Furniture of no more particular kind.
    PageFurniture,
}

impl Reason {
    /// The name the trail records.
    pub fn name(self) -> &'static str {
        match self {
            Reason::Navigation => "navigation",
            Reason::Sidebar => "sidebar",
            Reason::HeaderFooter => "header_footer",
            Reason::RelatedLinks => "related_links",
            Reason::ShareBar => "share_bar",
            Reason::CookieBanner => "cookie_banner",
            Reason::Advertising => "advertising",
            Reason::NewsletterOrLogin => "newsletter_or_login",
            Reason::ArticleMeta => "article_meta",
            Reason::PageFurniture => "page_furniture",
        }
    }
}

/// A vocabulary file as written: the built-in `vocabulary.toml` or a user's extension of it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularyFile {
    /// Built-in words or phrases to take out (a user's file only).
    #[serde(default)]
    remove: Vec<Spanned<String>>,
    #[serde(default)]
    names: Vec<NameGroup>,
    #[serde(default)]
    phrases: PhraseFile,
}

/// Hint words of one kind and reason.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NameGroup {
    kind: Spanned<Kind>,
    reason: Option<Spanned<Reason>>,
    /// Words matched anywhere inside a name.
    #[serde(default)]
    words: Vec<Spanned<String>>,
    /// Words matched only where they stand alone in a name.
    #[serde(default)]
    whole_words: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseFile {
    #[serde(default)]
    furniture: Vec<Spanned<String>>,
    #[serde(default)]
    labels: Vec<Spanned<String>>,
    #[serde(default)]
    leads: Vec<Spanned<String>>,
    #[serde(default)]
    weak_leads: Vec<Spanned<String>>,
    #[serde(default)]
    paywall: Vec<Spanned<String>>,
}

/// One hint word: what a name holding it says about its box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameWord {
    /// The word, matched without ASCII case.
    pub word: String,
    /// What it says.
    pub kind: Kind,
    /// True when it counts only standing alone ("ad" in "ad-slot", not in "header").
    pub whole: bool,
    /// The trail reason of a furniture, weak or comment word; empty for the other kinds.
    pub label: &'static str,
}

/// The word lists before compiling, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Lists {
    names: Vec<NameWord>,
    furniture: Vec<String>,
    labels: Vec<String>,
    leads: Vec<String>,
    weak_leads: Vec<String>,
    paywall: Vec<String>,
}

/// A compiled vocabulary.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    lists: Lists,
    names: AhoCorasick,
    furniture: AhoCorasick,
    labels: AhoCorasick,
    leads: AhoCorasick,
    weak_leads: AhoCorasick,
    paywall: AhoCorasick,
}

impl PartialEq for Vocabulary {
    fn eq(&self, other: &Self) -> bool {
        self.lists == other.lists
    }
}

/// The built-in vocabulary's text (`unboil config --vocabulary` prints it).
pub const BUILTIN: &str = include_str!("vocabulary.toml");

/// The built-in lists, parsed once.
fn builtin_lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut lists = Lists::default();
        let path = Path::new("src/extract/html/vocabulary.toml");
        let problems = merge(&mut lists, BUILTIN, path, false);
        assert!(
            problems.is_empty(),
            "vocabulary.toml is part of the build and is checked by a unit test: {problems:?}"
        );
        lists
    })
}

static ACTIVE: OnceLock<Vocabulary> = OnceLock::new();

/// The vocabulary extraction uses: the installed one, else the built-in one.
pub fn active() -> &'static Vocabulary {
    ACTIVE.get_or_init(Vocabulary::builtin)
}

/// Another program already set the vocabulary, or extracted a page with the built-in one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the extraction vocabulary is already in use in this process: install a vocabulary once, before the first page is extracted")]
pub struct AlreadyActive;

/// Makes `vocabulary` the one extraction uses in this process. It must come before the first
/// page: installing the vocabulary already active is fine, any other is an error.
pub fn install(vocabulary: Vocabulary) -> Result<(), AlreadyActive> {
    let active = ACTIVE.get_or_init(|| vocabulary.clone());
    if *active == vocabulary {
        Ok(())
    } else {
        Err(AlreadyActive)
    }
}

impl Vocabulary {
    /// The built-in vocabulary.
    pub fn builtin() -> Vocabulary {
        Vocabulary::compile(builtin_lists().clone())
    }

    /// The built-in vocabulary extended by the user's file `text`, read from `path`: every
    /// problem in it, each with its line.
    pub fn extended(text: &str, path: &Path) -> Result<Vocabulary, Vec<Problem>> {
        let mut lists = builtin_lists().clone();
        let problems = merge(&mut lists, text, path, true);
        if problems.is_empty() {
            Ok(Vocabulary::compile(lists))
        } else {
            Err(problems)
        }
    }

    fn compile(lists: Lists) -> Vocabulary {
        let names = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(lists.names.iter().map(|w| &w.word))
            .expect("hint words are short literals");
        Vocabulary {
            names,
            furniture: anywhere(&lists.furniture),
            labels: anywhere(&lists.labels),
            leads: anchored(&lists.leads),
            weak_leads: anchored(&lists.weak_leads),
            paywall: anywhere(&lists.paywall),
            lists,
        }
    }

    /// The automaton of the hint words; a match's pattern index is its entry in [`Self::name`].
    pub fn names(&self) -> &AhoCorasick {
        &self.names
    }

    /// The hint word of pattern `i` of [`Self::names`].
    pub fn name(&self, i: usize) -> &NameWord {
        &self.lists.names[i]
    }

    /// Furniture wording found anywhere in a block.
    pub fn furniture(&self) -> &AhoCorasick {
        &self.furniture
    }

    /// Furniture labels that count only against blocks that are not prose.
    pub fn labels(&self) -> &AhoCorasick {
        &self.labels
    }

    /// Openings of calls to action and datelines (an anchored automaton).
    pub fn leads(&self) -> &AhoCorasick {
        &self.leads
    }

    /// Openings that count only against blocks that are not prose (anchored).
    pub fn weak_leads(&self) -> &AhoCorasick {
        &self.weak_leads
    }

    /// Paywall wording.
    pub fn paywall(&self) -> &AhoCorasick {
        &self.paywall
    }
}

fn anywhere(words: &[String]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(words)
        .expect("phrases are literals")
}

fn anchored(words: &[String]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .start_kind(StartKind::Anchored)
        .build(words)
        .expect("phrases are literals")
}

/// Adds the words of the vocabulary file `text` to `lists` (a word already there takes its new
/// meaning) after taking out those under `remove`, which only a user's file (`user`) may have.
/// Returns every problem found.
fn merge(lists: &mut Lists, text: &str, path: &Path, user: bool) -> Vec<Problem> {
    let file: VocabularyFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => return vec![from_toml(path, text, &e)],
    };
    let mut problems = Vec::new();
    let at = |span: std::ops::Range<usize>| Some(line_of(text, span.start));
    let mut problem = |span, message: String| problems.push(Problem::new(path, at(span), message));

    for word in &file.remove {
        let w = word.get_ref();
        let before = lists.clone();
        lists.names.retain(|n| !n.word.eq_ignore_ascii_case(w));
        for list in lists.phrases_mut() {
            list.retain(|p| !p.eq_ignore_ascii_case(w));
        }
        if !user {
            problem(
                word.span(),
                "the built-in vocabulary removes nothing".into(),
            );
        } else if *lists == before {
            problem(
                word.span(),
                format!("remove: {w:?} is not a built-in name or phrase: check its spelling (see `src/extract/html/vocabulary.toml`) or drop it"),
            );
        }
    }

    for group in &file.names {
        let kind = *group.kind.get_ref();
        let label = match (kind, &group.reason) {
            (Kind::Boiler | Kind::Weak, Some(r)) => r.get_ref().name(),
            (Kind::Boiler | Kind::Weak, None) => Reason::PageFurniture.name(),
            (Kind::Comment, None) => "comments",
            (_, None) => "",
            (_, Some(r)) => {
                problem(
                    r.span(),
                    "reason: only furniture and weak words give a reason (comment words are always \"comments\"): drop the reason or change the kind".into(),
                );
                ""
            }
        };
        let words = group.words.iter().map(|w| (w, false));
        for (word, whole) in words.chain(group.whole_words.iter().map(|w| (w, true))) {
            let w = word.get_ref();
            if let Some(message) = unusable_name(w) {
                problem(word.span(), message);
                continue;
            }
            let entry = NameWord {
                word: w.clone(),
                kind,
                whole,
                label,
            };
            match lists
                .names
                .iter_mut()
                .find(|n| n.word.eq_ignore_ascii_case(w))
            {
                Some(known) if user => *known = entry,
                Some(_) => problem(word.span(), format!("{w:?} is listed twice")),
                None => lists.names.push(entry),
            }
        }
    }

    let p = &file.phrases;
    let added = [&p.furniture, &p.labels, &p.leads, &p.weak_leads, &p.paywall];
    for (list, added) in lists.phrases_mut().into_iter().zip(added) {
        for phrase in added {
            let s = phrase.get_ref();
            if s.trim().is_empty() {
                problem(
                    phrase.span(),
                    "an empty phrase would match every block: drop it".into(),
                );
            } else if !list.iter().any(|known| known.eq_ignore_ascii_case(s)) {
                list.push(s.clone());
            }
        }
    }
    problems
}

/// Why `word` cannot be a hint word, if it cannot.
fn unusable_name(word: &str) -> Option<String> {
    if word.is_empty() {
        Some("an empty name word would match every box: drop it".into())
    } else if word.chars().any(char::is_whitespace) {
        Some(format!(
            "{word:?} holds a space, but names are split at spaces: write one word per entry"
        ))
    } else {
        None
    }
}

impl Lists {
    fn phrases_mut(&mut self) -> [&mut Vec<String>; 5] {
        [
            &mut self.furniture,
            &mut self.labels,
            &mut self.leads,
            &mut self.weak_leads,
            &mut self.paywall,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(text: &str) -> Result<Vocabulary, Vec<Problem>> {
        Vocabulary::extended(text, Path::new("words.toml"))
    }

    fn finds<'a>(v: &'a Vocabulary, name: &str) -> Vec<&'a NameWord> {
        v.names()
            .find_iter(name)
            .map(|m| v.name(m.pattern().as_usize()))
            .collect()
    }

    #[test]
    fn the_builtin_vocabulary_parses_with_every_kind_and_reason_known() {
        // Unknown kinds and reasons are serde errors, so parsing is the check.
        let lists = builtin_lists();
        assert!(lists.names.len() > 100);
        for kind in [
            Kind::Boiler,
            Kind::Weak,
            Kind::Comment,
            Kind::Caption,
            Kind::Slides,
            Kind::Content,
            Kind::Hidden,
            Kind::Embed,
            Kind::Neutral,
        ] {
            assert!(lists.names.iter().any(|n| n.kind == kind), "{kind:?}");
        }
        for n in &lists.names {
            let dropped = matches!(n.kind, Kind::Boiler | Kind::Weak | Kind::Comment);
            assert_eq!(dropped, !n.label.is_empty(), "{n:?}");
        }
        for list in [
            &lists.furniture,
            &lists.labels,
            &lists.leads,
            &lists.weak_leads,
            &lists.paywall,
        ] {
            assert!(!list.is_empty());
        }
    }

    #[test]
    fn names_give_their_reason() {
        let v = Vocabulary::builtin();
        let labels = |name| finds(&v, name).iter().map(|n| n.label).collect::<Vec<_>>();
        assert_eq!(labels("top-nav"), ["navigation"]);
        assert_eq!(labels("share-bar"), ["share_bar"]);
        assert_eq!(labels("comments"), ["comments"]);
        assert_eq!(labels("site-header"), ["header_footer"]);
    }

    #[test]
    fn a_user_file_adds_changes_and_removes_words() {
        let v = user(
            "remove = [\"print\", \"via ap\"]\n\
             [[names]]\nkind = \"furniture\"\nreason = \"advertising\"\nwords = [\"paid-post\"]\n\
             [[names]]\nkind = \"neutral\"\nwords = [\"tags\"]\n\
             [phrases]\nfurniture = [\"werbung:\"]\n",
        )
        .unwrap();
        let paid = finds(&v, "paid-post-box");
        assert_eq!(paid.len(), 1);
        assert_eq!((paid[0].kind, paid[0].label), (Kind::Boiler, "advertising"));
        assert_eq!(finds(&v, "tags")[0].kind, Kind::Neutral);
        assert!(finds(&v, "print").is_empty());
        assert!(!finds(&Vocabulary::builtin(), "print").is_empty());
        assert!(v.furniture().is_match("Werbung: ein Auto"));
        assert!(!v.labels().is_match("photo via AP"));
        assert!(Vocabulary::builtin().labels().is_match("photo via AP"));
    }

    #[test]
    fn problems_in_a_user_file_name_the_line() {
        let problems = user(
            "[[names]]\nkind = \"furniture\"\nwords = [\"ok\",\n  \"two words\"]\n\
             [[names]]\nkind = \"caption\"\nreason = \"sidebar\"\nwords = [\"pic\"]\n",
        )
        .unwrap_err();
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown[0].starts_with("words.toml:4: \"two words\" holds a space"));
        assert!(shown[1].starts_with("words.toml:7: reason: only furniture"));

        let shown = user("remove = [\"nosuchword\"]\n").unwrap_err()[0].to_string();
        assert!(
            shown.starts_with("words.toml:1: remove: \"nosuchword\" is not"),
            "{shown}"
        );

        let shown = user("[[names]]\nkind = \"furnture\"\n").unwrap_err()[0].to_string();
        assert!(
            shown.starts_with("words.toml:2: unknown variant `furnture`"),
            "{shown}"
        );
    }

    #[test]
    fn installing_the_active_vocabulary_again_is_fine() {
        assert_eq!(install(active().clone()), Ok(()));
    }
}
