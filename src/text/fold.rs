//! Text folding for matching: phrases are compared on NFKC, case-folded, whitespace-collapsed text
//! with decoration (bullets, arrows, pipes, trailing colons) trimmed, so that "NEXT ARTICLE »",
//! "Next article:" and "next  article" are one label.

use unicode_normalization::UnicodeNormalization;

/// Characters that decorate labels but carry no words.
fn is_decoration(c: char) -> bool {
    matches!(
        c,
        '»' | '«'
            | '›'
            | '‹'
            | '→'
            | '←'
            | '>'
            | '<'
            | '|'
            | '•'
            | '·'
            | '-'
            | '–'
            | '—'
            | ':'
            | '*'
            | '#'
            | '…'
            | '/'
            | '\\'
            | '['
            | ']'
            | '▶'
            | '►'
            | '▸'
            | '❯'
            | '+'
            | '='
            | '_'
            | '~'
    ) || c.is_whitespace()
        || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Folds `text` for comparison with a phrase: NFKC, lowercase, whitespace collapsed to one space,
/// decoration trimmed from both ends.
pub fn fold(text: &str) -> String {
    // NFKC leaves ASCII as it is: most text skips the normaliser.
    if text.is_ascii() {
        return fold_chars(text.chars().map(|c| c.to_ascii_lowercase()));
    }
    fold_chars(text.nfkc().flat_map(char::to_lowercase))
}

fn fold_chars(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for c in chars {
        if c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}') {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(match c {
            '’' | '‘' | '`' => '\'',
            '“' | '”' | '„' => '"',
            other => other,
        });
    }
    out.trim_matches(is_decoration).to_string()
}

/// Number of words (whitespace-separated runs that contain a letter or digit).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoration_case_and_spacing_do_not_matter() {
        assert_eq!(fold("  NEXT   Article » "), "next article");
        assert_eq!(fold("Previous article:"), "previous article");
        assert_eq!(fold("| Share this |"), "share this");
    }

    #[test]
    fn compatibility_forms_and_quotes_fold() {
        assert_eq!(fold("ｒｅａｄ\u{a0}more"), "read more");
        assert_eq!(fold("Don’t miss"), "don't miss");
    }

    #[test]
    fn questions_keep_their_mark() {
        assert_eq!(fold("No time to read?"), "no time to read?");
    }

    #[test]
    fn words_are_counted_without_punctuation() {
        assert_eq!(word_count("Hello, world — again"), 3);
    }
}
