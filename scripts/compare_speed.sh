#!/usr/bin/env bash
# Side-by-side speed comparison on one machine, in one run; never run by CI. Needs the venv of
# scripts/README.md (.venv at the repo root, or PYTHON=/path/to/python).
#
# 1. The four workloads of issue 11: criterion benches `speed/<workload>/{pmrf,hand,...}`
#    (benches/speed_cascade.rs, speed_gradient.rs, speed_batch.rs; a missing bench file is
#    skipped) and ParamRF 0.37.6 on the same (scripts/bench_speed_reference.py), printed as a
#    ratio table: pmrf / hand-written Rust, and ParamRF / pmrf.
# 2. pmrf vs ParamRF vs scikit-rf on N series capacitors at 100 points (the older comparison).
# 3. Circuits (issue 19): criterion benches `circuits/*` (benches/circuits.rs) as ratios to what
#    each must keep up with, and pmrf vs scikit-rf vs ParamRF on the pi low-pass and the
#    40-part, 25-net mesh (scripts/bench_circuit_reference.py). Skipped with CIRCUITS=0.
#
# Usage: scripts/compare_speed.sh [N]     (N for part 2, default 100000; N=0 skips part 2)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
py="${PYTHON:-.venv/bin/python}"
target="${CARGO_TARGET_DIR:-target}"

benches=()
for b in speed_cascade speed_gradient speed_batch; do
    if [[ -f "benches/$b.rs" ]]; then benches+=(--bench "$b"); else echo "skipping $b: benches/$b.rs missing" >&2; fi
done
if ((${#benches[@]})); then
    cargo bench -q -p pmrf-benches "${benches[@]}" -- 'speed/' >&2
fi
ref=$("$py" scripts/bench_speed_reference.py)

python3 - "$target/criterion" "$ref" <<'PY'
import json, pathlib, sys

root, ref = pathlib.Path(sys.argv[1]), json.loads(sys.argv[2])["ms"]
# criterion id -> median (ns), from every <id>/new/{benchmark,estimates}.json
median = {}
for bench in root.glob("**/new/benchmark.json"):
    full_id = json.loads(bench.read_text())["full_id"]
    est = bench.with_name("estimates.json")
    if est.exists():
        median[full_id] = json.loads(est.read_text())["median"]["point_estimate"]

def ms(id_):
    v = median.get(f"speed/{id_}")
    return None if v is None else v / 1e6

def fmt(x, unit=" ms"):
    if x is None:
        return "-"
    return f"{x:.4g}{unit}"

rows = [
    ("pi_lowpass", "one s() of the pi low-pass cascade, 1001 pts", "pmrf", 3.0),
    ("cascade5_batch", "1000 cascade_5 variants, 1001 pts, Batch::s", "pmrf", 2.0),
    ("gradient_cascade5", "value + gradient of sum |S21|^2, cascade_5, 6 params", "pmrf", 5.0),
    ("batch_series_c", "1e4 series C x 100 pts, Batch::s (fresh)", "pmrf", None),
    ("batch_series_c", "... into a reused buffer (pmrf_into)", "pmrf_into", 1.5),
]
head = f"{'workload':<20} {'what':<54} {'pmrf':>11} {'hand':>11} {'pmrf/hand':>9} {'target':>7} {'ParamRF':>11} {'ParamRF/pmrf':>12}"
print(head)
print("-" * len(head))
for key, what, which, target in rows:
    p, h, r = ms(f"{key}/{which}"), ms(f"{key}/hand"), ref.get(key)
    ratio = None if p is None or h is None else p / h
    speedup = None if p is None or r is None else r / p
    print(f"{key:<20} {what:<54} {fmt(p):>11} {fmt(h):>11} {fmt(ratio, 'x'):>9} "
          f"{('<= ' + format(target, 'g') + 'x') if target else '':>7} {fmt(r):>11} {fmt(speedup, 'x'):>12}")
PY

if [[ "$n" != 0 ]]; then
    cargo build --profile bench --example bench_batch -q
    rust=$("$target/release/examples/bench_batch" "$n")
    pyres=$("$py" scripts/bench_reference.py --n "$n")
    echo "pmrf:      $rust"
    echo "reference: $pyres"
    python3 - "$rust" "$pyres" <<'PY'
import json, sys
r, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"pmrf is {p['paramrf_ms'] / r['pmrf_ms']:.1f}x faster than ParamRF "
      f"and {p['skrf_ms_per_1e5'] * r['n'] / 1e5 / r['pmrf_ms']:.0f}x faster than scikit-rf")
PY
fi

if [[ "${CIRCUITS:-1}" != 0 ]]; then
    cargo bench -q -p pmrf-benches --bench circuits >&2
    cref=$("$py" scripts/bench_circuit_reference.py)
    python3 - "$target/criterion" "$cref" <<'PY'
import json, pathlib, sys

root, ref = pathlib.Path(sys.argv[1]), json.loads(sys.argv[2])
median = {}
for bench in root.glob("**/new/benchmark.json"):
    est = bench.with_name("estimates.json")
    if est.exists():
        median[json.loads(bench.read_text())["full_id"]] = json.loads(est.read_text())["median"]["point_estimate"] / 1e6

def ms(id_):
    return median.get(f"circuits/{id_}")

rows = [
    ("pi low-pass, derived / Cascade, 1001 pts", "pi_lowpass/derived/1001pts", "pi_lowpass/cascade/1001pts", 1.5),
    ("mesh40 (40 parts, 25 nets) / hand nodal LU, 1001 pts", "mesh40/pmrf/1001pts", "mesh40/hand_nodal/1001pts", 2.0),
    ("10-param loss, value+gradient / value, 101 pts", "ladder10/value_and_gradient/101pts", "ladder10/value/101pts", 3.0),
]
print(f"{'circuit target':<55} {'pmrf ms':>10} {'vs ms':>10} {'ratio':>7} {'target':>7}")
for what, a, b, target in rows:
    x, y = ms(a), ms(b)
    ratio = "-" if x is None or y is None else f"{x / y:.2f}x"
    print(f"{what:<55} {x or float('nan'):>10.4g} {y or float('nan'):>10.4g} {ratio:>7} {'<= ' + format(target, 'g') + 'x':>7}")
print()
print(f"{'side by side, 1001 pts':<28} {'pmrf ms':>10} {'scikit-rf ms':>13} {'ParamRF ms':>11}")
for name, id_, key in [("pi low-pass", "pi_lowpass/derived/1001pts", ""), ("mesh40", "mesh40/pmrf/1001pts", "mesh40_")]:
    p = ms(id_)
    print(f"{name:<28} {p or float('nan'):>10.4g} {ref[key + 'skrf_ms']:>13.4g} {ref[key + 'paramrf_ms']:>11.4g}")
PY
fi
