//! `unboil learn`: propose a rule file per site from what recurs across its pages, or from what a
//! job with `learn = true` has learned. Prints what the rules would remove; applies nothing.

use super::{ConfigArg, Outcome};
use anyhow::Context;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use unboil::learn::guard::reads_as_prose;
use unboil::learn::summary::{candidates, Place};
use unboil::learn::{propose, rule_file, Guard, HostSummary, Proposal};
use unboil::pipeline::Pipeline;
use unboil::source::RawPage;
use unboil::Document;

/// Arguments of `unboil learn`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Pages of one or more sites: files, folders, JSONL or WARC dumps.
    #[arg(value_name = "INPUT", required_unless_present = "from_state")]
    inputs: Vec<PathBuf>,
    /// Treat every page as coming from this site (pages without URLs, or one site's dump).
    #[arg(long, value_name = "HOST")]
    site: Option<String>,
    /// Write the rule file here (a folder when there are several sites) [default: stdout].
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Write what the job JOB has learned (it has `learn = true`) instead of reading pages.
    #[arg(long, value_name = "JOB", conflicts_with = "inputs")]
    from_state: Option<String>,
    /// The fewest distinct pages a pattern must be seen on.
    #[arg(long, default_value_t = Guard::default().min_pages)]
    min_pages: usize,
    /// The smallest share of a site's pages a pattern must be seen on.
    #[arg(long, default_value_t = Guard::default().min_share)]
    min_share: f64,
    #[command(flatten)]
    read: super::inputs::ReadArgs,
    #[command(flatten)]
    config: ConfigArg,
}

/// Runs `unboil learn`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = args.config.load()?;
    let guard = Guard {
        min_pages: args.min_pages.max(2),
        min_share: args.min_share,
        ..Guard::default()
    };
    let mut files: Vec<(String, String)> = Vec::new();
    if let Some(job_name) = &args.from_state {
        let job = config
            .job(job_name)
            .with_context(|| format!("no job named {job_name:?} in the configuration"))?;
        let path = super::job::state_path(&config, job);
        let reader =
            unboil::state::StateReader::open(&path).with_context(|| format!("job {job_name}"))?;
        let hosts = reader.learned(job_name)?;
        if hosts.is_empty() {
            anyhow::bail!(
                "job {job_name} has learned nothing yet: set `learn = true` on it and run it"
            );
        }
        let mut hosts: Vec<_> = hosts.into_iter().collect();
        hosts.sort_by(|a, b| a.0.cmp(&b.0));
        for (host, summary) in hosts {
            let (proposals, _) = propose(&summary, &guard);
            let sentence = one_off_sentence(&summary);
            report(&host, summary.pages, &proposals, None);
            if proposals.is_empty() {
                continue;
            }
            files.push((
                host.clone(),
                rule_file::render(&host, summary.pages, &proposals, sentence.as_deref()),
            ));
        }
    } else {
        let pipeline = Pipeline::from_config(&config)?.with_site(args.site.clone());
        let pages: Vec<RawPage> =
            super::inputs::PageSources::new(&args.inputs, &config.input, &config.fetch, &args.read)
                .pages()?
                .filter_map(|p| match p {
                    Ok(p) => Some(p),
                    Err(e) => {
                        eprintln!("unboil: {e}");
                        None
                    }
                })
                .collect();
        let docs: Vec<Document> = pages
            .iter()
            .filter_map(|p| pipeline.clean_page(p).ok().map(|c| c.doc))
            .collect();
        let mut by_host: BTreeMap<String, Vec<Document>> = BTreeMap::new();
        for mut doc in docs {
            if doc.url.is_none() {
                doc.site = args.site.clone();
            }
            let host = args.site.clone().or_else(|| doc.host());
            match host {
                Some(h) => by_host.entry(h).or_default().push(doc),
                None => eprintln!("unboil: {}: no URL, so no site; give --site", doc.source),
            }
        }
        for (host, docs) in &by_host {
            if docs.len() < guard.min_pages {
                eprintln!(
                    "{host}: {} page{}, fewer than --min-pages {}: nothing to learn",
                    docs.len(),
                    if docs.len() == 1 { "" } else { "s" },
                    guard.min_pages
                );
                continue;
            }
            let mut summary = HostSummary::default();
            for d in docs {
                summary.observe(&candidates(d));
            }
            let (proposals, _) = propose(&summary, &guard);
            let sentence = one_off_sentence(&summary);
            report(host, summary.pages, &proposals, Some(docs));
            if proposals.is_empty() {
                continue;
            }
            files.push((
                host.clone(),
                rule_file::render(host, summary.pages, &proposals, sentence.as_deref()),
            ));
        }
    }
    write(&files, args.output.as_deref())?;
    Ok(Outcome::Clean)
}

