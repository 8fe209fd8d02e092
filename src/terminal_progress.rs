//! The progress bar of `docgen build` and `serve` on a terminal (indicatif): drawn only once
//! the build has run for two seconds, so quick builds print nothing but their summary.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use docgen::{Progress, ProgressHandle, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Quick builds show no bar at all.
const SHOW_AFTER: Duration = Duration::from_secs(2);

/// `SHOW_AFTER`, unless `DOCGEN_PROGRESS_AFTER_MS` says otherwise (for tests of the bar).
fn show_after() -> Duration {
    std::env::var("DOCGEN_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(SHOW_AFTER, Duration::from_millis)
}

pub struct TerminalProgress {
    bar: ProgressBar,
    done: AtomicBool,
}

impl TerminalProgress {
    /// A handle drawing on stderr when it is a terminal; none otherwise.
    pub fn handle() -> ProgressHandle {
        use std::io::IsTerminal;
        if !std::io::stderr().is_terminal() {
            return ProgressHandle::default();
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        bar.set_style(style(0));
        let progress = Arc::new(TerminalProgress {
            bar,
            done: AtomicBool::new(false),
        });
        let later: Weak<TerminalProgress> = Arc::downgrade(&progress);
        std::thread::spawn(move || {
            std::thread::sleep(show_after());
            if let Some(progress) = later.upgrade()
                && !progress.done.load(Ordering::Relaxed)
            {
                progress.bar.set_draw_target(ProgressDrawTarget::stderr());
                progress.bar.enable_steady_tick(Duration::from_millis(120));
            }
        });
        ProgressHandle::new(progress)
    }
}

/// A bar of pages, or a spinner for a stage that cannot count them.
fn style(total: usize) -> ProgressStyle {
    let template = match total {
        0 => "{spinner} {msg} {elapsed}",
        _ => "{spinner} {msg:>12} [{bar:30}] {pos}/{len} pages {elapsed}",
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
        .progress_chars("=> ")
}

impl Progress for TerminalProgress {
    fn start(&self, stage: Stage, total: usize) {
        if self.done.load(Ordering::Relaxed) {
            return;
        }
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.bar.set_style(style(total));
        self.bar.set_message(stage.label());
    }

    fn advance(&self) {
        if !self.done.load(Ordering::Relaxed) {
            self.bar.inc(1);
        }
    }

    fn finish(&self) {
        // `serve` keeps the handle for its rebuilds, which are quick: no bar after the first.
        if !self.done.swap(true, Ordering::Relaxed) {
            self.bar.finish_and_clear();
        }
    }
}
