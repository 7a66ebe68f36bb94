"""pmrf_rs: parametric, differentiable RF and microwave circuit models, the pmrf engine
(written in Rust) with numpy arrays in and out.

Named ``pmrf_rs`` so it installs side by side with ParamRF's ``pmrf``.
"""

from ._core import Frequency, Network, PmrfError, __version__
from ._core import Model, cascade, flip, terminate
from ._core import FitResult, fit
# --- inference ---
from ._core import Posterior, Samples, Summary, nested, nuts
# --- end inference ---
from . import components

__all__ = ["Frequency", "Network", "PmrfError", "__version__"]
__all__ += ["Model", "cascade", "terminate", "flip", "components"]
__all__ += ["fit", "FitResult"]
# --- inference ---
__all__ += ["Posterior", "Samples", "Summary", "nuts", "nested"]
# --- end inference ---
