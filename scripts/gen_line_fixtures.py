"""Reference S-parameters of transmission lines and data of their materials, from scikit-rf,
written to tests/fixtures/lines_*.json for tests/lines.rs and tests/materials.rs.

Run once, outside CI, with scikit-rf 2.2.0 (scripts/requirements.txt):
    .venv/bin/python scripts/gen_line_fixtures.py

What each reference is:

* lines_core.json: DelayLine, PhaseLine (scikit-rf DefinedGammaZ0 with the same Zc and
  gamma), RlgcLine (DistributedCircuit), PhysicalLine and DatasheetCable (DistributedCircuit
  with the frequency-dependent R, L, G, C of their closed forms, L including the skin-effect
  internal inductance R / w), a lossy line renormalised to complex per-port references (power
  waves), and a 50 m line with 35 Np of loss.
* lines_coax.json: scikit-rf Coaxial (Schelkunoff model) with perfect conductors (where the
  formulations agree exactly), with copper (exact internal impedances: Bessel functions), and
  the same copper line with the skin-effect asymptotes Zs / (2 pi r) of the internal impedances
  (a DistributedCircuit), which is what pmrf computes until the exact `special` module is
  merged. Coax tests accept either of the two copper references.
* lines_microstrip.json: scikit-rf MLine (Hammerstad-Jensen, Kirschning-Jansen) for lossless
  lines (tan delta = 0, resistivity 1e-30 so that the conductor loss is below 1e-11 Np/m; S
  agrees exactly), with its Zc(f) and eps_eff(f); MLine's attenuations of lossy lines (its own
  loss formulation: attenuation added to gamma, complex permittivity in the quasi-static
  formulas), which pmrf matches to first order only; and the closed form of pmrf's lossy
  formulation (MLine's own quasi-static and dispersion functions at the real permittivity,
  dielectric loss through the filling factor, conductor loss through the surface impedance
  with Wheeler's current distribution factor and Hammerstad roughness) as a DistributedCircuit,
  which pmrf matches exactly.
* lines_stripline.json: the closed form of pmrf's stripline (Pozar sec. 3.7) as a
  DistributedCircuit.
* lines_materials.json: MLine's Djordjevic-Sarkar permittivity.
"""

import json
import warnings
import pathlib

import numpy as np
import skrf
from skrf.media import Coaxial, DefinedGammaZ0, DistributedCircuit, MLine

# MLine warns that its conductor loss needs t > 3 skin depths (at the lowest frequencies).
warnings.filterwarnings("ignore", message="Conductor loss calculation invalid")
assert skrf.__version__ == "2.2.0", skrf.__version__

C0 = 299792458.0
MU0 = 1.25663706127e-6
EPS0 = 8.8541878188e-12
ETA0 = MU0 * C0
NP_PER_DB = np.log(10) / 20

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def s_case(ntwk, **extra):
    return {
        "nports": int(ntwk.nports),
        "s_re": np.real(ntwk.s).tolist(),
        "s_im": np.imag(ntwk.s).tolist(),
        **extra,
    }


def write(name, freq, cases, **extra):
    out = {
        "source": f"scikit-rf {skrf.__version__}",
        "frequency_hz": freq.f.tolist(),
        **extra,
        "cases": cases,
    }
    path = OUT / name
    path.write_text(json.dumps(out, indent=1))
    print(f"wrote {path}")


def rlgc_line(freq, r, l, g, c, length):
    media = DistributedCircuit(freq, z0_port=50, R=r, L=l, G=g, C=c)
    return media.line(length, "m")


def skin_effect_rlgc(freq, zn, v, ac, ad):
    """PhysicalLine / DatasheetCable: Z' = R + j(wL + R), Y' = G + jwC."""
    w = 2 * np.pi * freq.f
    r = 2 * zn * ac
    l = zn / v + r / w  # the internal reactance R as an inductance
    g = 2 * ad / zn
    c = 1 / (zn * v)
    return r, l, g, c


# --- core lines ---------------------------------------------------------------------------
freq = skrf.Frequency(0.01, 20.0, 41, unit="GHz")
f, w = freq.f, 2 * np.pi * freq.f
core = {}

tau = 0.37e-9
core["delay_75ohm_0.37ns"] = s_case(
    DefinedGammaZ0(freq, z0_port=50, z0=75, gamma=1j * w * tau).line(1, "m"),
    z0=75.0, delay=tau,
)
core["phase_30ohm_120deg_at_2ghz"] = s_case(
    DefinedGammaZ0(freq, z0_port=50, z0=30,
                   gamma=1j * np.deg2rad(120) * f / 2e9).line(1, "m"),
    z0=30.0, theta=120.0, f0=2e9,
)
rlgc = dict(r=5.0, l=300e-9, g=1e-3, c=110e-12, length=0.7)
line = rlgc_line(freq, rlgc["r"], rlgc["l"], rlgc["g"], rlgc["c"], rlgc["length"])
core["rlgc_lossy"] = s_case(line, **rlgc)
z_ports = [25 - 10j, 60 + 5j]
ren = line.copy()
ren.renormalize(np.array(z_ports), s_def="power")
core["rlgc_lossy_complex_z0"] = s_case(
    ren, **rlgc, z0_re=[z.real for z in z_ports], z0_im=[z.imag for z in z_ports]
)
long = dict(r=20.0, l=250e-9, g=0.02, c=100e-12, length=50.0)
core["rlgc_long_35np"] = s_case(
    rlgc_line(freq, long["r"], long["l"], long["g"], long["c"], long["length"]), **long
)

