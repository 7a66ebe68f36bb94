"""Generate tests/fixtures/network_ops.json: scikit-rf 2.2.0 applying the network algebra of
pmrf-core/src/network/data/ops/ to measured files it ships and to seeded synthetic networks.

Run once, by hand, outside CI (tests/network_ops.rs only reads the committed files):

    python3 -m venv .venv && .venv/bin/pip install scikit-rf==2.2.0
    .venv/bin/python scripts/gen_network_ops_fixtures.py

Inputs (`"networks"`): a measured file (`"file"`, relative to the repository, read by pmrf's
own Touchstone reader in the test) or synthetic data (`f` in Hz, `s_re`/`s_im`
`[nfreq][row][col]`, `z0_re`/`z0_im` `[nfreq][port]`). The files are unchanged copies of
scikit-rf 2.2.0's `skrf/data/` (BSD-3-Clause, see tests/data/network_ops/README.md).

Cases (`"cases"`): `op`, its inputs and arguments as pmrf names them, and scikit-rf's result
(`expect`: a network as above, or `cov` `[nfreq][var][var]`). Ports are 0-based. Where pmrf's
convention differs from scikit-rf's, the script converts (documented at the case):
`renumbered(order)` is scikit-rf `renumbered(order, range(n))`; `from_oneports` is
`n_oneports_2_nport` with zero one-ports off the diagonal; `covariance` orders the entries of S
row by row (scikit-rf column by column). The renormalisation reference is scikit-rf's route
(through Z) at 40 digits (mpmath, `pip install mpmath`), as scikit-rf's double result loses the
conditioning of `I - S` (see `renormalize_mp`); its deviation is stored as `skrf_deviation`.
"""
import json
import shutil
from importlib.metadata import version
from pathlib import Path

import mpmath as mp
import numpy as np
import skrf as rf
from skrf import network as nw

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "network_ops"
TS = ROOT / "tests" / "data" / "touchstone"
OUT = ROOT / "tests" / "fixtures" / "network_ops.json"

assert version("scikit-rf") == "2.2.0", version("scikit-rf")
rng = np.random.default_rng(20261207)

SKRF_DATA = Path(rf.__file__).parent / "data"
COPIES = ["open.s2p", "short.s2p", "line.s2p", "delay_short.s1p", "ro,1.s1p", "ro,2.s1p",
          "ro,3.s1p", "ring slot.s2p", "wr2p2,line.s2p"]
for name in COPIES:
    shutil.copyfile(SKRF_DATA / name, DATA / name)

networks = {}
skrf_nets = {}


def add_file(key, path):
    rel = path.relative_to(ROOT).as_posix()
    networks[key] = {"file": rel}
    skrf_nets[key] = rf.Network(str(path))


def encode(net):
    return {
        "f": net.f.tolist(),
        "s_re": net.s.real.tolist(),
        "s_im": net.s.imag.tolist(),
        "z0_re": net.z0.real.tolist(),
        "z0_im": net.z0.imag.tolist(),
    }


def random_s(nf, n, scale=0.6):
    s = rng.normal(size=(nf, n, n)) + 1j * rng.normal(size=(nf, n, n))
    return scale * s / np.linalg.norm(s, ord=2, axis=(1, 2))[:, None, None]


def add_synthetic(key, f, n, z0, s=None):
    s = random_s(len(f), n) if s is None else s
    net = rf.Network(frequency=rf.Frequency.from_f(f, unit="hz"), s=s, z0=z0, name=key)
    networks[key] = {"name": key, **encode(net)}
    skrf_nets[key] = net
    return net


for key, path in [("ind", TS / "ind.s2p"), ("tee", TS / "tee.s3p"), ("short1", TS / "short.s1p"),
                  ("open", DATA / "open.s2p"), ("short2", DATA / "short.s2p"),
                  ("line", DATA / "line.s2p"), ("delay_short", DATA / "delay_short.s1p"),
                  ("ro1", DATA / "ro,1.s1p"), ("ro2", DATA / "ro,2.s1p"), ("ro3", DATA / "ro,3.s1p"),
                  ("ring_slot", DATA / "ring slot.s2p"), ("wr2p2_line", DATA / "wr2p2,line.s2p")]:
    add_file(key, path)

