//! A host's proposals as a rule file to review: one `[[rule]]` per pattern, each with a comment
//! saying what it removes, on how many pages, and why it passed the guard, and `[[tests]]` made of
//! real text: the pattern as it appeared, which must go, and an article sentence from the same
//! site, which must stay.

use super::propose::Proposal;
use super::summary::Place;
use crate::rules::Action;

/// The rule file for `host`, learned from `host_pages` pages. `sentence` is an article sentence of
/// the host (seen on one page only) for the tests.
pub fn render(
    host: &str,
    host_pages: u64,
    proposals: &[Proposal],
    sentence: Option<&str>,
) -> String {
    let mut out = format!(
        "# Learned by `unboil learn` from {host_pages} pages of {host}: text that recurs across the\n\
         # site's pages while the articles change. Review each rule (delete what is article text),\n\
         # then move this file into rules/; nothing here applies until then.\n\n\
         name = {}\nsites = [{}]\n",
        quote(&format!("learned-{host}")),
        quote(host)
    );
    for (i, p) in proposals.iter().enumerate() {
        let name = rule_name(p, i);
        out.push_str(&format!(
            "\n# {}: {}\n# removes about {} characters a page; example: {}\n[[rule]]\nname = {}\n",
            action_name(p.action),
            p.reason,
            p.pattern.example.chars().count() as u64 * p.pattern.pages / host_pages.max(1),
            one_line(&p.pattern.example),
            quote(&name)
        ));
        match (&p.phrase, &p.regex) {
            (Some(phrase), _) => out.push_str(&format!("phrase = {}\n", quote(phrase))),
            (None, Some(re)) => out.push_str(&format!("regex = {}\n", quote(re))),
            (None, None) => {}
        }
        out.push_str(&format!("action = \"{}\"\n", action_name(p.action)));
    }
    if let Some(sentence) = sentence {
        for (i, p) in proposals.iter().enumerate() {
            let example = p.pattern.example.trim();
            let text = match p.pattern.place {
                Place::Block => format!("{sentence}\n\n{example}"),
                Place::Prefix => format!("{example} {sentence}"),
                Place::Suffix => format!("{sentence} {example}"),
            };
            out.push_str(&format!(
                "\n[[tests]]\nname = {}\ntext = {}\ncontains = [{}]\n",
                quote(&format!("{} goes, the article stays", rule_name(p, i))),
                quote(&text),
                quote(sentence.trim_end_matches(['.', '!', '?']))
            ));
            if !sentence.contains(example) {
                out.push_str(&format!("not_contains = [{}]\n", quote(example)));
            }
        }
    }
    out
}

fn rule_name(p: &Proposal, i: usize) -> String {
    let place = match p.pattern.place {
        Place::Block => "block",
        Place::Prefix => "prefix",
        Place::Suffix => "suffix",
    };
    format!("{place}-{}", i + 1)
}

fn action_name(a: Action) -> &'static str {
    match a {
        Action::StripPrefix => "strip_prefix",
        Action::StripSuffix => "strip_suffix",
        _ => "drop_block",
    }
}

fn one_line(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 100 {
        format!("{}…", s.chars().take(100).collect::<String>())
    } else {
        s
    }
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}
