#!/usr/bin/env python3
"""P11: idle resident memory. Starts `freshet serve` on a temporary data directory and reads
the server process's own VmRSS (/proc/<pid>/status; the functions' processes are its children
and are not counted) after --settle seconds without requests, three times:
  - empty: as started (the baseline);
  - created: after creating 10 streams of one shard, 10 tables (on-demand, one hash key) and
    10 Node.js functions (nodejs20.x, Code.ZipFile of a trivial handler, a role Lambda may
    assume), all ACTIVE;
  - invoked: after one synchronous Invoke of each function (10 warm environments kept).

Prints one JSON object: {"p11": {"settle_s", "<state>": {"rss_kib", "anon_kib", "file_kib",
"threads"} for each state}}.

Usage: idle_memory.py [--count 10] [--settle 3] [--binary build/freshet]
"""
import argparse
import json
import os
import shutil
import tempfile
import time

from function_start import create_node_function, create_role, node_zip
from pipeline_latency import ROOT, start_server
from signed_http import client, root_credentials, status_kib
from startup import stop


def measure(pid, settle):
    time.sleep(settle)
    return {"rss_kib": status_kib(pid, "VmRSS"), "anon_kib": status_kib(pid, "RssAnon"),
            "file_kib": status_kib(pid, "RssFile"), "hwm_kib": status_kib(pid, "VmHWM"),
            "threads": len(os.listdir("/proc/%d/task" % pid))}


def wait_active(what, check, timeout=60):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit("P11: %s not ACTIVE after %d s" % (what, timeout))
        time.sleep(0.05)


def create(endpoint, creds, count):
    kinesis, ddb = client(endpoint, "kinesis", creds), client(endpoint, "dynamodb", creds)
    lam = client(endpoint, "lambda", creds)
    role, code = create_role(client(endpoint, "iam", creds), "p11"), node_zip()
    for i in range(count):
        kinesis.create_stream(StreamName="p11-%d" % i, ShardCount=1)
        ddb.create_table(TableName="p11-%d" % i, BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        create_node_function(lam, "p11-%d" % i, role, code)
    for i in range(count):
        name = "p11-%d" % i
        wait_active("stream " + name, lambda: kinesis.describe_stream_summary(StreamName=name)
                    ["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE")
        wait_active("table " + name, lambda: ddb.describe_table(TableName=name)
                    ["Table"]["TableStatus"] == "ACTIVE")
        wait_active("function " + name, lambda: lam.get_function_configuration(
            FunctionName=name)["State"] == "Active")
    return lam


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--settle", type=float, default=3)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "freshet"))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="freshet-p11-")
    proc, endpoint = start_server(a.binary, tmp)
    try:
        out = {"settle_s": a.settle, "count": a.count, "empty": measure(proc.pid, a.settle)}
        lam = create(endpoint, root_credentials(tmp), a.count)
        out["created"] = measure(proc.pid, a.settle)
        for i in range(a.count):
            r = lam.invoke(FunctionName="p11-%d" % i, Payload=b"{}")
            if r["StatusCode"] != 200 or "FunctionError" in r or r["Payload"].read() != b"1":
                raise SystemExit("P11: invoking p11-%d failed: %r" % (i, r))
        out["invoked"] = measure(proc.pid, a.settle)
        print(json.dumps({"p11": out}))
    finally:
        stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
