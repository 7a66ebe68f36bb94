"""Generate the Touchstone test data: authored files in tests/data/touchstone/ and the JSON
fixture tests/fixtures/touchstone.json with scikit-rf's reading of every file there.

Run once, by hand, outside CI (tests/touchstone.rs only reads the committed files):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install scikit-rf==2.2.0
    /tmp/venv/bin/python scripts/gen_touchstone_fixtures.py

Two kinds of files live in tests/data/touchstone/ (see the README there):

* copies of data files shipped with scikit-rf 2.2.0 (BSD-3-Clause), read as they are;
* files this script writes (`v1_*`, `v2_*`), seeded, covering what the copies do not: version 2
  keywords, per-port references, lower and upper triangles, the 12_21 order, noise blocks,
  Y/Z/H/G data, continuation lines split anywhere, per-port R on the option line.

For each file the fixture holds frequency (Hz), S (`s_re`, `s_im`, `[nfreq][row][col]`), z0
(`[port]`, real) and, where present, the noise rows `[f_hz, nfmin_db, |gamma_opt|,
angle_deg, rn]` as scikit-rf reads them (`"reference": "skrf"`).

Exception, `"reference": "closed-form"`: version 1 files of Y, H and G parameters. The
Touchstone specification (Rev. 1.1: "R n ... the real impedance to which the parameters are
normalized") has version 1 Y/Z/H/G data normalised to R. scikit-rf 2.2.0 multiplies every one of
them by R (`Touchstone.load_file`), which is right for Z only: it reads a matched load written
as `y = 1` as S = -0.9992. For these files the reference S is the closed form: the data
denormalised by the specification (Y = y / R; H = [[h11 R, h12], [h21, h22 / R]];
G = [[g11 / R, g12], [g21, g22 R]]) and converted by scikit-rf's y2s / h2s / g2s. The script
asserts that scikit-rf's own reading differs, so a fixed scikit-rf shows up here.
"""
import json
import re
from importlib.metadata import version
from pathlib import Path

import numpy as np
import skrf as rf
from skrf import network as nw

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "touchstone"
OUT = ROOT / "tests" / "fixtures" / "touchstone.json"

assert version("scikit-rf") == "2.2.0", version("scikit-rf")

rng = np.random.default_rng(20260105)


def random_passive(nf, n, symmetric=False):
    """A random S with all singular values below 0.9 (passive), symmetric if asked."""
    s = rng.normal(size=(nf, n, n)) + 1j * rng.normal(size=(nf, n, n))
    if symmetric:
        s = (s + s.transpose(0, 2, 1)) / 2
    norm = np.linalg.norm(s, ord=2, axis=(1, 2))
    return 0.9 * s / norm[:, None, None]


def fmt(x, digits=10):
    return f"{x:.{digits}g}"


def pairs(values, form):
    """Complex values as Touchstone number pairs."""
    out = []
    for v in values:
        if form == "ri":
            out += [fmt(v.real), fmt(v.imag)]
        elif form == "ma":
            out += [fmt(abs(v)), fmt(np.angle(v, deg=True))]
        else:
            out += [fmt(20 * np.log10(abs(v))), fmt(np.angle(v, deg=True))]
    return out


def exact(values):
    """Complex values as RI pairs with every digit (repr), for the parameter-conversion files."""
    out = []
    for v in values:
        out += [repr(float(v.real)), repr(float(v.imag))]
    return out


authored = {}

# A 4-port, version 2: MA in MHz, [Reference] split over two lines, lower triangle (symmetric).
f = np.array([100.0, 250.5, 1000.0])
s = random_passive(3, 4, symmetric=True)
lines = [
    "! 4-port, lower triangle, per-port references over two lines",
    "[Version] 2.0",
    "# MHz S MA R 50",
    "[Number of Ports] 4",
    "[Number of Frequencies] 3",
    "[Reference] 50 75",
    "100 25",
    "[Matrix Format] Lower",
    "[Network Data]",
]
for k in range(3):
    for i in range(4):
        row = pairs([s[k, i, j] for j in range(i + 1)], "ma")
        lines.append((fmt(f[k]) + " " if i == 0 else "  ") + " ".join(row))
