//! The scheduler on a controllable clock: timing, missed ticks, time zones, shutdown, and the
//! errors a user sees for a bad schedule.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use unboil::schedule::{
    Clock, JobSchedule, RunOutcome, ScheduleError, Scheduler, Shutdown, SystemClock, TestClock,
};
use unboil::state::RunStatus;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

fn ok() -> RunOutcome {
    RunOutcome {
        new: 3,
        unchanged: 7,
        failed: 0,
        status: RunStatus::Ok,
    }
}

fn scheduler(jobs: &[(&str, &str, &str)]) -> Scheduler {
    Scheduler::new(
        jobs.iter()
            .map(|(job, expr, tz)| JobSchedule::new(job, expr, tz).unwrap())
            .collect(),
    )
    .unwrap()
}

#[test]
fn a_job_every_minute_runs_at_each_minute_boundary() {
    let s = scheduler(&[("news", "* * * * *", "UTC")]);
    let clock = TestClock::new(utc(2026, 3, 2, 10, 0, 30)).with_horizon(utc(2026, 3, 2, 10, 5, 30));
    let mut starts = Vec::new();
    let runs = s.run(&clock, &Shutdown::new(), |job| {
        assert_eq!(job, "news");
        starts.push(clock.now());
        ok()
    });
    assert_eq!(runs, 5);
    let want: Vec<_> = (1..=5).map(|m| utc(2026, 3, 2, 10, m, 0)).collect();
    assert_eq!(starts, want);
}

#[test]
fn a_slow_run_is_not_started_twice_and_missed_ticks_make_one_catch_up_run() {
    let s = scheduler(&[("news", "* * * * *", "UTC")]);
    let clock = TestClock::new(utc(2026, 3, 2, 10, 0, 30)).with_horizon(utc(2026, 3, 2, 10, 5, 30));
    let mut spans = Vec::new();
    s.run(&clock, &Shutdown::new(), |_| {
        let start = clock.now();
        if spans.is_empty() {
            // The first run lasts 2.5 minutes: the 10:02 and 10:03 ticks pass while it runs.
            clock.advance(Duration::from_secs(150));
        } else {
            clock.advance(Duration::from_secs(10));
        }
        spans.push((start, clock.now()));
        ok()
    });
    let starts: Vec<_> = spans.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        starts,
        [
            utc(2026, 3, 2, 10, 1, 0),
            utc(2026, 3, 2, 10, 3, 30), // one catch-up for 10:02 and 10:03, right after the run
            utc(2026, 3, 2, 10, 4, 0),
            utc(2026, 3, 2, 10, 5, 0),
        ]
    );
    for pair in spans.windows(2) {
        assert!(pair[1].0 >= pair[0].1, "runs overlap: {pair:?}");
    }
}

#[test]
fn a_job_slower_than_its_interval_runs_back_to_back_without_piling_up() {
    let s = scheduler(&[("news", "*/5 * * * *", "UTC")]);
    let start = utc(2026, 3, 2, 10, 0, 30);
    let clock = TestClock::new(start).with_horizon(utc(2026, 3, 2, 11, 0, 0));
    let mut starts = Vec::new();
    let runs = s.run(&clock, &Shutdown::new(), |_| {
        starts.push(clock.now());
        clock.advance(Duration::from_secs(12 * 60));
        ok()
    });
    // 10:05, then each run starts when the last ends: 10:17, 10:29, 10:41, 10:53.
    let want: Vec<_> = [5, 17, 29, 41, 53]
        .iter()
        .map(|&m| utc(2026, 3, 2, 10, m, 0))
        .collect();
    assert_eq!(starts, want);
    assert_eq!(runs, 5);
}

#[test]
fn a_job_delayed_by_another_runs_once_then_keeps_its_rhythm() {
    let s = scheduler(&[
        ("archive", "0 * * * *", "UTC"), // hourly, takes 12 minutes
        ("news", "*/5 * * * *", "UTC"),  // every five minutes
    ]);
    let clock = TestClock::new(utc(2026, 3, 2, 9, 59, 0)).with_horizon(utc(2026, 3, 2, 10, 20, 0));
    let log = Mutex::new(Vec::new());
    s.run(&clock, &Shutdown::new(), |job| {
        log.lock().unwrap().push((job.to_owned(), clock.now()));
        if job == "archive" {
            clock.advance(Duration::from_secs(12 * 60));
        }
        ok()
    });
    let log = log.into_inner().unwrap();
    let t = |m| utc(2026, 3, 2, 10, m, 0);
    assert_eq!(
        log,
        [
            // Both due at 10:00: the job listed first goes first.
            ("archive".to_owned(), t(0)),
            // news' 10:00, 10:05 and 10:10 ticks passed while archive ran: one late run.
            ("news".to_owned(), t(12)),
            ("news".to_owned(), t(15)),
            ("news".to_owned(), t(20)),
        ]
    );
}

