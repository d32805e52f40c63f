//! The incremental-state store: records, batching, locking (across processes too), migration from
//! older layouts, refusal of newer ones, and survival of SIGKILL.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use redb::{Builder, ConcurrencyMode, Database, ReadableDatabase, TableDefinition};
use unboil::state::{
    content_hash, from_unix_secs, hash_parts, Backoff, BatchPolicy, DocRecord, RunRecord,
    RunStatus, StateError, StateReader, StateStore, Validators, SCHEMA_VERSION,
};

/// An output file that exists, and a record pointing at it.
fn doc(dir: &Path, job: &str, key: &str, input: &str, config: &str) -> DocRecord {
    let output = dir.join(format!("{}.txt", key.replace('/', "_")));
    std::fs::write(&output, "clean").unwrap();
    DocRecord {
        job: job.into(),
        source_key: key.into(),
        input_hash: content_hash(input.as_bytes()),
        config_hash: config.into(),
        output,
        cleaned_at: 1_700_000_000,
    }
}

#[test]
fn records_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.redb");
    let rec = doc(dir.path(), "news", "https://a.example/1", "<html>a", "cfg1");
    {
        let mut store = StateStore::open(&path).unwrap();
        store.record_done(rec.clone()).unwrap();
        store.close().unwrap();
    }
    let store = StateStore::open(&path).unwrap();
    assert_eq!(
        store.document("news", "https://a.example/1").unwrap(),
        Some(rec)
    );
    assert_eq!(store.documents("news").unwrap().len(), 1);
}

#[test]
fn unchanged_only_when_input_config_job_and_output_all_match() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = StateStore::open(dir.path().join("s.redb")).unwrap();
    let rec = doc(dir.path(), "news", "a.html", "body", "cfg1");
    let h = rec.input_hash.clone();
    store.record_done(rec.clone()).unwrap();
    assert!(store.is_unchanged("news", "a.html", &h, "cfg1").unwrap());
    assert!(!store
        .is_unchanged("news", "a.html", &content_hash(b"body2"), "cfg1")
        .unwrap());
    assert!(
        !store.is_unchanged("news", "a.html", &h, "cfg2").unwrap(),
        "rule change"
    );
    assert!(
        !store.is_unchanged("other", "a.html", &h, "cfg1").unwrap(),
        "other job"
    );
    assert!(!store.is_unchanged("news", "b.html", &h, "cfg1").unwrap());
    store.flush().unwrap();
    assert!(store.is_unchanged("news", "a.html", &h, "cfg1").unwrap());
    std::fs::remove_file(&rec.output).unwrap();
    assert!(
        !store.is_unchanged("news", "a.html", &h, "cfg1").unwrap(),
        "output deleted"
    );
}

#[test]
fn a_document_is_never_recorded_before_its_output_exists() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = StateStore::open(dir.path().join("s.redb")).unwrap();
    let mut rec = doc(dir.path(), "news", "a.html", "body", "cfg");
    rec.output = dir.path().join("not-yet-written.txt");
    let err = store.record_done(rec.clone()).unwrap_err();
    assert!(matches!(err, StateError::OutputMissing { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("not-yet-written.txt") && msg.contains("a.html"),
        "{msg}"
    );
    assert!(store.record_batch([rec.clone()]).is_err());
    assert_eq!(store.document("news", "a.html").unwrap(), None);
    // A batch is all or nothing: its good records are not kept either.
    let good = doc(dir.path(), "news", "b.html", "body", "cfg");
    assert!(store.record_batch([good, rec]).is_err());
    assert_eq!(store.document("news", "b.html").unwrap(), None);
}

#[test]
fn documents_are_committed_in_batches_not_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = StateStore::open(dir.path().join("s.redb")).unwrap();
    store.set_batch_policy(BatchPolicy {
        max_docs: 500,
        max_age: Duration::from_secs(3600),
    });
    let out = dir.path().join("out.txt");
    std::fs::write(&out, "x").unwrap();
    let rec = |i: usize| DocRecord {
        job: "j".into(),
        source_key: format!("doc{i:05}"),
        input_hash: content_hash(&i.to_le_bytes()),
        config_hash: "c".into(),
        output: out.clone(),
        cleaned_at: 0,
    };
    let start = Instant::now();
    for i in 0..499 {
        store.record_done(rec(i)).unwrap();
    }
    // Buffered, so already answered by is_unchanged, but not yet committed.
    assert!(store
        .is_unchanged("j", "doc00000", &content_hash(&0usize.to_le_bytes()), "c")
        .unwrap());
    assert_eq!(store.documents("j").unwrap().len(), 0);
    store.record_done(rec(499)).unwrap();
    assert_eq!(
        store.documents("j").unwrap().len(),
        500,
        "the 500th commits the batch"
    );
    for i in 500..1000 {
        store.record_done(rec(i)).unwrap();
    }
    assert_eq!(store.documents("j").unwrap().len(), 1000);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );

    // record_batch commits everything it is given (and anything buffered) in one go.
    store.record_done(rec(1000)).unwrap();
    assert_eq!(store.record_batch((1001..1100).map(rec)).unwrap(), 100);
    assert_eq!(store.documents("j").unwrap().len(), 1100);
}

