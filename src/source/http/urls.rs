//! URLs as the fetcher takes them: checked up front, read from list files, and turned into stable,
//! filesystem-safe page ids.

use std::path::Path;
use url::Url;

/// Longest path segment kept verbatim in an id; longer ones are cut and suffixed with a hash so that
/// ids stay under file-name limits (255 bytes on most file systems) and stay distinct.
const MAX_SEGMENT: usize = 120;

/// Parses a URL the user gave (or a sitemap or feed listed), accepting only absolute `http` and
/// `https` URLs with a host. The fragment is dropped: it never reaches the server.
pub(crate) fn parse_url(text: &str) -> Result<Url, String> {
    let text = text.trim();
    let mut url = Url::parse(text).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => {
            format!("{text:?} is not an absolute URL: start it with https:// or http://")
        }
        e => format!("{text:?} is not a valid URL: {e}"),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "{text:?} uses the {} scheme; only http and https URLs can be fetched",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{text:?} has no host"));
    }
    url.set_fragment(None);
    Ok(url)
}

/// Reads a URL list file: one URL a line; blank lines and lines starting with `#` are ignored, as is
/// anything after ` #` on a line. Every bad line is reported as `file:line: problem`.
pub(crate) fn read_url_list(path: &Path) -> Result<Vec<Url>, Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![format!(
            "{}: cannot read the URL list: {e} (check that it exists and is UTF-8 text)",
            path.display()
        )]
    })?;
    let mut urls = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_url(line) {
            Ok(url) => urls.push(url),
            Err(e) => problems.push(format!("{}:{}: {e}", path.display(), n + 1)),
        }
    }
    if problems.is_empty() {
        Ok(urls)
    } else {
        Err(problems)
    }
}

/// The politeness key of a URL: its host and port. Limits, spacing and robots.txt are per key.
pub(crate) fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    }
}

/// The id a fetched page's outputs are named after: host, then the path's segments, each made safe
/// for every common file system, e.g. `example.com/news/2024/story`.
///
/// It is stable (the same URL always gives the same id, on every platform and Rust version), never
/// contains `..` or an empty segment, and keeps distinct URLs apart: a query string becomes a short
/// hash suffix (`story__q1a2b3c4d5e6f708`), a segment that had to be altered gets a hash of its
/// original (`a_b__h1a2b3c4d` for `a%20b`), a non-default port is kept (`example.com_8080`), and a
/// path ending in `/` gets a last segment `index` so that it never collides with a folder.
/// Letters of any script are kept, so Cyrillic or Greek slugs stay readable.
pub fn page_id(url: &Url) -> String {
    let mut host = safe_segment(
        &url.host_str()
            .unwrap_or("unknown-host")
            .to_ascii_lowercase(),
    );
    if let Some(port) = url.port() {
        host.push_str(&format!("_{port}"));
    }
    let mut parts = vec![host];
    let path = url.path();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        parts.push(safe_segment(seg));
    }
    if path.ends_with('/') || parts.len() == 1 {
        parts.push("index".to_string());
    }
    if let Some(query) = url.query().filter(|q| !q.is_empty()) {
        if let Some(last) = parts.last_mut() {
            last.push_str(&format!("__q{:016x}", fnv1a(query.as_bytes())));
        }
    }
    parts.join("/")
}

/// One path segment made safe: percent-decoded; letters and digits (any script), `.`, `_` and `-`
/// kept; anything else replaced by `_` with a hash of the original appended, so that `a b` and
/// `a_b` stay apart; `.`/`..` and leading dots neutralised; Windows device names (`con`, `nul`, …)
/// suffixed; long segments cut at a character boundary with a hash of the whole.
fn safe_segment(seg: &str) -> String {
    let decoded = percent_decode(seg);
    let mut replaced = false;
    let mut out: String = decoded
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                replaced = true;
                '_'
            }
        })
        .collect();
    // Leading dots would hide the file (and `.`/`..` would climb out of the folder).
    if out.starts_with('.') {
        out.replace_range(0..1, "_");
    }
    // A trailing dot is dropped silently by Windows, which would merge two ids.
    if out.ends_with('.') {
        out.pop();
        out.push('_');
    }
    let stem = out.split('.').next().unwrap_or("").to_ascii_lowercase();
    if WINDOWS_DEVICES.contains(&stem.as_str()) {
        out.push('_');
    }
    if out.len() > MAX_SEGMENT {
        let mut cut = MAX_SEGMENT;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        replaced = true;
    }
    if replaced {
        out.push_str(&format!("__h{:08x}", fnv1a(decoded.as_bytes()) as u32));
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// Names Windows reserves for devices, whatever the extension.
const WINDOWS_DEVICES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Decodes `%XX` escapes (invalid ones are kept as they are); non-UTF-8 results are decoded lossily.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and release, unlike std's hasher,
/// so ids derived from it are stable across runs and upgrades.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> String {
        page_id(&parse_url(s).expect("valid test URL"))
    }

    #[test]
    fn ids_are_host_and_path() {
        assert_eq!(
            id("https://Example.com/news/2024/story"),
            "example.com/news/2024/story"
        );
        assert_eq!(id("https://example.com/"), "example.com/index");
        assert_eq!(id("https://example.com"), "example.com/index");
        assert_eq!(id("https://example.com/news/"), "example.com/news/index");
        assert_eq!(id("http://127.0.0.1:8080/a.html"), "127.0.0.1_8080/a.html");
    }

    #[test]
    fn ids_never_climb_out_and_stay_distinct() {
        let climbing = id("https://example.com/a/%2e%2e/%2E%2E/etc/passwd");
        assert!(
            !climbing.split('/').any(|s| s == ".." || s == "."),
            "{climbing}"
        );
        assert_ne!(id("https://e.com/a?x=1"), id("https://e.com/a?x=2"));
        assert!(id("https://e.com/a?x=1").starts_with("e.com/a__q"));
        assert_eq!(id("https://e.com/a?x=1"), id("https://e.com/a?x=1#frag"));
        let long = format!("https://e.com/{}", "x".repeat(400));
        assert!(id(&long).len() < 200);
        assert_ne!(id("https://e.com/a%20b"), id("https://e.com/a_b"));
        assert!(id("https://e.com/caf%C3%A9%20bar").starts_with("e.com/café_bar__h"));
        assert_eq!(id("https://e.com/новости/мир"), "e.com/новости/мир");
        assert_eq!(id("https://e.com/con"), "e.com/con_");
        let cyrillic = format!("https://e.com/{}", "ж".repeat(100));
        assert!(id(&cyrillic).contains("__h"));
    }

    #[test]
    fn only_absolute_http_urls_are_taken() {
        assert!(parse_url("example.com/x").is_err());
        assert!(parse_url("ftp://example.com/x").is_err());
        assert!(parse_url("file:///etc/passwd").is_err());
        assert!(parse_url(" https://example.com/x ").is_ok());
    }

    #[test]
    fn url_lists_skip_comments_and_report_bad_lines() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("urls.txt");
        std::fs::write(
            &path,
            "# news\nhttps://a.com/1\n\nhttps://a.com/2 # second\nnot a url\n",
        )
        .expect("write list");
        let err = read_url_list(&path).expect_err("one bad line");
        assert_eq!(err.len(), 1);
        assert!(err[0].ends_with("urls.txt:5: \"not a url\" is not an absolute URL: start it with https:// or http://"), "{}", err[0]);
        std::fs::write(&path, "# news\nhttps://a.com/1\nhttps://a.com/2 # second\n")
            .expect("write list");
        assert_eq!(read_url_list(&path).expect("valid list").len(), 2);
    }
}
