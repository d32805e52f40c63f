//! Queries shared by the writing [`super::StateStore`] and the read-only [`super::StateReader`].

use std::path::Path;

use redb::{ReadableDatabase, ReadableTable};

use super::migrate::{DOCS, FETCHES, LEARNED, RUNS};
use super::records::{DocRecord, DocValue, FetchInfo, RunRecord};
use super::StateError;

pub(crate) fn document(
    db: &impl ReadableDatabase,
    path: &Path,
    job: &str,
    source_key: &str,
) -> Result<Option<DocRecord>, StateError> {
    Ok(doc_value(db, path, job, source_key)?
        .filter(|v| v.failure.is_none())
        .map(|v| v.into_record(job, source_key)))
}

/// The stored value of one document, written or failed.
pub(crate) fn doc_value(
    db: &impl ReadableDatabase,
    path: &Path,
    job: &str,
    source_key: &str,
) -> Result<Option<DocValue>, StateError> {
    let err = |e: redb::Error| StateError::db(path, e);
    let txn = db.begin_read().map_err(|e| err(e.into()))?;
    let table = txn.open_table(DOCS).map_err(|e| err(e.into()))?;
    let Some(value) = table.get((job, source_key)).map_err(|e| err(e.into()))? else {
        return Ok(None);
    };
    decode(path, value.value(), || format!("{job} {source_key}")).map(Some)
}

pub(crate) fn documents(
    db: &impl ReadableDatabase,
    path: &Path,
    job: &str,
) -> Result<Vec<DocRecord>, StateError> {
    let err = |e: redb::Error| StateError::db(path, e);
    let txn = db.begin_read().map_err(|e| err(e.into()))?;
    let table = txn.open_table(DOCS).map_err(|e| err(e.into()))?;
    let mut out = Vec::new();
    for entry in table.range((job, "")..).map_err(|e| err(e.into()))? {
        let (k, v) = entry.map_err(|e| err(e.into()))?;
        let (kjob, key) = k.value();
        if kjob != job {
            break;
        }
        let value: DocValue = decode(path, v.value(), || format!("{job} {key}"))?;
        if value.failure.is_none() {
            out.push(value.into_record(job, key));
        }
    }
    Ok(out)
}

pub(crate) fn fetch_info(
    db: &impl ReadableDatabase,
    path: &Path,
    url: &str,
) -> Result<Option<FetchInfo>, StateError> {
    let err = |e: redb::Error| StateError::db(path, e);
    let txn = db.begin_read().map_err(|e| err(e.into()))?;
    let table = txn.open_table(FETCHES).map_err(|e| err(e.into()))?;
    let Some(v) = table.get(url).map_err(|e| err(e.into()))? else {
        return Ok(None);
    };
    decode(path, v.value(), || url.to_owned()).map(Some)
}

pub(crate) fn fetch_infos(
    db: &impl ReadableDatabase,
    path: &Path,
) -> Result<Vec<(String, FetchInfo)>, StateError> {
    let err = |e: redb::Error| StateError::db(path, e);
    let txn = db.begin_read().map_err(|e| err(e.into()))?;
    let table = txn.open_table(FETCHES).map_err(|e| err(e.into()))?;
    let mut out = Vec::new();
    for entry in table.iter().map_err(|e| err(e.into()))? {
        let (k, v) = entry.map_err(|e| err(e.into()))?;
        let url = k.value().to_owned();
        let info = decode(path, v.value(), || url.clone())?;
        out.push((url, info));
    }
    Ok(out)
}

pub(crate) fn last_runs(
    db: &impl ReadableDatabase,
    path: &Path,
    job: &str,
    n: usize,
) -> Result<Vec<RunRecord>, StateError> {
    let err = |e: redb::Error| StateError::db(path, e);
    let txn = db.begin_read().map_err(|e| err(e.into()))?;
    let table = txn.open_table(RUNS).map_err(|e| err(e.into()))?;
    let mut out = Vec::with_capacity(n.min(64));
    let range = table
        .range((job, 0)..=(job, u64::MAX))
        .map_err(|e| err(e.into()))?;
    for entry in range.rev().take(n) {
        let (k, v) = entry.map_err(|e| err(e.into()))?;
        let (_, id) = k.value();
        out.push(decode(path, v.value(), || format!("run {id} of {job}"))?);
    }
    Ok(out)
}

/// Every host summary a job's learning kept.
pub(crate) fn learned(
    db: &impl ReadableDatabase,
    path: &Path,
    job: &str,
) -> Result<std::collections::HashMap<String, crate::learn::HostSummary>, StateError> {
    let err = |e: redb::Error| StateError::db(path, e);
    let txn = db.begin_read().map_err(|e| err(e.into()))?;
    let table = txn.open_table(LEARNED).map_err(|e| err(e.into()))?;
    let mut out = std::collections::HashMap::new();
    for entry in table.range((job, "")..).map_err(|e| err(e.into()))? {
        let (k, v) = entry.map_err(|e| err(e.into()))?;
        let (kjob, host) = k.value();
        if kjob != job {
            break;
        }
        let summary = decode(path, v.value(), || format!("learned {job} {host}"))?;
        out.insert(host.to_owned(), summary);
    }
    Ok(out)
}

pub(crate) fn encode<T: serde::Serialize>(path: &Path, value: &T) -> Result<Vec<u8>, StateError> {
    serde_json::to_vec(value).map_err(|e| StateError::Corrupt {
        path: path.to_path_buf(),
        what: e.to_string(),
    })
}

pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
    what: impl FnOnce() -> String,
) -> Result<T, StateError> {
    serde_json::from_slice(bytes).map_err(|e| StateError::Corrupt {
        path: path.to_path_buf(),
        what: format!("record {}: {e}", what()),
    })
}