#[test]
fn buffered_records_are_committed_on_drop() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    {
        let mut store = StateStore::open(&path).unwrap();
        store
            .record_done(doc(dir.path(), "j", "a", "x", "c"))
            .unwrap();
    }
    let store = StateStore::open(&path).unwrap();
    assert_eq!(store.documents("j").unwrap().len(), 1);
}

#[test]
fn a_failing_url_backs_off_exponentially_and_a_success_resets_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = StateStore::open(dir.path().join("s.redb")).unwrap();
    store.set_backoff(Backoff {
        base: Duration::from_secs(60),
        max: Duration::from_secs(3600),
    });
    let url = "https://dead.example/feed";
    assert_eq!(store.fetch_info(url).unwrap(), None);
    let t0 = 1_700_000_000;
    let mut waits = Vec::new();
    for i in 0..8 {
        let now = from_unix_secs(t0 + i * 10_000);
        let next = store.record_fetch_failure(url, now).unwrap();
        waits.push(next.duration_since(now).unwrap().as_secs());
        let info = store.fetch_info(url).unwrap().unwrap();
        assert!(!info.is_due(now));
        assert!(info.is_due(next));
    }
    assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
    assert_eq!(store.fetch_info(url).unwrap().unwrap().failures, 8);

    let validators = Validators {
        etag: Some("W/\"abc\"".into()),
        last_modified: Some("Sun, 22 Nov 2026 10:00:00 GMT".into()),
    };
    store
        .record_fetch_ok(url, validators.clone(), from_unix_secs(t0 + 100_000))
        .unwrap();
    let info = store.fetch_info(url).unwrap().unwrap();
    assert_eq!(info.validators, validators);
    assert_eq!(info.failures, 0);
    assert_eq!(info.next_attempt_after, None);
    assert_eq!(info.last_success, Some(t0 + 100_000));
    // A failure afterwards keeps the validators and starts the backoff from the base again.
    let now = from_unix_secs(t0 + 200_000);
    let next = store.record_fetch_failure(url, now).unwrap();
    assert_eq!(next.duration_since(now).unwrap().as_secs(), 60);
    assert_eq!(
        store.fetch_info(url).unwrap().unwrap().validators,
        validators
    );
}

#[test]
fn fetch_records_survive_a_clean_close() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    {
        let mut store = StateStore::open(&path).unwrap();
        store
            .record_fetch_ok(
                "https://a.example/",
                Validators::default(),
                from_unix_secs(5),
            )
            .unwrap();
    }
    let store = StateStore::open(&path).unwrap();
    assert_eq!(
        store
            .fetch_info("https://a.example/")
            .unwrap()
            .unwrap()
            .last_fetch,
        Some(5)
    );
}

fn run(job: &str, started: u64, new: u64) -> RunRecord {
    RunRecord {
        job: job.into(),
        started,
        duration: Duration::from_millis(1500),
        new,
        unchanged: 10,
        failed: 0,
        status: RunStatus::Ok,
    }
}

#[test]
fn last_runs_are_newest_first_and_per_job() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    {
        let mut store = StateStore::open(&path).unwrap();
        for i in 0..5 {
            store.record_run(&run("news", 1000 + i, i)).unwrap();
            store.record_run(&run("news-b", 2000 + i, i)).unwrap();
        }
        // Two runs in the same second stay two runs.
        store.record_run(&run("news", 1004, 99)).unwrap();
    }
    let store = StateStore::open(&path).unwrap();
    let last = store.last_runs("news", 3).unwrap();
    assert_eq!(last.iter().map(|r| r.new).collect::<Vec<_>>(), [99, 4, 3]);
    assert!(last.iter().all(|r| r.job == "news"));
    assert_eq!(store.last_runs("news", 100).unwrap().len(), 6);
    assert_eq!(store.last_runs("news-b", 100).unwrap().len(), 5);
    assert!(store.last_runs("none", 5).unwrap().is_empty());
    assert_eq!(last[0].duration, Duration::from_millis(1500));
}

