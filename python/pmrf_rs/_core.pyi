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
        """The network of a ``skrf.Network`` (exact copies; needs scikit-rf)."""
    def write(
        self,
        path: _Path,
        format: Literal["RI", "MA", "DB"] = "RI",
        unit: Optional[_Unit | str] = None,
        version: Literal[1, 2] = 1,
    ) -> None: ...
    def to_skrf(self) -> Any:
        """This network as a ``skrf.Network`` (exact copies; needs scikit-rf)."""
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

def cascade(stages: Sequence[Model]) -> Model: ...
def terminate(network: Model, load: Model) -> Model: ...
def flip(network: Model) -> Model: ...

# --- end of models ---------------------------------------------------------------------------

# --- export (python/src/export.rs) -----------------------------------------------------------
# `pmrf_rs::export_models!(my_models, [Part, ...])` builds a user crate's own extension module
# with everything above (its own copies of these classes: they do not mix with pmrf_rs's) plus
# `Part(**params: float) -> Model` per part. Its stub: see python/template/my_models.pyi.
# --- end of export ---------------------------------------------------------------------------
# --- fits (python/src/fit.rs) ----------------------------------------------------------------

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

def fit(
    model: Model,
    data: Union[Network, Any],
    features: Union[str, Sequence[str], None] = None,
    *,
    weights: Optional[Sequence[float]] = None,
    band: Optional[tuple[float, float]] = None,
    max_iterations: int = 1000,
    ftol: Optional[float] = None,
    xtol: Optional[float] = None,
    gtol: Optional[float] = None,
    progress: Progress = None,
) -> FitResult:
    """Fits the free parameters of ``model`` to ``data`` by bounded Levenberg-Marquardt
    (MSE over the named features, exact Jacobian); releases the GIL."""
    ...

# --- end of fits -----------------------------------------------------------------------------
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
