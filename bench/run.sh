#!/usr/bin/env bash
# The benchmarks of BENCHMARKS.md, side by side in one run with the same load generator and
# alternating rounds: P1 (trivial signed request), P2 (PutRecord), P3 (PutRecords), P4
# (put-to-GetRecords visibility), P8 (PutItem, GetItem), P9 (Query). Baselines: nginx
# `return 200`, `dd oflag=dsync`, and the peers kinesalite, kinesis-mock and dynalite (npm, in
# node_modules). Then the scripts that start their own servers: P5-P7 (pipelines), P10
# (start-up), P11 (idle memory), P12 (function cold start and warm overhead), STREAMS (PutItem
# with a table stream off and on). Medians go to bench/results/latest.json and BENCHMARKS.md
# (bench/report.py; STREAMS to bench/results/table_streams.jsonl), the pipeline plots (P5-P7) to
# bench/results/*.svg.
# Usage: bench/run.sh [--quick] [--rounds N] [--only P10,P11,...]   (make bench ARGS=--quick)
# --only measures the listed targets and merges them into the saved latest.json, keeping the
# others' last results. FRESHET=/path/to/freshet runs another binary (default build/freshet);
# it is copied first, so that a rebuild during the run does not change what is measured.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=10
ROUNDS=3
CONNECTIONS=64
BATCH_CONNECTIONS=16  # P3: 16 requests of 500 KiB in flight
DD_MB=256             # P3 baseline: MiB written by dd per round
LIGHT_CONNECTIONS=8   # P9 also at light load, to separate service time from queueing
P5_RECORDS=500        # records per P5 round, each put after the previous one arrived
P6_RECORDS=500        # tweets per P6 round put one at a time, each after it reached the table
P6_TWEETS=20000       # tweets per P6 round put by 4 producers, for the sustained rate
P7_ROUNDS=2           # P7 runs (about 75 s each: two ingest baselines and up to 10 steps)
P7_ARGS=()            # P7: default lengths (6 s baselines, 4 s steps)
P10_RECORDS=10000000  # records stored before the P10 restarts (written once per run)
P10_STARTS=5          # P10 starts of each kind per round
P11_SETTLE=3          # P11: seconds without requests before reading the server's VmRSS
P12_COLD=20           # P12 fresh functions invoked once per round
P12_WARM=1000         # P12 warm invocations (and as many baseline requests) per round
ONLY=""
COMMAND="make bench${*:+ ARGS=\"$*\"}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick)
            DURATION=3; DD_MB=64; P5_RECORDS=100; P6_RECORDS=100; P6_TWEETS=3000
            P7_ROUNDS=1; P7_ARGS=(--quick)
            P10_RECORDS=1000000; P10_STARTS=3; P11_SETTLE=2; P12_COLD=5; P12_WARM=300 ;;
        --rounds) ROUNDS=$2; shift ;;
        --only) ONLY=$2; shift ;;
        *) echo "usage: $0 [--quick] [--rounds N] [--only P10,P11,...]" >&2; exit 2 ;;
    esac
    shift
done
want() { [[ -z $ONLY || ",$ONLY," == *",$1,"* ]]; }  # is target $1 to be measured?
LOADGEN_TARGETS=0  # P1-P4, P8, P9 share nginx, one server and the peers
for t in P1 P2 P3 P4 P8 P9; do if want $t; then LOADGEN_TARGETS=1; fi; done

FRESHET=${FRESHET:-$ROOT/build/freshet}
LOADGEN=$ROOT/build/bench/freshet-loadgen
# The commit measured, for the history (bench/history.py), before the report rewrites files.
FRESHET_BENCH_COMMIT=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
export FRESHET_BENCH_COMMIT
NODE_BIN=$ROOT/node_modules/.bin
[[ -x $FRESHET && -x $LOADGEN ]] || {
    echo "build first: make build (needs $FRESHET and $LOADGEN)" >&2
    exit 1
}

TMP=$(mktemp -d)
RES=$TMP/results  # one JSON line per round and system: <target>-<system>.jsonl
mkdir -p "$RES" "$TMP/bin"
# The binaries are copied so that a rebuild during the run does not change them. The server
# finds its runtimes and node_modules in FRESHET_HOME, which is the folder above the folder of
# its binary unless set: point it at the tree the given binary was built in.
cp "$FRESHET" "$TMP/bin/freshet"
cp "$LOADGEN" "$TMP/bin/freshet-loadgen"
export FRESHET_HOME=${FRESHET_HOME:-$(dirname "$(dirname "$(readlink -f "$FRESHET")")")}
FRESHET=$TMP/bin/freshet
LOADGEN=$TMP/bin/freshet-loadgen
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

