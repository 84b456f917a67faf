#!/usr/bin/env bash
# A/B of `sosae bench pipeline` between an earlier build and this checkout, alternating, on this host.
#
#   tools/bench/ab-pipeline.sh REF ROUNDS [bench pipeline options...]
#   tools/bench/ab-pipeline.sh bea001d 2 --frames 30000 --latency-checkpoints-ms 1000 --latency-seconds 2
#
# REF is built in a git worktree (offline, `package`, nothing installed: this checkout's ~/.m2
# snapshots stay as they are); its CLI runs with the worktree's own module jars. Rounds alternate
# A (REF) and B (this checkout) so both see the same host. Reports go to reports/ab/<round>-<A|B>/,
# a summary of the model-only and pipeline rates to reports/ab/summary.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REF="${1:?usage: ab-pipeline.sh REF ROUNDS [bench pipeline options]}"
ROUNDS="${2:?usage: ab-pipeline.sh REF ROUNDS [bench pipeline options]}"
shift 2
OUT="$ROOT/reports/ab"
SHA="$(git -C "$ROOT" rev-parse --short "$REF")"
WT="${TMPDIR:-/tmp}/sosae-ab-$SHA"
mkdir -p "$OUT"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}" DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"

if [ ! -f "$WT/tools/target/classpath.txt" ]; then
  echo "building $REF ($SHA) in $WT ..." >&2
  git -C "$ROOT" worktree remove --force "$WT" 2>/dev/null || true
  git -C "$ROOT" worktree add --detach "$WT" "$SHA" >&2
  (cd "$WT" && ./mvnw -o -q -B package -DskipTests -Dspotless.check.skip=true -pl tools -am) >&2
fi
# the reference build's own sosae modules instead of this checkout's installed snapshots
A_CP="$(tr ':' '\n' < "$WT/tools/target/classpath.txt" | while read -r entry || [ -n "$entry" ]; do
  case "$entry" in
    */io/sosae/sosae-*/0.1.0-SNAPSHOT/*.jar)
      module="$(basename "$entry" -0.1.0-SNAPSHOT.jar)"; module="${module#sosae-}"
      echo "$WT/$module/target/$(basename "$entry")" ;;
    *) echo "$entry" ;;
  esac
done | paste -sd: -)"
A_CP="$WT/tools/target/sosae-tools-0.1.0-SNAPSHOT.jar:$A_CP"

# B: this checkout, built once now; its class path is fixed for the whole run (do not build while it runs)
"$ROOT/sosae" --version >/dev/null
B_CP="$ROOT/tools/target/sosae-tools-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/tools/target/classpath.txt")"

run() { # ROOT-of-the-build CLASSPATH bench-args...
  local home="$1" cp="$2"
  shift 2
  java -Xmx8g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$(nproc)" -Dai.djl.pytorch.num_interop_threads=1 \
    -Dsosae.apicurio.home="$ROOT/test-support/target/apicurio" -Dsosae.root="$home" \
    -Dlog4j.configurationFile="$home/tools/src/main/resources/log4j2.xml" \
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    -cp "$cp" io.sosae.tools.cli.SosaeCli bench pipeline "$@"
}

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round: A = $SHA" >&2
  run "$WT" "$A_CP" "$@" --out "$OUT/$round-A" > "$OUT/$round-A.log" 2>&1 || true
  echo "round $round: B = this checkout" >&2
  run "$ROOT" "$B_CP" "$@" --out "$OUT/$round-B" > "$OUT/$round-B.log" 2>&1 || true
done

python3 - "$OUT" "$ROUNDS" "$SHA" <<'PY' | tee "$OUT/summary.txt"
import json, sys, os
out, rounds, sha = sys.argv[1], int(sys.argv[2]), sys.argv[3]
print(f"A = {sha}, B = this checkout; {rounds} alternating round(s) on {os.uname().nodename}, {os.cpu_count()} cores")
print(f"{'round':>5} {'build':>5} {'model-only rec/s':>17} {'train time':>10} {'pipeline rec/s':>15} {'pipeline/model':>14}")
rates = {"A": [], "B": []}
for r in range(1, rounds + 1):
    for b in "AB":
        f = os.path.join(out, f"{r}-{b}", "report.json")
        if not os.path.exists(f):
            print(f"{r:>5} {b:>5}  (no report: see {r}-{b}.log)")
            continue
        rep = json.load(open(f))
        m, p = rep["model"]["recordsPerSecond"], rep["pipeline"]["recordsPerSecond"]
        rates[b].append(m)
        print(f"{r:>5} {b:>5} {m:17.0f} {rep['model']['trainShare']:10.2f} {p:15.0f} {p / m:14.2f}")
if rates["A"] and rates["B"]:
    a, b = sum(rates["A"]) / len(rates["A"]), sum(rates["B"]) / len(rates["B"])
    print(f"model only, mean of rounds: B / A = {b / a:.2f}")
PY
