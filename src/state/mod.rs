//! Incremental state: what a job has already cleaned and fetched, so the next run does only new
//! work, and what its runs did, for `unboil status`.
//!
//! # Why redb
//!
//! The store is one [redb](https://docs.rs/redb) file, by default [`default_path`] in the job's
//! output folder. redb is pure Rust (no C toolchain, nothing to install) and its write
//! transactions are atomic and durable: a commit writes the new B-tree pages beside the old ones
//! (copy on write), fsyncs them, then flips the header to point at the new root and fsyncs again.
//! Until that flip the file's valid root is the old one.
//!
//! # Crash safety
//!
//! So a SIGKILL, a panic or a power cut at any point leaves either the old or the new version of
//! every record a transaction wrote, never half of one and never a mix of two transactions. On the
//! next open redb notices the unclean shutdown and repairs its allocator state from the last
//! committed root before handing the file over. `tests/state.rs` kills a writer at several points
//! mid-stream and checks exactly that.
//!
//! A document is recorded only *after* its output is durable: the caller writes the output to a
//! temporary file, fsyncs, renames, and only then calls [`StateStore::record_done`], which also
//! refuses a record whose output file does not exist. A crash between the rename and the record
//! costs one document cleaned again next run; the other order could lose an output for good.
//!
//! # Commits
//!
//! A commit costs two fsyncs, so documents are recorded in batches: [`StateStore::record_done`]
//! buffers and commits every [`BatchPolicy::max_docs`] documents or [`BatchPolicy::max_age`],
//! whichever comes first, and on [`StateStore::flush`], [`StateStore::record_run`],
//! [`StateStore::close`] and drop. Fetch records ride along in the same batches. A crash loses at
//! most the buffered records: those documents are cleaned again (safe, since cleaning is
//! idempotent), those URLs fetched without validators or retried early.
//!
//! # One run per store
//!
//! [`StateStore::open`] takes an exclusive lock on `<store>.lock` and writes its pid there, so a
//! second `unboil run` of the same job is refused with a message naming the other process (or
//! waits, with [`StateStore::open_wait`]). redb has a lock of its own as a second line: with its
//! default `ConcurrencyMode::ExclusiveWriter` a second process that opens the same file gets
//! `DatabaseAlreadyOpen` at once (it does not wait, and cannot say who holds the file), which is
//! reported as [`StateError::Locked`] without a pid.
//!
//! The store opens redb in its `SingleWriter` concurrency mode, so `unboil status` can open the
//! same file with [`StateReader`] while a run writes to it and see every committed record.
//!
//! # Example
//!
//! What a run does per document, and at its end:
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use unboil::state::{
//!     content_hash, default_path, hash_parts, unix_secs, DocRecord, RunRecord, RunStatus,
//!     StateStore,
//! };
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let out = tempfile::tempdir()?;
//! let mut store = StateStore::open(default_path(out.path()))?;
//! // The configuration hash covers the effective configuration and every rule file that could
//! // apply, so editing a rule re-cleans what it may touch.
//! let config = hash_parts([b"effective config".as_slice(), b"rules/example.com.toml"]);
//! let (key, raw) = ("https://example.com/a", b"<html>...</html>".as_slice());
//! let input = content_hash(raw);
//! if !store.is_unchanged("news", key, &input, &config)? {
//!     let output = out.path().join("a.txt");
//!     std::fs::write(&output, "clean text")?; // really: temporary file, fsync, rename
//!     store.record_done(DocRecord {
//!         job: "news".into(),
//!         source_key: key.into(),
//!         input_hash: input.clone(),
//!         config_hash: config.clone(),
//!         output,
//!         cleaned_at: unix_secs(SystemTime::now()),
//!     })?;
//! }
//! assert!(store.is_unchanged("news", key, &input, &config)?);
//! store.record_run(&RunRecord {
//!     job: "news".into(),
//!     started: unix_secs(SystemTime::now()),
//!     duration: Duration::from_secs(1),
//!     new: 1,
//!     unchanged: 0,
//!     failed: 0,
//!     status: RunStatus::Ok,
//! })?;
//! store.close()?;
//! # Ok(())
//! # }
//! ```

mod lock;
mod migrate;
mod read;
mod reader;
mod records;

pub use migrate::SCHEMA_VERSION;
pub use records::{
    from_unix_secs, unix_secs, Backoff, DocRecord, FetchInfo, RunRecord, RunStatus, Validators,
};

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use redb::{Builder, ConcurrencyMode, Database, ReadableTable};

use lock::JobLock;
use migrate::{DOCS, FETCHES, LEARNED, META, NEXT_RUN_KEY, RUNS};
pub use reader::StateReader;
use records::DocValue;

/// Problems opening, reading or writing the state store.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// Another process holds the store's lock.
    #[error(
        "state store {} is in use by {}; wait for that run to finish or stop it (lock file {})",
        store.display(), holder(*pid), lock.display()
    )]
    Locked {
        /// The store.
        store: PathBuf,
        /// Its lock file.
        lock: PathBuf,
        /// The holder's pid, when it has written one.
        pid: Option<u32>,
    },
    /// [`StateStore::open_wait`] waited in vain.
    #[error(
        "state store {} is still in use by {} after waiting {:.1}s (lock file {})",
        store.display(), holder(*pid), waited.as_secs_f64(), lock.display()
    )]
    LockTimeout {
        /// The store.
        store: PathBuf,
        /// Its lock file.
        lock: PathBuf,
        /// The holder's pid, when it has written one.
        pid: Option<u32>,
        /// How long we waited.
        waited: Duration,
    },
    /// The lock file could not be created or locked (missing folder, permissions).
    #[error("cannot lock {}: {source}", lock.display())]
    LockFile {
        /// The lock file.
        lock: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The file exists but is not a store this build can open as is.
    #[error("cannot open state store {}: {source}", path.display())]
    Open {
        /// The store.
        path: PathBuf,
        /// What redb said.
        source: redb::DatabaseError,
    },
    /// The store was written by a newer unboil.
    #[error(
        "state store {} was written by a newer unboil (schema {found}, this one reads up to {supported}); \
         upgrade unboil, or point the job at another state file",
        path.display()
    )]
    TooNew {
        /// The store.
        path: PathBuf,
        /// Its schema version.
        found: u64,
        /// The newest this build knows.
        supported: u64,
    },
    /// A redb file holding tables unboil never wrote: refused rather than overwritten.
    #[error("{} is not an unboil state store (it holds tables {tables}); refusing to change it", path.display())]
    Unrecognised {
        /// The file.
        path: PathBuf,
        /// The tables found.
        tables: String,
    },
    /// [`StateReader`] found a layout older than this build's; it does not write, so it cannot
    /// migrate.
    #[error(
        "state store {} has the layout of an older unboil (schema {found}); run the job once to \
         upgrade it",
        path.display()
    )]
    NeedsMigration {
        /// The store.
        path: PathBuf,
        /// Its schema version.
        found: u64,
    },
    /// [`StateReader`] found a store that was not closed cleanly; redb repairs it on the next
    /// open for writing, which a reader does not do.
    #[error(
        "state store {} was not closed cleanly (a run was killed?); the next run of the job \
         repairs it",
        path.display()
    )]
    NeedsRepair {
        /// The store.
        path: PathBuf,
    },
    /// A record could not be decoded or encoded.
    #[error("state store {}: {what}", path.display())]
    Corrupt {
        /// The store.
        path: PathBuf,
        /// Which record and why.
        what: String,
    },
    /// redb failed reading or committing (disk full, I/O error).
    #[error("state store {}: {source}", path.display())]
    Db {
        /// The store.
        path: PathBuf,
        /// What redb said.
        source: redb::Error,
    },
    /// [`StateStore::record_done`] was called before the output existed.
    #[error(
        "refusing to record {source_key} of job {job} as done: its output {} does not exist \
         (record a document only after its output is written)",
        output.display()
    )]
    OutputMissing {
        /// The job.
        job: String,
        /// The document.
        source_key: String,
        /// The missing output.
        output: PathBuf,
    },
}

