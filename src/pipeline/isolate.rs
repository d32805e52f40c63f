//! Fault isolation: one document's extract-and-clean runs under `catch_unwind`, so a bug that
//! panics on one page makes that page a failed document (with the panic message) instead of ending
//! the run. The build keeps `panic = "unwind"` for this (see Cargo.toml).
//!
//! The default panic hook would print a backtrace note for every caught panic, in the middle of
//! progress output. [`install_panic_hook`] (called by the command line) keeps panics inside
//! [`isolated`] quiet, remembering where they happened so the failure names the place, and leaves
//! every other panic to the previous hook.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// True while this thread runs inside [`isolated`].
    static ISOLATED: Cell<bool> = const { Cell::new(false) };
    /// Where the last isolated panic on this thread happened (`file:line`), set by the hook.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A panic caught by [`isolated`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panic {
    /// The panic's message, with the place in the code when the hook is installed.
    pub message: String,
}

/// Runs `f`, turning a panic inside it into an error with the panic's message.
pub fn isolated<T>(f: impl FnOnce() -> T) -> Result<T, Panic> {
    let was = ISOLATED.with(|i| i.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    ISOLATED.with(|i| i.set(was));
    result.map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic without a message".to_string());
        let message = match LOCATION.with(|l| l.borrow_mut().take()) {
            Some(at) => format!("{what} (at {at})"),
            None => what,
        };
        Panic { message }
    })
}

/// Installs (once per process) a panic hook that is quiet for panics caught by [`isolated`],
/// logging them at debug level instead, and hands every other panic to the hook it replaces.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if ISOLATED.with(Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                tracing::debug!(at = at.as_deref().unwrap_or("?"), "caught a panic: {info}");
                LOCATION.with(|l| *l.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        install_panic_hook();
        let err = isolated(|| -> u32 { panic!("begin > end ({} > {})", 3, 2) }).unwrap_err();
        assert!(err.message.starts_with("begin > end (3 > 2)"), "{err:?}");
        assert!(err.message.contains("isolate.rs"), "{err:?}");
        assert_eq!(isolated(|| 7), Ok(7));
    }

    #[test]
    fn nested_isolation_restores_the_outer_state() {
        let outer = isolated(|| {
            let inner = isolated(|| panic!("inner"));
            assert!(inner.is_err());
            ISOLATED.with(Cell::get)
        });
        assert_eq!(outer, Ok(true));
        assert!(!ISOLATED.with(Cell::get));
    }
}