#[test]
fn nine_oclock_in_berlin_fires_at_eight_utc_in_winter_and_seven_in_summer() {
    let s = scheduler(&[("berlin", "0 9 * * *", "Europe/Berlin")]);
    let clock = TestClock::new(utc(2026, 1, 14, 0, 0, 0)).with_horizon(utc(2026, 1, 16, 0, 0, 0));
    let mut starts = Vec::new();
    s.run(&clock, &Shutdown::new(), |_| {
        starts.push(clock.now());
        ok()
    });
    assert_eq!(
        starts,
        [utc(2026, 1, 14, 8, 0, 0), utc(2026, 1, 15, 8, 0, 0)]
    );

    // Across the spring change (29 March 2026, 02:00 CET -> 03:00 CEST).
    let clock = TestClock::new(utc(2026, 3, 28, 0, 0, 0)).with_horizon(utc(2026, 3, 31, 0, 0, 0));
    let mut starts = Vec::new();
    s.run(&clock, &Shutdown::new(), |_| {
        starts.push(clock.now());
        ok()
    });
    assert_eq!(
        starts,
        [
            utc(2026, 3, 28, 8, 0, 0),
            utc(2026, 3, 29, 7, 0, 0),
            utc(2026, 3, 30, 7, 0, 0)
        ]
    );
}

#[test]
fn shutdown_interrupts_a_long_wait_on_the_real_clock() {
    // Next run: 1 January, months away.
    let s = scheduler(&[("yearly", "0 0 1 1 *", "UTC")]);
    let shutdown = Shutdown::new();
    let trigger = shutdown.clone();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        trigger.request();
    });
    let start = Instant::now();
    let runs = s.run(&SystemClock, &shutdown, |_| panic!("must not run"));
    assert_eq!(runs, 0);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    t.join().unwrap();
}

#[test]
fn shutdown_during_a_run_lets_it_finish_and_starts_no_other() {
    let s = scheduler(&[("a", "* * * * *", "UTC"), ("b", "* * * * *", "UTC")]);
    let clock = TestClock::new(utc(2026, 3, 2, 10, 0, 30));
    let shutdown = Shutdown::new();
    let finished = Arc::new(Mutex::new(Vec::new()));
    let runs = s.run(&clock, &shutdown, |job| {
        // A signal arrives mid-run; the run (like the pipeline) sees the flag and finishes the
        // document in hand.
        shutdown.request();
        assert!(shutdown.flag().load(std::sync::atomic::Ordering::SeqCst));
        finished.lock().unwrap().push(job.to_owned());
        RunOutcome {
            status: RunStatus::Interrupted,
            ..ok()
        }
    });
    assert_eq!(runs, 1);
    assert_eq!(
        *finished.lock().unwrap(),
        ["a"],
        "b, also due, was not started"
    );
}

#[test]
fn runs_are_logged_with_duration_and_counts() {
    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let s = scheduler(&[("news", "* * * * *", "UTC")]);
    let clock = TestClock::new(utc(2026, 3, 2, 10, 0, 30)).with_horizon(utc(2026, 3, 2, 10, 1, 30));
    tracing::subscriber::with_default(subscriber, || {
        s.run(&clock, &Shutdown::new(), |_| {
            clock.advance(Duration::from_millis(2500));
            ok()
        });
    });
    let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    let started = text
        .lines()
        .find(|l| l.contains("run started"))
        .expect(&text);
    assert!(
        started.contains("job=\"news\"") || started.contains("job=news"),
        "{started}"
    );
    let finished = text
        .lines()
        .find(|l| l.contains("run finished"))
        .expect(&text);
    for want in [
        "duration_ms=2500",
        "new=3",
        "unchanged=7",
        "failed=0",
        "status=Ok",
        "2.5s",
    ] {
        assert!(finished.contains(want), "{want} missing in {finished}");
    }
}

