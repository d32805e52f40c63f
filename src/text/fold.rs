//! Text folding for matching: phrases are compared on NFKC, case-folded, whitespace-collapsed text
//! with decoration (bullets, arrows, pipes, trailing colons) trimmed, so that "NEXT ARTICLE »",
//! "Next article:" and "next  article" are one label.

use super::tidy::{self, Tidiness};
use super::{ascii_masks, char_table};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

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
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`] into `out` (cleared first), so a caller folding many texts reuses one buffer.
///
/// Three roads to the same result, cheapest first: ASCII needs neither normalisation nor Unicode
/// case tables; text already in NFKC (normalising would return it unchanged; most such text is
/// told by a table, see [`is_nfkc`]) is lowercased character by character; only the rest
/// (no-break spaces, ellipses, full-width forms, ligatures) goes through the normaliser. A
/// property test holds all three to the plain definition.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        fold_ascii(text, out);
    } else if is_nfkc(text) {
        fold_nfkc(text, out);
    } else if let Some(expanded) = ellipses_expanded(text) {
        fold_nfkc(&expanded, out);
    } else {
        fold_chars(text.nfkc().flat_map(char::to_lowercase), out);
    }
    trim_decoration(out);
}

/// `text`'s NFKC form when the only characters keeping it from NFKC are ellipses (U+2026, the
/// most common such character in news text, about two thirds of them): each becomes the three
/// full stops NFKC makes of it. A full stop is a starter that composes with nothing on either
/// side, and every other character is a [stable starter](char_table::is_stable_starter), so
/// nothing else changes. `None` when some other character is not a stable starter. The
/// normaliser costs about 300 instructions a byte; a property test holds the fold to it.
fn ellipses_expanded(text: &str) -> Option<String> {
    let all_stable = text
        .chars()
        .all(|c| c.is_ascii() || c == '…' || char_table::is_stable_starter(c));
    all_stable.then(|| text.replace('…', "..."))
}

/// [`fold_into`] of a text that needs no tidying ([`tidy::needs_tidy`] is false): its only
/// whitespace is single spaces and it holds no invisible character, so collapsing whitespace
/// would change nothing but a space at either end, which trimming the decoration takes anyway
/// (whitespace is decoration). Such a text is folded by mapping its characters alone: an ASCII
/// stretch is copied and lowercased whole, where [`fold_into`] copies it word by word. A
/// property test holds it to [`fold`] on every tidy text.
pub(crate) fn fold_tidy_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
    } else if is_nfkc(text) {
        lower_tidy_nfkc(text, out);
    } else if let Some(expanded) = ellipses_expanded(text) {
        // Still tidy: full stops are no whitespace.
        lower_tidy_nfkc(&expanded, out);
    } else {
        fold_chars(text.nfkc().flat_map(char::to_lowercase), out);
    }
    // No lowercase of another character is a backtick.
    if out.contains('`') {
        *out = out.replace('`', "'");
    }
    trim_decoration(out);
}

/// The characters of `text` (tidy and in NFKC) lowercased into `out`, curly quotes made straight
/// as [`fold_char`] makes them (backticks are left to the caller).
fn lower_tidy_nfkc(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        i += ascii_prefix_len(&bytes[i..]);
        if start < i {
            let from = out.len();
            out.push_str(&text[start..i]);
            out[from..].make_ascii_lowercase();
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        // General Punctuation has no case (see `fold_nfkc`).
        if ('\u{2000}'..='\u{206f}').contains(&c) {
            out.push(straight_quote(c));
        } else {
            char_table::lowercase(c, |l| out.push(straight_quote(l)));
        }
    }
}

/// How many bytes `bytes` starts with that are ASCII, looked at eight at a time.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut n = 0;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let high = u64::from_le_bytes(eight) & 0x8080_8080_8080_8080;
        if high != 0 {
            return n + (high.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + words
        .remainder()
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(words.remainder().len())
}

/// True when `text` is in NFKC: when each of its characters is ASCII or a
/// [stable starter](char_table::is_stable_starter) (read from a table), or else when the NFKC
/// quick check of the whole text says so. Characters that are starters NFKC keeps cannot make a
/// text unnormalised, so the quick check is asked only of texts with some other character.
fn is_nfkc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        i += ascii_prefix_len(&bytes[i..]);
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if !char_table::is_stable_starter(c) {
            return is_nfkc_quick(text.chars()) == IsNormalized::Yes;
        }
        i += c.len_utf8();
    }
    true
}