# Waits until $1 (a command) succeeds, for up to $2 s (default 10); returns 1 on timeout.
wait_for() {
    for _ in $(seq $((${2:-10} * 10))); do
        if eval "$1"; then return 0; fi
        sleep 0.1
    done
    echo "timed out waiting for: $1" >&2
    return 1
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# nginx: the machine's HTTP ceiling, configured as in docs/performance-targets.md. A high
# keepalive_requests keeps nginx's default (1000) from forcing reconnects into its figure.
start_nginx() {
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
    wait_for "port_open $NGINX_PORT"
    NGINX_URL=http://127.0.0.1:$NGINX_PORT
}

# Freshet with its defaults (durability sync, IAM enforced) on an empty data directory.
start_freshet() {
    mkdir -p "$TMP/data"
    "$FRESHET" serve --port 0 --data-dir "$TMP/data" >"$TMP/freshet.out" 2>"$TMP/freshet.err" &
    PIDS+=($!)
    wait_for "grep -q '^Ready\.' '$TMP/freshet.out'"
    FRESHET_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/freshet.out" | head -1)
    FRESHET_CREDS=(--credentials-file "$TMP/data/credentials")
    python3 "$ROOT/bench/setup.py" --endpoint "$FRESHET_URL" "${FRESHET_CREDS[@]}" \
        --kinesis --dynamodb
}

# Peers. They accept any signature, so they get Freshet's signed requests unchanged. A peer
# that does not come up is recorded as skipped (with its log) instead of failing the run.
PEER_CREDS=(--access-key bench --secret-key bench)
PEERS=()
declare -A PEER_URL
start_peer() {  # name, setup flags, command...
    local name=$1 flags=$2 port
    shift 2
    port=$(free_port)
    PORT=$port "$@" >"$TMP/$name.log" 2>&1 &
    PIDS+=($!)
    if wait_for "port_open $port" 60 &&
        python3 "$ROOT/bench/setup.py" --endpoint "http://127.0.0.1:$port" "$flags" \
            >>"$TMP/$name.log" 2>&1; then
        PEERS+=("$name")
        PEER_URL[$name]=http://127.0.0.1:$port
    else
        { echo "did not start or set up:"; tail -5 "$TMP/$name.log"; } >"$RES/$name.skipped"
        echo "skipping $name: $(cat "$RES/$name.skipped")" >&2
    fi
}
run_kinesalite() { exec "$NODE_BIN/kinesalite" --port "$PORT" --createStreamMs 0; }
# kinesis-mock (npm kinesis-local) is Scala.js on Node; it reads server.json from its cwd.
run_kinesis_mock() {
    cd "$ROOT/node_modules/kinesis-local"
    KINESIS_MOCK_PLAIN_PORT=$PORT KINESIS_MOCK_TLS_PORT=$(free_port) CREATE_STREAM_DURATION=0ms \
        SHOULD_PERSIST_DATA=false LOAD_DATA_IF_EXISTS=false LOG_LEVEL=WARN exec node main.js
}
run_dynalite() { exec "$NODE_BIN/dynalite" --port "$PORT" --createTableMs 0; }
run_dynalite_leveldb() {
    exec "$NODE_BIN/dynalite" --port "$PORT" --createTableMs 0 --path "$TMP/dynalite-db"
}
start_peers() {
    if want P2 || want P3; then
        start_peer kinesalite --kinesis run_kinesalite
    fi
    if want P2; then start_peer kinesis-mock --kinesis run_kinesis_mock; fi
    if want P8; then
        start_peer dynalite --dynamodb run_dynalite
        start_peer dynalite-leveldb --dynamodb run_dynalite_leveldb
    fi
}
has_peer() { [[ " ${PEERS[*]} " == *" $1 "* ]]; }

# One measurement: appends the loadgen's JSON line to $RES/$1.jsonl. A failed run still
# leaves its line (errors counted), which invalidates the target in the report.
measure() {  # file, url, workload, connections, extra loadgen args...
    local file=$1 url=$2 workload=$3 conns=$4
    shift 4
    "$LOADGEN" --connections "$conns" --duration "$DURATION" --warmup 1 --threads 1 \
        --url "$url" --workload "$workload" "$@" >>"$RES/$file.jsonl" || true
}
peer() {  # file, peer, workload, connections
    if has_peer "$2"; then measure "$1" "${PEER_URL[$2]}" "$3" "$4" "${PEER_CREDS[@]}"; fi
}
# dd with O_DSYNC on the data directory's filesystem: the disk's durable bulk bandwidth.
measure_dd() {
    dd if=/dev/zero of="$TMP/dd.bin" bs=1M count="$DD_MB" oflag=dsync 2>&1 | tail -1 \
        >>"$RES/p3-dd.txt"
    rm -f "$TMP/dd.bin"
}
# One synced 4 KiB write at a time (dd oflag=dsync), on the same filesystem: how long the disk
# takes to make a write durable, which bounds P2's and P8's durable writes (report.py).
measure_sync() {
    dd if=/dev/zero of="$TMP/sync.bin" bs=4k count=500 oflag=dsync 2>&1 | tail -1 \
        >>"$RES/sync-dd.txt"
    rm -f "$TMP/sync.bin"
}
loadavg() { cut -d' ' -f1 /proc/loadavg >>"$RES/$1"; }  # how busy the shared machine was

loadgen_round() {
    local fc=("${FRESHET_CREDS[@]}")
    if want P1; then
        measure p1-nginx "$NGINX_URL" nginx-get "$CONNECTIONS"
        measure p1-freshet "$FRESHET_URL" sts-get-caller-identity "$CONNECTIONS" "${fc[@]}"
    fi
    if want P2 || want P8; then measure_sync; fi
    if want P2; then
        measure p2-nginx "$NGINX_URL" nginx-get "$CONNECTIONS"
        measure p2-freshet "$FRESHET_URL" kinesis-put-record "$CONNECTIONS" "${fc[@]}"
        peer p2-kinesalite kinesalite kinesis-put-record "$CONNECTIONS"
        peer p2-kinesis-mock kinesis-mock kinesis-put-record "$CONNECTIONS"
    fi
    if want P3; then
        measure_dd
        measure p3-freshet "$FRESHET_URL" kinesis-put-records "$BATCH_CONNECTIONS" "${fc[@]}"
        peer p3-kinesalite kinesalite kinesis-put-records "$BATCH_CONNECTIONS"
    fi
    if want P4; then measure p4-freshet "$FRESHET_URL" kinesis-visibility 1 "${fc[@]}"; fi
    if want P8; then
        measure p8-nginx "$NGINX_URL" nginx-get "$CONNECTIONS"
        measure p8-freshet-put "$FRESHET_URL" dynamodb-put-item "$CONNECTIONS" "${fc[@]}"
        measure p8-freshet-get "$FRESHET_URL" dynamodb-get-item "$CONNECTIONS" "${fc[@]}"
        for p in dynalite dynalite-leveldb; do
            peer "p8-$p-put" "$p" dynamodb-put-item "$CONNECTIONS"
            peer "p8-$p-get" "$p" dynamodb-get-item "$CONNECTIONS"
        done
    fi
    if want P9; then
        measure p9-freshet "$FRESHET_URL" dynamodb-query "$CONNECTIONS" "${fc[@]}"
        measure p9-freshet-light "$FRESHET_URL" dynamodb-query "$LIGHT_CONNECTIONS" "${fc[@]}"
    fi
}

if [[ $LOADGEN_TARGETS == 1 ]]; then
    start_nginx
    start_freshet
    start_peers
    for round in $(seq "$ROUNDS"); do
        echo "round $round/$ROUNDS" >&2
        loadavg loadavg.txt
        loadgen_round
    done
    loadavg loadavg.txt
fi

# The scripts below start their own servers (on temporary data directories) and print one
# JSON line per round; each target's load average goes to loadavg-<target>.txt.

# P5: put to invocation of a C++ function through an event source mapping (the mapping needs a
# function and a role), one run per round.
# script_rounds TARGET LABEL COMMAND...: ROUNDS runs of a script that prints one JSON line,
# appended to $RES/<target>.jsonl, with the load average around each.
script_rounds() {
    local target=$1 label=$2 lower
    shift 2
    lower=$(echo "$target" | tr 'A-Z' 'a-z')
    want "$target" || return 0
    for _ in $(seq "$ROUNDS"); do
        echo "$target: $label" >&2
        loadavg "loadavg-$lower.txt"
        "$@" >>"$RES/$lower.jsonl"
    done
    loadavg "loadavg-$lower.txt"
}
script_rounds P5 "put to function invocation" \
    python3 "$ROOT/bench/pipeline_latency.py" --binary "$FRESHET" --records "$P5_RECORDS" \
    --samples "$RES/p5-samples.jsonl"

# P6: the reference architecture (examples/refarch) deployed through CloudFormation on its own
# server: put to item in the table, and the sustained rate.
script_rounds P6 "the reference architecture, put to item in the table" \
    python3 "$ROOT/bench/refarch_latency.py" --binary "$FRESHET" --records "$P6_RECORDS" \
    --tweets "$P6_TWEETS" --samples "$RES/p6-samples.jsonl"

# P7: pipeline throughput (4 shards, BatchSize 500, a C++ function) against the ingest rate of
# the same server, P7_ROUNDS runs. A run that lost records or had failed requests exits 1 after
# printing its line: the report marks the target invalid or not met, and the run goes on.
if want P7; then
    for _ in $(seq "$P7_ROUNDS"); do
        echo "P7: pipeline throughput" >&2
        loadavg loadavg-p7.txt
        python3 "$ROOT/bench/pipeline_throughput.py" --binary "$FRESHET" "${P7_ARGS[@]}" \
            --samples "$RES/p7-samples.jsonl" >>"$RES/p7.jsonl" || true
    done
    loadavg loadavg-p7.txt
fi

# P10: start-up, empty and with P10_RECORDS stored records (written once, then the rounds).
if want P10; then
    echo "P10: start-up (writing $P10_RECORDS records first)" >&2
    loadavg loadavg-p10.txt
    python3 "$ROOT/bench/startup.py" --binary "$FRESHET" --records "$P10_RECORDS" \
        --rounds "$ROUNDS" --starts "$P10_STARTS" >>"$RES/p10.jsonl"
    loadavg loadavg-p10.txt
fi

# P11: the server's idle VmRSS, empty and with 10 streams, tables and functions.
script_rounds P11 "idle resident memory" \
    python3 "$ROOT/bench/idle_memory.py" --binary "$FRESHET" --settle "$P11_SETTLE"

# P12: Node.js function cold start against `node -e 0`, warm Invoke against GetAccountSettings.
script_rounds P12 "Node.js function cold start and warm invocation" \
    python3 "$ROOT/bench/function_start.py" --binary "$FRESHET" --cold "$P12_COLD" \
    --warm "$P12_WARM"

# Table streams (issue 14): PutItem with the table's stream off and on, same server and load
# generator, alternating; the rounds' lines are kept in bench/results/table_streams.jsonl and
# the figures replace BENCHMARKS.md's STREAMS section (written by table_streams.py itself).
if want STREAMS; then
    echo "STREAMS: PutItem with the table stream off and on" >&2
    loadavg loadavg-streams.txt
    # Half the loadgen rounds' length: the full run must stay under 20 minutes.
    python3 "$ROOT/bench/table_streams.py" --binary "$FRESHET" --duration "$((DURATION / 2))" \
        --rounds "$ROUNDS" --markdown "$ROOT/BENCHMARKS.md" | tee -a "$RES/streams.jsonl" >&2
    mkdir -p "$ROOT/bench/results"
    cp "$RES/streams.jsonl" "$ROOT/bench/results/table_streams.jsonl"
fi

if [[ $LOADGEN_TARGETS == 1 ]]; then
    # Sanity reference for the load generator itself: wrk on the same nginx.
    echo "wrk -t1 -c$CONNECTIONS -d${DURATION}s on nginx" >&2
    wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$NGINX_URL/" >"$RES/wrk.txt"
fi

mkdir -p "$ROOT/bench/results"
# STREAMS is not one of report.py's targets: leave it out of --only (and skip the report when it
# was the only target measured).
REQUESTED=$ONLY
ONLY=$(echo ",$ONLY," | sed 's/,STREAMS,/,/; s/^,//; s/,$//')
if [[ -z $REQUESTED || -n $ONLY ]]; then
    python3 "$ROOT/bench/report.py" --results "$RES" --root "$ROOT" \
        --command "$COMMAND" --duration "$DURATION" --rounds "$ROUNDS" \
        --connections "$CONNECTIONS" --batch-connections "$BATCH_CONNECTIONS" \
        --light-connections "$LIGHT_CONNECTIONS" --dd-mb "$DD_MB" \
        --json "$ROOT/bench/results/latest.json" --markdown "$ROOT/BENCHMARKS.md" \
        ${ONLY:+--only "$ONLY"}
fi
