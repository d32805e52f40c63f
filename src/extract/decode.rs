//! Bytes to text: the charset comes from the byte-order mark, the content type, a `<meta>` tag, or,
//! failing those, detection. A page whose bytes are not valid in that charset is decoded with
//! replacement characters and flagged, never refused.

use encoding_rs::Encoding;

/// How far into an HTML page to look for a `<meta charset>`, as browsers do.
const META_PRESCAN_BYTES: usize = 4096;

/// Text decoded from a page's bytes.
#[derive(Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The charset used.
    pub encoding: &'static Encoding,
    /// True when some bytes were invalid and replaced with U+FFFD.
    pub had_errors: bool,
    /// True when no charset was declared, the bytes were not UTF-8, and the charset was guessed.
    pub guessed: bool,
}

/// Decodes `body`, which arrived with `content_type` (if any).
pub fn decode(body: &[u8], content_type: Option<&str>) -> Decoded {
    let (encoding, bom_len, guessed) = match Encoding::for_bom(body) {
        Some((enc, len)) => (enc, len, false),
        None => {
            let (enc, guessed) = choose_encoding(body, content_type);
            (enc, 0, guessed)
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(&body[bom_len..]);
    Decoded {
        text: text.into_owned(),
        encoding,
        had_errors,
        guessed,
    }
}

/// The charset to decode with, and whether it was guessed.
fn choose_encoding(body: &[u8], content_type: Option<&str>) -> (&'static Encoding, bool) {
    if let Some(enc) = content_type.and_then(charset_param).and_then(label) {
        return (enc, false);
    }
    if let Some(enc) = meta_charset(&body[..body.len().min(META_PRESCAN_BYTES)]).and_then(label) {
        return (enc, false);
    }
    if std::str::from_utf8(body).is_ok() {
        return (encoding_rs::UTF_8, false);
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
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_bom_decides_the_charset() {
        let d = decode(b"\xEF\xBB\xBFhello", Some("text/plain; charset=latin1"));
        assert_eq!(d.text, "hello");
    }
}
