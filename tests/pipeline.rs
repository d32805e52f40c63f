//! The streaming pipeline as a program embedding unboil meets it: one page that panics is one
//! failed document and every other page is written; outputs keep input order when asked; every
//! document is accounted for.

use std::path::Path;
use std::sync::{Arc, Mutex};
use unboil::clean::{Chain, Cleaner};
use unboil::config::Format;
use unboil::extract::ExtractOptions;
use unboil::pipeline::{isolate, NoHooks, Pipeline};
use unboil::sink::{ErrorsFile, InputGuard, JsonlSink, TextTreeSink};
use unboil::source::FileSource;
use unboil::{Document, Trail};

/// A cleaner with a bug: it panics on any document that mentions the trigger, as the pre-pass once
/// did on a tag with more than 64 attributes (issue 9).
struct PanicsOnTrigger;

impl Cleaner for PanicsOnTrigger {
    fn name(&self) -> &str {
        "panics_on_trigger"
    }
    fn clean(&self, doc: &mut Document, _trail: &mut Trail) {
        if doc.blocks.iter().any(|b| b.text.contains("TRIGGER")) {
            let v: Vec<u8> = Vec::new();
            let at = doc.blocks.len() + 2;
            panic!(
                "index out of bounds: the len is {} but the index is {at}",
                v.len()
            );
        }
    }
}

fn article(i: usize) -> String {
    format!(
        "Story {i} about the harbour\n\nThe harbour board met on Monday to discuss berth {i}, officials said.\n\nWork on berth {i} starts next spring.\n"
    )
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn a_folder_with_one_page_that_panics_yields_every_other_output_and_names_the_failed_page() {
    isolate::install_panic_hook();
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    for i in 0..40 {
        let text = if i == 17 {
            format!("{}\nTRIGGER\n", article(i))
        } else {
            article(i)
        };
        write(&input.join(format!("p{i:02}.txt")), &text);
    }
    let out = dir.path().join("out");
    let errors_path = dir.path().join("errors.jsonl");
    let errors = Arc::new(Mutex::new(
        ErrorsFile::create(&errors_path).expect("errors"),
    ));
    let pipeline = Pipeline::new(
        ExtractOptions::default(),
        Chain::builtin().then(Box::new(PanicsOnTrigger)),
    )
    .with_workers(3)
    .with_errors(errors);
    let mut sink = TextTreeSink::new(out.clone(), Format::Text, false, InputGuard::default());
    let pages = FileSource::new(vec![input.clone()]).pages();
    let summary = pipeline.run(pages, &mut sink, &mut NoHooks);

    assert_eq!(summary.written, 39);
    assert_eq!(summary.failed.len(), 1, "{:?}", summary.failed);
    let failure = &summary.failed.examples()[0];
    assert!(failure.contains("p17.txt"), "{failure}");
    assert!(failure.contains("index out of bounds"), "{failure}");
    for i in (0..40).filter(|&i| i != 17) {
        let text = std::fs::read_to_string(out.join(format!("p{i:02}.txt"))).expect("output");
        assert!(text.contains(&format!("berth {i}")), "{text}");
    }
    assert!(!out.join("p17.txt").exists());
    let errors = std::fs::read_to_string(&errors_path).expect("errors file");
    let line: serde_json::Value = serde_json::from_str(errors.trim()).expect("one JSON line");
    assert_eq!(line["id"], "p17");
    assert_eq!(line["kind"], "failed");
    assert!(line["source"]
        .as_str()
        .is_some_and(|s| s.ends_with("p17.txt")));
    assert!(line["reason"]
        .as_str()
        .is_some_and(|r| r.contains("index out of bounds")));
}

#[test]
fn ordered_output_keeps_the_input_order_on_many_workers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    for i in 0..300 {
        // Pages of very different sizes, so that workers finish out of order.
        let mut text = article(i);
        for _ in 0..(i * 7919) % 40 {
            text.push_str(&format!(
                "\nMore about berth {i} and the tides of the harbour.\n"
            ));
        }
        write(&input.join(format!("p{i:03}.txt")), &text);
    }
    let out = dir.path().join("all.jsonl");
    let pipeline = Pipeline::new(ExtractOptions::default(), Chain::builtin())
        .with_workers(4)
        .ordered(true);
    let mut sink = JsonlSink::open(&out).expect("sink");
    let summary = pipeline.run(
        FileSource::new(vec![input]).pages(),
        &mut sink,
        &mut NoHooks,
    );
    assert_eq!(summary.written, 300);
    let ids: Vec<String> = std::fs::read_to_string(&out)
        .expect("read")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            v["id"].as_str().expect("id").to_string()
        })
        .collect();
    let want: Vec<String> = (0..300).map(|i| format!("p{i:03}")).collect();
    assert_eq!(ids, want);
}

#[test]
fn one_worker_and_four_write_the_same_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    for i in 0..60 {
        write(&input.join(format!("p{i:02}.txt")), &article(i));
    }
    let run = |workers: usize, out: &Path| {
        let pipeline =
            Pipeline::new(ExtractOptions::default(), Chain::builtin()).with_workers(workers);
        let mut sink = TextTreeSink::new(
            out.to_path_buf(),
            Format::Text,
            false,
            InputGuard::default(),
        );
        pipeline.run(
            FileSource::new(vec![input.clone()]).pages(),
            &mut sink,
            &mut NoHooks,
        )
    };
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(run(1, &a).written, 60);
    assert_eq!(run(4, &b).written, 60);
    for i in 0..60 {
        let name = format!("p{i:02}.txt");
        assert_eq!(
            std::fs::read_to_string(a.join(&name)).expect("a"),
            std::fs::read_to_string(b.join(&name)).expect("b"),
            "{name}"
        );
    }
}

#[test]
fn a_source_that_panics_is_one_failure_and_what_it_read_before_is_written() {
    isolate::install_panic_hook();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut n = 0;
    let pages: unboil::source::Pages = Box::new(std::iter::from_fn(move || {
        n += 1;
        if n == 4 {
            panic!("a reader bug at record {n}");
        }
        let origin = unboil::source::Origin::File(format!("p{n}.txt").into());
        let mut page =
            unboil::source::RawPage::new(format!("p{n}"), origin, article(n).into_bytes());
        page.content_type = Some("text/plain".into());
        Some(Ok(page))
    }));
    let out = dir.path().join("out");
    let mut sink = TextTreeSink::new(out.clone(), Format::Text, false, InputGuard::default());
    let summary = Pipeline::new(ExtractOptions::default(), Chain::builtin())
        .with_workers(2)
        .run(pages, &mut sink, &mut NoHooks);
    assert_eq!(summary.written, 3);
    assert_eq!(summary.failed.len(), 1);
    assert!(
        summary.failed.examples()[0].contains("a reader bug at record 4"),
        "{:?}",
        summary.failed
    );
    assert!(out.join("p3.txt").exists());
}
