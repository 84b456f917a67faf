#!/usr/bin/env bash
# The project's engine benchmark and its Python PyTorch peer, alternated in one run on this host:
#   tools/peer/run-pair.sh [pairs (default 3)] [output directory (default reports/peer-pair)]
# Needs python3 with torch (Debian: apt-get install python3-torch). Writes one report.json per run
# and summary.md with the ratios (project / peer) of training and encode rates and of the matmuls.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
pairs="${1:-3}"
out="${2:-$root/reports/peer-pair}"
mkdir -p "$out"
# the first python3 that has torch (a pyenv or venv python3 on PATH may not; Debian's package is in /usr/bin)
py=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import torch' 2>/dev/null; then py="$candidate"; break; fi
done
[ -n "$py" ] || { echo "no python3 with torch found (apt-get install python3-torch)" >&2; exit 2; }
for i in $(seq 1 "$pairs"); do
  echo "pair $i/$pairs: project (sosae bench perf)"
  "$root/sosae" bench perf --memory-epochs 0 --out "$out/project-$i" > "$out/project-$i.log" 2>&1
  echo "pair $i/$pairs: peer (tools/peer/sosae_peer.py)"
  "$py" "$root/tools/peer/sosae_peer.py" > "$out/peer-$i.json"
done
python3 - "$out" "$pairs" <<'PY'
import json, sys
out, pairs = sys.argv[1], int(sys.argv[2])
rows = ["| pair | training samples/s (project / peer) | ratio | encode samples/s (project / peer) | ratio | matmul GFLOP/s (project / peer) |",
        "| --- | --- | --- | --- | --- | --- |"]
for i in range(1, pairs + 1):
    a = json.load(open(f"{out}/project-{i}/report.json"))
    b = json.load(open(f"{out}/peer-{i}.json"))
    rows.append(f"| {i} | {a['trainSamplesPerSecond']:.0f} / {b['trainSamplesPerSecond']:.0f} | "
                f"{a['trainSamplesPerSecond'] / b['trainSamplesPerSecond']:.2f} | "
                f"{a['encodeSamplesPerSecond']:.0f} / {b['encodeSamplesPerSecond']:.0f} | "
                f"{a['encodeSamplesPerSecond'] / b['encodeSamplesPerSecond']:.2f} | "
                f"{a['matmulGflops']:.0f} / {b['matmulGflops']:.0f} |")
text = "\n".join(rows) + f"\n\nhost: {b['cpu']}, {b['cpus']} CPUs; peer {b['engine']} (BLAS {b['libblas']})\n"
open(f"{out}/summary.md", "w").write(text)
print(text)
PY
