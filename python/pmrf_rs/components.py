"""pmrf's catalogue of parts with SI keyword arguments, each returning a ``Model``.

>>> from pmrf_rs.components import SeriesC
>>> SeriesC(c=2.2e-12).names
['c']
"""

from . import _core

_parts = _core.components
__all__ = sorted(name for name in dir(_parts) if not name.startswith("_"))
globals().update({name: getattr(_parts, name) for name in __all__})
