//! Phrases that give a short block away as page furniture, and phrases of a paywall. Generic web
//! wording, mostly English, compiled once; a block is only judged by them when it is short, and
//! words an article may also use count only against blocks that are not prose, so an article
//! sentence that happens to mention a newsletter stays.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use std::sync::OnceLock;

/// Wording of furniture that slips into the article box: sharing prompts, newsletter boxes,
/// copyright lines, photo credits, reading prompts. Article sentences do not say these.
const FURNITURE: &[&str] = &[
    "all rights reserved",
    "©",
    "subscribe to",
    "subscribe now",
    "sign up for",
    "our newsletter",
    "newsletters",
    "follow us",
    "share this",
    "share on",
    "share via",
    "related:",
    "read more",
    "read also",
    "see also",
    "see more",
    "don't miss",
    "also read",
    "more from",
    "click here",
    "getty images",
    "photo:",
    "photograph:",
    "image:",
    "credit:",
    "shutterstock",
    "we use cookies",
    "leave a comment",
    "leave a reply",
    "join the conversation",
    "you may also like",
    "recommended for you",
    "download the app",
    "listen to this",
    "reading time",
    "min read",
    "updated:",
    "published:",
    "filed under",
    "tags:",
    "topics:",
    // the same in other major languages
    "lesen sie auch",
    "mehr zum thema",
    "lire aussi",
    "leer más",
    "lee también",
    "leia também",
    "leia mais",
    "leggi anche",
    "читайте также",
];

/// Labels of furniture that an article sentence may also use ("the copyright office", "he
/// declined to comment in the comments"): they give a block away only when it is not prose.
const LABELS: &[&str] = &[
    "copyright",
    "subscribe",
    "sign up",
    "newsletter",
    "advertisement",
    "sponsored",
    "via ap",
    "terms of use",
    "terms of service",
    "privacy policy",
    "cookie",
    "log in",
    "sign in",
    "comments",
    "most popular",
    "trending",
    "anzeige",
    "werbung",
    "kommentare",
    "publicité",
    "commentaires",
    "publicidad",
    "comentarios",
    "publicidade",
    "comentários",
    "pubblicità",
    "commenti",
    "реклама",
    "комментарии",
];

/// How calls to action and datelines begin: a short block that opens like this is an invitation
/// or a stamp, not article text.
const LEADS: &[&str] = &[
    "follow us",
    "join our",
    "join us",
    "like this story",
    "like us on",
    "have a tip",
    "got a tip",
    "send us",
    "reach the reporter",
    "contact the author",
    "email the author",
    "first published",
    "last updated",
    "click here",
    "tap here",
    "watch:",
    "video:",
    "photos:",
    "more:",
    "also:",
    "next:",
    "previous:",
];

/// Openings that a sentence may also have ("Published in 1962, the book…"): they give a block
/// away only when it is not prose.
const WEAK_LEADS: &[&str] = &[
    "follow ",
    "updated ",
    "published ",
    "posted ",
    "click ",
    "promoted",
];

/// Wording of a paywall teaser.
const PAYWALL: &[&str] = &[
    "subscribe to read",
    "subscribe to continue",
    "subscribe now to",
    "subscribers only",
    "for subscribers",
    "subscriber-only",
    "subscriber exclusive",
    "to continue reading",
    "continue reading with",
    "already a subscriber",
    "already subscribed",
    "register to continue",
    "register to read",
    "create a free account to",
    "premium content",
    "unlock this article",
    "unlock this story",
    "become a member to",
    "sign in to read",
    "log in to read",
    "login to read",
    "to read the full",
    "members only",
    "this content is for",
    "this article is for",
    "you have reached your",
    "free articles",
];

fn build(words: &[&str]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(words)
        .expect("static phrase table")
}

/// True when `text` holds furniture wording; `prose` says whether the block reads as running
/// text, which only the unmistakable wording gives away.
pub fn furniture(text: &str, prose: bool) -> bool {
    static STRONG: OnceLock<AhoCorasick> = OnceLock::new();
    static WEAK: OnceLock<AhoCorasick> = OnceLock::new();
    STRONG.get_or_init(|| build(FURNITURE)).is_match(text)
        || (!prose && WEAK.get_or_init(|| build(LABELS)).is_match(text))
}

/// True when `text` begins like a call to action or a date stamp; `prose` as for [`furniture`].
pub fn lead(text: &str, prose: bool) -> bool {
    static STRONG: OnceLock<AhoCorasick> = OnceLock::new();
    static WEAK: OnceLock<AhoCorasick> = OnceLock::new();
    let input = Input::new(text).anchored(Anchored::Yes);
    STRONG
        .get_or_init(|| build_anchored(LEADS))
        .is_match(input.clone())
        || (!prose
            && WEAK
                .get_or_init(|| build_anchored(WEAK_LEADS))
                .is_match(input))
}

fn build_anchored(words: &[&str]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .start_kind(StartKind::Anchored)
        .build(words)
        .expect("static phrase table")
}

/// True when `text` holds paywall wording.
pub fn paywall(text: &str) -> bool {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| build(PAYWALL)).is_match(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn phrases_match_without_case() {
        assert!(super::furniture("Sign Up for our Newsletter", false));
        assert!(super::furniture("© 2024 The Daily Example", false));
        assert!(!super::furniture("The council met on Tuesday.", true));
        assert!(super::furniture("Comments", false));
        assert!(!super::furniture(
            "The copyright office will review the comments it received.",
            true
        ));
        assert!(super::lead("Follow her on Twitter @example", false));
        assert!(!super::lead("The follow-up vote is on Monday.", true));
        assert!(!super::lead(
            "Published in 1962, the book sold a million copies in a year.",
            true
        ));
        assert!(super::paywall("Subscribe to read the rest of this story"));
        assert!(!super::paywall("Subscribe to our newsletter"));
    }
}
