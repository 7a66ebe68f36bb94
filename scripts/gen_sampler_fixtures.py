"""Reference convergence diagnostics for `tests/samplers.rs`.

Writes tests/fixtures/sampler_diagnostics.json: a handful of synthetic chain sets (drawn here with
a fixed numpy seed and stored in full precision) with ArviZ's rank-normalised split R-hat
(`az.rhat(method="rank")`), bulk and tail ESS (`az.ess(method="bulk" | "tail")`) and the split,
not rank-normalised ESS (`az.ess(method="mean")`), which pmrf's `infer::sample::diagnostics`
reproduces (Vehtari et al. 2021). Needs arviz (0.23.4 used), numpy.
"""

import json
import pathlib

import arviz as az
import numpy as np

rng = np.random.default_rng(20240909)


def ar1(chains, draws, phi):
    x = np.zeros((chains, draws))
    x[:, 0] = rng.standard_normal(chains) / np.sqrt(1 - phi**2)
    for t in range(1, draws):
        x[:, t] = phi * x[:, t - 1] + rng.standard_normal(chains)
    return x


cases = {
    "iid_normal": rng.standard_normal((4, 500)),
    "ar1_0.9": ar1(4, 1000, 0.9),
    "antithetic": ar1(2, 400, -0.6),
    "shifted_chains": rng.standard_normal((4, 300)) + np.array([[0.0], [0.0], [0.0], [3.0]]),
    "scaled_chains_odd": rng.standard_normal((3, 101)) * np.array([[1.0], [1.0], [5.0]]),
    "cauchy": rng.standard_cauchy((4, 300)),
    "ties": np.round(rng.standard_normal((2, 200)) * 2) / 2,
    "trend": rng.standard_normal((2, 200)) + np.linspace(0, 3, 200),
}

out = []
for name, x in cases.items():
    out.append(
        {
            "name": name,
            "draws": x.tolist(),
            "rhat": float(az.rhat(x, method="rank")),
            "ess_bulk": float(az.ess(x, method="bulk")),
            "ess_tail": float(az.ess(x, method="tail")),
            "ess_mean": float(az.ess(x, method="mean")),
        }
    )
    print(name, out[-1]["rhat"], out[-1]["ess_bulk"], out[-1]["ess_tail"], out[-1]["ess_mean"])

path = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sampler_diagnostics.json"
path.write_text(json.dumps({"generator": "scripts/gen_sampler_fixtures.py", "arviz": az.__version__, "cases": out}))
