//! What the store remembers: documents cleaned, URLs fetched, runs made.
//!
//! Values are stored as JSON so that a later schema can add a field with `#[serde(default)]`
//! without a migration; a change of keys or meaning bumps [`super::migrate::SCHEMA_VERSION`].

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Seconds since the Unix epoch, the store's one time format (compact, sortable, zone-free).
pub fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The inverse of [`unix_secs`].
pub fn from_unix_secs(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// A document that was cleaned and whose output is on disk. The next run skips the document while
/// its input and the configuration that cleaned it are unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRecord {
    /// The job that cleaned it; jobs sharing a store never see each other's records.
    pub job: String,
    /// The document's source as a user names it: a path or a URL.
    pub source_key: String,
    /// [`super::content_hash`] of the raw input bytes.
    pub input_hash: String,
    /// Hash of the effective configuration and the rule files that could apply: a rule change
    /// re-cleans the documents it may affect.
    pub config_hash: String,
    /// Where the clean text was written.
    pub output: PathBuf,
    /// When it was cleaned, in Unix seconds.
    pub cleaned_at: u64,
}

/// The stored part of a [`DocRecord`]; job and source key are the table key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DocValue {
    pub input_hash: String,
    pub config_hash: String,
    pub output: PathBuf,
    pub cleaned_at: u64,
    /// Set when the document failed (or had no article) rather than being written: why. Such a
    /// record is not a [`DocRecord`]; it only keeps the same input under the same rules from
    /// being tried again every run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
}

impl DocValue {
    pub(crate) fn of(rec: &DocRecord) -> DocValue {
        DocValue {
            input_hash: rec.input_hash.clone(),
            config_hash: rec.config_hash.clone(),
            output: rec.output.clone(),
            cleaned_at: rec.cleaned_at,
            failure: None,
        }
    }

    pub(crate) fn into_record(self, job: &str, source_key: &str) -> DocRecord {
        DocRecord {
            job: job.to_owned(),
            source_key: source_key.to_owned(),
            input_hash: self.input_hash,
            config_hash: self.config_hash,
            output: self.output,
            cleaned_at: self.cleaned_at,
        }
    }
}

/// HTTP cache validators, shared with the fetcher that sends and receives them.
pub use crate::source::Validators;

/// What the store knows about one URL, so a fetcher can ask for changes only and leave a dead URL
/// alone for a while instead of hammering it every run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchInfo {
    /// Validators from the last successful fetch.
    #[serde(default)]
    pub validators: Validators,
    /// When the URL was last tried, success or not, in Unix seconds.
    #[serde(default)]
    pub last_fetch: Option<u64>,
    /// When the URL last answered with a page (or 304), in Unix seconds.
    #[serde(default)]
    pub last_success: Option<u64>,
    /// Failures since the last success.
    #[serde(default)]
    pub failures: u32,
    /// Before this time (Unix seconds) the URL should not be tried again; `None` after a success.
    #[serde(default)]
    pub next_attempt_after: Option<u64>,
}

impl FetchInfo {
    /// Whether the URL may be fetched at `now`, or is still backing off after failures.
    pub fn is_due(&self, now: SystemTime) -> bool {
        self.next_attempt_after
            .is_none_or(|after| unix_secs(now) >= after)
    }
}

/// Exponential backoff for failing URLs: the wait doubles with each consecutive failure, from
/// `base` up to `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Wait after the first failure.
    pub base: Duration,
    /// The longest wait, however many failures.
    pub max: Duration,
}

impl Default for Backoff {
    /// Five minutes, doubling up to a day: a URL that is down for a moment is retried by the next
    /// scheduled run, a dead one is tried about once a day.
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(5 * 60),
            max: Duration::from_secs(24 * 60 * 60),
        }
    }
}

impl Backoff {
    /// The wait after `failures` consecutive failures (0 means no wait).
    pub fn delay(&self, failures: u32) -> Duration {
        if failures == 0 {
            return Duration::ZERO;
        }
        let factor = 1u32.checked_shl(failures - 1).unwrap_or(u32::MAX);
        self.base
            .checked_mul(factor)
            .map_or(self.max, |d| d.min(self.max))
    }
}

/// How a run ended, as `unboil status` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Every document was cleaned or skipped as unchanged.
    Ok,
    /// The run finished but some documents failed (exit code 1).
    Partial,
    /// Nothing could run: bad configuration, unreadable input (exit code 2).
    Failed,
    /// Stopped by a signal; the documents finished before it are recorded.
    Interrupted,
}

/// One run of a job, for `unboil status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The job.
    pub job: String,
    /// When the run started, in Unix seconds.
    pub started: u64,
    /// How long it took.
    pub duration: Duration,
    /// Documents cleaned and written.
    pub new: u64,
    /// Documents skipped because input and configuration were unchanged.
    pub unchanged: u64,
    /// Documents that failed.
    pub failed: u64,
    /// How the run ended.
    pub status: RunStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_caps() {
        let b = Backoff {
            base: Duration::from_secs(60),
            max: Duration::from_secs(600),
        };
        let secs: Vec<u64> = (0..7).map(|f| b.delay(f).as_secs()).collect();
        assert_eq!(secs, [0, 60, 120, 240, 480, 600, 600]);
        assert_eq!(b.delay(u32::MAX), Duration::from_secs(600));
    }

    #[test]
    fn fetch_info_is_due_once_the_backoff_has_passed() {
        let info = FetchInfo {
            next_attempt_after: Some(1_000),
            ..FetchInfo::default()
        };
        assert!(!info.is_due(from_unix_secs(999)));
        assert!(info.is_due(from_unix_secs(1_000)));
        assert!(FetchInfo::default().is_due(from_unix_secs(0)));
    }
}