fn holder(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => format!("another unboil process (pid {pid})"),
        None => "another unboil process".to_owned(),
    }
}

impl StateError {
    pub(crate) fn db(path: &Path, source: impl Into<redb::Error>) -> StateError {
        StateError::Db {
            path: path.to_path_buf(),
            source: source.into(),
        }
    }
}

/// A stable hash of `bytes` as 32 hex digits (XXH3-128). Stable across Rust versions, platforms
/// and unboil releases, unlike std's `DefaultHasher`, so hashes stored by one build still match in
/// the next. Not cryptographic: it detects change, it does not resist forgery.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// A stable hash of several parts, such as the effective configuration and each rule file that
/// could apply. Each part is length-prefixed, so moving bytes from one part to the next changes
/// the hash.
pub fn hash_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in parts {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    format!("{:032x}", h.digest128())
}

/// Where a job keeps its state by default: a hidden file in its output folder, so the state
/// travels with the output it describes.
pub fn default_path(output_dir: &Path) -> PathBuf {
    output_dir.join(".unboil-state.redb")
}

/// When buffered document and fetch records are committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchPolicy {
    /// Commit once this many records are waiting.
    pub max_docs: usize,
    /// Commit once the oldest waiting record is this old (checked when a record comes in).
    pub max_age: Duration,
}

