#!/usr/bin/env python3
"""P12: Node.js function cold start and warm invocation overhead. Starts `freshet serve` on a
temporary data directory, creates a role Lambda may assume and Node.js functions (nodejs20.x,
Code.ZipFile of `exports.handler = async () => 1`), and times synchronous Invokes
(RequestResponse) over one keep-alive http.client connection with requests signed once by
botocore (signed_http.py), from before the request is written to after the answer is read:
  - cold: the first Invoke of each of --cold freshly created functions, alternating with
    `node -e 0` spawned and waited for with an empty environment, as Freshet starts functions
    (startup.timed_run; the baseline: bare Node start-up, same run);
  - warm: --warm sequential Invokes of a warm function, alternating in blocks of 50 with as
    many Lambda GetAccountSettings (GET /2016-08-19/account-settings/, the baseline: a trivial
    signed request to the same server over the same connection).
A function created and invoked first, untimed, warms the server's paths. The REPORT lines
(Init Duration, Duration) are read back from CloudWatch Logs afterwards.

Prints one JSON object: {"p12": {"node_ms": [...], "cold_ms": [...], "cold_init_ms": [...],
"warm_us": {...}, "baseline_us": {...}, "warm_report_ms"}}, latencies as p50/p90/p99/mean.

Usage: function_start.py [--cold N] [--warm N] [--binary build/freshet]
"""
import argparse
import io
import json
import os
import re
import shutil
import statistics
import tempfile
import time
import zipfile

from pipeline_latency import ROOT, TRUST, percentile, start_server
from signed_http import SignedRequest, client, connect, root_credentials
from startup import NODE, stop, timed_run

HANDLER = b"exports.handler = async () => 1;\n"
BLOCK = 50


def node_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.js", HANDLER)
    return buf.getvalue()


def create_role(iam, name):
    return iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]


def create_node_function(lam, name, role, code):
    lam.create_function(FunctionName=name, Runtime="nodejs20.x", Role=role,
                        Handler="index.handler", Code={"ZipFile": code})


def invoke_request(creds, name):
    return SignedRequest(creds, "lambda", "POST",
                         "/2015-03-31/functions/%s/invocations" % name, b"{}")


def timed(req, conn, expect=None):
    """Microseconds for one request; exits on a non-200 or unexpected answer."""
    t = time.perf_counter()
    status, headers, body = req.send(conn)
    us = (time.perf_counter() - t) * 1e6
    if status != 200 or headers.get("X-Amz-Function-Error") or (expect and body != expect):
        raise SystemExit("P12: %s %s answered %d %r" % (req.method, req.path, status, body[:300]))
    return us


def summary(values):
    s = sorted(values)
    return {"count": len(s), "p50": round(percentile(s, 50), 3),
            "p90": round(percentile(s, 90), 3), "p99": round(percentile(s, 99), 3),
            "mean": round(statistics.mean(s), 3)}


def reports(logs, name):
    """The REPORT lines' fields of a function's invocations, from CloudWatch Logs."""
    out = []
    kw = {"logGroupName": "/aws/lambda/" + name, "filterPattern": "REPORT"}
    while True:
        page = logs.filter_log_events(**kw)
        for e in page["events"]:
            fields = dict(re.findall(r"([A-Za-z ]+): ([\d.]+) ms", e["message"]))
            out.append({k.strip(): float(v) for k, v in fields.items()})
        if not page.get("nextToken"):
            return out
        kw["nextToken"] = page["nextToken"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cold", type=int, default=10, help="fresh functions invoked once")
    ap.add_argument("--warm", type=int, default=1000, help="warm invocations (and baselines)")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "freshet"))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="freshet-p12-")
    proc, endpoint = start_server(a.binary, tmp)
    try:
        creds = root_credentials(tmp)
        lam, logs = client(endpoint, "lambda", creds), client(endpoint, "logs", creds)
        role, code = create_role(client(endpoint, "iam", creds), "p12"), node_zip()
        conn = connect(endpoint)
        create_node_function(lam, "p12-warm", role, code)
        warm = invoke_request(creds, "p12-warm")
        settings = SignedRequest(creds, "lambda", "GET", "/2016-08-19/account-settings/")
        for _ in range(BLOCK):  # untimed: the first (cold) invocation and the paths' warm-up
            timed(warm, conn, b"1")
            timed(settings, conn)

        node_ms, cold_ms = [], []
        for i in range(a.cold):
            node_ms.append(timed_run([NODE, "-e", "0"]))
            name = "p12-cold-%d" % i
            create_node_function(lam, name, role, code)
            req = invoke_request(creds, name)
            req.sign(conn)
            cold_ms.append(timed(req, conn, b"1") / 1000.0)

        warm_us, base_us = [], []
        while len(warm_us) < a.warm:
            warm_us += [timed(warm, conn, b"1") for _ in range(BLOCK)]
            base_us += [timed(settings, conn) for _ in range(BLOCK)]

        cold_reports = [reports(logs, "p12-cold-%d" % i) for i in range(a.cold)]
        warm_reports = reports(logs, "p12-warm")[BLOCK:]  # the timed ones
        print(json.dumps({"p12": {
            "node_ms": [round(x, 3) for x in node_ms],
            "cold_ms": [round(x, 3) for x in cold_ms],
            "cold_init_ms": [r[0].get("Init Duration") if r else None for r in cold_reports],
            "cold_duration_ms": [r[0].get("Duration") if r else None for r in cold_reports],
            "warm_us": summary(warm_us),
            "baseline_us": summary(base_us),
            "warm_report_ms": (statistics.median(r["Duration"] for r in warm_reports)
                               if warm_reports else None)}}))
    finally:
        stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
