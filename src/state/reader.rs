//! Read-only access for `unboil status` while a run may be writing.

use std::path::{Path, PathBuf};

use redb::{Builder, ConcurrencyMode, ReadOnlyDatabase};

use super::migrate::{self, SCHEMA_VERSION};
use super::records::{DocRecord, FetchInfo, RunRecord};
use super::{read, StateError};

/// A read-only view of a store. It takes no job lock and shares the file with a running
/// [`super::StateStore`] (redb's `SingleWriter` mode), seeing each commit as it lands.
pub struct StateReader {
    db: ReadOnlyDatabase,
    path: PathBuf,
}

impl std::fmt::Debug for StateReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateReader")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl StateReader {
    /// Opens an existing store for reading. A store that needs a repair after a crash, or a
    /// migration, is refused: both need a writer, which the next run of the job is.
    pub fn open(path: impl AsRef<Path>) -> Result<StateReader, StateError> {
        let path = path.as_ref();
        let db = Builder::new()
            .set_concurrency_mode(ConcurrencyMode::SingleWriter)
            .open_read_only(path)
            .map_err(|source| match source {
                // A read-only open cannot repair, so it aborts the repair a killed run left due.
                redb::DatabaseError::RepairAborted => StateError::NeedsRepair {
                    path: path.to_path_buf(),
                },
                source => StateError::Open {
                    path: path.to_path_buf(),
                    source,
                },
            })?;
        match migrate::detect(&db, path)? {
            Some(SCHEMA_VERSION) => Ok(StateReader {
                db,
                path: path.to_path_buf(),
            }),
            Some(found) if found > SCHEMA_VERSION => Err(StateError::TooNew {
                path: path.to_path_buf(),
                found,
                supported: SCHEMA_VERSION,
            }),
            Some(found) => Err(StateError::NeedsMigration {
                path: path.to_path_buf(),
                found,
            }),
            None => Err(StateError::NeedsMigration {
                path: path.to_path_buf(),
                found: 0,
            }),
        }
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The committed record of one document.
    pub fn document(&self, job: &str, source_key: &str) -> Result<Option<DocRecord>, StateError> {
        read::document(&self.db, &self.path, job, source_key)
    }

    /// Every committed document record of `job`, in source-key order.
    pub fn documents(&self, job: &str) -> Result<Vec<DocRecord>, StateError> {
        read::documents(&self.db, &self.path, job)
    }

    /// What is known about `url`.
    pub fn fetch_info(&self, url: &str) -> Result<Option<FetchInfo>, StateError> {
        read::fetch_info(&self.db, &self.path, url)
    }

    /// What `job`'s learning kept, by host.
    pub fn learned(
        &self,
        job: &str,
    ) -> Result<std::collections::HashMap<String, crate::learn::HostSummary>, StateError> {
        read::learned(&self.db, &self.path, job)
    }

    /// The latest `n` runs of `job`, newest first.
    pub fn last_runs(&self, job: &str, n: usize) -> Result<Vec<RunRecord>, StateError> {
        read::last_runs(&self.db, &self.path, job, n)
    }
}
