#!/usr/bin/env bash
# Where the server's CPU goes for one bench workload: starts a throwaway `freshet serve`
# (defaults: durability sync), creates the bench streams and tables (bench/setup.py), drives the
# workload with freshet-loadgen while `perf record` samples the server, then prints the server
# CPU per request (from /proc) and the flat profile's top symbols. Used for the "where the time
# goes" notes in BENCHMARKS.md.
# Usage: bench/profile.sh WORKLOAD [CONNECTIONS] [SECONDS]   e.g. bench/profile.sh kinesis-put-record 64 5
# CALLERS=1 records DWARF call graphs (heavier) and prints who calls the top symbols.
# FRESHET_ARGS="--durability relaxed" (for instance) is passed to `freshet serve`.
# FRESHET=/path/to/freshet profiles another binary (default build/freshet).
# PERF_DATA=FILE keeps the recording for further `perf report -i FILE`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORKLOAD=${1:?usage: $0 WORKLOAD [CONNECTIONS] [SECONDS]}
CONNS=${2:-64}
SECONDS_=${3:-5}
TMP=$(mktemp -d)
SERVER=
cleanup() {
    [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

mkdir -p "$TMP/data"
# shellcheck disable=SC2086
"${FRESHET:-$ROOT/build/freshet}" serve --port 0 --data-dir "$TMP/data" --log-level warn ${FRESHET_ARGS:-} \
    >"$TMP/out" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q '^Ready\.' "$TMP/out" && break; sleep 0.1; done
URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/out" | head -1)
python3 "$ROOT/bench/setup.py" --endpoint "$URL" --credentials-file "$TMP/data/credentials" \
    --kinesis --dynamodb --items "$CONNS"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
LG=("$ROOT/build/bench/freshet-loadgen" --url "$URL" --workload "$WORKLOAD" --connections "$CONNS"
    --credentials-file "$TMP/data/credentials" --warmup 0)
"${LG[@]}" --duration 1 >/dev/null 2>&1  # warm-up
before=$(cpu_ticks)
PERF_OPTS=(-F 999)
[[ ${CALLERS:-0} == 1 ]] && PERF_OPTS=(-F 299 "--call-graph=dwarf,16384")
perf record -q "${PERF_OPTS[@]}" -p "$SERVER" -o "$TMP/perf.data" -- sleep "$SECONDS_" 2>/dev/null &
PERF=$!
"${LG[@]}" --duration "$SECONDS_" >"$TMP/lg.json"
wait "$PERF" || true
[[ -n ${PERF_DATA:-} ]] && cp "$TMP/perf.data" "$PERF_DATA"
after=$(cpu_ticks)
python3 - "$TMP/lg.json" "$before" "$after" "$(getconf CLK_TCK)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
cpu_s = (int(sys.argv[3]) - int(sys.argv[2])) / int(sys.argv[4])
print(f"{r['workload']} c={r['connections']}: {r['rps']:,.0f} req/s, p50 {r['latency_ms']['p50']:.3f} ms, "
      f"p99 {r['latency_ms']['p99']:.3f} ms; server CPU {cpu_s / r['duration_s']:.2f} cores, "
      f"{cpu_s * 1e6 / max(r['requests'], 1):.1f} µs per request")
PY
if [[ ${CALLERS:-0} == 1 ]]; then
    # Each top symbol with its callers, a few frames deep.
    perf report -q -i "$TMP/perf.data" --no-children --sort symbol --percent-limit 2 \
        -g callee,0.5,2,function,percent --max-stack 5 --stdio 2>/dev/null |
        sed -E "s/ {3,}/  /g; s/<[^<>]*>//g; s/<[^<>]*>//g; s/<[^<>]*>//g" | grep -v '^$' |
        cut -c1-160 | head -"${LINES_:-150}"
    exit 0
fi
perf report -q -i "$TMP/perf.data" --no-children --sort dso,symbol --percent-limit 1 2>/dev/null |
    sed -E "s/[[:space:]]+-[[:space:]]+-[[:space:]]*$//; s/ {3,}/  /g" | head -40
