//! What folding and word counting ask of a non-ASCII character, read from small tables built
//! once from the very Unicode tables they would otherwise search for every character.
//!
//! Folding a block of Cyrillic, Greek, Arabic or accented Latin text asked the normalisation
//! tables of every letter (is it a starter? is it NFKC as it stands?) and the case tables of
//! every letter (its lowercase), each a search; counting its words asked the alphabetic table of
//! the first letter of every word. Those were a tenth of a text dump's instructions. The answers
//! for the characters below [`TABLE_END`] (every alphabet of Europe and the Middle East, General
//! Punctuation, CJK symbols, kana, the CJK ideographs and Hangul) are worked out once per process from
//! `unicode_normalization` and `char`'s own methods, so they are the same answers by
//! construction; a character above is asked of the Unicode tables as before.

use std::sync::LazyLock;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized};

/// The tables cover the characters below this one: the whole Basic Multilingual Plane up to the
/// surrogates, with the CJK ideographs and the Hangul syllables, whose text asked the slowest of
/// the Unicode tables (alphabetic, lowercase) at every character.
const TABLE_END: u32 = 0xD800;
/// Lowercase forms are kept for the characters below this one (two-byte UTF-8).
const LOWER_END: u32 = 0x800;

/// One bit per character below [`TABLE_END`] for each question, and the lowercase forms.
struct Tables {
    /// The character is a starter (canonical combining class 0) that NFKC leaves as it is
    /// (quick check "yes"): it neither changes nor changes its neighbours.
    stable: Vec<u64>,
    /// `char::is_alphanumeric`.
    alnum: Vec<u64>,
    /// `char::to_lowercase` is the character itself (most characters: ideographs, kana, marks).
    caseless: Vec<u64>,
    /// The lowercase of each character below [`LOWER_END`] when it is one character, else
    /// `'\0'` (ask `char::to_lowercase`).
    lower: Vec<char>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let words = (TABLE_END as usize).div_ceil(64);
    let mut tables = Tables {
        stable: vec![0; words],
        alnum: vec![0; words],
        caseless: vec![0; words],
        lower: vec!['\0'; LOWER_END as usize],
    };
    for c in (0..TABLE_END).filter_map(char::from_u32) {
        let (word, bit) = (c as usize / 64, 1u64 << (c as u32 % 64));
        if canonical_combining_class(c) == 0
            && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
        {
            tables.stable[word] |= bit;
        }
        if c.is_alphanumeric() {
            tables.alnum[word] |= bit;
        }
        if c.to_lowercase().eq([c]) {
            tables.caseless[word] |= bit;
        }
        if (c as u32) < LOWER_END {
            let mut lower = c.to_lowercase();
            if let (Some(l), None) = (lower.next(), lower.next()) {
                tables.lower[c as usize] = l;
            }
        }
    }
    tables
});

fn bit(table: &[u64], c: char) -> Option<bool> {
    let n = c as u32;
    (n < TABLE_END).then(|| table[n as usize / 64] & (1 << (n % 64)) != 0)
}

/// True when `c` is a starter that NFKC leaves as it is, so that in a text of such characters
/// (and ASCII) the text is NFKC already; false when that is not known from the table (the
/// caller then asks the normalisation tables of the whole text).
pub fn is_stable_starter(c: char) -> bool {
    bit(&TABLES.stable, c).unwrap_or(false)
}

/// `c.is_alphanumeric()`.
pub fn is_alphanumeric(c: char) -> bool {
    bit(&TABLES.alnum, c).unwrap_or_else(|| c.is_alphanumeric())
}

/// `char::is_alphanumeric` of the character numbered `n`, below U+0800 (a two-byte one).
pub fn is_alphanumeric_below_800(n: u32) -> bool {
    debug_assert!(n < LOWER_END);
    TABLES.alnum[n as usize / 64] & (1 << (n % 64)) != 0
}

/// Calls `push` with each character of `c.to_lowercase()`.
pub fn lowercase(c: char, mut push: impl FnMut(char)) {
    if (c as u32) < LOWER_END {
        let l = TABLES.lower[c as usize];
        if l != '\0' {
            push(l);
            return;
        }
    } else if bit(&TABLES.caseless, c) == Some(true) {
        push(c);
        return;
    }
    c.to_lowercase().for_each(push);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_answer_as_the_unicode_tables_for_every_character() {
        for c in ('\u{80}'..=char::MAX).take_while(|c| (*c as u32) < TABLE_END + 0x100) {
            let stable = canonical_combining_class(c) == 0
                && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes;
            // Above the table nothing is claimed stable; below it, exactly the stable ones.
            assert!(!is_stable_starter(c) || stable, "{c:?}");
            if (c as u32) < TABLE_END {
                assert_eq!(is_stable_starter(c), stable, "{c:?}");
            }
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            let mut lower = String::new();
            lowercase(c, |l| lower.push(l));
            assert_eq!(lower, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn common_letters_and_marks_are_where_they_belong() {
        assert!(is_stable_starter('é') && is_stable_starter('Ж') && is_stable_starter('’'));
        // A combining accent, a no-break space and an ellipsis change under NFKC.
        assert!(!is_stable_starter('\u{301}') && !is_stable_starter('\u{a0}'));
        assert!(!is_stable_starter('…'));
        let mut lower = String::new();
        lowercase('İ', |l| lower.push(l));
        assert_eq!(lower, "i\u{307}");
    }
}
