//! Author names as users want them: "Ann Lee", not "By ANN LEE and", not a profile URL.
//!
//! One field often names several people ("By Ann Lee and Bo Chen"); each becomes its own name.
//! A string that does not look like a name (a URL, an e-mail address, a sentence) is dropped: a
//! missing author is better than a wrong one.

use super::text;

/// A name longer than this many words is a sentence or a blurb, not a byline.
const MAX_NAME_WORDS: usize = 6;

/// Appends the names in `raw` to `out`, cleaned and split, skipping any already there.
pub fn push_names(raw: &str, out: &mut Vec<String>) {
    let cleaned = text::clean(raw);
    let cleaned = strip_by(&cleaned);
    for part in split(cleaned) {
        let name = part
            .trim_matches(|c: char| c.is_whitespace() || ",;:|·•-–—".contains(c))
            .to_string();
        if !looks_like_name(&name) {
            continue;
        }
        if !out
            .iter()
            .any(|seen| seen.to_lowercase() == name.to_lowercase())
        {
            out.push(name);
        }
    }
}

/// The names in `raw`, cleaned and split.
pub fn names(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    push_names(raw, &mut out);
    out
}

/// Without a leading "By", "Written by", "Words by" (any case, optional colon).
fn strip_by(s: &str) -> &str {
    let s = s.trim();
    for prefix in ["written by", "words by", "posted by", "reported by", "by"] {
        if let Some(head) = s.get(..prefix.len()) {
            if head.eq_ignore_ascii_case(prefix) {
                let rest = &s[prefix.len()..];
                if rest.starts_with([' ', ':', '\u{a0}']) {
                    return rest.trim_start_matches([' ', ':', '\u{a0}']);
                }
            }
        }
    }
    s
}

/// Splits on " and ", " & ", ";" and " | ", and on commas when every part is at least two words
/// (so "Doe, Jane" stays one name).
fn split(s: &str) -> Vec<String> {
    let mut parts = vec![s.to_string()];
    for sep in [
        " and ", " And ", " AND ", " & ", ";", " | ", " e ", " y ", " und ",
    ] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .flat_map(|p| {
            let pieces: Vec<&str> = p
                .split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .collect();
            if pieces.len() > 1 && pieces.iter().all(|x| x.split_whitespace().count() >= 2) {
                pieces.into_iter().map(str::to_string).collect()
            } else {
                vec![p]
            }
        })
        .collect()
}

fn looks_like_name(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=MAX_NAME_WORDS).contains(&words)
        && s.chars().any(char::is_alphabetic)
        && !s.contains("://")
        && !s.starts_with("www.")
        && !s.contains('@')
        && !s.contains(['{', '}', '<', '>'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_become_names() {
        assert_eq!(names("By Ann Lee and Bo Chen"), ["Ann Lee", "Bo Chen"]);
        assert_eq!(
            names("by: Ann Lee, Bo Chen & Cy Dee"),
            ["Ann Lee", "Bo Chen", "Cy Dee"]
        );
        assert_eq!(names("Doe, Jane"), ["Doe, Jane"]);
        assert_eq!(names("Byron Smith"), ["Byron Smith"]);
        assert_eq!(names("https://ex.com/author/ann"), Vec::<String>::new());
        assert_eq!(names("ann@ex.com"), Vec::<String>::new());
        assert_eq!(
            names("This is a long sentence that is surely not a byline at all"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn repeats_are_dropped_in_any_case() {
        let mut out = vec!["Ann Lee".to_string()];
        push_names("ANN LEE; Bo Chen", &mut out);
        assert_eq!(out, ["Ann Lee", "Bo Chen"]);
    }

    #[test]
    fn short_or_multibyte_input_does_not_panic() {
        assert_eq!(names("B"), ["B"]);
        assert_eq!(names("Bé"), ["Bé"]);
        assert_eq!(names("byé"), ["byé"]);
        assert_eq!(names(""), Vec::<String>::new());
    }
}
