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
    """``network`` (a ``pmrf_rs.Network``) as a ``skrf.Network``: same f, s, z0 and name, and
    the noise data if it has any (scikit-rf's ``set_noise_a``, on the noise frequencies)."""
    skrf = _skrf()
    ntwk = skrf.Network(
        frequency=frequency_to_skrf(network.frequency),
        s=np.array(network.s),
        z0=np.array(network.z0),
        name=network.name or None,
    )
    if network.has_noise:
        # pmrf's gamma_opt is at 50 ohm; scikit-rf reads it at the network's first z0.
        z_opt = 50.0 * (1 + network.gamma_opt) / (1 - network.gamma_opt)
        z0 = ntwk.z0[0, 0]
        ntwk.set_noise_a(
            frequency_to_skrf(network.noise_frequency),
            nfmin_db=np.array(network.nfmin_db),
            gamma_opt=(z_opt - z0) / (z_opt + z0),
            rn=np.array(network.rn),
        )
    return ntwk


def network_from_skrf(ntwk):
    """The ``pmrf_rs.Network`` of a ``skrf.Network``: same f, s, z0 and name (S-parameters
    as power waves; a network defined with other waves is renormalised by scikit-rf first),
    and its noise data if it is ``noisy``."""
    s_def = getattr(ntwk, "s_def", "power")
    if s_def != "power":
        ntwk = ntwk.copy()
        ntwk.renormalize(ntwk.z0, s_def="power")
    net = Network(
        frequency_from_skrf(ntwk.frequency),
        np.asarray(ntwk.s, dtype=np.complex128),
        z0=np.asarray(ntwk.z0, dtype=np.complex128),
        name=ntwk.name or "",
    )
    if getattr(ntwk, "noisy", False):
        params = _noise_parameters(ntwk.noise, _skrf().constants)
        net = net.with_noise(frequency_from_skrf(ntwk.noise_freq), *params)
    return net


def _noise_parameters(ca, constants):
    """``(nfmin_db, gamma_opt at 50 ohm, rn in ohm)`` of scikit-rf's ABCD noise correlation
    matrices ``ca`` ``(nnoise, 2, 2)``, W/Hz (the textbook relations, as scikit-rf's own
    ``nfmin``, ``y_opt`` and ``rn``, on the noise grid instead of the network's), with
    scikit-rf's Boltzmann constant and T0 (``constants``) that made them."""
    kt = constants.K_BOLTZMANN * constants.T0
    ca = np.asarray(ca, dtype=np.complex128)
    c00, c01, c11 = ca[:, 0, 0], ca[:, 0, 1], ca[:, 1, 1]
    rn = np.real(c00) / (4 * kt)
    b = np.imag(c01 / c00)
    y_opt = np.sqrt(np.real(c11 / c00) - b**2) + 1j * b
    nfmin = np.real(1 + (c01 + c00 * np.conj(y_opt)) / (2 * kt))
    z_opt = 1 / y_opt
    return 10 * np.log10(nfmin), (z_opt - 50) / (z_opt + 50), rn
