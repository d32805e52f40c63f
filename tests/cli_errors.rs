//! Errors as a user reads them: every problem at once, at the line of its key, in the words a
//! user writes, with what is wrong said plainly.
//!
//! Found by a new user: a job with a bad schedule and a bad time zone showed only one of them,
//! prefixed twice ("job \"a\": job a: …"); lines pointed at the `[[job]]` header; a regex error
//! was squeezed onto one line so its caret pointed nowhere; an invalid CSS selector said
//! "Unexpected error occurred. Please report this to the developer"; actions were named
//! `DropBlock`.

use assert_cmd::Command;
use std::path::Path;

fn check(dir: &Path) -> String {
    let out = Command::cargo_bin("unboil")
        .expect("binary built")
        .env_remove("RUST_LOG")
        .current_dir(dir)
        .args(["rules", "check"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    String::from_utf8(out).expect("utf-8")
}

fn project(config: &str, rules: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("pages")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("rules")).expect("mkdir");
    std::fs::write(dir.path().join("config.toml"), config).expect("write");
    if !rules.is_empty() {
        std::fs::write(dir.path().join("rules/site.toml"), rules).expect("write");
    }
    dir
}

#[test]
fn a_bad_schedule_and_a_bad_time_zone_are_both_reported_at_their_keys() {
    let dir = project(
        "[[job]]\nname = \"news\"\nsources = [{ type = \"files\", path = \"pages\" }]\n\
         output = { type = \"text_tree\", path = \"out\" }\nschedule = \"61 * * * *\"\n\
         timezone = \"Mars/Olympus\"\n",
        "",
    );
    let err = check(dir.path());
    assert!(err.contains("2 problems"), "{err}");
    assert!(
        err.contains("config.toml:5: job \"news\": invalid schedule \"61 * * * *\""),
        "{err}"
    );
    assert!(
        err.contains("config.toml:6: job \"news\": unknown time zone \"Mars/Olympus\""),
        "{err}"
    );
    assert!(!err.contains("job news:"), "doubled prefix:\n{err}");
}

#[test]
fn a_regex_error_keeps_its_caret_under_the_mistake() {
    let dir = project(
        "",
        "sites = [\"example.com\"]\n\n[[rule]]\nname = \"promo\"\nregex = 'Read (more'\naction = \"drop_block\"\n",
    );
    let err = check(dir.path());
    assert!(
        err.contains("site.toml:5: rule \"promo\": invalid regex:"),
        "{err}"
    );
    let lines: Vec<&str> = err.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == "Read (more")
        .unwrap_or_else(|| panic!("the pattern is not on a line of its own:\n{err}"));
    let paren = lines[at].find('(').expect("paren");
    let caret = lines[at + 1].find('^').expect("caret line");
    assert_eq!(caret, paren, "the caret does not point at the `(`:\n{err}");
    assert!(lines[at + 2].contains("unclosed group"), "{err}");
}

#[test]
fn an_invalid_css_selector_says_what_is_wrong_and_actions_are_named_as_written() {
    let dir = project(
        "",
        "sites = [\"example.com\"]\n\n[[rule]]\nname = \"share\"\nselector = \"div.share >\"\naction = \"remove_element\"\n\n\
         [[rule]]\nname = \"promo\"\nselector = \".promo\"\naction = \"drop_block\"\n",
    );
    let err = check(dir.path());
    assert!(
        err.contains(
            "site.toml:5: rule \"share\": invalid CSS selector \"div.share >\": a combinator"
        ),
        "{err}"
    );
    assert!(!err.contains("report this to the developer"), "{err}");
    assert!(
        err.contains("site.toml:11: rule \"promo\": action drop_block works on text"),
        "{err}"
    );
    assert!(!err.contains("DropBlock"), "{err}");
}