#[test]
fn content_hash_is_stable_xxh3_128() {
    // Known XXH3-128 digest of the empty input: if this changes, every stored hash goes stale.
    assert_eq!(content_hash(b""), "99aa06d3014798d86001c324468d497f");
    assert_eq!(content_hash(b"abc"), content_hash(b"abc"));
    assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
    assert_ne!(
        hash_parts([b"ab".as_slice(), b"c"]),
        hash_parts([b"a".as_slice(), b"bc"])
    );
}

// ---------------------------------------------------------------------------------------------
// Locking

#[test]
fn a_second_open_is_refused_naming_the_pid_and_lock_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let _first = StateStore::open(&path).unwrap();
    let err = StateStore::open(&path).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("pid {}", std::process::id())),
        "{msg}"
    );
    assert!(msg.contains("s.redb.lock"), "{msg}");
}

#[test]
fn open_wait_gets_the_store_once_the_holder_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let first = StateStore::open(&path).unwrap();
    let holder = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(first);
    });
    let start = Instant::now();
    let store = StateStore::open_wait(&path, Duration::from_secs(10)).unwrap();
    assert!(start.elapsed() >= Duration::from_millis(250));
    holder.join().unwrap();
    drop(store);
    // And with a short wait while it is held, a timeout that names the holder.
    let _again = StateStore::open(&path).unwrap();
    let err = StateStore::open_wait(&path, Duration::from_millis(200)).unwrap_err();
    assert!(matches!(err, StateError::LockTimeout { .. }), "{err}");
    assert!(err.to_string().contains("after waiting"), "{err}");
}

/// Env var telling a re-executed test binary which child role to play, and the store path.
const CHILD_ROLE: &str = "UNBOIL_STATE_TEST_CHILD";
const CHILD_PATH: &str = "UNBOIL_STATE_TEST_PATH";

/// A child process that is killed if the test panics, so a failure never leaves one behind.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl std::ops::Deref for KillOnDrop {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for KillOnDrop {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

/// Starts this test binary again as a child running only [`child_process`].
fn spawn_child(role: &str, path: &Path) -> (KillOnDrop, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "child_process",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ROLE, role)
        .env(CHILD_PATH, path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    (KillOnDrop(child), out)
}

/// Reads the child's stdout until a line holding `prefix`; returns the line from `prefix` on.
fn wait_for(out: &mut BufReader<std::process::ChildStdout>, prefix: &str) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        let n = out.read_line(&mut line).unwrap();
        assert!(n > 0, "child exited before printing {prefix:?}");
        // libtest prints "test child_process ... " before the child's first line.
        if let Some(at) = line.find(prefix) {
            return line[at..].trim().to_owned();
        }
    }
}

/// Not a test of its own: the body of the child processes. Does nothing unless started by
/// [`spawn_child`].
#[test]
fn child_process() {
    let Ok(role) = std::env::var(CHILD_ROLE) else {
        return;
    };
    let path = PathBuf::from(std::env::var(CHILD_PATH).unwrap());
    // Holders keep the store until the parent closes our stdin (or kills us).
    let hold = || {
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    };
    match role.as_str() {
        "hold" => {
            let mut store = StateStore::open(&path).unwrap();
            store.record_run(&run("held", 42, 1)).unwrap();
            println!("ready");
            hold();
        }
        "hold_raw_redb" => {
            let _db = Database::create(&path).unwrap();
            println!("ready");
            hold();
        }
        "writer" => writer(&path),
        other => panic!("unknown child role {other}"),
    }
}

const BATCH: usize = 200;

/// Writes batches of `BATCH` documents, numbered on from what the store holds, and a run record
/// after each batch, forever. The invariant a kill must not break: the documents are exactly
/// doc0 .. docN with N a multiple of BATCH, and the last run counts N or N - BATCH of them.
fn writer(path: &Path) {
    let out = path.with_extension("out");
    std::fs::write(&out, "x").unwrap();
    let mut store = StateStore::open(path).unwrap();
    let mut next = store.documents("j").unwrap().len();
    loop {
        let batch = (next..next + BATCH).map(|i| DocRecord {
            job: "j".into(),
            source_key: format!("doc{i:08}"),
            input_hash: content_hash(format!("doc{i:08}").as_bytes()),
            config_hash: "c".into(),
            output: out.clone(),
            cleaned_at: i as u64,
        });
        store.record_batch(batch).unwrap();
        next += BATCH;
        store
            .record_run(&run("j", next as u64, next as u64))
            .unwrap();
        println!("committed {next}");
    }
}

