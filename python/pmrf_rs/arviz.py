"""Posterior draws of ``pmrf_rs.nuts`` / ``pmrf_rs.nested`` as an ``arviz.InferenceData``.

``Samples.to_arviz()`` calls :func:`to_arviz`; ArviZ is optional (``pip install arviz``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["to_arviz"]


def to_arviz(samples: Any) -> Any:
    """``samples`` (a ``pmrf_rs.Samples``) as an ``arviz.InferenceData``.

    Group ``posterior``: one variable per free parameter (its pmrf name, SI units) and
    ``sigma`` if the noise level was inferred, each with dims ``(chain, draw)``. Group
    ``sample_stats``: ``diverging`` (NUTS). Nested sampling gives one chain of equally
    weighted (resampled) draws, with ``log_evidence`` and ``log_evidence_error`` in the
    posterior's attributes.

    Raises ImportError if ArviZ is not installed.
    """
    try:
        import arviz as az
    except ImportError as e:
        raise ImportError(
            "Samples.to_arviz() needs ArviZ, which is not installed: pip install arviz"
        ) from e
    draws = samples.draws
    posterior = {name: draws[:, :, k] for k, name in enumerate(samples.names)}
    sigma = samples.sigma
    if sigma is not None:
        posterior["sigma"] = sigma
    sample_stats = None
    if samples.diverging is not None:
        sample_stats = {"diverging": samples.diverging}
    attrs = {"inference_library": "pmrf_rs", "sampler": samples.sampler}
    if samples.log_evidence is not None:
        attrs["log_evidence"] = samples.log_evidence
        attrs["log_evidence_error"] = samples.log_evidence_error
    return az.from_dict(
        posterior=posterior, sample_stats=sample_stats, posterior_attrs=attrs
    )
