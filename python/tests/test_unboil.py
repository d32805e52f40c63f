"""The Python package: what a user of `import unboil` sees."""

import json
import os
import subprocess
import threading

import pytest

import unboil

PAGE = """<!doctype html><html lang="en"><head><title>Council Approves Budget - Example News</title>
<meta property="og:site_name" content="Example News"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Council Approves Budget</h1>
<p>The city council approved the budget on Monday after a long debate about schools and roads.</p>
<p>The plan raises spending on schools by four percent and repairs two bridges next year.</p>
<p>Leave a Comment</p>
<p>Critics said the council had not explained how the repairs would be paid for in the long run.</p>
<p>Reporting by Jane Roe; Editing by John Doe</p>
</article><footer>© 2024 Example News. All rights reserved.</footer></body></html>"""

TEXT = "\n".join(
    [
        "Council Approves Budget",
        "No time to read?",
        "Get a summary",
        "The city council approved the budget on Monday after a long debate about schools.",
        "Leave a Comment",
        "© 2024 Example News. All rights reserved.",
    ]
)


def test_clean_returns_text_metadata_and_trail():
    doc = unboil.clean(PAGE, url="https://example.org/news/1")
    assert "approved the budget on Monday" in doc["text"]
    assert "Critics said" in doc["text"]
    assert "Leave a Comment" not in doc["text"]
    assert "Reporting by" not in doc["text"]
    assert "Home" not in doc["text"]
    assert doc["title"] == "Council Approves Budget"
    assert doc["language"] == "en"
    assert doc["url"] == "https://example.org/news/1"
    trailer = [r for r in doc["removals"] if r["by"] == "strip_trailer"]
    assert [r["text"] for r in trailer] == ["Reporting by Jane Roe; Editing by John Doe"]
    assert all({"by", "block", "what", "text"} <= set(r) for r in doc["removals"])


def test_bytes_are_decoded_by_their_charset():
    page = PAGE.replace("<head>", '<head><meta charset="windows-1252">').replace(
        "Monday", "Montag \u00e9t\u00e9"
    )
    doc = unboil.clean(page.encode("cp1252"), url="https://example.org/news/2")
    assert "Montag \u00e9t\u00e9" in doc["text"]


def test_clean_text_removes_boilerplate_lines():
    doc = unboil.clean_text(TEXT, id="t1")
    lines = doc["text"].split("\n")
    assert "No time to read?" not in lines
    assert "Leave a Comment" not in lines
    assert not any("All rights reserved" in l for l in lines)
    assert "The city council approved the budget on Monday after a long debate about schools." in lines
    assert doc["id"] == "t1"
    by = {r["by"] for r in doc["removals"]}
    assert {"strip_teasers", "strip_comment_prompts", "strip_trailer"} <= by


def test_a_page_without_an_article_is_none():
    assert unboil.clean("<html><body><nav><a href='/'>Home</a></nav></body></html>") is None
    assert unboil.clean_text("   \n  ") is None


def test_a_broken_config_says_what_and_where(tmp_path):
    bad = tmp_path / "config.toml"
    bad.write_text("[clean]\nchain = [{ type = 'no_such_cleaner' }]\n")
    with pytest.raises(ValueError) as err:
        unboil.Cleaner(config=str(bad))
    assert "config.toml" in str(err.value)


def test_site_rules_of_a_config_apply(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "example.org.toml").write_text(
        'name = "example.org"\nsites = ["example.org"]\n'
        '[[rule]]\nname = "promo"\nphrase = "Get the Example News app"\naction = "drop_block"\n'
    )
    (tmp_path / "config.toml").write_text('[clean]\nrules = ["rules"]\n')
    cleaner = unboil.Cleaner(config=str(tmp_path / "config.toml"))
    text = "The council met on Monday to approve the budget for next year.\nGet the Example News app"
    on_site = cleaner.clean_text(text, url="https://example.org/a")
    elsewhere = cleaner.clean_text(text, url="https://other.net/a")
    assert "Get the Example News app" not in on_site["text"]
    assert "rule:example.org/promo" in {r["by"] for r in on_site["removals"]}
    assert "Get the Example News app" in elsewhere["text"]


def test_threads_clean_at_the_same_time_and_agree():
    cleaner = unboil.Cleaner()
    expected = cleaner.clean(PAGE, url="https://example.org/news/1")
    results = []

    def work():
        for _ in range(20):
            results.append(cleaner.clean(PAGE, url="https://example.org/news/1"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 80 and all(r == expected for r in results)


def test_the_record_is_the_line_the_command_writes(tmp_path):
    """The package and `unboil clean --format jsonl` give the same record for the same page."""
    binary = os.environ.get("UNBOIL_BIN")
    if not binary:
        pytest.skip("UNBOIL_BIN is not set to an unboil binary (.ci/run sets it)")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"id": "p1", "url": "https://example.org/news/1", "html": PAGE}) + "\n")
    out = tmp_path / "out.jsonl"
    subprocess.run(
        [binary, "clean", "dump.jsonl", "--format", "jsonl", "-q", "-o", str(out)],
        cwd=tmp_path,
        check=True,
    )
    from_cli = json.loads(out.read_text())
    cwd = os.getcwd()
    os.chdir(tmp_path)  # the same rules/ folder (none) as the command saw
    try:
        from_python = unboil.Cleaner().clean(
            PAGE, url="https://example.org/news/1", id="p1", source="dump.jsonl:1"
        )
    finally:
        os.chdir(cwd)
    assert from_python == from_cli
