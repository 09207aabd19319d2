#!/usr/bin/env bash
# A/B comparison of two server binaries on loadgen workloads, for keeping a change only if
# the figures show it: starts both servers (defaults: durability sync, IAM enforced) on
# temporary data directories, creates the bench streams and tables, then alternates
# A, B, A, B... on each workload and prints, per binary, the median requests/s and the median
# server CPU per request (from /proc/PID/stat), with the B/A ratios.
# Usage: bench/compare.sh BINARY_A BINARY_B [WORKLOAD ...]
# Environment: ROUNDS (5), SECONDS_ (5), CONNS (64), LOADGEN (build/bench/freshet-loadgen).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
A=${1:?usage: $0 BINARY_A BINARY_B [WORKLOAD ...]}
B=${2:?usage: $0 BINARY_A BINARY_B [WORKLOAD ...]}
shift 2
WORKLOADS=("$@")
[[ ${#WORKLOADS[@]} -gt 0 ]] || WORKLOADS=(sts-get-caller-identity kinesis-put-record
    dynamodb-put-item dynamodb-get-item)
ROUNDS=${ROUNDS:-5}
SECONDS_=${SECONDS_:-5}
CONNS=${CONNS:-64}
LOADGEN=${LOADGEN:-$ROOT/build/bench/freshet-loadgen}
TMP=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

declare -A PID URL
for side in A B; do
    bin=$A
    [[ $side == B ]] && bin=$B
    cp "$bin" "$TMP/freshet-$side"  # a rebuild during the run must not change what is measured
    mkdir -p "$TMP/$side"
    "$TMP/freshet-$side" serve --port 0 --data-dir "$TMP/$side" --log-level warn \
        >"$TMP/$side.out" 2>&1 &
    PID[$side]=$!
    PIDS+=("$!")
    for _ in $(seq 100); do grep -q '^Ready\.' "$TMP/$side.out" && break; sleep 0.1; done
    URL[$side]=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/$side.out" | head -1)
    /usr/bin/python3 "$ROOT/bench/setup.py" --endpoint "${URL[$side]}" \
        --credentials-file "$TMP/$side/credentials" --kinesis --dynamodb --items "$CONNS" >/dev/null
done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for w in "${WORKLOADS[@]}"; do
    for r in $(seq "$ROUNDS"); do
        for side in A B; do
            before=$(ticks "${PID[$side]}")
            "$LOADGEN" --url "${URL[$side]}" --workload "$w" --connections "$CONNS" \
                --duration "$SECONDS_" --warmup 1 --threads 1 \
                --credentials-file "$TMP/$side/credentials" >"$TMP/lg.json"
            after=$(ticks "${PID[$side]}")
            /usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
cpu = (int(sys.argv[3]) - int(sys.argv[2])) / int(sys.argv[4])
bad = r.get("errors", 0) + r.get("non_2xx", 0) + r.get("unexpected", 0)
print(sys.argv[5], sys.argv[6], r["rps"], cpu * 1e6 / max(r["requests"], 1), bad)
' "$TMP/lg.json" "$before" "$after" "$(getconf CLK_TCK)" "$w" "$side" >>"$TMP/results.txt"
        done
    done
done
/usr/bin/python3 - "$TMP/results.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
by = {}
for w, side, rps, cpu, bad in rows:
    by.setdefault((w, side), []).append((float(rps), float(cpu), int(float(bad))))
for w in dict.fromkeys(r[0] for r in rows):
    a, b = by[(w, "A")], by[(w, "B")]
    med = lambda xs, i: statistics.median(x[i] for x in xs)
    print(f"{w}: A {med(a, 0):,.0f} req/s {med(a, 1):.1f} µs/req | "
          f"B {med(b, 0):,.0f} req/s {med(b, 1):.1f} µs/req | "
          f"B/A req/s {med(b, 0) / med(a, 0):.2f}, CPU/req {med(b, 1) / med(a, 1):.2f}"
          + ("  (errors!)" if any(x[2] for x in a + b) else ""))
PY