lines.append("[End]")
authored["v2_4port_lower_ma.ts"] = lines

# A 2-port, version 2.1: DB in GHz, 12_21 order, noise data, end-of-line comments.
f = np.array([1.0, 2.0, 3.5, 6.0])
s = random_passive(4, 2)
lines = [
    "! amplifier-like 2-port with noise parameters",
    "[Version] 2.1",
    "# GHz S DB R 50",
    "[Number of Ports] 2",
    "[Two-Port Data Order] 12_21",
    "[Number of Frequencies] 4",
    "[Number of Noise Frequencies] 3",
    "[Network Data]",
]
for k in range(4):
    row = pairs([s[k, 0, 0], s[k, 0, 1], s[k, 1, 0], s[k, 1, 1]], "db")
    lines.append(fmt(f[k]) + " " + " ".join(row) + "  ! point %d" % (k + 1))
lines.append("[Noise Data]")
for fn, nf, m, a, rn in [(1.0, 0.8, 0.5, 120.0, 0.3), (2.0, 1.1, 0.45, 150.5, 0.25), (4.0, 1.6, 0.3, -170.0, 0.2)]:
    lines.append(f"{fn} {nf} {m} {a} {rn}")
lines.append("[End]")
authored["v2_2port_noise_db.ts"] = lines

# The same kind of data as version 1: MA, then a noise block whose first frequency goes back.
f = np.array([1.0, 2.0, 3.0, 4.0])
s = random_passive(4, 2)
lines = ["! version 1 2-port with a noise block", "# GHz S MA R 50"]
for k in range(4):
    row = pairs([s[k, 0, 0], s[k, 1, 0], s[k, 0, 1], s[k, 1, 1]], "ma")
    lines.append(fmt(f[k]) + " " + " ".join(row))
lines.append("! noise parameters: f NFmin |Gopt| angle(Gopt) Rn/50")
for fn, nf, m, a, rn in [(2.0, 0.9, 0.61, 95.0, 0.35), (3.0, 1.2, 0.52, 130.0, 0.28), (5.0, 1.7, 0.4, 178.0, 0.21)]:
    lines.append(f"{fn} {nf} {m} {a} {rn}")
authored["v1_2port_noise_ma.s2p"] = lines

# A 5-port, version 1, kHz RI at 75 ohm, each point split over lines at odd places.
f = np.array([10.0, 20.0])
s = random_passive(2, 5)
lines = ["! 5-port, continuation lines split anywhere", "# kHz S RI R 75"]
for k in range(2):
    values = pairs([s[k, i, j] for i in range(5) for j in range(5)], "ri")
    cut = [0, 3, 13, 14, 30, 50]  # 50 numbers: lines of 3, 10, 1, 16 and 20 numbers
    lines.append(fmt(f[k]) + " " + " ".join(values[0:3]))
    for a, b in zip(cut[1:-1], cut[2:]):
        lines.append("   " + " ".join(values[a:b]))
authored["v1_5port_split.s5p"] = lines

# Version 1.1 per-port references on the option line.
f = np.array([1.0, 1.5])
s = random_passive(2, 2)
lines = ["# GHz S RI R 50 75", "! freq S11 S21 S12 S22"]
for k in range(2):
    lines.append(fmt(f[k]) + " " + " ".join(pairs([s[k, 0, 0], s[k, 1, 0], s[k, 0, 1], s[k, 1, 1]], "ri")))
authored["v1_2port_perport_r.s2p"] = lines

