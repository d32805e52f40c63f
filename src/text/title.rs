//! Telling a headline from a sentence, for widgets that list other articles' titles.

use super::fold::word_count;

/// True when `text` reads like a headline rather than article prose: short, one line, no
/// sentence-ending period, no second sentence inside.
pub fn looks_like_title(text: &str, max_words: usize) -> bool {
    let text = text.trim();
    // The length first: a paragraph is turned away without counting its words.
    if text.len() > 300 {
        return false;
    }
    let words = word_count(text);
    if words == 0 || words > max_words {
        return false;
    }
    if text.ends_with('.') && !text.ends_with("...") || text.ends_with(';') || text.ends_with(',') {
        return false;
    }
    // A sentence break inside ("… went well. The …") means prose; an abbreviation before the
    // period ("St. Petersburg", "Corp. Results") does not.
    for (i, _) in text.match_indices(". ") {
        let next_upper = text[i + 2..].chars().next().is_some_and(char::is_uppercase);
        let word: String = text[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if next_upper && word.chars().count() >= 2 && word.chars().all(char::is_lowercase) {
            return false;
        }
    }
    match text.chars().next() {
        Some(c) => !c.is_lowercase(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_are_titles() {
        assert!(looks_like_title(
            "Taxation rules for Christmas Lottery prizes in Spain explained",
            20
        ));
        assert!(looks_like_title(
            "Poland and NATO Nuclear Sharing: A Strategic Overview",
            20
        ));
        assert!(looks_like_title("Will rates rise again?", 20));
        // Found on seed 004: an abbreviation is not a sentence break.
        assert!(looks_like_title(
            "Wagner Center Updates in St. Petersburg Amid Sign Removal and Investigations",
            20
        ));
    }

    #[test]
    fn sentences_are_not_titles() {
        assert!(!looks_like_title(
            "The minister said the talks went well.",
            20
        ));
        assert!(!looks_like_title(
            "Talks went well. The minister left for Kyiv on Monday",
            20
        ));
        assert!(!looks_like_title("and then the meeting ended", 20));
        assert!(!looks_like_title(&"word ".repeat(30), 20));
    }
}
