//! A progress bar for long runs: paths done, rate and ETA on stderr, shown
//! only when stderr is a terminal and the run has taken more than a second.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Runs that finish sooner never show a bar.
const SHOW_AFTER: Duration = Duration::from_secs(1);
const REFRESH: Duration = Duration::from_millis(100);

/// Run `work` with a counter of paths done; while it runs, show a bar out
/// of `total` paths if stderr is a terminal.
pub fn with_progress<T>(total: u64, work: impl FnOnce(&AtomicU64) -> T) -> T {
    let done = AtomicU64::new(0);
    if !std::io::stderr().is_terminal() {
        return work(&done);
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| show(total, &done, &finished));
        let result = work(&done);
        finished.store(true, Ordering::Release);
        result
    })
}

fn show(total: u64, done: &AtomicU64, finished: &AtomicBool) {
    let started = Instant::now();
    let mut bar: Option<ProgressBar> = None;
    while !finished.load(Ordering::Acquire) {
        std::thread::sleep(REFRESH);
        if bar.is_none() && started.elapsed() >= SHOW_AFTER {
            let b = ProgressBar::new(total);
            b.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {human_pos}/{human_len} paths  {per_sec}  ETA {eta}",
                )
                .expect("valid template"),
            );
            bar = Some(b);
        }
        if let Some(b) = &bar {
            b.set_position(done.load(Ordering::Relaxed));
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
}
