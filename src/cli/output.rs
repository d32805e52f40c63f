//! What `-o`, `--format` and `-0` mean together, decided before anything runs: the format a
//! path implies, how documents on stdout are told apart, and outputs that would land among the
//! inputs.

use super::inputs::{is_url, OutputArgs};
use std::path::{Path, PathBuf};
use unboil::config::Format;
use unboil::sink::{InputGuard, Separator};

impl OutputArgs {
    /// The format asked for, or the one `-o` implies (`.jsonl`: JSONL); refuses combinations
    /// that cannot do what they say.
    pub fn resolved_format(&self, several: bool) -> anyhow::Result<Format> {
        let jsonl_path = self.output.as_deref().filter(|p| is_jsonl_path(p));
        let format = match (self.format, jsonl_path) {
            (Some(f), None) => f,
            (None, None) => Format::Text,
            (None | Some(Format::Jsonl), Some(_)) => Format::Jsonl,
            (Some(f), Some(path)) => anyhow::bail!(
                "-o {}: a .jsonl file holds JSON lines, not --format {}; drop --format, or give a folder to -o",
                path.display(),
                format_name(f)
            ),
        };
        if format == Format::Json && self.output.is_none() && several && !self.null {
            anyhow::bail!(
                "--format json writes one object for one input, and these inputs may hold several \
                 documents; use --format jsonl (one object a line), -0 (a NUL after each), or -o DIR \
                 (one .json file each)"
            );
        }
        Ok(format)
    }

    /// How documents written to stdout are told apart.
    pub fn separator(&self, several: bool) -> Separator {
        if self.null {
            Separator::Nul
        } else if several {
            Separator::Headers
        } else {
            Separator::BlankLine
        }
    }
}

/// The name a user writes for `format`.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Text => "text",
        Format::Markdown => "markdown",
        Format::Jsonl => "jsonl",
        Format::Json => "json",
    }
}

/// True for an output path that names a JSONL file (`out.jsonl`).
fn is_jsonl_path(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "jsonl") && !path.is_dir()
}

/// True when `inputs` may yield more than one document: several inputs, a folder, a dump.
pub fn several_documents(inputs: &[PathBuf]) -> bool {
    inputs.len() > 1
        || inputs
            .iter()
            .any(|p| !is_url(p) && (p.is_dir() || unboil::source::is_dump(p)))
}

/// Refuses, before any document is read, an output folder that is itself one of the input
/// folders: every document written there would sit among the inputs, and one with an input's
/// name would fail only after the run had started.
pub fn refuse_output_among_inputs(guard: &InputGuard, output: Option<&Path>) -> anyhow::Result<()> {
    if let Some(out) = output {
        if guard.is_input_folder(out) {
            anyhow::bail!(
                "-o {}: is one of the input folders; choose an output folder outside the inputs (or a new folder inside them)",
                out.display()
            );
        }
    }
    Ok(())
}