# Y, Z, H, G data: S -> parameters by scikit-rf at the references, written with every digit.
conversions = {"z": nw.s2z, "y": nw.s2y, "h": nw.s2h, "g": nw.s2g}
closed_form = {}
for p, n, ref, matrix in [("z", 2, [50.0, 75.0], "full"), ("y", 3, [30.0, 50.0, 75.0], "upper"),
                          ("h", 2, [50.0, 25.0], "full"), ("g", 2, [50.0, 25.0], "full")]:
    f = np.array([1.0, 2.0, 3.0])
    s = random_passive(3, n, symmetric=(matrix != "full"))
    x = conversions[p](s, np.array(ref))
    lines = [
        f"! version 2 {p.upper()}-parameters in ohm/siemens at per-port references",
        "[Version] 2.0",
        f"# GHz {p.upper()} RI R 50",
        f"[Number of Ports] {n}",
    ]
    if n == 2:
        lines.append("[Two-Port Data Order] 21_12")
    lines += [
        "[Number of Frequencies] 3",
        "[Reference] " + " ".join(str(r) for r in ref),
        f"[Matrix Format] {matrix.capitalize()}",
        "[Network Data]",
    ]
    for k in range(3):
        if n == 2:
            vals = [x[k, 0, 0], x[k, 1, 0], x[k, 0, 1], x[k, 1, 1]]
            lines.append(fmt(f[k]) + " " + " ".join(exact(vals)))
        else:
            for i in range(n):
                row = exact([x[k, i, j] for j in range(i, n)])
                lines.append((fmt(f[k]) + " " if i == 0 else "  ") + " ".join(row))
    lines.append("[End]")
    authored[f"v2_{n}port_{p}_ri.ts"] = lines

    # Version 1: normalised to one R (50 ohm), 2-port, S11 S21 S12 S22 order.
    r = 50.0
    s1 = random_passive(3, 2)
    x1 = conversions[p](s1, np.array([r, r]))
    scale = {"z": np.array([[1 / r, 1 / r], [1 / r, 1 / r]]), "y": np.array([[r, r], [r, r]]),
             "h": np.array([[1 / r, 1], [1, r]]), "g": np.array([[r, 1], [1, 1 / r]])}[p]
    xn = x1 * scale
    name = f"v1_2port_{p}_ri.{p}2p"
    lines = [f"! version 1 {p.upper()}-parameters, normalised to R", f"# GHz {p.upper()} RI R 50"]
    for k in range(3):
        vals = [xn[k, 0, 0], xn[k, 1, 0], xn[k, 0, 1], xn[k, 1, 1]]
        lines.append(fmt(f[k]) + " " + " ".join(exact(vals)))
    authored[name] = lines
    if p != "z":
        # Denormalise by the specification, convert with scikit-rf.
        x_back = xn / scale
        closed_form[name] = {"y": nw.y2s, "h": nw.h2s, "g": nw.g2s}[p](x_back, np.array([[r, r]] * 3))

for name, lines in authored.items():
    (DATA / name).write_text("\n".join(lines) + "\n")


def cjson(a):
    a = np.asarray(a, dtype=complex)
    return a.real.tolist(), a.imag.tolist()


files = {}
for path in sorted(DATA.iterdir()):
    if not re.fullmatch(r"\.(ts|[syzhg]\d+p)", path.suffix.lower()):
        continue
    ts = rf.io.touchstone.Touchstone(str(path))
    net = rf.Network(str(path))
    entry = {"nports": int(net.nports), "frequency_hz": net.f.tolist()}
    if path.name in closed_form:
        s = closed_form[path.name]
        assert np.abs(s - net.s).max() > 1e-3, f"scikit-rf now reads {path.name} right"
        entry["reference"] = "closed-form"
    else:
        s = net.s
        entry["reference"] = "skrf"
    entry["s_re"], entry["s_im"] = cjson(s)
    z0 = net.z0
    assert np.all(z0 == z0[0]) and np.all(z0.imag == 0)
    entry["z0"] = z0[0].real.tolist()
    if ts.noise is not None:
        entry["noise"] = ts.noise.tolist()
    files[path.name] = entry

OUT.write_text(json.dumps({"generator": "scripts/gen_touchstone_fixtures.py",
                           "scikit_rf": version("scikit-rf"), "files": files}, indent=1) + "\n")
print(f"wrote {len(authored)} files and {OUT.relative_to(ROOT)} ({len(files)} files)")
