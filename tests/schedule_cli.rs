//! `unboil schedule` for real: a job every minute runs on the minute, `unboil status` shows the
//! run, and SIGTERM stops the scheduler cleanly. Waits for one real minute boundary (at most 60 s).

use std::path::Path;
use std::time::{Duration, Instant};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn a_job_every_minute_runs_on_the_minute_and_sigterm_stops_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        &dir.path().join("in/a.txt"),
        "The council met on Monday.\nLeave a Comment\n",
    );
    write(
        &dir.path().join("config.toml"),
        "[[job]]\nname = \"minutely\"\nsources = [{ type = \"files\", path = \"in\" }]\noutput = { type = \"text_tree\", path = \"out\" }\nschedule = \"* * * * *\"\n",
    );
    let bin = assert_cmd::cargo::cargo_bin("unboil");
    let mut child = std::process::Command::new(&bin)
        .current_dir(dir.path())
        .arg("schedule")
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");

    // Wait for the first run to appear in `unboil status`.
    let deadline = Instant::now() + Duration::from_secs(75);
    let status = loop {
        let out = std::process::Command::new(&bin)
            .current_dir(dir.path())
            .arg("status")
            .output()
            .expect("status");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        // A row: the run wrote 1 document and ended ok.
        if text
            .lines()
            .any(|l| l.trim_end().ends_with("ok") && l.split_whitespace().rev().nth(3) == Some("1"))
        {
            break text;
        }
        assert!(Instant::now() < deadline, "no run within 75 s:\n{text}");
        std::thread::sleep(Duration::from_millis(500));
    };
    assert!(status.contains("schedule * * * * *"), "{status}");
    assert!(dir.path().join("out/a.txt").exists());

    // The run started on a minute boundary.
    let reader =
        unboil::state::StateReader::open(dir.path().join("out/.unboil-state.redb")).expect("state");
    let runs = reader.last_runs("minutely", 1).expect("runs");
    let second = runs[0].started % 60;
    assert!(second <= 2, "started {second} s past the minute");
    drop(reader);

    // SIGTERM: a clean exit, promptly.
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "schedule did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut log = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut log)
        .expect("read");
    assert!(exit.success(), "exit {exit:?}\n{log}");
    assert!(log.contains("minutely"), "{log}");
}