phys = dict(z0=50.0, eps_r=2.1, loss=0.5, f_ref=1e9, tand=1e-3, length=1.5)
v = C0 / np.sqrt(phys["eps_r"])
ac = phys["loss"] * NP_PER_DB * np.sqrt(f / phys["f_ref"])
ad = np.pi * f * np.sqrt(phys["eps_r"]) * phys["tand"] / C0
core["physical"] = s_case(
    rlgc_line(freq, *skin_effect_rlgc(freq, phys["z0"], v, ac, ad), phys["length"]), **phys
)

cab = dict(z0=75.0, vf=0.66, k1=1.3, k2=0.0025, length=30.0)
f_mhz = f / 1e6
ac = cab["k1"] * np.sqrt(f_mhz) * NP_PER_DB / 100
ad = cab["k2"] * f_mhz * NP_PER_DB / 100
core["datasheet"] = s_case(
    rlgc_line(freq, *skin_effect_rlgc(freq, cab["z0"], cab["vf"] * C0, ac, ad), cab["length"]),
    **cab,
)
write("lines_core.json", freq, core)

# --- coax ---------------------------------------------------------------------------------
coax = {}
geo = dict(d_in=0.91e-3, d_out=2.95e-3, t_shield=0.2e-3, eps_r=2.3, tand=2e-4, length=2.0)
pec = Coaxial(freq, z0_port=50, Dint=geo["d_in"], Dout=geo["d_out"], epsilon_r=geo["eps_r"],
              tan_delta=geo["tand"], sigma=np.inf)
coax["pec"] = s_case(pec.line(geo["length"], "m"), **geo,
                     zc_re=np.real(pec.z0).tolist(), zc_im=np.imag(pec.z0).tolist())
sigma = 5.8e7
cu = Coaxial(freq, z0_port=50, Dint=geo["d_in"], Dout=geo["d_out"], epsilon_r=geo["eps_r"],
             tan_delta=geo["tand"], sigma=sigma, tout=geo["t_shield"])
coax["copper_exact"] = s_case(cu.line(geo["length"], "m"), **geo, sigma=sigma,
                              zc_re=np.real(cu.z0).tolist(), zc_im=np.imag(cu.z0).tolist())
a, b = geo["d_in"] / 2, geo["d_out"] / 2
log = np.log(b / a)
zs = (1 + 1j) * np.sqrt(np.pi * f * MU0 / sigma)
zp = 1j * w * MU0 * log / (2 * np.pi) + zs / (2 * np.pi * a) + zs / (2 * np.pi * b)
eps = geo["eps_r"] * (1 - 1j * geo["tand"])
yp = 1j * w * 2 * np.pi * EPS0 * eps / log
coax["copper_asymptote"] = s_case(
    rlgc_line(freq, zp.real, zp.imag / w, yp.real, yp.imag / w, geo["length"]),
    **geo, sigma=sigma,
)
write("lines_coax.json", freq, coax)

# --- microstrip ---------------------------------------------------------------------------
ms = {}
geometries = {
    "fr4_1.6mm": dict(w=3.0e-3, h=1.6e-3, t=35e-6, eps_r=4.3, length=20e-3),
    "alumina": dict(w=0.6e-3, h=0.635e-3, t=5e-6, eps_r=9.8, length=10e-3),
    "narrow": dict(w=0.1e-3, h=0.5e-3, t=18e-6, eps_r=3.5, length=15e-3),
    "wide_thin": dict(w=5e-3, h=0.5e-3, t=0.0, eps_r=2.2, length=30e-3),
}
for name, g in geometries.items():
    m = MLine(freq, z0_port=50, w=g["w"], h=g["h"], t=g["t"] if g["t"] > 0 else None,
              ep_r=g["eps_r"], tand=0.0, rho=1e-30, rough=0.0)
    assert np.max(m.alpha_conductor) < 1e-10 and np.max(m.alpha_dielectric) == 0
    ms[f"lossless_{name}"] = s_case(
        m.line(g["length"], "m"), **g,
        zc=np.real(m.z0).tolist(), eps_eff=np.real(m.ep_reff_f).tolist(),
        zc_im_max=float(np.max(np.abs(np.imag(m.z0)))),
    )