/// The ASCII road of [`fold_into`]: whole words copied as slices, lowercased in one sweep, no
/// Unicode tables.
fn fold_ascii(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, return, space.
        while i < bytes.len() && is_ascii_space(bytes[i]) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !is_ascii_space(bytes[i]) {
            i += 1;
        }
        if start < i {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&text[start..i]);
        }
    }
    out.make_ascii_lowercase();
    if out.contains('`') {
        *out = out.replace('`', "'");
    }
}

/// `char::is_whitespace` of an ASCII byte.
const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// The road of [`fold_into`] for text already in NFKC: `chars().flat_map(char::to_lowercase)`
/// into [`fold_chars`], with the ASCII characters (most of them, in Latin-script text with curly
/// quotes) handled without the case tables.
///
/// A run of ASCII characters other than spaces (most of a word, in such text) is copied as one
/// slice and lowercased in place.
fn fold_nfkc(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if is_ascii_space(b) {
                pending_space = !out.is_empty();
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii() && !is_ascii_space(bytes[i]) {
                i += 1;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            let run = &text[start..i];
            if run.contains('`') {
                out.extend(run.chars().map(|c| match c {
                    '`' => '\'',
                    other => other.to_ascii_lowercase(),
                }));
            } else {
                let from = out.len();
                out.push_str(run);
                out[from..].make_ascii_lowercase();
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        // General Punctuation (curly quotes, dashes, the ellipsis) has no case: the case tables
        // need not be searched for the most common non-ASCII characters of Latin-script text.
        if ('\u{2000}'..='\u{206f}').contains(&c) {
            fold_char(c, &mut pending_space, out);
            continue;
        }
        char_table::lowercase(c, |c| fold_char(c, &mut pending_space, out));
    }
}

fn fold_chars(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut pending_space = false;
    for c in chars {
        fold_char(c, &mut pending_space, out);
    }
}

/// One (lowercased) character of [`fold_chars`]: spaces and zero-width characters collapse to
/// one space between words, curly quotes become straight ones.
fn fold_char(c: char, pending_space: &mut bool, out: &mut String) {
    if c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}') {
        *pending_space = !out.is_empty();
        return;
    }
    if *pending_space {
        out.push(' ');
        *pending_space = false;
    }
    out.push(straight_quote(c));
}

/// Curly quotes and the backtick as the straight quotes phrases are written with.
fn straight_quote(c: char) -> char {
    match c {
        '’' | '‘' | '`' => '\'',
        '“' | '”' | '„' => '"',
        other => other,
    }
}

/// Trims decoration from both ends of `s`, in place.
fn trim_decoration(s: &mut String) {
    let end = s.trim_end_matches(is_decoration).len();
    s.truncate(end);
    let start = s.len() - s.trim_start_matches(is_decoration).len();
    if start > 0 {
        s.drain(..start);
    }
}

/// The length in bytes of the non-ASCII whitespace character `bytes` starts with, or 0 when it
/// starts with something else. Unicode's whitespace beyond ASCII is U+0085, U+00A0, U+1680,
/// U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 (`char::is_whitespace`).
fn unicode_space_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// Number of words (whitespace-separated runs that contain a letter or digit).
pub fn word_count(text: &str) -> usize {
    word_count_up_to(text, usize::MAX)
}

/// [`word_count`], but at most `cap`: the walk stops at the `cap`-th word. Cleaners ask whether a
/// block is short (under 50 words or so); a paragraph of 200 words is answered after its first
/// 50, without reading the rest.
pub fn word_count_up_to(text: &str, cap: usize) -> usize {
    count_words(text, cap, None)
}

/// [`word_count_up_to`], and in the same walk [`tidy::needs_tidy`] as far as the count read:
/// the chain asks both of every block, and for a short block the count reads it all.
pub(crate) fn word_count_and_tidiness(text: &str, cap: usize) -> (usize, Tidiness) {
    let mut tidiness = Tidiness::START;
    let words = count_words(text, cap, Some(&mut tidiness));
    (words, tidiness)
}

