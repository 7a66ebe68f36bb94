"""Type stubs of the extension module ``pmrf_rs._core`` (the engine, written in Rust)."""

from __future__ import annotations

import os
from typing import Any, Callable, Literal, Mapping, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

from . import components as components

__version__: str

# What long runs show of their progress: None/False nothing, True a line on stderr,
# a callable called as progress(done, total) (its exception stops the run and is raised).
Progress = Union[None, bool, Callable[[int, int], Any]]

# --- The border: PmrfError, Frequency, Network ---------------------------------------------

_Path = Union[str, os.PathLike[str]]
_C128 = npt.NDArray[np.complex128]
_F64 = npt.NDArray[np.float64]
_Z0 = Union[float, complex, npt.ArrayLike]
_Unit = Literal["Hz", "kHz", "MHz", "GHz", "THz", "hz", "khz", "mhz", "ghz", "thz"]

class PmrfError(ValueError):
    """An error of the pmrf engine: bad input (a wrong parameter name or count, NaN, a
    malformed file, an empty grid) or a model that cannot be evaluated. The message says what
    and where."""

class Frequency:
    """A frequency grid: ascending, finite, non-negative values in Hz, shown in ``unit``.

    Grids are equal when their values in Hz are; ``np.asarray(f)`` is ``f.hz``."""

    def __init__(self, hz: npt.ArrayLike, unit: _Unit | str = "Hz") -> None: ...
    @staticmethod
    def linspace(start: float, stop: float, npoints: int, unit: _Unit | str = "GHz") -> Frequency: ...
    @staticmethod
    def logspace(start: float, stop: float, npoints: int, unit: _Unit | str = "GHz") -> Frequency: ...
    @staticmethod
    def from_skrf(frequency: Any) -> Frequency:
        """The grid of a ``skrf.Frequency`` (exact values, same unit; needs scikit-rf)."""
    @property
    def hz(self) -> _F64:
        """The values in Hz: a read-only view of the grid's memory."""
    @property
    def scaled(self) -> _F64:
        """The values in the display unit."""
    @property
    def unit(self) -> str: ...
    @property
    def start(self) -> float: ...
    @property
    def stop(self) -> float: ...
    def with_unit(self, unit: _Unit | str) -> Frequency: ...
    def to_skrf(self) -> Any:
        """This grid as a ``skrf.Frequency`` (needs scikit-rf)."""
    def __array__(self, dtype: Any = None, copy: Optional[bool] = None) -> _F64: ...
    def __eq__(self, other: object) -> bool: ...
    def __len__(self) -> int: ...