def pmrf_microstrip(g, eps_c, sigma, mu_r, rough):
    """pmrf's lossy microstrip as per-unit-length R, L, G, C (see Microstrip's docs)."""
    er, e2 = np.real(eps_c), -np.imag(eps_c)
    t = g["t"] if g["t"] > 0 else None
    zl0, ep0, w_eff = MLine.analyse_quasi_static(None, er, g["w"], g["h"], t, "hammerstadjensen")
    zc, eeff = MLine.analyse_dispersion(None, zl0, ep0, er, w_eff, w_eff, g["h"], t, f,
                                        "kirschningjansen")
    q = (eeff - 1) / (er - 1)
    l = zc * np.sqrt(eeff) / C0
    c = np.sqrt(eeff) / (zc * C0)
    gg = w * c * q * e2 / eeff
    delta = 1 / np.sqrt(np.pi * f * MU0 * mu_r * sigma)
    k = 1 + 2 / np.pi * np.arctan(1.4 * (rough / delta) ** 2)
    zs = (1 + 1j) * np.sqrt(np.pi * f * MU0 * mu_r / sigma) * k
    ki = np.exp(-1.2 * (zc / ETA0) ** 0.7)
    zp = 1j * w * l + zs * 2 * ki / g["w"]
    return zp.real, zp.imag / w, gg, c


lossy = dict(tand=0.02, sigma=5.8e7, rough=0.5e-6)
for name in ["fr4_1.6mm", "alumina", "wide_thin"]:
    g = geometries[name]
    eps_c = g["eps_r"] * (1 - 1j * lossy["tand"]) * np.ones_like(f)
    r, l, gg, c = pmrf_microstrip(g, eps_c, lossy["sigma"], 1.0, lossy["rough"])
    ms[f"lossy_{name}"] = s_case(rlgc_line(freq, r, l, gg, c, g["length"]), **g, **lossy)
    # scikit-rf's own loss formulas (frequency-invariant dielectric, its complex Zc).
    t = g["t"] if g["t"] > 0 else None
    m = MLine(freq, z0_port=50, w=g["w"], h=g["h"], t=t, ep_r=g["eps_r"], tand=lossy["tand"],
              rho=1 / lossy["sigma"], rough=lossy["rough"], diel="frequencyinvariant")
    ms[f"lossy_{name}"]["skrf_alpha_conductor"] = np.real(m.alpha_conductor).tolist()
    ms[f"lossy_{name}"]["skrf_alpha_dielectric"] = np.real(m.alpha_dielectric).tolist()
    ms[f"lossy_{name}"]["skrf_zc_re"] = np.real(m.z0).tolist()

# A Djordjevic-Sarkar substrate: the permittivity from MLine's own dielectric model.
ds = dict(eps_r=3.66, tand=0.0037, f_ref=10e9, f_low=1e3, f_high=1e12)
g = geometries["fr4_1.6mm"]
eps_ds, _ = MLine.analyse_dielectric(None, ds["eps_r"], ds["tand"], ds["f_low"], ds["f_high"],
                                     ds["f_ref"], f, "djordjevicsvensson")
r, l, gg, c = pmrf_microstrip(g, eps_ds, lossy["sigma"], 1.0, 0.0)
geo_ds = {k: v for k, v in g.items() if k != "eps_r"}
ms["djordjevic_sarkar_fr4_1.6mm"] = s_case(rlgc_line(freq, r, l, gg, c, g["length"]), **geo_ds,
                                           **ds, sigma=lossy["sigma"])
write("lines_microstrip.json", freq, ms)

# --- stripline ----------------------------------------------------------------------------
sl = {}


def pmrf_stripline(g, eps_c, sigma):
    b, t, wd = g["b"], g["t"], g["w"]
    x = wd / b
    we = x - (0.35 - x) ** 2 if x < 0.35 else x
    eta = 30 * np.pi / (we + 0.441)
    if eta < 120:
        a = 1 + 2 * wd / (b - t) + (b + t) / (b - t) * np.log((2 * b - t) / t) / np.pi
        fac = 5.4e-3 * eta**2 * a / (30 * np.pi * (b - t))
    else:
        bb = 1 + b / (0.5 * wd + 0.7 * t) * (0.5 + 0.414 * t / wd
                                             + np.log(4 * np.pi * wd / t) / (2 * np.pi))
        fac = 0.32 * bb / b
    zs = (1 + 1j) * np.sqrt(np.pi * f * MU0 / sigma)
    zp = 1j * w * eta / C0 + zs * fac
    yp = 1j * w * eps_c / (eta * C0)
    return zp.real, zp.imag / w, yp.real, yp.imag / w


for name, g in {
    "pozar_3.5": dict(w=2.66e-3, b=3.2e-3, t=0.01e-3, eps_r=2.2, tand=1e-3, length=0.1),
    "narrow_high_z": dict(w=0.2e-3, b=2.0e-3, t=17e-6, eps_r=3.0, tand=2e-3, length=0.05),
}.items():
    eps_c = g["eps_r"] * (1 - 1j * g["tand"]) * np.ones_like(f)
    sl[name] = s_case(rlgc_line(freq, *pmrf_stripline(g, eps_c, 5.8e7), g["length"]), **g,
                      sigma=5.8e7)
write("lines_stripline.json", freq, sl)

# --- materials ----------------------------------------------------------------------------
mats = {"djordjevic_sarkar": {**ds, "eps_re": np.real(eps_ds).tolist(),
                              "eps_im": np.imag(eps_ds).tolist()}}
write("lines_materials.json", freq, mats)
