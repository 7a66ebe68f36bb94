//! The progress bar of long batch runs: indicatif with feature `progress`, nothing without.

/// Runs with at least this many member-frequency points show a bar (on a terminal).
const PROGRESS_POINTS: usize = 20_000_000;

/// A progress bar for `points` units of work; hidden for short runs, when `show` is false, and
/// (by indicatif) when stderr is not a terminal.
pub(super) struct Progress {
    #[cfg(feature = "progress")]
    bar: indicatif::ProgressBar,
}

impl Progress {
    #[cfg_attr(not(feature = "progress"), allow(unused_variables))]
    pub(super) fn new(points: usize, show: bool) -> Self {
        #[cfg(feature = "progress")]
        {
            use indicatif::{ProgressBar, ProgressStyle};
            let bar = if show && points >= PROGRESS_POINTS {
                let bar = ProgressBar::new(points as u64);
                if let Ok(style) =
                    ProgressStyle::with_template("{bar:40} {percent:>3}% {elapsed} eta {eta}")
                {
                    bar.set_style(style);
                }
                bar
            } else {
                ProgressBar::hidden()
            };
            Progress { bar }
        }
        #[cfg(not(feature = "progress"))]
        {
            let _ = PROGRESS_POINTS;
            Progress {}
        }
    }

    /// Adds `n` units of finished work.
    #[inline]
    #[cfg_attr(not(feature = "progress"), allow(unused_variables))]
    pub(super) fn inc(&self, n: usize) {
        #[cfg(feature = "progress")]
        self.bar.inc(n as u64);
    }

    /// Removes the bar.
    pub(super) fn finish(self) {
        #[cfg(feature = "progress")]
        self.bar.finish_and_clear();
    }
}
