//! RSS and Atom feeds (feed-rs parses every common flavour): the link of each entry is an article
//! to fetch.

/// The article links of a feed, in feed order. An entry's link is its `rel="alternate"` link (or
/// its first link without a rel); entries without one fall back to an id that is an http(s) URL
/// (RSS `<guid isPermaLink="true">`).
pub(crate) fn article_links(body: &[u8]) -> Result<Vec<String>, String> {
    let feed =
        feed_rs::parser::parse(body).map_err(|e| format!("not a valid RSS or Atom feed: {e}"))?;
    let links = feed
        .entries
        .iter()
        .filter_map(|entry| {
            entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .map(|l| l.href.clone())
                .or_else(|| {
                    (entry.id.starts_with("http://") || entry.id.starts_with("https://"))
                        .then(|| entry.id.clone())
                })
        })
        .collect();
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_and_atom_entries_give_their_links() {
        let rss = br#"<rss version="2.0"><channel><title>T</title><link>https://e.com/</link>
<item><title>A</title><link>https://e.com/a</link></item>
<item><title>B</title><guid isPermaLink="true">https://e.com/b</guid></item>
</channel></rss>"#;
        assert_eq!(
            article_links(rss),
            Ok(vec![
                "https://e.com/a".to_string(),
                "https://e.com/b".to_string()
            ])
        );
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id>
<updated>2024-01-01T00:00:00Z</updated>
<entry><title>A</title><id>urn:a</id><updated>2024-01-01T00:00:00Z</updated>
<link rel="self" href="https://e.com/a.atom"/><link rel="alternate" href="https://e.com/a"/></entry>
</feed>"#;
        assert_eq!(article_links(atom), Ok(vec!["https://e.com/a".to_string()]));
        assert!(article_links(b"<html></html>").is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Part of the fuzz suite (issue 9): any bytes, and feeds cut or spliced anywhere, give
        /// links or a message saying they are not a feed; nothing panics. (What links a spliced
        /// feed holds is not asserted: a splice can change a link or add an item.)
        #[test]
        fn feed_bytes_never_panic(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
            cut in 0..300usize,
            splice in "\\PC{0,12}",
        ) {
            let says_why = |result: Result<Vec<String>, String>| {
                result.map_or_else(|m| m.starts_with("not a valid RSS or Atom feed: "), |_| true)
            };
            proptest::prop_assert!(says_why(article_links(&bytes)));
            let mut rss = String::from("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><link>https://e.com/a</link></item><item><guid isPermaLink=\"true\">https://e.com/b</guid></item></channel></rss>");
            let mut at = cut.min(rss.len());
            while !rss.is_char_boundary(at) {
                at -= 1;
            }
            rss.insert_str(at, &splice);
            proptest::prop_assert!(says_why(article_links(rss.as_bytes())));
        }
    }
}
