"""scikit-rf at the border: ``Network`` and ``Frequency`` to and from scikit-rf objects.

scikit-rf is a soft dependency: it is imported only when a conversion runs, and a missing
installation raises an ``ImportError`` that says how to install it. Conversions copy the
arrays exactly (frequencies in Hz, S and z0 as complex128), so a round trip gives the same
numbers bit for bit. Called by ``Network.to_skrf``/``Network.from_skrf`` and
``Frequency.to_skrf``/``Frequency.from_skrf``; usable directly too.
"""

import numpy as np

from ._core import Frequency, Network

__all__ = [
    "frequency_from_skrf",
    "frequency_to_skrf",
    "network_from_skrf",
    "network_to_skrf",
]


def _skrf():
    """The ``skrf`` module, or an ImportError saying how to get it."""
    try:
        import skrf
    except ImportError as e:
        raise ImportError(
            "pmrf_rs: converting to or from scikit-rf needs scikit-rf, which is not installed; "
            "install it with `pip install scikit-rf` (or `pip install pmrf-rs[skrf]`)"
        ) from e
    return skrf


def frequency_to_skrf(frequency):
    """``frequency`` (a ``pmrf_rs.Frequency``) as a ``skrf.Frequency``, same values and unit."""
    skrf = _skrf()
    # In Hz first: scikit-rf stores Hz, and values given in another unit would be multiplied.
    f = skrf.Frequency.from_f(np.array(frequency.hz), unit="Hz")
    f.unit = frequency.unit
    return f


def frequency_from_skrf(frequency):
    """The ``pmrf_rs.Frequency`` of a ``skrf.Frequency``, same values and unit."""
    return Frequency(np.asarray(frequency.f, dtype=np.float64), frequency.unit)


def network_to_skrf(network):
    """``network`` (a ``pmrf_rs.Network``) as a ``skrf.Network``: same f, s, z0 and name."""
    skrf = _skrf()
    return skrf.Network(
        frequency=frequency_to_skrf(network.frequency),
        s=np.array(network.s),
        z0=np.array(network.z0),
        name=network.name or None,
    )


def network_from_skrf(ntwk):
    """The ``pmrf_rs.Network`` of a ``skrf.Network``: same f, s, z0 and name (S-parameters
    as power waves; a network defined with other waves is renormalised by scikit-rf first)."""
    s_def = getattr(ntwk, "s_def", "power")
    if s_def != "power":
        ntwk = ntwk.copy()
        ntwk.renormalize(ntwk.z0, s_def="power")
    return Network(
        frequency_from_skrf(ntwk.frequency),
        np.asarray(ntwk.s, dtype=np.complex128),
        z0=np.asarray(ntwk.z0, dtype=np.complex128),
        name=ntwk.name or "",
    )
