//! robots.txt rules behind a small trait of ours (texting_robots does the parsing and matching).
//!
//! How a host's robots.txt is read decides what may be fetched there, following Google's documented
//! handling: a 2xx answer is parsed; a 4xx answer (404, 403, …) means there are no rules, so all is
//! allowed; a 5xx or 429 answer, a timeout or an unreachable host means the site may be in trouble or
//! the rules unknowable, so nothing is fetched from that host in this run. The user can turn robots
//! handling off (`obey_robots = false`) for hosts they are entitled to crawl.

use std::time::Duration;

/// The rules of one host, for one user-agent token.
pub(crate) trait RobotsRules: Send + Sync {
    /// True when `url` may be fetched.
    fn allowed(&self, url: &str) -> bool;
    /// The `Crawl-delay` the rules ask of us, if any.
    fn crawl_delay(&self) -> Option<Duration>;
}

/// What is known of a host's robots.txt.
pub(crate) enum HostRobots {
    /// No rules (404, or robots handling off): everything is allowed.
    AllowAll,
    /// Parsed rules.
    Rules(Box<dyn RobotsRules>),
    /// The file could not be read (5xx, timeout): nothing is fetched from the host.
    Unreachable(String),
    /// No connection could be made to the host at all: its pages fail with that reason, which
    /// is the user's problem to fix, rather than with a lesson on robots.txt.
    NoConnection(String),
}

impl HostRobots {
    /// The crawl delay asked for, if any.
    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        match self {
            HostRobots::Rules(r) => r.crawl_delay(),
            _ => None,
        }
    }
}

/// The product token robots.txt groups are matched against: the user agent up to its first `/` or
/// space (`unboil` for `unboil/0.1.0 (+https://…)`).
pub(crate) fn agent_token(user_agent: &str) -> &str {
    user_agent
        .split(|c: char| c == '/' || c.is_whitespace())
        .next()
        .unwrap_or(user_agent)
}

/// Parses a robots.txt body. One that cannot be parsed at all is treated as having no rules (as
/// crawlers do with garbage), with a warning.
pub(crate) fn parse(agent: &str, body: &[u8], url: &str) -> HostRobots {
    match texting_robots::Robot::new(agent, body) {
        Ok(robot) => HostRobots::Rules(Box::new(TextingRobots(robot))),
        Err(e) => {
            tracing::warn!(url, error = %e, "robots.txt could not be parsed; treating it as allowing everything");
            HostRobots::AllowAll
        }
    }
}

struct TextingRobots(texting_robots::Robot);

impl RobotsRules for TextingRobots {
    fn allowed(&self, url: &str) -> bool {
        self.0.allowed(url)
    }

    fn crawl_delay(&self) -> Option<Duration> {
        let secs = self.0.delay?;
        // `try_`: a delay of 1e30 seconds is no Duration (the plain conversion panics); the
        // fetcher caps what it honours anyway.
        (secs.is_finite() && secs > 0.0)
            .then(|| Duration::try_from_secs_f32(secs).unwrap_or(Duration::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_group_and_crawl_delay_are_read() {
        let txt = b"User-agent: *\nDisallow: /private\n\nUser-agent: unboil\nDisallow: /news/secret\nCrawl-delay: 2\n";
        let HostRobots::Rules(r) = parse(agent_token("unboil/0.1.0 (+https://x)"), txt, "t") else {
            panic!("rules expected");
        };
        assert!(!r.allowed("https://e.com/news/secret/1"));
        assert!(r.allowed("https://e.com/private"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(2)));
    }

    #[test]
    fn the_agent_token_is_the_product_name() {
        assert_eq!(
            agent_token("unboil/0.1.0 (+https://github.com/unboil/unboil)"),
            "unboil"
        );
        assert_eq!(agent_token("MyBot"), "MyBot");
    }

    /// Found by the fuzz suite (issue 9): `Crawl-delay: 1e30` panicked converting to a Duration.
    #[test]
    fn a_crawl_delay_too_large_for_a_duration_does_not_panic() {
        let HostRobots::Rules(r) = parse("unboil", b"User-agent: *\nCrawl-delay: 1e30\n", "t")
        else {
            panic!("rules expected");
        };
        assert_eq!(r.crawl_delay(), Some(Duration::MAX));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Part of the fuzz suite (issue 9): any robots.txt bytes give rules (or none) that
        /// answer for any URL; nothing panics. Rules without a `Disallow` allow everything, and
        /// only a `Crawl-delay` line gives a delay, which is positive.
        #[test]
        fn robots_bytes_never_panic(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
            lines in proptest::collection::vec("(User-agent: [\\PC]{0,12}|(Disallow|Allow|Sitemap): ?[\\PC]{0,20}|Crawl-delay: -?[0-9]{0,40}(\\.[0-9]{0,5})?(e[0-9]{1,3})?)", 0..12),
            path in "/[\\PC]{0,20}",
        ) {
            let text = lines.join("\n");
            for body in [&bytes[..], text.as_bytes()] {
                let lower = String::from_utf8_lossy(body).to_ascii_lowercase();
                if let HostRobots::Rules(r) = parse("unboil", body, "fuzz") {
                    let allowed = r.allowed(&format!("https://e.com{path}"));
                    proptest::prop_assert!(allowed || lower.contains("disallow"));
                    if let Some(d) = r.crawl_delay() {
                        proptest::prop_assert!(!d.is_zero() && lower.contains("crawl-delay"));
                    }
                }
            }
        }
    }
}
