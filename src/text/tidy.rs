//! Whether a text's whitespace needs tidying: an invisible character, whitespace other than a
//! space, or two spaces in a row (what `normalize_whitespace` changes).
//!
//! Asked of every block. Where the chain counts a block's words, the count's bit masks answer
//! it on the way (see [`super::fold::word_count_and_tidiness`]); the rest of a long block is
//! read by asking every position a question of three bytes, 64 positions at a time, which the
//! compiler makes vector instructions of (see [`tidiness_from`]).

use super::ascii_masks::Masks;

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
///
/// Each position is asked whether something tidying changes opens there (see
/// [`opens_untidy`]), from the byte before `from`'s offset on (a space there and one at the
/// offset are two in a row). Every position is asked, 64 at a time and with no early exit
/// inside the 64, so the compiler makes vector instructions of the questions: this walk reads
/// the rest of every long block, where it used to build bit masks eight bytes at a time.
pub(crate) fn tidiness_from(text: &str, from: Tidiness) -> Tidiness {
    let Tidiness::TidyTo { offset, .. } = from else {
        return Tidiness::Untidy;
    };
    let bytes = text.as_bytes();
    if offset >= bytes.len() {
        // Read to the end already (most texts, by the word count).
        return from;
    }
    let mut i = offset.saturating_sub(1);
    while i < bytes.len() {
        // The 64 positions from `i`, with the two bytes after them; past the end, zeros (which
        // open nothing and complete nothing).
        let mut padded = [0u8; WINDOW + 2];
        let window = window_at(bytes, i, &mut padded);
        if any_opens_untidy(window) {
            return Tidiness::Untidy;
        }
        i += WINDOW;
    }
    Tidiness::TidyTo {
        offset: bytes.len(),
        after_space: bytes.last() == Some(&b' '),
    }
}

/// How many positions [`tidiness_from`] asks at once.
const WINDOW: usize = 64;

/// The `N` bytes of `bytes` from `i`, in place when they are all there, else copied into `padded`
/// with zeros past the end: a fixed-size window the compiler can turn into vector instructions.
/// `i` must be at most `bytes.len()`.
#[inline(always)]
pub(crate) fn window_at<'a, const N: usize>(
    bytes: &'a [u8],
    i: usize,
    padded: &'a mut [u8; N],
) -> &'a [u8; N] {
    match bytes.get(i..i + N) {
        Some(whole) => whole.try_into().expect("a window's length"),
        None => {
            padded[..bytes.len() - i].copy_from_slice(&bytes[i..]);
            padded
        }
    }
}

/// True when one of the first [`WINDOW`] positions of `window` opens something tidying changes.
/// The whole question is asked only of a window holding a first byte that some untidy
/// character beyond ASCII opens with (curly quotes share 0xE2 with them).
fn any_opens_untidy(window: &[u8; WINDOW + 2]) -> bool {
    // Folds of their own, cheapest first: one fold of all the questions is not made vector
    // instructions, and most windows are answered by the first two.
    any_ascii_untidy(window)
        || any_untidy_lead(window) && (any_untidy_outside_e2(window) || any_untidy_e2(window))
}

/// True when one of the first [`WINDOW`] positions of `window` opens an untidy character whose
/// first byte is 0xE2.
// Not inlined, as the folds below.
#[inline(never)]
fn any_untidy_e2(window: &[u8; WINDOW + 2]) -> bool {
    (0..WINDOW).fold(false, |any, k| {
        any | opens_untidy_e2(window[k], window[k + 1], window[k + 2])
    })
}

/// True when one of the first [`WINDOW`] positions of `window` opens an untidy character whose
/// first byte is not 0xE2 (the first byte of curly quotes and dashes too, asked apart).
// Not inlined: inlined into the `||` of `any_opens_untidy`, the fold is compiled as a loop
// that stops early, a byte at a time, instead of vector instructions.
#[inline(never)]
fn any_untidy_outside_e2(window: &[u8; WINDOW + 2]) -> bool {
    (0..WINDOW).fold(false, |any, k| {
        let (b0, b1, b2) = (window[k], window[k + 1], window[k + 2]);
        let c2 = (b0 == 0xC2) & ((b1 == 0x85) | (b1 == 0xA0) | (b1 == 0xAD));
        let e1 = (b0 == 0xE1) & (b1 == 0x9A) & (b2 == 0x80);
        let e3 = (b0 == 0xE3) & (b1 == 0x80) & (b2 == 0x80);
        let ef = (b0 == 0xEF) & (b1 == 0xBB) & (b2 == 0xBF);
        any | c2 | e1 | e3 | ef
    })
}

/// The part of [`opens_untidy`] about characters whose first byte is 0xE2: U+2000 to U+200D,
/// U+2028, U+2029, U+202F, U+205F, U+2060.
#[inline(always)]
fn opens_untidy_e2(b0: u8, b1: u8, b2: u8) -> bool {
    let e2_80 = (b1 == 0x80) & ((b2 <= 0x8D) | (b2 == 0xA8) | (b2 == 0xA9) | (b2 == 0xAF));
    let e2_81 = (b1 == 0x81) & ((b2 == 0x9F) | (b2 == 0xA0));
    (b0 == 0xE2) & (e2_80 | e2_81)
}

