//! The whole-run benchmark: `unboil clean` over a dump, end to end (read, parse, extract, clean,
//! serialise, write), as a user runs it, for 1 and 2 workers.
//!
//! ```sh
//! python3 benches/make_corpora.py --out /tmp/corpora --size 1G --light /tmp/aeb-keep/aeb/dom_smoothie
//! cargo build --release
//! cargo bench --bench whole_run -- --input /tmp/corpora/text.jsonl \
//!     --input /tmp/corpora/html.warc.gz --truth ../shared/bench/aeb/truth.jsonl
//! ```
//!
//! `--runs N` measures each input and worker count N times, the counts taking turns, and prints
//! the fastest run of each (peak memory: the highest of its runs) and the speed-up of the most
//! workers over one: on a shared machine the best run is the one least disturbed.
//!
//! For each input and worker count it runs the release binary (`--binary`, default
//! `target/release/unboil`) as `unboil clean INPUT --format jsonl -o OUT -q` in a child process,
//! with `RAYON_NUM_THREADS` and, when the command has it, `-j` set to the workers, and prints
//! documents/s, MB/s of input (the file as given, so a `.gz` counts compressed; the decompressed
//! size is printed beside it), wall and CPU time, and the child's peak RSS (VmHWM, sampled from
//! `/proc` every 10 ms: Linux only).
//!
//! With `--truth` (the AEB truth) it also scores the output as `score.py` does: the corpora repeat
//! the 181 AEB pages as `<id>-<repeat>` (WARC records carry it as the URL's fragment), every repeat
//! of a page must come out the same (the run is deterministic; a difference is reported), and the
//! first repeat of each page is scored with `score.py` against the truth.
//!
//! `cargo test` runs `smoke`, a run of a few hundred documents (tests/whole_run_smoke.rs).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// What one run measured.
#[derive(Debug, Clone)]
pub struct Measured {
    /// The input file.
    pub input: PathBuf,
    /// Worker threads asked for.
    pub workers: usize,
    /// Documents written.
    pub docs: usize,
    /// Bytes of the input file.
    pub file_bytes: u64,
    /// Wall time.
    pub wall: Duration,
    /// User plus system CPU time of the child.
    pub cpu: Duration,
    /// Peak resident memory of the child, KiB.
    pub peak_kib: u64,
    /// Scores, with truth.
    pub scores: Option<Scores>,
    /// Pages whose repeats came out different from their first.
    pub unequal_repeats: usize,
}

/// Mean token precision, recall and F1 (score.py's).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Scores {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

/// Settings of a run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The unboil binary.
    pub binary: PathBuf,
    /// The AEB truth, to score with.
    pub truth: Option<PathBuf>,
    /// score.py.
    pub scorer: PathBuf,
    /// Its interpreter.
    pub python: String,
    /// Where outputs go.
    pub scratch: PathBuf,
}

/// Runs `unboil clean` over `input` with `workers` workers and measures it.
pub fn measure(settings: &Settings, input: &Path, workers: usize) -> Result<Measured, String> {
    let out = settings.scratch.join(format!("out-{workers}.jsonl"));
    let _ = std::fs::remove_file(&out);
    let mut cmd = Command::new(&settings.binary);
    cmd.arg("clean")
        .arg(input)
        .args(["--format", "jsonl", "-q", "-o"])
        .arg(&out);
    if has_jobs_flag(&settings.binary) {
        cmd.args(["-j", &workers.to_string()]);
    }
    cmd.env("RAYON_NUM_THREADS", workers.to_string())
        .current_dir(&settings.scratch)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", settings.binary.display()))?;
    let pid = child.id();
    let (mut peak_kib, mut cpu) = (0, Duration::ZERO);
    let status = loop {
        if let Some(kib) = vm_hwm(pid) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(t) = cpu_time(pid) {
            cpu = t;
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("waiting for unboil: {e}")),
        }
    };
    let wall = started.elapsed();
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    if !status.success() {
        return Err(format!(
            "unboil clean {} failed ({status}): {stderr}",
            input.display()
        ));
    }
    let file_bytes = std::fs::metadata(input).map(|m| m.len()).unwrap_or(0);
    let (docs, firsts, unequal_repeats) = read_output(&out)?;
    let scores = match &settings.truth {
        Some(truth) => Some(score(settings, truth, &firsts)?),
        None => None,
    };
    let _ = std::fs::remove_file(&out);
    Ok(Measured {
        input: input.to_path_buf(),
        workers,
        docs,
        file_bytes,
        wall,
        cpu,
        peak_kib,
        scores,
        unequal_repeats,
    })
}

