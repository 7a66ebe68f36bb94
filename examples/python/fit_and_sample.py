"""Fit and sample: a measured low-pass fitted, then its posterior sampled, from Python.

Notebook-style: each ``# %%`` cell runs on its own in Jupyter / VS Code, or run the whole
file: ``python examples/python/fit_and_sample.py`` (needs scikit-rf; matplotlib for the
plots, skipped if it is missing or PMRF_NO_PLOT is set; PMRF_QUICK=1 samples less, on every 15th point).

The data, ``examples/data/lowpass_measured.s2p``, is synthetic: a board low-pass (two equal
delay lines around a shunt C, a series L and a shunt C, each with its ESR) plus complex
Gaussian noise of 2e-3 per part (see its header and ``examples/fit.rs``, whose ``TRUTH`` is
delay 40 ps, C 2.2 pF with ESR 0.35 ohm, L 6.8 nH with 0.9 ohm). The model below is that
circuit, the second line's delay tied to the first's, started 20-50 % off.
"""

# %% Imports and the measurement, read by scikit-rf
import os
import pathlib
import tempfile

import numpy as np
import skrf

import pmrf_rs as rs
from pmrf_rs.components import DelayLine, SeriesLEsr, ShuntCEsr

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "lowpass_measured.s2p"
QUICK = bool(os.environ.get("PMRF_QUICK"))

measured_skrf = skrf.Network(str(DATA))
if QUICK:
    measured_skrf = measured_skrf[::15]  # 20 of the 300 points: a smoke test
measured = rs.Network.from_skrf(measured_skrf)
print(measured)

# %% The model: five stages, the lines' impedance held at 50 ohm and their delays tied (one
# trace design, twice), every value bounded (bounds are the priors' support: a free parameter
# without a prior is uniform within them).
model = rs.cascade(
    [
        DelayLine(delay=30e-12),
        ShuntCEsr(c=3.3e-12, esr=0.2),
        SeriesLEsr(l=4.7e-9, esr=0.5),
        ShuntCEsr(c=1.5e-12, esr=0.5),
        DelayLine(delay=30e-12),
    ]
)
model = (
    model.fixed("stages[*].z0")
    .bounded("stages[*].delay", 0.0, 200e-12)
    .bounded("stages[*].c", 0.1e-12, 20e-12)
    .bounded("stages[*].esr", 0.0, 5.0)
    .bounded("stages[2].l", 1e-9, 50e-9)
    .tied("stages[4].delay", "stages[0].delay")
)
print(model)

# %% Least squares first: pmrf's Levenberg-Marquardt with the exact Jacobian
result = rs.fit(model, measured)
print(result)

# %% Then the posterior, started at the fit: NUTS with the noise level inferred
# (prior uniform(1e-6, 0.1), ParamRF's default); chains run in parallel, the GIL released.
draws, tune = (60, 60) if QUICK else (500, 500)
samples = rs.nuts(result.model, measured, draws=draws, tune=tune, chains=2, seed=1)
print(samples)  # the summary table: mean, sd, quantiles, R-hat, bulk ESS
summary = samples.summary()
sigma = summary["sigma"]
print(f"noise level: {sigma['mean']:.2e} +- {sigma['sd']:.1e} (the data's: 2e-3)")

# %% The spread of |S21| over the posterior at a few frequencies
freq = measured.frequency
flat = samples.draws.reshape(-1, len(samples.names))
pick = np.linspace(0, len(flat) - 1, 50).astype(int)
s21_db = np.array(
    [20 * np.log10(np.abs(samples.model(int(i)).s(freq)[:, 1, 0])) for i in pick]
)
for k in np.linspace(0, len(freq) - 1, 4).astype(int):
    lo, hi = np.percentile(s21_db[:, k], [5, 95])
    print(f"|S21| at {freq.scaled[k]:7.1f} {freq.unit}: {lo:7.3f} .. {hi:7.3f} dB (90 %)")

# %% Plots: data vs fit in dB, and the marginal posteriors (PNG files in a temp folder)
if os.environ.get("PMRF_NO_PLOT"):
    raise SystemExit(0)
try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no plots")
    raise SystemExit(0)

out = pathlib.Path(tempfile.mkdtemp(prefix="pmrf_fit_and_sample_"))
fitted = result.model.s(freq)
fig, ax = plt.subplots()
for (m, n), label in [((1, 0), "S21"), ((0, 0), "S11")]:
    ax.plot(freq.scaled, 20 * np.log10(np.abs(measured.s[:, m, n])), ".", ms=3, label=f"measured {label}")
    ax.plot(freq.scaled, 20 * np.log10(np.abs(fitted[:, m, n])), label=f"fit {label}")
ax.set_xlabel(f"frequency ({freq.unit})")
ax.set_ylabel("|S| (dB)")
ax.legend()
fig.savefig(out / "fit.png", dpi=120)

names = samples.names + ["sigma"]
values = np.column_stack([flat, samples.sigma.ravel()])
# Each parameter in the unit an engineer reads it in.
units = {"delay": (1e12, "ps"), "c": (1e12, "pF"), "l": (1e9, "nH"), "esr": (1, "ohm"),
         "sigma": (1e3, "x 1e-3")}
fig, axes = plt.subplots(2, (len(names) + 1) // 2, figsize=(12, 5))
for ax, name, v in zip(axes.ravel(), names, values.T):
    factor, unit = units[name.split(".")[-1]]
    ax.hist(v * factor, bins=30)
    ax.ticklabel_format(useOffset=False)
    ax.set_title(f"{name} ({unit})", fontsize=9)
fig.tight_layout()
fig.savefig(out / "posterior.png", dpi=120)
print(f"plots written to {out}")
