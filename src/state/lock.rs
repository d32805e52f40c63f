//! The per-store process lock: one `unboil run` per job at a time.
//!
//! redb refuses a second writer on its own (see the module docs of [`crate::state`]), but its
//! refusal cannot say *who* holds the file. So the store first takes an exclusive lock on a small
//! `<store>.lock` file beside it (std `File::try_lock`, an `flock` on Unix) and writes its pid
//! there. A second process that finds the lock taken reads that pid and names it in its message.
//! The kernel drops the lock when the holder exits, however it exits (SIGKILL included), so a stale
//! lock file never blocks anyone: the file may stay behind, the lock does not.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::StateError;

/// How often [`JobLock::acquire_wait`] retries while another process holds the lock.
const RETRY_EVERY: Duration = Duration::from_millis(100);

/// An exclusive lock on `<store>.lock`, held for as long as the value lives.
#[derive(Debug)]
pub(crate) struct JobLock {
    file: File,
}

/// The lock file of the store at `store`: the store's file name with `.lock` appended.
pub(crate) fn lock_path(store: &Path) -> PathBuf {
    let mut name = store
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".lock");
    store.with_file_name(name)
}

impl JobLock {
    /// Takes the lock or fails at once with [`StateError::Locked`].
    pub(crate) fn acquire(store: &Path) -> Result<JobLock, StateError> {
        let lock = lock_path(store);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock)
            .map_err(|source| StateError::LockFile {
                lock: lock.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => {
                // Best effort: the pid only makes another process's message friendlier.
                let _ = file
                    .set_len(0)
                    .and_then(|()| file.seek(SeekFrom::Start(0)))
                    .and_then(|_| writeln!(file, "{}", std::process::id()))
                    .and_then(|()| file.flush());
                Ok(JobLock { file })
            }
            Err(TryLockError::WouldBlock) => Err(StateError::Locked {
                store: store.to_path_buf(),
                pid: read_pid(&mut file),
                lock,
            }),
            Err(TryLockError::Error(source)) => Err(StateError::LockFile { lock, source }),
        }
    }

    /// Takes the lock, waiting up to `timeout` for another process to release it.
    pub(crate) fn acquire_wait(store: &Path, timeout: Duration) -> Result<JobLock, StateError> {
        let start = Instant::now();
        loop {
            match JobLock::acquire(store) {
                Err(StateError::Locked { store, lock, pid }) => {
                    let waited = start.elapsed();
                    if waited >= timeout {
                        return Err(StateError::LockTimeout {
                            store,
                            lock,
                            pid,
                            waited,
                        });
                    }
                    std::thread::sleep(RETRY_EVERY.min(timeout - waited));
                }
                other => return other,
            }
        }
    }
}

impl Drop for JobLock {
    fn drop(&mut self) {
        // Clear our pid so nobody later blames a process that has gone; the lock itself goes with
        // the file handle.
        let _ = self.file.set_len(0);
    }
}

/// The pid written by the holder, if it has written one yet.
fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_file_sits_beside_the_store() {
        assert_eq!(
            lock_path(Path::new("/out/news/state.redb")),
            Path::new("/out/news/state.redb.lock")
        );
    }

    #[test]
    fn second_lock_in_the_same_process_is_refused_with_our_pid() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.redb");
        let first = JobLock::acquire(&store).unwrap();
        match JobLock::acquire(&store) {
            Err(StateError::Locked { pid, lock, .. }) => {
                assert_eq!(pid, Some(std::process::id()));
                assert_eq!(lock, lock_path(&store));
            }
            other => panic!("expected Locked, got {other:?}"),
        }
        drop(first);
        JobLock::acquire(&store).unwrap();
    }

    #[test]
    fn waiting_gives_up_after_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.redb");
        let _first = JobLock::acquire(&store).unwrap();
        let start = Instant::now();
        let err = JobLock::acquire_wait(&store, Duration::from_millis(250)).unwrap_err();
        assert!(matches!(err, StateError::LockTimeout { .. }), "{err:?}");
        assert!(start.elapsed() >= Duration::from_millis(250));
    }
}
