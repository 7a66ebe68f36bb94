"""pmrf_rs against ParamRF 0.37.6, side by side in one process (issue 25); never run by CI.

The five workloads of the issue plus the per-call overhead, each timed the same way for both
libraries: ParamRF's models and timing are those of ``scripts/bench_speed_reference.py``
(imported from it: jitted, warmed up, median of 7), and pmrf_rs is timed with the same
``median_ms`` (warm-up call, then the median of 7 calls):

* pi_lowpass: shunt C 2 pF, series L 5 nH, shunt C 2 pF, one S evaluation at 1001 points
  from 0.1 to 10 GHz.
* batch_series_c: 1e4 series capacitors (C uniform in 1-5 pF), 100 points 0.1-1 GHz; and
  batch_series_c_out, the same into one reused output array (`out=`).
* cascade5_batch: 1000 variants of cascade_5 (series L 8 nH, shunt C 1.5 pF, 75 ohm / 150 ps
  delay line, series R 5 ohm, shunt L 20 nH; each value uniform within +-20 %), 1001 points
  from 10 MHz to 10 GHz.
* gradient_cascade5: sum over f of |S21|^2 of the nominal cascade_5 and its gradient by the
  6 parameters (pmrf_rs: `s_and_jacobian`, reduced with numpy).
* fit_cascade5: the 6 parameters of cascade_5 fitted to its own S at 2001 points (10 MHz to
  10 GHz) plus complex noise of 1e-3, from a start 5-20 % off (pmrf_rs: `fit`, Levenberg-
  Marquardt; ParamRF: `prf.fitting.fit`, its default SciPy L-BFGS-B over the bounds' unit box,
  bounds +-50 % of the nominal; 3 timed runs each, median).
* overhead: the cost of one call across the border (`Model.nports`, and a 1-point S of a
  series C); ParamRF has no counterpart (its calls are jitted traces).

Run from the repository root, with a RELEASE build of pmrf_rs in a venv that has ParamRF:

    cd python && VIRTUAL_ENV=/work/venv-paramrf /work/venv-paramrf/bin/maturin develop -r -q
    cd .. && /work/venv-paramrf/bin/python python/bench/bench_vs_paramrf.py [--only a,b]

Prints a table (milliseconds, ParamRF / pmrf_rs) on stdout and checks that both libraries
computed the same numbers (relative differences on stderr).
"""
import argparse
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import bench_speed_reference as ref  # noqa: E402  (imports ParamRF before jax and numpy)

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import pmrf as prf  # noqa: E402

import pmrf_rs as rs  # noqa: E402
from pmrf_rs import components as pc  # noqa: E402

FIT_RUNS = 3


def log(*a):
    print(*a, file=sys.stderr)


def rs_cascade5():
    return rs.cascade([pc.SeriesL(l=8e-9), pc.ShuntC(c=1.5e-12),
                       pc.DelayLine(delay=150e-12, z0=75.0), pc.SeriesR(r=5.0),
                       pc.ShuntL(l=20e-9)])


def order5(model):
    """The column of each of ParamRF's 6 values (L, C, z0, td, R, L) in `model.names`."""
    names = ["stages[0].l", "stages[1].c", "stages[2].z0", "stages[2].delay", "stages[3].r",
             "stages[4].l"]
    return [model.names.index(n) for n in names]


