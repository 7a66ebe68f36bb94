"""Type stubs of ``my_models``: the pmrf engine (the API of ``pmrf_rs._core``, as this
module's own classes) and the parts of this crate. Keep ``RlcParasitic``'s section in step
with ``src/lib.rs``."""

from pmrf_rs._core import Frequency as Frequency
from pmrf_rs._core import Model as Model
from pmrf_rs._core import Network as Network
from pmrf_rs._core import PmrfError as PmrfError
from pmrf_rs._core import cascade as cascade
from pmrf_rs._core import components as components
from pmrf_rs._core import flip as flip
from pmrf_rs._core import terminate as terminate

__version__: str

def RlcParasitic(*, r: float = 1.0, l: float = 1e-9, c: float = 1e-12, cp: float = 0.1e-12) -> Model:
    """A series RLC (r ohm, l H, c F) with a parasitic capacitance cp (F) across it."""
