#!/usr/bin/env bash
# P1 benchmark: Freshet (STS GetCallerIdentity, SigV4-signed) against nginx `return 200`, side
# by side in one run with the same load generator, alternating rounds; medians go to
# bench/results/latest.json and the P1 section of BENCHMARKS.md (bench/report.py).
# Usage: bench/run.sh [--quick] [--rounds N]      (make bench ARGS=--quick)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=10
ROUNDS=3
CONNECTIONS=64
COMMAND="make bench${*:+ ARGS=\"$*\"}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) DURATION=3 ;;
        --rounds) ROUNDS=$2; shift ;;
        *) echo "usage: $0 [--quick] [--rounds N]" >&2; exit 2 ;;
    esac
    shift
done

FRESHET=$ROOT/build/freshet
LOADGEN=$ROOT/build/bench/freshet-loadgen
[[ -x $FRESHET && -x $LOADGEN ]] || {
    echo "build first: make build (needs $FRESHET and $LOADGEN)" >&2
    exit 1
}

TMP=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until $1 (a command) succeeds, for up to 10 s.
wait_for() {
    for _ in $(seq 100); do
        if eval "$1"; then return 0; fi
        sleep 0.1
    done
    echo "timed out waiting for: $1" >&2
    exit 1
}

# nginx: the machine's HTTP ceiling, configured as in docs/performance-targets.md. A high
# keepalive_requests keeps nginx's default (1000) from forcing reconnects into its figure.
NGINX_PORT=$(free_port)
mkdir -p "$TMP/nginx/logs"
cat >"$TMP/nginx/nginx.conf" <<CONF
worker_processes 2;
user $(id -un) $(id -gn);
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / { return 200 "ok"; }
    }
}
CONF
nginx -p "$TMP/nginx" -e "$TMP/nginx/logs/error.log" -c "$TMP/nginx/nginx.conf" &
PIDS+=($!)
wait_for "(exec 3<>/dev/tcp/127.0.0.1/$NGINX_PORT) 2>/dev/null"

mkdir -p "$TMP/data"
"$FRESHET" serve --port 0 --data-dir "$TMP/data" >"$TMP/freshet.out" 2>"$TMP/freshet.err" &
PIDS+=($!)
wait_for "grep -q '^Ready\.' '$TMP/freshet.out'"
FRESHET_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/freshet.out" | head -1)

COMMON=(--connections "$CONNECTIONS" --duration "$DURATION" --warmup 1 --threads 1)
for round in $(seq "$ROUNDS"); do
    echo "round $round/$ROUNDS" >&2
    "$LOADGEN" "${COMMON[@]}" --url "http://127.0.0.1:$NGINX_PORT" --workload nginx-get \
        >>"$TMP/nginx.jsonl"
    "$LOADGEN" "${COMMON[@]}" --url "$FRESHET_URL" --workload sts-get-caller-identity \
        --credentials-file "$TMP/data/credentials" >>"$TMP/freshet.jsonl"
done

# Sanity reference for the load generator itself: wrk on the same nginx.
echo "wrk -t1 -c$CONNECTIONS -d${DURATION}s on nginx" >&2
wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$NGINX_PORT/" >"$TMP/wrk.txt"

mkdir -p "$ROOT/bench/results"
python3 "$ROOT/bench/report.py" \
    --nginx "$TMP/nginx.jsonl" --freshet "$TMP/freshet.jsonl" --wrk "$TMP/wrk.txt" \
    --command "$COMMAND" --loadgen-args "${COMMON[*]}" \
    --duration "$DURATION" --rounds "$ROUNDS" --connections "$CONNECTIONS" \
    --json "$ROOT/bench/results/latest.json" --markdown "$ROOT/BENCHMARKS.md"
