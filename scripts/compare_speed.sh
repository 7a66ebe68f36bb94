#!/usr/bin/env bash
# Side-by-side speed comparison on one machine, in one run: pmrf vs ParamRF vs scikit-rf on the
# workload "S-parameters of N series capacitors at 100 points". Needs the venv of
# scripts/README.md; never run by CI. Usage: scripts/compare_speed.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
cargo build --profile bench --example bench_batch -q
rust=$(target/release/examples/bench_batch "$n")
py=$(.venv/bin/python scripts/bench_reference.py --n "$n")
echo "pmrf:      $rust"
echo "reference: $py"
python3 - "$rust" "$py" <<'PY'
import json, sys
r, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"pmrf is {p['paramrf_ms'] / r['pmrf_ms']:.1f}x faster than ParamRF "
      f"and {p['skrf_ms_per_1e5'] * r['n'] / 1e5 / r['pmrf_ms']:.0f}x faster than scikit-rf")
PY
