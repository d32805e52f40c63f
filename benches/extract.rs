//! The extraction benchmark: unboil and two known peers (dom_smoothie, a Readability port, and
//! rs-trafilatura, the strongest open extractor on WCXB) over the same pages, in one run, so that
//! every number comes with its ratios to the peers.
//!
//! ```text
//! cargo bench --bench extract                      # AEB and WCXB-dev under ../shared/bench
//! cargo bench --bench extract -- --set aeb=../shared/bench/aeb/pages,../shared/bench/aeb/truth.jsonl
//! ```
//!
//! How it measures, and why:
//! - Every run of a tool is a child process of its own (this binary again, with `--only TOOL`), so
//!   that the peak memory it reports (VmHWM) belongs to that tool alone. Runs alternate between the
//!   tools, so that a change in the machine's load falls on all alike; the fastest run counts.
//! - A child loads every page into memory first (gunzipping `.html.gz` pages): file reads are not
//!   timed. It then runs the tool on one thread over all pages; only the extraction calls are timed
//!   (charset decoding and HTML parsing included, as both are part of the tool's work). Rates come
//!   from the thread's CPU time (Linux schedstat), which other builds on a shared machine disturb
//!   far less than wall time; wall time is printed beside it.
//! - The first run's outputs are written as `<id>.txt` predictions, outside the timed calls, and the
//!   parent scores each tool's folder with the project's `score.py` (per page type where the truth
//!   has one), so quality is judged exactly as everywhere else in the project.
//!
//! A page on which a tool fails (an error or a panic) yields an empty prediction, which scores zero.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Read as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser;
use serde::{Deserialize, Serialize};
use unboil::extract::{extract, ExtractOptions};
use unboil::source::{Origin, RawPage};

/// The tools the benchmark knows, in the order they run and are printed.
const TOOLS: [Tool; 3] = [Tool::Unboil, Tool::DomSmoothie, Tool::RsTrafilatura];

/// The peers unboil is compared with, each on its own ratio line.
const PEERS: [Tool; 2] = [Tool::DomSmoothie, Tool::RsTrafilatura];

/// The sets `cargo bench` runs when given none: (name, folder under ../shared/bench).
const DEFAULT_SETS: [&str; 2] = ["aeb", "wcxb-dev"];

#[derive(Parser, Debug)]
#[command(
    about = "Throughput, peak memory and extraction quality of unboil next to dom_smoothie and rs-trafilatura"
)]
struct Args {
    /// A set of pages to run over, as `NAME=PAGES_DIR,TRUTH_FILE` (repeatable) [default with
    /// `cargo bench`: aeb and wcxb-dev under ../shared/bench].
    #[arg(long = "set", value_name = "NAME=PAGES_DIR,TRUTH_FILE")]
    sets: Vec<String>,
    /// One folder of `<id>.html` / `<id>.html.gz` pages (read recursively), instead of `--set`.
    #[arg(long)]
    pages: Option<PathBuf>,
    /// The JSONL truth file (`id`, `article_body`, optional `url`, `page_type`) for `--pages`;
    /// without it no scores are printed.
    #[arg(long)]
    truth: Option<PathBuf>,
    /// The scorer every result is judged by [default: `score.py` two folders above the truth file,
    /// as in `shared/bench/aeb/truth.jsonl`, else ../shared/bench/score.py].
    #[arg(long)]
    score: Option<PathBuf>,
    /// The Python interpreter that runs the scorer.
    #[arg(long, default_value = "python3")]
    python: String,
    /// Timed runs per tool; the fastest counts.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Keep the predictions in this folder (`<DIR>/<set>/<tool>/<id>.txt`) instead of a temporary one.
    #[arg(long)]
    keep: Option<PathBuf>,
    /// Run one tool in this process and print its measurements as JSON (the parent uses this).
    #[arg(long, value_enum)]
    only: Option<Tool>,
    /// Where a child writes its predictions (set by the parent together with `--only`).
    #[arg(long, requires = "only")]
    pred: Option<PathBuf>,
    /// Passed by `cargo bench` to every bench binary; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
enum Tool {
    Unboil,
    DomSmoothie,
    RsTrafilatura,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Unboil => "unboil",
            Tool::DomSmoothie => "dom_smoothie",
            Tool::RsTrafilatura => "rs_trafilatura",
        }
    }
}