impl Default for BatchPolicy {
    /// 500 documents or 2 seconds: a crash costs at most a few seconds of work again, and a
    /// thousand documents take two commits, not a thousand.
    fn default() -> Self {
        BatchPolicy {
            max_docs: 500,
            max_age: Duration::from_secs(2),
        }
    }
}

/// The open store of one job (or several jobs sharing a file), locked for this process.
pub struct StateStore {
    // Field order is drop order: the database closes before the lock is released.
    db: Database,
    path: PathBuf,
    pending: HashMap<(String, String), DocRecord>,
    pending_failures: HashMap<(String, String), DocValue>,
    pending_fetches: HashMap<String, FetchInfo>,
    oldest_pending: Option<Instant>,
    batch: BatchPolicy,
    backoff: Backoff,
    _lock: JobLock,
}

impl std::fmt::Debug for StateStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateStore")
            .field("path", &self.path)
            .field("pending", &self.pending.len())
            .field("pending_fetches", &self.pending_fetches.len())
            .finish_non_exhaustive()
    }
}

/// Creates a new store beside `path` and renames it into place once its schema is written, so a
/// run killed while creating the store never leaves a half-written database at `path` (which the
/// next run would have to refuse as "not a redb database"). Called under the job lock.
fn create_fresh(path: &Path) -> Result<(), StateError> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".creating");
    let tmp = path.with_file_name(name);
    let open_err = |source| StateError::Open {
        path: path.to_path_buf(),
        source,
    };
    let io_err =
        |e: std::io::Error| open_err(redb::DatabaseError::Storage(redb::StorageError::Io(e)));
    match std::fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err(e)),
    }
    {
        let db = Builder::new()
            .set_concurrency_mode(ConcurrencyMode::SingleWriter)
            .create(&tmp)
            .map_err(open_err)?;
        migrate::prepare(&db, path)?;
    }
    std::fs::rename(&tmp, path).map_err(io_err)
}

impl StateStore {
    /// Opens the store at `path`, creating it if needed, or fails at once with
    /// [`StateError::Locked`] when another process has it open.
    pub fn open(path: impl AsRef<Path>) -> Result<StateStore, StateError> {
        let path = path.as_ref();
        create_parent(path)?;
        let lock = JobLock::acquire(path)?;
        StateStore::open_locked(path, lock)
    }

    /// Like [`StateStore::open`], but waits up to `timeout` for another process to finish.
    pub fn open_wait(path: impl AsRef<Path>, timeout: Duration) -> Result<StateStore, StateError> {
        let path = path.as_ref();
        create_parent(path)?;
        let lock = JobLock::acquire_wait(path, timeout)?;
        StateStore::open_locked(path, lock)
    }

