//! Bytes to text: the charset comes from the byte-order mark, the content type, a `<meta>` tag, or,
//! failing those, detection. A page whose bytes are not valid in that charset is decoded with
//! replacement characters and flagged, never refused.

use encoding_rs::Encoding;
use std::borrow::Cow;

/// Where a `<meta charset>` is looked for first, as browsers do.
const META_FIRST_BYTES: usize = 4096;
/// How far into an HTML page to look for a `<meta charset>` at most: the head ends well before on
/// real pages, but some put a hundred kilobytes of inline scripts and styles ahead of the tag.
const META_PRESCAN_BYTES: usize = 512 * 1024;

/// Below this many non-ASCII bytes (and under one in a hundred), detection has too little to go
/// on: a few stray bytes in English text would come out as Cyrillic or Hebrew. Such text is read
/// as windows-1252, the web's default legacy charset, as browsers read unlabelled Western pages.
const SCARCE_NON_ASCII: usize = 64;

/// Text decoded from a page's bytes.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text: the bytes themselves when they are valid UTF-8 (most pages), so that a page is
    /// not copied before it is read.
    pub text: Cow<'a, str>,
    /// The charset used.
    pub encoding: &'static Encoding,
    /// True when some bytes were invalid and replaced with U+FFFD.
    pub had_errors: bool,
    /// True when no charset was declared, the bytes were not UTF-8, and the charset was guessed.
    pub guessed: bool,
}

