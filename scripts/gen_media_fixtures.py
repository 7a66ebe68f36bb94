"""Reference data of the CPW, CPWG and rectangular waveguide media of scikit-rf, written to
tests/fixtures/media.json for tests/media.rs.

Run once, outside CI, with scikit-rf 2.2.0 (scripts/requirements.txt):
    .venv/bin/python scripts/gen_media_fixtures.py

What each case is (Zc, gamma and the S-parameters of a line of given length, 50 ohm ports):

* cpw_*: scikit-rf CPW with a frequency-invariant, lossless dielectric and no conductor loss
  (rho = 1e-30: below 1e-11 Np/m), with and without a metal backside, with and without strip
  thickness. pmrf's CoplanarWaveguide agrees to rounding.
* cpw_lossy: the same with tan delta and a copper strip (t = 5 um): scikit-rf adds its
  attenuations to gamma; pmrf puts them in the line's immittances, so Re gamma agrees to first
  order. Its alpha_dielectric is given, and the conductor loss of Ghione's formula with the
  elliptic integrals of modulus k1 (scikit-rf 2.2 calls scipy's ellipk(k1), whose argument is
  the parameter m = k^2: its alpha_conductor is given too, for the record).
* wg_*: scikit-rf RectangularWaveguide (TE10, model 'lomakin'), air and dielectric filled,
  with copper walls and with perfect walls, over a grid through the cutoff frequency.
* coax_tesche: scikit-rf Coaxial(model='tesche'), copper, with a shield of finite thickness
  (scikit-rf's tout=None treats the shield as a solid rod; pmrf's infinite shield is Z_hf).
"""

import json
import pathlib
import warnings

import numpy as np
import scipy.special
import skrf
from skrf.media import CPW, Coaxial, RectangularWaveguide

warnings.filterwarnings("ignore", message="Conductor loss calculation invalid")
assert skrf.__version__ == "2.2.0", skrf.__version__

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures"
ETA0 = np.sqrt(skrf.constants.mu_0 / skrf.constants.epsilon_0)


def case(media, length, **extra):
    ntwk = media.line(length, "m")
    return {
        "length": length,
        "zc_re": np.real(media.z0_characteristic).tolist(),
        "zc_im": np.imag(media.z0_characteristic).tolist(),
        "gamma_re": np.real(media.gamma).tolist(),
        "gamma_im": np.imag(media.gamma).tolist(),
        "s_re": np.real(ntwk.s).tolist(),
        "s_im": np.imag(ntwk.s).tolist(),
        **extra,
    }


def cpw_cases():
    freq = skrf.Frequency(0.1, 60, 61, "GHz")
    cases = {}
    geoms = {
        "cpw_thin": dict(w=250e-6, s=100e-6, h=635e-6, ep_r=9.8, t=None, has_metal_backside=False),
        "cpw_thick": dict(w=100e-6, s=60e-6, h=254e-6, ep_r=3.66, t=17e-6, has_metal_backside=False),
        "cpwg_thin": dict(w=400e-6, s=150e-6, h=300e-6, ep_r=4.5, t=None, has_metal_backside=True),
        "cpwg_thick": dict(w=300e-6, s=200e-6, h=508e-6, ep_r=2.2, t=35e-6, has_metal_backside=True),
    }
    for name, g in geoms.items():
        media = CPW(freq, z0_port=50, rho=1e-30, tand=0.0, diel="frequencyinvariant", **g)
        cases[name] = case(media, 0.02, **{k: (v if v is not None else 0.0) for k, v in g.items()})
    # Lossy: tan delta and copper (rho = 1 / 5.8e7).
    g = dict(w=100e-6, s=60e-6, h=254e-6, ep_r=3.66, t=5e-6, has_metal_backside=False)
    rho, tand = 1 / 5.8e7, 4e-3
    media = CPW(freq, z0_port=50, rho=rho, tand=tand, diel="frequencyinvariant", **g)
    f = freq.f
    k1 = g["w"] / (g["w"] + 2 * g["s"])
    kk1, kpk1 = scipy.special.ellipk(k1**2), scipy.special.ellipk(1 - k1**2)
    rs = np.sqrt(np.pi * f * skrf.constants.mu_0 * 5.8e7) / 5.8e7
    n = (1 - k1) * 8 * np.pi / (g["t"] * (1 + k1))
    a, b = g["w"] / 2, g["w"] / 2 + g["s"]
    ac = (np.pi + np.log(n * a)) / a + (np.pi + np.log(n * b)) / b
    alpha_c = rs * np.sqrt(np.real(media.ep_reff_f)) * ac / (4 * ETA0 * kk1 * kpk1 * (1 - k1**2))
    cases["cpw_lossy"] = case(
        media, 0.02, **g, tand=tand, sigma=5.8e7,
        alpha_dielectric=media.alpha_dielectric.tolist(),
        alpha_conductor_skrf=media.alpha_conductor.tolist(),
        alpha_conductor=alpha_c.tolist(),
    )
    return freq, cases


def wg_cases():
    # WR-90 and a dielectric-filled WR-28, through cutoff.
    out = {}
    freq = skrf.Frequency(1, 20, 77, "GHz")
    for name, kw in {
        "wg_wr90_cu": dict(a=22.86e-3, b=10.16e-3, ep_r=1.0, rho=1 / 5.8e7, sigma=5.8e7),
        "wg_wr90_pec": dict(a=22.86e-3, b=10.16e-3, ep_r=1.0, rho=None, sigma=0.0),
        "wg_filled_al": dict(a=7.112e-3, b=3.556e-3, ep_r=2.2, rho=2.65e-8, sigma=1 / 2.65e-8),
    }.items():
        sigma = kw.pop("sigma")
        media = RectangularWaveguide(freq, z0_port=50, **kw)
        out[name] = case(media, 0.05, a=kw["a"], b=kw["b"], ep_r=kw["ep_r"], sigma=sigma,
                         f_cutoff=float(media.f_cutoff))
    return freq, out


def coax_cases():
    freq = skrf.Frequency(0, 10e3, 41, "kHz")  # 0 to 10 MHz: DC to skin effect
    hf = skrf.Frequency(0.01, 20, 41, "GHz")
    out = {}
    for name, fr in {"coax_tesche_lf": freq, "coax_tesche_hf": hf}.items():
        geo = dict(Dint=0.91e-3, Dout=2.95e-3, epsilon_r=2.3, tan_delta=2e-4, sigma=5.8e7, tout=0.2e-3)
        media = Coaxial(fr, z0_port=50, model="tesche", **geo)
        out[name] = case(media, 2.0, **geo, frequency_hz=fr.f.tolist())
    return out


def main():
    cpw_freq, cpw = cpw_cases()
    wg_freq, wg = wg_cases()
    out = {
        "source": f"scikit-rf {skrf.__version__}",
        "cpw_frequency_hz": cpw_freq.f.tolist(),
        "wg_frequency_hz": wg_freq.f.tolist(),
        "cases": {**cpw, **wg, **coax_cases()},
    }
    path = OUT / "media.json"
    path.write_text(json.dumps(out, indent=1))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
