"""Generate tests/fixtures/priors_gamma.json: the gamma prior's log density, distribution
function, survival function and quantiles, for `Prior::gamma` (pmrf-core/src/params/prior.rs,
read by tests/priors.rs).

Run once, by hand, outside CI (the tests only read the committed JSON):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy scipy mpmath
    /tmp/venv/bin/python scripts/gen_gamma_fixtures.py

Per case (`shape`, `rate`; scipy's `scale = 1 / rate`): at points `x`, `logpdf`, `cdf`, `sf`
from scipy.stats.gamma, checked here against mpmath's regularised incomplete gamma at 40 digits
(`gammainc(a, 0, rate x, regularized=True)`); at probabilities `p`, `ppf` (lower tail) and
`isf` (upper tail, `isf(p)` is the x with sf(x) = p) from scipy, refined by three Newton
steps in mpmath (and checked to agree with scipy to 1e-12).
"""
import json
from importlib.metadata import version
from pathlib import Path

import mpmath as mp
from scipy import stats

mp.mp.dps = 40

CASES = [
    (0.3, 2.0),
    (1.0, 1.0),
    (2.0, 1e12),
    (2.5, 0.5),
    (7.0, 3.0),
    (40.0, 1e-3),
]
PS = [1e-200, 1e-20, 1e-6, 0.01, 0.25, 0.5, 0.8, 0.99, 1 - 1e-9]
TAILS = [1e-200, 1e-20, 1e-6, 0.3]


def check(got, exact, what):
    exact = float(exact)
    assert abs(got - exact) <= 1e-13 * abs(exact), (what, got, exact)


out = {"scipy": version("scipy"), "mpmath": version("mpmath"), "cases": []}
for shape, rate in CASES:
    d = stats.gamma(shape, scale=1.0 / rate)
    mean = shape / rate
    xs = [mean * f for f in (1e-6, 0.05, 0.3, 1.0, 1.7, 4.0, 12.0)]
    case = {"shape": shape, "rate": rate, "x": xs, "logpdf": [], "cdf": [], "sf": []}
    for x in xs:
        y = mp.mpf(rate) * mp.mpf(x)
        p = mp.gammainc(shape, 0, y, regularized=True)
        q = mp.gammainc(shape, y, mp.inf, regularized=True)
        lp = shape * mp.log(rate) + (shape - 1) * mp.log(x) - y - mp.loggamma(shape)
        check(float(d.cdf(x)), p, ("cdf", shape, x))
        check(float(d.sf(x)), q, ("sf", shape, x))
        case["logpdf"].append(float(lp))
        case["cdf"].append(float(p))
        case["sf"].append(float(q))
    case["p"] = PS
    case["ppf"] = [float(d.ppf(p)) for p in PS]
    case["q"] = TAILS
    case["isf"] = [float(d.isf(q)) for q in TAILS]
    # The quantiles, refined by Newton steps in mpmath (scipy's are good to ~1e-15 relative).
    for key, probs, upper in (("ppf", PS, False), ("isf", TAILS, True)):
        refined = []
        for p, x0 in zip(probs, case[key]):
            y = mp.mpf(x0) * rate
            for _ in range(3):
                if upper:
                    f = mp.gammainc(shape, y, mp.inf, regularized=True) - p
                else:
                    f = mp.gammainc(shape, 0, y, regularized=True) - p
                dens = mp.exp((shape - 1) * mp.log(y) - y - mp.loggamma(shape))
                y = y - (-f if upper else f) / dens
            refined.append(float(y / rate))
            assert abs(refined[-1] - x0) <= 1e-12 * x0, (key, shape, p, x0, refined[-1])
        case[key] = refined
    out["cases"].append(case)

path = Path(__file__).resolve().parent.parent / "tests/fixtures/priors_gamma.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print("wrote", path)
