"""Reference values of the modified Bessel functions I0, I1, K0, K1 of complex argument and of
the internal impedance of round conductors, from mpmath at 50 significant digits, written to
tests/fixtures/special.json for tests/special.rs.

Run once, outside CI (mpmath only; `pip install mpmath`):
    .venv/bin/python scripts/gen_special_fixtures.py

Every value is the exact closed form evaluated by mpmath's arbitrary-precision Bessel functions
(each point is re-evaluated at 70 digits and must agree to 1e-40); the arguments are stored as
the doubles they were evaluated at, so the Rust side sees exactly the same input. No reference
library's own regularisation is involved. Arguments are written as strings (Python's repr, the
shortest decimal that reads back as the same double), so that the reader parses them exactly:
a JSON number may be read to the nearest double only approximately, and an argument off by one
ulp moves I0(z) by |z| ulp (2e-13 at |z| = 2000). Results are JSON numbers.

- bessel: scaled functions i0e = exp(-|Re z|) I0(z), i1e, k0e = exp(z) K0(z), k1e, the ratios
  I0/I1 and K0/K1 and their derivatives (1 - r^2 + r/z and q^2 + q/z - 1), and the unscaled functions where a double holds them (null otherwise). K is
  given for Re z >= 0 only. Grid: |z| from 1e-3 to 1e4 (8 points per decade) at arg 0, 30, 45,
  60, 89 and 90 degrees and at -45, -89 (lower half-plane) and 135, 180 degrees (I only), plus
  dense points around |z| = 2 and |z| = 18 and along |z| - Re z = 3.5, where the implementation
  changes method.
- rod: Z = k/(2 pi a sigma) I0(ka)/I1(ka), k = sqrt(j 2 pi f mu0 mu_r sigma) (Schelkunoff 1934);
  at f = 0 the limit 1/(sigma pi a^2).
- tube: Z = k/(2 pi b sigma) [I0(kb)K1(kc) + K0(kb)I1(kc)] / [I1(kc)K1(kb) - I1(kb)K1(kc)];
  at f = 0 the limit 1/(sigma pi (c^2 - b^2)); outer = inf: Z = k/(2 pi b sigma) K0(kb)/K1(kb).
"""

import json
import math
import pathlib

import mpmath as mp

MU0 = 1.25663706127e-6  # CODATA 2022
DPS = 50
CHECK_DPS = 70


def bessel_point(z):
    """All reference values at the complex double z (a Python complex)."""
    zm = mp.mpc(z.real, z.imag)
    i0, i1 = mp.besseli(0, zm), mp.besseli(1, zm)
    si = mp.exp(-abs(zm.real))
    out = {
        "z": [repr(z.real), repr(z.imag)],
        "i0e": i0 * si,
        "i1e": i1 * si,
        "i0_over_i1": i0 / i1,
        # (I0/I1)' = 1 - r^2 + r/z, exact at this precision.
        "d_i0_over_i1": 1 - (i0 / i1) ** 2 + (i0 / i1) / zm,
        "i0": i0,
        "i1": i1,
    }
    if z.real >= 0:
        k0, k1 = mp.besselk(0, zm), mp.besselk(1, zm)
        sk = mp.exp(zm)
        q = k0 / k1
        out.update(
            k0e=k0 * sk, k1e=k1 * sk, k0_over_k1=q, d_k0_over_k1=q * q + q / zm - 1, k0=k0, k1=k1
        )
    return out


def rod(f, a, sigma, mu_r):
    f, a, sigma, mu_r = (mp.mpf(x) for x in (f, a, sigma, mu_r))
    if f == 0:
        return 1 / (sigma * mp.pi * a**2)
    k = mp.sqrt(1j * 2 * mp.pi * f * MU0 * mu_r * sigma)
    return k / (2 * mp.pi * a * sigma) * mp.besseli(0, k * a) / mp.besseli(1, k * a)


def tube(f, b, c, sigma, mu_r):
    f, b, sigma, mu_r = (mp.mpf(x) for x in (f, b, sigma, mu_r))
    if c == math.inf:
        if f == 0:
            return mp.mpf(0)
        k = mp.sqrt(1j * 2 * mp.pi * f * MU0 * mu_r * sigma)
        return k / (2 * mp.pi * b * sigma) * mp.besselk(0, k * b) / mp.besselk(1, k * b)
    c = mp.mpf(c)
    if f == 0:
        return 1 / (sigma * mp.pi * (c**2 - b**2))
    k = mp.sqrt(1j * 2 * mp.pi * f * MU0 * mu_r * sigma)
    x, y = k * b, k * c
    I0, I1, K0, K1 = mp.besseli, mp.besseli, mp.besselk, mp.besselk
    num = I0(0, x) * K1(1, y) + K0(0, x) * I1(1, y)
    den = I1(1, y) * K1(1, x) - I1(1, x) * K1(1, y)
    return k / (2 * mp.pi * b * sigma) * num / den


def checked(fn, *args):
    """fn(*args) at DPS digits, confirmed at CHECK_DPS digits."""
    with mp.workdps(DPS):
        v = fn(*args)
    with mp.workdps(CHECK_DPS):
        w = fn(*args)
    if isinstance(v, dict):
        for key, x in v.items():
            if key == "z":
                continue
            assert abs(x - w[key]) <= mp.mpf(10) ** -40 * abs(w[key]), (key, args, x, w[key])
    else:
        assert abs(v - w) <= mp.mpf(10) ** -40 * abs(w), (args, v, w)
    return v


def cplx(x):
    """[re, im] as doubles, or None where a double cannot hold the value."""
    x = mp.mpc(x)
    re, im = float(x.real), float(x.imag)
    if not (math.isfinite(re) and math.isfinite(im)):
        return None
    if x != 0 and (abs(x) < mp.mpf("1e-300") or abs(x) > mp.mpf("1e300")):
        return None
    return [re, im]


