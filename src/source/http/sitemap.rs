//! Sitemaps (sitemaps.org): an index listing more sitemaps, or a URL set (plain or Google News)
//! listing pages; either may be gzipped. Parsed with quick-xml's streaming reader, so a 50 MB
//! sitemap is never held as a tree.

use flate2::read::GzDecoder;
use quick_xml::events::Event;
use std::io::Read;

/// What a sitemap lists.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Listing {
    /// A sitemap index: the `<loc>` of each child sitemap.
    Index(Vec<String>),
    /// A URL set: the `<loc>` of each page.
    Pages(Vec<String>),
}

/// Undoes gzip when the bytes are gzipped (by their magic number, whatever the URL or content type
/// says), reading at most `limit` decompressed bytes so that a small bomb cannot fill memory.
pub(crate) fn gunzip_if_needed(body: Vec<u8>, limit: u64) -> Result<Vec<u8>, String> {
    if !body.starts_with(&[0x1f, 0x8b]) {
        return Ok(body);
    }
    let mut out = Vec::new();
    GzDecoder::new(body.as_slice())
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot gunzip the sitemap: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "sitemap over the {limit}-byte limit once gunzipped, cut off; raise max_body_bytes to read it"
        ));
    }
    Ok(out)
}

/// Parses a sitemap or sitemap index. Only a `<loc>` directly inside `<url>` or `<sitemap>` counts,
/// so image and video locations (`<image:loc>`) are not mistaken for pages.
pub(crate) fn parse(xml: &[u8]) -> Result<Listing, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut root: Option<Vec<u8>> = None;
    let mut locs = Vec::new();
    let mut text = String::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "not a valid sitemap: XML error at byte {}: {e}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_vec();
                if root.is_none() {
                    root = Some(e.local_name().as_ref().to_vec());
                }
                stack.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::CData(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Ok(name) = r.decode() {
                    if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        text.push_str(s);
                    }
                }
            }
            Event::End(_) => {
                let closed = stack.pop();
                let parent = stack.last().map(Vec::as_slice);
                if closed.as_deref() == Some(b"loc") && matches!(parent, Some(b"url" | b"sitemap"))
                {
                    let loc = text.trim();
                    if !loc.is_empty() {
                        locs.push(loc.to_string());
                    }
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match root.as_deref() {
        Some(b"sitemapindex") => Ok(Listing::Index(locs)),
        Some(b"urlset") => Ok(Listing::Pages(locs)),
        Some(other) => Err(format!(
            "not a sitemap: its root element is <{}>, not <urlset> or <sitemapindex>",
            String::from_utf8_lossy(other)
        )),
        None => Err("not a sitemap: no XML element in it".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_sitemaps_list_their_pages_not_their_images() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>https://e.com/a?x=1&amp;y=2</loc>
    <news:news><news:title>A</news:title></news:news>
    <image:image><image:loc>https://e.com/a.jpg</image:loc></image:image>
  </url>
  <url><loc><![CDATA[https://e.com/b]]></loc></url>
</urlset>"#;
        assert_eq!(
            parse(xml),
            Ok(Listing::Pages(vec![
                "https://e.com/a?x=1&y=2".into(),
                "https://e.com/b".into()
            ]))
        );
    }

    #[test]
    fn indexes_and_garbage_are_told_apart() {
        let xml =
            b"<sitemapindex><sitemap><loc> https://e.com/s1.xml.gz </loc></sitemap></sitemapindex>";
        assert_eq!(
            parse(xml),
            Ok(Listing::Index(vec!["https://e.com/s1.xml.gz".into()]))
        );
        assert!(parse(b"<html><body>hi</body></html>").is_err());
    }

    #[test]
    fn gzip_is_undone_within_the_limit() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&[b'a'; 1000]).expect("gzip");
        let bytes = gz.finish().expect("gzip");
        assert_eq!(
            gunzip_if_needed(bytes.clone(), 1000).map(|b| b.len()),
            Ok(1000)
        );
        assert!(gunzip_if_needed(bytes, 999).is_err());
        assert_eq!(gunzip_if_needed(b"<x/>".to_vec(), 1), Ok(b"<x/>".to_vec()));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Part of the fuzz suite (issue 9): any bytes, and sitemaps cut or spliced anywhere,
        /// parse into listings without blank entries or are refused with a message; nothing
        /// panics.
        #[test]
        fn sitemap_bytes_never_panic(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
            cut in 0..400usize,
            splice in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..20),
        ) {
            let no_blank_entries = |parsed: Result<Listing, String>| match parsed {
                Ok(Listing::Index(locs) | Listing::Pages(locs)) => locs.iter().all(|l| !l.trim().is_empty()),
                Err(message) => !message.is_empty(),
            };
            proptest::prop_assert!(no_blank_entries(parse(&bytes)));
            let mut xml = b"<?xml version=\"1.0\"?><sitemapindex><sitemap><loc>https://e.com/s&amp;1.xml</loc></sitemap><sitemap><loc><![CDATA[/s2.xml]]></loc></sitemap></sitemapindex>".to_vec();
            let at = cut.min(xml.len());
            xml.splice(at..at, splice);
            proptest::prop_assert!(no_blank_entries(parse(&xml)));
            proptest::prop_assert!(gunzip_if_needed(bytes.clone(), 1 << 16).is_ok() || bytes.starts_with(&[0x1f, 0x8b]));
        }
    }
}
