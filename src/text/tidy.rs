//! Whether a text's whitespace needs tidying: an invisible character, whitespace other than a
//! space, or two spaces in a row (what `normalize_whitespace` changes).
//!
//! Asked of every block, so asked in one walk over bit masks of the bytes' classes (see
//! [`super::ascii_masks`]), and, where the chain counts a block's words anyway, in the same walk
//! (see [`super::fold::word_count_and_tidiness`]): only the rest of a long block is read again.

use super::ascii_masks::{masks, Masks, CHUNK};

/// Characters that take no room and that tidying removes.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// How far a walk found a text tidy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tidiness {
    /// It needs tidying.
    Untidy,
    /// Tidy up to byte `offset` (a chunk's end); `after_space` when the byte before is a space.
    TidyTo { offset: usize, after_space: bool },
}

impl Tidiness {
    /// Nothing read yet.
    pub const START: Tidiness = Tidiness::TidyTo {
        offset: 0,
        after_space: false,
    };
}

/// True when tidying would change `text`: it holds an invisible character, whitespace other
/// than a space, or two spaces in a row.
pub fn needs_tidy(text: &str) -> bool {
    tidiness_from(text, Tidiness::START) == Tidiness::Untidy
}

/// The walk of [`needs_tidy`] from where `from` left it, to the end of `text`.
pub(crate) fn tidiness_from(text: &str, from: Tidiness) -> Tidiness {
    let Tidiness::TidyTo {
        offset: mut i,
        mut after_space,
    } = from
    else {
        return Tidiness::Untidy;
    };
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let end = (i + CHUNK).min(bytes.len());
        let m = masks(&bytes[i..end]);
        if chunk_is_untidy(text, i, &m, after_space) {
            return Tidiness::Untidy;
        }
        after_space = m.blank >> (end - i - 1) & 1 == 1;
        i = end;
    }
    Tidiness::TidyTo {
        offset: i,
        after_space,
    }
}

/// True when the chunk of `text` at byte `at`, whose masks are `m`, needs tidying;
/// `after_space` when the byte before it is a space.
pub(crate) fn chunk_is_untidy(text: &str, at: usize, m: &Masks, after_space: bool) -> bool {
    // ASCII whitespace other than a space (tab to carriage return), or a space after a space
    // (the one before the chunk included), needs tidying. A non-ASCII character is decoded
    // only when its first byte is one that Unicode whitespace and the invisible characters
    // start with (0xC2: U+0085, U+00A0, U+00AD; 0xE1: U+1680; 0xE2: U+2000 to U+2060; 0xE3:
    // U+3000; 0xEF: U+FEFF); it is never a plain space, so it always ends a run of them.
    if m.space & !m.blank != 0 || m.blank & (m.blank << 1 | u64::from(after_space)) != 0 {
        return true;
    }
    let bytes = text.as_bytes();
    let mut leads = m.lead;
    while leads != 0 {
        let lead = at + leads.trailing_zeros() as usize;
        leads &= leads - 1;
        if matches!(bytes[lead], 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
            && text[lead..]
                .chars()
                .next()
                .is_some_and(|c| is_invisible(c) || c.is_whitespace())
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char test all text used to get: the reference the byte test must answer as.
    fn needs_tidy_by_chars(text: &str) -> bool {
        text.contains(|c: char| is_invisible(c) || c.is_whitespace() && c != ' ')
            || text.contains("  ")
    }

    proptest::proptest! {
        /// The byte test on ASCII answers as the char test all text used to get.
        #[test]
        fn needs_tidy_is_the_char_test(
            text in "[a b\t\n\r\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{200b}\u{ad}\u{1680}\u{2028}\u{202f}\u{3000}\u{feff}é’—Ж]{0,12}"
        ) {
            proptest::prop_assert_eq!(needs_tidy(&text), needs_tidy_by_chars(&text));
        }

        /// The same on texts of a few hundred bytes, where chunks of ASCII and of other text
        /// meet.
        #[test]
        fn needs_tidy_is_the_char_test_on_long_texts(
            text in "([a-z]{1,9} ){10,60}[ \t\u{a0}\u{200b}é’a]{0,3}([a-z]{1,9} ){0,30}"
        ) {
            proptest::prop_assert_eq!(needs_tidy(&text), needs_tidy_by_chars(&text));
        }
    }

    #[test]
    fn a_walk_resumed_where_it_stopped_answers_as_a_whole_one() {
        let text = format!("{}  double", "word ".repeat(30));
        let half = tidiness_from(&text[..64], Tidiness::START);
        assert_eq!(
            half,
            Tidiness::TidyTo {
                offset: 64,
                after_space: false
            }
        );
        assert_eq!(tidiness_from(&text, half), Tidiness::Untidy);
        assert!(needs_tidy(&text) && !needs_tidy(text.trim_end_matches("  double")));
    }
}
