#!/usr/bin/env python3
"""P5: put-to-invocation latency. Starts `freshet serve` on a temporary data directory,
creates the C++ example consumer (build/runtimes/kinesis-sink-bootstrap) behind an event
source mapping on a one-shard stream, then puts records one at a time, each after the
previous one reached the function. A record's latency runs from the moment boto3 hands the
signed PutRecord to the socket (botocore's before-send event) to the moment the function
starts handling the batch (its own clock, the same machine). Prints one JSON object:
{"p5": {"count", "p50_ms", "p99_ms", "mean_ms", "max_ms"}}.

With --samples FILE, also appends the round's sorted latencies to FILE (bench/pipeline_plots.py
draws their distribution). The helpers that create a C++ consumer behind a mapping are shared
with P7 (pipeline_throughput.py).

Usage: pipeline_latency.py [--records N] [--binary build/freshet] [--samples FILE]
"""
import argparse
import base64
import configparser
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

import boto3
from botocore.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def start_server(binary, data_dir):
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--data-dir", data_dir],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port = None
    for line in proc.stdout:
        m = re.search(r"listening on http://[^:]+:(\d+)", line)
        if m:
            port = int(m.group(1))
        if line.strip() == "Ready.":
            break
    if port is None:
        sys.exit("freshet did not start")
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc, "http://127.0.0.1:%d" % port


def percentile(sorted_values, p):
    i = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values))) - 1))
    return sorted_values[i]


def stop(proc, kill=False):
    if kill:
        proc.kill()
    else:
        proc.terminate()
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def writable_dir():
    """A new folder the server's functions may write in (a sink's file): as root, the server
    runs each function as an OS user of its own, who cannot enter root's 0700 temporary
    folders, the data directory's included."""
    path = tempfile.mkdtemp(prefix="freshet-sink-")
    os.chmod(path, 0o1777)
    return path


def bootstrap_zip(path):
    """A function package holding the executable at `path` as `bootstrap`."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("bootstrap")
        info.external_attr = 0o755 << 16
        with open(path, "rb") as f:
            z.writestr(info, f.read())
    return buf.getvalue()


def create_consumer(iam, lam, name, bootstrap, env):
    """A `provided` function running the executable `bootstrap` with the environment `env`,
    and the role it runs as (which may read any stream, as a mapping needs)."""
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="read", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}]}))
    lam.create_function(FunctionName=name, Runtime="provided.al2023", Role=role,
                        Handler="unused", Code={"ZipFile": bootstrap_zip(bootstrap)},
                        Environment={"Variables": env})


def create_mapping(lam, stream_arn, function, **options):
    """An event source mapping from `stream_arn` to `function`; returns its UUID once it is
    Enabled."""
    m = lam.create_event_source_mapping(EventSourceArn=stream_arn, FunctionName=function,
                                        **options)
    while lam.get_event_source_mapping(UUID=m["UUID"])["State"] != "Enabled":
        time.sleep(0.01)
    return m["UUID"]


def write_samples(path, values):
    """Appends one JSON line {"samples": [...]} (a round's sorted latencies, for the plots)."""
    if path:
        with open(path, "a") as f:
            f.write(json.dumps({"samples": [round(v, 3) for v in values]}) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "freshet"))
    ap.add_argument("--samples", help="append the round's latencies (ms) to this file")
    a = ap.parse_args()
    sink_binary = os.path.join(ROOT, "build", "runtimes", "kinesis-sink-bootstrap")
    tmp, sink_dir = tempfile.mkdtemp(prefix="freshet-p5-"), writable_dir()
    proc, endpoint = start_server(a.binary, tmp)
    try:
        cp = configparser.ConfigParser()
        cp.read(os.path.join(tmp, "credentials"))
        creds = dict(aws_access_key_id=cp["freshet"]["aws_access_key_id"],
                     aws_secret_access_key=cp["freshet"]["aws_secret_access_key"])

        def client(service):
            return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                                config=Config(retries={"max_attempts": 0}), **creds)
        iam, lam, kinesis = client("iam"), client("lambda"), client("kinesis")
        sink = os.path.join(sink_dir, "sink")
        create_consumer(iam, lam, "p5", sink_binary, {"SINK_FILE": sink})
        kinesis.create_stream(StreamName="p5", ShardCount=1)
        arn = kinesis.describe_stream_summary(StreamName="p5")["StreamDescriptionSummary"][
            "StreamARN"]
        create_mapping(lam, arn, "p5", StartingPosition="LATEST", BatchSize=100)

        sent = {}
        current = {}
        kinesis.meta.events.register(
            "before-send.kinesis.PutRecord",
            lambda **kw: current.__setitem__("t", time.time()))
        received = {}
        offset = 0

        def read_sink():
            nonlocal offset
            if not os.path.exists(sink):
                return
            with open(sink) as f:
                f.seek(offset)
                data = f.read()
            complete = data[:data.rfind("\n") + 1]
            offset += len(complete.encode())
            for line in complete.splitlines():
                batch = json.loads(line)
                for r in batch["event"]["Records"]:
                    key = base64.b64decode(r["kinesis"]["data"]).decode()
                    received.setdefault(key, batch["received_us"] / 1e6)

        warmup = 20
        for i in range(warmup + a.records):
            key = "r%d" % i
            kinesis.put_record(StreamName="p5", PartitionKey="k", Data=key.encode())
            sent[key] = current["t"]
            deadline = time.monotonic() + 10
            while key not in received and time.monotonic() < deadline:
                read_sink()
                if key not in received:
                    time.sleep(0.0002)
            if key not in received:
                sys.exit("record %s did not reach the function within 10 s" % key)
        lat = sorted((received["r%d" % i] - sent["r%d" % i]) * 1000.0
                     for i in range(warmup, warmup + a.records))
        write_samples(a.samples, lat)
        print(json.dumps({"p5": {
            "count": len(lat),
            "p50_ms": round(percentile(lat, 50), 3),
            "p99_ms": round(percentile(lat, 99), 3),
            "mean_ms": round(sum(lat) / len(lat), 3),
            "max_ms": round(lat[-1], 3)}}))
    finally:
        stop(proc)
        subprocess.run(["rm", "-rf", tmp, sink_dir])


if __name__ == "__main__":
    main()