/// The walk of [`word_count_up_to`], testing each chunk for [`tidy::needs_tidy`] on the way
/// when given where that test stands.
fn count_words(text: &str, cap: usize, mut tidiness: Option<&mut Tidiness>) -> usize {
    // `split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()` in one
    // walk over the bytes, a chunk at a time, counting each word at its first letter or digit
    // (a letter or digit while the walk is not yet in such a word). A chunk is read as bit
    // masks of its bytes' classes, a non-ASCII character being decoded and asked of the
    // Unicode tables (whitespace? letter or digit?) at its first byte; the first letters and
    // digits are then those an addition's carry reaches from a space through the bytes that are
    // neither (see [`first_alnums`]). The cap is looked at between chunks.
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut in_word_with_alnum = false;
    let mut i = 0;
    while i < bytes.len() {
        if words >= cap {
            return cap;
        }
        let end = (i + CHUNK).min(bytes.len());
        let mut masks = ascii_masks::masks(&bytes[i..end]);
        if let Some(t) = tidiness.as_deref_mut() {
            if let Tidiness::TidyTo { after_space, .. } = *t {
                *t = if tidy::chunk_is_untidy(text, i, &masks, after_space) {
                    Tidiness::Untidy
                } else {
                    Tidiness::TidyTo {
                        offset: end,
                        after_space: masks.blank >> (end - i - 1) & 1 == 1,
                    }
                };
            }
        }
        let mut leads = masks.lead;
        while leads != 0 {
            let k = leads.trailing_zeros();
            leads &= leads - 1;
            // A first byte is at a character boundary.
            let at = i + k as usize;
            if unicode_space_len(&bytes[at..]) > 0 {
                masks.space |= 1 << k;
            } else if is_alphanumeric_at(text, at) {
                masks.alnum |= 1 << k;
            }
        }
        words += first_alnums(masks, end - i, in_word_with_alnum).count_ones() as usize;
        let marked = masks.space | masks.alnum;
        if marked != 0 {
            // The last space, letter or digit of the chunk says where the walk is.
            in_word_with_alnum = masks.alnum >> (63 - marked.leading_zeros()) & 1 == 1;
        }
        i = end;
    }
    words.min(cap)
}

/// A lower bound on [`word_count`] of `text`, read until it reaches `cap`: the ASCII letters
/// and digits that open the text or follow a space. Each opens a whitespace-separated run (the
/// byte before is whitespace) holding a letter or digit, a word, and no two open the same one.
/// In English prose nearly every word opens so, and the bound is found by asking every position
/// (64 at a time, with no early exit inside the 64, which the compiler makes vector
/// instructions of) a question of two bytes, where the exact count builds bit masks: asked
/// first of long blocks, it says "more than the cap" after a few hundred bytes at a fraction of
/// the cost. A property holds it below the count and equal to it on plain ASCII prose.
pub(crate) fn words_at_least(text: &str, cap: usize) -> usize {
    let bytes = text.as_bytes();
    let mut words = usize::from(bytes.first().is_some_and(u8::is_ascii_alphanumeric));
    let mut i = 0;
    while i < bytes.len() && words < cap {
        // The 64 positions from `i` and the byte after them (zero past the end: no letter).
        let mut padded = [0u8; WORD_WINDOW + 1];
        let window = tidy::window_at(bytes, i, &mut padded);
        words += usize::from(spaces_before_alnums(window));
        i += WORD_WINDOW;
    }
    words.min(cap)
}

/// How many positions [`words_at_least`] asks at once.
const WORD_WINDOW: usize = 64;

/// How many of the first [`WORD_WINDOW`] bytes of `window` are a space followed by an ASCII
/// letter or digit.
fn spaces_before_alnums(window: &[u8; WORD_WINDOW + 1]) -> u8 {
    (0..WORD_WINDOW).fold(0u8, |n, k| {
        let next = window[k + 1];
        let alnum = (next.wrapping_sub(b'0') < 10) | ((next | 0x20).wrapping_sub(b'a') < 26);
        n + u8::from((window[k] == b' ') & alnum)
    })
}

