//! The errors stream (`--errors FILE`): one JSON line per document that failed or was skipped,
//! `{"id", "source", "reason", "kind"}`, so that no document of a run goes unaccounted for, however
//! many there are (the summary only names the first few).

use super::SinkError;
use crate::pipeline::Problem;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A JSONL file of problems, created afresh for each command.
#[derive(Debug)]
pub struct ErrorsFile {
    path: PathBuf,
    out: BufWriter<File>,
}

impl ErrorsFile {
    /// Creates (or truncates) `path`.
    pub fn create(path: &Path) -> Result<Self, SinkError> {
        let err = |source| SinkError::Write {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let file = File::create(path).map_err(err)?;
        Ok(ErrorsFile {
            path: path.to_path_buf(),
            out: BufWriter::new(file),
        })
    }

    /// Appends one problem as a JSON line.
    pub fn write(&mut self, problem: &Problem) -> Result<(), SinkError> {
        let mut line = serde_json::to_string(problem).unwrap_or_default();
        line.push('\n');
        self.out
            .write_all(line.as_bytes())
            .map_err(|source| SinkError::Write {
                path: self.path.clone(),
                source,
            })
    }

    /// Flushes what is buffered to the file.
    pub fn flush(&mut self) -> Result<(), SinkError> {
        self.out.flush().map_err(|source| SinkError::Write {
            path: self.path.clone(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::ProblemKind;

    #[test]
    fn each_problem_is_one_json_line_with_id_source_reason_and_kind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("errors.jsonl");
        let mut errors = ErrorsFile::create(&path).expect("create");
        for (id, kind) in [
            (Some("a"), ProblemKind::Failed),
            (None, ProblemKind::Skipped),
        ] {
            errors
                .write(&Problem {
                    id: id.map(str::to_string),
                    source: "d.jsonl:3".into(),
                    reason: "no article found".into(),
                    kind,
                })
                .expect("write");
        }
        errors.flush().expect("flush");
        let text = std::fs::read_to_string(&path).expect("read");
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["id"], "a");
        assert_eq!(lines[0]["kind"], "failed");
        assert_eq!(lines[1]["id"], serde_json::Value::Null);
        assert_eq!(lines[1]["source"], "d.jsonl:3");
        assert_eq!(lines[1]["kind"], "skipped");
    }
}
