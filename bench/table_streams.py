#!/usr/bin/env python3
"""Table streams: PutItem throughput with the table's stream off and on, in the same run with
the same load generator (issue 14 asks on/off >= 0.7). Starts `freshet serve` on a temporary
data directory and creates two tables: "plain" (no stream) and "streamed" (a
NEW_AND_OLD_IMAGES stream). Every put changes its item (a counter in the item), so that each one
on "streamed" appends a stream record: a put of an identical item would write none.

The requests are signed before the clock starts (a pool of --pool distinct puts per table,
re-sent in a loop: the counter keeps growing because each pass of the pool writes items with
other values), then sent by --connections keep-alive connections spread over --processes forked client
processes (one asyncio loop each), each connection waiting for its answer before the next
request; only 200s count. Measurements alternate
off/on --rounds times; the medians and their ratio are printed as one JSON object:
{"table_streams": {"put_item_off": {"rps": [...], "median": x}, "put_item_on": {...},
"ratio": on/off, ...}}.

With --markdown PATH, the section between <!-- bench:STREAMS --> and <!-- /bench:STREAMS -->
in PATH (BENCHMARKS.md) is replaced by the figures, the command and the machine's load.

Usage: table_streams.py [--binary build/freshet] [--duration 5] [--rounds 3]
                        [--connections 32] [--pool 20000] [--processes 2] [--markdown PATH]
"""
import argparse
import asyncio
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from pipeline_latency import ROOT, start_server
from signed_http import client, root_credentials
from startup import stop

DATA = "x" * 512  # item payload besides the key and counter


def signed_puts(endpoint, creds, table, pool, seed):
    """`pool` PutItem requests as raw HTTP/1.1 bytes, each writing a new value."""
    c = Credentials(creds["aws_access_key_id"], creds["aws_secret_access_key"])
    host = endpoint.split("//", 1)[1]
    out = []
    for i in range(pool):
        body = json.dumps({"TableName": table, "Item": {
            "pk": {"S": "item-%d" % (i % 1000)}, "n": {"N": str(seed * pool + i)},
            "data": {"S": DATA}}}).encode()
        req = AWSRequest(method="POST", url=endpoint + "/", data=body, headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "DynamoDB_20120810.PutItem"})
        botocore.auth.SigV4Auth(c, "dynamodb", "us-east-1").add_auth(req)
        head = "POST / HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n" % (host, len(body))
        for k, v in req.headers.items():
            if k.lower() not in ("host", "content-length"):
                head += "%s: %s\r\n" % (k, v)
        out.append(head.encode() + b"\r\n" + body)
    return out


async def connection(host, port, requests, start, deadline, counts):
    reader, writer = await asyncio.open_connection(host, port)
    i = start
    try:
        while time.monotonic() < deadline:
            writer.write(requests[i % len(requests)])
            i += 7  # connections walk the pool at different offsets
            status = (await reader.readline()).split()[1]
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            counts[status == b"200"] += 1
    finally:
        writer.close()


def measure_one(endpoint, requests, connections, duration, first):
    host, port = endpoint.split("//", 1)[1].split(":")
    counts = {True: 0, False: 0}

    async def run():
        deadline = time.monotonic() + duration
        await asyncio.gather(*(connection(host, int(port), requests, c * 97, deadline, counts)
                               for c in range(first, first + connections)))
    began = time.monotonic()
    asyncio.run(run())
    return counts[True], counts[False], time.monotonic() - began


_POOL = []  # the signed requests, shared with the forked client processes


def _client(args):
    return measure_one(args[0], _POOL, *args[1:])


def measure(endpoint, requests, connections, duration, processes):
    """Puts per second over `processes` client processes (forked: one Python process alone
    cannot keep the server busy)."""
    _POOL[:] = requests
    share = connections // processes
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.map(_client, [(endpoint, share, duration, p * share)
                                     for p in range(processes)])
    failed = sum(r[1] for r in results)
    if failed:
        raise SystemExit("table_streams: %d puts failed" % failed)
    return sum(r[0] for r in results) / max(r[2] for r in results)


def write_markdown(path, out, argv):
    """Replaces the STREAMS section of `path` with this run's figures."""
    begin, end = "<!-- bench:STREAMS -->", "<!-- /bench:STREAMS -->"
    off, on = out["put_item_off"], out["put_item_on"]
    load = os.getloadavg()[0]
    verdict = "met" if out["ratio"] >= 0.7 else "not met"
    section = "\n".join([
        begin,
        "",
        "| | PutItem/s (median) | rounds |",
        "|---|---|---|",
        "| stream off | %.0f | %s |" % (off["median"], ", ".join("%.0f" % v for v in off["rps"])),
        "| stream on (NEW_AND_OLD_IMAGES) | %.0f | %s |" % (
            on["median"], ", ".join("%.0f" % v for v in on["rps"])),
        "",
        "Ratio on/off **%.2f** (issue 14 asks at least 0.7: %s). %d connections over %d client "
        "processes, %g s per measurement, off and on alternating; %s, load average %.1f at the "
        "end." % (out["ratio"], verdict, out["connections"], out["processes"], out["duration_s"],
                  time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), load),
        "",
        "Command: `python3 bench/table_streams.py %s`" % " ".join(argv),
        "",
        end])
    text = open(path).read() if os.path.exists(path) else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = (text.rstrip("\n") + "\n\n## Table streams: PutItem with the stream off and on\n\n"
                + section + "\n")
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=ROOT + "/build/freshet")
    ap.add_argument("--duration", type=float, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--pool", type=int, default=20000)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--markdown", help="BENCHMARKS.md: replace its STREAMS section")
    a = ap.parse_args()
    data_dir = tempfile.mkdtemp(prefix="freshet-bench-streams-")
    proc, endpoint = start_server(a.binary, data_dir)
    try:
        creds = root_credentials(data_dir)
        ddb = client(endpoint, "dynamodb", creds)
        for name, spec in (("plain", {"StreamEnabled": False}), ("streamed", {
                "StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})):
            ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             StreamSpecification=spec)
        results = {"put_item_off": [], "put_item_on": []}
        for r in range(a.rounds):
            for key, table in (("put_item_off", "plain"), ("put_item_on", "streamed")):
                puts = signed_puts(endpoint, creds, table, a.pool, r)
                results[key].append(
                    round(measure(endpoint, puts, a.connections, a.duration, a.processes), 1))
        off = statistics.median(results["put_item_off"])
        on = statistics.median(results["put_item_on"])
        out = {k: {"rps": v, "median": statistics.median(v)} for k, v in results.items()}
        out.update(ratio=round(on / off, 3), duration_s=a.duration, rounds=a.rounds,
                   connections=a.connections, processes=a.processes, view_type="NEW_AND_OLD_IMAGES",
                   item_bytes=len(DATA))
        print(json.dumps({"table_streams": out}))
        if a.markdown:
            argv = [x for x in sys.argv[1:] if not x.startswith("--markdown")
                    and x != a.markdown and x != a.binary and x != "--binary"]
            write_markdown(a.markdown, out, argv)
    finally:
        stop(proc)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
