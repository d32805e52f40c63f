//! The headline out of a page title.
//!
//! `<title>` (and often `og:title`) carries the site's name beside the headline: "Rates rise | The
//! Daily", "World - Rates rise - The Daily". Users want the headline alone. The site name is cut
//! when it is known and matches a side; otherwise a short side across a separator is taken for the
//! site or section name, as long as a headline of some words remains. The page's `<h1>`, when the
//! title contains it, settles which part is the headline.

use super::text::collapse;

/// Separators that set a site or section name apart from a headline; a plain hyphen only with
/// spaces around it, so that "COVID-19" stays whole.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / ",
];

/// A side this short (in words) may be a site or section name.
const MAX_NAME_WORDS: usize = 4;

/// `title` without a site-name prefix or suffix. With `guess`, a short side is cut even when it is
/// not the known site name (for `<title>`, which nearly always carries one); without it, only the
/// known `site` is cut (for `og:title` and JSON-LD, which are usually the headline already).
pub fn strip_site(title: &str, site: Option<&str>, h1: Option<&str>, guess: bool) -> String {
    let title = collapse(title);
    let site = site.map(fold).filter(|s| !s.is_empty());
    if let Some(h1) = h1.map(collapse).filter(|h| !h.is_empty()) {
        if let Some(headline) = h1_side(&title, &h1, site.as_deref()) {
            return headline;
        }
    }
    let mut current = title.clone();
    if let Some(site) = &site {
        current = cut_known(&current, site);
    }
    if guess {
        // At most two names: "Headline - Section - Site".
        for _ in 0..2 {
            match cut_short_side(&current) {
                Some(shorter) => current = shorter,
                None => break,
            }
        }
    }
    if current.trim().is_empty() {
        title
    } else {
        current
    }
}

/// The part of `title` that the `<h1>` repeats: a whole side of a separator, or most of the title.
/// An `<h1>` that is the site's name (a logo) says nothing about the headline.
fn h1_side(title: &str, h1: &str, site: Option<&str>) -> Option<String> {
    let (t, h) = (fold(title), fold(h1));
    if h.is_empty() || t == h || site == Some(h.as_str()) || !has_separator(title) {
        return None;
    }
    for sep in SEPARATORS {
        for (i, _) in title.match_indices(sep) {
            for side in [&title[..i], &title[i + sep.len()..]] {
                if fold(side) == h {
                    return Some(side.trim().to_string());
                }
            }
        }
    }
    (h.len() * 2 > t.len() && h.split(' ').count() >= 2 && t.contains(&h)).then(|| h1.to_string())
}

fn has_separator(s: &str) -> bool {
    SEPARATORS.iter().any(|sep| s.contains(sep))
}

/// Cuts `site` (folded) when it is the whole first or last side of a separator.
fn cut_known(title: &str, site: &str) -> String {
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if fold(tail) == site && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if fold(head) == site && !tail.trim().is_empty() {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Cuts the last side of the last separator, or the first side before a bar, when that side is
/// short and the rest is longer.
fn cut_short_side(title: &str) -> Option<String> {
    let words = |s: &str| s.split_whitespace().count();
    let mut best: Option<(usize, &str, &str)> = None;
    for sep in SEPARATORS {
        if let Some(i) = title.rfind(sep) {
            if best.is_none_or(|(j, _, _)| i > j) {
                best = Some((i, &title[..i], &title[i + sep.len()..]));
            }
        }
    }
    if let Some((_, head, tail)) = best {
        if words(tail) <= MAX_NAME_WORDS && words(head) > words(tail) && words(head) >= 2 {
            return Some(head.trim().to_string());
        }
    }
    // A short first side is cut only before a bar ("Opinion | …"): before a dash it is as often
    // the start of the headline ("Atkins diet (14 days) - lose 10 kg").
    let (head, tail) = title.split_once(" | ")?;
    (words(head) <= MAX_NAME_WORDS && words(tail) > words(head) && words(tail) >= 2)
        .then(|| tail.trim().to_string())
}

/// Lowercased, without punctuation and a leading "the", for comparing names.
fn fold(s: &str) -> String {
    let lowered: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = lowered.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") if words.len() > 1 => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_site_name_is_cut_from_either_end() {
        assert_eq!(
            strip_site(
                "Rates rise again | The Daily Planet",
                Some("Daily Planet"),
                None,
                false
            ),
            "Rates rise again"
        );
        assert_eq!(
            strip_site(
                "The Daily Planet — Rates rise again",
                Some("The Daily Planet"),
                None,
                false
            ),
            "Rates rise again"
        );
        assert_eq!(
            strip_site("Rates rise - again", Some("The Daily Planet"), None, false),
            "Rates rise - again"
        );
    }

    #[test]
    fn short_sides_are_cut_when_guessing() {
        assert_eq!(
            strip_site("Storm hits the coast - World - BBC News", None, None, true),
            "Storm hits the coast"
        );
        assert_eq!(
            strip_site("Opinion | Why the vote matters now", None, None, true),
            "Why the vote matters now"
        );
        assert_eq!(
            strip_site("COVID-19 cases fall", None, None, true),
            "COVID-19 cases fall"
        );
        // Two short sides: nothing is sure enough to cut.
        assert_eq!(strip_site("Home - Site", None, None, true), "Home - Site");
        // A short first side before a dash is the start of the headline.
        assert_eq!(
            strip_site(
                "Atkins diet (14 days) - lose up to 10 kg in two weeks",
                None,
                None,
                true
            ),
            "Atkins diet (14 days) - lose up to 10 kg in two weeks"
        );
    }

    #[test]
    fn h1_settles_the_headline() {
        assert_eq!(
            strip_site(
                "Live: markets - what we know so far | Paper",
                None,
                Some("Live: markets - what we know so far"),
                true
            ),
            "Live: markets - what we know so far"
        );
    }

    #[test]
    fn h1_equal_to_one_side_wins_even_when_short() {
        assert_eq!(
            strip_site(
                "About bugs – Vortex Cannon Entertainment",
                None,
                Some("About bugs"),
                true
            ),
            "About bugs"
        );
        // A logo h1 that is the site name is no evidence.
        assert_eq!(
            strip_site(
                "Rates rise again | Daily Planet",
                Some("Daily Planet"),
                Some("Daily Planet"),
                true
            ),
            "Rates rise again"
        );
    }

    #[test]
    fn separators_next_to_multibyte_text_do_not_panic_and_only_cut() {
        for (title, site, h1) in [
            ("é | — é — | ü", Some("ü"), Some("é é")),
            (" | ", None, None),
        ] {
            let stripped = strip_site(title, site, h1, true);
            assert!(
                title.contains(stripped.as_str()),
                "{title:?} gave {stripped:?}"
            );
        }
    }
}
