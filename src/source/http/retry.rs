//! Retries with exponential backoff and jitter (backon underneath), honouring a server's
//! `Retry-After`. The rest of the fetcher only sees [`run`] and [`Retryable`], so the crate can be
//! swapped without touching it.

use backon::{ExponentialBuilder, Retryable as _};
use std::future::Future;
use std::time::{Duration, SystemTime};

/// How failed attempts are retried.
#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    /// Retries after the first try (0: try once).
    pub(crate) retries: u32,
    /// The first backoff delay; each next one doubles, with jitter.
    pub(crate) base: Duration,
    /// The longest backoff delay.
    pub(crate) max_delay: Duration,
    /// The longest `Retry-After` honoured; a server asking for more is waited on this long.
    pub(crate) max_retry_after: Duration,
}

/// An error that may be worth another try.
pub(crate) trait Retryable {
    /// True for transient failures (timeouts, broken connections, 429, 5xx).
    fn is_retryable(&self) -> bool;
    /// How long the server asked us to wait before trying again.
    fn retry_after(&self) -> Option<Duration>;
}

/// Runs `op` until it succeeds, fails for good, or the retries are spent. Returns the last result
/// and how many tries were made.
pub(crate) async fn run<T, E, F, Fut>(policy: &RetryPolicy, mut op: F) -> (Result<T, E>, u32)
where
    E: Retryable,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut tries = 0u32;
    let backoff = ExponentialBuilder::default()
        .with_min_delay(policy.base)
        .with_max_delay(policy.max_delay.max(policy.base))
        .with_max_times(policy.retries as usize)
        .with_jitter();
    let cap = policy.max_retry_after;
    let result = (|| {
        tries += 1;
        op()
    })
    .retry(backoff)
    .sleep(tokio::time::sleep)
    .when(|e: &E| e.is_retryable())
    .adjust(|e: &E, planned| {
        // A planned delay of `None` means the retries are spent; Retry-After does not add one.
        let planned = planned?;
        Some(match e.retry_after() {
            Some(asked) => planned.max(asked.min(cap)),
            None => planned,
        })
    })
    .await;
    (result, tries)
}

/// Reads a `Retry-After` value: delay seconds or an HTTP date. A date in the past means now.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Flaky(bool);

    impl Retryable for Flaky {
        fn is_retryable(&self) -> bool {
            self.0
        }
        fn retry_after(&self) -> Option<Duration> {
            None
        }
    }

    fn policy(retries: u32) -> RetryPolicy {
        RetryPolicy {
            retries,
            base: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            max_retry_after: Duration::from_secs(1),
        }
    }

    #[tokio::test]
    async fn transient_failures_are_retried_until_the_budget_is_spent() {
        let (res, tries) = run(&policy(2), || async { Err::<(), _>(Flaky(true)) }).await;
        assert!(res.is_err());
        assert_eq!(tries, 3);
        let (res, tries) = run(&policy(2), || async { Err::<(), _>(Flaky(false)) }).await;
        assert!(res.is_err());
        assert_eq!(tries, 1);
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let future = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(60));
        let d = parse_retry_after(&future).expect("a date");
        assert!(
            d > Duration::from_secs(55) && d <= Duration::from_secs(60),
            "{d:?}"
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
