//! Keeps a run from overwriting what the user gave it: an output folder equal to (or inside) an
//! input folder must never replace an input file.

use std::path::{Path, PathBuf};

/// The inputs of a run, to check output paths against.
#[derive(Debug, Clone, Default)]
pub struct InputGuard {
    roots: Vec<PathBuf>,
    files: Vec<PathBuf>,
    excluded: Vec<PathBuf>,
}

impl InputGuard {
    /// A guard over input paths (files or folders); `output` is the run's output folder, which is
    /// not walked for inputs when it lies inside an input folder.
    pub fn new(inputs: &[PathBuf], output: Option<&Path>) -> Self {
        let mut guard = InputGuard::default();
        for input in inputs {
            let Ok(canon) = input.canonicalize() else {
                continue;
            };
            if canon.is_dir() {
                guard.roots.push(canon);
            } else {
                guard.files.push(canon);
            }
        }
        if let Some(out) = output.and_then(|o| o.canonicalize().ok()) {
            // An output folder that *is* an input folder is not excluded: its files are inputs.
            if !guard.roots.contains(&out) {
                guard.excluded.push(out);
            }
        }
        guard
    }

    /// The input folder that strictly contains `output`, if any: such an output folder is not read
    /// as input, so files a user keeps in it are protected only by the output marker check.
    pub fn input_root_around(&self, output: &Path) -> Option<&Path> {
        let out = output.canonicalize().ok()?;
        self.roots
            .iter()
            .find(|r| out.starts_with(r) && out != **r)
            .map(PathBuf::as_path)
    }

    /// True when `output` is one of the input folders itself.
    pub fn is_input_folder(&self, output: &Path) -> bool {
        output
            .canonicalize()
            .is_ok_and(|out| self.roots.contains(&out))
    }

    /// True when writing `target` would replace an input file.
    pub fn is_input(&self, target: &Path) -> bool {
        let Ok(canon) = target.canonicalize() else {
            return false; // does not exist: nothing to overwrite
        };
        if self.files.contains(&canon) {
            return true;
        }
        self.roots.iter().any(|r| canon.starts_with(r))
            && !self.excluded.iter().any(|x| canon.starts_with(x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_in_the_input_folder_may_not_replace_inputs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join("a.txt");
        std::fs::write(&input, "x").expect("write");
        let guard = InputGuard::new(&[dir.path().to_path_buf()], Some(dir.path()));
        assert!(guard.is_input(&input));
        assert!(!guard.is_input(&dir.path().join("new.txt")));
    }

    #[test]
    fn an_output_folder_inside_the_input_is_not_an_input() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).expect("mkdir");
        std::fs::write(out.join("a.txt"), "old output").expect("write");
        let guard = InputGuard::new(&[dir.path().to_path_buf()], Some(&out));
        assert!(!guard.is_input(&out.join("a.txt")));
    }
}
