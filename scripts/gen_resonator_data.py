"""The "measured" resonator of examples/resonator_q.rs: examples/data/resonator/resonator.s2p.

Run once:  /work/venv/bin/python scripts/gen_resonator_data.py   (numpy only)

A series RLC in series between two 50 ohm ports (R = 5 ohm, f0 = 2.4 GHz, loaded
Q = w0 L / (R + 2 Z0) = 50): S21 = 2 Z0 C s / (L C s^2 + (R + 2 Z0) C s + 1), S11 = S22 = 1 - S21,
a rational 2-port with one pole pair p = w0 (-1/(2Q) + j sqrt(1 - 1/(4Q^2))), so
f0 = |p| / (2 pi) and Q = |p| / (2 |Re p|) exactly. 201 points over 2.2-2.6 GHz, complex Gaussian
noise of sigma = 2e-3 per real and imaginary part of each entry (seed 23).
"""
import pathlib

import numpy as np

Z0, R, F0, Q = 50.0, 5.0, 2.4e9, 50.0
w0 = 2 * np.pi * F0
L = Q * (R + 2 * Z0) / w0
C = 1 / (w0 ** 2 * L)
SIGMA = 2e-3

f = np.linspace(2.2e9, 2.6e9, 201)
s = 2j * np.pi * f
s21 = 2 * Z0 * C * s / (L * C * s ** 2 + (R + 2 * Z0) * C * s + 1)
S = np.empty((f.size, 2, 2), complex)
S[:, 0, 0] = S[:, 1, 1] = 1 - s21
S[:, 1, 0] = S[:, 0, 1] = s21
rng = np.random.default_rng(23)
S += SIGMA * (rng.standard_normal(S.shape) + 1j * rng.standard_normal(S.shape))

p = np.roots([L * C, (R + 2 * Z0) * C, 1])
p = p[p.imag > 0][0]
out = pathlib.Path(__file__).resolve().parents[1] / "examples/data/resonator"
out.mkdir(parents=True, exist_ok=True)
with open(out / "resonator.s2p", "w") as fh:
    fh.write("! A series RLC between two 50 ohm ports with noise: scripts/gen_resonator_data.py\n")
    fh.write(f"! truth: pole {float(p.real)!r} {float(p.imag)!r} rad/s, f0 {float(abs(p)) / (2 * np.pi)!r} Hz, "
             f"Q {float(abs(p) / (2 * abs(p.real)))!r}, noise sigma {SIGMA}\n")
    fh.write("# Hz S RI R 50\n")
    for k in range(f.size):
        row = [S[k, 0, 0], S[k, 1, 0], S[k, 0, 1], S[k, 1, 1]]
        fh.write(f"{f[k]:.6f} " + " ".join(f"{z.real:.9e} {z.imag:.9e}" for z in row) + "\n")
print("pole", p, "f0", abs(p) / (2 * np.pi), "Q", abs(p) / (2 * abs(p.real)))
