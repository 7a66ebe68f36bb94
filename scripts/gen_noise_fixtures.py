"""Generate tests/fixtures/noise.json: scikit-rf 2.2.0's noise parameters, noise figures and
2-port noise cascades of noisy Touchstone files, for tests/noise.rs.

Run once, by hand, outside CI (the tests only read the committed JSON):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install scikit-rf==2.2.0
    /tmp/venv/bin/python scripts/gen_noise_fixtures.py

Files: tests/data/noise/ntwk_noise.s2p (scikit-rf's own noise test file) and
tests/data/touchstone/v{1,2}_2port_noise_*.{s2p,ts} (seeded, with S and noise on different
grids).

* "files": per file, at the S frequencies inside the noise band and at points between them
  (`Network.interpolate(..., kind="linear")`, which interpolates S in real/imaginary parts and
  the chain-form noise matrix `Network.noise` the same way): NFmin (linear), gamma_opt, Rn (ohm),
  `Network.nf(z_s)` (linear) for the source reflections in "gamma_s", and `n / k` (the chain
  form C_A in K ohm, K, K S).
* Exception: scikit-rf 2.2.0 reads the Rn of version 2 files (v2_2port_noise_db.ts) as ohm
  although the specification normalises it to the reference like version 1; the script sets
  that file's noise again from its rows with Rn = rn * 50 ohm (pmrf's reading).
* "cascades": scikit-rf's `a ** b`, which keeps noise for two noisy 2-ports (C_A = A_a C_b A_a^H
  + C_a): the two files' networks interpolated onto a common grid, and each of them with a
  matched 3 dB attenuator. scikit-rf treats a network without noise as noiseless, so the
  attenuator is given the noise of a matched attenuator of loss L at T0 in closed form (F_min =
  L at gamma_opt = 0, Rn = Z0 (L - 1/L) / 4; its noise factor from a source gamma is 1 / G_A =
  (1 - |gamma|^2 / L^2) L / (1 - |gamma|^2)), so the cascades are those of the physical parts.
  Each entry has the inputs (S and noise of each stage per point) and the outputs as above,
  with the cascade's S. For the composites slice of issue 22 to check its noise propagation.
"""
import json
from importlib.metadata import version
from pathlib import Path

import numpy as np
import skrf as rf
from skrf.constants import K_BOLTZMANN
from skrf.io.touchstone import Touchstone

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "noise.json"
assert version("scikit-rf") == "2.2.0", version("scikit-rf")

GAMMA_S = [0.0, 0.3 + 0.2j, -0.5 + 0.1j, 0.6j, 0.2 - 0.7j]
Z0 = 50.0


def cplx(z):
    z = np.asarray(z)
    return {"re": np.real(z).tolist(), "im": np.imag(z).tolist()}


def outputs(ntwk):
    """Noise outputs of a noisy 2-port on its own frequencies."""
    nf = []
    for g in GAMMA_S:
        z = Z0 * (1 + g) / (1 - g)
        nf.append(np.real(ntwk.nf(np.full(len(ntwk), z))).tolist())
    return {
        "f_hz": ntwk.f.tolist(),
        "s": cplx(ntwk.s),
        "nf_min": ntwk.nfmin.tolist(),
        "gamma_opt": cplx(ntwk.g_opt),
        "rn_ohm": ntwk.rn.tolist(),
        "nf": nf,
        "ca": cplx(ntwk.n / K_BOLTZMANN),
    }


def attenuator(freq, loss_db):
    t = 10 ** (-loss_db / 20)
    s = np.zeros((len(freq), 2, 2), complex)
    s[:, 0, 1] = s[:, 1, 0] = t
    ntwk = rf.Network(frequency=freq, s=s, z0=Z0, name="attenuator")
    big_l = 10 ** (loss_db / 10)
    ntwk.set_noise_a(freq, nfmin_db=loss_db, gamma_opt=0.0, rn=Z0 * (big_l - 1 / big_l) / 4)
    return ntwk


def main():
    files = {
        "ntwk_noise": ROOT / "tests/data/noise/ntwk_noise.s2p",
        "v1_noise": ROOT / "tests/data/touchstone/v1_2port_noise_ma.s2p",
        "v2_noise": ROOT / "tests/data/touchstone/v2_2port_noise_db.ts",
    }
    grids = {
        "ntwk_noise": [1.0e9, 1.05e9, 1.5e9, 1.77e9, 2.0e9],
        "v1_noise": [2.0e9, 2.5e9, 3.0e9, 3.4e9, 4.0e9],
        "v2_noise": [1.0e9, 1.5e9, 2.0e9, 3.5e9, 3.9e9],
    }
    out = {"gamma_s": cplx(GAMMA_S), "files": {}, "cascades": {}}
    nets = {}
    for name, path in files.items():
        ntwk = rf.Network(str(path))
        assert ntwk.noisy, name
        if path.suffix == ".ts":
            # scikit-rf 2.2.0 reads a version 2 file's Rn as ohm; the Touchstone 2.0
            # specification has it normalised to the reference, as in version 1 (and as pmrf
            # reads it). Set the noise from the file's rows with Rn = rn * Z0.
            rows = Touchstone(str(path)).noise
            assert np.allclose(np.real(ntwk.noise[:, 0, 0]) / (4 * K_BOLTZMANN * 290.0), rows[:, 4]), "scikit-rf now normalises v2 Rn: drop this"
            gamma = rows[:, 2] * np.exp(1j * np.deg2rad(rows[:, 3]))
            ntwk.set_noise_a(ntwk.noise_freq, rows[:, 1], gamma, rows[:, 4] * Z0)
        freq = rf.Frequency.from_f(grids[name], unit="hz")
        nets[name] = ntwk
        out["files"][name] = {
            "path": str(path.relative_to(ROOT)),
            **outputs(ntwk.interpolate(freq, kind="linear")),
        }

    common = rf.Frequency.from_f([2.0e9, 2.5e9, 3.0e9, 3.5e9], unit="hz")
    a = nets["v1_noise"].interpolate(common, kind="linear")
    b = nets["v2_noise"].interpolate(common, kind="linear")
    att = attenuator(common, 3.0)
    for name, (x, y) in {
        "v1_v2": (a, b),
        "v1_att": (a, att),
        "att_v1": (att, a),
    }.items():
        out["cascades"][name] = {
            "stages": [outputs(x), outputs(y)],
            **outputs(x ** y),
        }
    out["attenuator_db"] = 3.0
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
