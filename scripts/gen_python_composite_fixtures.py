"""S and Jacobians of pmrf_rs composites, as computed before the composite's prefix/suffix
rewrite (issue 25), so the faster path is pinned to the previous values.

Run ONCE with a build of pmrf_rs at commit 6b3a2ff (one Dual64 pass per parameter over all
children), e.g. the release install of that main:

    python scripts/gen_python_composite_fixtures.py > tests/fixtures/python_composite.json

python/tests/test_batch.py rebuilds the same models and compares to 1e-12.
"""
import json

import numpy as np

import pmrf_rs as rs
from pmrf_rs import components as pc

HZ = np.linspace(10e6, 10e9, 21)


def models():
    c5 = rs.cascade([pc.SeriesL(l=8e-9), pc.ShuntC(c=1.5e-12),
                     pc.DelayLine(delay=150e-12, z0=75.0), pc.SeriesR(r=5.0),
                     pc.ShuntL(l=20e-9)])
    three = rs.cascade([pc.SeriesRlc(r=5.0, l=2e-9, c=3e-12), pc.ShuntC(c=1e-12)])
    return {
        "cascade5": c5,
        "cascade5_fixed": c5.fixed("stages[2].z0"),
        "terminate": rs.terminate(three, pc.LoadZ(r=30.0, x=10.0)),
        "flip": rs.flip(three),
        "nested": rs.cascade([rs.flip(three), pc.SeriesL(l=3e-9), three]),
    }


def pairs(a):
    a = np.asarray(a).ravel()
    return [[float(x.real), float(x.imag)] for x in a]


def main():
    freq = rs.Frequency(HZ)
    out = {"hz": HZ.tolist(), "models": {}}
    for name, m in models().items():
        out["models"][name] = {
            "s_shape": list(m.s(freq).shape), "s": pairs(m.s(freq)),
            "jac_shape": list(m.jacobian(freq).shape), "jac": pairs(m.jacobian(freq)),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