/// Prints what the proposals would remove (to stderr, so stdout can be the rule file).
fn report(host: &str, pages: u64, proposals: &[Proposal], docs: Option<&[Document]>) {
    eprintln!(
        "{host}: {pages} pages, {} rule{} proposed",
        proposals.len(),
        if proposals.len() == 1 { "" } else { "s" }
    );
    for p in proposals {
        eprintln!(
            "  {:?} on {} pages: {}",
            p.pattern.place,
            p.pattern.pages,
            p.pattern.example.chars().take(90).collect::<String>()
        );
    }
    if let Some(docs) = docs {
        let keys: HashMap<u64, ()> = proposals.iter().map(|p| (p.pattern.key(), ())).collect();
        let (mut removed, mut total) = (0usize, 0usize);
        for d in docs {
            total += d
                .blocks
                .iter()
                .map(|b| b.text.chars().count())
                .sum::<usize>();
            // A block a rule drops counts once, whatever else matched in it.
            let mut counted: HashMap<usize, usize> = HashMap::new();
            for c in candidates(d).iter().filter(|c| keys.contains_key(&c.key())) {
                let n = c.text.chars().count();
                let e = counted.entry(c.block).or_insert(0);
                *e = if c.place == Place::Block {
                    n
                } else {
                    (*e).max(n)
                };
            }
            removed += counted.values().sum::<usize>();
        }
        let n = docs.len().max(1);
        eprintln!(
            "  removes {} characters a page on average ({:.1}% of the text)",
            removed / n,
            100.0 * removed as f64 / total.max(1) as f64
        );
    }
}

/// An article sentence of the host for the tests: a whole block seen on one page only that
/// reads as prose, the shortest such.
fn one_off_sentence(summary: &HostSummary) -> Option<String> {
    summary
        .patterns
        .values()
        .filter(|p| p.place == Place::Block && p.pages == 1 && reads_as_prose(&p.example))
        .filter(|p| p.example.chars().count() < 300)
        .min_by_key(|p| (p.example.len(), p.example.clone()))
        .map(|p| p.example.clone())
}

fn write(files: &[(String, String)], output: Option<&Path>) -> anyhow::Result<()> {
    match output {
        None => {
            for (_, text) in files {
                println!("{text}");
            }
        }
        Some(out) if files.len() == 1 && !out.is_dir() => {
            std::fs::write(out, &files[0].1)
                .with_context(|| format!("{}: cannot write", out.display()))?;
            eprintln!("wrote {}", out.display());
        }
        Some(_) if files.is_empty() => eprintln!("no rule proposed: nothing written"),
        Some(out) => {
            if out.extension().is_some_and(|e| e == "toml") {
                anyhow::bail!(
                    "{} sites were learned; give -o a folder to write one rule file per site",
                    files.len()
                );
            }
            std::fs::create_dir_all(out)
                .with_context(|| format!("{}: cannot create", out.display()))?;
            for (host, text) in files {
                let path = out.join(format!("{host}.toml"));
                std::fs::write(&path, text)
                    .with_context(|| format!("{}: cannot write", path.display()))?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(())
}

/// `unboil status`'s lines for a job's learning: per host, the pages seen, the patterns that have
/// reached the guard's page count, and the blocks removed so far.
pub fn print_learned(learned: &HashMap<String, HostSummary>) {
    let guard = Guard::default();
    let mut hosts: Vec<_> = learned.iter().collect();
    hosts.sort_by(|a, b| a.0.cmp(b.0));
    for (host, s) in hosts {
        let patterns = s
            .patterns
            .values()
            .filter(|p| p.pages as usize >= guard.min_pages)
            .count();
        println!(
            "  learned:{host}  {} pages seen, {patterns} template block{} learned, {} removed",
            s.pages,
            if patterns == 1 { "" } else { "s" },
            s.removed
        );
    }
}
