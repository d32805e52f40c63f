//! The store's layout, its version, and the way up from older layouts.
//!
//! The version lives in the `meta` table under `schema_version`. On open:
//! - an empty file gets the current layout;
//! - an older layout is migrated in one write transaction (a crash mid-migration leaves the old
//!   layout whole, and the next open migrates again), never dropped;
//! - a newer layout is refused, since this build cannot know what its records mean.
//!
//! Layout 2 added the `learned` table (layout 1 → 2 only creates it).
//!
//! Layout 0 is the first one, written before versions were recorded: no `meta` table, and one
//! `docs` table keyed by `"{job}\u{1f}{source_key}"` whose JSON value had no configuration hash.

use std::path::Path;

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition, TableHandle};
use serde::Deserialize;

use super::records::DocValue;
use super::StateError;

/// The layout this build writes. Bump it, and add a migration step, when keys or the meaning
/// of a value change; a new optional JSON field needs no bump.
pub const SCHEMA_VERSION: u64 = 2;

/// Store-wide values: `schema_version`, `next_run_id`.
pub(crate) const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// `(job, source_key)` → JSON [`DocValue`].
pub(crate) const DOCS: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("documents");
/// URL → JSON [`super::FetchInfo`].
pub(crate) const FETCHES: TableDefinition<&str, &[u8]> = TableDefinition::new("fetches");
/// `(job, run id)` → JSON [`super::RunRecord`]; run ids grow, so a range read backwards gives the
/// latest runs first.
pub(crate) const RUNS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("runs");
/// `(job, host)` → JSON [`crate::learn::HostSummary`]: what a job with `learn = true` has seen of
/// each host's pages. Added in layout 2.
pub(crate) const LEARNED: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("learned");

pub(crate) const VERSION_KEY: &str = "schema_version";
pub(crate) const NEXT_RUN_KEY: &str = "next_run_id";

/// Layout 0's only table.
const V0_DOCS: TableDefinition<&str, &[u8]> = TableDefinition::new("docs");
/// Layout 0's separator between job and source key.
const V0_SEPARATOR: char = '\u{1f}';

/// Layout 0's document value.
#[derive(Deserialize)]
struct V0Doc {
    input_hash: String,
    output: std::path::PathBuf,
    cleaned_at: u64,
}

/// Brings the store at `path` to [`SCHEMA_VERSION`]; returns the version it was found at.
pub(crate) fn prepare(db: &Database, path: &Path) -> Result<u64, StateError> {
    let found = detect(db, path)?;
    match found {
        None => {
            let txn = db.begin_write().map_err(|e| StateError::db(path, e))?;
            create_tables(&txn, path)?;
            txn.commit().map_err(|e| StateError::db(path, e))?;
            Ok(SCHEMA_VERSION)
        }
        Some(v) if v > SCHEMA_VERSION => Err(StateError::TooNew {
            path: path.to_path_buf(),
            found: v,
            supported: SCHEMA_VERSION,
        }),
        Some(v) if v < SCHEMA_VERSION => {
            migrate(db, path, v)?;
            Ok(v)
        }
        Some(v) => Ok(v),
    }
}

/// The version of the layout in the file, `None` for a new, empty file.
pub(crate) fn detect(db: &impl ReadableDatabase, path: &Path) -> Result<Option<u64>, StateError> {
    let txn = db.begin_read().map_err(|e| StateError::db(path, e))?;
    let names: Vec<String> = txn
        .list_tables()
        .map_err(|e| StateError::db(path, e))?
        .map(|t| t.name().to_owned())
        .collect();
    if names.iter().any(|n| n == META.name()) {
        let meta = txn.open_table(META).map_err(|e| StateError::db(path, e))?;
        let version = meta
            .get(VERSION_KEY)
            .map_err(|e| StateError::db(path, e))?
            .map(|v| v.value());
        return match version {
            Some(v) => Ok(Some(v)),
            None => Err(StateError::Corrupt {
                path: path.to_path_buf(),
                what: "the meta table has no schema_version".into(),
            }),
        };
    }
    if names.is_empty() {
        return Ok(None);
    }
    if names.iter().all(|n| n == V0_DOCS.name()) {
        return Ok(Some(0));
    }
    Err(StateError::Unrecognised {
        path: path.to_path_buf(),
        tables: names.join(", "),
    })
}

fn create_tables(txn: &redb::WriteTransaction, path: &Path) -> Result<(), StateError> {
    let err = |e: redb::TableError| StateError::db(path, e);
    txn.open_table(DOCS).map_err(err)?;
    txn.open_table(FETCHES).map_err(err)?;
    txn.open_table(RUNS).map_err(err)?;
    txn.open_table(LEARNED).map_err(err)?;
    let mut meta = txn.open_table(META).map_err(err)?;
    meta.insert(VERSION_KEY, SCHEMA_VERSION)
        .map_err(|e| StateError::db(path, e))?;
    Ok(())
}

/// Runs every step from `from` up to [`SCHEMA_VERSION`] in one transaction.
fn migrate(db: &Database, path: &Path, from: u64) -> Result<(), StateError> {
    let txn = db.begin_write().map_err(|e| StateError::db(path, e))?;
    let mut moved = 0u64;
    if from == 0 {
        moved += v0_to_v1(&txn, path)?;
    }
    create_tables(&txn, path)?;
    txn.commit().map_err(|e| StateError::db(path, e))?;
    tracing::info!(
        path = %path.display(),
        from,
        to = SCHEMA_VERSION,
        documents = moved,
        "migrated state store"
    );
    Ok(())
}

/// Layout 0 → 1: split the joined key, and give each document an empty configuration hash. No hash
/// equals the empty one, so each such document is cleaned once more under the current
/// configuration and recorded with its real hash: slower once, never wrong.
fn v0_to_v1(txn: &redb::WriteTransaction, path: &Path) -> Result<u64, StateError> {
    let mut docs = Vec::new();
    {
        let old = txn
            .open_table(V0_DOCS)
            .map_err(|e| StateError::db(path, e))?;
        for entry in old.iter().map_err(|e| StateError::db(path, e))? {
            let (k, v) = entry.map_err(|e| StateError::db(path, e))?;
            let key = k.value().to_owned();
            let value: V0Doc =
                serde_json::from_slice(v.value()).map_err(|e| StateError::Corrupt {
                    path: path.to_path_buf(),
                    what: format!("layout 0 record {key:?}: {e}"),
                })?;
            docs.push((key, value));
        }
    }
    let mut new = txn.open_table(DOCS).map_err(|e| StateError::db(path, e))?;
    for (key, old) in &docs {
        // A key without separator predates jobs: it belongs to the unnamed job "".
        let (job, source) = key.split_once(V0_SEPARATOR).unwrap_or(("", key));
        let value = DocValue {
            input_hash: old.input_hash.clone(),
            config_hash: String::new(),
            output: old.output.clone(),
            cleaned_at: old.cleaned_at,
            failure: None,
        };
        let bytes = serde_json::to_vec(&value).map_err(|e| StateError::Corrupt {
            path: path.to_path_buf(),
            what: format!("encoding {key:?}: {e}"),
        })?;
        new.insert((job, source), bytes.as_slice())
            .map_err(|e| StateError::db(path, e))?;
    }
    drop(new);
    txn.delete_table(V0_DOCS)
        .map_err(|e| StateError::db(path, e))?;
    Ok(docs.len() as u64)
}
