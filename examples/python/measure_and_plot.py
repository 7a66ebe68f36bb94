"""Measure and plot: a measurement read with scikit-rf, de-embedded with pmrf_rs, plotted.

The data (examples/data/deembed/) is a device measured between two fixtures, and the two
fixtures measured alone. This script

1. reads the three files with scikit-rf and hands them to pmrf_rs (exact copies),
2. removes the fixtures in pmrf_rs (``measured.deembed(left, right)``), checks the result
   against scikit-rf's ``left.inv ** measured ** right.inv``, and re-embeds it (``**``),
3. looks at the device: |S21| in dB, a series arm of the T from its Z-parameters,
4. plots |S| in dB with matplotlib through scikit-rf (skipped if matplotlib is missing or
   PMRF_NO_PLOT is set).

Run from anywhere: ``python examples/python/measure_and_plot.py`` (needs scikit-rf).
"""

import os
import pathlib

import numpy as np
import skrf

import pmrf_rs as rs

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "deembed"


def read(name):
    """A Touchstone file read by scikit-rf, as a pmrf_rs.Network."""
    return rs.Network.from_skrf(skrf.Network(str(DATA / f"{name}.s2p")))


def main():
    measured, left, right = read("dut_in_fixture"), read("fixture_left"), read("fixture_right")
    print(measured)

    # The fixtures removed, in Rust; scikit-rf's answer on the same data for comparison.
    dut = measured.deembed(left=left, right=right).renamed("de-embedded DUT")
    ref = left.to_skrf().inv ** measured.to_skrf() ** right.to_skrf().inv
    print(f"de-embedded: max |S - scikit-rf's| = {np.abs(dut.s - ref.s).max():.1e}")
    again = left ** dut ** right
    print(f"re-embedded: max |S - measured| = {np.abs(again.s - measured.s).max():.1e}")

    # The device, an L-C-L T: transmission, and the T's first series arm Z11 - Z21, which
    # should be j omega 3.3 nH.
    f = dut.frequency
    s21_db = 20 * np.log10(np.abs(dut["s21"]))
    k = len(f) // 2
    z = dut.z[k]
    arm = z[0, 0] - z[1, 0]
    want = 2j * np.pi * f.hz[k] * 3.3e-9
    print(f"at {f.scaled[k]:g} {f.unit}: |S21| = {s21_db[k]:.2f} dB, Z11 - Z21 = {arm:.2f} ohm")
    print(f"  (j omega 3.3 nH = {want:.2f} ohm; the rest is the measurement's noise)")

    if os.environ.get("PMRF_NO_PLOT"):
        return
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot")
        return
    fig, ax = plt.subplots()
    measured.to_skrf().plot_s_db(m=1, n=0, ax=ax, label="measured S21")
    dut.to_skrf().plot_s_db(m=1, n=0, ax=ax, label="de-embedded S21")
    dut.to_skrf().plot_s_db(m=0, n=0, ax=ax, label="de-embedded S11")
    ax.set_title("A device measured in fixtures, de-embedded by pmrf_rs")
    out = pathlib.Path("measure_and_plot.png")
    fig.savefig(out, dpi=120)
    print(f"plot written to {out.resolve()}")


if __name__ == "__main__":
    main()
