"""Generate tests/fixtures/time_domain.json: scikit-rf's time-domain transforms of network data.

Run once, by hand, outside CI (tests/time_domain.rs only reads the committed fixture):

    python3 -m venv .venv && .venv/bin/pip install scikit-rf==2.2.0
    .venv/bin/python scripts/gen_time_fixtures.py

Data: the BSD-3-Clause files shipped with scikit-rf 2.2.0 already copied to
tests/data/touchstone/ (licence and source in the README there):

* `ntwk1.s2p`, 1-10 GHz in 0.1 GHz steps, so `extrapolate_to_dc` adds 0-0.9 GHz without
  interpolating the measured points: low-pass impulse and step responses, `rfft` gating;
* `ring slot measured.s1p`, 75-110 GHz, far from DC: band-pass impulse response, `fft` gating;

and a synthetic lossless line with two reflections (built here, its S stored in the fixture).

Each case stores its options, its input (file name or S), and scikit-rf's output: time (s) and
response (`re`, `im`) for impulse/step, frequency (Hz) and gated S for gates, frequency and S for
the extrapolation to DC.
"""
import json
from importlib.metadata import version
from pathlib import Path

import numpy as np
import skrf as rf

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "touchstone"
OUT = ROOT / "tests" / "fixtures" / "time_domain.json"


def cplx(a):
    a = np.asarray(a)
    return {"re": np.real(a).tolist(), "im": np.imag(a).tolist()}


def two_reflection_line():
    """A one-port seeing reflections 0.5 at 1 ns and 0.25 at 3 ns (round trip), 0-10 GHz."""
    f = np.linspace(0, 10e9, 201)
    s = 0.5 * np.exp(-2j * np.pi * f * 1e-9) + 0.25 * np.exp(-2j * np.pi * f * 3e-9)
    return rf.Network(frequency=rf.Frequency.from_f(f, unit="Hz"), s=s, z0=50)


def main():
    ntwk1 = rf.Network(str(DATA / "ntwk1.s2p"))
    ring = rf.Network(str(DATA / "ring slot measured.s1p"))
    line = two_reflection_line()
    dc = ntwk1.extrapolate_to_dc(kind="linear")
    cases = {"impulse": [], "step": [], "gate": [], "extrapolate": []}

    cases["extrapolate"].append(
        {"file": "ntwk1.s2p", "f": dc.f.tolist(),
         "s": cplx(dc.s.reshape(len(dc), -1))}  # row-major [k][to*n+from]
    )

    def impulse(name, net, to, frm, window, n=None, pad=0, bandpass=None):
        sub = rf.Network(frequency=net.frequency, s=net.s[:, to, frm], z0=50)
        t, y = sub.impulse_response(window=window, n=n, pad=pad, bandpass=bandpass)
        cases["impulse"].append({"source": name, "to": to, "from": frm, "window": window,
                                 "n": n, "pad": pad, "bandpass": bandpass,
                                 "t": t.tolist(), "y": cplx(y)})

    def step(name, net, to, frm, window, n=None, pad=0):
        sub = rf.Network(frequency=net.frequency, s=net.s[:, to, frm], z0=50)
        t, y = sub.step_response(window=window, n=n, pad=pad)
        cases["step"].append({"source": name, "to": to, "from": frm, "window": window,
                              "n": n, "pad": pad, "t": t.tolist(), "y": cplx(y)})

    def gate(name, net, to, frm, mode, window, method, fft_window, **where):
        sub = rf.Network(frequency=net.frequency, s=net.s[:, to, frm], z0=50)
        g = sub.time_gate(mode=mode, window=window, method=method, fft_window=fft_window,
                          t_unit="s", **where)
        wname = list(window) if isinstance(window, tuple) else window
        cases["gate"].append({"source": name, "to": to, "from": frm, "mode": mode,
                              "window": wname, "method": method, "fft_window": fft_window,
                              **where, "s": cplx(g.s[:, 0, 0])})

    for w in ["hamming", "hann", "boxcar", "blackman", ("kaiser", 6.0)]:
        wn = list(w) if isinstance(w, tuple) else w
        impulse("ntwk1_dc", dc, 1, 0, w if isinstance(w, str) else w)
        cases["impulse"][-1]["window"] = wn
    impulse("ntwk1_dc", dc, 0, 0, "hamming", pad=100)
    impulse("ntwk1_dc", dc, 0, 0, "hann", n=512)
    impulse("ntwk1_dc", dc, 0, 0, "hann", n=301)
    impulse("ntwk1_dc", dc, 1, 1, None)
    impulse("ring", ring, 0, 0, "hamming")
    impulse("ring", ring, 0, 0, "hann", pad=50)
    impulse("ring", ring, 0, 0, "cosine", n=256)
    impulse("line", line, 0, 0, "hamming")

    step("ntwk1_dc", dc, 0, 0, "hamming")
    step("ntwk1_dc", dc, 1, 0, "hann", pad=20)
    step("ntwk1_dc", dc, 1, 0, "boxcar", n=400)
    step("line", line, 0, 0, "hamming")

    gate("ring", ring, 0, 0, "bandpass", ("kaiser", 6.0), "fft", "cosine", center=0.0, span=0.2e-9)
    gate("ring", ring, 0, 0, "bandstop", "hamming", "fft", "hamming", start=-0.1e-9, stop=0.15e-9)
    gate("ntwk1_dc", dc, 0, 0, "bandpass", "hann", "rfft", "cosine", center=0.1e-9, span=0.6e-9)
    gate("ntwk1_dc", dc, 1, 0, "bandpass", "boxcar", "fft", None, center=0.2e-9, span=1e-9)
    gate("line", line, 0, 0, "bandpass", ("kaiser", 6.0), "fft", "cosine", center=1e-9, span=1e-9)
    gate("line", line, 0, 0, "bandstop", "blackman", "rfft", "hann", start=2.5e-9, stop=3.5e-9)

    for group in cases.values():
        for c in group:
            if isinstance(c.get("window"), tuple):
                c["window"] = list(c["window"])
    doc = {
        "generator": "scripts/gen_time_fixtures.py",
        "skrf_version": version("scikit-rf"),
        "numpy_version": np.__version__,
        "line": {"f": line.f.tolist(), "s": cplx(line.s[:, 0, 0])},
        **cases,
    }
    OUT.write_text(json.dumps(doc, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