class Network:
    """S-parameters ``(nfreq, n, n)`` over a frequency grid, with reference impedances
    ``(nfreq, n)`` in ohm (power waves, as in scikit-rf). Immutable: operations return new
    networks; ``s`` and ``z0`` are read-only views."""

    def __init__(
        self,
        frequency: Frequency,
        s: _C128,
        z0: Optional[_Z0] = None,
        name: str = "",
    ) -> None: ...
    @staticmethod
    def read(path: _Path) -> Network:
        """Reads a Touchstone file (``.sNp``/``.yNp``/``.zNp``/``.hNp``/``.gNp``, ``.ts``)."""
    @staticmethod
    def from_skrf(ntwk: Any) -> Network:
        """The network of a ``skrf.Network`` (exact copies, noise data included; needs scikit-rf)."""
    def write(
        self,
        path: _Path,
        format: Literal["RI", "MA", "DB"] = "RI",
        unit: Optional[_Unit | str] = None,
        version: Literal[1, 2] = 1,
    ) -> None: ...
    def to_skrf(self) -> Any:
        """This network as a ``skrf.Network`` (exact copies, noise data included; needs scikit-rf)."""
    @property
    def s(self) -> _C128: ...
    @property
    def z0(self) -> _C128: ...
    @property
    def z(self) -> _C128: ...
    @property
    def y(self) -> _C128: ...
    @property
    def abcd(self) -> _C128: ...
    @property
    def s_db(self) -> _F64: ...
    @property
    def s_mag(self) -> _F64: ...
    @property
    def s_deg(self) -> _F64: ...
    @property
    def s_deg_unwrap(self) -> _F64: ...
    @property
    def frequency(self) -> Frequency: ...
    @property
    def f(self) -> _F64: ...
    @property
    def nports(self) -> int: ...
    @property
    def name(self) -> str: ...
    def renamed(self, name: str) -> Network: ...
    def __getitem__(self, name: str) -> _C128:
        """The trace named ``name``: ``net["s21"]``, ``net["s10_2"]``."""
    def interpolate(
        self,
        frequency: Frequency,
        method: Literal["linear", "mag_phase", "cubic"] = "linear",
    ) -> Network: ...
    def cropped(self, start: float, stop: float) -> Network: ...
    def cascade(self, other: Network) -> Network: ...
    def __pow__(self, other: Network, modulo: None = None) -> Network: ...
    def connect(self, k: int, other: Network, l: int) -> Network: ...
    def inner_connect(self, k: int, l: int) -> Network: ...
    def renormalized(self, z0: _Z0, s_def: Literal["power", "pseudo"] = "power") -> Network: ...
    def inverse(self) -> Network: ...
    def deembed(self, left: Optional[Network] = None, right: Optional[Network] = None) -> Network: ...
    def flipped(self) -> Network: ...
    def subnetwork(self, ports: Sequence[int]) -> Network: ...
    def __eq__(self, other: object) -> bool: ...
    def __len__(self) -> int: ...
    # --- noise (python/src/noise.rs): a 2-port's noise data, from Touchstone or noise_cascade
    def with_noise(
        self,
        frequency: Frequency,
        nfmin_db: npt.ArrayLike,
        gamma_opt: npt.ArrayLike,
        rn: npt.ArrayLike,
    ) -> Network:
        """This 2-port with noise data on its own grid: NFmin (dB), gamma_opt (50 ohm), Rn (ohm)."""
    @property
    def has_noise(self) -> bool: ...
    @property
    def noise_frequency(self) -> Frequency:
        """The grid of the noise data; PmrfError without noise data (every noise accessor)."""
    @property
    def nfmin(self) -> _F64:
        """The minimum noise factor, LINEAR, over the noise grid (``nfmin_db`` in dB)."""
    @property
    def nfmin_db(self) -> _F64: ...
    @property
    def gamma_opt(self) -> _C128:
        """The optimum source reflection at 50 ohm over the noise grid."""
    @property
    def rn(self) -> _F64:
        """The equivalent noise resistance in ohm (not normalised) over the noise grid."""
    def noise_figure(
        self, gamma_s: Optional[complex] = None, frequency: Optional[Frequency] = None
    ) -> _F64:
        """The noise figure in dB from a source ``gamma_s`` (default 0) at 290 K, over
        ``frequency`` (default: the noise grid), interpolated linearly, never extrapolated."""
    def noise_temperature(
        self, gamma_s: Optional[complex] = None, frequency: Optional[Frequency] = None
    ) -> _F64:
        """The noise temperature ``T0 (F - 1)`` in K, as ``noise_figure``."""
    # --- end noise

# --- end of the border ---------------------------------------------------------------------

# --- models (python/src/model) ---------------------------------------------------------------

