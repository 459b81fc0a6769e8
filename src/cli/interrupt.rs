//! Ending on SIGINT or SIGTERM without cutting an output line in half.
//!
//! By default a signal ends the process wherever it is, and `match --batch`
//! is mostly in the middle of a buffered JSON line: a consumer then reads a
//! truncated last line. [`watch`] instead waits for the signal in a thread;
//! the batch writes its lines under the output's lock, a chunk of whole
//! lines at a time, so the watcher takes the lock, flushes what was written
//! and exits with the shell's status for the signal, 128 + its number (130
//! for SIGINT, 143 for SIGTERM). A second signal, or an output still locked
//! after [`GRACE`] (a reader that stopped reading), ends it at once.
//!
//! A signal the process was started with ignored (a background job of a
//! script, `nohup`) stays ignored, as whoever started it asked. Elsewhere
//! than on Unix, signals keep their default action.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Set when a watched signal arrives: writers stop taking the output's lock
/// so that the watcher gets it at the next line boundary.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// True once a watched signal has arrived ([`watch`]); the process is about
/// to end.
pub fn stopping() -> bool {
    STOPPING.load(Ordering::Acquire)
}

/// How long the watcher waits for the chunk being written.
#[cfg(unix)]
const GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Watches for SIGINT and SIGTERM from now on: on either, `out` is flushed
/// once no one writes to it, `before_exit` runs (to clear a progress bar),
/// and the process exits.
///
/// # Errors
/// When the signal handlers cannot be installed.
#[cfg(unix)]
pub fn watch<W: Write + Send + 'static>(
    out: Arc<Mutex<W>>,
    before_exit: impl FnOnce() + Send + 'static,
) -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use std::sync::TryLockError;

    let watched = [SIGINT, SIGTERM].into_iter().filter(|&s| !ignored(s));
    let mut signals = signal_hook::iterator::Signals::new(watched)?;
    std::thread::spawn(move || {
        let Some(signal) = signals.forever().next() else {
            return;
        };
        STOPPING.store(true, Ordering::Release);
        let started = std::time::Instant::now();
        loop {
            let guard = match out.try_lock() {
                Ok(guard) => Some(guard),
                Err(TryLockError::Poisoned(p)) => Some(p.into_inner()),
                Err(TryLockError::WouldBlock) => None,
            };
            if let Some(mut out) = guard {
                let _ = out.flush();
                break;
            }
            if started.elapsed() > GRACE || signals.pending().next().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        before_exit();
        let name = if signal == SIGINT {
            "SIGINT"
        } else {
            "SIGTERM"
        };
        let _ = writeln!(
            std::io::stderr(),
            "yongquan: stopped by {name}; the output ends with its last whole line"
        );
        std::process::exit(128 + signal);
    });
    Ok(())
}

/// Whether `signal` is ignored, as it was inherited.
#[cfg(unix)]
fn ignored(signal: libc::c_int) -> bool {
    let mut old = std::mem::MaybeUninit::<libc::sigaction>::zeroed();
    // SAFETY: with a null new action, sigaction only writes the current
    // one to `old`, which is zeroed, hence initialised, either way.
    unsafe {
        libc::sigaction(signal, std::ptr::null(), old.as_mut_ptr());
        old.assume_init().sa_sigaction == libc::SIG_IGN
    }
}

/// Signals keep their default action.
#[cfg(not(unix))]
pub fn watch<W: Write + Send + 'static>(
    _out: Arc<Mutex<W>>,
    _before_exit: impl FnOnce() + Send + 'static,
) -> std::io::Result<()> {
    Ok(())
}
