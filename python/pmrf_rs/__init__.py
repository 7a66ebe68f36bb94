"""pmrf_rs: parametric, differentiable RF and microwave circuit models, the pmrf engine
(written in Rust) with numpy arrays in and out.

Named ``pmrf_rs`` so it installs side by side with ParamRF's ``pmrf``.
"""

from ._core import Frequency, Network, PmrfError, __version__
from ._core import Model, cascade, flip, terminate
from ._core import Circuit, DataBlock, connect, renumber
from ._core import FitResult, Goal, fit
from ._core import Posterior, Samples, Summary, nested, nuts
from ._core import noise_cascade
from . import components

__all__ = ["Frequency", "Network", "PmrfError", "__version__"]
__all__ += ["Model", "cascade", "terminate", "flip", "components"]
__all__ += ["Circuit", "DataBlock", "connect", "renumber"]
__all__ += ["fit", "FitResult", "Goal"]
__all__ += ["Posterior", "Samples", "Summary", "nuts", "nested"]
__all__ += ["noise_cascade"]
