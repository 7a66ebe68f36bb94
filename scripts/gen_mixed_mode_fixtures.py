"""Generate tests/fixtures/mixed_mode.json: single-ended <-> mixed-mode S, by scikit-rf.

Run once, by hand, outside CI (tests/mixed_mode.rs only reads the committed JSON):

    python3 -m venv .venv && .venv/bin/pip install scikit-rf==2.2.0
    .venv/bin/python scripts/gen_mixed_mode_fixtures.py

Data: tests/data/mixed_mode/ex_14.s4p, the 4-port example of the Touchstone specification as
scikit-rf ships it in its test files (skrf/io/tests/ts/ex_14.s4p, BSD 3-Clause). Power waves
(`s_def='power'`, scikit-rf's default and pmrf's). Complex numbers are `[re, im]`, S is
`[nfreq][row][col]`, z0 `[nfreq][port]`.

Cases (each: the input S and z0, the arguments, scikit-rf's output S and z0)
  se2gmm_p2        se2gmm(p=2) at 50 ohm: d0 d1 c0 c1
  se2gmm_p1        se2gmm(p=1): one pair, ports 3 and 4 stay single-ended
  se2gmm_z0        se2gmm(p=2) of the file renormalised to complex per-port references
  se2gmm_z0_mm     se2gmm(p=2, z0_mm=...) at given complex mixed-mode references
  gmm2se_p2        gmm2se(p=2) of se2gmm_z0's output (default single-ended references)
  gmm2se_z0_se     gmm2se(p=2, z0_se=...) of se2gmm_p2's output at given references
"""
import json
from importlib.metadata import version
from pathlib import Path

import numpy as np
import skrf as rf

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "mixed_mode.json"

assert version("scikit-rf") == "2.2.0", version("scikit-rf")


def cjson(a):
    a = np.asarray(a, dtype=complex)
    return np.stack([a.real, a.imag], axis=-1).tolist()


def case(net, op, p, **kw):
    out = net.copy()
    getattr(out, op)(p, **kw)
    c = {"op": op, "p": p, "s": cjson(net.s), "z0": cjson(net.z0),
         "out_s": cjson(out.s), "out_z0": cjson(out.z0)}
    for k, v in kw.items():
        c[k] = cjson(v)
    return c, out


base = rf.Network(str(ROOT / "tests" / "data" / "mixed_mode" / "ex_14.s4p"))
nf = len(base.f)
z0_se = np.array([[40 + 10j, 60 - 5j, 55 + 0j, 45 + 8j]] * nf)
z0_se[:, 1] += np.arange(nf) * (3 - 2j)  # and varying with frequency
renorm = base.copy()
renorm.renormalize(z0_se)

cases = {}
cases["se2gmm_p2"], mm = case(base, "se2gmm", 2)
cases["se2gmm_p1"], _ = case(base, "se2gmm", 1)
cases["se2gmm_z0"], mm_z0 = case(renorm, "se2gmm", 2)
z0_mm = np.array([[95 + 5j, 110 - 10j, 24 + 2j, 30 + 0j]] * nf)
cases["se2gmm_z0_mm"], _ = case(base, "se2gmm", 2, z0_mm=z0_mm)
cases["gmm2se_p2"], _ = case(mm_z0, "gmm2se", 2)
cases["gmm2se_z0_se"], _ = case(mm, "gmm2se", 2, z0_se=z0_se)

OUT.write_text(json.dumps({"generator": "scripts/gen_mixed_mode_fixtures.py",
                           "scikit_rf": version("scikit-rf"),
                           "frequency_hz": base.f.tolist(),
                           "cases": cases}, indent=None))
print("wrote", OUT)