class Model:
    """A parametric, differentiable RF model: a catalogue part or a composition. Immutable."""

    @property
    def nports(self) -> int: ...
    @property
    def names(self) -> list[str]: ...
    @property
    def values(self) -> npt.NDArray[np.float64]: ...
    @property
    def free_names(self) -> list[str]: ...
    def table(self) -> list[dict[str, Any]]: ...
    def with_params(
        self, params: Union[Mapping[str, float], npt.NDArray[np.float64]]
    ) -> Model: ...
    def fixed(self, pattern: str) -> Model: ...
    def free(self, pattern: str) -> Model: ...
    def bounded(self, pattern: str, lo: float, hi: float) -> Model: ...
    def with_prior(self, pattern: str, kind: Optional[str], *args: float) -> Model: ...
    def s(self, freq: Frequency) -> npt.NDArray[np.complex128]: ...
    def z(self, freq: Frequency) -> npt.NDArray[np.complex128]: ...
    def y(self, freq: Frequency) -> npt.NDArray[np.complex128]: ...
    def abcd(self, freq: Frequency) -> npt.NDArray[np.complex128]: ...
    def network(self, freq: Frequency) -> Network: ...
    def to_skrf(self, freq: Frequency) -> Any: ...
    def jacobian(self, freq: Frequency) -> npt.NDArray[np.complex128]: ...
    def __pow__(self, other: Model) -> Model: ...
    def __len__(self) -> int: ...
    # --- noise (python/src/noise.rs): thermal noise of a passive model (Bosma's theorem)
    def noise_correlation(self, freq: Frequency, temperature: float = 290.0) -> _C128:
        """``T (I - S S^H)`` in K, ``(nfreq, n, n)``; PmrfError for a model that is not passive."""
    def noise_figure(
        self,
        freq: Frequency,
        gamma_s: Optional[complex] = None,
        temperature: float = 290.0,
        input: int = 0,
        output: int = 1,
    ) -> _F64:
        """The noise figure in dB from port ``input`` to ``output`` at physical ``temperature``."""
    # --- end noise
    # --- ties (python/src/model/tie.rs)
    def tied(self, name: str, to: str, scale: float = 1.0, offset: float = 0.0) -> Model:
        """``name`` (a name or glob) takes ``scale * value(to) + offset`` and is no longer free."""
    def untied(self, name: str) -> Model:
        """The ties of ``name`` (a name or glob) released; they keep their values."""
    # --- end ties
    # --- batches (python/src/batch.rs) ---
    def sample(self, n: int, seed: int = 0) -> npt.NDArray[np.float64]: ...
    def s_batch(
        self, freq: Frequency, values: npt.NDArray[np.float64],
        progress: Progress = None,
        out: Optional[npt.NDArray[np.complex128]] = None,
    ) -> npt.NDArray[np.complex128]: ...
    def z_batch(
        self, freq: Frequency, values: npt.NDArray[np.float64],
        progress: Progress = None,
        out: Optional[npt.NDArray[np.complex128]] = None,
    ) -> npt.NDArray[np.complex128]: ...
    def y_batch(
        self, freq: Frequency, values: npt.NDArray[np.float64],
        progress: Progress = None,
        out: Optional[npt.NDArray[np.complex128]] = None,
    ) -> npt.NDArray[np.complex128]: ...
    def abcd_batch(
        self, freq: Frequency, values: npt.NDArray[np.float64],
        progress: Progress = None,
        out: Optional[npt.NDArray[np.complex128]] = None,
    ) -> npt.NDArray[np.complex128]: ...
    def s_and_jacobian(
        self, freq: Frequency
    ) -> tuple[npt.NDArray[np.complex128], npt.NDArray[np.complex128]]: ...
    # --- end batches ---

def cascade(stages: Sequence[Model]) -> Model: ...
def terminate(network: Model, load: Model) -> Model: ...
def flip(network: Model) -> Model: ...

# --- end of models ---------------------------------------------------------------------------

# --- export (python/src/export.rs) -----------------------------------------------------------
# `pmrf_rs::export_models!(my_models, [Part, ...])` builds a user crate's own extension module
# with everything above (its own copies of these classes: they do not mix with pmrf_rs's) plus
# `Part(**params: float) -> Model` per part. Its stub: see python/template/my_models.pyi.
# --- end of export ---------------------------------------------------------------------------
# --- fits (python/src/fit/) ------------------------------------------------------------------

# pmrf's losses: "mse" (default), "rmse", "log_mse", or ("huber", delta).
Loss = Union[Literal["mse", "rmse", "log_mse"], tuple[Literal["huber"], float]]
# pmrf's optimisers.
Method = Literal["auto", "lm", "lbfgs", "nelder-mead"]

class Goal:
    """A design goal: a real feature kept below or above a limit at every point of a grid,
    penalised by its mean squared violation (pmrf's Goal). ``Goal("s11_db <= -20", freq)``."""

    def __init__(self, spec: str, frequency: Frequency, weight: float = 1.0) -> None: ...
    @property
    def feature(self) -> str: ...
    @property
    def limit(self) -> float: ...
    @property
    def below(self) -> bool: ...
    @property
    def weight(self) -> float: ...

