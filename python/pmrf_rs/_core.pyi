"""Type stubs of the extension module ``pmrf_rs._core`` (the engine, written in Rust)."""

from __future__ import annotations

import os
from typing import Any, Literal, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

__version__: str

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
