//! Cleaning the strings metadata comes in.
//!
//! Attribute values arrive decoded by the HTML parser, but JSON-LD is raw script text: sites put
//! `&amp;`, `&#8217;` and `&quot;` into its strings (their templates escape for HTML, not for JSON).
//! Users should see the characters, not the escapes.

/// `s` with HTML character references decoded and runs of whitespace collapsed to one space.
pub fn clean(s: &str) -> String {
    collapse(&decode_entities(s))
}

/// Runs of whitespace (including no-break spaces) as one space, trimmed.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Decodes numeric character references and the named ones that news templates use. An unknown or
/// malformed reference is left as it is.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // A reference is short: look for its ';' within the next few characters only.
        let end = rest
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(j, _)| j);
        let decoded = end.and_then(|j| reference(&rest[1..j]));
        match (end, decoded) {
            (Some(j), Some(c)) => {
                out.push(c);
                rest = &rest[j + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference names (`amp`, `#8217`, `#x2019`).
fn reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "atilde" => 'ã',
        "otilde" => 'õ',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "szlig" => 'ß',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_decoded() {
        assert_eq!(
            clean("Tom &amp; Jerry&#8217;s &quot;day&quot;&#x2014;out"),
            "Tom & Jerry’s \"day\"—out"
        );
        assert_eq!(clean("  a \n\t b&nbsp;c "), "a b c");
    }

    #[test]
    fn stray_ampersands_survive() {
        assert_eq!(
            decode_entities("AT&T; R&D & more &bogus; &#xZZ;"),
            "AT&T; R&D & more &bogus; &#xZZ;"
        );
        assert_eq!(decode_entities("&"), "&");
        assert_eq!(decode_entities("é&é;&#0;"), "é&é;&#0;");
    }
}