/// `char::is_alphanumeric` of the non-ASCII character at byte `at` of `text`, read from its
/// bytes where they say it at once: a two-byte character (Latin accents, Greek, Cyrillic,
/// Hebrew, Arabic) is looked up without decoding, and General Punctuation from U+2000 to U+203F
/// (curly quotes, dashes), which has no letter or digit, is told by its first two bytes.
fn is_alphanumeric_at(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    match (bytes[at], bytes.get(at + 1)) {
        (lead @ 0xC2..=0xDF, Some(&next)) => char_table::is_alphanumeric_below_800(
            u32::from(lead & 0x1F) << 6 | u32::from(next & 0x3F),
        ),
        (0xE2, Some(0x80)) => false,
        _ => text[at..]
            .chars()
            .next()
            .is_some_and(char_table::is_alphanumeric),
    }
}

/// The letters and digits of a chunk of `len` bytes that are the first of their word:
/// those with a space, and nothing but bytes that are neither, before them in the chunk (or
/// nothing at all, when the walk came in outside a word with a letter or digit).
///
/// Adding a one just above each space to the mask of the other bytes carries through the run of
/// them that follows the space and stops at the first byte that is a space, letter or digit;
/// XORed with that mask, the sum marks the run and the byte where it stopped.
fn first_alnums(masks: ascii_masks::Masks, len: usize, in_word_with_alnum: bool) -> u64 {
    let in_chunk = if len >= 64 { u64::MAX } else { (1 << len) - 1 };
    let other = !(masks.space | masks.alnum) & in_chunk;
    let starts = (masks.space << 1) | u64::from(!in_word_with_alnum);
    masks.alnum & (other.wrapping_add(starts) ^ other)
}

/// How many bytes [`word_count_up_to`] walks between looks at its cap and at whether the next
/// bytes are all ASCII: one bit mask's worth.
const CHUNK: usize = ascii_masks::CHUNK;

/// The definitions [`fold`] and [`word_count`] are held to: what they computed before their fast
/// roads, kept word for word.
#[cfg(test)]
pub(crate) mod reference {
    use super::is_decoration;
    use unicode_normalization::UnicodeNormalization;

