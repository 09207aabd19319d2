#!/usr/bin/env bash
# Installs everything Freshet needs to build, test and benchmark, from Debian packages and
# npm only. Idempotent: it asks apt for nothing when every package is already installed,
# and runs `apt-get update` only when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    # build
    build-essential cmake ninja-build ccache pkg-config clang clang-format libclang-rt-14-dev
    libboost1.81-dev libboost-json1.81-dev librocksdb-dev libssl-dev libyaml-cpp-dev
    libcli11-dev libspdlog-dev libfmt-dev libpcre2-dev libnghttp2-dev libexpat1-dev libzip-dev zip libgtest-dev libgmock-dev
    # models for the generated shapes, and the real AWS clients the tests use
    python3-botocore python3-boto3 python3-pytest awscli
    # benchmarks: the HTTP ceiling, the load generator's peer, and callgrind for make bench-check
    nginx wrk valgrind
    # the console's browser tests (playwright-core drives chromium; firefox-esr through
    # WebDriver BiDi) and the metrics linter
    chromium firefox-esr prometheus
    # a server clock moved forward, for the expiry of temporary credentials end to end
    libfaketime
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
# Node.js and npm: the machine's own when present (the image ships them), Debian's otherwise.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    missing+=(nodejs npm)
fi

if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}"
fi

# npm packages for the JavaScript SDK tests and the peers in the benchmarks; installed from the
# lock file, and only when it changed since the last install.
if [[ -f package.json ]]; then
    stamp=node_modules/.freshet-lock-stamp
    if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
        npm ci --no-audit --no-fund --loglevel=error
        cp package-lock.json "$stamp"
    fi
fi
