//! A JSONL record read for the few fields a dump's page is made of, skipping the rest.
//!
//! Parsing a line into a `serde_json::Value` builds every field of the record (a map, a string
//! per key and value) and copies the page's text twice on the way (into serde_json's scratch
//! buffer to unescape it, then into the value's string); on a dump of article text that was most
//! of the reader thread's work, which with one worker runs beside it and with two competes with
//! them for the cores. Here the line is checked for UTF-8 once, the wanted fields (the page, id
//! and URL names, and the objects a dotted name walks into) are kept, unescaped straight into
//! their strings, and every other value is only checked and passed over.
//!
//! It is a fast path, never a second reading of JSON: it gives up ([`None`]) on whatever it does
//! not follow exactly as serde_json does (a syntax error, a `\u` surrogate, a number with an
//! exponent or hundreds of digits, nesting over [`MAX_DEPTH`]), and the caller then parses the
//! line with serde_json as before, so a broken line gets serde_json's own message. What it
//! accepts, serde_json accepts too, with the same values in the kept fields (a property test
//! compares the two); a key given twice keeps its last value, as serde_json's map does.

use crate::sink::json_string::next_to_escape;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Deeper than this, the line is left to serde_json (whose own limit is 128).
const MAX_DEPTH: usize = 100;

/// A number longer than this is left to serde_json, which reads it as a float that may overflow.
const MAX_NUMBER_BYTES: usize = 300;

/// The field names kept at one level of a record: names kept whole, and the objects that dotted
/// names walk into (as `jsonl::lookup` walks: the whole name first, else up to its first dot).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Wanted {
    keys: Vec<String>,
    heads: Vec<(String, Wanted)>,
}

impl Wanted {
    /// The names `names` (each may have dots) at the top of a record.
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut wanted = Wanted::default();
        for name in names {
            wanted.add(name);
        }
        wanted
    }

    fn add(&mut self, name: &str) {
        if !self.keys.iter().any(|k| k == name) {
            self.keys.push(name.to_string());
        }
        if let Some((head, rest)) = name.split_once('.') {
            match self.heads.iter_mut().find(|(h, _)| h == head) {
                Some((_, below)) => below.add(rest),
                None => {
                    let mut below = Wanted::default();
                    below.add(rest);
                    self.heads.push((head.to_string(), below));
                }
            }
        }
    }

    fn keeps(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }

    fn below(&self, key: &str) -> Option<&Wanted> {
        self.heads.iter().find(|(h, _)| h == key).map(|(_, w)| w)
    }
}

