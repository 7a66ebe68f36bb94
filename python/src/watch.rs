//! Long runs from Python: Ctrl-C stops them, and they show progress when asked ([`Watch`]).
//!
//! A long run (a fit, a batch, a sampler) releases the GIL; its Rust loop calls
//! [`Watch::tick`] now and then, from any thread. At most every [`EVERY`] a tick takes the GIL
//! to run Python's signal handlers (a Ctrl-C raises `KeyboardInterrupt` there) and to report
//! progress; the tick then says whether to go on. After the run, [`Watch::finish`] shows the
//! last tick and raises what stopped it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use pyo3::types::PyBool;

/// How often a tick takes the GIL.
pub const EVERY: Duration = Duration::from_millis(100);

/// What a run shows of its progress: the `progress=` argument of long runs.
///
/// `None` or `False`: nothing; `True`: a line on `sys.stderr` (`label  done/total  12.3 s`,
/// rewritten in place, so it works in a terminal and in Jupyter); a callable: called as
/// `progress(done, total)`, its exception stops the run and is raised.
#[derive(Default)]
pub enum Progress {
    /// Show nothing.
    #[default]
    Hidden,
    /// A line on `sys.stderr`.
    Line,
    /// `callback(done, total)`.
    Callback(Py<PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Progress {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if ob.is_none() {
            return Ok(Progress::Hidden);
        }
        if let Ok(b) = ob.cast::<PyBool>() {
            return Ok(if b.is_true() {
                Progress::Line
            } else {
                Progress::Hidden
            });
        }
        if ob.is_callable() {
            return Ok(Progress::Callback(ob.to_owned().unbind()));
        }
        Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "progress must be None, a bool or a callable progress(done, total), not {}",
            ob.get_type().name()?
        )))
    }
}

/// The watch over one long run: interrupts and progress (see the module docs).
pub struct Watch {
    label: String,
    progress: Progress,
    start: Instant,
    state: Mutex<State>,
}

struct State {
    last: Instant,
    /// The last tick, not shown yet.
    pending: Option<(usize, usize)>,
    /// What stopped the run: a `KeyboardInterrupt`, or the callback's exception.
    stopped: Option<PyErr>,
    /// A progress line was written (and needs its newline).
    drawn: bool,
}

impl Watch {
    /// A watch for a run called `label` (shown on the progress line).
    pub fn new(label: &str, progress: Progress) -> Self {
        let start = Instant::now();
        Watch {
            label: label.to_owned(),
            progress,
            start,
            state: Mutex::new(State {
                last: start,
                pending: None,
                stopped: None,
                drawn: false,
            }),
        }
    }

    /// Reports `done` of `total` units of work; `false` means stop (Ctrl-C, or the progress
    /// callback raised). Cheap: the GIL is taken at most every [`EVERY`], and
    /// [`finish`](Watch::finish) reports the last tick. Callable from any thread, with the GIL
    /// released.
    pub fn tick(&self, done: usize, total: usize) -> bool {
        let Ok(mut state) = self.state.try_lock() else {
            // Another thread is reporting right now.
            return true;
        };
        if state.stopped.is_some() {
            return false;
        }
        state.pending = Some((done, total));
        let now = Instant::now();
        if now.duration_since(state.last) < EVERY {
            return true;
        }
        state.last = now;
        Python::attach(|py| self.report(py, &mut state));
        state.stopped.is_none()
    }

    /// Runs the signal handlers and shows the pending tick; an exception stops the run.
    fn report(&self, py: Python<'_>, state: &mut State) {
        let Some((done, total)) = state.pending.take() else {
            return;
        };
        let shown = py.check_signals().and_then(|()| match &self.progress {
            Progress::Hidden => Ok(false),
            Progress::Line => {
                let line = format!(
                    "\r{}  {done}/{total}  {:.1} s",
                    self.label,
                    self.start.elapsed().as_secs_f64()
                );
                let err = py.import("sys")?.getattr("stderr")?;
                err.call_method1("write", (line,))?;
                err.call_method0("flush")?;
                Ok(true)
            }
            Progress::Callback(f) => f.call1(py, (done, total)).map(|_| false),
        });
        match shown {
            Ok(drawn) => state.drawn |= drawn,
            Err(e) => state.stopped = Some(e),
        }
    }

    /// Ends the run: the progress line gets its newline, and what stopped the run is raised.
    pub fn finish(self, py: Python<'_>) -> PyResult<()> {
        let mut state = std::mem::replace(
            &mut *self.state.lock().unwrap_or_else(|e| e.into_inner()),
            State {
                last: self.start,
                pending: None,
                stopped: None,
                drawn: false,
            },
        );
        if state.stopped.is_none() {
            self.report(py, &mut state);
        }
        if state.drawn {
            let err = py.import("sys")?.getattr("stderr")?;
            err.call_method1("write", ("\n",))?;
        }
        match state.stopped {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}