def rel(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return float(np.abs(a - b).max() / np.abs(b).max())


def pi_lowpass():
    freq = rs.Frequency.linspace(0.1, 10, 1001, "GHz")
    pi = rs.cascade([pc.ShuntC(c=2e-12), pc.SeriesL(l=5e-9), pc.ShuntC(c=2e-12)])
    mine = ref.median_ms(lambda: pi.s(freq))
    theirs, _ = ref.pi_lowpass()
    return mine, theirs


def batch_series_c():
    freq = rs.Frequency.linspace(100, 1000, 100, "MHz")
    c = np.random.default_rng(42).uniform(1e-12, 5e-12, 10_000).reshape(-1, 1)
    cap = pc.SeriesC(c=1e-12)
    mine = ref.median_ms(lambda: cap.s_batch(freq, c))
    # The same into one reused buffer (`out=`), as XLA reuses its own between calls.
    buf = np.empty((len(c), len(freq), 2, 2), complex)
    into = ref.median_ms(lambda: cap.s_batch(freq, c, out=buf))
    theirs = ref.batch_series_c()
    return {"batch_series_c": (mine, theirs), "batch_series_c_out": (into, theirs)}


def cascade5_batch():
    freq = rs.Frequency.linspace(0.01, 10, 1001, "GHz")
    ours = np.asarray(ref.NOMINAL5) * np.random.default_rng(42).uniform(0.8, 1.2, (1000, 6))
    model = rs_cascade5()
    values = np.empty_like(ours)
    values[:, order5(model)] = ours
    mine = ref.median_ms(lambda: model.s_batch(freq, values))
    theirs = ref.cascade5_batch()
    # The same members in both: compare member 7.
    pfreq = prf.Frequency(0.01, 10, 1001, "GHz")
    log(f"cascade5_batch: member 7 differs by {rel(model.s_batch(freq, values[7:8])[0], ref.cascade5(jnp.asarray(ours[7]), 'a').s(pfreq)):.1e} (relative)")
    return mine, theirs


def gradient_cascade5():
    freq = rs.Frequency.linspace(0.01, 10, 1001, "GHz")
    model = rs_cascade5()
    cols = order5(model)

    def value_and_grad():
        # sum |S21|^2 and its gradient 2 Re(conj(S21) . dS21/dp) as two dot products.
        s, jac = model.s_and_jacobian(freq)
        s21 = s[:, 1, 0]
        c = s21.conj()
        return (c @ s21).real, 2 * (c @ jac[:, 1, 0, :]).real

    mine = ref.median_ms(value_and_grad)
    theirs, _ = ref.gradient_cascade5()
    pfreq = prf.Frequency(0.01, 10, 1001, "GHz")
    loss = lambda x: jnp.sum(jnp.abs(ref.cascade5(x, "a").s(pfreq)[:, 1, 0]) ** 2)
    v, g = jax.value_and_grad(loss)(jnp.asarray(ref.NOMINAL5))
    mv, mg = value_and_grad()
    log(f"gradient_cascade5: value differs by {rel(mv, v):.1e}, gradient by "
        f"{max(rel(mg[c], g[i]) for i, c in enumerate(cols)):.1e} (relative, worst parameter)")
    return mine, theirs


def fit_cascade5():
    from pmrf.models import (Cascade, DelayLine, Inductor, Resistor, ShuntCapacitor,
                             ShuntInductor)
    from pmrf.optimize import ScipyMinimize

    freq = rs.Frequency.linspace(0.01, 10, 2001, "GHz")
    truth = rs_cascade5()
    cols = order5(truth)
    rng = np.random.default_rng(1)
    s = truth.s(freq)
    s = s + 1e-3 * (rng.standard_normal(s.shape) + 1j * rng.standard_normal(s.shape))
    data = rs.Network(freq, s)
    nominal = np.asarray(ref.NOMINAL5)
    start = nominal * np.array([1.1, 0.9, 1.05, 0.95, 1.2, 0.85])
    values = truth.values.copy()
    values[cols] = start
    init = truth.with_params(values)
    result = rs.fit(init, data)
    log(f"fit_cascade5 (pmrf_rs): converged {result.converged}, {result.iterations} "
        f"iterations, worst relative error {np.max(np.abs(result.values[cols] / nominal - 1)):.1e}")
    mine = ref.median_ms(lambda: rs.fit(init, data), runs=FIT_RUNS)

    skrf_data = data.to_skrf()
    b = [prf.Bounded(0.5 * x, 1.5 * x, value=x0) for x, x0 in zip(nominal, start)]
    pinit = Cascade((Inductor(b[0]), ShuntCapacitor(b[1]), DelayLine(z0=b[2], td=b[3]),
                     Resistor(b[4]), ShuntInductor(b[5])), method="a")
    solver = ScipyMinimize(show_progress=False)
    fitted = prf.fitting.fit(pinit, skrf_data, solver=solver, features="s")
    got = np.asarray(list(prf.values(fitted.model, free_only=True).values()), dtype=float)
    log(f"fit_cascade5 (ParamRF): success {bool(fitted.solution.success)}, fitted {got}")
    theirs = ref.median_ms(
        lambda: prf.fitting.fit(pinit, skrf_data, solver=solver, features="s"), runs=FIT_RUNS)
    return mine, theirs


def overhead():
    c5 = rs_cascade5()
    one = rs.Frequency.linspace(1, 1, 1, "GHz")
    cap = pc.SeriesC(c=1e-12)
    n = 100_000
    t = time.perf_counter()
    for _ in range(n):
        c5.nports
    nports = (time.perf_counter() - t) / n * 1e3
    s1 = ref.median_ms(lambda: [cap.s(one) for _ in range(1000)]) / 1000
    return {"overhead_nports": (nports, None), "overhead_s_1point": (s1, None)}


WORKLOADS = {"pi_lowpass": pi_lowpass, "batch_series_c": batch_series_c,
             "cascade5_batch": cascade5_batch, "gradient_cascade5": gradient_cascade5,
             "fit_cascade5": fit_cascade5, "overhead": overhead}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(WORKLOADS), help="comma-separated workloads")
    rows = {}
    for name in ap.parse_args().only.split(","):
        result = WORKLOADS[name]()
        rows.update(result if isinstance(result, dict) else {name: result})
    print(f"| workload | pmrf_rs (ms) | ParamRF 0.37.6 (ms) | ParamRF / pmrf_rs |")
    print("|---|---:|---:|---:|")
    for name, (mine, theirs) in rows.items():
        if theirs is None:
            print(f"| {name} | {mine * 1e3:.2f} us | - | - |")
        else:
            print(f"| {name} | {mine:.4g} | {theirs:.4g} | {theirs / mine:.1f}x |")


if __name__ == "__main__":
    main()