/// Decodes `body`, which arrived with `content_type` (if any).
///
/// Whether the bytes are UTF-8 is asked once, and when they are and UTF-8 is chosen, the text
/// is the bytes checked then: the check is the longest walk over a text dump's page before it
/// is split, and it used to be made twice (once to choose, once to decode).
pub fn decode<'a>(body: &'a [u8], content_type: Option<&str>) -> Decoded<'a> {
    let (encoding, bom_len, guessed) = match Encoding::for_bom(body) {
        Some((enc, len)) => (enc, len, false),
        None => {
            let utf8 = encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(body);
            let (enc, guessed) = choose_encoding(body, content_type, utf8.is_some());
            if let (Some(text), true) = (utf8, enc == encoding_rs::UTF_8) {
                return Decoded {
                    text,
                    encoding: enc,
                    had_errors: false,
                    guessed,
                };
            }
            (enc, 0, guessed)
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(&body[bom_len..]);
    Decoded {
        text,
        encoding,
        had_errors,
        guessed,
    }
}

/// The charset to decode with, and whether it was guessed; `utf8` when `body` is valid UTF-8.
fn choose_encoding(
    body: &[u8],
    content_type: Option<&str>,
    utf8: bool,
) -> (&'static Encoding, bool) {
    // Valid UTF-8 with non-ASCII in it is UTF-8 whatever a header or tag says: legacy text is
    // next to never valid UTF-8 by chance, while sites that moved to UTF-8 often kept their old
    // label (read as labelled, such a page comes out as mojibake).
    if utf8 && !body.is_ascii() {
        return (encoding_rs::UTF_8, false);
    }
    if let Some(enc) = content_type.and_then(charset_param).and_then(label) {
        return (enc, false);
    }
    // Where browsers look first, then, for pages with a long head, further.
    let declared = meta_charset(&body[..body.len().min(META_FIRST_BYTES)]).or_else(|| {
        (body.len() > META_FIRST_BYTES)
            .then(|| meta_charset(&body[..body.len().min(META_PRESCAN_BYTES)]))
            .flatten()
    });
    if let Some(enc) = declared.and_then(label) {
        return (enc, false);
    }
    if utf8 {
        return (encoding_rs::UTF_8, false);
    }
    let non_ascii = body.iter().filter(|b| !b.is_ascii()).count();
    if non_ascii < SCARCE_NON_ASCII && non_ascii * 100 < body.len() {
        return (encoding_rs::WINDOWS_1252, true);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(body, true);
    (detector.guess(None, true), true)
}

/// An encoding by its label. A page that says UTF-16 in a meta tag is not UTF-16 (the tag would be
/// unreadable otherwise), so browsers read such labels as UTF-8; so do we.
fn label(name: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(name.trim().as_bytes())?;
    Some(enc.output_encoding())
}

/// The `charset=` parameter of a content type.
pub fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

/// The charset named by `<meta charset=…>` or `<meta http-equiv=content-type content="…charset=…">`
/// near the start of a page. A byte-level scan: the page is not decoded yet.
fn meta_charset(head: &[u8]) -> Option<&str> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        if let Some(cs) = find(&lower[start..end], b"charset") {
            let mut i = start + cs + b"charset".len();
            while i < end && lower[i] == b' ' {
                i += 1;
            }
            if i < end && lower[i] == b'=' {
                i += 1;
                while i < end && matches!(lower[i], b' ' | b'"' | b'\'') {
                    i += 1;
                }
                let len = lower[i..end]
                    .iter()
                    .position(|&b| matches!(b, b' ' | b'"' | b'\'' | b';' | b'/'))
                    .unwrap_or(end - i);
                return std::str::from_utf8(&head[i..i + len]).ok();
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn valid_utf8_wins_over_an_old_label() {
        // Issue 8: a site transcoded to UTF-8 that kept `charset=iso-8859-1` came out as mojibake.
        let page = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\u{e9} na pra\u{e7}a, \u{fc}ber alles.</p></body></html>";
        let d = decode(page.as_bytes(), Some("text/html; charset=windows-1252"));
        assert_eq!(d.encoding, encoding_rs::UTF_8);
        assert!(d.text.contains("Caf\u{e9} na pra\u{e7}a"));
        assert!(!d.had_errors);
    }

    #[test]
    fn a_few_stray_bytes_in_ascii_text_do_not_make_it_cyrillic() {
        // Issue 8: mostly-ASCII text with three bad bytes decoded as windows-1251.
        let mut body = b"The council met on Tuesday and agreed to repair the bridge. ".repeat(20);
        body.extend_from_slice(b"Caf\xe9 \xa0 \x92 end.");
        let d = decode(&body, None);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1252);
        assert!(d.text.contains("Caf\u{e9}"));
    }

    #[test]
    fn a_meta_charset_after_a_hundred_kilobytes_of_scripts_is_found() {
        // Issue 9: the tag after 100 KB was missed and detection picked windows-1255.
        let mut page = b"<html><head><script>".to_vec();
        page.extend(std::iter::repeat_n(b'x', 120 * 1024));
        page.extend_from_slice(b"</script><meta charset=\"windows-1251\"></head><body>");
        page.extend_from_slice(b"\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0");
        let d = decode(&page, None);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1251);
        assert!(d
            .text
            .contains("\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}"));
    }

    #[test]
    fn header_charset_wins_over_detection() {
        let bytes = encoding_rs::WINDOWS_1251.encode("Привет, мир").0;
        let d = decode(&bytes, Some("text/html; charset=windows-1251"));
        assert_eq!(d.text, "Привет, мир");
    }

    #[test]
    fn meta_charset_is_honoured() {
        let mut page = b"<html><head><meta charset=\"windows-1252\"></head><body>".to_vec();
        page.extend_from_slice(&encoding_rs::WINDOWS_1252.encode("café").0);
        let d = decode(&page, None);
        assert!(d.text.contains("café"), "{}", d.text);
    }

    #[test]
    fn http_equiv_meta_is_honoured() {
        let mut page =
            b"<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>".to_vec();
        page.extend_from_slice(&encoding_rs::KOI8_R.encode("газета").0);
        assert!(decode(&page, None).text.contains("газета"));
    }

    #[test]
    fn undeclared_cyrillic_is_detected() {
        let text = "Министр обороны Украины обсудил с генеральным секретарём НАТО планы на зиму и \
                    поставки вооружений, подчеркнув важность поддержки союзников.";
        let bytes = encoding_rs::WINDOWS_1251.encode(text).0;
        assert_eq!(decode(&bytes, None).text, text);
    }

    #[test]
    fn invalid_utf8_is_replaced_and_flagged() {
        let d = decode(b"caf\xe9 ok", Some("text/plain; charset=utf-8"));
        assert!(d.had_errors);
        assert!(d.text.contains('\u{FFFD}'));
    }

    /// `decode` as it was before it checked the bytes once: the reference it is held to.
    fn decode_checking_twice(body: &[u8], content_type: Option<&str>) -> (String, bool) {
        let (encoding, bom_len) = match Encoding::for_bom(body) {
            Some((enc, len)) => (enc, len),
            None => {
                let utf8 = std::str::from_utf8(body).is_ok();
                (choose_encoding(body, content_type, utf8).0, 0)
            }
        };
        let (text, had_errors) = encoding.decode_without_bom_handling(&body[bom_len..]);
        (text.into_owned(), had_errors)
    }

    proptest! {
        /// Whatever the bytes and label, the text is the one checking the bytes twice gave.
        #[test]
        fn checking_once_decodes_as_checking_twice(
            parts in proptest::collection::vec(
                prop_oneof![
                    "[a-z <>=\"]{0,12}".prop_map(String::into_bytes),
                    "[éЖ’€]{1,4}".prop_map(String::into_bytes),
                    proptest::collection::vec(128u8..=255, 1..4),
                    Just(b"<meta charset=windows-1251>".to_vec()),
                    Just(b"\xEF\xBB\xBF".to_vec()),
                ],
                0..8,
            ),
            label in proptest::option::of("text/html; charset=(utf-8|koi8-r|latin1|utf-16)"),
        ) {
            let body = parts.concat();
            let d = decode(&body, label.as_deref());
            prop_assert_eq!(
                (d.text.into_owned(), d.had_errors),
                decode_checking_twice(&body, label.as_deref())
            );
        }
    }

    #[test]
    fn valid_utf8_is_not_copied() {
        let d = decode("Café".as_bytes(), None);
        assert!(matches!(d.text, Cow::Borrowed("Café")));
        assert_eq!(d.encoding, encoding_rs::UTF_8);
    }

    #[test]
    fn a_bom_decides_the_charset() {
        let d = decode(b"\xEF\xBB\xBFhello", Some("text/plain; charset=latin1"));
        assert_eq!(d.text, "hello");
    }
}