# Synthetic: 5 points, complex per-port references that vary with frequency.
f = np.linspace(1e9, 5e9, 5)
ramp = np.linspace(0.0, 1.0, len(f))[:, None]


def complex_z0(n):
    base = rng.uniform(20, 100, size=n) + 1j * rng.uniform(-30, 30, size=n)
    return base[None, :] * (1 + 0.1 * ramp)


add_synthetic("a4c", f, 4, complex_z0(4))
add_synthetic("b4c", f, 4, complex_z0(4))
add_synthetic("c3r", f, 3, np.tile([25.0, 50.0, 75.0], (len(f), 1)))
add_synthetic("d2r", f, 2, np.tile([60.0, 40.0], (len(f), 1)))
add_synthetic("e5c", f, 5, complex_z0(5))
add_synthetic("g3c", f, 3, complex_z0(3))
add_synthetic("fix_l", f, 2, 50.0, s=random_s(len(f), 2) + np.array([[0, 0.3], [0.3, 0]]))
add_synthetic("fix_r", f, 2, 50.0, s=random_s(len(f), 2) + np.array([[0, 0.3], [0.3, 0]]))
add_synthetic("dut", f, 2, 50.0)
add_synthetic("fix_lc", f, 2, complex_z0(2), s=random_s(len(f), 2) + np.array([[0, 0.3], [0.3, 0]]))
for i in range(5):
    add_synthetic(f"set{i}", f, 2, 50.0, s=random_s(len(f), 2) + 0.2)

cases = {}


def renormalize_mp(s, z1, z2, waves):
    """S renormalised from z1 to z2 through Z, at 40 digits: scikit-rf's route (s2z, z2s) with
    the rounding taken out. scikit-rf itself loses the condition number of I - S (the ideal tee
    has no Z: 5e-8 there), so this, not scikit-rf's double result, is the renormalisation
    reference; the script prints how far scikit-rf is from it."""
    mp.mp.dps = 40
    n = len(z1)

    def coeffs(z):
        z = [mp.mpc(complex(x)) for x in z]
        if waves == "power":
            return (mp.diag(z), mp.diag([mp.conj(x) for x in z]),
                    mp.diag([1 / mp.sqrt(mp.re(x)) for x in z]))
        return mp.diag(z), mp.diag(z), mp.diag([mp.sqrt(mp.re(x)) / abs(x) for x in z])

    g1, h1, k1 = coeffs(z1)
    g2, h2, k2 = coeffs(z2)
    sm = mp.matrix([[mp.mpc(complex(s[i, j])) for j in range(n)] for i in range(n)])
    sp = k1 ** -1 * sm * k1
    eye = mp.eye(n)
    z = (eye - sp) ** -1 * (sp * g1 + h1)
    out = k2 * (z - h2) * (z + g2) ** -1 * k2 ** -1
    return np.array([[complex(out[i, j]) for j in range(n)] for i in range(n)])



def case(name, op, inputs, expect, **args):
    cases[name] = {"op": op, "inputs": inputs, "args": args, "expect": encode(expect)}