    fn open_locked(path: &Path, lock: JobLock) -> Result<StateStore, StateError> {
        if !path.exists() {
            create_fresh(path)?;
        }
        let db = Builder::new()
            .set_concurrency_mode(ConcurrencyMode::SingleWriter)
            .create(path)
            .map_err(|source| match source {
                redb::DatabaseError::DatabaseAlreadyOpen => StateError::Locked {
                    store: path.to_path_buf(),
                    lock: lock::lock_path(path),
                    pid: None,
                },
                source => StateError::Open {
                    path: path.to_path_buf(),
                    source,
                },
            })?;
        migrate::prepare(&db, path)?;
        Ok(StateStore {
            db,
            path: path.to_path_buf(),
            pending: HashMap::new(),
            pending_failures: HashMap::new(),
            pending_fetches: HashMap::new(),
            oldest_pending: None,
            batch: BatchPolicy::default(),
            backoff: Backoff::default(),
            _lock: lock,
        })
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Changes when buffered document records are committed.
    pub fn set_batch_policy(&mut self, policy: BatchPolicy) {
        self.batch = policy;
    }

    /// Changes how long failing URLs are left alone.
    pub fn set_backoff(&mut self, backoff: Backoff) {
        self.backoff = backoff;
    }

    /// Whether `source_key` of `job` was cleaned from this very input under this very
    /// configuration, and its output is still there; if so the run can skip it.
    pub fn is_unchanged(
        &self,
        job: &str,
        source_key: &str,
        input_hash: &str,
        config_hash: &str,
    ) -> Result<bool, StateError> {
        Ok(self.document(job, source_key)?.is_some_and(|d| {
            d.input_hash == input_hash && d.config_hash == config_hash && d.output.exists()
        }))
    }

    /// The latest record of one document, buffered or committed.
    pub fn document(&self, job: &str, source_key: &str) -> Result<Option<DocRecord>, StateError> {
        let key = (job.to_owned(), source_key.to_owned());
        if let Some(rec) = self.pending.get(&key) {
            return Ok(Some(rec.clone()));
        }
        if self.pending_failures.contains_key(&key) {
            return Ok(None);
        }
        read::document(&self.db, &self.path, job, source_key)
    }

    /// Whether `source_key` of `job` failed (or had no article) from this very input under this
    /// very configuration: it would fail the same way again, so the run can pass it over. Returns
    /// the reason it failed.
    pub fn failed_unchanged(
        &self,
        job: &str,
        source_key: &str,
        input_hash: &str,
        config_hash: &str,
    ) -> Result<Option<String>, StateError> {
        let key = (job.to_owned(), source_key.to_owned());
        if self.pending.contains_key(&key) {
            return Ok(None);
        }
        let value = match self.pending_failures.get(&key) {
            Some(v) => Some(v.clone()),
            None => read::doc_value(&self.db, &self.path, job, source_key)?,
        };
        Ok(value
            .filter(|v| v.input_hash == input_hash && v.config_hash == config_hash)
            .and_then(|v| v.failure))
    }

    /// Records that `source_key` of `job` failed with `reason` from the input and configuration
    /// with these hashes, so the next run does not try it again until one of them changes.
    /// Buffered like [`StateStore::record_done`].
    pub fn record_failed(
        &mut self,
        job: &str,
        source_key: &str,
        (input_hash, config_hash): (String, String),
        reason: &str,
        at: SystemTime,
    ) -> Result<(), StateError> {
        let key = (job.to_owned(), source_key.to_owned());
        self.pending.remove(&key);
        self.pending_failures.insert(
            key,
            DocValue {
                input_hash,
                config_hash,
                output: PathBuf::new(),
                cleaned_at: unix_secs(at),
                failure: Some(reason.to_owned()),
            },
        );
        self.maybe_flush()
    }

    /// Every committed document record of `job`, in source-key order.
    pub fn documents(&self, job: &str) -> Result<Vec<DocRecord>, StateError> {
        read::documents(&self.db, &self.path, job)
    }

    /// Records a document as done; call it only once the output is durable (after the atomic
    /// rename and fsync). The record is buffered and committed with others per the
    /// [`BatchPolicy`].
    pub fn record_done(&mut self, rec: DocRecord) -> Result<(), StateError> {
        check_output(&rec)?;
        let key = (rec.job.clone(), rec.source_key.clone());
        self.pending_failures.remove(&key);
        self.pending.insert(key, rec);
        self.maybe_flush()
    }

    /// Commits the buffer when the [`BatchPolicy`] says so.
    fn maybe_flush(&mut self) -> Result<(), StateError> {
        let oldest = *self.oldest_pending.get_or_insert_with(Instant::now);
        let waiting = self.pending.len() + self.pending_failures.len() + self.pending_fetches.len();
        if waiting >= self.batch.max_docs || oldest.elapsed() >= self.batch.max_age {
            self.flush()?;
        }
        Ok(())
    }

    /// Records many documents in one transaction (with anything buffered), for a caller that
    /// batches itself. Returns how many were committed.
    pub fn record_batch(
        &mut self,
        items: impl IntoIterator<Item = DocRecord>,
    ) -> Result<usize, StateError> {
        // All or nothing: one missing output leaves the buffer as it was.
        let items: Vec<DocRecord> = items.into_iter().collect();
        items.iter().try_for_each(check_output)?;
        for rec in items {
            self.pending
                .insert((rec.job.clone(), rec.source_key.clone()), rec);
        }
        let n = self.pending.len();
        self.flush()?;
        Ok(n)
    }

    /// Commits the buffered document and fetch records, in one durable transaction.
    pub fn flush(&mut self) -> Result<(), StateError> {
        if self.pending.is_empty()
            && self.pending_failures.is_empty()
            && self.pending_fetches.is_empty()
        {
            return Ok(());
        }
        let txn = self.db.begin_write().map_err(|e| self.err(e))?;
        {
            let mut table = txn.open_table(DOCS).map_err(|e| self.err(e))?;
            for rec in self.pending.values() {
                let bytes = self.encode(&DocValue::of(rec))?;
                table
                    .insert(
                        (rec.job.as_str(), rec.source_key.as_str()),
                        bytes.as_slice(),
                    )
                    .map_err(|e| self.err(e))?;
            }
            for ((job, key), value) in &self.pending_failures {
                let bytes = self.encode(value)?;
                table
                    .insert((job.as_str(), key.as_str()), bytes.as_slice())
                    .map_err(|e| self.err(e))?;
            }
            let mut table = txn.open_table(FETCHES).map_err(|e| self.err(e))?;
            for (url, info) in &self.pending_fetches {
                let bytes = self.encode(info)?;
                table
                    .insert(url.as_str(), bytes.as_slice())
                    .map_err(|e| self.err(e))?;
            }
        }
        txn.commit().map_err(|e| self.err(e))?;
        self.pending.clear();
        self.pending_failures.clear();
        self.pending_fetches.clear();
        self.oldest_pending = None;
        Ok(())
    }

    /// What is known about `url`: validators for a conditional request, and whether it is due.
    pub fn fetch_info(&self, url: &str) -> Result<Option<FetchInfo>, StateError> {
        if let Some(info) = self.pending_fetches.get(url) {
            return Ok(Some(info.clone()));
        }
        read::fetch_info(&self.db, &self.path, url)
    }

    /// Every URL the store knows, with its validators and backoff, for the fetcher's conditional
    /// requests.
    pub fn fetch_infos(&self) -> Result<Vec<(String, FetchInfo)>, StateError> {
        let mut all = read::fetch_infos(&self.db, &self.path)?;
        for (url, info) in &self.pending_fetches {
            match all.iter_mut().find(|(u, _)| u == url) {
                Some(entry) => entry.1 = info.clone(),
                None => all.push((url.clone(), info.clone())),
            }
        }
        Ok(all)
    }

    /// Records a successful fetch (a page or a 304) at `now`: keeps its validators and clears any
    /// backoff.
    pub fn record_fetch_ok(
        &mut self,
        url: &str,
        validators: Validators,
        now: SystemTime,
    ) -> Result<(), StateError> {
        let mut info = self.fetch_info(url)?.unwrap_or_default();
        info.validators = validators;
        info.last_fetch = Some(unix_secs(now));
        info.last_success = Some(unix_secs(now));
        info.failures = 0;
        info.next_attempt_after = None;
        self.put_fetch(url, info)
    }

    /// Records a failed fetch at `now` and returns when the URL may be tried again: the wait
    /// doubles with each consecutive failure (see [`Backoff`]). Validators are kept.
    pub fn record_fetch_failure(
        &mut self,
        url: &str,
        now: SystemTime,
    ) -> Result<SystemTime, StateError> {
        let mut info = self.fetch_info(url)?.unwrap_or_default();
        info.failures = info.failures.saturating_add(1);
        info.last_fetch = Some(unix_secs(now));
        let next = unix_secs(now).saturating_add(self.backoff.delay(info.failures).as_secs());
        info.next_attempt_after = Some(next);
        self.put_fetch(url, info)?;
        Ok(from_unix_secs(next))
    }

    /// Fetch records are buffered like documents and committed with them: a commit per fetch
    /// would cost two fsyncs each, and losing one in a crash only costs a full GET or a retry too
    /// early.
    fn put_fetch(&mut self, url: &str, info: FetchInfo) -> Result<(), StateError> {
        self.pending_fetches.insert(url.to_owned(), info);
        self.maybe_flush()
    }

    /// Records a finished run, committing any buffered documents first, durably.
    pub fn record_run(&mut self, run: &RunRecord) -> Result<(), StateError> {
        self.flush()?;
        let bytes = self.encode(run)?;
        let txn = self.db.begin_write().map_err(|e| self.err(e))?;
        {
            let mut meta = txn.open_table(META).map_err(|e| self.err(e))?;
            let id = meta
                .get(NEXT_RUN_KEY)
                .map_err(|e| self.err(e))?
                .map_or(0, |v| v.value());
            meta.insert(NEXT_RUN_KEY, id + 1).map_err(|e| self.err(e))?;
            let mut runs = txn.open_table(RUNS).map_err(|e| self.err(e))?;
            runs.insert((run.job.as_str(), id), bytes.as_slice())
                .map_err(|e| self.err(e))?;
        }
        txn.commit().map_err(|e| self.err(e))
    }

    /// What `job`'s learning kept, by host.
    pub fn learned(
        &self,
        job: &str,
    ) -> Result<HashMap<String, crate::learn::HostSummary>, StateError> {
        read::learned(&self.db, &self.path, job)
    }

    /// Keeps the host summaries of `job`'s learning, durably, in one transaction.
    pub fn save_learned(
        &mut self,
        job: &str,
        hosts: &HashMap<String, crate::learn::HostSummary>,
    ) -> Result<(), StateError> {
        let txn = self.db.begin_write().map_err(|e| self.err(e))?;
        {
            let mut table = txn.open_table(LEARNED).map_err(|e| self.err(e))?;
            for (host, summary) in hosts {
                let bytes = self.encode(summary)?;
                table
                    .insert((job, host.as_str()), bytes.as_slice())
                    .map_err(|e| self.err(e))?;
            }
        }
        txn.commit().map_err(|e| self.err(e))
    }

    /// The latest `n` runs of `job`, newest first.
    pub fn last_runs(&self, job: &str, n: usize) -> Result<Vec<RunRecord>, StateError> {
        read::last_runs(&self.db, &self.path, job, n)
    }

    /// Commits what is buffered and closes the store, reporting errors that a drop would only
    /// log.
    pub fn close(mut self) -> Result<(), StateError> {
        self.flush()
    }

    fn err(&self, e: impl Into<redb::Error>) -> StateError {
        StateError::db(&self.path, e)
    }

    fn encode<T: serde::Serialize>(&self, value: &T) -> Result<Vec<u8>, StateError> {
        read::encode(&self.path, value)
    }
}

impl Drop for StateStore {
    fn drop(&mut self) {
        if let Err(e) = self.flush() {
            tracing::warn!(error = %e, "state store: buffered records lost; those documents will be cleaned again");
        }
    }
}

/// The output folder may not exist before a job's first run.
fn create_parent(path: &Path) -> Result<(), StateError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| StateError::LockFile {
                lock: lock::lock_path(path),
                source,
            })
        }
        _ => Ok(()),
    }
}

fn check_output(rec: &DocRecord) -> Result<(), StateError> {
    if rec.output.exists() {
        Ok(())
    } else {
        Err(StateError::OutputMissing {
            job: rec.job.clone(),
            source_key: rec.source_key.clone(),
            output: rec.output.clone(),
        })
    }
}
