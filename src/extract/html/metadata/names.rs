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

/// Without a leading "By", "Written by", "Analysis by" (label words before "by"),
/// or a one-word label with a colon ("Text:", "Autor:").
fn strip_by(s: &str) -> &str {
    let s = s.trim();
    let words: Vec<(usize, &str)> = s
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
        .take(4)
        .collect();
    for (i, &(at, w)) in words.iter().enumerate().take(3) {
        let bare = w.trim_end_matches(':');
        if bare.eq_ignore_ascii_case("by") {
            let rest = s[at + w.len()..].trim_start_matches([' ', ':', '\u{a0}']);
            if !rest.is_empty() && (i == 0 || words[..i].iter().all(|(_, l)| is_label(l))) {
                return rest;
            }
        }
    }
    // Spanish, Portuguese and French "by", only before a capitalised word ("Por María Gómez").
    for by in ["Por ", "por ", "Par ", "par "] {
        if let Some(rest) = s.strip_prefix(by) {
            if rest.chars().next().is_some_and(char::is_uppercase) {
                return rest;
            }
        }
    }
    if let Some((label, rest)) = s.split_once(':') {
        let label = label.trim();
        let rest_ok = !rest.trim().is_empty() && !rest.starts_with('/');
        if label.chars().all(char::is_alphabetic) && label.chars().count() <= 12 && rest_ok {
            return rest.trim();
        }
    }
    s
}

/// A word that may stand before "by" in a byline label ("Analysis by", "Story and photos by"): a
/// fixed list, so that "Stand by Me" stays whole.
fn is_label(w: &str) -> bool {
    const LABELS: &[&str] = &[
        "a",
        "an",
        "and",
        "analysis",
        "column",
        "commentary",
        "compiled",
        "edited",
        "essay",
        "interview",
        "opinion",
        "photos",
        "posted",
        "report",
        "reported",
        "review",
        "reviewed",
        "story",
        "text",
        "words",
        "written",
    ];
    LABELS.contains(&w.to_lowercase().as_str())
}

/// Words that mark a comma-separated part as a role or an affiliation ("AP Sports Writer",
/// "CNN Business", "NJ Advance Media"), not a person.
const AFFILIATION_WORDS: &[&str] = &[
    "writer",
    "editor",
    "correspondent",
    "reporter",
    "staff",
    "contributor",
    "columnist",
    "journalist",
    "producer",
    "bureau",
    "press",
    "news",
    "media",
    "business",
    "wire",
    "agency",
    "desk",
    "for",
];

/// Splits on " and ", " & ", ";" and " | ". After a comma, a part is another name when it has two
/// words or more and no role or affiliation in it; such parts ("CNN", "AP Sports Writer", "MS")
/// are dropped. "Doe, Jane" stays one name.
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
    let mut out = Vec::new();
    for p in parts {
        let pieces: Vec<&str> = p
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .collect();
        let one_word = |x: &str| x.split_whitespace().count() == 1;
        match pieces.as_slice() {
            [] => {}
            [_] => out.push(p.clone()),
            [first, second, ..] if one_word(first) && one_word(second) => out.push(p.clone()),
            [first, rest @ ..] => {
                out.push(first.to_string());
                out.extend(
                    rest.iter()
                        .filter(|x| !is_affiliation(x))
                        .map(|x| x.to_string()),
                );
            }
        }
    }
    out
}

fn is_affiliation(part: &str) -> bool {
    let lower = part.to_lowercase();
    part.split_whitespace().count() < 2
        || part.contains('.')
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| AFFILIATION_WORDS.contains(&w))
}

fn looks_like_name(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=MAX_NAME_WORDS).contains(&words)
        && s.chars().any(char::is_alphabetic)
        && !s.chars().any(|c| c.is_ascii_digit())
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
        assert_eq!(
            names("Analysis by Chris Cillizza, CNN Editor-at-large"),
            ["Chris Cillizza"]
        );
        assert_eq!(names("TOM KRISHER, AP Auto Writer"), ["TOM KRISHER"]);
        assert_eq!(
            names("MEG KINNARD and ERRIN HAINES, Associated Press"),
            ["MEG KINNARD", "ERRIN HAINES"]
        );
        assert_eq!(names("Ilana Muhlstein, MS, RDN"), ["Ilana Muhlstein"]);
        assert_eq!(
            names("Amy Kuperinsky, NJ Advance Media for NJ.com"),
            ["Amy Kuperinsky"]
        );
        assert_eq!(names("Текст: Лида Буслаева"), ["Лида Буслаева"]);
        assert_eq!(
            names("Stand by Me Foundation trustees"),
            ["Stand by Me Foundation trustees"]
        );
        assert_eq!(names("rmb8090"), Vec::<String>::new());
        assert_eq!(
            names("Por María Gómez y Tomás O'Neill"),
            ["María Gómez", "Tomás O'Neill"]
        );
        assert_eq!(names("Paris Hilton"), ["Paris Hilton"]);
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