N = skrf_nets
# Cascades, connections, terminations.
case("cascade_ind_open", "cascade", ["ind", "open"], N["ind"] ** N["open"])
case("cascade_line_delay_short", "cascade", ["line", "delay_short"], N["line"] ** N["delay_short"])
case("cascade_4port_complex_z0", "cascade", ["a4c", "b4c"], N["a4c"] ** N["b4c"])
case("cascade_4port_by_2port", "cascade", ["a4c", "d2r"], N["a4c"] ** N["d2r"])
case("connect_line_short", "connect", ["line", "short1"], nw.connect(N["line"], 1, N["short1"], 0), k=1, l=0)
case("connect_tee_line", "connect", ["tee", "wr2p2_line"], nw.connect(N["tee"], 1, N["wr2p2_line"], 0), k=1, l=0)
case("connect_line_tee", "connect", ["wr2p2_line", "tee"], nw.connect(N["wr2p2_line"], 1, N["tee"], 2), k=1, l=2)
case("connect_real_z0_differ", "connect", ["c3r", "d2r"], nw.connect(N["c3r"], 2, N["d2r"], 0), k=2, l=0)
case("connect_real_z0_differ_2", "connect", ["d2r", "c3r"], nw.connect(N["d2r"], 1, N["c3r"], 1), k=1, l=1)
case("connect_complex_z0", "connect", ["a4c", "g3c"], nw.connect(N["a4c"], 3, N["g3c"], 1), k=3, l=1)
# An ideal tee with two arms joined is singular (a loop of zero length): pmrf refuses it, where
# scikit-rf falls back to least squares; a tee with a line closing the loop is regular.
tee_line = nw.connect(N["tee"], 1, N["wr2p2_line"], 0)
networks["tee_line"] = {"name": "tee_line", **encode(tee_line)}
case("inner_connect_tee_loop", "inner_connect", ["tee_line"], nw.innerconnect(tee_line, 1, 2), k=1, l=2)
case("inner_connect_complex_z0", "inner_connect", ["e5c"], nw.innerconnect(N["e5c"], 1, 3), k=1, l=3)
case("inner_connect_real_z0_differ", "inner_connect", ["c3r"], nw.innerconnect(N["c3r"], 2, 0), k=2, l=0)
# De-embedding and inverses.
case("inverse_ind", "inverse", ["ind"], N["ind"].inv)
# At complex references pmrf inverts through the real references |z0| (scikit-rf's `inv` applies
# the real-reference formula as it is): the same with scikit-rf's renormalize and inv.
def inverse_physical(net):
    real = net.copy()
    real.renormalize(np.abs(net.z0))
    out = real.inv
    out.renormalize(net.z0[:, ::-1])
    return out


case("inverse_complex_z0", "inverse", ["fix_lc"], inverse_physical(N["fix_lc"]))
measured_c = N["fix_lc"] ** N["dut"]
networks["measured_c"] = {"name": "measured_c", **encode(measured_c)}
case("deembed_complex_z0", "deembed", ["measured_c", "fix_lc", None],
     inverse_physical(N["fix_lc"]) ** measured_c)
case("deembed_line_ring_slot", "deembed", ["ring_slot", "line", "line"],
     N["line"].inv ** N["ring_slot"] ** N["line"].inv)
case("deembed_left_only", "deembed", ["ind", "open", None], N["open"].inv ** N["ind"])
measured = N["fix_l"] ** N["dut"] ** N["fix_r"]
networks["measured"] = {"name": "measured", **encode(measured)}
case("deembed_synthetic", "deembed", ["measured", "fix_l", "fix_r"],
     N["fix_l"].inv ** measured ** N["fix_r"].inv)
case("deembed_right_only_synthetic", "deembed", ["measured", None, "fix_r"], measured ** N["fix_r"].inv)
# 4-port (differential) fixtures: a random 4-port plus a 2-lane thru.
thru4 = np.zeros((4, 4))
for i in range(2):
    thru4[i, i + 2] = thru4[i + 2, i] = 0.5
add_synthetic("fix4_l", f, 4, 50.0, s=random_s(len(f), 4, 0.4) + thru4)
add_synthetic("fix4_r", f, 4, np.tile([50.0, 50.0, 25.0, 75.0], (len(f), 1)), s=random_s(len(f), 4, 0.4) + thru4)
add_synthetic("dut4", f, 4, 50.0)
case("inverse_4port", "inverse", ["fix4_l"], N["fix4_l"].inv)
measured4 = N["fix4_l"] ** N["dut4"] ** N["fix4_r"]
networks["measured4"] = {"name": "measured4", **encode(measured4)}
case("deembed_4port", "deembed", ["measured4", "fix4_l", "fix4_r"],
     N["fix4_l"].inv ** measured4 ** N["fix4_r"].inv)
