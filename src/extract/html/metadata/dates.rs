//! Publication dates to ISO 8601.
//!
//! Pages write dates every way there is; users want one form they can sort and compare. A value is
//! accepted only when it is unambiguous: a full ISO date (with or without time), an RFC 2822 date as
//! HTTP and feeds write them, or an English "19 November 2019" / "November 19, 2019". Anything else
//! (relative dates, "3 hours ago", numeric dates whose day and month could be swapped) is refused
//! rather than guessed. A time is kept only together with its offset: a local time without one is
//! ambiguous, so only the date is kept.

/// Years outside this range are typos or placeholders (`0001-01-01`, `2999-…`), not publication dates.
const YEARS: std::ops::RangeInclusive<u32> = 1990..=2100;

/// `value` as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS±HH:MM` (or `…Z`), when it is a date read
/// without guessing.
pub fn normalise(value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v.len() > 64 {
        return None;
    }
    iso(v).or_else(|| rfc2822(v)).or_else(|| english(v))
}

/// A date in a URL path written `/YYYY/MM/DD/`, the one URL form that cannot be misread.
pub fn from_url(url: &str) -> Option<String> {
    let path = match url::Url::parse(url) {
        Ok(u) => u.path().to_string(),
        Err(_) => url.to_string(),
    };
    let parts: Vec<&str> = path.split('/').collect();
    // The day must be followed by another segment (possibly empty, for a trailing slash).
    parts.windows(4).find_map(|w| {
        let (y, m, d) = (w[0], w[1], w[2]);
        if y.len() == 4 && m.len() == 2 && d.len() == 2 {
            date(num(y)?, num(m)?, num(d)?)
        } else {
            None
        }
    })
}

/// `2019-11-19`, `2019/11/19`, `2019-11-19T10:30`, `2019-11-19T10:30:00.000+01:00`, `2019-11-19 10:30:00Z`,
/// `20191119`.
fn iso(v: &str) -> Option<String> {
    let b = v.as_bytes();
    // Year first, so `2019/11/19` (citation tags write dates so) cannot be misread either.
    let dashed = |sep: u8| b.len() >= 10 && b[4] == sep && b[7] == sep;
    let (day, rest) = if dashed(b'-') || dashed(b'/') {
        let (y, m, d) = (v.get(0..4)?, v.get(5..7)?, v.get(8..10)?);
        (date(num(y)?, num(m)?, num(d)?)?, v.get(10..)?)
    } else if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        (date(num(&v[0..4])?, num(&v[4..6])?, num(&v[6..8])?)?, "")
    } else {
        return None;
    };
    if rest.is_empty() {
        return Some(day);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (clock, offset) = split_offset(rest);
    let clock = clock_time(clock)?;
    match offset.map(parse_offset) {
        Some(Some(off)) => Some(format!("{day}T{clock}{off}")),
        Some(None) => None,
        None => Some(day),
    }
}

/// `Tue, 19 Nov 2019 10:30:00 GMT`, `19 Nov 2019 10:30:00 +0000`.
fn rfc2822(v: &str) -> Option<String> {
    let v = match v.split_once(',') {
        Some((weekday, rest)) if weekday.trim().chars().all(char::is_alphabetic) => rest,
        _ => v,
    };
    let words: Vec<&str> = v.split_whitespace().collect();
    if words.len() < 4 {
        return None;
    }
    let day = date(num(words[2])?, month(words[1])?, num(words[0])?)?;
    let clock = clock_time(words[3])?;
    match words.get(4) {
        Some(zone) => Some(format!("{day}T{clock}{}", parse_offset(zone)?)),
        None => Some(day),
    }
}