/// The record on `line` with only the `wanted` fields in it, or `None` where serde_json is to
/// read the line instead (see the module docs).
pub(crate) fn sparse_record(line: &[u8], wanted: &Wanted) -> Option<Value> {
    let text = std::str::from_utf8(line).ok()?;
    let mut parser = Parser {
        text,
        bytes: line,
        pos: 0,
    };
    parser.whitespace();
    if parser.peek()? != b'{' {
        return None;
    }
    let record = parser.object(wanted, 0)?;
    parser.whitespace();
    (parser.pos == line.len()).then_some(Value::Object(record))
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// JSON's whitespace, the four bytes serde_json skips.
    fn whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// An object at `{`, keeping the `wanted` fields.
    fn object(&mut self, wanted: &Wanted, depth: usize) -> Option<Map<String, Value>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.expect(b'{')?;
        let mut kept = Map::new();
        self.whitespace();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(kept);
        }
        loop {
            self.whitespace();
            let key = self.string()?;
            self.whitespace();
            self.expect(b':')?;
            self.whitespace();
            let below = wanted.below(&key);
            let value = match (self.peek()?, below) {
                (b'{', Some(below)) => Some(Value::Object(self.object(below, depth + 1)?)),
                (b'{', None) if wanted.keeps(&key) => {
                    self.skip_value(depth + 1)?;
                    Some(Value::Object(Map::new()))
                }
                (b'"', _) if wanted.keeps(&key) => Some(Value::String(self.string()?.into_owned())),
                _ if wanted.keeps(&key) => {
                    // A number, a literal or an array: small, and read by serde_json itself so
                    // that its value is serde_json's (an id given as a number is written as
                    // serde_json writes that number).
                    let start = self.pos;
                    self.skip_value(depth + 1)?;
                    Some(serde_json::from_str(&self.text[start..self.pos]).ok()?)
                }
                _ => {
                    self.skip_value(depth + 1)?;
                    if below.is_some() {
                        // A later value that is not an object replaces an earlier one that was.
                        kept.remove(key.as_ref());
                    }
                    None
                }
            };
            if let Some(value) = value {
                kept.insert(key.into_owned(), value);
            }
            self.whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(kept);
                }
                _ => return None,
            }
        }
    }

    /// Passes over one value, checking it.
    fn skip_value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' => self.object(&Wanted::default(), depth).map(drop),
            b'[' => self.skip_array(depth),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            b'-' | b'0'..=b'9' => self.skip_number(),
            _ => None,
        }
    }

    fn skip_array(&mut self, depth: usize) -> Option<()> {
        self.expect(b'[')?;
        self.whitespace();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(());
        }
        loop {
            self.whitespace();
            self.skip_value(depth + 1)?;
            self.whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        self.bytes[self.pos..]
            .starts_with(word.as_bytes())
            .then(|| self.pos += word.len())
    }

    /// JSON's number grammar without an exponent: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`. A number that
    /// goes on (`01`, `1e5`) leaves a byte its container does not expect, and the line goes to
    /// serde_json.
    fn skip_number(&mut self) -> Option<()> {
        let start = self.pos;
        if self.peek()? == b'-' {
            self.pos += 1;
        }
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        (self.pos - start <= MAX_NUMBER_BYTES).then_some(())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn skip_string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        loop {
            let at = next_to_escape(self.bytes, self.pos)?;
            self.pos = at + 1;
            match self.bytes[at] {
                b'"' => return Some(()),
                b'\\' => {
                    self.escape()?;
                }
                _ => return None, // a control character, which JSON strings may not hold
            }
        }
    }

    /// A string at `"`, unescaped (borrowed when it has no escapes).
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.expect(b'"')?;
        let mut from = self.pos;
        let mut owned: Option<String> = None;
        loop {
            let at = next_to_escape(self.bytes, self.pos)?;
            // `"` and `\` are ASCII, so `at` is on a character boundary.
            let run = &self.text[from..at];
            self.pos = at + 1;
            match self.bytes[at] {
                b'"' => {
                    return Some(match owned {
                        None => Cow::Borrowed(run),
                        Some(mut s) => {
                            s.push_str(run);
                            if s.capacity() > 2 * s.len() + 64 {
                                s.shrink_to_fit();
                            }
                            Cow::Owned(s)
                        }
                    })
                }
                b'\\' => {
                    let c = self.escape()?;
                    // Sized once for the rest of the line, which the string cannot outgrow: the
                    // page, usually the last field, is then never copied to grow it.
                    let rest = self.bytes.len() - from;
                    let s = owned.get_or_insert_with(|| String::with_capacity(rest));
                    s.push_str(run);
                    s.push(c);
                    from = self.pos;
                }
                _ => return None,
            }
        }
    }

    /// The character an escape after `\` stands for. A `\u` escape of a surrogate (half of a
    /// pair, or alone) is left to serde_json.
    fn escape(&mut self) -> Option<char> {
        let c = match self.peek()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hex = self.text.get(self.pos + 1..self.pos + 5)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                let code = u32::from_str_radix(hex, 16).ok()?;
                self.pos += 4;
                char::from_u32(code)? // None for a surrogate
            }
            _ => return None,
        };
        self.pos += 1;
        Some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted() -> Wanted {
        Wanted::new([
            "id",
            "url",
            "metadata.url",
            "html",
            "raw_html",
            "text",
            "content",
            "body",
        ])
    }

    /// What serde_json makes of `line`, cut down to the wanted fields as [`sparse_record`] keeps
    /// them.
    fn reference(line: &str, wanted: &Wanted) -> Option<Value> {
        fn cut(obj: &Map<String, Value>, wanted: &Wanted) -> Map<String, Value> {
            let mut kept = Map::new();
            for (key, value) in obj {
                let value = match (value, wanted.below(key)) {
                    (Value::Object(inner), Some(below)) => Value::Object(cut(inner, below)),
                    (Value::Object(_), None) if wanted.keeps(key) => Value::Object(Map::new()),
                    (value, _) if wanted.keeps(key) => value.clone(),
                    _ => continue,
                };
                kept.insert(key.clone(), value);
            }
            kept
        }
        match serde_json::from_str::<Value>(line).ok()? {
            Value::Object(obj) => Some(Value::Object(cut(&obj, wanted))),
            _ => None,
        }
    }

    #[test]
    fn the_wanted_fields_are_kept_unescaped_and_the_rest_passed_over() {
        let line = r#" {"id": 12, "x": [1, {"a": "\"b\""}, -0.5, null, true], "text": "One\ntwo \u00e9\u2019 \/ \"q\"", "metadata": {"url": "https://x.org/a", "other": {}}, "url": false}
"#;
        let record = sparse_record(line.as_bytes(), &wanted()).expect("read");
        assert_eq!(
            record,
            serde_json::json!({
                "id": 12,
                "text": "One\ntwo é’ / \"q\"",
                "metadata": {"url": "https://x.org/a"},
                "url": false,
            })
        );
    }

    #[test]
    fn a_key_given_twice_keeps_its_last_value_as_serde_json_does() {
        let line = r#"{"text":"first","text":"second"}"#;
        let record = sparse_record(line.as_bytes(), &wanted()).expect("read");
        assert_eq!(record, reference(line, &wanted()).expect("valid"));
        assert_eq!(record["text"], "second");
    }

    #[test]
    fn what_serde_json_rejects_or_reads_its_own_way_is_left_to_it() {
        for line in [
            "{oops",
            r#"{"text":"a",}"#,
            r#"{"text":"a"} x"#,
            r#"["text"]"#,
            r#"{"text":"tab	inside"}"#,
            r#"{"text":"\ud83d\ude00"}"#,
            r#"{"text":"\x"}"#,
            r#"{"id":1e5,"text":"a"}"#,
            r#"{"id":01,"text":"a"}"#,
            r#"{"id":-,"text":"a"}"#,
            r#"{"id":1.,"text":"a"}"#,
            r#"{"text":"a","n":tru}"#,
            "\u{feff}{\"text\":\"a\"}",
        ] {
            assert_eq!(sparse_record(line.as_bytes(), &wanted()), None, "{line}");
        }
        let deep = format!(
            "{{\"a\":{}1{}}}",
            "[".repeat(MAX_DEPTH + 5),
            "]".repeat(MAX_DEPTH + 5)
        );
        assert_eq!(sparse_record(deep.as_bytes(), &wanted()), None);
        assert_eq!(sparse_record(b"{\"text\":\"\xff\"}", &wanted()), None);
    }

    #[test]
    fn a_dotted_name_is_kept_whole_and_walked_into() {
        let wanted = Wanted::new(["a.b.c"]);
        let line = r#"{"a.b.c":"whole","a":{"b.c":"half","b":{"c":"walked","d":"no"}},"z":"no"}"#;
        let record = sparse_record(line.as_bytes(), &wanted).expect("read");
        assert_eq!(record, reference(line, &wanted).expect("valid"));
        assert_eq!(record["a"]["b"]["c"], "walked");
        assert!(record.get("z").is_none());
    }

    proptest::proptest! {
        /// On any record it reads, the fast path keeps what serde_json reads in the wanted
        /// fields; a line it gives up on, serde_json reads (or rejects) in its place.
        #[test]
        fn the_kept_fields_are_serde_jsons(
            fields in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["id", "url", "text", "html", "metadata", "x", "t\\u0065xt"]),
                    proptest::sample::select(vec![
                        "\"plain\"", "\"a\\\"b\\\\c\\nd\\u00e9\\/\"", "\"é’😀\"", "12", "-3.25", "0",
                        "1e3", "true", "null", "[1,\"x\",{}]", "{\"url\":\"https://x.org\",\"k\":[]}",
                        "{\"url\":7}", "\"\\ud800\"", "\"\"", "{}", "[]",
                    ]),
                ),
                0..6,
            ),
            spaces in proptest::sample::select(vec!["", " ", "\t", "\r\n "]),
        ) {
            let body: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{spaces}\"{k}\"{spaces}:{spaces}{v}{spaces}"))
                .collect();
            let line = format!("{spaces}{{{}}}\n", body.join(","));
            let ours = sparse_record(line.as_bytes(), &wanted());
            let theirs = reference(&line, &wanted());
            if ours.is_some() {
                proptest::prop_assert_eq!(ours, theirs, "{}", line);
            }
        }
    }
}
