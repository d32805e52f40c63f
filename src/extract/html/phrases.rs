//! Phrases that give a short block away as page furniture, and phrases of a paywall. Generic web
//! wording in English, compiled once; a block is only judged by them when it is short, so an
//! article sentence that happens to mention a newsletter stays.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use std::sync::OnceLock;

/// Wording of furniture that slips into the article box: sharing prompts, newsletter boxes,
/// copyright lines, photo credits, advertising labels, comment prompts.
const FURNITURE: &[&str] = &[
    "all rights reserved",
    "©",
    "copyright",
    "subscribe",
    "sign up",
    "newsletter",
    "follow us",
    "share this",
    "share on",
    "share via",
    "advertisement",
    "sponsored",
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
    "via ap",
    "shutterstock",
    "terms of use",
    "terms of service",
    "privacy policy",
    "cookie",
    "log in",
    "sign in",
    "comments",
    "leave a comment",
    "leave a reply",
    "join the conversation",
    "you may also like",
    "recommended for you",
    "most popular",
    "trending",
    "download the app",
    "listen to this",
    "reading time",
    "min read",
    "updated:",
    "published:",
    "filed under",
    "tags:",
    "topics:",
    // the same furniture in other major languages
    "anzeige",
    "werbung",
    "lesen sie auch",
    "mehr zum thema",
    "kommentare",
    "publicité",
    "lire aussi",
    "commentaires",
    "publicidad",
    "leer más",
    "lee también",
    "comentarios",
    "publicidade",
    "leia também",
    "leia mais",
    "comentários",
    "pubblicità",
    "leggi anche",
    "commenti",
    "реклама",
    "читайте также",
    "комментарии",
];

/// How calls to action and datelines begin: a short block that opens like this is an invitation
/// or a stamp, not article text.
const LEADS: &[&str] = &[
    "follow ",
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
    "updated ",
    "published ",
    "posted ",
    "click ",
    "tap here",
    "watch:",
    "video:",
    "photos:",
    "more:",
    "also:",
    "next:",
    "previous:",
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

/// True when `text` holds furniture wording.
pub fn furniture(text: &str) -> bool {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| build(FURNITURE)).is_match(text)
}

/// True when `text` begins like a call to action or a date stamp.
pub fn lead(text: &str) -> bool {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .start_kind(StartKind::Anchored)
            .build(LEADS)
            .expect("static phrase table")
    });
    ac.is_match(Input::new(text).anchored(Anchored::Yes))
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
        assert!(super::furniture("Sign Up for our Newsletter"));
        assert!(super::furniture("© 2024 The Daily Example"));
        assert!(!super::furniture("The council met on Tuesday."));
        assert!(super::lead("Follow her on Twitter @example"));
        assert!(!super::lead("The follow-up vote is on Monday."));
        assert!(super::paywall("Subscribe to read the rest of this story"));
        assert!(!super::paywall("Subscribe to our newsletter"));
    }
}