/// True when `unboil clean` takes `-j` (the streaming pipeline's worker count).
fn has_jobs_flag(binary: &Path) -> bool {
    Command::new(binary)
        .args(["clean", "--help"])
        .output()
        .map(|o| {
            let help = String::from_utf8_lossy(&o.stdout);
            help.contains("-j,") || help.contains("--jobs")
        })
        .unwrap_or(false)
}

/// The child's VmHWM, KiB.
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The child's user plus system time so far.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(Duration::from_millis(ticks * 10))
}

/// The number of records, the text of the first repeat of each page (by its AEB id), and how many
/// repeats differ from their first.
fn read_output(path: &Path) -> Result<(usize, HashMap<String, String>, usize), String> {
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut docs = 0;
    let mut firsts: HashMap<String, String> = HashMap::new();
    let mut unequal = 0;
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|e| format!("{}: {e}", path.display()))?;
        let rec: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("{}: {e}", path.display()))?;
        docs += 1;
        let Some(base) = base_id(&rec) else { continue };
        let text = rec.get("text").and_then(|t| t.as_str()).unwrap_or("");
        match firsts.get(&base) {
            Some(first) if first != text => unequal += 1,
            Some(_) => {}
            None => {
                firsts.insert(base, text.to_string());
            }
        }
    }
    Ok((docs, firsts, unequal))
}

/// The AEB id of a record: its URL's fragment (WARC corpora) or its id (JSONL corpora), without
/// the `-<repeat>` the generator added.
fn base_id(rec: &serde_json::Value) -> Option<String> {
    let fragment = rec
        .get("url")
        .and_then(|v| v.as_str())
        .and_then(|u| u.rsplit_once('#'))
        .map(|(_, f)| f);
    let id = rec.get("id").and_then(|v| v.as_str());
    [fragment, id].into_iter().flatten().find_map(|tagged| {
        let (base, repeat) = tagged.rsplit_once('-')?;
        repeat.parse::<u64>().ok()?;
        (!base.is_empty() && !base.contains(['/', '\\'])).then(|| base.to_string())
    })
}