/// One set of pages with its truth, measured and reported on its own.
struct Set {
    name: String,
    pages: PathBuf,
    truth: Option<PathBuf>,
}

/// What a child reports back to the parent, one JSON object on stdout.
#[derive(Serialize, Deserialize, Debug)]
struct Measured {
    tool: Tool,
    docs: usize,
    bytes: u64,
    /// Seconds of the fastest run, extraction calls only.
    best_secs: f64,
    /// Seconds of every run, to show the spread.
    run_secs: Vec<f64>,
    /// CPU seconds of the benchmark thread over the fastest run's loop, where the kernel tells
    /// (Linux schedstat): unlike wall time, it does not grow when other work shares the machine.
    best_cpu_secs: Option<f64>,
    /// CPU seconds of every run.
    cpu_secs: Vec<f64>,
    /// Pages on which the tool gave an error (written as empty predictions).
    errors: usize,
    /// Peak resident memory of the child, in KiB (VmHWM), corpus in memory included.
    peak_kib: u64,
    /// Resident memory once the corpus was loaded, before any extraction, in KiB.
    loaded_kib: u64,
}

/// The scorer's summary (`score.py --json`).
#[derive(Deserialize, Debug)]
struct Scores {
    precision: f64,
    recall: f64,
    f1: f64,
    empty_or_missing: usize,
    /// Means per page type (`--by page_type`), where the truth has page types.
    #[serde(default)]
    by: BTreeMap<String, Group>,
}

/// The scorer's means over one page type.
#[derive(Deserialize, Debug)]
struct Group {
    docs: usize,
    f1: f64,
}

/// One truth record, as the parent needs it.
#[derive(Deserialize)]
struct Truth {
    id: String,
    #[serde(default)]
    article_body: String,
    page_type: Option<String>,
}

/// What the parent reports for one tool on one set.
struct Row {
    m: Measured,
    scores: Option<Scores>,
    /// Pages with an empty prediction whose truth has text.
    empty_with_text: Option<usize>,
}