#[test]
fn bad_schedules_are_refused_up_front_naming_job_and_expression() {
    let err = |job, expr, tz| JobSchedule::new(job, expr, tz).unwrap_err();

    let e = err("news", "0 0 9 * * *", "UTC");
    assert!(matches!(e, ScheduleError::FieldCount { fields: 6, .. }));
    let msg = e.to_string();
    assert!(
        msg.contains("job news") && msg.contains("0 0 9 * * *") && msg.contains("seconds"),
        "{msg}"
    );

    let msg = err("news", "0 9 *", "UTC").to_string();
    assert!(
        msg.contains("3 field") && msg.contains("minute hour"),
        "{msg}"
    );

    let e = err("news", "61 * * * *", "UTC");
    assert!(matches!(e, ScheduleError::Invalid { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("job news: invalid schedule \"61 * * * *\""),
        "{e}"
    );

    let e = err("news", "0 9 * * mon-frx", "UTC");
    assert!(matches!(e, ScheduleError::Invalid { .. }), "{e:?}");

    let e = err("news", "0 0 31 2 *", "UTC");
    assert!(matches!(e, ScheduleError::NeverFires { .. }), "{e:?}");
    assert!(e.to_string().contains("never fires"), "{e}");

    let e = err("news", "0 9 * * *", "Europe/Berln");
    assert_eq!(
        e.to_string(),
        "job news: unknown time zone \"Europe/Berln\"; use an IANA name such as \"Europe/Berlin\" or \"UTC\""
    );

    let e = Scheduler::new(vec![
        JobSchedule::new("news", "* * * * *", "UTC").unwrap(),
        JobSchedule::new("news", "0 * * * *", "UTC").unwrap(),
    ])
    .unwrap_err();
    assert!(e.to_string().contains("job news is scheduled twice"), "{e}");
}

#[test]
fn next_runs_lists_each_jobs_next_time() {
    let s = scheduler(&[("a", "0 6 * * *", "UTC"), ("b", "30 * * * *", "UTC")]);
    let now = utc(2026, 3, 2, 10, 0, 0);
    assert_eq!(
        s.next_runs(now),
        [
            ("a", Some(utc(2026, 3, 3, 6, 0, 0))),
            ("b", Some(utc(2026, 3, 2, 10, 30, 0)))
        ]
    );
}

#[test]
fn a_local_time_skipped_or_repeated_by_a_clock_change_fires_once() {
    let s = JobSchedule::new("j", "30 2 * * *", "Europe/Berlin").unwrap();
    let next4 = |mut t| {
        (0..4)
            .map(|_| {
                t = s.next_after(t).unwrap();
                t
            })
            .collect::<Vec<_>>()
    };
    // 29 March 2026 has no 02:30 in Berlin: the run comes at 03:00 CEST, as Vixie cron does.
    assert_eq!(
        next4(utc(2026, 3, 27, 12, 0, 0)),
        [
            utc(2026, 3, 28, 1, 30, 0),
            utc(2026, 3, 29, 1, 0, 0),
            utc(2026, 3, 30, 0, 30, 0),
            utc(2026, 3, 31, 0, 30, 0)
        ]
    );
    // 25 October 2026 has 02:30 twice: the job runs at the first only.
    assert_eq!(
        next4(utc(2026, 10, 23, 12, 0, 0)),
        [
            utc(2026, 10, 24, 0, 30, 0),
            utc(2026, 10, 25, 0, 30, 0),
            utc(2026, 10, 26, 1, 30, 0),
            utc(2026, 10, 27, 1, 30, 0)
        ]
    );
}

#[test]
fn an_outcome_becomes_a_run_record() {
    let started = std::time::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let rec = ok().to_record("news", started, Duration::from_secs(3));
    assert_eq!(rec.job, "news");
    assert_eq!(rec.started, 1_800_000_000);
    assert_eq!((rec.new, rec.unchanged, rec.failed), (3, 7, 0));
    assert_eq!(rec.status, RunStatus::Ok);
}

// ---------------------------------------------------------------------------------------------
// Signals, in a child process: handlers are process-wide and must not touch the test runner.

const CHILD_ROLE: &str = "UNBOIL_SCHEDULE_TEST_CHILD";

/// Not a test of its own: the body of the child processes; does nothing unless re-executed.
#[test]
fn child_process() {
    let Ok(role) = std::env::var(CHILD_ROLE) else {
        return;
    };
    let shutdown = unboil::schedule::shutdown_signal().unwrap();
    match role.as_str() {
        "scheduler" => {
            let s = scheduler(&[("yearly", "0 0 1 1 *", "UTC")]);
            println!("ready");
            let runs = s.run(&SystemClock, &shutdown, |_| ok());
            println!("stopped after {runs} runs");
        }
        "stuck" => {
            println!("ready");
            // A document that never finishes: only a second signal ends this.
            loop {
                std::thread::sleep(Duration::from_secs(1));
            }
        }
        other => panic!("unknown role {other}"),
    }
}

fn signal_child(
    role: &str,
) -> (
    std::process::Child,
    std::io::BufReader<std::process::ChildStdout>,
) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "child_process",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ROLE, role)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("ready") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "child died early");
    }
    (child, out)
}

fn send(sig: &str, child: &std::process::Child) {
    let status = std::process::Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn sigterm_stops_a_waiting_scheduler_gracefully() {
    use std::io::Read;
    let (child, mut out) = signal_child("scheduler");
    let mut child = Reap(child);
    let child = &mut child.0;
    let start = Instant::now();
    send("-TERM", child);
    let status = child.wait().unwrap();
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert!(status.success(), "{status:?}");
    assert!(rest.contains("stopped after 0 runs"), "{rest}");
    assert!(start.elapsed() < Duration::from_secs(5));
}

/// Kills the child if the test fails before it exits.
struct Reap(std::process::Child);

impl Drop for Reap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_second_signal_exits_at_once() {
    let (child, _out) = signal_child("stuck");
    let mut child = Reap(child);
    let child = &mut child.0;
    send("-INT", child);
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        child.try_wait().unwrap().is_none(),
        "first signal must not kill"
    );
    send("-INT", child);
    let start = Instant::now();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(start.elapsed() < Duration::from_secs(5));
}