fn check_consistent(path: &Path) -> usize {
    let store = StateStore::open(path).expect("reopen after kill");
    let docs = store.documents("j").unwrap();
    let n = docs.len();
    assert_eq!(n % BATCH, 0, "a batch was half committed: {n} documents");
    for (i, d) in docs.iter().enumerate() {
        let key = format!("doc{i:08}");
        assert_eq!(d.source_key, key);
        assert_eq!(d.input_hash, content_hash(key.as_bytes()));
        assert_eq!(d.cleaned_at, i as u64);
    }
    if let Some(last) = store.last_runs("j", 1).unwrap().first() {
        let counted = last.new as usize;
        assert!(
            counted == n || counted + BATCH == n,
            "run {counted} vs {n} docs"
        );
    }
    drop(store);
    let mut db = Database::open(path).unwrap();
    assert!(db.check_integrity().unwrap(), "redb integrity check failed");
    n
}

#[test]
fn sigkill_at_any_point_leaves_a_consistent_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let mut total = 0;
    // Kill after a few commits, at varying offsets so some land mid-commit.
    for (round, delay_us) in [0u64, 1_000, 4_000, 12_000, 30_000, 70_000, 150_000]
        .into_iter()
        .enumerate()
    {
        let (mut child, mut out) = spawn_child("writer", &path);
        let line = wait_for(&mut out, "committed");
        let first: usize = line["committed ".len()..].parse().unwrap();
        assert!(
            first > total,
            "round {round}: writer did not resume ({first} <= {total})"
        );
        std::thread::sleep(Duration::from_micros(delay_us));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        // A reader cannot repair, so it says what will.
        let err = StateReader::open(&path).unwrap_err();
        assert!(matches!(err, StateError::NeedsRepair { .. }), "{err:?}");
        let n = check_consistent(&path);
        // Shown with --nocapture: how far past its first commit the writer got.
        eprintln!("round {round}: killed {delay_us}us after commit {first}; {n} documents kept");
        assert!(
            n >= first,
            "round {round}: lost committed documents ({n} < {first})"
        );
        total = n;
    }
    assert!(total >= 7 * BATCH);
}

#[test]
fn another_process_holding_the_store_is_named_by_pid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (mut child, mut out) = spawn_child("hold", &path);
    wait_for(&mut out, "ready");
    let err = StateStore::open(&path).unwrap_err();
    match &err {
        StateError::Locked { pid, .. } => assert_eq!(*pid, Some(child.id())),
        other => panic!("expected Locked, got {other:?}"),
    }
    assert!(
        err.to_string().contains(&format!("pid {}", child.id())),
        "{err}"
    );
    // Bypassing our lock file, redb refuses a second writer itself, in either mode.
    for mode in [
        ConcurrencyMode::SingleWriter,
        ConcurrencyMode::ExclusiveWriter,
    ] {
        let raw = Builder::new().set_concurrency_mode(mode).create(&path);
        assert!(
            matches!(raw, Err(redb::DatabaseError::DatabaseAlreadyOpen)),
            "{mode:?}: {:?}",
            raw.map(|_| ())
        );
    }
    // `unboil status` can still read while the run holds the store.
    let reader = StateReader::open(&path).unwrap();
    assert_eq!(reader.last_runs("held", 5).unwrap()[0].started, 42);
    drop(reader);
    drop(child.stdin.take()); // let it go
    child.wait().unwrap();
    StateStore::open(&path).unwrap();
}

/// What redb itself does when a second process opens a file that is open elsewhere: it refuses at
/// once with `DatabaseAlreadyOpen` (it neither waits nor names the holder). The store reports that
/// as `Locked` without a pid.
#[test]
fn redb_refuses_a_second_process_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (mut child, mut out) = spawn_child("hold_raw_redb", &path);
    wait_for(&mut out, "ready");
    let start = Instant::now();
    let raw = Database::create(&path);
    assert!(
        matches!(raw, Err(redb::DatabaseError::DatabaseAlreadyOpen)),
        "{:?}",
        raw.map(|_| ())
    );
    assert!(start.elapsed() < Duration::from_secs(1), "redb waited");
    match StateStore::open(&path) {
        Err(StateError::Locked { pid: None, .. }) => {}
        other => panic!("expected Locked without pid, got {other:?}"),
    }
    drop(child.stdin.take());
    child.wait().unwrap();
}

