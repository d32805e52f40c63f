//! Measures HTML extraction on a folder of pages: one thread, pages read into memory first, only
//! `unboil::extract::extract` timed. Writes `<id>.txt` for `score.py`.
//!
//! cargo run --release --example aeb_extract -- /work/shared/bench/aeb/pages /tmp/aeb-out [focus]

use std::time::Instant;
use unboil::extract::{extract, ExtractOptions, Focus};
use unboil::source::{Origin, RawPage};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let pages_dir = args
        .next()
        .unwrap_or_else(|| "/work/shared/bench/aeb/pages".into());
    let out_dir = args.next().unwrap_or_else(|| "/tmp/aeb-out".into());
    let focus = match args.next().as_deref() {
        Some("precision") => Focus::Precision,
        Some("recall") => Focus::Recall,
        _ => Focus::Balanced,
    };
    let opts = ExtractOptions {
        focus,
        on_no_article: unboil::extract::NoArticle::Keep,
        ..ExtractOptions::default()
    };
    std::fs::create_dir_all(&out_dir)?;
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(&pages_dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "html") {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut page = RawPage::new(id, Origin::File(path.clone()), std::fs::read(&path)?);
            page.content_type = Some("text/html".into());
            pages.push(page);
        }
    }
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    let bytes: usize = pages.iter().map(|p| p.body.len()).sum();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let mut best = f64::MAX;
    let mut texts = Vec::new();
    for _ in 0..rounds {
        texts.clear();
        let start = Instant::now();
        for page in &pages {
            let doc = extract(page, &opts);
            texts.push(doc.map(|d| (d.text(), d.flags)).unwrap_or_default());
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let mut flagged = (0, 0);
    for (page, (text, flags)) in pages.iter().zip(&texts) {
        std::fs::write(format!("{out_dir}/{}.txt", page.id), text)?;
        if flags.contains(&unboil::Flag::Paywalled) {
            flagged.0 += 1;
            eprintln!("paywalled: {}", page.id);
        }
        if flags.contains(&unboil::Flag::LowConfidence) {
            flagged.1 += 1;
            eprintln!("low confidence: {}", page.id);
        }
    }
    println!(
        "{} pages, {:.2} MB in {:.3} s: {:.1} MB/s, {:.0} docs/s; paywalled {}, low confidence {}",
        pages.len(),
        bytes as f64 / 1e6,
        best,
        bytes as f64 / 1e6 / best,
        pages.len() as f64 / best,
        flagged.0,
        flagged.1
    );
    Ok(())
}