    pub fn fold(text: &str) -> String {
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

    pub fn word_count(text: &str) -> usize {
        text.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Text as pages have it: words, ASCII punctuation and controls, decoration, curly quotes,
    /// no-break and zero-width spaces, compatibility forms (ellipsis, full-width, ligatures),
    /// combining marks, Cyrillic and Greek capitals.
    fn page_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[A-Za-z0-9]{1,8}",
            "[ \t\n\r\x0b\x0c\x1c\x1f\u{85}]{1,3}",
            "[.,:;!?()\\[\\]|/*#+=_~`'\"<>-]",
            "[»«›‹→←•·–—…▶►❯]",
            "[’‘“”„]",
            "[\u{a0}\u{200b}-\u{200d}\u{2060}\u{feff}\u{ad}\u{3000}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}]",
            "[ｒｅａｄＡ-Ｚﬁﬂ½²™]",
            "[e\u{301}\u{308}é]{1,3}",
            "[А-Яа-яΑ-Ωα-ωİßẞ]{1,6}",
        ];
        proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    #[test]
    fn the_byte_test_for_letters_and_digits_is_the_char_test() {
        for c in ('\u{80}'..='\u{ffff}').filter(|c| !c.is_whitespace()) {
            let text = c.to_string();
            assert_eq!(is_alphanumeric_at(&text, 0), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn general_punctuation_has_no_case() {
        for c in '\u{2000}'..='\u{206f}' {
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
    }

    #[test]
    fn the_byte_test_of_unicode_whitespace_is_char_is_whitespace() {
        for c in ('\u{80}'..=char::MAX).filter(|c| !c.is_ascii()) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = if c.is_whitespace() { bytes.len() } else { 0 };
            assert_eq!(unicode_space_len(bytes), expected, "{c:?}");
        }
    }

    proptest! {
        #[test]
        fn fold_is_the_reference_fold(text in page_text()) {
            prop_assert_eq!(fold(&text), reference::fold(&text));
        }

        #[test]
        fn the_fold_of_a_tidy_text_is_its_fold(text in page_text()) {
            // Tidied as normalize_whitespace tidies it, and as it comes, when it is tidy.
            let tidied: String = text
                .chars()
                .filter(|&c| !tidy::is_invisible(c))
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            for probe in [tidied.clone(), format!(" {tidied} "), text.clone()] {
                if !tidy::needs_tidy(&probe) {
                    let mut out = String::new();
                    fold_tidy_into(&probe, &mut out);
                    prop_assert_eq!(&out, &reference::fold(&probe), "{:?}", probe);
                }
            }
        }

        #[test]
        fn word_count_is_the_reference_count(text in page_text()) {
            prop_assert_eq!(word_count(&text), reference::word_count(&text));
        }

        #[test]
        fn a_long_text_is_counted_as_the_reference_counts(
            parts in proptest::collection::vec(page_text(), 1..12),
            cap in 0usize..400,
        ) {
            // Texts of a few hundred bytes: chunks of ASCII and of other text meet.
            let text = parts.concat();
            prop_assert_eq!(word_count(&text), reference::word_count(&text));
            prop_assert_eq!(
                word_count_up_to(&text, cap),
                reference::word_count(&text).min(cap)
            );
        }

        #[test]
        fn an_ascii_text_is_counted_as_the_reference_counts(
            text in "[a-zA-Z0-9 \t\n.,()'\"*#-]{0,300}",
            cap in 0usize..80,
        ) {
            // Several chunks of ASCII, read as bit masks, with words across their seams.
            prop_assert_eq!(word_count(&text), reference::word_count(&text));
            prop_assert_eq!(
                word_count_up_to(&text, cap),
                reference::word_count(&text).min(cap)
            );
        }

        #[test]
        fn the_count_with_the_tidy_test_is_both_of_them(
            parts in proptest::collection::vec(page_text(), 1..12),
            cap in 0usize..80,
        ) {
            // The tidy test stopped with the count and read on to the end answers as a whole
            // test does.
            let text = parts.concat();
            let (words, tidiness) = word_count_and_tidiness(&text, cap);
            prop_assert_eq!(words, reference::word_count(&text).min(cap));
            prop_assert_eq!(
                tidy::tidiness_from(&text, tidiness) == Tidiness::Untidy,
                tidy::needs_tidy(&text)
            );
        }

        #[test]
        fn the_lower_bound_is_at_most_the_count(
            parts in proptest::collection::vec(page_text(), 1..12),
            cap in 0usize..80,
        ) {
            let text = parts.concat();
            prop_assert!(words_at_least(&text, cap) <= reference::word_count(&text).min(cap));
        }

        #[test]
        fn on_plain_prose_the_lower_bound_is_the_count(
            text in "[A-Za-z0-9][a-z0-9,.]{0,8}( [A-Za-z0-9][a-z0-9,.'\"]{0,8}){0,90}",
            cap in 0usize..100,
        ) {
            prop_assert_eq!(
                words_at_least(&text, cap),
                reference::word_count(&text).min(cap)
            );
        }

        #[test]
        fn a_capped_count_is_the_count_or_the_cap(text in page_text(), cap in 0usize..12) {
            prop_assert_eq!(
                word_count_up_to(&text, cap),
                reference::word_count(&text).min(cap)
            );
        }
    }

    #[test]
    fn every_road_is_taken_by_the_property() {
        // The four roads of fold_into, each at least once, checked by hand.
        for text in [
            "  Next Article » ",
            "Don’t miss",
            "ｒｅａｄ\u{a0}more…",
            "Read more… “Ещё”",
        ] {
            assert_eq!(fold(text), reference::fold(text), "{text:?}");
        }
        assert_eq!(is_nfkc_quick("Don’t".chars()), IsNormalized::Yes);
        assert_eq!(
            ellipses_expanded("Read more… “Ещё”").as_deref(),
            Some("Read more... “Ещё”")
        );
        assert_eq!(ellipses_expanded("ｒｅａｄ more…"), None);
        assert_ne!(is_nfkc_quick("ｒｅａｄ".chars()), IsNormalized::Yes);
    }

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