def bessel_points():
    pts = []
    radii = [10 ** (k / 8) for k in range(-24, 33)]  # 1e-3 .. 1e4
    for deg in [0, 30, 45, 60, 89, 90, -45, -89, 135, 180]:
        for r in radii:
            pts.append(r * complex(math.cos(math.radians(deg)), math.sin(math.radians(deg))))
    # Transitions between series / continued fractions / Hankel expansions.
    for r in [1.9, 1.99, 1.999999, 2.0, 2.000001, 2.01, 2.1, 17.5, 17.99, 17.999999, 18.0,
              18.000001, 18.01, 18.5, 20.0, 25.0]:
        for deg in [0, 10, 30, 45, 60, 80, 89, 90, -30]:
            pts.append(r * complex(math.cos(math.radians(deg)), math.sin(math.radians(deg))))
    # Where the implementation's power series for I stops (|z| - Re z = 3.5, 2 < |z| < 18).
    for r in [2.5, 4.0, 6.0, 9.0, 12.0, 15.0, 17.9]:
        for loss in [3.49, 3.51]:
            x = r - loss
            y = math.sqrt(r * r - x * x)
            pts += [complex(x, y), complex(x, -y)]
    # The real axis and near the imaginary axis, close to zeros of I0 and I1 (J0, J1).
    pts += [complex(x, 0.0) for x in [1e-8, 0.5, 1.0, 3.0, 7.5, 15.0, 50.0, 300.0, 700.0, 5e3]]
    pts += [complex(0.0, y) for y in [2.0, 2.5, 3.5, 5.0, 10.0, 17.0, 30.0, 100.0]]
    pts += [complex(1e-3, 2.4), complex(0.05, 5.52), complex(0.5, 30.0), complex(5.0, 30.0)]
    return pts


def conductor_cases():
    freqs = [0.0, 1.0, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11]
    rods = []
    for a, sigma, mu_r in [
        (0.5e-3, 5.8e7, 1.0),  # copper wire, 1 mm diameter
        (0.1e-3, 5.8e7, 1.0),
        (5e-3, 3.5e7, 1.0),  # aluminium rod
        (1e-3, 1.4e6, 1.0),  # stainless steel
        (0.3e-3, 1.0e7, 100.0),  # steel-like, magnetic
    ]:
        for f in freqs:
            rods.append((f, a, sigma, mu_r))
    # |k a| right at the series limit (|ka| = 2) and around it.
    a, sigma = 0.5e-3, 5.8e7
    for ka in [1.9, 1.999999, 2.0, 2.000001, 2.1, 17.9, 18.1]:
        f = (ka / a) ** 2 / (2 * math.pi * MU0 * sigma)
        rods.append((f, a, sigma, 1.0))
    tubes = []
    for b, c, sigma, mu_r in [
        (3.5e-3, 4.0e-3, 5.8e7, 1.0),  # 7 mm air line outer conductor
        (1.5e-3, 1.8e-3, 5.8e7, 1.0),
        (1.0e-3, 1.001e-3, 5.8e7, 1.0),  # thin foil
        (1.0e-3, 1.0e-2, 3.5e7, 1.0),  # thick
        (0.1e-3, 5e-3, 1.4e6, 1.0),
        (2.0e-3, 2.5e-3, 1.0e7, 100.0),
        (2.0e-3, math.inf, 5.8e7, 1.0),  # conductor filling r > b
    ]:
        for f in freqs:
            tubes.append((f, b, c, sigma, mu_r))
    b, c, sigma = 1.5e-3, 1.8e-3, 5.8e7
    for kc in [1.9, 1.999999, 2.0, 2.000001, 2.1]:
        f = (kc / c) ** 2 / (2 * math.pi * MU0 * sigma)
        tubes.append((f, b, c, sigma, 1.0))
    return rods, tubes


def main():
    bessel = []
    for z in bessel_points():
        v = checked(bessel_point, z)
        bessel.append({k: (x if k == "z" else cplx(x)) for k, x in v.items()})
    rods, tubes = conductor_cases()
    rod_out = [
        {
            "f": repr(f),
            "radius": repr(a),
            "sigma": repr(s),
            "mu_r": repr(m),
            "z": cplx(checked(rod, f, a, s, m)),
        }
        for f, a, s, m in rods
    ]
    tube_out = [
        {
            "f": repr(f),
            "inner": repr(b),
            "outer": repr(c),
            "sigma": repr(s),
            "mu_r": repr(m),
            "z": cplx(checked(tube, f, b, c, s, m)),
        }
        for f, b, c, s, m in tubes
    ]
    out = {
        "source": f"mpmath {mp.__version__} at {DPS} digits (checked at {CHECK_DPS})",
        "mu0": MU0,
        "bessel": bessel,
        "rod": rod_out,
        "tube": tube_out,
    }
    path = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "special.json"
    # One point per line: readable diffs, a compact file.
    lines = ["{"]
    lines.append(f' "source": {json.dumps(out["source"])},')
    lines.append(f' "mu0": {json.dumps(out["mu0"])},')
    for i, key in enumerate(["bessel", "rod", "tube"]):
        lines.append(f' "{key}": [')
        rows = [f"  {json.dumps(row)}" for row in out[key]]
        lines.append(",\n".join(rows))
        lines.append(" ]" + ("," if i < 2 else ""))
    lines.append("}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == out
    path.write_text(text)
    print(f"wrote {path}: {len(bessel)} Bessel points, {len(rod_out)} rods, {len(tube_out)} tubes")


if __name__ == "__main__":
    main()
