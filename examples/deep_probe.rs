//! Times extraction of a page nested N deep, to watch for quadratic behaviour.
//!
//! cargo run --release --example deep_probe -- 50000 div

use std::time::Instant;
use unboil::extract::{extract, ExtractOptions, NoArticle};
use unboil::source::{Origin, RawPage};

fn main() {
    let mut args = std::env::args().skip(1);
    let depth: usize = args.next().and_then(|d| d.parse().ok()).unwrap_or(10_000);
    let tag = args.next().unwrap_or_else(|| "div".into());
    let mut html = String::from("<html><body>");
    for _ in 0..depth {
        html.push_str(&format!("<{tag}>"));
    }
    html.push_str("<p>A sentence of prose at the bottom of a very deep tree, long enough.</p>");
    let mut page = RawPage::new("deep", Origin::Stdin, html.into_bytes());
    page.content_type = Some("text/html".into());
    let opts = ExtractOptions {
        on_no_article: NoArticle::Keep,
        ..ExtractOptions::default()
    };
    let start = Instant::now();
    let doc = extract(&page, &opts);
    println!(
        "{depth} x <{tag}>: {:.2} s, {} blocks",
        start.elapsed().as_secs_f64(),
        doc.map(|d| d.blocks.len()).unwrap_or(0)
    );
}
