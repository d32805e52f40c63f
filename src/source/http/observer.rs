//! What a fetch tells whoever watches it, such as a progress display: what it is waiting on, and
//! how many results it will hand over. A polite fetch spends most of its time waiting (for a
//! host's robots.txt, for a crawl delay to pass), and a user looking at a still counter cannot
//! tell that from a hang unless the wait is named.

use std::fmt;
use std::time::Duration;

/// Something a fetch is waiting on, by host (`host:port`, as requests to it are spaced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waiting {
    /// The host's robots.txt, which decides what may be fetched there, is being read.
    Robots {
        /// The host.
        host: String,
    },
    /// The next request to the host waits until `delay` has passed since the one before (the
    /// host's robots.txt `Crawl-delay`, or `fetch.per_host_delay_ms`).
    CrawlDelay {
        /// The host.
        host: String,
        /// The spacing between two requests to it.
        delay: Duration,
    },
}

impl fmt::Display for Waiting {
    /// `robots.txt example.com:443`, `crawl delay example.com:443 5s` (`0.3s` under ten
    /// seconds when not whole).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Waiting::Robots { host } => write!(f, "robots.txt {host}"),
            Waiting::CrawlDelay { host, delay } => {
                let secs = delay.as_secs_f64();
                if secs.fract() == 0.0 || secs >= 10.0 {
                    write!(f, "crawl delay {host} {}s", secs.round())
                } else {
                    write!(f, "crawl delay {host} {secs:.1}s")
                }
            }
        }
    }
}

/// Told by a fetch as it goes; calls come from the fetch's own threads, several at once.
pub trait FetchObserver: Send + Sync {
    /// A request started waiting on `on`. Each call is matched by a later [`ready`] with an
    /// equal value; several requests may wait on the same thing at once.
    ///
    /// [`ready`]: FetchObserver::ready
    fn waiting(&self, on: &Waiting);
    /// A wait announced by [`waiting`](FetchObserver::waiting) is over.
    fn ready(&self, on: &Waiting);
    /// The fetch will hand over `results` items in all (a page, a skip or a failure each), or
    /// more when `more_may_come`: sitemaps or feeds not read yet may list more pages.
    fn expected(&self, results: usize, more_may_come: bool);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_as_what_and_where() {
        let host = "example.com:443".to_string();
        let robots = Waiting::Robots { host: host.clone() };
        assert_eq!(robots.to_string(), "robots.txt example.com:443");
        let delay = |ms| Waiting::CrawlDelay {
            host: host.clone(),
            delay: Duration::from_millis(ms),
        };
        assert_eq!(delay(5000).to_string(), "crawl delay example.com:443 5s");
        assert_eq!(delay(300).to_string(), "crawl delay example.com:443 0.3s");
        assert_eq!(delay(12_400).to_string(), "crawl delay example.com:443 12s");
    }
}
