//! Atomic file writes: a temporary file in the target's folder, flushed to disk, then renamed over
//! the target. A run interrupted at any point leaves the old file or the new one, never half of one.

use std::io::Write;
use std::path::Path;

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
    let mut tmp = tempfile::Builder::new()
        .prefix(".unboil-")
        .suffix(".tmp")
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
}
