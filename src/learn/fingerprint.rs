//! A block's text as the pattern it shares with its look-alikes on other pages of a site:
//! "Updated 3 hours ago" and "Updated 5 hours ago", "12 Comments" and "7 Comments" are one
//! pattern. Text is folded (NFKC, case, whitespace, as rules match it), then every run of digits
//! becomes `#` and every month name `<month>`, so a date or a count never splits a pattern.

use crate::extract::html::metadata::dates::month;
use crate::text::fold;

/// The masked form of `text`.
pub fn masked(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    let mut word = String::new();
    let mut in_digits = false;
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            // Month names (English, full and short) are masked like numbers: "Nov 20, 2019" and
            // "Dec 3, 2019" are one pattern.
            if month(word).is_some() {
                out.push_str("<month>");
            } else {
                out.push_str(word);
            }
            word.clear();
        }
    };
    for c in folded.chars() {
        if c.is_ascii_digit() {
            flush(&mut word, &mut out);
            if !in_digits {
                out.push('#');
                in_digits = true;
            }
            continue;
        }
        in_digits = false;
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A stable 64-bit key of a masked pattern, for the bounded summaries kept in job state.
pub fn key(masked: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(masked.as_bytes())
}

/// True when `masked` holds a masked number or month, so a rule for it needs a regex.
pub fn has_masks(masked: &str) -> bool {
    masked.contains('#') || masked.contains("<month>")
}

/// A regex (case-insensitive, any whitespace) that matches the texts `masked` stands for:
/// `#` matches a run of digits and `<month>` a month name. `anchored` ties it to the whole block.
pub fn regex_of(masked: &str, anchored: bool) -> String {
    let mut out = String::from("(?i)");
    if anchored {
        // Folding trimmed decoration (bullets, pipes, arrows) from both ends; allow it back.
        out.push_str(r"^[^\p{L}\p{N}]*");
    }
    let mut rest = masked;
    let mut pending_space = false;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("<month>") {
            if pending_space {
                out.push_str(r"\s+");
                pending_space = false;
            }
            out.push_str(r"[a-z]{3,9}\.?");
            rest = &rest["<month>".len()..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        if c == ' ' {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push_str(r"\s+");
            pending_space = false;
        }
        if c == '#' {
            out.push_str(r"\d+");
        } else if c == '\'' {
            out.push_str("['’‘`]");
        } else if c == '"' {
            out.push_str("[\"“”„]");
        } else {
            out.push_str(&regex::escape(&c.to_string()));
        }
    }
    if anchored {
        out.push_str(r"[^\p{L}\p{N}]*$");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_dates_are_one_pattern() {
        assert_eq!(masked("12 Comments"), masked("7  comments"));
        assert_eq!(masked("Updated 3 hours ago"), "updated # hours ago");
        assert_eq!(
            masked("Published Nov 20, 2019"),
            masked("Published December 3, 2021")
        );
        assert_ne!(masked("Read more"), masked("Read less"));
    }

    #[test]
    fn the_regex_matches_what_the_pattern_stands_for() {
        let re = regex::Regex::new(&regex_of(&masked("Updated Nov 20, 2019 at 9:28"), true))
            .expect("valid");
        assert!(re.is_match("Updated December 3, 2021 at 10:05"));
        assert!(!re.is_match("The mayor updated the plan"));
        let re = regex::Regex::new(&regex_of(&masked("(DEA News) 3.5%"), false)).expect("valid");
        assert!(re.is_match("Text (dea  news) 12.0%"));
    }
}
