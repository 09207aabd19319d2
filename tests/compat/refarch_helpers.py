"""Helpers for test_refarch.py: the example in examples/refarch (template, consumer code,
producer and tweet generator), deploying it, reading the table back, what the table must hold,
and a server that restarts on the port it had."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from freshet_server import BINARY, FreshetServer
from mappings_helpers import ROOT, zip_of
from stacks_helpers import ALL_CAPS, failure_reasons, wait_stack

EXAMPLE = os.path.join(ROOT, "examples", "refarch")
PRODUCER_DIR = os.path.join(EXAMPLE, "producer")
PRODUCER = os.path.join(PRODUCER_DIR, "producer.py")
sys.path.insert(0, PRODUCER_DIR)
import tweets  # noqa: E402  (the example's generator: the tests expect what it produces)


def template():
    with open(os.path.join(EXAMPLE, "template.yaml"), encoding="utf-8") as f:
        return f.read()


def consumer_zip():
    """The consumer/ folder as a zip, paths relative to it (what `freshet deploy` uploads)."""
    folder = os.path.join(EXAMPLE, "consumer")
    files = {}
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, folder)] = f.read()
    return zip_of(files)


def deploy(make_client, name, bucket):
    """Uploads the consumer and creates the stack from template.yaml; returns the stack."""
    s3, cfn = make_client("s3"), make_client("cloudformation")
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    s3.put_object(Bucket=bucket, Key="refarch/consumer.zip", Body=consumer_zip())
    cfn.create_stack(StackName=name, TemplateBody=template(), Capabilities=ALL_CAPS,
                     Parameters=[{"ParameterKey": "CodeBucket", "ParameterValue": bucket},
                                 {"ParameterKey": "CodeKey",
                                  "ParameterValue": "refarch/consumer.zip"}])
    stack = wait_stack(cfn, name)
    assert stack["StackStatus"] == "CREATE_COMPLETE", failure_reasons(cfn, name)
    return stack


def resources(cfn, name):
    """Logical id -> physical id of the stack's resources."""
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in
            cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]}


def expected_items(count, seed):
    """The table the handler must build from generate(count, seed): key -> item."""
    out = {}
    for t in tweets.generate(count, seed):
        item = {"Username": t["user"]["name"], "Id": t["id_str"],
                "Timestamp": tweets.iso_timestamp(t["created_at"]), "Message": t["text"]}
        key = (item["Username"], item["Id"])
        assert key not in out, "the generator repeated %r" % (key,)
        out[key] = item
    return out


def scan_all(ddb, table):
    """Every item of the table as plain values (strings, numbers as int), in the order Scan
    returned them."""
    items, kwargs = [], {"TableName": table}
    while True:
        page = ddb.scan(**kwargs)
        items += [{k: v["S"] if "S" in v else int(v["N"]) for k, v in it.items()}
                  for it in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def wait_for_count(ddb, table, count, timeout):
    """Waits until the table holds `count` items; fails (with how many) after `timeout`."""
    deadline = time.monotonic() + timeout
    got = None
    while time.monotonic() < deadline:
        got = ddb.scan(TableName=table, Select="COUNT")["Count"]
        if got >= count:
            return got
        time.sleep(0.2)
    pytest.fail("the table holds %s of %d items after %d s" % (got, count, timeout))


def check_table(ddb, table, expected):
    """Exactly the expected items: none missing, none extra, no key twice, values equal, each
    with an ExpirationTime a day after it was written (the table's time to live)."""
    items = scan_all(ddb, table)
    now = time.time()
    for it in items:
        expires = it.pop("ExpirationTime", None)
        assert isinstance(expires, int), "no ExpirationTime in %r" % (it,)
        assert now - 3600 < expires - 86400 <= now + 60, "ExpirationTime %d is not a day after " \
            "the write (now %d)" % (expires, now)
    keys = [(it["Username"], it["Id"]) for it in items]
    assert len(keys) == len(set(keys)), "a key was returned twice"
    got = dict(zip(keys, items))
    missing = [k for k in expected if k not in got]
    extra = [k for k in got if k not in expected]
    assert not missing and not extra, "%d missing (e.g. %s), %d unexpected (e.g. %s)" % (
        len(missing), missing[:3], len(extra), extra[:3])
    wrong = [(got[k], expected[k]) for k in expected if got[k] != expected[k]]
    assert not wrong, "%d items differ, e.g. got %r, want %r" % (len(wrong), *wrong[0])
    assert len(items) == len(expected)


def stream_tweet_ids(kinesis, stream):
    """The id_str of every tweet in the stream (all shards, from the start), repeats kept."""
    ids = []
    for shard in kinesis.list_shards(StreamName=stream)["Shards"]:
        it = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while it:
            r = kinesis.get_records(ShardIterator=it, Limit=10000)
            ids += [json.loads(x["Data"])["id_str"] for x in r["Records"]]
            if not r["Records"] and r.get("MillisBehindLatest", 0) == 0:
                break
            it = r.get("NextShardIterator")
    return ids


def run_producer(args, env, timeout=120):
    """Runs producer.py with this interpreter; returns (exit code, stderr)."""
    proc = subprocess.run([sys.executable, PRODUCER] + args, env=env, timeout=timeout,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc.returncode, proc.stderr


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FixedPortServer(FreshetServer):
    """A FreshetServer that listens on the same port every time it starts, as a user's server
    on 4566 does, so that clients configured with its endpoint reach it again after a restart.
    (FreshetServer.start always asks for a free port.)"""

    def __init__(self, port, **kwargs):
        super().__init__(**kwargs)
        self.fixed_port = port

    def start(self, timeout=30):
        args = [BINARY, "serve", "--port", str(self.fixed_port), "--data-dir",
                self.data_dir] + self.extra_args
        deadline = time.monotonic() + timeout
        while True:
            self.output = []
            self.proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, env=self.env, text=True)
            ready = threading.Event()

            def pump(proc=self.proc, output=self.output):
                for line in proc.stdout:
                    output.append(line)
                    if line.strip() == "Ready.":
                        ready.set()
                ready.set()

            threading.Thread(target=pump, daemon=True).start()
            ready.wait(max(0.1, deadline - time.monotonic()))
            if self.proc.poll() is None and any(l.strip() == "Ready." for l in self.output):
                self.port = self.fixed_port
                return self
            # The port of a killed server can take a moment to be free again.
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            text = "".join(self.output)
            if time.monotonic() > deadline or not re.search(r"in use|bind", text, re.I):
                raise RuntimeError("freshet did not become ready:\n" + text)
            time.sleep(0.2)
