#!/usr/bin/env bash
# Runs the compatibility suite with one generation of the AWS SDK for Python:
#   run.sh debian   Debian's python3-boto3 (1.26) and python3-pytest, under /usr/bin/python3
#   run.sh current  the machine image's python3 and its current boto3 (1.43), with Debian's
#                   pytest appended to its path (the image's Python has no pytest of its own)
set -euo pipefail
cd "$(dirname "$0")"
flavour=${1:?debian or current}
shift
case $flavour in
    debian)
        exec /usr/bin/python3 -m pytest -q -p no:cacheprovider "$@" .
        ;;
    current)
        py=$(PATH=$(echo "$PATH" | tr ':' '\n' | grep -v '^/usr/bin$' | grep -v '^/bin$' | paste -sd:) \
             command -v python3 || true)
        if [[ -z $py ]] || ! "$py" -c 'import boto3' 2>/dev/null; then
            echo "no second Python with boto3 on this machine: only Debian's boto3 was tested"
            exit 0
        fi
        exec "$py" -c 'import sys; sys.path.append("/usr/lib/python3/dist-packages"); import pytest; sys.exit(pytest.main(sys.argv[1:]))' -q -p no:cacheprovider "$@" .
        ;;
esac
