#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 10: the smoke run of `make test`; `make fuzz`
# passes 300). New inputs go to a scratch corpus, so the repository's seeds stay small; a crash
# leaves its input in build-fuzz/crashes/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
mkdir -p build-fuzz/crashes
status=0
for target in sigv4_parse_fuzz query_protocol_fuzz json_validate_fuzz rest_json_fuzz \
              http_request_fuzz h2_session_fuzz template_fuzz; do
    name=${target%_fuzz}
    scratch=build-fuzz/corpus/$name
    mkdir -p "$scratch"
    log=build-fuzz/$target.log
    if ! build-fuzz/fuzz/$target -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
            -artifact_prefix=build-fuzz/crashes/$name- "$scratch" "fuzz/corpus/$name" \
            >"$log" 2>&1; then
        echo "fuzz: $target FAILED (input in build-fuzz/crashes/, log in $log)"
        tail -30 "$log"
        status=1
    else
        runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' || echo "?")
        echo "fuzz: $target ok, $runs executions in ${seconds}s"
    fi
done
exit $status
