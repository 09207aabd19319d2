#!/usr/bin/env bash
# Fails when a tracked C++ file is not formatted by the repository's .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.h' '*.cc' 2>/dev/null || true)
[[ -z $files ]] && exit 0
bad=$(echo "$files" | xargs clang-format --dry-run 2>&1 | grep -E '^[^ ].*: warning' | cut -d: -f1 | sort -u || true)
if [[ -n $bad ]]; then
    echo "format: these files need clang-format (run 'make format'):"
    echo "$bad"
    exit 1
fi
echo "format: ok"