#[test]
fn a_reader_sees_each_commit_of_a_store_open_for_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let mut store = StateStore::open(&path).unwrap();
    let reader = StateReader::open(&path).unwrap();
    assert!(reader.last_runs("news", 5).unwrap().is_empty());
    store.record_run(&run("news", 7, 1)).unwrap();
    store
        .record_done(doc(dir.path(), "news", "a", "x", "c"))
        .unwrap();
    assert_eq!(reader.last_runs("news", 5).unwrap().len(), 1);
    assert!(
        reader.documents("news").unwrap().is_empty(),
        "still buffered"
    );
    store.flush().unwrap();
    assert_eq!(reader.documents("news").unwrap().len(), 1);
    assert!(reader.document("news", "a").unwrap().is_some());
}

#[test]
fn a_reader_does_not_create_or_migrate() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.redb");
    let err = StateReader::open(&missing).unwrap_err();
    assert!(err.to_string().contains("missing.redb"), "{err}");
    assert!(!missing.exists());
}

#[test]
fn the_output_folder_is_created_on_first_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = unboil::state::default_path(&dir.path().join("out/news"));
    StateStore::open(&path).unwrap();
    assert!(path.exists());
    assert_eq!(path.file_name().unwrap(), ".unboil-state.redb");
}

// ---------------------------------------------------------------------------------------------
// Schema versions

const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
const V0_DOCS: TableDefinition<&str, &[u8]> = TableDefinition::new("docs");

