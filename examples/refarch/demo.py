#!/usr/bin/env python3
"""The reference architecture live: `make demo` runs this.

Starts `freshet serve` on ./freshet-data (or uses the server already listening on the port),
deploys examples/refarch as the stack `refarch` (kept between runs, so running again reuses
the data), and puts generated tweets with the stack's client keys at a steady rate while it
shows, every second: tweets put, tweets in the table, end-to-end latency (put to item visible,
p50/p99 over the last sampled tweets), the function's invocations and errors. Ctrl-C stops the
producer and the server it started.

    demo.py [COUNT] [--rate N] [--port P] [--data-dir D]

With COUNT, it puts that many tweets and exits once every one is in the table.
"""
import argparse
import configparser
import datetime
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile

import boto3
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "producer"))
import producer as tweet_producer  # noqa: E402
import tweets  # noqa: E402

STACK = "refarch"
BUCKET = "freshet-demo-code"



def table_count(ddb, table):
    """Items in the table: Scan with Select COUNT, every page (a page stops at 1 MB)."""
    total, start = 0, None
    while True:
        page = ddb.scan(TableName=table, Select="COUNT",
                        **({"ExclusiveStartKey": start} if start else {}))
        total += page["Count"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return total

def parse_args():
    ap = argparse.ArgumentParser(description="Freshet's reference-architecture demo")
    ap.add_argument("count", nargs="?", type=int, default=0,
                    help="tweets to put, then exit when all are in the table (0: until Ctrl-C)")
    ap.add_argument("--rate", type=float, default=50.0, help="tweets per second (default 50)")
    ap.add_argument("--port", type=int, default=4566)
    ap.add_argument("--data-dir", default=os.path.join(os.getcwd(), "freshet-data"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "freshet"))
    return ap.parse_args()


def healthy(endpoint):
    try:
        with urllib.request.urlopen(endpoint + "/_freshet/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


def start_server(a, endpoint):
    """The server on the port, started here unless one already answers (None then)."""
    if healthy(endpoint):
        print("Using the Freshet server already listening on %s" % endpoint)
        print("Console: %s/_console/ (sign in with the keys in its data directory's "
              "credentials file)" % endpoint)
        return None
    os.makedirs(a.data_dir, exist_ok=True)
    log = open(os.path.join(a.data_dir, "demo-server.log"), "a")
    start = log.tell()
    proc = subprocess.Popen([a.binary, "serve", "--port", str(a.port), "--data-dir",
                             a.data_dir], stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.monotonic() + 30
    while not healthy(endpoint):
        if proc.poll() is not None or time.monotonic() > deadline:
            sys.exit("freshet did not start: see %s" % log.name)
        time.sleep(0.05)
    print("Started freshet serve on %s (data in %s, log in %s)" % (endpoint, a.data_dir,
                                                                   log.name))
    print(console_link(log.name, start) or "Console: %s/_console/" % endpoint)
    return proc


def console_link(log_path, offset, timeout=5):
    """The server's one-time sign-in link for the console, from what it printed before
    "Ready." (its output reaches the log when it flushes, just after it starts answering)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            f.seek(offset)
            lines = f.read().splitlines()
        if "Ready." in lines:
            return next((l for l in lines if l.startswith("Console: ")), None)
        time.sleep(0.05)
    return None


def root_client(a, endpoint):
    cp = configparser.ConfigParser()
    cp.read(os.path.join(a.data_dir, "credentials"))
    creds = dict(aws_access_key_id=cp["freshet"]["aws_access_key_id"],
                 aws_secret_access_key=cp["freshet"]["aws_secret_access_key"])
    return lambda service: boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                                        config=Config(retries={"max_attempts": 2}), **creds)


def consumer_zip():
    buf = io.BytesIO()
    folder = os.path.join(HERE, "consumer")
    with zipfile.ZipFile(buf, "w") as z:
        for base, _, names in os.walk(folder):
            for name in sorted(names):
                path = os.path.join(base, name)
                z.write(path, os.path.relpath(path, folder))
    return buf.getvalue()


def deploy(client):
    """The stack's outputs; deploys it first unless it already exists."""
    cfn = client("cloudformation")
    try:
        stack = cfn.describe_stacks(StackName=STACK)["Stacks"][0]
    except cfn.exceptions.ClientError:
        stack = None
    if stack is None or stack["StackStatus"] not in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        if stack is not None:
            cfn.delete_stack(StackName=STACK)
            wait(cfn, stack["StackId"])
        s3 = client("s3")
        try:
            s3.create_bucket(Bucket=BUCKET)
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass
        s3.put_object(Bucket=BUCKET, Key="consumer.zip", Body=consumer_zip())
        with open(os.path.join(HERE, "template.yaml")) as f:
            body = f.read()
        print("Deploying the stack %s (examples/refarch/template.yaml)..." % STACK)
        stack_id = cfn.create_stack(
            StackName=STACK, TemplateBody=body,
            Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
            Parameters=[{"ParameterKey": "CodeBucket", "ParameterValue": BUCKET},
                        {"ParameterKey": "CodeKey", "ParameterValue": "consumer.zip"}])["StackId"]
        stack = wait(cfn, stack_id)
        if stack["StackStatus"] != "CREATE_COMPLETE":
            sys.exit("the stack did not deploy: %s %s" % (stack["StackStatus"],
                                                         stack.get("StackStatusReason", "")))
    return {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}


def wait(cfn, stack_id):
    while True:
        stack = cfn.describe_stacks(StackName=stack_id)["Stacks"][0]
        if not stack["StackStatus"].endswith("IN_PROGRESS"):
            return stack
        time.sleep(0.1)


class Latency:
    """Samples one tweet in ten: polls GetItem until it is in the table."""

    def __init__(self, ddb, table):
        self.ddb, self.table = ddb, table
        self.lock = threading.Lock()
        self.samples = []

    def watch(self, tweet, sent):
        def run():
            key = {"Username": {"S": tweet["user"]["name"]}, "Id": {"S": tweet["id_str"]}}
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if "Item" in self.ddb.get_item(TableName=self.table, Key=key):
                    with self.lock:
                        self.samples = (self.samples + [(time.time() - sent) * 1000])[-500:]
                    return
                time.sleep(0.002)
        threading.Thread(target=run, daemon=True).start()

    def percentiles(self):
        with self.lock:
            s = sorted(self.samples)
        if not s:
            return "-", "-"
        pick = lambda p: s[min(len(s) - 1, int(p / 100.0 * len(s)))]  # noqa: E731
        return "%.1f" % pick(50), "%.1f" % pick(99)


def function_counters(endpoint, data_dir):
    """Invocations of the stack's function by its mapping, and those that failed and were
    retried, from GET /metrics."""
    try:
        with open(os.path.join(data_dir, "metrics-token")) as f:
            token = f.read().strip()
        req = urllib.request.Request(endpoint + "/metrics",
                                     headers={"Authorization": "Bearer " + token})
        text = urllib.request.urlopen(req, timeout=2).read().decode()
    except OSError:
        return "-", "-"
    invocations = errors = 0
    for line in text.splitlines():
        if "DDBEventProcessor" not in line or line.startswith("#"):
            continue
        value = float(line.rsplit(" ", 1)[1])
        if line.startswith("freshet_mapping_invocations_total"):
            invocations += value
        elif line.startswith("freshet_mapping_retries_total"):
            errors += value
    return "%d" % invocations, "%d" % errors


def main():
    a = parse_args()
    endpoint = "http://127.0.0.1:%d" % a.port
    server = start_server(a, endpoint)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        client = root_client(a, endpoint)
        out = deploy(client)
        table = STACK + "-EventData"
        ddb = client("dynamodb")
        function = [r["PhysicalResourceId"] for r in client("cloudformation").
                    describe_stack_resources(StackName=STACK)["StackResources"]
                    if r["LogicalResourceId"] == "DDBEventProcessor"][0]
        print(explore(endpoint, table, function))
        latency = Latency(ddb, table)
        baseline = table_count(ddb, table)  # from earlier runs
        producer = tweet_producer.Producer(out["KinesisStream"], out["AccessKeyId"],
                                           out["SecretAccessKey"], out["Region"], endpoint)
        kinesis = producer.client()
        now = datetime.datetime.now(datetime.timezone.utc)
        generated = tweets.generate(a.count or None, seed=int(now.timestamp()), start=now)
        counted = threading.Thread(target=show, daemon=True,
                                   args=(a, endpoint, producer, ddb, table, latency, stop))
        counted.start()
        put_at_rate(a, kinesis, out["KinesisStream"], generated, producer, latency, stop)
        if a.count:
            print("\nPut %d tweets; waiting for them in the table..." % producer.acknowledged)
            wait_table(ddb, table, baseline + producer.acknowledged, stop)
        stop.wait()
    finally:
        stop.set()
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(60)
            print("\nStopped the server; run `make demo` again to continue with the same data.")


def put_at_rate(a, kinesis, stream, generated, producer, latency, stop):
    interval = 1.0 / a.rate if a.rate > 0 else 0
    next_at = time.monotonic()
    for i, tweet in enumerate(generated):
        if stop.is_set():
            return
        sent = time.time()
        kinesis.put_record(StreamName=stream, Data=json.dumps(tweet),
                           PartitionKey=tweet["user"]["screen_name"])
        producer._count(acknowledged=1)
        if i % 10 == 0:
            latency.watch(tweet, sent)
        next_at += interval
        delay = next_at - time.monotonic()
        if delay > 0:
            stop.wait(delay)


def wait_table(ddb, table, expected, stop):
    """Waits until the table holds `expected` items (tweets of earlier runs included)."""
    while not stop.is_set():
        if table_count(ddb, table) >= expected:
            print("\nEvery tweet is in the table (%d items)." % expected)
            stop.set()
            return
        time.sleep(0.2)


def show(a, endpoint, producer, ddb, table, latency, stop):
    while not stop.wait(1.0):
        in_table = table_count(ddb, table)
        p50, p99 = latency.percentiles()
        invocations, errors = function_counters(endpoint, a.data_dir)
        line = ("put %d tweets | in table %d | latency p50 %s ms p99 %s ms | "
                "invocations %s failed %s" % (producer.acknowledged, in_table, p50, p99,
                                               invocations, errors))
        sys.stdout.write("\r" + line + "\x1b[K" if sys.stdout.isatty() else line + "\n")
        sys.stdout.flush()


def explore(endpoint, table, function):
    return "\n".join([
        "",
        "Explore while it runs (another terminal, at the repository's root):",
        "  build/freshet credentials --install-profile",
        "  build/freshet scan %s | head" % table,
        "  aws --profile freshet --endpoint-url %s dynamodb scan --table-name %s --max-items 3"
        % (endpoint, table),
        "  build/freshet logs %s   # the function's output" % function,
        "  build/freshet outputs %s" % STACK,
        "Clean up: build/freshet delete %s (or remove ./freshet-data)" % STACK,
        "Ctrl-C stops the demo.",
        ""])


if __name__ == "__main__":
    main()
