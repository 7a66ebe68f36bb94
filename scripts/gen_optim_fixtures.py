"""Reference solutions of NIST StRD least-squares problems under bounds that cut off the
certified optimum, so that the constrained optimum sits on one or two bounds. Written to
tests/fixtures/optim_bounded.json for tests/optim.rs.

Each case is solved by SciPy's bounded trust-region reflective method (`least_squares(method=
'trf')`, Branch, Coleman and Li 1999) with the analytic Jacobian, tight tolerances and
`x_scale='jac'`, from several starts (the NIST start and the certified values projected onto
the box); the best is kept and must satisfy the first-order (KKT) conditions of the box problem
to 1e-8 relative: the gradient J^T r of 1/2 |r|^2 vanishes on the free variables and points out
of the box on the active ones. Infinite bounds are written as null.

Run once, outside CI, with the SciPy of scripts/requirements.txt:
    .venv/bin/python scripts/gen_optim_fixtures.py
"""

import json
import pathlib

import numpy as np
import scipy
from scipy.optimize import least_squares

from compare_optim_scipy import load, model

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "optim_bounded.json"
INF = np.inf

# (data set, NIST start, lower, upper): each box excludes the certified values.
CASES = [
    ("BoxBOD", 2, [-INF, -INF], [200.0, INF]),
    ("Misra1a", 1, [-INF, 6e-4], [INF, INF]),
    ("Rat43", 2, [-INF, -INF, -INF, -INF], [INF, INF, INF, 1.0]),
    ("Eckerle4", 2, [-INF, -INF, 452.0], [INF, 4.0, INF]),
    ("Thurber", 1, [-INF] * 7, [INF, INF, INF, INF, 0.9, INF, INF]),
    ("MGH09", 2, [0.2, -INF, -INF, -INF], [INF, INF, INF, INF]),
]


def solve(name, s, lower, upper):
    starts, cert, x, y, _ = load(name)
    fun = lambda b: model(name, b, x)[0] - y  # noqa: E731
    jac = lambda b: model(name, b, x)[1]  # noqa: E731
    lo, hi = np.array(lower), np.array(upper)
    best = None
    for x0 in (np.clip(starts[s - 1], lo, hi), np.clip(cert, lo, hi)):
        with np.errstate(all="ignore"):
            # trf needs a strictly feasible start.
            x0 = np.where(x0 <= lo, lo + 1e-3 * np.maximum(1, abs(lo)), x0)
            x0 = np.where(x0 >= hi, hi - 1e-3 * np.maximum(1, abs(hi)), x0)
            r = least_squares(fun, x0, jac=jac, bounds=(lo, hi), method="trf", x_scale="jac",
                              ftol=1e-15, xtol=1e-15, gtol=1e-15, max_nfev=100000)
        if best is None or r.cost < best.cost:
            best = r
    # trf stays strictly inside the box: a variable within 1e-9 (relative) of a bound is on it
    # (the objective changes by less than the tolerance when it is snapped there).
    near = lambda v, bound: np.isfinite(bound) and abs(v - bound) <= 1e-9 * max(1.0, abs(bound))  # noqa: E731
    b = np.array([lo[i] if near(v, lo[i]) else hi[i] if near(v, hi[i]) else v for i, v in enumerate(best.x)])
    assert abs(np.sum(fun(b) ** 2) / (2 * best.cost) - 1) < 1e-12, name
    g = jac(b).T @ fun(b)
    # First-order conditions, relative to the size of the gradient's terms.
    scale = np.abs(jac(b)).T @ np.abs(fun(b))
    for i in range(len(b)):
        at_lo, at_hi = b[i] <= lo[i], b[i] >= hi[i]
        if at_lo:
            assert g[i] >= 0, (name, i, g[i])
        elif at_hi:
            assert g[i] <= 0, (name, i, g[i])
        else:
            assert abs(g[i]) <= 1e-8 * scale[i], (name, i, g[i], scale[i])
    active = [i for i in range(len(b)) if b[i] <= lo[i] or b[i] >= hi[i]]
    assert active, name
    print(f"{name}: ssr {np.sum(fun(b) ** 2):.10e} x {b} active {active} nfev {best.nfev}")
    return {
        "dataset": name,
        "start": s,
        "lower": [None if not np.isfinite(v) else v for v in lo],
        "upper": [None if not np.isfinite(v) else v for v in hi],
        "x": b.tolist(),
        "ssr": float(np.sum(fun(b) ** 2)),
        "active": active,
    }


if __name__ == "__main__":
    out = {
        "source": f"scipy {scipy.__version__} least_squares(method='trf'), KKT checked",
        "cases": [solve(*c) for c in CASES],
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT}")
