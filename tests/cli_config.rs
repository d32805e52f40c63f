//! `unboil config`, the generated reference page, completions and the man page: options a new
//! user looked for and did not find.

use assert_cmd::Command;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn unboil() -> Command {
    let mut cmd = Command::cargo_bin("unboil").expect("binary built");
    cmd.env_remove("RUST_LOG");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn the_committed_config_reference_matches_the_code() {
    let generated = stdout(unboil().args(["config", "--reference"]));
    let committed = std::fs::read_to_string(root().join("docs/config.md")).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/config.md is out of date: run `cargo run -- config --reference > docs/config.md`"
    );
}

#[test]
fn config_prints_every_key_with_its_value_and_changed_defaults() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("config.toml"),
        "[extract]\nfocus = \"recall\"\n\n[fetch]\nper_host_delay_ms = 2500\n",
    )
    .expect("write");
    let out = stdout(unboil().current_dir(dir.path()).arg("config"));
    for line in [
        "focus = \"recall\"  # default: \"balanced\"",
        "per_host_delay_ms = 2500  # default: 1000",
        "tables = true\n",
        "type = \"strip_teasers\"",
        "# Keep image and figure captions. (boolean)",
    ] {
        assert!(out.contains(line), "{line:?} missing:\n{out}");
    }
    // Every key the reference names for [extract] and [fetch] has a value line.
    let reference = stdout(unboil().args(["config", "--reference"]));
    for key in reference
        .split("## `[clean]`")
        .next()
        .unwrap_or("")
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
    {
        assert!(
            out.contains(&format!("\n{key} = ")) || out.contains(&format!("# {key} is not set")),
            "{key} missing from `unboil config`"
        );
    }
}

#[test]
fn completions_and_a_man_page_are_generated() {
    let bash = stdout(unboil().args(["completions", "bash"]));
    assert!(
        bash.contains("_unboil()") && bash.contains("--format"),
        "{bash}"
    );
    let man = stdout(unboil().arg("man"));
    assert!(
        man.starts_with(".ie") || man.contains(".TH unboil 1"),
        "{man}"
    );
    let clean = stdout(unboil().args(["man", "clean"]));
    assert!(
        clean.contains(".TH unboil-clean") && clean.contains("\\-\\-links"),
        "{clean}"
    );
}

#[test]
fn every_command_help_has_an_example() {
    let help = stdout(unboil().arg("--help"));
    let commands: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .unwrap_or("")
        .split("Options:")
        .next()
        .unwrap_or("")
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 10, "{commands:?}");
    for c in commands {
        let h = stdout(unboil().args([c.as_str(), "--help"]));
        assert!(
            h.contains("Example"),
            "`unboil {c} --help` has no example:\n{h}"
        );
    }
}

#[test]
fn extraction_options_are_on_the_command_line() {
    let page = root().join("fixtures/markdown/structure.html");
    let with = stdout(unboil().args(["clean", "--no-tables"]).arg(&page));
    assert!(!with.contains("Schools | 950"), "{with}");
    let without = stdout(unboil().arg("clean").arg(&page));
    assert!(without.contains("Schools | 950"), "{without}");
    for cmd in ["clean", "explain", "fetch"] {
        let h = stdout(unboil().args([cmd, "--help"]));
        for flag in ["--focus", "--tables", "--comments", "--links", "--captions"] {
            assert!(h.contains(flag), "`unboil {cmd}` lacks {flag}");
        }
    }
}