/// True when one of the first [`WINDOW`] positions of `window` holds ASCII whitespace other
/// than a space, or two spaces.
// Not inlined: inlined into the `||` of `any_opens_untidy`, the fold is compiled as a loop
// that stops early, a byte at a time, instead of vector instructions.
#[inline(never)]
fn any_ascii_untidy(window: &[u8; WINDOW + 2]) -> bool {
    (0..WINDOW).fold(false, |any, k| {
        let b0 = window[k];
        any | (b0.wrapping_sub(b'\t') < 5) | ((b0 == b' ') & (window[k + 1] == b' '))
    })
}

/// True when one of the first [`WINDOW`] positions of `window` is a first byte an untidy
/// character beyond ASCII opens with.
// Not inlined: inlined into the `||` of `any_opens_untidy`, the fold is compiled as a loop
// that stops early, a byte at a time, instead of vector instructions.
#[inline(never)]
fn any_untidy_lead(window: &[u8; WINDOW + 2]) -> bool {
    (0..WINDOW).fold(false, |any, k| {
        let b0 = window[k];
        any | (b0 == 0xC2) | (b0.wrapping_sub(0xE1) < 3) | (b0 == 0xEF)
    })
}

/// True when the bytes `b0 b1 b2` (of UTF-8 text, the first at a position where a character
/// or a continuation byte may stand) open what tidying changes: ASCII whitespace other than a
/// space, two spaces, or the first byte of an invisible character or of Unicode whitespace
/// beyond ASCII (U+0085, U+00A0, U+00AD; U+1680; U+2000 to U+200D, U+2028, U+2029, U+202F,
/// U+205F, U+2060; U+3000; U+FEFF). 0xC2, 0xE1, 0xE2, 0xE3 and 0xEF are never continuation
/// bytes, and every continuation byte is at least 0x80, so `b2 <= 0x8D` after `E2 80` is U+2000
/// to U+200D. The walk asks it in parts ([`any_opens_untidy`]); a unit test asks it of every
/// character, and a property holds the parts to it.
#[cfg(test)]
fn opens_untidy(b0: u8, b1: u8, b2: u8) -> bool {
    let control = b0.wrapping_sub(b'\t') < 5;
    let double = (b0 == b' ') & (b1 == b' ');
    let c2 = (b0 == 0xC2) & ((b1 == 0x85) | (b1 == 0xA0) | (b1 == 0xAD));
    let e1 = (b0 == 0xE1) & (b1 == 0x9A) & (b2 == 0x80);
    let e2 = opens_untidy_e2(b0, b1, b2);
    let e3 = (b0 == 0xE3) & (b1 == 0x80) & (b2 == 0x80);
    let ef = (b0 == 0xEF) & (b1 == 0xBB) & (b2 == 0xBF);
    control | double | c2 | e1 | e2 | e3 | ef
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
    fn every_character_opens_untidiness_as_the_char_test_says() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let mut buf = [0u8; 6];
            let len = c.encode_utf8(&mut buf).len();
            let untidy = is_invisible(c) || c.is_whitespace() && c != ' ';
            assert_eq!(opens_untidy(buf[0], buf[1], buf[2]), untidy, "{c:?}");
            // No byte after the first opens anything.
            for k in 1..len {
                assert!(
                    !opens_untidy(buf[k], buf[k + 1], buf[k + 2]),
                    "{c:?} at {k}"
                );
            }
        }
        assert!(opens_untidy(b' ', b' ', 0) && !opens_untidy(b' ', b'a', 0));
    }

    proptest::proptest! {
        /// The walk's questions in parts answer as the whole question on every window.
        #[test]
        fn the_parts_are_the_whole_question(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![
                    b'a', b' ', b'\t', b'\r', 0x80, 0x81, 0x85, 0x8D, 0x8E, 0x9A, 0x9F, 0xA0,
                    0xA8, 0xAD, 0xAF, 0xBB, 0xBF, 0xC2, 0xD0, 0xE1, 0xE2, 0xE3, 0xEF,
                ]),
                WINDOW + 2,
            ),
        ) {
            let window: [u8; WINDOW + 2] = bytes.try_into().expect("the window's length");
            let whole = (0..WINDOW)
                .any(|k| opens_untidy(window[k], window[k + 1], window[k + 2]));
            proptest::prop_assert_eq!(any_opens_untidy(&window), whole);
        }

        /// Resumed anywhere the mask walk of the word count may stop, the walk answers as a
        /// whole char test does.
        #[test]
        fn a_resumed_walk_is_the_char_test(
            text in "([a-z]{1,9}[ ’é]){0,40}[ \t\u{a0}\u{200b}a]{0,3}([a-z]{1,9} ){0,30}",
            at in 0usize..400,
        ) {
            let at = at.min(text.len());
            let after_space = at > 0 && text.as_bytes()[at - 1] == b' ';
            let head_untidy = at > 0 && text.is_char_boundary(at) && needs_tidy_by_chars(&text[..at]);
            if !head_untidy && text.is_char_boundary(at) {
                let from = Tidiness::TidyTo { offset: at, after_space };
                proptest::prop_assert_eq!(
                    tidiness_from(&text, from) == Tidiness::Untidy,
                    needs_tidy_by_chars(&text)
                );
            }
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