class FitResult:
    """The outcome of ``fit``: the fitted model, the loss, how the optimiser ended, and the
    fitted values with standard errors and covariance (SI, in the order of ``names``)."""

    @property
    def model(self) -> Model: ...
    @property
    def names(self) -> list[str]: ...
    @property
    def values(self) -> npt.NDArray[np.float64]: ...
    @property
    def loss(self) -> float: ...
    @property
    def iterations(self) -> int: ...
    @property
    def evaluations(self) -> int: ...
    @property
    def converged(self) -> bool: ...
    @property
    def message(self) -> str: ...
    @property
    def covariance(self) -> Optional[npt.NDArray[np.float64]]: ...
    @property
    def standard_errors(self) -> Optional[npt.NDArray[np.float64]]: ...
    @property
    def method(self) -> Literal["lm", "lbfgs", "nelder-mead"]: ...
    @property
    def residuals(self) -> Optional[npt.NDArray[np.float64]]: ...
    @property
    def fitted(self) -> Optional[Network]: ...
    @property
    def table(self) -> list[dict[str, Any]]: ...

def fit(
    model: Model,
    data: Union[Network, Any, None] = None,
    features: Union[str, Sequence[str], None] = None,
    *,
    weights: Optional[Sequence[float]] = None,
    band: Optional[tuple[float, float]] = None,
    loss: Optional[Loss] = None,
    method: Method = "auto",
    goals: Optional[Sequence[Goal]] = None,
    priors: bool = False,
    stages: Optional[Sequence[Union[str, Sequence[str]]]] = None,
    max_iterations: int = 1000,
    ftol: Optional[float] = None,
    xtol: Optional[float] = None,
    gtol: Optional[float] = None,
    progress: Progress = None,
) -> FitResult:
    """Fits the free parameters of ``model`` to ``data`` and/or ``goals`` with pmrf's loss
    and optimiser (exact derivatives); a MAP fit with ``priors=True``; in ``stages``;
    releases the GIL."""
    ...

# --- end of fits -----------------------------------------------------------------------------

# --- noise (python/src/noise.rs) -------------------------------------------------------------

def noise_cascade(
    stages: Sequence[Union[Network, Model]], frequency: Frequency, temperature: float = 290.0
) -> Network:
    """The cascade of noisy 2-ports (Networks with noise data; Networks without and Models as
    passive at ``temperature``) over ``frequency``: a Network with noise data."""

# --- end of noise ----------------------------------------------------------------------------
# --- circuits (python/src/model/circuit.rs, data.rs) -----------------------------------------

_Interpolation = Literal["linear", "mag_phase", "magnitude_phase", "cubic"]

def Circuit(parts: Mapping[str, tuple[Model, Sequence[str]]], ports: Sequence[str]) -> Model:
    """A circuit of models: ``{name: (model, nets)}`` on named nets (``"gnd"`` the ground),
    external ports on the nets ``ports`` (port 1 first, 50 ohm), solved exactly by the
    connection method; parameters named ``"<part>.<name>"``, exact Jacobian."""

def connect(a: Model, port_a: int, b: Model, port_b: int) -> Model:
    """Port ``port_a`` of ``a`` joined to port ``port_b`` of ``b`` (0-based, as scikit-rf's
    ``connect``); parameters ``a.<name>`` and ``b.<name>``."""

def renumber(model: Model, order: Sequence[int]) -> Model:
    """``model`` with new port ``i`` being its port ``order[i]`` (0-based); parameters
    ``network.<name>``."""

def DataBlock(
    network: Network,
    interpolation: _Interpolation | str = "linear",
    extrapolation: Literal["refuse", "hold_edge"] | str = "refuse",
) -> Model:
    """Measured or simulated data as a ``Model`` without parameters, interpolated onto the
    grid it is evaluated on; outside its band a ``PmrfError`` unless ``"hold_edge"``."""

# --- end of circuits -------------------------------------------------------------------------
# --- inference (python/src/infer.rs) ---------------------------------------------------------

_MassMatrix = Literal["diagonal", "low_rank", "dense"]

