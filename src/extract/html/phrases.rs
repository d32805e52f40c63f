//! Phrases that give a short block away as page furniture, and phrases of a paywall. Generic web
//! wording, mostly English, kept as data in `vocabulary.toml` (see [`super::vocabulary`]); a block
//! is only judged by them when it is short, and words an article may also use count only against
//! blocks that are not prose, so an article sentence that happens to mention a newsletter stays.

use super::vocabulary;
use aho_corasick::{Anchored, Input};

/// True when `text` holds furniture wording; `prose` says whether the block reads as running
/// text, which only the unmistakable wording gives away.
pub fn furniture(text: &str, prose: bool) -> bool {
    let v = vocabulary::active();
    v.furniture().is_match(text) || (!prose && v.labels().is_match(text))
}

/// True when `text` begins like a call to action or a date stamp; `prose` as for [`furniture`].
pub fn lead(text: &str, prose: bool) -> bool {
    let v = vocabulary::active();
    let input = Input::new(text).anchored(Anchored::Yes);
    v.leads().is_match(input.clone()) || (!prose && v.weak_leads().is_match(input))
}

/// True when `text` holds paywall wording.
pub fn paywall(text: &str) -> bool {
    vocabulary::active().paywall().is_match(text)
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