#[test]
fn a_layout_0_store_is_migrated_not_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.redb");
    let out = dir.path().join("a.txt");
    std::fs::write(&out, "clean").unwrap();
    {
        // Layout 0, by hand: no meta table, joined keys, no configuration hash.
        let db = Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let mut t = txn.open_table(V0_DOCS).unwrap();
            let v = serde_json::json!({
                "input_hash": content_hash(b"page a"),
                "output": out,
                "cleaned_at": 1_600_000_000u64,
            })
            .to_string();
            t.insert("news\u{1f}https://a.example/1", v.as_bytes())
                .unwrap();
            let v = serde_json::json!({
                "input_hash": content_hash(b"page b"),
                "output": out,
                "cleaned_at": 1_600_000_001u64,
            })
            .to_string();
            t.insert("local\u{1f}dump/b.html", v.as_bytes()).unwrap();
        }
        txn.commit().unwrap();
    }
    let err = StateReader::open(&path).unwrap_err();
    assert!(
        matches!(err, StateError::NeedsMigration { found: 0, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("run the job once"), "{err}");
    {
        let store = StateStore::open(&path).unwrap();
        let a = store
            .document("news", "https://a.example/1")
            .unwrap()
            .unwrap();
        assert_eq!(a.input_hash, content_hash(b"page a"));
        assert_eq!(a.output, out);
        assert_eq!(a.cleaned_at, 1_600_000_000);
        assert_eq!(a.config_hash, "", "unknown configuration");
        // No configuration matches an unknown one, so the document is cleaned once more.
        assert!(!store
            .is_unchanged(
                "news",
                "https://a.example/1",
                &a.input_hash,
                &hash_parts([])
            )
            .unwrap());
        assert_eq!(store.documents("local").unwrap().len(), 1);
    }
    // Migrated once: the file now carries the current version and no layout-0 table.
    let db = Database::open(&path).unwrap();
    let txn = db.begin_read().unwrap();
    let meta = txn.open_table(META).unwrap();
    assert_eq!(
        meta.get("schema_version").unwrap().unwrap().value(),
        SCHEMA_VERSION
    );
    assert!(txn.open_table(V0_DOCS).is_err());
    drop((meta, txn, db));
    let store = StateStore::open(&path).unwrap();
    assert_eq!(store.documents("news").unwrap().len(), 1);
}

#[test]
fn a_store_from_a_newer_unboil_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.redb");
    {
        let db = Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        txn.open_table(META)
            .unwrap()
            .insert("schema_version", SCHEMA_VERSION + 1)
            .unwrap();
        txn.commit().unwrap();
    }
    let err = StateStore::open(&path).unwrap_err();
    assert!(matches!(err, StateError::TooNew { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("newer unboil") && msg.contains("new.redb"),
        "{msg}"
    );
    let db = Database::open(&path).unwrap();
    let txn = db.begin_read().unwrap();
    let v = txn
        .open_table(META)
        .unwrap()
        .get("schema_version")
        .unwrap()
        .unwrap()
        .value();
    assert_eq!(v, SCHEMA_VERSION + 1);
}

#[test]
fn a_foreign_redb_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.redb");
    {
        let db = Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        txn.open_table(TableDefinition::<u64, u64>::new("someone_elses"))
            .unwrap()
            .insert(1, 2)
            .unwrap();
        txn.commit().unwrap();
    }
    let err = StateStore::open(&path).unwrap_err();
    assert!(err.to_string().contains("someone_elses"), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "my precious notes, not a database").unwrap();
    let err = StateStore::open(&path).unwrap_err();
    assert!(err.to_string().contains("notes.txt"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "my precious notes, not a database"
    );
}

/// Layout 1 (before jobs could learn) has no `learned` table: opening it for a run adds the table
/// and keeps every document; a reader then sees what a learning job saved.
#[test]
fn a_layout_1_store_gains_the_learned_table_and_keeps_its_documents() {
    const DOCS: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("documents");
    const FETCHES: TableDefinition<&str, &[u8]> = TableDefinition::new("fetches");
    const RUNS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("runs");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.redb");
    let output = dir.path().join("a.txt");
    std::fs::write(&output, "clean").unwrap();
    {
        let db = Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        let value = format!(
            r#"{{"input_hash":"h","config_hash":"c","output":{:?},"cleaned_at":1}}"#,
            output.to_str().unwrap()
        );
        txn.open_table(DOCS)
            .unwrap()
            .insert(("news", "a.html"), value.as_bytes())
            .unwrap();
        txn.open_table(FETCHES).unwrap();
        txn.open_table(RUNS).unwrap();
        txn.open_table(META)
            .unwrap()
            .insert("schema_version", 1)
            .unwrap();
        txn.commit().unwrap();
    }
    // A reader cannot migrate; it says what to do.
    let err = StateReader::open(&path).unwrap_err();
    assert!(err.to_string().contains("run the job once"), "{err}");
    {
        let mut store = StateStore::open(&path).unwrap();
        assert_eq!(store.documents("news").unwrap().len(), 1);
        assert!(store.learned("news").unwrap().is_empty());
        let mut hosts = std::collections::HashMap::new();
        hosts.insert(
            "example.com".to_string(),
            unboil::learn::HostSummary::default(),
        );
        store.save_learned("news", &hosts).unwrap();
        store.close().unwrap();
    }
    let reader = StateReader::open(&path).unwrap();
    assert!(reader.learned("news").unwrap().contains_key("example.com"));
    assert_eq!(reader.documents("news").unwrap().len(), 1);
}

#[test]
fn a_failed_document_is_remembered_with_its_hashes_and_a_later_success_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.redb");
    let input = content_hash(b"<html>crashes");
    {
        let mut store = StateStore::open(&path).unwrap();
        store
            .record_failed(
                "news",
                "in/p17.html",
                (input.clone(), "cfg1".into()),
                "internal error: begin > end",
                std::time::SystemTime::now(),
            )
            .unwrap();
        store.close().unwrap();
    }
    let mut store = StateStore::open(&path).unwrap();
    assert_eq!(
        store
            .failed_unchanged("news", "in/p17.html", &input, "cfg1")
            .unwrap()
            .as_deref(),
        Some("internal error: begin > end")
    );
    // Another input or other rules: tried again.
    assert_eq!(
        store
            .failed_unchanged("news", "in/p17.html", "other", "cfg1")
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .failed_unchanged("news", "in/p17.html", &input, "cfg2")
            .unwrap(),
        None
    );
    // A failure is not a written document, for `status` or for skipping.
    assert_eq!(store.document("news", "in/p17.html").unwrap(), None);
    assert!(store.documents("news").unwrap().is_empty());
    assert!(!store
        .is_unchanged("news", "in/p17.html", &input, "cfg1")
        .unwrap());
    let mut rec = doc(dir.path(), "news", "in/p17.html", "<html>fixed", "cfg1");
    rec.input_hash = content_hash(b"<html>fixed");
    store.record_done(rec.clone()).unwrap();
    store.close().unwrap();
    let store = StateStore::open(&path).unwrap();
    assert_eq!(store.document("news", "in/p17.html").unwrap(), Some(rec));
    assert_eq!(
        store
            .failed_unchanged("news", "in/p17.html", &input, "cfg1")
            .unwrap(),
        None
    );
}
