//! Atomic file writes: a temporary file in the target's folder, flushed to disk, then renamed over
//! the target. A run interrupted at any point leaves the old file or the new one, never half of one.

use std::io::Write;
use std::path::Path;

/// How the temporary files of [`write_atomic`] begin: `.unboil-<pid>-<random>.tmp`.
pub const TEMP_PREFIX: &str = ".unboil-";
/// How the temporary files of [`write_atomic`] end.
pub const TEMP_SUFFIX: &str = ".tmp";

/// True for a temporary file of [`write_atomic`] whose writer is gone: its process id is not a
/// running process (on systems with `/proc`; elsewhere when it is over an hour old), or it
/// names no process at all (written before ids were in the names).
pub fn stale_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Some(rest) = name
        .strip_prefix(TEMP_PREFIX)
        .and_then(|r| r.strip_suffix(TEMP_SUFFIX))
    else {
        return false;
    };
    let Some(pid) = rest
        .split_once('-')
        .and_then(|(p, _)| p.parse::<u32>().ok())
    else {
        return true;
    };
    if pid == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.is_dir() {
        return !proc.join(pid.to_string()).exists();
    }
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 3600)
}

/// Writes `bytes` to `path` atomically, creating parent folders. With `durable`, the data is also
/// flushed to disk before the rename, so it survives a power cut, not only a killed process: what
/// incremental state records as done must be on disk. Without it, a killed run still never leaves
/// a half-written file, and writing many files is much faster.
pub fn write_atomic(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    // The writer's process id is in the name, so a later run can tell a killed run's leftover
    // from a file another run is writing right now (see `stale_temporary`).
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are private (0600); an output is an ordinary file for its readers.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    if durable {
        tmp.as_file().sync_data()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("a/b.txt");
        write_atomic(&target, b"one", false).expect("write");
        write_atomic(&target, b"two", true).expect("overwrite");
        assert_eq!(std::fs::read(&target).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["b.txt"]);
    }

    /// Found by killing `clean -o` mid-run (issue 9): its temporary files stayed for good. A
    /// leftover of a process that is gone is stale; one of this process is not.
    #[test]
    fn temporaries_of_a_gone_process_are_stale() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mine = dir
            .path()
            .join(format!(".unboil-{}-abc.tmp", std::process::id()));
        std::fs::write(&mine, "x").expect("write");
        assert!(!stale_temporary(&mine));
        // Process ids are below 2^22 on Linux; this one is never running.
        let gone = dir.path().join(".unboil-4294967295-abc.tmp");
        std::fs::write(&gone, "x").expect("write");
        assert!(stale_temporary(&gone));
        assert!(stale_temporary(&dir.path().join(".unboil-Xy12ab.tmp")));
        assert!(!stale_temporary(&dir.path().join("story.txt")));
    }
}
