//! A progress bar for long runs: paths done, rate and ETA on stderr, shown
//! only when stderr is a terminal and the run has taken more than a second.

use indicatif::{ProgressBar, ProgressState, ProgressStyle};
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

/// Run `work` with a status line: what it says it is doing is shown on
/// stderr (when stderr is a terminal, and once the work has taken more
/// than a second), and cleared at the end.
pub fn with_status<T>(work: impl FnOnce(&dyn Fn(&str)) -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work(&|_| {});
    }
    let started = Instant::now();
    let line = ProgressBar::new_spinner()
        .with_style(ProgressStyle::with_template("{spinner} {msg}").expect("valid template"));
    line.enable_steady_tick(REFRESH);
    line.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    let shown = AtomicBool::new(false);
    let status = |message: &str| {
        if !shown.load(Ordering::Relaxed) && started.elapsed() >= SHOW_AFTER {
            line.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            shown.store(true, Ordering::Relaxed);
        }
        line.set_message(message.to_string());
    };
    let result = work(&status);
    line.finish_and_clear();
    result
}

/// `3.9M paths/s`, `850k paths/s`, `120 paths/s`.
fn paths_per_second(rate: f64) -> String {
    if rate >= 1e6 {
        format!("{:.1}M paths/s", rate / 1e6)
    } else if rate >= 1e3 {
        format!("{:.0}k paths/s", rate / 1e3)
    } else {
        format!("{rate:.0} paths/s")
    }
}

fn show(total: u64, done: &AtomicU64, finished: &AtomicBool) {
    let started = Instant::now();
    let mut bar: Option<ProgressBar> = None;
    while !finished.load(Ordering::Acquire) {
        std::thread::sleep(REFRESH);
        if bar.is_none() && started.elapsed() >= SHOW_AFTER {
            let style = ProgressStyle::with_template(
                "{bar:40} {human_pos}/{human_len} paths  {rate}  ETA {eta}",
            )
            .expect("valid template")
            .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}", paths_per_second(s.per_sec()));
            });
            let b = ProgressBar::new(total).with_style(style);
            // Start the rate estimate here, not from the paths done before
            // the bar appeared (that would read as one enormous step).
            b.set_position(done.load(Ordering::Relaxed));
            b.reset_eta();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_short() {
        assert_eq!(paths_per_second(3_912_345.6), "3.9M paths/s");
        assert_eq!(paths_per_second(850_400.0), "850k paths/s");
        assert_eq!(paths_per_second(120.4), "120 paths/s");
    }

    #[test]
    fn work_runs_and_counts_without_a_terminal() {
        // Under `cargo test` stderr is captured, so no bar is drawn.
        let out = with_progress(10, |done| {
            done.fetch_add(10, Ordering::Relaxed);
            42
        });
        assert_eq!(out, 42);
    }
}
