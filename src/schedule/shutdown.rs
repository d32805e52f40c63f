//! Asking a scheduler (and the run in hand) to stop, from a signal or from code.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The longest a waiter sleeps between looks at the flag, for a flag set straight through
/// [`Shutdown::flag`], which cannot wake anyone.
const POLL: Duration = Duration::from_millis(200);

/// A shared stop request. Clones share one request. Waiters wake at once when
/// [`Shutdown::request`] is called; the pipeline polls [`Shutdown::flag`] between documents, so
/// it finishes the document in hand and stops.
#[derive(Debug, Clone, Default)]
pub struct Shutdown {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    flag: Arc<AtomicBool>,
    lock: Mutex<()>,
    wake: Condvar,
}

impl Shutdown {
    /// A request not yet made.
    pub fn new() -> Shutdown {
        Shutdown::default()
    }

    /// Asks everything sharing this request to stop, and wakes every waiter.
    pub fn request(&self) {
        self.inner.flag.store(true, Ordering::SeqCst);
        // Taking the lock orders this notify after any waiter's check of the flag.
        let _guard = self.inner.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.inner.wake.notify_all();
    }

    /// Whether a stop was asked for.
    pub fn is_requested(&self) -> bool {
        self.inner.flag.load(Ordering::SeqCst)
    }

    /// The bare flag, for code that polls (the pipeline between documents) or that must set it
    /// from a signal handler.
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.inner.flag)
    }

    /// Sleeps for `timeout` or until a stop is asked for; returns whether one was.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut guard = self.inner.lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if self.is_requested() {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            let slice = (deadline - now).min(POLL);
            guard = self
                .inner
                .wake
                .wait_timeout(guard, slice)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// Installs SIGINT and SIGTERM handlers and returns the request they make. The first signal asks
/// for a graceful stop (finish the document in hand, record it, exit); a second one, for a user
/// who does not want to wait, exits at once with status 130. Call it once per process.
pub fn shutdown_signal() -> io::Result<Shutdown> {
    use signal_hook::consts::{SIGINT, SIGTERM};

    let shutdown = Shutdown::new();
    let flag = shutdown.flag();
    for sig in [SIGINT, SIGTERM] {
        // Order matters: the exit handler runs first and fires only if the flag is already set,
        // that is from the second signal on.
        signal_hook::flag::register_conditional_shutdown(sig, 130, Arc::clone(&flag))?;
        signal_hook::flag::register(sig, Arc::clone(&flag))?;
    }
    // The flag handler cannot notify a condition variable (not async-signal-safe); this thread
    // does it, so a scheduler asleep until next week wakes at once.
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    let waker = shutdown.clone();
    std::thread::Builder::new()
        .name("unboil-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                tracing::info!(
                    signal = sig,
                    "stopping after the document in hand; signal again to stop at once"
                );
                waker.request();
            }
        })?;
    Ok(shutdown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_wakes_a_long_wait_at_once() {
        let s = Shutdown::new();
        let s2 = s.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            s2.request();
        });
        let start = Instant::now();
        assert!(s.wait_timeout(Duration::from_secs(3600)));
        assert!(start.elapsed() < Duration::from_secs(2));
        t.join().unwrap();
    }

    #[test]
    fn a_flag_set_directly_is_noticed_by_polling() {
        let s = Shutdown::new();
        let flag = s.flag();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            flag.store(true, Ordering::SeqCst);
        });
        assert!(s.wait_timeout(Duration::from_secs(3600)));
        t.join().unwrap();
    }

    #[test]
    fn a_wait_without_request_times_out() {
        assert!(!Shutdown::new().wait_timeout(Duration::from_millis(20)));
    }
}
