//! The invariants of cleaning, checked on generated documents built from article sentences and
//! boilerplate lines: cleaning only removes (output words are a subsequence of input words), is
//! idempotent, and never panics.

use proptest::prelude::*;
use std::sync::OnceLock;
use unboil::clean::Chain;
use unboil::extract::{ExtractError, ExtractOptions};
use unboil::pipeline::Pipeline;
use unboil::source::{Origin, RawPage};

const LINES: &[&str] = &[
    "The ministers met in Vilnius on Monday to discuss the summit.",
    "Previous Article",
    "Next Article",
    "Related articles",
    "A Short Title Of Another Story",
    "No time to read?",
    "Get a summary",
    "Leave a Comment",
    "12 Comments",
    "Advertisement",
    "5 min read",
    "Share: Facebook | Twitter",
    "© 2024 Example News. All rights reserved.",
    "Source: Reuters",
    "He said the plan would change. (DEA News)",
    "Comments from the minister drew criticism.",
    "In a previous article we covered the talks.",
    "Attribution: agency reports.",
    "  spaced   out\ttext  ",
    "",
    "Читайте також",
    "Официальные лица обсудили поставки. (УНИАН)",
];

fn clean(text: &str) -> String {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    let pipeline =
        PIPELINE.get_or_init(|| Pipeline::new(ExtractOptions::default(), Chain::builtin()));
    let page = RawPage::new("p", Origin::Stdin, text.as_bytes().to_vec());
    match pipeline.clean_page(&page) {
        Ok(c) => c.doc.text(),
        // Everything was boilerplate (or blank): the only error cleaning can give.
        Err(ExtractError::NoArticle { .. }) => String::new(),
    }
}

fn clean_html(lines: &[String]) -> String {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    let pipeline =
        PIPELINE.get_or_init(|| Pipeline::new(ExtractOptions::default(), Chain::builtin()));
    let mut html = String::from("<html><body><article>");
    for l in lines {
        html.push_str("<p>");
        html.push_str(&l.replace('&', "&amp;").replace('<', "&lt;"));
        html.push_str("</p>");
    }
    html.push_str("</article></body></html>");
    let mut page = RawPage::new("p", Origin::Stdin, html.into_bytes());
    page.content_type = Some("text/html".into());
    match pipeline.clean_page(&page) {
        Ok(c) => c.doc.text(),
        Err(ExtractError::NoArticle { .. }) => String::new(),
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_subsequence(small: &[String], big: &[String]) -> bool {
    let mut it = big.iter();
    small.iter().all(|w| it.any(|b| b == w))
}

fn document() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => proptest::sample::select(LINES).prop_map(str::to_string),
        1 => "[A-Za-z ,.()?:]{0,60}",
    ];
    (proptest::collection::vec(line, 0..24), any::<bool>())
        .prop_map(|(lines, blank)| lines.join(if blank { "\n\n" } else { "\n" }))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn cleaning_only_removes(doc in document()) {
        let out = clean(&doc);
        prop_assert!(is_subsequence(&words(&out), &words(&doc)), "output:\n{}\ninput:\n{}", out, doc);
    }

    #[test]
    fn cleaning_is_idempotent(doc in document()) {
        let once = clean(&doc);
        let twice = clean(&once);
        prop_assert_eq!(&once, &twice, "input:\n{}", doc);
    }

    #[test]
    fn html_extraction_and_cleaning_only_remove(lines in proptest::collection::vec(
        proptest::sample::select(LINES).prop_map(str::to_string), 0..20)) {
        let out = clean_html(&lines);
        let input = lines.join("\n");
        prop_assert!(is_subsequence(&words(&out), &words(&input)), "output:\n{}\ninput:\n{}", out, input);
    }

    #[test]
    fn arbitrary_text_never_panics_and_only_removes(doc in "\\PC{0,400}") {
        let out = clean(&doc);
        prop_assert!(is_subsequence(&words(&out), &words(&doc)), "output:\n{}\ninput:\n{}", out, doc);
    }
}
