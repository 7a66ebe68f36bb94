"""Runs SciPy's optimisers on the problems of tests/optim.rs, for comparison with pmrf's
`pmrf::optim` (run `cargo test -p pmrf --release --test optim -- --nocapture` for pmrf's side).

Prints, per NIST StRD data set and start, the log relative errors (significant digits) of the
parameters and the residual sum of squares against the certified values, and the evaluation
counts of MINPACK's lmder (`least_squares(method='lm')`) and the bounded trust-region
reflective method (`method='trf'`), both with analytic Jacobians and tolerances 1e-15; then
L-BFGS-B and Nelder-Mead on the Rosenbrock problems. Nothing is written; no test needs this.
"""

import pathlib
import time

import numpy as np
from scipy.optimize import least_squares, minimize

NIST = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "nist"


def load(name):
    starts, cert, x, y, ssr, data = [[], []], [], [], [], None, False
    for line in (NIST / f"{name}.dat").read_text().splitlines():
        w = line.split()
        if data:
            if len(w) == 2:
                y.append(float(w[0]))
                x.append(float(w[1]))
        elif len(w) == 6 and w[0].startswith("b") and w[1] == "=":
            starts[0].append(float(w[2]))
            starts[1].append(float(w[3]))
            cert.append(float(w[4]))
        elif line.startswith("Residual Sum of Squares:"):
            ssr = float(w[4])
        elif w == ["Data:", "y", "x"]:
            data = True
    return [np.array(s) for s in starts], np.array(cert), np.array(x), np.array(y), ssr


def model(name, b, x):
    """Model values and Jacobian (len(x), len(b))."""
    if name in ("Misra1a", "BoxBOD"):
        e = np.exp(-b[1] * x)
        return b[0] * (1 - e), np.stack([1 - e, b[0] * x * e], 1)
    if name == "Thurber":
        num = b[0] + b[1] * x + b[2] * x**2 + b[3] * x**3
        den = 1 + b[4] * x + b[5] * x**2 + b[6] * x**3
        q = num / den
        cols = [x**k / den for k in range(4)] + [-q * x**k / den for k in (1, 2, 3)]
        return q, np.stack(cols, 1)
    if name == "MGH09":
        num, den = x**2 + x * b[1], x**2 + x * b[2] + b[3]
        return b[0] * num / den, np.stack(
            [num / den, b[0] * x / den, -b[0] * num * x / den**2, -b[0] * num / den**2], 1
        )
    if name == "MGH10":
        e = np.exp(b[1] / (x + b[2]))
        return b[0] * e, np.stack([e, b[0] * e / (x + b[2]), -b[0] * e * b[1] / (x + b[2]) ** 2], 1)
    if name == "Eckerle4":
        u = (x - b[2]) / b[1]
        e = np.exp(-0.5 * u * u)
        return b[0] / b[1] * e, np.stack(
            [e / b[1], b[0] * e * (u * u - 1) / b[1] ** 2, b[0] * e * u / b[1] ** 2], 1
        )
    if name == "Rat42":
        e = np.exp(b[1] - b[2] * x)
        w = 1 + e
        return b[0] / w, np.stack([1 / w, -b[0] * e / w**2, b[0] * x * e / w**2], 1)
    if name == "Rat43":
        e = np.exp(b[1] - b[2] * x)
        w = 1 + e
        p = w ** (-1 / b[3])
        return b[0] * p, np.stack(
            [p, -b[0] * p * e / (w * b[3]), b[0] * p * e * x / (w * b[3]), b[0] * p * np.log(w) / b[3] ** 2],
            1,
        )
    if name == "Bennett5":
        p = (b[1] + x) ** (-1 / b[2])
        return b[0] * p, np.stack(
            [p, -b[0] * p / (b[2] * (b[1] + x)), b[0] * p * np.log(b[1] + x) / b[2] ** 2], 1
        )
    raise ValueError(name)


def lre(v, c):
    rel = abs((v - c) / c)
    return 15.0 if rel == 0 else min(15.0, -np.log10(rel))


def nist():
    names = ["Misra1a", "Thurber", "MGH09", "BoxBOD", "Eckerle4", "Rat43", "Rat42", "MGH10", "Bennett5"]
    print(f"{'data set':<18}{'method':<6}{'LRE b':>7}{'LRE SSR':>9}{'nfev':>7}{'njev':>6}  status")
    for name in names:
        starts, cert, x, y, ssr = load(name)
        fun = lambda b: model(name, b, x)[0] - y  # noqa: E731
        jac = lambda b: model(name, b, x)[1]  # noqa: E731
        for s in (0, 1):
            for method in ("lm", "trf"):
                with np.errstate(all="ignore"):
                    t = time.perf_counter()
                    r = least_squares(fun, starts[s], jac=jac, method=method, ftol=1e-15, xtol=1e-15, gtol=1e-15, max_nfev=100000)
                    dt = time.perf_counter() - t
                lb = min(lre(v, c) for v, c in zip(r.x, cert))
                ls = lre(2 * r.cost, ssr)
                print(f"{name + ' ' + str(s + 1):<18}{method:<6}{lb:7.1f}{ls:9.1f}{r.nfev:7d}{r.njev or 0:6d}  {r.status} {dt * 1e6:.0f} us")


def rosen(n, x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(n - 1))


def rosen_grad(n, x):
    g = np.zeros(n)
    for i in range(n - 1):
        g[i] += -400 * x[i] * (x[i + 1] - x[i] ** 2) - 2 * (1 - x[i])
        g[i + 1] += 200 * (x[i + 1] - x[i] ** 2)
    return g


def rosenbrock():
    for n in (2, 10):
        x0 = np.array([-1.2 if i % 2 == 0 else 1.0 for i in range(n)])
        f = lambda x: rosen(n, x)  # noqa: E731
        g = lambda x: rosen_grad(n, x)  # noqa: E731
        r = minimize(f, x0, jac=g, method="L-BFGS-B", options=dict(gtol=1e-12, ftol=0, maxiter=10000))
        print(f"L-BFGS-B rosenbrock {n}-D: max|x-1| {np.abs(r.x - 1).max():.1e} nit {r.nit} nfev {r.nfev}")
        r = minimize(f, x0, method="Nelder-Mead", options=dict(xatol=1e-10, fatol=1e-16, adaptive=True, maxiter=100000, maxfev=100000))
        print(f"Nelder-Mead (adaptive) rosenbrock {n}-D: max|x-1| {np.abs(r.x - 1).max():.1e} nit {r.nit} nfev {r.nfev}")
    bounds = [(None, 0.5), (None, None)]
    r = minimize(lambda x: rosen(2, x), [-1.2, 1.0], jac=lambda x: rosen_grad(2, x), method="L-BFGS-B", bounds=bounds, options=dict(gtol=1e-12, ftol=0))
    print(f"L-BFGS-B rosenbrock 2-D x0<=0.5: dev {np.abs(r.x - [0.5, 0.25]).max():.1e} nit {r.nit} nfev {r.nfev}")


if __name__ == "__main__":
    nist()
    rosenbrock()
