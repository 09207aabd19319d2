#!/usr/bin/env bash
# Instructions per signed request, counted by callgrind: a run under load minus a run without,
# divided by the requests served. Unlike a timing, the figure does not move with the load of a
# shared machine, so it shows what a change to the request path costs or saves.
# Usage: [WORKLOAD=kinesis-put-record] [LOADGEN=path/to/freshet-loadgen] bench/instructions.sh [path/to/freshet]
# WORKLOAD is any freshet-loadgen workload (default sts-get-caller-identity); the streams and
# tables the workloads use are created first (bench/setup.py), in both runs.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/freshet}; LG=${LOADGEN:-$ROOT/build/bench/freshet-loadgen}
run() {  # $1 = load seconds (0 = none); prints total Ir and requests
  d=$(mktemp -d); out=$(mktemp -d)
  valgrind --tool=callgrind --callgrind-out-file=$out/cg.out $BIN serve --port 0 --data-dir $d --threads 1 > $out/serve.log 2>&1 &
  vpid=$!
  for i in $(seq 1 200); do grep -q "^Ready." $out/serve.log && break; sleep 0.2; done
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' $out/serve.log | grep -o '[0-9]*$')
  python3 $ROOT/bench/setup.py --endpoint http://127.0.0.1:$port --credentials-file $d/credentials \
    --kinesis --dynamodb --items 4 >/dev/null
  reqs=0
  if [ "$1" != 0 ]; then
    reqs=$($LG --url http://127.0.0.1:$port --connections 4 --duration $1 --warmup 0 --workload ${WORKLOAD:-sts-get-caller-identity} --credentials-file $d/credentials 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')
  fi
  kill -TERM $vpid; wait $vpid 2>/dev/null
  ir=$(grep -E '^summary:|^totals:' $out/cg.out | head -1 | awk '{print $2}')
  echo "$ir $reqs"
}
read ir0 r0 < <(run 0)
read ir1 r1 < <(run 8)
python3 -c "print('requests', $r1, 'instructions/request', round(($ir1-$ir0)/$r1))"