class Posterior:
    """The posterior of ``model``'s free parameters given ``data`` (pmrf's ``Posterior``):
    priors (or uniform between finite bounds) times independent Gaussian (Student's t with
    ``nu``) noise of level ``sigma`` on every real difference ``model - data``; ``sigma=None``
    infers it (prior ``uniform(1e-6, 0.1)``). Coordinates: the free parameters, then
    ``sigma`` if inferred."""

    def __init__(
        self,
        model: Model,
        data: Union[Network, Any],
        features: Union[str, Sequence[str], None] = None,
        *,
        sigma: Optional[float] = None,
        nu: Optional[float] = None,
        band: Optional[tuple[float, float]] = None,
    ) -> None: ...
    @property
    def names(self) -> list[str]: ...
    @property
    def dim(self) -> int: ...
    @property
    def count(self) -> int:
        """The number of real differences compared."""
    def log_density(self, z: _F64) -> tuple[float, _F64]:
        """Log density on the unconstrained space (log-Jacobians included) and its gradient."""
    def log_likelihood(self, x: _F64) -> float:
        """Normalised ``ln L`` at the physical coordinates ``x`` (SI)."""
    def to_physical(self, z: _F64) -> _F64: ...
    def to_unconstrained(self, x: _F64) -> _F64: ...
    def nuts(
        self,
        *,
        draws: int = 1000,
        tune: int = 1000,
        chains: int = 4,
        seed: int = 0,
        mass_matrix: _MassMatrix = "diagonal",
        target_accept: float = 0.8,
        max_depth: int = 10,
        progress: Progress = None,
    ) -> Samples: ...
    def nested(
        self,
        *,
        n_live: Optional[int] = None,
        n_repeats: Optional[int] = None,
        dlogz: float = 0.01,
        batch: int = 8,
        seed: int = 0,
        max_calls: Optional[int] = None,
        progress: Progress = None,
    ) -> Samples: ...

class Summary:
    """Per coordinate: mean, sd, quantiles (probs 5/25/50/75/95 %), R-hat and bulk ESS."""

    @property
    def names(self) -> list[str]: ...
    @property
    def mean(self) -> _F64: ...
    @property
    def sd(self) -> _F64: ...
    @property
    def probs(self) -> list[float]: ...
    @property
    def quantiles(self) -> _F64: ...
    @property
    def r_hat(self) -> Optional[_F64]: ...
    @property
    def ess_bulk(self) -> Optional[_F64]: ...
    def __getitem__(self, name: str) -> dict[str, Optional[float]]: ...
    def __len__(self) -> int: ...

class Samples:
    """Posterior draws (SI) of the free parameters: ``draws`` ``(chains, draws, nparams)``."""

    @property
    def sampler(self) -> Literal["nuts", "nested"]: ...
    @property
    def names(self) -> list[str]: ...
    @property
    def draws(self) -> _F64: ...
    @property
    def sigma(self) -> Optional[_F64]: ...
    @property
    def evaluations(self) -> int:
        """Gradients (NUTS, tuning included) or likelihood calls (nested sampling)."""
    @property
    def seconds(self) -> float: ...
    @property
    def divergences(self) -> int: ...
    @property
    def diverging(self) -> Optional[npt.NDArray[np.bool_]]: ...
    @property
    def log_evidence(self) -> Optional[float]: ...
    @property
    def log_evidence_error(self) -> Optional[float]: ...
    @property
    def converged(self) -> bool: ...
    @property
    def points(self) -> Optional[_F64]: ...
    @property
    def log_weights(self) -> Optional[_F64]: ...
    def summary(self) -> Summary: ...
    def model(self, i: int) -> Model: ...
    def median_model(self) -> Model: ...
    def to_arviz(self) -> Any:
        """An ``arviz.InferenceData`` (needs ArviZ; ImportError otherwise)."""

def nuts(
    model: Model,
    data: Union[Network, Any],
    features: Union[str, Sequence[str], None] = None,
    *,
    sigma: Optional[float] = None,
    nu: Optional[float] = None,
    band: Optional[tuple[float, float]] = None,
    draws: int = 1000,
    tune: int = 1000,
    chains: int = 4,
    seed: int = 0,
    mass_matrix: _MassMatrix = "diagonal",
    target_accept: float = 0.8,
    max_depth: int = 10,
    progress: Progress = None,
) -> Samples:
    """Samples the posterior by NUTS (exact gradients, chains in parallel); releases the GIL."""
    ...

def nested(
    model: Model,
    data: Union[Network, Any],
    features: Union[str, Sequence[str], None] = None,
    *,
    sigma: Optional[float] = None,
    nu: Optional[float] = None,
    band: Optional[tuple[float, float]] = None,
    n_live: Optional[int] = None,
    n_repeats: Optional[int] = None,
    dlogz: float = 0.01,
    batch: int = 8,
    seed: int = 0,
    max_calls: Optional[int] = None,
    progress: Progress = None,
) -> Samples:
    """Nested sampling of the posterior, with the log-evidence; releases the GIL."""
    ...

# --- end of inference ------------------------------------------------------------------------
