//! Ctrl-C during a run: the documents in hand are finished, the summary says "stopped early", and
//! the exit status is 130 (issue 11: `clean` exited 130 silently, `run` exited 0).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn ctrl_c_during_clean_finishes_what_it_has_prints_the_summary_and_exits_130() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..5 {
        std::fs::create_dir_all(dir.path().join("in")).expect("mkdir");
        std::fs::write(
            dir.path().join(format!("in/p{i}.txt")),
            format!(
                "Story {i}\n\nThe harbour board met on Monday about berth {i}, officials said.\n"
            ),
        )
        .expect("write");
    }
    // The folder is read first, then standard input, which stays open: the run waits there.
    let mut child = Command::new(env!("CARGO_BIN_EXE_unboil"))
        .current_dir(dir.path())
        .args(["clean", "in", "-", "-o", "out"])
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(30);
    while (0..5).any(|i| !dir.path().join(format!("out/in/p{i}.txt")).exists()) {
        assert!(Instant::now() < deadline, "the five pages were not written");
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("5 written"), "{stderr}");
    assert!(stderr.contains("stopped early"), "{stderr}");
}