/// Scores the first repeats with score.py against `truth`.
fn score(
    settings: &Settings,
    truth: &Path,
    firsts: &HashMap<String, String>,
) -> Result<Scores, String> {
    let pred = settings.scratch.join("pred");
    let _ = std::fs::remove_dir_all(&pred);
    std::fs::create_dir_all(&pred).map_err(|e| format!("{}: {e}", pred.display()))?;
    for (id, text) in firsts {
        std::fs::write(pred.join(format!("{id}.txt")), text)
            .map_err(|e| format!("{}: {e}", pred.display()))?;
    }
    let out = Command::new(&settings.python)
        .arg(&settings.scorer)
        .arg("--truth")
        .arg(truth)
        .arg("--pred")
        .arg(&pred)
        .arg("--json")
        .output()
        .map_err(|e| {
            format!(
                "cannot run {} {}: {e}",
                settings.python,
                settings.scorer.display()
            )
        })?;
    if !out.status.success() {
        return Err(format!(
            "scorer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("the scorer printed no JSON: {e}"))
}

/// One table row.
pub fn row(m: &Measured) -> String {
    let mb = m.file_bytes as f64 / 1e6;
    let wall = m.wall.as_secs_f64().max(1e-9);
    let cpu = m.cpu.as_secs_f64().max(1e-9);
    let scores = m.scores.as_ref().map_or("| | |".to_string(), |s| {
        format!("{:.4} | {:.4} | {:.4}", s.precision, s.recall, s.f1)
    });
    format!(
        "| {} | {} | {} | {:.0} | {:.1} | {:.1} | {:.2} | {:.2} | {:.0} | {} |",
        m.input
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
        m.workers,
        m.docs,
        m.docs as f64 / wall,
        mb / wall,
        mb / cpu,
        wall,
        cpu,
        m.peak_kib as f64 / 1024.0,
        scores
    )
}

/// The table's head.
pub const HEAD: &str = "| input | workers | docs | docs/s | MB/s (wall) | MB/s per CPU-s | wall s | CPU s | peak RSS MB | P | R | F1 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

fn main() -> ExitCode {
    let mut inputs = Vec::new();
    let mut workers = vec![1, 2];
    let mut runs = 1usize;
    let mut truth = None;
    let mut binary = PathBuf::from("target/release/unboil");
    let mut scorer = None;
    let mut python = "python3".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--input" => inputs.extend(args.next().map(PathBuf::from)),
            "--truth" => truth = args.next().map(PathBuf::from),
            "--binary" => binary = args.next().map(PathBuf::from).unwrap_or(binary),
            "--score" => scorer = args.next().map(PathBuf::from),
            "--python" => python = args.next().unwrap_or(python),
            "--workers" => {
                workers = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|w| w.trim().parse().ok())
                    .collect()
            }
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|r| r.parse().ok())
                    .filter(|&r| r > 0)
                    .unwrap_or(1)
            }
            "--bench" => {}
            other => {
                eprintln!("whole_run: unknown argument {other}; see the doc comment of benches/whole_run.rs");
                return ExitCode::FAILURE;
            }
        }
    }
    if inputs.is_empty() {
        // `cargo test --benches` runs this without arguments: nothing to measure.
        eprintln!("whole_run: a benchmark; run it with `cargo bench --bench whole_run -- --input FILE [--truth FILE]`");
        return ExitCode::SUCCESS;
    }
    let scorer = scorer.unwrap_or_else(|| {
        truth
            .as_ref()
            .and_then(|t| t.parent()?.parent().map(|b| b.join("score.py")))
            .unwrap_or_else(|| PathBuf::from("../shared/bench/score.py"))
    });
    let scratch = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("whole_run: no temporary folder: {e}");
            return ExitCode::FAILURE;
        }
    };
    let binary = std::fs::canonicalize(&binary).unwrap_or(binary);
    let inputs: Vec<PathBuf> = inputs
        .into_iter()
        .map(|i| std::fs::canonicalize(&i).unwrap_or(i))
        .collect();
    let settings = Settings {
        binary,
        truth: truth.map(|t| std::fs::canonicalize(&t).unwrap_or(t)),
        scorer,
        python,
        scratch: scratch.path().to_path_buf(),
    };
    println!("binary:  {}", settings.binary.display());
    println!(
        "machine: {} cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model()
    );
    println!("{HEAD}");
    for input in &inputs {
        // With `--runs N`, N rounds of every worker count in turn (so a busy spell of a shared
        // machine falls on all of them alike), keeping each count's fastest run and the highest
        // peak memory any of its runs reached.
        let mut best: Vec<Option<Measured>> = vec![None; workers.len()];
        for _ in 0..runs {
            for (slot, &w) in best.iter_mut().zip(&workers) {
                match measure(&settings, input, w) {
                    Ok(m) => {
                        *slot = Some(match slot.take() {
                            Some(b) if b.wall <= m.wall => Measured {
                                peak_kib: b.peak_kib.max(m.peak_kib),
                                ..b
                            },
                            Some(b) => Measured {
                                peak_kib: b.peak_kib.max(m.peak_kib),
                                ..m
                            },
                            None => m,
                        })
                    }
                    Err(e) => {
                        eprintln!("whole_run: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            }
        }
        for m in best.iter().flatten() {
            println!("{}", row(m));
            if m.unequal_repeats > 0 {
                println!(
                    "  ({} repeats came out unlike their first)",
                    m.unequal_repeats
                );
            }
        }
        if let (Some(one), Some(more)) = (
            best.first().cloned().flatten(),
            best.last().cloned().flatten(),
        ) {
            if more.workers > one.workers {
                println!(
                    "  {} workers vs {}: {:.2}x (best of {runs})",
                    more.workers,
                    one.workers,
                    one.wall.as_secs_f64() / more.wall.as_secs_f64().max(1e-9)
                );
            }
        }
    }
    ExitCode::SUCCESS
}

/// The CPU's name, from /proc/cpuinfo.
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
