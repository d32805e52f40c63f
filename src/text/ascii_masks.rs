//! Which bytes of a chunk of text are ASCII whitespace, letters or digits, plain spaces, or the
//! first bytes of other characters, as one bit per byte, worked out eight bytes at a time in a
//! `u64` (SWAR).
//!
//! Counting words and testing whether whitespace needs tidying walked every byte of every block
//! with a table lookup and a loop-carried state: about 18 instructions a byte, a tenth of a text
//! dump's instructions. With the classes as bit masks, a chunk of 64 bytes is a handful of
//! additions and masks, and the state between bytes is carried by an addition's carry (see
//! [`crate::text::fold::word_count_up_to`]). A non-ASCII character is marked by its first byte
//! only, for the caller to decode and ask about: in Latin-script text they are few (curly quotes,
//! dashes, accented letters), and a chunk holding one is no longer walked byte by byte.

/// The bytes of `CHUNK` that fit in a mask.
pub(crate) const CHUNK: usize = 64;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// One bit per byte (bit `i` for byte `i`) of a chunk of at most [`CHUNK`] bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Masks {
    /// ASCII `char::is_whitespace`: tab to carriage return, and space.
    pub space: u64,
    /// ASCII `char::is_alphanumeric`: `0-9`, `A-Z`, `a-z`.
    pub alnum: u64,
    /// The space character itself.
    pub blank: u64,
    /// The first bytes of non-ASCII characters (0xC0 and above), which the caller asks about
    /// one by one: the masks above hold ASCII bytes only.
    pub lead: u64,
}

/// The high bit of each byte of `x` set where that byte is at least `lo` (`x`'s bytes below
/// 0x80).
const fn at_least(x: u64, lo: u8) -> u64 {
    // A byte below 0x80 plus (0x80 - lo) reaches 0x80 exactly when it is at least `lo`, and
    // never passes 0xFF, so no carry crosses into the next byte.
    x.wrapping_add((0x80 - lo as u64) * ONES) & HIGHS
}

/// The high bit of each byte of `x` set where that byte is in `lo..=hi`.
const fn within(x: u64, lo: u8, hi: u8) -> u64 {
    at_least(x, lo) & !at_least(x, hi + 1)
}

/// The high bits of the eight bytes of `x` as the low eight bits of the result.
const fn gather(high_bits: u64) -> u64 {
    // Each byte's bit lands on its own place in the top byte; the other products fall outside
    // it and never meet (8j - 7k differs for every pair), so there are no carries.
    ((high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The masks of the eight bytes of `x`, in the low eight bits of each.
const fn masks_of_word(x: u64) -> Masks {
    let high = x & HIGHS;
    // Classed without their high bit (so that no byte overflows), non-ASCII bytes taken out.
    let low = x & !HIGHS;
    let ascii = !high & HIGHS;
    let blank = within(low, b' ', b' ') & ascii;
    let space = (within(low, b'\t', b'\r') & ascii) | blank;
    // Setting bit 5 makes capitals small and moves no other byte into `a..=z`.
    let letter = within(low | (0x20 * ONES), b'a', b'z');
    let alnum = (within(low, b'0', b'9') | letter) & ascii;
    Masks {
        space: gather(space),
        alnum: gather(alnum),
        blank: gather(blank),
        lead: gather(high & (x << 1)),
    }
}

/// The masks of `chunk` (at most [`CHUNK`] bytes). Bits past its end are clear.
pub(crate) fn masks(chunk: &[u8]) -> Masks {
    debug_assert!(chunk.len() <= CHUNK);
    let mut masks = Masks {
        space: 0,
        alnum: 0,
        blank: 0,
        lead: 0,
    };
    let mut add = |n: usize, x: u64| {
        let m = masks_of_word(x);
        let shift = 8 * n;
        masks.space |= m.space << shift;
        masks.alnum |= m.alnum << shift;
        masks.blank |= m.blank << shift;
        masks.lead |= m.lead << shift;
    };
    let mut groups = chunk.chunks_exact(8);
    let mut n = 0;
    for group in &mut groups {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(group);
        add(n, u64::from_le_bytes(bytes));
        n += 1;
    }
    let rest = groups.remainder();
    if !rest.is_empty() {
        // Padded with zero bytes, which are in no class.
        let mut bytes = [0u8; 8];
        bytes[..rest.len()].copy_from_slice(rest);
        add(n, u64::from_le_bytes(bytes));
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bits(chunk: &[u8], class: impl Fn(u8) -> bool) -> u64 {
        chunk
            .iter()
            .enumerate()
            .filter(|(_, &b)| class(b))
            .fold(0, |m, (i, _)| m | 1 << i)
    }

    #[test]
    fn every_byte_is_classed_as_char_classes_it() {
        for b in 0..=0xFFu8 {
            let m = masks(&[b]);
            let ascii = b.is_ascii();
            let c = char::from(b);
            assert_eq!(m.space == 1, ascii && c.is_whitespace(), "{b:#x}");
            assert_eq!(m.alnum == 1, ascii && c.is_alphanumeric(), "{b:#x}");
            assert_eq!(m.blank == 1, b == b' ', "{b:#x}");
            assert_eq!(m.lead == 1, b >= 0xC0, "{b:#x}");
        }
    }

    proptest! {
        #[test]
        fn masks_are_the_byte_classes(chunk in proptest::collection::vec(any::<u8>(), 0..=CHUNK)) {
            let m = masks(&chunk);
            prop_assert_eq!(m.space, bits(&chunk, |b| b.is_ascii() && char::from(b).is_whitespace()));
            prop_assert_eq!(m.alnum, bits(&chunk, |b| b.is_ascii_alphanumeric()));
            prop_assert_eq!(m.blank, bits(&chunk, |b| b == b' '));
            prop_assert_eq!(m.lead, bits(&chunk, |b| b >= 0xC0));
        }
    }
}
