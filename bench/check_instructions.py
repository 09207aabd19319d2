#!/usr/bin/env python3
"""`make bench-check`: the server's instructions per request (callgrind, bench/instructions.sh)
for the workloads recorded in bench/instructions.json, compared with the recorded counts.
Fails when one grew by more than 10%. Instruction counts do not move with the load of a shared
machine, so the check is meaningful where timings are not.

Usage: bench/check_instructions.py [--update] [--binary build/freshet]
  --update  records the counts measured now (after a change that is meant to cost more, or
            that saved instructions), instead of checking them."""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECORD = os.path.join(ROOT, "bench", "instructions.json")
LIMIT = 1.10


def measure(workload, binary):
    env = dict(os.environ, WORKLOAD=workload)
    out = subprocess.run([os.path.join(ROOT, "bench", "instructions.sh"), binary], env=env,
                         capture_output=True, text=True, timeout=600).stdout
    m = re.search(r"instructions/request (\d+)", out)
    if not m:
        sys.exit("bench/instructions.sh gave no figure for %s:\n%s" % (workload, out))
    return int(m.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "freshet"))
    args = ap.parse_args()
    with open(RECORD) as f:
        record = json.load(f)
    failed = []
    for workload, recorded in record["instructions_per_request"].items():
        now = measure(workload, args.binary)
        ratio = now / recorded
        verdict = ("recorded" if args.update else
                   "ok" if ratio <= LIMIT else "GREW by more than 10%")
        print("%-28s recorded %9d  now %9d  %.3fx  %s" % (workload, recorded, now, ratio,
                                                          verdict))
        if args.update:
            record["instructions_per_request"][workload] = now
        elif ratio > LIMIT:
            failed.append(workload)
    if args.update:
        with open(RECORD, "w") as f:
            json.dump(record, f, indent=2)
            f.write("\n")
        print("recorded in", os.path.relpath(RECORD, ROOT))
    elif failed:
        sys.exit("instructions per request grew past %.0f%% for: %s"
                 % ((LIMIT - 1) * 100, ", ".join(failed)))


if __name__ == "__main__":
    main()
