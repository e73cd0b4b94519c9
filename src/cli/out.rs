//! Writing to standard output and standard error without panicking.
//!
//! `println!` panics when the reader of a pipe has gone (`disclint rules list
//! | head -1`): the Rust runtime ignores SIGPIPE, so the write fails with
//! EPIPE instead of the process ending quietly the way C tools do. Like
//! ripgrep, a closed pipe here just stops the output: the command finishes
//! its work (so `check` still computes its exit code from every file) and
//! writes nothing more. Any other write failure (a full disk) is remembered
//! and turns the run into a failure, because output that silently went
//! missing is worse than an error.

use std::io::{self, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_GONE: AtomicBool = AtomicBool::new(false);
static WRITE_ERROR: Mutex<Option<String>> = Mutex::new(None);

/// Whether standard output can no longer be written: output need not even be rendered.
pub fn stdout_gone() -> bool {
    STDOUT_GONE.load(Ordering::Relaxed)
}

/// Records the outcome of a write to standard output.
pub fn note(result: io::Result<()>) {
    let Err(e) = result else { return };
    STDOUT_GONE.store(true, Ordering::Relaxed);
    if e.kind() != io::ErrorKind::BrokenPipe
        && let Ok(mut slot) = WRITE_ERROR.lock()
    {
        slot.get_or_insert_with(|| e.to_string());
    }
}

/// Writes `text` to standard output, unless it is gone.
pub fn stdout(text: &str) {
    if stdout_gone() {
        return;
    }
    let mut lock = io::stdout().lock();
    note(lock.write_all(text.as_bytes()).and_then(|()| lock.flush()));
}

/// Writes `text` to standard error. Failures are ignored: there is nowhere
/// left to report them.
pub fn stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Writes text that may hold ANSI colours to standard error, stripping them
/// where the terminal or `NO_COLOR` says so.
pub fn stderr_styled(text: &str) {
    let _ = anstream::stderr().write_all(text.as_bytes());
}

/// The first write failure other than a closed pipe, if any.
pub fn take_error() -> Option<String> {
    WRITE_ERROR.lock().ok().and_then(|mut slot| slot.take())
}