/// `19 November 2019`, `November 19, 2019`, `Nov. 19, 2019`, with an optional time after it
/// (`November 19, 2019, 07:47 PM EST`), which is kept only when a zone is given.
fn english(v: &str) -> Option<String> {
    let lowered = v
        .to_ascii_lowercase()
        .replace("a.m.", "am")
        .replace("p.m.", "pm");
    let cleaned: String = lowered
        .chars()
        .map(|c| if c == ',' || c == '.' { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.len() < 3 || words.len() > 6 {
        return None;
    }
    let day_of = |s: &str| {
        num(s.trim_end_matches(|c: char| c.is_ascii_alphabetic())).filter(|_| s.len() <= 4)
    };
    let day = match month(words[0]) {
        Some(m) => date(num(words[2])?, m, day_of(words[1])?)?,
        None => date(num(words[2])?, month(words[1])?, day_of(words[0])?)?,
    };
    Some(english_time(&words[3..]).map_or_else(|| day.clone(), |t| format!("{day}T{t}")))
}

/// `07:47 pm est`, `16:06 +0100`: a clock and a zone as `HH:MM:SS±HH:MM`; `None` without a zone.
fn english_time(words: &[&str]) -> Option<String> {
    let (clock, rest) = words.split_first()?;
    let (clock, rest) = match rest.split_first() {
        Some((&ampm, rest)) if ampm == "am" || ampm == "pm" => {
            (twelve_hour(clock, ampm == "pm")?, rest)
        }
        _ => (clock_time(clock)?, rest),
    };
    match rest {
        [zone] => Some(format!("{clock}{}", parse_offset(zone)?)),
        _ => None,
    }
}

/// `7:47` with am/pm as a 24-hour `HH:MM:SS`.
fn twelve_hour(clock: &str, pm: bool) -> Option<String> {
    let (h, m) = clock.split_once(':')?;
    let (h, m) = (num(h)?, num(m)?);
    if !(1..=12).contains(&h) || m > 59 {
        return None;
    }
    let h = match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    };
    Some(format!("{h:02}:{m:02}:00"))
}

/// Splits `10:30:00+01:00` into the clock and the offset (`Z`, `+01:00`, ` GMT`), if any.
fn split_offset(s: &str) -> (&str, Option<&str>) {
    let s = s.trim();
    if let Some(i) = s.find(['+', '-', 'Z', 'z', ' ']) {
        let (clock, off) = s.split_at(i);
        return (clock, Some(off.trim()));
    }
    (s, None)
}

/// `HH:MM` or `HH:MM:SS` with optional fractional seconds, as `HH:MM:SS`.
fn clock_time(s: &str) -> Option<String> {
    let s = s.split(['.', ',']).next()?;
    let mut parts = s.split(':');
    let h = num(parts.next()?)?;
    let m = num(parts.next()?)?;
    let sec = match parts.next() {
        Some(x) => num(x)?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some(format!("{h:02}:{m:02}:{:02}", sec.min(59)))
}

/// `Z`, `+01:00`, `+0100`, `+01`, `GMT`, `UTC`, `EST` as `Z` or `±HH:MM`.
fn parse_offset(s: &str) -> Option<String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("gmt") || s.eq_ignore_ascii_case("utc")
    {
        return Some("Z".into());
    }
    // North American and central European zone names; ambiguous ones (IST, CST in China) are
    // left out on purpose.
    let named = match s.to_ascii_uppercase().as_str() {
        "EST" => Some("-05:00"),
        "EDT" => Some("-04:00"),
        "CST" => Some("-06:00"),
        "CDT" => Some("-05:00"),
        "MST" => Some("-07:00"),
        "MDT" => Some("-06:00"),
        "PST" => Some("-08:00"),
        "PDT" => Some("-07:00"),
        "BST" => Some("+01:00"),
        "CET" => Some("+01:00"),
        "CEST" => Some("+02:00"),
        _ => None,
    };
    if let Some(off) = named {
        return Some(off.to_string());
    }
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => ('+', &s[1..]),
        b'-' => ('-', &s[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (num(&digits)?, 0),
        4 => (num(&digits[..2])?, num(&digits[2..])?),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(format!("{sign}{h:02}:{m:02}"))
}

/// A calendar date as `YYYY-MM-DD`, if it exists.
fn date(y: u32, m: u32, d: u32) -> Option<String> {
    if !YEARS.contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in(y, m) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The number (1 to 12) of an English month name, its three-letter abbreviation or `sept`, in
/// any case and with or without a final dot. Also what the learner masks as `<month>`.
pub(crate) fn month(s: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    if s.len() < 3 {
        return None;
    }
    let pos = NAMES.iter().position(|n| {
        *n == s || (s.len() == 3 && n.starts_with(&s)) || (s == "sept" && *n == "september")
    })?;
    Some(pos as u32 + 1)
}

/// Digits only (no sign, no spaces), at most 4 of them.
fn num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_keep_time_only_with_an_offset() {
        assert_eq!(normalise("2019-11-19").as_deref(), Some("2019-11-19"));
        assert_eq!(
            normalise("2019-11-19T10:30:00Z").as_deref(),
            Some("2019-11-19T10:30:00Z")
        );
        assert_eq!(
            normalise("2019-11-19T10:30:00.123+0100").as_deref(),
            Some("2019-11-19T10:30:00+01:00")
        );
        assert_eq!(
            normalise("2019-11-19T10:30-05:00").as_deref(),
            Some("2019-11-19T10:30:00-05:00")
        );
        assert_eq!(
            normalise("2019-11-19 10:30:00").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(normalise("20191119").as_deref(), Some("2019-11-19"));
        assert_eq!(normalise("2019/11/19").as_deref(), Some("2019-11-19"));
    }

    #[test]
    fn rfc2822_and_english_dates() {
        assert_eq!(
            normalise("Tue, 19 Nov 2019 10:30:00 GMT").as_deref(),
            Some("2019-11-19T10:30:00Z")
        );
        assert_eq!(
            normalise("19 Nov 2019 10:30:00 +0000").as_deref(),
            Some("2019-11-19T10:30:00+00:00")
        );
        assert_eq!(
            normalise("November 19, 2019").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(normalise("Nov. 19, 2019").as_deref(), Some("2019-11-19"));
        assert_eq!(
            normalise("19th November 2019").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(normalise("Sept 3, 2021").as_deref(), Some("2021-09-03"));
        assert_eq!(
            normalise("November 19, 2019, 07:47 PM EST").as_deref(),
            Some("2019-11-19T19:47:00-05:00")
        );
        assert_eq!(
            normalise("Nov. 18, 2019, 4:06 p.m.").as_deref(),
            Some("2019-11-18")
        );
        assert_eq!(
            normalise("18 November 2019 12:05 am GMT").as_deref(),
            Some("2019-11-18T00:05:00Z")
        );
    }

    #[test]
    fn ambiguous_or_impossible_dates_are_refused() {
        for bad in [
            "",
            "11/19/2019",
            "19.11.2019",
            "3 hours ago",
            "2019-02-30",
            "0001-01-01",
            "2019-11-19T25:00:00Z",
            "2019-11-19Tnoon",
            "Updated: yesterday",
            "2019-11-19T10:30:00+99:00",
            "1574168580",
        ] {
            assert_eq!(normalise(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn url_dates_only_in_the_strict_form() {
        assert_eq!(
            from_url("https://example.com/news/2019/11/19/some-story/").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(
            from_url("https://example.com/2019/11/19/story.html").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(from_url("https://example.com/2019/11/story"), None);
        assert_eq!(from_url("https://example.com/2019-11-19/story"), None);
        assert_eq!(from_url("https://example.com/2019/13/40/story"), None);
        assert_eq!(from_url("https://example.com/story?d=2019/11/19/x"), None);
    }

    #[test]
    fn odd_input_does_not_panic_and_gives_a_date_or_nothing() {
        for s in [
            "2019-11-1é",
            "é019-11-19",
            "2019-11-19T",
            "2019-11-19T10:30:00+",
            "Mon, 1 Jü 2019 x",
        ] {
            // A date read is in the normal form, which reads as itself.
            if let Some(date) = normalise(s) {
                assert_eq!(normalise(&date).as_deref(), Some(date.as_str()), "{s:?}");
            }
        }
    }
}
