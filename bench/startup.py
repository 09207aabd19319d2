#!/usr/bin/env python3
"""P10: start-up time. From the moment `freshet serve --port 0` is spawned to the moment its
`Ready.` line is read (pipeline_latency.start_server, timed from the outside):
  - empty: on a new, empty data directory (the first start creates the account and its keys);
  - restart: on a data directory holding --records Kinesis records, after a clean stop;
  - recovery: once, on the same directory right after the server that wrote the records was
    killed with SIGKILL (RocksDB replays its write-ahead log).
The records are written first, once per run, by --connections parallel PutRecords of 500
records of 16 random bytes into one stream of --shards shards, each request signed once and
re-sent (signed_http.py); the last acknowledged record of every shard is read back after the
recovery to check the data is there. Baselines, spawned and waited for the same way: `/bin/true`
and `node -e 0`, both with an empty environment (BARE_ENV). Starts alternate: true, node,
empty, restart, --starts times per round.

Prints one JSON object per round: {"p10": {"round", "records", "shards", "fill_s",
"recovery_ms", "verified", "empty_ms": [...], "restart_ms": [...], "true_ms": [...],
"node_ms": [...]}}.

Usage: startup.py [--records N] [--rounds N] [--starts N] [--binary build/freshet]
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from pipeline_latency import ROOT, start_server, stop
from signed_http import SignedRequest, client, connect, root_credentials

BATCH = 500
DATA_BYTES = 16
NODE = shutil.which("node") or "node"
# Baselines run with nothing in their environment, as Freshet starts functions: Node reads a
# variable such as NODE_EXTRA_CA_CERTS (set on these machines) at start-up, which costs tens of
# milliseconds that a function's Node does not pay.
BARE_ENV = {}


def timed_start(binary, data_dir):
    t = time.perf_counter()
    proc, endpoint = start_server(binary, data_dir)
    return proc, endpoint, (time.perf_counter() - t) * 1000.0


def timed_run(argv):
    """Milliseconds from spawning `argv` (with BARE_ENV) to its exit."""
    t = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=BARE_ENV)
    return (time.perf_counter() - t) * 1000.0


def fill(endpoint, creds, records, shards, connections):
    """Writes `records` records; returns (seconds, {shard: last acknowledged sequence})."""
    kinesis = client(endpoint, "kinesis", creds)
    kinesis.create_stream(StreamName="p10", ShardCount=shards)
    while (kinesis.describe_stream_summary(StreamName="p10")["StreamDescriptionSummary"]
           ["StreamStatus"] != "ACTIVE"):
        time.sleep(0.01)
    left = [records // BATCH]
    lock = threading.Lock()
    last, failures = [], []

    def produce():
        body = json.dumps({"StreamName": "p10", "Records": [
            {"Data": base64.b64encode(os.urandom(DATA_BYTES)).decode(),
             "PartitionKey": os.urandom(8).hex()} for _ in range(BATCH)]})
        req = SignedRequest(creds, "kinesis", "POST", "/", body, {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "Kinesis_20131202.PutRecords"})
        conn, out = connect(endpoint), None
        while True:
            with lock:
                if left[0] == 0 or failures:
                    break
                left[0] -= 1
            status, _, out = req.send(conn)
            if status != 200 or b'"FailedRecordCount":0' not in out:
                failures.append((status, out[:300]))
        if out is not None:
            last.append(json.loads(out)["Records"])
    start = time.monotonic()
    threads = [threading.Thread(target=produce) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    if failures:
        sys.exit("P10 fill: PutRecords failed: %r" % (failures[0],))
    # Every producer's last answer comes after all its earlier ones: the highest sequence
    # number per shard among them is the shard's last acknowledged record.
    newest = {}
    for r in (r for batch in last for r in batch):
        seq = int(r["SequenceNumber"])
        if seq > newest.get(r["ShardId"], -1):
            newest[r["ShardId"]] = seq
    return seconds, newest


def verify(endpoint, creds, newest):
    """True when every shard's last acknowledged record is readable."""
    kinesis = client(endpoint, "kinesis", creds)
    for shard, seq in newest.items():
        it = kinesis.get_shard_iterator(StreamName="p10", ShardId=shard,
                                        ShardIteratorType="AT_SEQUENCE_NUMBER",
                                        StartingSequenceNumber=str(seq))["ShardIterator"]
        got = kinesis.get_records(ShardIterator=it, Limit=1)["Records"]
        if not got or int(got[0]["SequenceNumber"]) != seq:
            return False
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=10_000_000)
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--starts", type=int, default=5, help="starts of each kind per round")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "freshet"))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="freshet-p10-")
    full = os.path.join(tmp, "full")
    os.mkdir(full)
    try:
        proc, endpoint, _ = timed_start(a.binary, full)
        creds = root_credentials(full)
        try:
            fill_s, newest = fill(endpoint, creds, a.records, a.shards, a.connections)
        finally:
            stop(proc, kill=True)  # acknowledged writes are durable: no clean shutdown
        proc, endpoint, recovery_ms = timed_start(a.binary, full)
        verified = verify(endpoint, creds, newest)
        stop(proc)
        for rnd in range(1, a.rounds + 1):
            out = {"round": rnd, "records": a.records // BATCH * BATCH, "shards": a.shards,
                   "fill_s": round(fill_s, 3), "recovery_ms": round(recovery_ms, 3),
                   "verified": verified, "empty_ms": [], "restart_ms": [], "true_ms": [],
                   "node_ms": []}
            for _ in range(a.starts):
                out["true_ms"].append(round(timed_run(["/bin/true"]), 3))
                out["node_ms"].append(round(timed_run([NODE, "-e", "0"]), 3))
                empty = tempfile.mkdtemp(dir=tmp)
                proc, _, ms = timed_start(a.binary, empty)
                stop(proc)
                shutil.rmtree(empty)
                out["empty_ms"].append(round(ms, 3))
                proc, _, ms = timed_start(a.binary, full)
                stop(proc)
                out["restart_ms"].append(round(ms, 3))
            print(json.dumps({"p10": out}), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