# Renormalisation.
for name, key, waves in [("renorm_ntwk_power", "ind", "power"), ("renorm_tee_power", "tee", "power"),
                         ("renorm_e5c_power", "e5c", "power"), ("renorm_e5c_pseudo", "e5c", "pseudo"),
                         ("renorm_ind_pseudo", "ind", "pseudo")]:
    src = N[key]
    net = rf.Network(frequency=src.frequency, s=src.s, z0=src.z0, s_def=waves)
    z_new = complex_z0(src.nports)[:1].repeat(len(src), axis=0) * np.linspace(1, 1.2, len(src))[:, None]
    out = net.copy()
    out.renormalize(z_new)
    exact = out.copy()
    exact.s = np.array([renormalize_mp(src.s[k], src.z0[k], z_new[k], waves) for k in range(len(src))])
    dev = float(np.max(np.abs(exact.s - out.s)))
    case(name, "renormalized", [key], exact, waves=waves, z0_re=z_new.real.tolist(),
         z0_im=z_new.imag.tolist())
    cases[name]["skrf_deviation"] = dev
    print(f"{name}: scikit-rf deviates from the 40-digit reference by {dev:.1e}")
# Ports.
case("subnetwork_tee", "subnetwork", ["tee"], nw.subnetwork(N["tee"], [2, 0], offby=0), ports=[2, 0])
case("subnetwork_e5c", "subnetwork", ["e5c"], nw.subnetwork(N["e5c"], [4, 1, 3], offby=0), ports=[4, 1, 3])
case("renumbered_tee", "renumbered", ["tee"], N["tee"].renumbered([2, 0, 1], [0, 1, 2]), order=[2, 0, 1])
case("renumbered_e5c", "renumbered", ["e5c"], N["e5c"].renumbered([3, 4, 0, 2, 1], [0, 1, 2, 3, 4]), order=[3, 4, 0, 2, 1])
case("flipped_ind", "flipped", ["ind"], N["ind"].flipped())
case("flipped_4port", "flipped", ["a4c"], N["a4c"].flipped())
zero = N["ro1"].copy()
zero.s[:] = 0
ro = [N["ro1"], N["ro2"], N["ro3"]]
case("from_oneports_ro", "from_oneports", ["ro1", "ro2", "ro3"],
     nw.n_oneports_2_nport([ro[i] if i == j else zero for i in range(3) for j in range(3)]))
case("stitched_ind_line", "stitched", ["ind", "line"], nw.stitch(N["ind"], N["line"]))
case("stitched_ro_delay", "stitched", ["delay_short", "ro1"], nw.stitch(N["delay_short"], N["ro1"]))
# Statistics.
for name, keys in [("ro", ["ro1", "ro2", "ro3"]), ("fixtures_2port", ["ind", "open", "short2"]),
                   ("synthetic_2port", [f"set{i}" for i in range(5)])]:
    ns = rf.networkSet.NetworkSet([N[k] for k in keys])
    case(f"mean_{name}", "mean", keys, ns.mean_s)
    case(f"std_{name}", "std", keys, ns.std_s)
    cov = ns.cov()
    n = N[keys[0]].nports
    # skrf: entry (i, j) is flattened column by column (j n + i); pmrf row by row (i n + j).
    perm = []
    for i in range(n):
        for j in range(n):
            e = j * n + i
            perm += [2 * e, 2 * e + 1]
    cov = cov[:, perm][:, :, perm]
    cases[f"cov_{name}"] = {"op": "covariance", "inputs": keys, "args": {}, "cov": cov.tolist()}

OUT.write_text(json.dumps({"generator": "scripts/gen_network_ops_fixtures.py",
                           "skrf": version("scikit-rf"), "networks": networks, "cases": cases}))
print(f"{len(cases)} cases -> {OUT}")
