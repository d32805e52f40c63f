//! A string as JSON writes it, escaped as serde_json escapes it, found eight bytes at a time.
//!
//! serde_json looks up every byte of a string in a table to find the few that need escaping; on
//! a dump of articles that was a tenth of a run's instructions, the text being most of every
//! output line. Here the bytes that need it (controls, `"` and `\`) are found with word-wide
//! tests (SWAR), and the runs between them are copied whole. The escapes are serde_json's own:
//! `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00XX` with small hex digits for the other
//! controls (a property test in `render.rs` compares whole lines).

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Appends `parts` joined by `sep` to `out` as one JSON string, quotes included: the string
/// serde_json writes of the joined text, without joining it first (a document's text is its
/// blocks joined, and building it was a copy of every output line).
pub(crate) fn write_joined<'a>(
    parts: impl Iterator<Item = &'a str> + Clone,
    sep: &str,
    out: &mut Vec<u8>,
) {
    let (len, count) = parts.clone().fold((0usize, 0usize), |(len, count), p| {
        (len + p.len(), count + 1)
    });
    out.reserve(len + sep.len() * count.saturating_sub(1) + 2);
    out.push(b'"');
    for (i, part) in parts.enumerate() {
        if i > 0 {
            escape_into(sep.as_bytes(), out);
        }
        escape_into(part.as_bytes(), out);
    }
    out.push(b'"');
}

fn escape_into(bytes: &[u8], out: &mut Vec<u8>) {
    let mut from = 0;
    while let Some(at) = next_to_escape(bytes, from) {
        out.extend_from_slice(&bytes[from..at]);
        push_escape(bytes[at], out);
        from = at + 1;
    }
    out.extend_from_slice(&bytes[from..]);
}

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The first byte at or after `from` that needs escaping (which, read the other way, is where a
/// JSON string ends or escapes, or breaks the rules with a control character).
pub(crate) fn next_to_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = &bytes[from..];
    let mut words = rest.chunks_exact(8);
    for (n, word) in (&mut words).enumerate() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let hits = escape_bits(u64::from_le_bytes(eight));
        if hits != 0 {
            return Some(from + 8 * n + (hits.trailing_zeros() / 8) as usize);
        }
    }
    let tail = rest.len() - words.remainder().len();
    words
        .remainder()
        .iter()
        .position(|&b| needs_escape(b))
        .map(|p| from + tail + p)
}

/// The high bit set in the bytes of `x` below 0x20 or equal to `"` or `\`, exactly for the
/// lowest such byte (a borrow may also mark bytes above it, which are looked at again later).
fn escape_bits(x: u64) -> u64 {
    /// Bytes of `y` below `n` (n at most 0x80): a byte at or above 0x80 never is.
    fn below(y: u64, n: u8) -> u64 {
        y.wrapping_sub(ONES * u64::from(n)) & !y & HIGHS
    }
    below(x, 0x20)
        | below(x ^ (ONES * u64::from(b'"')), 1)
        | below(x ^ (ONES * u64::from(b'\\')), 1)
}

fn push_escape(b: u8, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0C => out.extend_from_slice(b"\\f"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        _ => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(b >> 4)],
            HEX[usize::from(b & 0xF)],
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_is_escaped_as_serde_json_escapes_it() {
        for b in 0..0x80u8 {
            let text = format!("ab{}cdefghijklmnop{}", char::from(b), char::from(b));
            let mut ours = Vec::new();
            write_joined([text.as_str()].into_iter(), "", &mut ours);
            let theirs = serde_json::to_vec(&text).expect("serialises");
            assert_eq!(ours, theirs, "{b:#x}");
        }
        let mut ours = Vec::new();
        write_joined(["é’😀 \u{7f}", "\u{80}"].into_iter(), "", &mut ours);
        assert_eq!(
            ours,
            serde_json::to_vec("é’😀 \u{7f}\u{80}").expect("serialises")
        );
    }

    #[test]
    fn joined_parts_are_escaped_as_their_joined_text() {
        for (parts, sep) in [
            (vec!["a\"b", "c\n", "é"], "\n\n"),
            (Vec::new(), "\n"),
            (vec!["", "x"], "\n"),
        ] {
            let mut ours = Vec::new();
            write_joined(parts.iter().copied(), sep, &mut ours);
            let theirs = serde_json::to_vec(&parts.join(sep)).expect("serialises");
            assert_eq!(ours, theirs, "{parts:?}");
        }
    }
}