/// One page, loaded before anything is timed.
struct Page {
    id: String,
    url: Option<String>,
    raw: RawPage,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.sets.is_empty() && args.pages.is_none() && !args.bench {
        // `cargo test --benches` runs this without arguments: there is nothing to test here.
        eprintln!(
            "extract: a benchmark; run it with `cargo bench --bench extract [-- --set NAME=PAGES_DIR,TRUTH_FILE]`"
        );
        return ExitCode::SUCCESS;
    }
    let outcome = match args.only {
        Some(tool) => child(&args, tool),
        None => sets(&args).and_then(|sets| parent(&args, &sets)),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("extract: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// The pages folder, which every child needs.
fn pages(args: &Args) -> Result<&Path> {
    args.pages
        .as_deref()
        .context("give the folder of pages with --pages DIR")
}

/// The sets to run: every `--set`, else `--pages`/`--truth`, else those under ../shared/bench.
fn sets(args: &Args) -> Result<Vec<Set>> {
    let mut sets = Vec::new();
    for spec in &args.sets {
        let (name, paths) = spec
            .split_once('=')
            .with_context(|| format!("--set {spec}: write it as NAME=PAGES_DIR,TRUTH_FILE"))?;
        let (pages, truth) = match paths.split_once(',') {
            Some((p, t)) => (PathBuf::from(p), Some(PathBuf::from(t))),
            None => (PathBuf::from(paths), None),
        };
        if name.is_empty() || name.contains('/') {
            bail!("--set {spec}: the name must be non-empty and without '/'");
        }
        sets.push(Set {
            name: name.to_string(),
            pages,
            truth,
        });
    }
    if let Some(pages) = &args.pages {
        // A folder named `pages` is named after the folder that holds it (aeb/pages → aeb).
        let named = if pages.file_name().is_some_and(|n| n == "pages") {
            pages.parent().unwrap_or(pages)
        } else {
            pages.as_path()
        };
        let name = named
            .file_name()
            .map_or_else(|| "pages".into(), |n| n.to_string_lossy().into_owned());
        sets.push(Set {
            name,
            pages: pages.clone(),
            truth: args.truth.clone(),
        });
    }
    if sets.is_empty() {
        let root = Path::new("../shared/bench");
        for name in DEFAULT_SETS {
            let dir = root.join(name);
            let (pages, truth) = (dir.join("pages"), dir.join("truth.jsonl"));
            if pages.is_dir() && truth.is_file() {
                sets.push(Set {
                    name: name.to_string(),
                    pages,
                    truth: Some(truth),
                });
            } else {
                eprintln!("extract: {} not found, skipped", dir.display());
            }
        }
        if sets.is_empty() {
            bail!(
                "no sets under {} (give one with --set NAME=PAGES_DIR,TRUTH_FILE)",
                root.display()
            );
        }
    }
    for set in &sets {
        if !set.pages.is_dir() {
            bail!(
                "set {}: pages folder {} not found",
                set.name,
                set.pages.display()
            );
        }
        if let Some(truth) = &set.truth {
            if !truth.is_file() {
                bail!("set {}: truth file {} not found", set.name, truth.display());
            }
            let scorer = scorer(args, truth);
            if !scorer.is_file() {
                bail!(
                    "scorer {} not found (give its path with --score)",
                    scorer.display()
                );
            }
        }
    }
    Ok(sets)
}

/// Runs every set in turn and prints one report per set.
fn parent(args: &Args, sets: &[Set]) -> Result<()> {
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let temp;
    let pred_root = match &args.keep {
        Some(dir) => dir.clone(),
        None => {
            temp =
                tempfile::tempdir().context("cannot create a temporary folder for predictions")?;
            temp.path().to_path_buf()
        }
    };
    let exe = std::env::current_exe().context("cannot find this benchmark's own executable")?;
    for (n, set) in sets.iter().enumerate() {
        let rows = run_set(args, &exe, set, &pred_root.join(&set.name))?;
        if n > 0 {
            println!();
        }
        print!("{}", report(args, set, &rows));
    }
    if let Some(dir) = &args.keep {
        eprintln!(
            "extract: predictions kept in {}/<set>/<tool>/",
            dir.display()
        );
    }
    Ok(())
}

/// Runs each tool over one set in child processes and scores its predictions.
fn run_set(args: &Args, exe: &Path, set: &Set, pred_root: &Path) -> Result<Vec<Row>> {
    // Rounds alternate the tools (unboil, dom_smoothie, rs_trafilatura, unboil, …), one child
    // process per run, so that a change in the machine's load falls on all tools alike.
    let mut measured: Vec<Option<Measured>> = TOOLS.iter().map(|_| None).collect();
    for round in 0..args.runs {
        for (i, tool) in TOOLS.into_iter().enumerate() {
            eprintln!(
                "extract: {}: {} run {}/{}",
                set.name,
                tool.name(),
                round + 1,
                args.runs
            );
            let pred = pred_root.join(tool.name());
            // Predictions are written once, by the first run.
            let pred = (round == 0).then_some(pred.as_path());
            let m = run_child(exe, set, tool, pred)?;
            measured[i] = Some(match measured[i].take() {
                None => m,
                Some(acc) => merge(acc, m),
            });
        }
    }
    let truth = match &set.truth {
        Some(t) => Some(read_truth(t)?),
        None => None,
    };
    let by_type = truth
        .as_ref()
        .is_some_and(|t| t.iter().any(|r| r.page_type.is_some()));
    let mut rows = Vec::new();
    for (tool, m) in TOOLS.into_iter().zip(measured) {
        let Some(m) = m else { continue };
        let pred = pred_root.join(tool.name());
        let scores = match &set.truth {
            Some(t) => Some(score(args, t, &pred, by_type)?),
            None => None,
        };
        let empty_with_text = truth.as_ref().map(|t| empty_where_text(t, &pred));
        rows.push(Row {
            m,
            scores,
            empty_with_text,
        });
    }
    Ok(rows)
}

/// Runs `tool` once over every page of `set` in a child process and reads back its measurements.
fn run_child(exe: &Path, set: &Set, tool: Tool, pred: Option<&Path>) -> Result<Measured> {
    let mut cmd = Command::new(exe);
    cmd.arg("--pages")
        .arg(&set.pages)
        .arg("--runs")
        .arg("1")
        .arg("--only")
        .arg(tool.name());
    if let Some(pred) = pred {
        std::fs::create_dir_all(pred)
            .with_context(|| format!("cannot create {}", pred.display()))?;
        cmd.arg("--pred").arg(pred);
    }
    if let Some(truth) = &set.truth {
        cmd.arg("--truth").arg(truth);
    }
    let out = cmd
        .output()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    if !out.status.success() {
        bail!(
            "{} on {} failed ({}): {}",
            tool.name(),
            set.name,
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    serde_json::from_slice(&out.stdout)
        .with_context(|| format!("{} on {} printed no measurements", tool.name(), set.name))
}

/// Two runs of one tool as one: the faster time, the higher memory peak, the first run's errors.
fn merge(acc: Measured, next: Measured) -> Measured {
    let mut run_secs = acc.run_secs;
    run_secs.extend(next.run_secs);
    let mut cpu_secs = acc.cpu_secs;
    cpu_secs.extend(next.cpu_secs);
    let best_cpu_secs = match (acc.best_cpu_secs, next.best_cpu_secs) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Measured {
        best_secs: acc.best_secs.min(next.best_secs),
        best_cpu_secs,
        run_secs,
        cpu_secs,
        peak_kib: acc.peak_kib.max(next.peak_kib),
        loaded_kib: acc.loaded_kib.max(next.loaded_kib),
        ..acc
    }
}

/// The scorer: `--score`, else the `score.py` that lives beside the benchmark corpus.
fn scorer(args: &Args, truth: &Path) -> PathBuf {
    if let Some(s) = &args.score {
        return s.clone();
    }
    truth
        .parent()
        .and_then(Path::parent)
        .map(|bench| bench.join("score.py"))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("../shared/bench/score.py"))
}

/// Scores one tool's predictions with the project's scorer, per page type when `by_type`.
fn score(args: &Args, truth: &Path, pred: &Path, by_type: bool) -> Result<Scores> {
    let scorer = scorer(args, truth);
    let mut cmd = Command::new(&args.python);
    cmd.arg(&scorer)
        .arg("--truth")
        .arg(truth)
        .arg("--pred")
        .arg(pred)
        .arg("--json");
    if by_type {
        cmd.arg("--by").arg("page_type");
    }
    let out = cmd
        .output()
        .with_context(|| format!("cannot run {} {}", args.python, scorer.display()))?;
    if !out.status.success() {
        bail!(
            "scorer failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    serde_json::from_slice(&out.stdout).context("the scorer printed no JSON summary")
}

/// Every record of a truth file.
fn read_truth(path: &Path) -> Result<Vec<Truth>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .with_context(|| format!("{}:{}: not a truth record", path.display(), n + 1))
        })
        .collect()
}

/// Pages whose prediction is empty or missing while the truth has text: the misses that hurt most.
fn empty_where_text(truth: &[Truth], pred: &Path) -> usize {
    truth
        .iter()
        .filter(|t| !t.article_body.trim().is_empty())
        .filter(|t| {
            std::fs::read_to_string(pred.join(format!("{}.txt", t.id)))
                .map_or(true, |p| p.trim().is_empty())
        })
        .count()
}

/// The report of one set: where and on what it ran, one row per tool, F1 per page type, and the
/// ratios of unboil to each peer.
fn report(args: &Args, set: &Set, rows: &[Row]) -> String {
    let mut s = String::new();
    let (docs, bytes) = rows.first().map_or((0, 0), |r| (r.m.docs, r.m.bytes));
    let _ = writeln!(s, "## set {}", set.name);
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "date:    {}",
        command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
    );
    let _ = writeln!(s, "commit:  {}", commit());
    let _ = writeln!(
        s,
        "corpus:  {} ({docs} pages, {:.2} MB of HTML once unzipped){}",
        set.pages.display(),
        bytes as f64 / 1e6,
        set.truth
            .as_ref()
            .map(|t| format!(", truth {}", t.display()))
            .unwrap_or_default()
    );
    // The load average tells a reader whether other work shared the machine during the run.
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into());
    let _ = writeln!(
        s,
        "machine: {} cores, {}, load average {load} at the end",
        command_line("nproc", &[]),
        cpu_model()
    );
    let _ = writeln!(
        s,
        "method:  one process per run, tools alternating, one thread, best of {} runs",
        args.runs
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| tool | docs/s | MB/s | peak MB | P | R | F1 | errors | empty | empty, truth has text |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let (p, rc, f, empty) = match &r.scores {
            Some(sc) => (
                format!("{:.3}", sc.precision),
                format!("{:.3}", sc.recall),
                format!("{:.3}", sc.f1),
                sc.empty_or_missing.to_string(),
            ),
            None => ("-".into(), "-".into(), "-".into(), "-".into()),
        };
        let m = &r.m;
        let _ = writeln!(
            s,
            "| {} | {:.0} | {:.1} | {:.0} | {p} | {rc} | {f} | {} | {empty} | {} |",
            m.tool.name(),
            docs_per_sec(m),
            m.bytes as f64 / 1e6 / secs(m),
            m.peak_kib as f64 / 1024.0,
            m.errors,
            r.empty_with_text
                .map_or_else(|| "-".into(), |n| n.to_string()),
        );
    }
    // F1 per page type, one column per type with its page count.
    let types: Vec<(&String, usize)> = rows
        .iter()
        .find_map(|r| r.scores.as_ref())
        .map(|sc| sc.by.iter().map(|(k, g)| (k, g.docs)).collect())
        .unwrap_or_default();
    if !types.is_empty() {
        let _ = writeln!(s);
        let _ = write!(s, "| F1 by page type |");
        for (t, n) in &types {
            let _ = write!(s, " {t} ({n}) |");
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "|---|{}", "---:|".repeat(types.len()));
        for r in rows {
            let _ = write!(s, "| {} |", r.m.tool.name());
            for (t, _) in &types {
                let f = r
                    .scores
                    .as_ref()
                    .and_then(|sc| sc.by.get(*t))
                    .map_or_else(|| "-".into(), |g| format!("{:.3}", g.f1));
                let _ = write!(s, " {f} |");
            }
            let _ = writeln!(s);
        }
    }
    let find = |t: Tool| rows.iter().find(|r| r.m.tool == t);
    let _ = writeln!(s);
    if let Some(u) = find(Tool::Unboil) {
        for peer in PEERS {
            let Some(d) = find(peer) else { continue };
            let _ = write!(
                s,
                "unboil / {}: speed {:.2}x, peak memory {:.2}x",
                peer.name(),
                docs_per_sec(&u.m) / docs_per_sec(&d.m).max(1e-9),
                u.m.peak_kib as f64 / (d.m.peak_kib as f64).max(1.0),
            );
            if let (Some(us), Some(ds)) = (&u.scores, &d.scores) {
                let _ = write!(
                    s,
                    ", F1 {:.3} vs {:.3} ({:+.3})",
                    us.f1,
                    ds.f1,
                    us.f1 - ds.f1
                );
            }
            let _ = writeln!(s);
        }
        let _ = writeln!(s);
    }
    let basis = if rows.iter().all(|r| r.m.best_cpu_secs.is_some()) {
        "CPU time of the extracting thread"
    } else {
        "wall time of the extraction calls"
    };
    let _ = writeln!(
        s,
        "rates from the {basis}; peak MB includes the corpus held in memory"
    );
    let list = |v: &[f64]| {
        v.iter()
            .map(|t| format!("{t:.3}"))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    for r in rows {
        let m = &r.m;
        let _ = writeln!(
            s,
            "{}: CPU {} s, wall {} s per run; {:.0} MB resident once the corpus was loaded",
            m.tool.name(),
            list(&m.cpu_secs),
            list(&m.run_secs),
            m.loaded_kib as f64 / 1024.0
        );
    }
    s
}

/// The seconds the rates are computed from: CPU time where known, else wall time.
fn secs(m: &Measured) -> f64 {
    m.best_cpu_secs.unwrap_or(m.best_secs).max(1e-9)
}

fn docs_per_sec(m: &Measured) -> f64 {
    m.docs as f64 / secs(m)
}

/// CPU nanoseconds this thread has run, from `/proc/thread-self/schedstat`; `None` elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Runs one tool over every page in this process and prints its measurements as JSON.
fn child(args: &Args, tool: Tool) -> Result<()> {
    let urls = match &args.truth {
        Some(truth) => truth_urls(truth)?,
        None => HashMap::new(),
    };
    let dir = pages(args)?;
    let pages = load_pages(dir, &urls)?;
    if pages.is_empty() {
        bail!("no .html or .html.gz pages in {}", dir.display());
    }
    let bytes: u64 = pages.iter().map(|p| p.raw.body.len() as u64).sum();
    let loaded_kib = status_kib("VmRSS").unwrap_or(0);
    let pred = args.pred.as_deref();
    let mut run_secs = Vec::with_capacity(args.runs);
    let mut cpu_secs = Vec::with_capacity(args.runs);
    let mut errors = 0;
    for run in 0..args.runs.max(1) {
        let keep = run == 0 && pred.is_some();
        let mut outputs: Vec<Option<String>> =
            Vec::with_capacity(if keep { pages.len() } else { 0 });
        let mut spent = Duration::ZERO;
        let mut failed = 0;
        let cpu_start = thread_cpu_ns();
        for page in &pages {
            let start = Instant::now();
            // A panic inside a tool counts as an error on that page, not as the end of the run.
            let text = catch_unwind(AssertUnwindSafe(|| match tool {
                Tool::Unboil => run_unboil(page),
                Tool::DomSmoothie => run_dom_smoothie(page),
                Tool::RsTrafilatura => run_rs_trafilatura(page),
            }))
            .ok()
            .flatten();
            spent += start.elapsed();
            failed += usize::from(text.is_none());
            if keep {
                outputs.push(text);
            }
        }
        if let (Some(a), Some(b)) = (cpu_start, thread_cpu_ns()) {
            cpu_secs.push(b.saturating_sub(a) as f64 / 1e9);
        }
        run_secs.push(spent.as_secs_f64());
        if run == 0 {
            errors = failed;
        }
        // Written after the timed loop, so that file writes never count.
        if let Some(dir) = pred.filter(|_| keep) {
            for (page, text) in pages.iter().zip(outputs) {
                let path = dir.join(format!("{}.txt", page.id));
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create {}", parent.display()))?;
                }
                std::fs::write(&path, text.unwrap_or_default())
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
    }
    let best = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let measured = Measured {
        tool,
        docs: pages.len(),
        bytes,
        best_secs: best(&run_secs),
        best_cpu_secs: (!cpu_secs.is_empty()).then(|| best(&cpu_secs)),
        run_secs,
        cpu_secs,
        errors,
        peak_kib: status_kib("VmHWM").unwrap_or(0),
        loaded_kib,
    };
    println!("{}", serde_json::to_string(&measured)?);
    Ok(())
}

/// unboil as a user would call it; `None` when it finds no article.
fn run_unboil(page: &Page) -> Option<String> {
    extract(&page.raw, &ExtractOptions::default())
        .ok()
        .map(|doc| doc.text())
}

/// dom_smoothie with formatted text output, the setting its published scores use. It gets the page
/// decoded by the same charset logic as unboil, inside the timed call, so both pay for decoding.
fn run_dom_smoothie(page: &Page) -> Option<String> {
    use dom_smoothie::{Config, Readability, TextMode};
    let text =
        unboil::extract::decode::decode(&page.raw.body, page.raw.content_type.as_deref()).text;
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    // A URL it cannot take as absolute is an error there; such a page is read without one.
    let mut reader = match Readability::new(&*text, page.url.as_deref(), Some(cfg.clone())) {
        Ok(r) => r,
        Err(_) => Readability::new(&*text, None, Some(cfg)).ok()?,
    };
    reader.parse().ok().map(|a| a.text_content.to_string())
}

/// rs-trafilatura's `extract` with its default options and the page URL, text output. It gets the
/// page decoded by the same charset logic as unboil, inside the timed call, like dom_smoothie.
fn run_rs_trafilatura(page: &Page) -> Option<String> {
    let text =
        unboil::extract::decode::decode(&page.raw.body, page.raw.content_type.as_deref()).text;
    let options = rs_trafilatura::Options {
        url: page.url.clone(),
        ..rs_trafilatura::Options::default()
    };
    rs_trafilatura::extract_with_options(&text, &options)
        .ok()
        .map(|r| r.content_text)
}

/// The page name of a file the benchmark reads: `x.html`, `x.htm` and their gzipped `.gz` forms.
fn page_stem(name: &str) -> Option<(&str, bool)> {
    let (name, gz) = match name.strip_suffix(".gz") {
        Some(n) => (n, true),
        None => (name, false),
    };
    let lower = name.to_ascii_lowercase();
    [".html", ".htm"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map(|ext| (&name[..name.len() - ext.len()], gz))
}

/// Every `.html`/`.htm` file (or its `.gz`) under `dir`, sorted, read (and unzipped) into memory,
/// named by its path relative to `dir` without the extension (as the truth file names them).
fn load_pages(dir: &Path, urls: &HashMap<String, String>) -> Result<Vec<Page>> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot walk {}", dir.display()))?;
        let path = entry.path();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let Some((id, gz)) = page_stem(&rel) else {
            continue;
        };
        let id = id.to_string();
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let body = if gz {
            let mut out = Vec::with_capacity(bytes.len() * 6);
            flate2::read::MultiGzDecoder::new(bytes.as_slice())
                .read_to_end(&mut out)
                .with_context(|| format!("{}: not a valid gzip file", path.display()))?;
            out
        } else {
            bytes
        };
        let url = urls.get(&id).cloned();
        let mut raw = RawPage::new(id.clone(), Origin::File(path.to_path_buf()), body);
        raw.content_type = Some("text/html".into());
        raw.url = url.clone();
        pages.push(Page { id, url, raw });
    }
    Ok(pages)
}

/// The page URLs the truth file gives, by id: every tool gets them, as a crawler would.
fn truth_urls(path: &Path) -> Result<HashMap<String, String>> {
    #[derive(Deserialize)]
    struct Line {
        id: String,
        url: Option<String>,
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut urls = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a truth record", path.display(), n + 1))?;
        if let Some(url) = line.url {
            urls.insert(line.id, url);
        }
    }
    Ok(urls)
}

/// A `Vm…: N kB` line of /proc/self/status, in KiB; `None` where there is no /proc.
fn status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|l| {
        let rest = l.strip_prefix(key)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// The commit measured, marked `-dirty` when the tree has changes, so a number can be traced back.
fn commit() -> String {
    let head = command_line("git", &["rev-parse", "--short", "HEAD"]);
    let dirty = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .map(|o| !o.stdout.is_empty())
        .unwrap_or(false);
    if dirty {
        format!("{head}-dirty")
    } else {
        head
    }
}

fn command_line(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}
