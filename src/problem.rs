//! Problems found in a user's configuration or rule files, each with its file and line, gathered
//! so that one run reports every problem at once instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong in a file the user wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub path: PathBuf,
    /// The line, from 1, when known.
    pub line: Option<usize>,
    /// What is wrong, and what to do about it.
    pub message: String,
}

impl Problem {
    /// A problem at `line` of `path`.
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Every problem found, as one error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem{} in the configuration:\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
pub struct Problems(pub Vec<Problem>);

/// The line (from 1) of byte offset `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line of `key = …` in the table that starts at line `table_line` of `text`, so that a
/// problem with one key points at it rather than at its table's header; `table_line` when the
/// key is not written there (a missing key, a default).
pub fn key_line(text: &str, table_line: usize, key: &str) -> usize {
    for (n, line) in text.lines().enumerate().skip(table_line.saturating_sub(1)) {
        let t = line.trim_start();
        if n + 1 > table_line && t.starts_with('[') {
            break;
        }
        // `key = …` on a line of its own, or inside an inline table.
        let at_start = t
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        let inline = line.match_indices(key).any(|(i, _)| {
            let before = line[..i].trim_end();
            (before.ends_with('{') || before.ends_with(','))
                && line[i + key.len()..].trim_start().starts_with('=')
        });
        if at_start || inline {
            return n + 1;
        }
    }
    table_line
}

/// The line a serde message about the table at `table_line` is about: the key it names
/// (`unknown field `x``), or the line holding the value it names (`unknown variant `x``).
pub fn message_line(text: &str, table_line: usize, message: &str) -> usize {
    let named = |prefix: &str| {
        let rest = message.split(prefix).nth(1)?;
        rest.split('`').next()
    };
    if let Some(key) = named("unknown field `") {
        return key_line(text, table_line, key);
    }
    if let Some(value) = named("unknown variant `") {
        for (n, line) in text.lines().enumerate().skip(table_line.saturating_sub(1)) {
            if n + 1 > table_line && line.trim_start().starts_with('[') {
                break;
            }
            if line.contains(&format!("\"{value}\"")) || line.contains(&format!("'{value}'")) {
                return n + 1;
            }
        }
    }
    table_line
}

/// A problem made from a TOML parse error, which knows its own position.
pub fn from_toml(path: &Path, text: &str, err: &toml::de::Error) -> Problem {
    let line = err.span().map(|s| line_of(text, s.start));
    Problem::new(path, line, err.message().trim().to_string())
}

/// Removes the keys of the table `value` that are not in `known` and returns them, so that one
/// pass can report every unknown key and still check the rest of the table.
pub fn take_unknown_keys(value: &mut toml::Value, known: &[&str]) -> Vec<String> {
    let Some(table) = value.as_table_mut() else {
        return Vec::new();
    };
    let unknown: Vec<String> = table
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .cloned()
        .collect();
    for k in &unknown {
        table.remove(k);
    }
    unknown
}

/// "unknown key `x`, expected one of `a`, `b`".
pub fn unknown_key_message(section: &str, key: &str, known: &[&str]) -> String {
    let expected: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    format!(
        "in {section}: unknown key `{key}`, expected one of {}",
        expected.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_in_their_own_table() {
        let text = "[[job]]\nname = \"a\"\nschedule = \"x\"\n\n[[job]]\nschedule = \"y\"\n";
        assert_eq!(key_line(text, 1, "schedule"), 3);
        assert_eq!(key_line(text, 5, "schedule"), 6);
        assert_eq!(key_line(text, 1, "timezone"), 1);
        let inline = "chain = [{ type = \"strip_teasers\", extra_patterns = [\"(\"] }]\n";
        assert_eq!(key_line(inline, 1, "extra_patterns"), 1);
        assert_eq!(
            message_line(
                "[x]\na = 1\nfocus = \"sharp\"\n",
                1,
                "unknown variant `sharp`, expected"
            ),
            3
        );
    }

    #[test]
    fn lines_count_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }

    #[test]
    fn every_problem_is_listed_with_file_and_line() {
        let p = Problems(vec![
            Problem::new(Path::new("r.toml"), Some(3), "bad regex"),
            Problem::new(Path::new("c.toml"), None, "no jobs"),
        ]);
        let s = p.to_string();
        assert!(s.contains("2 problems"));
        assert!(s.contains("r.toml:3: bad regex"));
        assert!(s.contains("c.toml: no jobs"));
    }
}
