//! `[extract] vocabulary`: a user extends the words extraction reads pages by, without a rebuild,
//! and a mistake in the file is reported with its file and line before any page is read.

use assert_cmd::Command;
use std::path::Path;
use unboil::extract::html::vocabulary::{self, Vocabulary};

/// An article whose box holds a promotion named by a word the built-in vocabulary does not know.
const PAGE: &str = r#"<!doctype html><html><head><title>Harbour bridge reopens</title></head><body>
<article>
<h1>Harbour bridge reopens</h1>
<p>The harbour bridge reopened on Tuesday after eight months of repairs, the city said, and the
first buses crossed it shortly after six in the morning.</p>
<div class="xyzzy-box"><p>Our partners at the travel desk have picked the best weekend breaks by
the sea this autumn, with prices for every budget and family.</p></div>
<p>Engineers replaced forty cables and the whole deck surface, work the council had postponed
twice since the storms of the previous winter damaged the supports.</p>
<p>Commuters said the detour through the old town had added half an hour to every journey, and
shops near the bridge reported fewer customers through the summer.</p>
</article>
</body></html>"#;

const PROMOTION: &str = "best weekend breaks";

const WORDS: &str = "# words of our partner sites\n\
[[names]]\nkind = \"furniture\"\nreason = \"advertising\"\nwords = [\"xyzzy\"]\n";

fn unboil() -> Command {
    let mut cmd = Command::cargo_bin("unboil").expect("binary built");
    cmd.env_remove("RUST_LOG");
    cmd
}

/// A folder with the page and a config whose `[extract]` names `words.toml` holding `words`.
fn setup(words: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("page.html"), PAGE).expect("write");
    std::fs::write(dir.path().join("words.toml"), words).expect("write");
    std::fs::write(
        dir.path().join("config.toml"),
        "[extract]\nvocabulary = \"words.toml\"\n",
    )
    .expect("write");
    dir
}

fn explain(dir: &Path, config: bool) -> String {
    let mut cmd = unboil();
    cmd.current_dir(dir).arg("explain").arg("page.html");
    if !config {
        cmd.args(["--config", "none.toml"]);
        std::fs::write(dir.join("none.toml"), "").expect("write");
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("utf-8")
}

/// The kept text of an `explain` report: what follows its removals.
fn kept(report: &str) -> &str {
    let at = report
        .find("-- clean text")
        .expect("the report shows the clean text");
    &report[at..]
}

#[test]
fn a_word_added_by_the_user_makes_its_box_furniture() {
    let dir = setup(WORDS);
    let before = explain(dir.path(), false);
    assert!(
        kept(&before).contains(PROMOTION),
        "without the word the box is article text:\n{before}"
    );
    let after = explain(dir.path(), true);
    assert!(
        !kept(&after).contains(PROMOTION),
        "the box named by the user's word is still kept:\n{after}"
    );
    assert!(after.contains("[extract:advertising]"), "{after}");
    assert!(kept(&after).contains("forty cables"), "{after}");
}

#[test]
fn a_bad_vocabulary_file_is_reported_with_its_file_and_line_before_any_page() {
    let dir = setup("[[names]]\nkind = \"furniture\"\nwords = [\"ok\",\n  \"two words\"]\n");
    let out = unboil()
        .current_dir(dir.path())
        .args(["clean", "page.html", "-o", "out"])
        .assert()
        .failure()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    assert!(
        err.contains("words.toml:4: \"two words\" holds a space"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists(), "a page was processed");

    let dir = setup("remove = [\"nosuchword\"]\n");
    std::fs::write(
        dir.path().join("config.toml"),
        "[extract]\nfocus = \"balanced\"\nvocabulary = \"missing.toml\"\n",
    )
    .expect("write");
    let out = unboil()
        .current_dir(dir.path())
        .args(["clean", "page.html"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    assert!(
        err.contains("config.toml:3: in [extract]: cannot read the vocabulary"),
        "{err}"
    );
}

#[test]
fn a_program_installs_a_vocabulary_for_the_library_to_extract_with() {
    let words = Vocabulary::extended(WORDS, Path::new("words.toml")).expect("valid words");
    vocabulary::install(words.clone()).expect("installed before the first page");
    let doc = unboil::extract::html::extract(PAGE, None, &Default::default());
    assert!(doc.text().contains("forty cables"), "{}", doc.text());
    assert!(!doc.text().contains(PROMOTION), "{}", doc.text());
    // Installing the active vocabulary again is fine; another one would come too late.
    assert!(vocabulary::install(words).is_ok());
    assert!(vocabulary::install(Vocabulary::builtin()).is_err());
}

#[test]
fn the_readme_example_vocabulary_is_valid() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme
        .find("# my-words.toml\n")
        .expect("README shows a vocabulary file");
    let example = &readme[start..start + readme[start..].find("```").expect("block ends")];
    let words = Vocabulary::extended(example, Path::new("my-words.toml"));
    assert!(words.is_ok(), "{:?}", words.err());
}

#[test]
fn config_prints_the_builtin_vocabulary_a_user_file_extends() {
    let out = unboil()
        .args(["config", "--vocabulary"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    assert!(
        text.contains("[[names]]") && text.contains("\"breadcrumb\""),
        "{text}"
    );
    // A copy of it is a valid extension: every word takes the meaning it already has.
    let copy = Vocabulary::extended(&text, Path::new("copy.toml")).expect("valid");
    assert!(copy == Vocabulary::builtin());
}
